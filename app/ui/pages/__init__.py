"""The pages of the main window: one module per area, each a Page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.ui.notices import ALL, ChangeNotices


@dataclass(frozen=True)
class PageContext:
    """What the window lends its pages: the change notices and the shared actions."""

    notices: ChangeNotices
    backup_action: QAction


class Page(QWidget):
    """A page of the office. ``title`` is a catalogue message; ``areas`` are the change notices
    that make it refresh. A hidden page refreshes when next shown, not at every change."""

    areas: tuple[str, ...] = ()

    def __init__(self, context: PageContext, title: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.notices = context.notices
        self.title = title
        self._stale = True
        self.notices.changed.connect(self._on_changed)

    def _on_changed(self, area: str) -> None:
        if area == ALL or area in self.areas:
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.refresh()

    def refresh(self) -> None:
        """Reads the page's data from the services again."""

    def retranslate(self) -> None:
        """Re-sets every visible text in the current language."""

    def has_unsaved_changes(self) -> bool:
        return False

    def save_changes(self) -> bool:
        """Saves what the user typed; False (with the reason shown) when it cannot be saved."""
        return True

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
