"""Switching the interface language live: our catalogues and Qt's own (qtbase_kk, qtbase_ru).

Installing or removing a QTranslator makes Qt send a LanguageChange event to every widget; each
page answers it by re-setting its texts (Page.retranslate)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

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
