"""Ctrl+S saves the form in front, as in any desktop program: it presses the form's Save button when
that is on screen and enabled, so the key does exactly what the button does (its checks and messages).
Esc is Qt's own: it closes a dialog as its Cancel or Close button does, asking about unsaved changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget


class SaveKey(QObject):
    def eventFilter(self, watched, event):
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget)
                and event.matches(QKeySequence.StandardKey.Save)):
            for box in watched.window().findChildren(QDialogButtonBox):
                button = box.button(QDialogButtonBox.StandardButton.Save)
                if button is not None and button.isVisible() and button.isEnabled() and box.window() is watched.window():
                    button.click()
                    return True
        return False


def install(app: QApplication) -> None:
    if app.findChild(SaveKey) is None:  # once, however often the application is asked for
        app.installEventFilter(SaveKey(app))
