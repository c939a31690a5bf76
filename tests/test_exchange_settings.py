"""The settings page shows this office's key fingerprint, read-only, for the district to compare with the
one its first package from this office shows (docs/domain.md, Packages for the district)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import exchange
from app.ui import language
from app.ui.pages.settings import SettingsPage
from tests.test_window import window  # noqa: F401 (the fixture)


def test_settings_show_the_offices_fingerprint(window):  # noqa: F811
    page = window.show_page(SettingsPage)
    assert page.fingerprint.text() == exchange.own_fingerprint() == exchange.fingerprint(exchange.identity().public_key)
    assert page.fingerprint.isReadOnly()
    assert page.fingerprint_label.text() == "Fingerprint of this office's signing key"
    language.apply("ru")
    try:
        QApplication.processEvents()  # Qt delivers LanguageChange as a posted event
        assert page.fingerprint_label.text() == "Отпечаток ключа подписи этого офиса"
    finally:
        language.apply("en")
        QApplication.processEvents()
