"""The ranges of what a user types (app/rules/ranges.py), at their edges: pure functions, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.rules import ranges
from app.rules.ranges import OutOfRange


def refused(call, *args, reason: str | None = None, **kwargs) -> OutOfRange:
    with pytest.raises(OutOfRange) as error:
        call(*args, **kwargs)
    if reason is not None:
        assert error.value.reason == reason
    return error.value


@pytest.mark.parametrize("typed, number", [("0", 0), ("7", 7), (" 42 ", 42), ("007", 7), ("+3", 3),
                                           ("2147483647", 2147483647)])
def test_whole_numbers_are_read_up_to_what_an_integer_column_holds(typed, number):
    assert ranges.whole_number(typed) == number


@pytest.mark.parametrize("typed, reason", [
    ("2147483648", ranges.NUMBER_TOO_BIG),
    ("12345678901234567890123", ranges.NUMBER_TOO_BIG),
    ("9" * 5000, ranges.NUMBER_TOO_BIG),  # more digits than int() reads from text
    ("-1", ranges.NUMBER_TOO_SMALL),
    ("-" + "9" * 5000, ranges.NUMBER_TOO_SMALL),
    ("NaN", ranges.NOT_WHOLE_NUMBER), ("inf", ranges.NOT_WHOLE_NUMBER), ("1e3", ranges.NOT_WHOLE_NUMBER),
    ("1_000", ranges.NOT_WHOLE_NUMBER), ("١٢", ranges.NOT_WHOLE_NUMBER), ("", ranges.NOT_WHOLE_NUMBER),
    ("4.5", ranges.NOT_WHOLE_NUMBER),
])
def test_a_number_no_column_holds_or_no_number_is_refused_in_words(typed, reason):
    assert refused(ranges.whole_number, typed, reason=reason).params["value"] == typed


def test_a_record_number_runs_from_1():
    assert ranges.record_id("1") == 1
    for typed in ("0", "-4", "12345678901234567890123", "x"):
        assert refused(ranges.record_id, typed, reason=ranges.NOT_A_RECORD).params["limit"] == 2**31 - 1


def test_dates_are_kept_from_1900_to_2100():
    assert ranges.check_day(date(1900, 1, 1)) == date(1900, 1, 1)
    assert ranges.check_day(date(2100, 12, 31)) == date(2100, 12, 31)
    for day in (date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)):
        assert refused(ranges.check_day, day, reason=ranges.DAY_OUT_OF_RANGE).params["day"] == day.isoformat()


def test_a_birth_date_is_from_1900_and_not_in_the_future():
    today = date(2026, 12, 7)
    assert ranges.check_birth_date(date(1900, 1, 1), today) == date(1900, 1, 1)
    assert ranges.check_birth_date(today, today) == today
    for day in (date(1, 1, 1), date(1800, 1, 1), date(1899, 12, 31)):
        refused(ranges.check_birth_date, day, today, reason=ranges.BIRTH_BEFORE_1900)
    refused(ranges.check_birth_date, date(2026, 12, 8), today, reason=ranges.BIRTH_IN_FUTURE)


def test_a_head_count_is_at_most_the_entitled_or_the_villages_residents():
    assert ranges.check_head_count(448, entitled=448, residents=300) == 448
    assert ranges.check_head_count(520, entitled=448, residents=520) == 520  # the register lags behind
    error = refused(ranges.check_head_count, 99_999_999_999, entitled=448, residents=300,
                    reason=ranges.HEAD_COUNT_TOO_BIG)
    assert error.params == {"count": 99_999_999_999, "limit": 448}
    # No register kept yet and no number entitled typed: the head count is a fact to record, within its column.
    assert ranges.check_head_count(120, entitled=0, residents=0) == 120
    refused(ranges.check_head_count, 99_999_999_999, entitled=0, residents=0)


def test_a_capacity_is_at_least_one_and_fits_its_column():
    assert ranges.check_capacity(1) == 1
    for capacity in (0, -3):
        refused(ranges.check_capacity, capacity, reason=ranges.CAPACITY_TOO_SMALL)
    refused(ranges.check_capacity, 2**31, reason=ranges.NUMBER_TOO_BIG)
    refused(ranges.check_count, 10**23, reason=ranges.NUMBER_TOO_BIG)


def test_money_is_within_its_column_and_15_digits_sqlite_keeps_exactly():
    assert ranges.largest_amount(16) == D("9999999999999.99")  # Numeric(16, 2): 15 digits on SQLite
    assert ranges.largest_amount(12) == D("9999999999.99")  # narrower than 15: the column's own
    assert ranges.check_amount(D("9999999999999.99"), 16) == D("9999999999999.99")
    for amount in (D("10000000000000.00"), D("99999999999999.99"), D("1E+23")):
        assert refused(ranges.check_amount, amount, 16, reason=ranges.AMOUNT_TOO_BIG).params["limit"] == \
            D("9999999999999.99")


def test_every_amount_up_to_the_limit_survives_a_float_to_the_tiyn():
    # What SQLite does with a Numeric: a REAL, read back through two decimals.
    for amount in (D("9999999999999.99"), D("9999999999999.01"), D("1234567890123.45"), D("8000000000000.07")):
        assert D(f"{float(amount):.2f}") == amount
    assert D(f"{float(D('99999999999999.99')):.2f}") != D("99999999999999.99")  # past it, a tiyn is lost


@pytest.mark.parametrize("typed, value", [("4325", D("4325")), ("4325,50", D("4325.50")), (D("3932.00"), D("3932"))])
def test_an_mci_is_a_positive_amount(typed, value):
    assert ranges.check_mci(typed, 12) == value


@pytest.mark.parametrize("typed, reason", [
    ("Infinity", ranges.MCI_NOT_A_NUMBER), ("-Infinity", ranges.MCI_NOT_A_NUMBER), ("NaN", ranges.MCI_NOT_A_NUMBER),
    ("sNaN", ranges.MCI_NOT_A_NUMBER), (D("NaN"), ranges.MCI_NOT_A_NUMBER), ("abc", ranges.MCI_NOT_A_NUMBER),
    ("4325.555", ranges.MCI_NOT_A_NUMBER), ("0", ranges.MCI_NOT_POSITIVE), ("-4325", ranges.MCI_NOT_POSITIVE),
    ("1e30", ranges.AMOUNT_TOO_BIG), ("10000000000", ranges.AMOUNT_TOO_BIG),
])
def test_an_impossible_mci_is_refused(typed, reason):
    refused(ranges.check_mci, typed, 12, reason=reason)


def test_text_with_nul_or_a_lone_surrogate_is_refused():
    assert ranges.check_text("Мұқанов\tАйгүл 😀") == "Мұқанов\tАйгүл 😀"
    refused(ranges.check_text, "Ай\x00гүл", reason=ranges.NUL_IN_TEXT)
    refused(ranges.check_text, "Ай\ud800гүл", reason=ranges.BROKEN_TEXT)
    refused(ranges.check_text, "Mueller\udcfc", reason=ranges.BROKEN_TEXT)  # Latin-1 ü read as UTF-8


def test_an_imported_cell_past_the_limit_is_refused_with_its_row_and_column():
    assert ranges.check_cell("x" * ranges.MAX_CELL, 2, "Notes") == "x" * ranges.MAX_CELL
    error = refused(ranges.check_cell, "x" * (ranges.MAX_CELL + 1), 7, "Notes", reason=ranges.CELL_TOO_BIG)
    assert error.params == {"row": 7, "column": "Notes", "limit": ranges.MAX_CELL, "size": ranges.MAX_CELL + 1}
