"""IIN rules (docs/domain.md, IIN): pure functions, tested at their edges."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from app.rules import iin
from app.rules.iin import InvalidIin


def _domain_check_digit(first_eleven: str) -> int | None:
    """docs/domain.md's rule, written out independently of the code under test."""
    digits = [int(c) for c in first_eleven]
    value = sum(d * w for d, w in zip(digits, range(1, 12))) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
    return None if value == 10 else value


def _complete(first_eleven: str) -> str:
    """``first_eleven`` with a serial nudged until it has a check digit, plus that digit."""
    for serial in range(int(first_eleven[7:]), 10_000):
        candidate = f"{first_eleven[:7]}{serial:04d}"
        check = _domain_check_digit(candidate)
        if check is not None:
            return candidate + str(check)
    raise AssertionError(first_eleven)


def _reason(text: str) -> str:
    with pytest.raises(InvalidIin) as caught:
        iin.parse(text)
    assert caught.value.reason == str(caught.value)
    return caught.value.reason


@pytest.mark.parametrize("number, born, sex", [
    ("791028302728", date(1979, 10, 28), "M"),
    ("061211600012", date(2006, 12, 11), "F"),
])
def test_domain_examples_are_valid_with_their_birth_date_and_sex(number, born, sex):
    parsed = iin.parse(number)
    assert (parsed.number, parsed.birth_date, parsed.sex, parsed.needs_confirmation) == (number, born, sex, False)


def test_iin_typed_with_spaces_is_accepted():
    assert iin.parse(" 7910 2830 2728 ").number == "791028302728"


def test_organisation_bin_from_domain_md_passes_the_check_digit():
    assert iin.check_digit("94014000038") == 5


def test_check_digit_follows_both_weight_rows():
    rng = random.Random(3)
    second_row_used = 0
    for _ in range(5000):
        first = "".join(rng.choice("0123456789") for _ in range(11))
        assert iin.check_digit(first) == _domain_check_digit(first), first
        second_row_used += sum(int(d) * w for d, w in zip(first, range(1, 12))) % 11 == 10
    assert second_row_used > 0


def test_number_whose_check_digit_is_ten_both_ways_is_invalid():
    first = next(f"791028{n:05d}" for n in itertools.count() if _domain_check_digit(f"791028{n:05d}") is None)
    assert iin.check_digit(first) is None
    for last in "0123456789":
        assert "check digit" in _reason(first + last)


def test_each_kind_of_mistake_is_named_by_its_own_reason():
    reasons = {
        "check digit": _reason("791028302729"),
        "length short": _reason("79102830272"),
        "length long": _reason("7910283027281"),
        "letters": _reason("79102830272A"),
        "non-ascii digits": _reason("７９１０２８３０２７２８"),
        "impossible date": _reason(_complete("79023030001")),
        "century 7": _reason(_complete("79102870001")),
        "century 8": _reason(_complete("79102880001")),
        "century 9": _reason(_complete("79102890001")),
    }
    assert reasons["length short"] == reasons["length long"]
    assert reasons["letters"] == reasons["non-ascii digits"]
    assert reasons["century 7"] == reasons["century 8"] == reasons["century 9"]
    distinct = {reasons[k] for k in ("check digit", "length short", "letters", "impossible date", "century 7")}
    assert len(distinct) == 5
    assert "check digit" in reasons["check digit"]
    assert "12 digits" in reasons["length short"]
    assert "digits only" in reasons["letters"]
    assert "birth date" in reasons["impossible date"]
    assert "7th digit" in reasons["century 7"]


@pytest.mark.parametrize("text", ["", "   ", "-79102830272", "791028.02728"])
def test_empty_or_punctuated_text_is_not_an_iin(text):
    _reason(text)


@pytest.mark.parametrize("first", ["79133130001", "79003130001", "79043130001", "79100030001",
                                   "79103230001", "01022950001", "99022960001"])
def test_birth_date_must_be_a_real_day(first):
    assert "birth date" in _reason(_complete(first))


def test_leap_days_are_real_dates_in_leap_years_only():
    assert iin.parse(_complete("00022950001")).birth_date == date(2000, 2, 29)  # 2000 is a leap year
    assert "birth date" in _reason(_complete("00022930001"))  # 1900 was not
    assert "birth date" in _reason(_complete("00022910001"))  # nor 1800


def test_century_digit_zero_needs_confirmation_and_gives_no_birth_date():
    parsed = iin.parse(_complete("79102800001"))
    assert parsed.needs_confirmation is True
    assert parsed.birth_date is None and parsed.sex is None


@pytest.mark.parametrize("digit, century, sex", [(1, 1800, "M"), (2, 1800, "F"), (3, 1900, "M"),
                                                  (4, 1900, "F"), (5, 2000, "M"), (6, 2000, "F")])
def test_seventh_digit_gives_century_and_sex(digit, century, sex):
    parsed = iin.parse(_complete(f"450315{digit}0001"))
    assert parsed.birth_date == date(century + 45, 3, 15)
    assert parsed.sex == sex
    assert not parsed.needs_confirmation


def test_made_numbers_parse_back_to_their_birth_date_and_sex():
    rng = random.Random(7)
    day, made = date(1800, 1, 1), 0
    while day < date(2099, 12, 31):
        for sex in "MF":
            number = iin.make(day, sex, rng.randint(0, 9999))
            if number is None:
                continue
            parsed = iin.parse(number)
            assert (parsed.birth_date, parsed.sex, parsed.needs_confirmation) == (day, sex, False), number
            made += 1
        day += timedelta(days=rng.randint(1, 9))
    assert made > 20_000


def test_make_gives_none_only_when_no_check_digit_exists():
    born = date(1979, 10, 28)
    nones = 0
    for serial in range(10_000):
        number = iin.make(born, "M", serial)
        first = f"7910283{serial:04d}"
        if number is None:
            nones += 1
            assert _domain_check_digit(first) is None
        else:
            assert number[:11] == first and len(number) == 12
    assert 0 < nones < 10_000


def test_a_masked_iin_shows_its_last_four_digits_only():
    # Lists print the birth date beside it: the first six digits would only repeat it, the seventh give the sex.
    assert iin.mask("791028302728") == "••••••••2728"
    assert not any(digit in iin.mask("791028302728")[:8] for digit in "0123456789")
    assert iin.mask(None) == iin.mask("") == ""
