"""The one question every form asks before closing over what the user typed: save, discard or stay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.i18n import tr


def may_close(parent: QWidget, question: str, save: Callable[[], bool]) -> bool | None:
    """Asks ``question`` (already translated). True: saved, go on; None: discard and go on;
    False: stay (Cancel, or the save was refused and its reason shown)."""
    answer = QMessageBox.question(parent, tr("Auyl Office"), question,
                                  QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                  | QMessageBox.StandardButton.Cancel)
    if answer == QMessageBox.StandardButton.Discard:
        return None
    return answer == QMessageBox.StandardButton.Save and save()


def close_asking(form: QDialog, event, question: str) -> None:
    """A modal form's closeEvent when it keeps a draft (``form.keeper``): asks ``question`` over unsaved
    typing, then drops the draft, and leaves the dialog Rejected unless it was saved. A form off the
    screen (saved, or never shown) has no typing to ask about."""
    if form.isVisible():
        if form.has_unsaved_changes() and may_close(form, question, form.save) is False:
            event.ignore()
            return
        form.keeper.discard()
    event.accept()
    if form.result() != QDialog.DialogCode.Accepted:
        form.done(QDialog.DialogCode.Rejected)
