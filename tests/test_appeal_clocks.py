"""The clocks of an appeal as pure rules (docs/domain.md, Appeals of residents; Working days): the day it
is registered, the answer's term across New Year and Nauryz, an extension and its limit, the notices,
and the kinds, channels and results typed in Kazakh or Russian."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules import appeals as rules
from app.rules.workdays import kazakhstan_holidays

# The law's days off of 2026 and 2027: New Year 2027 falls on Friday and Saturday, so Monday 4 January
# is off too; Nauryz 2026 is Saturday 21 to Monday 23 March, with Tuesday 24 and Wednesday 25 off.
OFF = frozenset(day for year in (2026, 2027) for day, _ in kazakhstan_holidays(year))


def due(registered: date, days: int = 15, extra=()) -> date:
    return rules.answer_due(registered, days, OFF, extra)


@pytest.mark.parametrize(("received", "registered"), [
    (date(2026, 12, 4), date(2026, 12, 4)),  # a Friday: that day
    (date(2026, 12, 5), date(2026, 12, 7)),  # a Saturday: Monday
    (date(2026, 12, 6), date(2026, 12, 7)),  # a Sunday: Monday
    (date(2026, 12, 16), date(2026, 12, 17)),  # Independence Day, a Wednesday: Thursday
    (date(2026, 3, 21), date(2026, 3, 26)),  # Nauryz Saturday: the five days off, then Thursday
    (date(2027, 1, 1), date(2027, 1, 5)),  # New Year's Friday: the weekend, the moved Monday, then Tuesday
])
def test_an_appeal_is_registered_the_day_it_arrives_or_the_next_working_day(received, registered):
    assert rules.registration_day(received, OFF) == registered


def test_a_saturday_made_a_working_day_registers_the_appeal_that_day():
    saturday = date(2026, 12, 5)
    assert rules.registration_day(saturday, OFF, {saturday}) == saturday
    # and it counts in the term: the answer is due a working day sooner.
    assert (due(date(2026, 12, 4)), due(date(2026, 12, 4), 15, {saturday})) == (date(2026, 12, 28),
                                                                              date(2026, 12, 25))


def test_the_answer_is_due_fifteen_working_days_after_registration():
    # 8–11, 14–15, 17–18 (16 December is a holiday), 21–25 and 28–29 December.
    assert due(date(2026, 12, 7)) == date(2026, 12, 29)


def test_a_term_across_new_year_skips_the_holidays_and_the_moved_day_off():
    # 22–31 December (8 days), 5–6 January, 8 January (7 January is Orthodox Christmas), 11–14 January.
    assert due(date(2026, 12, 21)) == date(2027, 1, 14)


def test_a_term_across_nauryz_skips_its_five_days_off():
    # 16–20 March, 26–27 March, 30 March to 3 April, 6–8 April: 23 to 25 March are off.
    assert due(date(2026, 3, 13)) == date(2026, 4, 8)
    # An appeal handed in on Nauryz itself starts its count on Thursday 26 March.
    registered = rules.registration_day(date(2026, 3, 22), OFF)
    assert (registered, due(registered)) == (date(2026, 3, 26), date(2026, 4, 16))


def test_the_term_is_a_setting():
    # five more than 29 December: 30 and 31 December, 5, 6 and 8 January.
    assert due(date(2026, 12, 7), 20) == date(2027, 1, 8)


def test_notices_of_an_extension_or_redirection_are_due_three_working_days_after():
    assert rules.notice_due(date(2026, 12, 30), 3, OFF) == date(2027, 1, 6)  # 31 Dec, 5 and 6 Jan
    assert rules.notice_due(date(2026, 3, 20), 3, OFF) == date(2026, 3, 30)  # 26, 27 and 30 March


def test_the_extension_limit_counts_two_months_from_registration_or_from_the_first_term():
    registered, first = date(2026, 12, 21), date(2027, 1, 14)
    assert rules.extension_limit(registered, first, 2, beyond_term=False) == date(2027, 2, 21)
    assert rules.extension_limit(registered, first, 2, beyond_term=True) == date(2027, 3, 14)


def test_months_keep_the_day_or_take_the_months_last():
    assert rules.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert rules.add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert rules.add_months(date(2026, 11, 30), 13) == date(2027, 12, 30)


def test_an_extension_must_move_the_term_later_and_stay_within_the_limit():
    rules.check_extension(date(2027, 2, 21), date(2027, 1, 14), date(2027, 2, 21), 2)  # the limit itself
    with pytest.raises(rules.AppealError) as error:
        rules.check_extension(date(2027, 2, 22), date(2027, 1, 14), date(2027, 2, 21), 2)
    assert error.value.reason == rules.EXTENSION_PAST_LIMIT
    assert error.value.params == {"limit": "2027-02-21", "months": 2, "to": "2027-02-22"}
    with pytest.raises(rules.AppealError) as error:
        rules.check_extension(date(2027, 1, 14), date(2027, 1, 14), date(2027, 2, 21), 2)
    assert error.value.reason == rules.EXTENSION_NOT_LATER


@pytest.mark.parametrize(("typed", "code"), [
    ("complaint", "complaint"), ("Шағым", "complaint"), ("жалоба", "complaint"), ("өтініш", "application"),
    ("ЗАЯВЛЕНИЕ", "application"), ("сұрау салу", "request"), ("запрос", "request"), ("үн қосу", "response"),
    ("отклик", "response"), ("хабарлама", "report"), ("сообщение", "report"), ("ұсыныс", "proposal"),
    ("nonsense", None), ("", None),
])
def test_kinds_are_read_as_codes_or_kazakh_and_russian_words(typed, code):
    assert rules.kind_code(typed) == code


def test_channels_and_results_are_read_in_every_language():
    assert rules.channel_code("e-Otinish") == rules.channel_code("otinish") == "otinish"
    assert rules.channel_code("почта") == rules.channel_code("пошта") == "post"
    assert rules.channel_code("pigeon") is None
    assert rules.result_code("отказано") == rules.result_code("бас тартылды") == "refused"
    assert rules.result_code("удовлетворено частично") == "partly"
    assert rules.result_code("maybe") is None
