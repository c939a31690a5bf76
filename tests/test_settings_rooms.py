"""The rooms tab of the settings page: kind and "booked for events" are edited and kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import i18n
from app.services import settings
from app.ui import language
from app.ui.pages.settings import SettingsPage
from tests.test_window import window  # noqa: F401 (the fixture)


def test_room_kinds_are_shown_translated_and_saved_with_the_page(window):  # noqa: F811
    language.apply("ru")
    try:
        page = window.show_page(SettingsPage)
        table = page.rooms.table
        assert table.item(1, 3).text() == "кабинет"  # Кеңсе, the office
        assert table.item(1, 4).checkState() == Qt.CheckState.Unchecked
        table.item(0, 4).setCheckState(Qt.CheckState.Unchecked)  # the hall is not booked for a while
        table.item(2, 3).setData(Qt.ItemDataRole.UserRole + 1, "classroom")
        assert table.item(0, 1).text() == "Зал заседаний"  # its name in Russian papers
        table.item(0, 1).setText("Большой зал")
        assert page.save_changes()
        rooms = {room.name: room for room in settings.rooms()}
        assert (rooms["Мәжіліс залы"].bookable, rooms["Шеберхана"].kind) == (False, "classroom")
        assert rooms["Мәжіліс залы"].name_ru == "Большой зал"
        assert (rooms["Кеңсе"].kind, rooms["Кеңсе"].bookable) == ("office", False)
        language.apply("kk")
        QApplication.processEvents()  # Qt delivers LanguageChange as a posted event
        assert table.item(1, 3).text() == i18n.translate("office", "kk")
    finally:
        language.apply("en")
        QApplication.processEvents()
