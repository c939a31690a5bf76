"""The office's editable holiday list and the deadlines counted in it."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ValidationError
from app.rules import workdays
from app.services import calendar
from app.services.calendar import HolidayRow

pytestmark = pytest.mark.every_database


def test_a_year_not_edited_uses_the_law_s_days(database):
    days = calendar.holidays(2026)
    assert HolidayRow(date(2026, 3, 24), workdays.MOVED[workdays.NAURYZ]) in days
    assert not calendar.is_edited(2026)
    assert calendar.holidays(2020) == []  # before the law's current list: weekends only


def test_an_edited_year_keeps_the_office_s_list_and_can_go_back(database):
    kurban_ait = HolidayRow(date(2026, 5, 27), "Құрбан айт")
    worked_saturday = HolidayRow(date(2026, 1, 3), "Working Saturday", working=True)
    calendar.save_holidays(2026, calendar.holidays(2026) + [kurban_ait, worked_saturday])
    assert calendar.is_edited(2026)
    assert kurban_ait in calendar.holidays(2026) and worked_saturday in calendar.holidays(2026)
    assert calendar.add_working_days(date(2026, 5, 26), 1) == date(2026, 5, 28)
    assert calendar.add_working_days(date(2026, 1, 2), 1) == date(2026, 1, 3)
    calendar.save_holidays(2026, [])
    assert not calendar.is_edited(2026) and kurban_ait not in calendar.holidays(2026)


def test_a_deadline_crosses_into_the_next_year_s_holidays(database):
    # 30 December 2026 (Wednesday) + 2 working days: 31 December; 1 January 2027 is a holiday,
    # 2–3 January a weekend, Monday 4 January the day off for 2 January, so Tuesday 5 January.
    assert calendar.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 5)


@pytest.mark.parametrize("rows, field", [
    ([HolidayRow(date(2025, 12, 31), "Wrong year")], "day"),
    ([HolidayRow(date(2026, 5, 27), "A"), HolidayRow(date(2026, 5, 27), "B")], "day"),
    ([HolidayRow(date(2026, 5, 27), "A weekday", working=True)], "working"),
])
def test_bad_holiday_lists_are_refused_and_change_nothing(database, rows, field):
    before = calendar.holidays(2026)
    with pytest.raises(ValidationError) as error:
        calendar.save_holidays(2026, rows)
    assert error.value.field == field
    assert calendar.holidays(2026) == before and not calendar.is_edited(2026)
