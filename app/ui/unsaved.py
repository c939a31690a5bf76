"""The one question every form asks before closing over what the user typed: save, discard or stay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

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
