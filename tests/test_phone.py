"""Phone numbers: every usual way of typing a Kazakhstan number gives «+7» and ten digits."""

from __future__ import annotations

import pytest

from app.rules import phone
from app.rules.phone import InvalidPhone, normalize_phone


@pytest.mark.parametrize("typed", [
    "8 701 123 45 67", "+7(701)123-45-67", "87011234567", "7011234567", "+7 701 1234567",
    "8-701-123-45-67", "+77011234567", "77011234567", "8 (701) 123-45-67", "+7 (701) 123 45 67",
    "  8 701 123 45 67  ", "701 123 45 67", "8.701.123.45.67", "8\u00a0701\u00a0123\u00a045\u00a067",
    "+ 7 701 123 45 67", "007 701 123 45 67", "8–701–123–45–67",
])
def test_usual_ways_of_typing_one_number_give_one_form(typed):
    assert normalize_phone(typed) == "+77011234567"


@pytest.mark.parametrize("typed, stored", [
    ("8 7282 21 34 56", "+77282213456"),  # Taldykorgan landline, 4-digit area code
    ("8 72840 2 13 45", "+77284021345"),  # a district landline, 5-digit area code
    ("+7 747 000 00 00", "+77470000000"),
    ("8 777 999 99 99", "+77779999999"),
    ("6001234567", "+76001234567"),  # the 6xx range belongs to Kazakhstan too
])
def test_mobile_and_landline_numbers_are_kept(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_no_phone_is_an_empty_string(typed):
    assert normalize_phone(typed) == ""


def test_a_stored_number_normalizes_to_itself():
    assert normalize_phone(normalize_phone("8 701 123 45 67")) == "+77011234567"


def _reason(typed: str) -> str:
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone(typed)
    assert isinstance(caught.value, ValueError)
    assert caught.value.reason == str(caught.value)
    return caught.value.reason


@pytest.mark.parametrize("typed", [
    "8 701 123 45 6", "8 701 123 45 678", "701 123 45 6", "+7 701 123 45 6", "+7 701 123 45 678",
    "123", "8", "87011234", "8701123456", "870112345678", "7011234567890",
])
def test_too_few_or_too_many_digits_are_refused(typed):
    assert _reason(typed) == phone.WRONG_LENGTH


@pytest.mark.parametrize("typed", [
    "8 701 ABC 45 67", "8 701 123 45 67 доб. 12", "+7 701 123 45 67!", "phone", "+", "++7 701 123 45 67",
    "8 701 +123 45 67", "８ ７０１ １２３ ４５ ６７", "8/701/123/45/67", "-", "()",
])
def test_letters_and_other_signs_are_refused(typed):
    assert _reason(typed) == phone.NOT_A_NUMBER


@pytest.mark.parametrize("typed", [
    "+996 555 123 456",  # Kyrgyzstan
    "+998 90 123 45 67",  # Uzbekistan
    "+1 212 555 0100",
    "+8 701 123 45 67",  # no such country code
    "+7 912 345 67 89",  # Russia shares +7, but its numbers start with 3, 4, 8 or 9
    "8 912 345 67 89",
    "9123456789",
    "00996 555 123 456",
])
def test_numbers_outside_kazakhstan_are_refused(typed):
    assert _reason(typed) == phone.NOT_KAZAKHSTAN


def test_each_kind_of_mistake_has_its_own_message():
    assert len({phone.NOT_A_NUMBER, phone.WRONG_LENGTH, phone.NOT_KAZAKHSTAN}) == 3
