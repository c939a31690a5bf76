"""A form's unsaved typing kept as a draft every few seconds (app.services.drafts), and the start's offer
to bring back what a crash or a power cut left behind."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import DomainError
from app.i18n import format_datetime, tr
from app.services import drafts
from app.ui.errors import show_error

log = logging.getLogger(__name__)

INTERVAL_MS = 5000


class DraftKeeper(QObject):
    """Keeps what ``typed()`` returns (plain JSON data, or None when nothing differs from the record) as
    the form's draft, whenever it changed since the last one kept. ``key()`` is the form's record id
    (None for a new one); ``title()`` says whose typing it is, for the start's offer."""

    def __init__(self, form: QWidget, kind: str, key: Callable[[], int | None], typed: Callable[[], dict | None],
                 title: Callable[[], str], draft: drafts.Draft | None = None):
        super().__init__(form)
        self.form, self.kind, self.key, self.typed, self.title = form, kind, key, typed, title
        self.draft_id = draft.id if draft else None  # a restored form goes on keeping the same draft
        self.kept = draft.values if draft else None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.keep)
        self.timer.start()

    def keep(self) -> None:
        if not self.form.isVisible():  # saved and closed, or not yet shown: nothing is being typed
            return
        values = self.typed()
        if values == self.kept:
            return
        try:
            if values is None:
                self.discard()
                return
            self.draft_id = drafts.save(self.kind, self.key(), values, self.title(), self.draft_id)
        except OSError as error:  # a full disk: the form itself goes on; the next tick tries again
            log.warning("A draft could not be written: %s", error.strerror)
            return
        self.kept = values

    def discard(self) -> None:
        """The typing was saved, or deliberately thrown away: its draft goes."""
        if self.draft_id is not None:
            drafts.discard(self.draft_id)
        self.draft_id, self.kept = None, None


def _reopeners() -> dict[str, Callable[[drafts.Draft, QWidget | None], object]]:
    from app.ui.member_dialog import MemberDialog  # here: the forms import this module

    return {"member": lambda draft, parent: MemberDialog(draft.key, parent=parent, draft=draft).exec()}


def offer(parent: QWidget | None) -> None:
    """At the start: each draft a crash left behind is offered back, its form reopened with the typing.
    Cancel keeps it for the next start."""
    reopeners = _reopeners()
    for draft in drafts.drafts():
        reopen = reopeners.get(draft.kind)
        if reopen is None:
            continue
        answer = QMessageBox.question(
            parent, tr("Auyl Office"),
            tr("You have unsaved typing from {when}: {what}. Restore it?",
               when=format_datetime(draft.saved_at), what=draft.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            drafts.discard(draft.id)
        elif answer == QMessageBox.StandardButton.Yes:
            try:
                reopen(draft, parent)
            except DomainError as error:  # its record is gone meanwhile (erased, deleted)
                show_error(parent, error)
                drafts.discard(draft.id)
