"""The short guide F1 opens: resources/help/<language>.html in a browser the user can scroll and
keep open beside the window; it follows the interface language when that is switched."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from app import i18n
from app.i18n import tr
from app.paths import RESOURCES_DIR

HELP_DIR = RESOURCES_DIR / "help"


def guide_path(language: str):
    return HELP_DIR / f"{language}.html"


class HelpDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Auyl Office: a short guide"))
        self.language = i18n.current_language()
        self.browser.setHtml(guide_path(self.language).read_text(encoding="utf-8"))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
