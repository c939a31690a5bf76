"""The working-day calendar deadlines are counted in (docs/domain.md: a decision goes to the akim within
5 working days, the akim answers within 10).

The 2025 and 2026 lists are checked against the published production calendars of Kazakhstan
(Nauryz 2026: 21–25 March; Victory Day 2026 on Saturday, day off on Monday 11 May; Republic Day
2025 on Saturday, day off on Monday 27 October), less Kurban Ait, which the office adds by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rules import workdays
from app.rules.workdays import add_working_days, is_working_day, kazakhstan_holidays

NAURYZ_2026 = {date(2026, 3, 21), date(2026, 3, 22), date(2026, 3, 23)}


def holiday_dates(year: int) -> set[date]:
    return {day for day, _ in kazakhstan_holidays(year)}


# is_working_day ---------------------------------------------------------------------------------

def test_monday_to_friday_work_and_the_weekend_does_not():
    week = [date(2026, 3, 9) + timedelta(days=i) for i in range(7)]  # Monday 9 to Sunday 15 March
    assert [is_working_day(day, ()) for day in week] == [True] * 5 + [False] * 2


def test_a_holiday_on_a_weekday_is_not_a_working_day():
    assert not is_working_day(date(2026, 3, 23), NAURYZ_2026)
    assert is_working_day(date(2026, 3, 23), ())


def test_a_saturday_made_a_working_day_counts_as_one():
    # 2023: the government moved the day off of Saturday 1 July to Friday 7 July.
    saturday, friday = date(2023, 7, 1), date(2023, 7, 7)
    assert not is_working_day(saturday, ())
    assert is_working_day(saturday, {friday}, {saturday})
    assert not is_working_day(friday, {friday}, {saturday})


def test_a_day_named_working_is_working_even_if_also_listed_as_a_holiday():
    day = date(2026, 3, 24)
    assert is_working_day(day, {day}, {day})


# add_working_days -------------------------------------------------------------------------------

def test_weekends_are_skipped():
    friday = date(2026, 3, 13)
    assert add_working_days(friday, 1, ()) == date(2026, 3, 16)  # Monday
    assert add_working_days(friday, 5, ()) == date(2026, 3, 20)  # Friday next week
    assert add_working_days(friday, 6, ()) == date(2026, 3, 23)


def test_the_start_day_does_not_count_even_on_a_weekend():
    saturday = date(2026, 3, 14)
    assert add_working_days(saturday, 1, ()) == date(2026, 3, 16)
    assert add_working_days(date(2026, 3, 16), 1, ()) == date(2026, 3, 17)


def test_zero_days_is_the_start_itself():
    assert add_working_days(date(2026, 3, 14), 0, ()) == date(2026, 3, 14)
    assert add_working_days(date(2026, 3, 23), 0, NAURYZ_2026) == date(2026, 3, 23)


@pytest.mark.parametrize("days", [-1, -10])
def test_negative_days_are_refused(days):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 16), days, ())


@pytest.mark.parametrize("days", [1.0, "1", True, None])
def test_days_that_are_not_an_int_are_refused(days):
    with pytest.raises(TypeError):
        add_working_days(date(2026, 3, 16), days, ())


def test_ten_working_days_across_nauryz_2026():
    thursday = date(2026, 3, 19)  # a meeting two days before Nauryz
    # Weekends only: 20, 23–27, 30, 31 March, 1–2 April.
    assert add_working_days(thursday, 10, ()) == date(2026, 4, 2)
    # With 21–23 March off: 20, 24–27, 30, 31 March, 1–3 April.
    assert add_working_days(thursday, 10, NAURYZ_2026) == date(2026, 4, 3)
    # With the law's whole list, Saturday's and Sunday's Nauryz move to 24 and 25 March:
    # 20, 26, 27, 30, 31 March, 1–3, 6, 7 April.
    assert add_working_days(thursday, 10, holiday_dates(2026)) == date(2026, 4, 7)


def test_a_holiday_on_a_saturday_moves_the_deadline_past_monday():
    # Victory Day 2026 is Saturday 9 May, so Monday 11 May is a day off.
    friday = date(2026, 5, 8)
    assert add_working_days(friday, 1, ()) == date(2026, 5, 11)
    assert add_working_days(friday, 1, holiday_dates(2026)) == date(2026, 5, 12)


def test_an_extra_working_saturday_counts_towards_a_deadline():
    # 2023: Saturday 1 July worked, Friday 7 July off (decree), Thursday 6 July Capital Day.
    holidays, extra = holiday_dates(2023) | {date(2023, 7, 7)}, {date(2023, 7, 1)}
    friday = date(2023, 6, 30)
    assert add_working_days(friday, 1, holidays, extra) == date(2023, 7, 1)
    assert add_working_days(friday, 1, holidays) == date(2023, 7, 3)
    # 1, 3, 4, 5 July, then 10 July (6 and 7 off, 8 and 9 a weekend).
    assert add_working_days(friday, 5, holidays, extra) == date(2023, 7, 10)


def test_holidays_may_come_as_any_collection():
    as_list = sorted(NAURYZ_2026)
    as_tuple = tuple(as_list)
    start = date(2026, 3, 19)
    assert add_working_days(start, 3, as_list) == add_working_days(start, 3, as_tuple) \
        == add_working_days(start, 3, frozenset(as_list)) == date(2026, 3, 25)


def test_decision_and_answer_deadlines_of_a_meeting():
    # A сход on Saturday 14 March 2026: 5 working days to send the decision, then 10 to answer.
    holidays = holiday_dates(2026)
    sent_by = add_working_days(date(2026, 3, 14), 5, holidays)
    assert sent_by == date(2026, 3, 20)  # 16–20 March
    answer_by = add_working_days(sent_by, 10, holidays)
    assert answer_by == date(2026, 4, 8)  # 26, 27, 30, 31 March, 1–3, 6–8 April


def test_the_deadline_is_n_working_days_after_the_start_over_a_whole_year():
    holidays = holiday_dates(2026)
    extra = {date(2026, 6, 13)}  # an invented working Saturday
    start = date(2025, 12, 20)
    for offset in range(380):
        day = start + timedelta(days=offset)
        for days in (0, 1, 2, 5, 10):
            deadline = add_working_days(day, days, holidays, extra)
            between = [day + timedelta(days=i) for i in range(1, (deadline - day).days + 1)]
            assert sum(is_working_day(d, holidays, extra) for d in between) == days
            assert days == 0 or is_working_day(deadline, holidays, extra)


# kazakhstan_holidays ----------------------------------------------------------------------------

def test_the_2026_list_is_the_published_one_without_kurban_ait():
    assert kazakhstan_holidays(2026) == [
        (date(2026, 1, 1), workdays.NEW_YEAR),
        (date(2026, 1, 2), workdays.NEW_YEAR),
        (date(2026, 1, 7), workdays.ORTHODOX_CHRISTMAS),
        (date(2026, 3, 8), workdays.WOMENS_DAY),
        (date(2026, 3, 9), "Day off for International Women's Day"),
        (date(2026, 3, 21), workdays.NAURYZ),
        (date(2026, 3, 22), workdays.NAURYZ),
        (date(2026, 3, 23), workdays.NAURYZ),
        (date(2026, 3, 24), "Day off for Nauryz"),
        (date(2026, 3, 25), "Day off for Nauryz"),
        (date(2026, 5, 1), workdays.UNITY_DAY),
        (date(2026, 5, 7), workdays.DEFENDER_DAY),
        (date(2026, 5, 9), workdays.VICTORY_DAY),
        (date(2026, 5, 11), "Day off for Victory Day"),
        (date(2026, 7, 6), workdays.CAPITAL_DAY),
        (date(2026, 8, 30), workdays.CONSTITUTION_DAY),
        (date(2026, 8, 31), "Day off for Constitution Day"),
        (date(2026, 10, 25), workdays.REPUBLIC_DAY),
        (date(2026, 10, 26), "Day off for Republic Day"),
        (date(2026, 12, 16), workdays.INDEPENDENCE_DAY),
    ]
    assert date(2026, 3, 23) in holiday_dates(2026)
    assert date(2026, 12, 16) in holiday_dates(2026)


def test_the_2025_days_off_for_weekend_holidays():
    days = holiday_dates(2025)
    assert {date(2025, 3, 10), date(2025, 3, 24), date(2025, 3, 25), date(2025, 7, 7),
            date(2025, 9, 1), date(2025, 10, 27)} <= days
    assert date(2025, 10, 26) not in days  # a Sunday is a day off anyway, not a moved one


def test_a_holiday_on_a_weekend_moves_past_the_holidays_that_follow_it():
    # 1 January 2023 was a Sunday and 2 January a holiday, so the day off is Tuesday 3 January.
    days = holiday_dates(2023)
    assert date(2023, 1, 3) in days
    assert date(2023, 1, 4) not in days


def test_christmas_on_a_weekend_is_not_moved():
    # 7 January 2023 was a Saturday: Monday 9 January was a working day.
    assert (date(2023, 1, 7), workdays.ORTHODOX_CHRISTMAS) in kazakhstan_holidays(2023)
    assert date(2023, 1, 9) not in holiday_dates(2023)
    assert is_working_day(date(2023, 1, 9), holiday_dates(2023))


def test_kurban_ait_is_not_computed():
    # Its first day follows the lunar calendar (27 May in 2026): the office adds it each year.
    assert date(2026, 5, 27) not in holiday_dates(2026)
    assert all("Kurban" not in name for _, name in kazakhstan_holidays(2026))


def test_government_transfers_are_not_computed():
    # 2023's decree moved the day off of Saturday 1 July to Friday 7 July: a decision of that
    # year, not a rule, so the office enters it (7 July a holiday, 1 July an extra working day).
    assert date(2023, 7, 7) not in holiday_dates(2023)
    assert date(2023, 7, 1) not in holiday_dates(2023)


def test_2022_and_earlier_are_refused_because_the_law_changed_that_year():
    # In 2022 the list itself changed mid-year (Republic Day restored, 1 and 17 December dropped),
    # and the decree's transfers (5 March to 7 March, 27 August to 29 August, 22 October to
    # 24 October) are not derivable: a list for 2022 from today's law would be wrong.
    for year in (2022, 2001):
        with pytest.raises(ValueError):
            kazakhstan_holidays(year)
    assert kazakhstan_holidays(workdays.FIRST_YEAR)


@pytest.mark.parametrize("year", range(2023, 2060))
def test_every_year_has_its_holidays_each_once_and_moved_days_on_working_weekdays(year):
    listed = kazakhstan_holidays(year)
    days = [day for day, _ in listed]
    assert days == sorted(days) and len(days) == len(set(days))
    assert all(day.year == year for day in days)
    fixed = [day for day, name in listed if not name.startswith("Day off for ")]
    assert len(fixed) == 14
    moved = [day for day, name in listed if name.startswith("Day off for ")]
    # One day off for every movable holiday on a weekend, on a weekday.
    movable_on_weekend = [day for day, name in listed if day in fixed and day.weekday() >= 5
                          and name != workdays.ORTHODOX_CHRISTMAS]
    assert len(moved) == len(movable_on_weekend)
    assert all(day.weekday() < 5 for day in moved)
