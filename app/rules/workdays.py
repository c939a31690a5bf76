"""The working-day calendar that deadlines are counted in (docs/domain.md: a decision goes to the akim
within 5 working days of the meeting, the akim answers within 10 working days).

A working day is Monday to Friday, not a public holiday, plus any Saturday (or Sunday) the
government has declared a working day by moving a day off. The office works a five-day week, so
that is the week modelled here.

Which days are holidays comes from an editable list the office keeps per year. ``kazakhstan_holidays``
gives its starting point, the days fixed by law; two kinds of day the office adds by hand each year,
because no rule computes them:

* the first day of Kurban Ait, a non-working day whose date follows the lunar calendar and is
  announced each year (27 May in 2026): computing it here could be a day off from the announced one;
* the government's day transfers (Labour Code art. 85; one decree a year, sometimes amended during
  the year): the weekday that becomes a day off goes to the holidays, the Saturday worked instead to
  ``extra_working_days``. In 2022, for example, the decree moved the days off of Saturdays 5 March
  and 27 August to Mondays 7 March and 29 August, and was amended in October to move Saturday
  22 October to Monday 24 October for the newly restored Republic Day: such decisions are taken
  case by case and cannot be derived from the law.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from app.rules import N_

_SATURDAY = 5  # date.weekday(): Monday is 0
_DAY = timedelta(days=1)

# The first year the holiday list below describes. In 2022 the Law on holidays changed during the
# year (Republic Day, 25 October, restored; First President's Day, 1 December, and the second day
# of Independence Day, 17 December, dropped), so 2022 and earlier years had other lists.
FIRST_YEAR = 2023

# Holiday names: English catalogue messages (msgids), translated where they are shown.
NEW_YEAR = N_("New Year")
ORTHODOX_CHRISTMAS = N_("Orthodox Christmas")
WOMENS_DAY = N_("International Women's Day")
NAURYZ = N_("Nauryz")
UNITY_DAY = N_("Kazakhstan People's Unity Day")
DEFENDER_DAY = N_("Defender of the Fatherland Day")
VICTORY_DAY = N_("Victory Day")
CAPITAL_DAY = N_("Capital Day")
CONSTITUTION_DAY = N_("Constitution Day")
REPUBLIC_DAY = N_("Republic Day")
INDEPENDENCE_DAY = N_("Independence Day")

# The day off a holiday gives when it falls on a weekend and moves to the next working day.
MOVED = {
    NEW_YEAR: N_("Day off for New Year"),
    WOMENS_DAY: N_("Day off for International Women's Day"),
    NAURYZ: N_("Day off for Nauryz"),
    UNITY_DAY: N_("Day off for Kazakhstan People's Unity Day"),
    DEFENDER_DAY: N_("Day off for Defender of the Fatherland Day"),
    VICTORY_DAY: N_("Day off for Victory Day"),
    CAPITAL_DAY: N_("Day off for Capital Day"),
    CONSTITUTION_DAY: N_("Day off for Constitution Day"),
    REPUBLIC_DAY: N_("Day off for Republic Day"),
    INDEPENDENCE_DAY: N_("Day off for Independence Day"),
}

# (month, day, name) by the Law "On holidays in the Republic of Kazakhstan" as in force since 2023:
# the national and state holidays, and Orthodox Christmas, the religious holiday with a fixed date.
_FIXED = (
    (1, 1, NEW_YEAR), (1, 2, NEW_YEAR),
    (1, 7, ORTHODOX_CHRISTMAS),
    (3, 8, WOMENS_DAY),
    (3, 21, NAURYZ), (3, 22, NAURYZ), (3, 23, NAURYZ),
    (5, 1, UNITY_DAY),
    (5, 7, DEFENDER_DAY),
    (5, 9, VICTORY_DAY),
    (7, 6, CAPITAL_DAY),
    (8, 30, CONSTITUTION_DAY),
    (10, 25, REPUBLIC_DAY),
    (12, 16, INDEPENDENCE_DAY),
)


def is_working_day(day: date, holidays: Collection[date], extra_working_days: Collection[date] = ()) -> bool:
    """Monday to Friday and not in ``holidays``; a day in ``extra_working_days`` (a Saturday the
    government made a working day) is working whatever else it is, being the most specific word."""
    if day in extra_working_days:
        return True
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date],
                     extra_working_days: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start``: the deadline of "within N working days of"
    the meeting. ``start`` itself does not count, working or not (a meeting on a Saturday starts
    the count on Monday); 0 days gives ``start``. Negative ``days`` is refused with ValueError."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"A number of working days must be an int, not {type(days).__name__}.")
    if days < 0:
        raise ValueError(f"A number of working days cannot be negative: {days}.")
    # Sets once, so that a long list passed as a list is not scanned for every day.
    holidays, extra_working_days = frozenset(holidays), frozenset(extra_working_days)
    day = start
    while days:
        day += _DAY
        if is_working_day(day, holidays, extra_working_days):
            days -= 1
    return day


def kazakhstan_holidays(year: int) -> list[tuple[date, str]]:
    """The non-working days of ``year`` that the law fixes, by date, with their English names.

    The fixed-date holidays of the Law on holidays (since 2023): 1–2 January, 7 January (Orthodox
    Christmas), 8 March, 21–23 March (Nauryz), 1 May, 7 May, 9 May, 6 July, 30 August, 25 October,
    16 December. A holiday falling on a Saturday or Sunday gives a day off on the next working day
    (Labour Code art. 85), except the religious ones, Orthodox Christmas and Kurban Ait. Nauryz 2026
    (Saturday 21 to Monday 23 March) so gives Tuesday 24 and Wednesday 25 March as well.

    Not included, for the office to add (see the module's docstring): the first day of Kurban Ait
    and the government's transfers of days off. Years before 2023 are refused with ValueError: the
    law gave other lists then.
    """
    if year < FIRST_YEAR:
        raise ValueError(f"Holidays are known from {FIRST_YEAR} on (the law changed in 2022), not for {year}.")
    fixed = [(date(year, month, day), name) for month, day, name in _FIXED]
    taken = {day for day, _ in fixed}
    result = list(fixed)
    # In date order, so that of two holidays on one weekend the first gets the first free day
    # (Nauryz on Saturday and Sunday: Saturday's moves to Tuesday, Sunday's to Wednesday).
    for day, name in fixed:
        if day.weekday() < _SATURDAY or name == ORTHODOX_CHRISTMAS:
            continue
        moved = day + _DAY
        while moved.weekday() >= _SATURDAY or moved in taken:
            moved += _DAY
        taken.add(moved)
        result.append((moved, MOVED[name]))
    return sorted(result)
