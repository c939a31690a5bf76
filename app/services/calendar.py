"""The office's working-day calendar: the editable list of holidays and moved working days, and the
deadlines counted in it (docs/domain.md: decisions go to the akim within 5 working days, the akim answers
within 10). A year the office has not edited uses the days the law fixes (app.rules.workdays)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from app.db import unit_of_work
from app.errors import ValidationError
from app.models import Holiday
from app.rules import workdays
from app.services.access import requires


@dataclass(frozen=True)
class HolidayRow:
    day: date
    name: str  # a catalogue message for the law's days, the office's own words for days it added
    working: bool = False  # a Saturday or Sunday made a working day


def _law_days(year: int) -> list[HolidayRow]:
    if year < workdays.FIRST_YEAR:
        return []  # the law gave other lists then; weekends alone still count
    return [HolidayRow(day, name) for day, name in workdays.kazakhstan_holidays(year)]


def _stored(session, years) -> dict[int, list[HolidayRow]]:
    stored: dict[int, list[HolidayRow]] = {}
    query = select(Holiday).where(Holiday.year.in_(list(years))).order_by(Holiday.day)
    for row in session.scalars(query):
        stored.setdefault(row.year, []).append(HolidayRow(row.day, row.name, row.working))
    return stored


def holidays(year: int) -> list[HolidayRow]:
    """The year's non-working days and moved working days, as the office keeps them."""
    with unit_of_work() as session:
        return _stored(session, [year]).get(year) or _law_days(year)


def is_edited(year: int) -> bool:
    """Whether the office keeps its own list for ``year`` (else the law's fixed days apply)."""
    with unit_of_work() as session:
        return bool(_stored(session, [year]).get(year))


@requires("settings")
def save_holidays(year: int, rows: list[HolidayRow]) -> list[HolidayRow]:
    """Replaces the year's list (an empty list goes back to the law's days)."""
    seen = set()
    for row in rows:
        if row.day.year != year:
            raise ValidationError("{day} is not in {year}.", field="day", day=row.day.isoformat(), year=year)
        if row.day in seen:
            raise ValidationError("{day} is in the list twice.", field="day", day=row.day.isoformat())
        seen.add(row.day)
        if row.working and row.day.weekday() < 5:
            raise ValidationError("{day} is a weekday: only a Saturday or Sunday can be made a working day.",
                                  field="working", day=row.day.isoformat())
    with unit_of_work() as session:
        session.execute(delete(Holiday).where(Holiday.year == year))
        session.add_all(Holiday(day=row.day, year=year, name=row.name.strip(), working=row.working)
                        for row in sorted(rows, key=lambda r: r.day))
    return holidays(year)


def days_off(years) -> tuple[set[date], set[date]]:
    """The office's non-working days and moved working days of ``years``, for counting in the rules."""
    with unit_of_work() as session:
        stored = _stored(session, years)
    off, working = set(), set()
    for year in years:
        for row in stored.get(year) or _law_days(year):
            (working if row.working else off).add(row.day)
    return off, working


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` in the office's calendar (weekends, the holidays of
    each year the count crosses, and the Saturdays made working days)."""
    off, working = days_off(range(start.year, start.year + 2 + days // 200))
    return workdays.add_working_days(start, days, off, working)
