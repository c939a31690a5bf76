"""Switching the interface language live: our catalogues and Qt's own (qtbase_kk, qtbase_ru).

Installing or removing a QTranslator makes Qt send a LanguageChange event to every widget; each
page answers it by re-setting its texts (Page.retranslate), and a form built once says again what it
translated when built (FollowsLanguage)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from app import i18n

_QT_LOCALES = {"kk": QLocale.Language.Kazakh, "ru": QLocale.Language.Russian, "en": QLocale.Language.English}
_qt_translator: QTranslator | None = None


class _ButtonWords(QTranslator):
    """Qt's own words for a few standard buttons, replaced by ours: its Kazakh Cancel is «Бас тарту»,
    the word our reject buttons use, and its Russian Discard is «Отклонить», the word of rejecting; a
    cancel and a refusal must not read alike."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context != "QPlatformTheme":
            return None
        if source == "Cancel":
            return i18n.ptr("dialog button", "Cancel")
        if source == "Discard":
            # Translators: the button that closes a form without keeping what was typed.
            return i18n.ptr("dialog button", "Don't save")
        return None


_button_words: _ButtonWords | None = None


def apply(language: str) -> None:
    global _qt_translator, _button_words
    i18n.set_language(language)
    QLocale.setDefault(QLocale(_QT_LOCALES[language], QLocale.Country.Kazakhstan
                               if language != "en" else QLocale.Country.UnitedKingdom))
    app = QCoreApplication.instance()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        app.removeTranslator(_button_words)
        _qt_translator = None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _qt_translator = translator
        # Installed after Qt's, so asked first.
        _button_words = _ButtonWords(app)
        app.installTranslator(_button_words)
    else:
        # No translator to install (English): tell the widgets ourselves.
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))


class FollowsLanguage:
    """Mixed into a form that sets its texts once, in ``__init__``: on a language switch each text it
    translated there (window title, labels, buttons, tooltips, placeholders, combo items, group and tab
    titles, table headers) is said again in the new language. Texts set later (an error, a record's
    data) are left as they are; a form that formats texts of its own adds ``retranslate``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        build = cls.__init__

        @functools.wraps(build)
        def built_recording(self, *args, **kwargs):
            if _building:  # a subclass's __init__ already records this form
                build(self, *args, **kwargs)
                return
            _building.append(cls)
            try:
                with i18n.recording() as said:
                    build(self, *args, **kwargs)
            finally:
                _building.pop()
            self._said = said

        cls.__init__ = built_recording

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_said"):
            self._said = say_again(self, self._said)
            if hasattr(self, "retranslate"):
                self.retranslate()
        super().changeEvent(event)


_building: list[type] = []


def say_again(top: QWidget, said: dict) -> dict:
    """Puts every text of ``top`` found in ``said`` (text: how to say it now) in the current language;
    gives ``said`` keyed by the new texts, for the next switch."""
    def again(text: str) -> str:
        return said[text]() if text in said else text

    for widget in [top, *top.findChildren(QWidget)]:
        if widget.isWindow():
            widget.setWindowTitle(again(widget.windowTitle()))
        if widget.toolTip():
            widget.setToolTip(again(widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            widget.setText(again(widget.text()))
        elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            widget.setPlaceholderText(again(widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                widget.setItemText(index, again(widget.itemText(index)))
        elif isinstance(widget, QGroupBox):
            widget.setTitle(again(widget.title()))
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                widget.setTabText(index, again(widget.tabText(index)))
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(column)
                if item is not None:
                    item.setText(again(item.text()))
        if isinstance(widget, QAbstractItemView) and hasattr(widget.model(), "retranslate"):
            widget.model().retranslate()  # a RowsModel translates its headers when asked
    return {function(): function for function in said.values()}
