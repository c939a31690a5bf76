"""The holidays tab of the settings page: a year's list edited, saved with the page, and taken back
to the law's list; deadlines follow it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app import i18n
from app.services import calendar, settings
from app.ui import language
from app.ui.pages.settings import SettingsPage
from tests.test_window import window  # noqa: F401 (the fixture)

FRIDAY = date(2026, 3, 13)


@pytest.fixture
def tab(window):  # noqa: F811
    language.apply("kk")
    page = window.show_page(SettingsPage)
    page.tabs.setCurrentWidget(page.holidays)
    page.holidays.show_year(2026)
    yield page
    language.apply("en")
    QApplication.processEvents()  # while the database is there: every widget re-reads its texts


def cells(page, column: int) -> list[str]:
    table = page.holidays.table.table
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_a_year_edited_and_saved_moves_a_deadline_and_keeps_the_laws_names(tab):
    assert calendar.add_working_days(FRIDAY, 1) == date(2026, 3, 16)
    assert i18n.translate("Nauryz", "kk") in cells(tab, 1)  # the law's days, shown in Kazakh
    assert "заң" in tab.holidays.note.text().lower()
    tab.holidays.table.add_row(["16.03.2026", "Ауыл күні", ""])
    assert tab.has_unsaved_changes()
    assert not calendar.is_edited(2026)  # saved with the page, not before
    tab.save_button.click()
    assert tab.error.text() == ""
    assert calendar.is_edited(2026)
    stored = {row.day: row.name for row in calendar.holidays(2026)}
    assert stored[date(2026, 3, 16)] == "Ауыл күні"  # as typed
    assert stored[date(2026, 3, 21)] == "Nauryz"  # the catalogue's name, not its Kazakh translation
    assert calendar.add_working_days(FRIDAY, 1) == date(2026, 3, 17)
    assert not tab.has_unsaved_changes()


def test_back_to_the_laws_list_undoes_the_offices_own(tab, monkeypatch):
    calendar.save_holidays(2026, [calendar.HolidayRow(date(2026, 3, 16), "Ауыл күні")])
    tab.reload()
    tab.holidays.show_year(2026)
    assert "Ауыл күні" in cells(tab, 1) and tab.holidays.reset_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.holidays.reset_button.click()
    assert not calendar.is_edited(2026)
    assert "Ауыл күні" not in cells(tab, 1)
    assert calendar.add_working_days(FRIDAY, 1) == date(2026, 3, 16)


def test_a_bad_date_is_explained_and_nothing_is_saved(tab):
    tab.inputs["voting_age"].setValue(19)
    tab.tabs.setCurrentIndex(0)
    tab.holidays.table.add_row(["31.02.2026", "Ауыл күні", ""])
    tab.save_button.click()
    assert "31.02.2026" in tab.error.text()
    assert tab.tabs.currentWidget() is tab.holidays
    assert "31.02.2026" in cells(tab, 0) and "Ауыл күні" in cells(tab, 1)  # nothing typed is lost
    assert not calendar.is_edited(2026) and settings.load().voting_age == 18


def test_a_weekday_cannot_be_made_a_working_day(tab):
    tab.holidays.table.add_row(["18.03.2026", "Ауыл күні", "1"])  # a Wednesday
    tab.save_button.click()
    assert i18n.translate("{day} is a weekday: only a Saturday or Sunday can be made a working day.", "kk",
                          day="2026-03-18") == tab.error.text()
    assert not calendar.is_edited(2026)


def test_edits_of_two_years_are_kept_until_saved(tab):
    tab.holidays.table.add_row(["16.03.2026", "Ауыл күні", ""])
    tab.holidays.year.setValue(2027)
    assert "16.03.2026" not in cells(tab, 0)
    tab.holidays.table.add_row(["15.03.2027", "Ауыл күні", ""])
    tab.holidays.year.setValue(2026)
    assert "16.03.2026" in cells(tab, 0)
    tab.save_button.click()
    assert calendar.is_edited(2026) and calendar.is_edited(2027)
