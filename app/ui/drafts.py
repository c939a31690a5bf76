"""A form's unsaved typing kept as a draft every few seconds (app.services.drafts), and the start's offer
to bring back what a crash or a power cut left behind."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.errors import DomainError
from app.i18n import format_datetime, tr
from app.services import drafts
from app.ui.dates import EMPTY_DATE, date_of
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


def typed_values(inputs: dict[str, QWidget]) -> dict:
    """What a form's fields hold, as plain JSON data for a draft. A password field is left out: a
    password never goes into the drafts file."""
    return {name: _value(widget) for name, widget in inputs.items()
            if not (isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal)}


def _value(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentData()
    if isinstance(widget, QDateEdit):  # before QDateTimeEdit, which it is a kind of
        day = date_of(widget)
        return day.isoformat() if day else None
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toPython().isoformat()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    raise TypeError(f"No draft value for a {type(widget).__name__}")


def retype(inputs: dict[str, QWidget], values: dict) -> None:
    """Puts a draft's values back into the form's fields, in the fields' order (a choice that fills
    another, as a village its streets, comes before it). A choice no longer offered is left as it is."""
    for name, widget in inputs.items():
        if name not in values:
            continue
        value = values[name]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox) and widget.isEditable():
            widget.setEditText(value)
        elif isinstance(widget, QComboBox):
            # Compared in Python: findData does not match an item whose data is None.
            index = next((row for row in range(widget.count()) if widget.itemData(row) == value), -1)
            if index >= 0:
                widget.setCurrentIndex(index)
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(date.fromisoformat(value)) if value else EMPTY_DATE)
        elif isinstance(widget, QDateTimeEdit):
            widget.setDateTime(QDateTime(datetime.fromisoformat(value)))
        elif isinstance(widget, QSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QAbstractButton):
            widget.setChecked(value)


def _reopeners() -> dict[str, Callable[[drafts.Draft, QWidget | None], object]]:
    """How each kind of draft reopens its form, modal over the window, with the typing back."""
    # Imported here: the forms import this module.
    from app.ui.appeal_dialog import AppealDialog
    from app.ui.decision_dialog import DecisionDialog
    from app.ui.donors_dialog import DonorForm
    from app.ui.event_dialog import EventDialog
    from app.ui.grant_editor import GrantEditor
    from app.ui.grant_money_panels import DeadlineForm, ExpenseForm, TrancheForm
    from app.ui.local_issue_dialog import LocalIssueDialog
    from app.ui.meeting_editor import MeetingEditor, ask_amendment
    from app.ui.member_dialog import MemberDialog, ask_consent
    from app.ui.users_panel import UserDialog

    return {
        "member": lambda draft, parent: MemberDialog(draft.key, parent=parent, draft=draft).exec(),
        "appeal": lambda draft, parent: AppealDialog(draft.key, parent=parent, draft=draft).exec(),
        "issue": lambda draft, parent: LocalIssueDialog(draft.key, parent=parent, draft=draft).exec(),
        "meeting": lambda draft, parent: MeetingEditor(draft.key, parent=parent, draft=draft).exec(),
        "decision": lambda draft, parent: DecisionDialog(draft.key, draft.values["label"], parent=parent,
                                                         draft=draft).exec(),
        "event": lambda draft, parent: EventDialog(draft.key, parent=parent, draft=draft).exec(),
        "grant": lambda draft, parent: GrantEditor(draft.key, parent=parent, draft=draft).exec(),
        "donor": lambda draft, parent: DonorForm.reopen(draft, parent).exec(),
        "user": lambda draft, parent: UserDialog.reopen(draft, parent).exec(),
        "tranche": lambda draft, parent: TrancheForm.reopen(draft, parent).exec(),
        "expense": lambda draft, parent: ExpenseForm.reopen(draft, parent).exec(),
        "deadline": lambda draft, parent: DeadlineForm.reopen(draft, parent).exec(),
        "consent": lambda draft, parent: ask_consent(parent, draft.key, draft),
        "amendment": lambda draft, parent: ask_amendment(parent, draft.key, draft),
    }


def offer(parent: QWidget | None) -> None:
    """At the start: each draft a crash left behind is offered back, its form reopened with the typing.
    Cancel keeps it for the next start."""
    left = drafts.drafts()
    if not left:
        return
    reopeners = _reopeners()
    for draft in left:
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
