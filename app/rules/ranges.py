"""The ranges the domain allows for what a user types: a number outside them is a typing slip or
an attack, never a fact of a village office, and is refused with a message of its own before it
reaches the database (where it would be stored wrong, overflow a column, or fail with a bare error).

* Counts and record numbers fit an ``Integer`` column on every database: 1 to 2,147,483,647 for an
  id, 0 up to that for a count.
* A head count at a сход is at most the people entitled to attend or the residents of its village in
  the register, whichever is more: the register lags behind the village
  (docs/domain.md, Local self-government), and past both the number entitled is overridden first.
* An event or a room holds at least 1 person.
* Money is within its ``Numeric`` column and exact on both databases: SQLite keeps a Numeric as a
  REAL, exact to 15 significant digits only, so an amount has at most 15 digits with its two
  decimals, fewer where the column is narrower (docs/architecture.md: money and dates).
* The MCI is a positive, finite amount (docs/domain.md, Grants).
* Dates are from 1900 to 2100: the years an office's records, periods and plans live in. A birth
  date is from 1900 on and not in the future.
* Text holds no NUL (PostgreSQL refuses it) and no lone surrogate (it has no UTF-8 form): both come
  from a broken file or terminal, never from typing.
* A cell of an imported file holds at most ``MAX_CELL`` characters: the longest field of the
  register is its notes, and a bigger cell is a broken or hostile file.

A rule raises OutOfRange whose ``reason`` is an English catalogue message with ``params``; the
service or the command line shows it beside ``field``.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from app.rules import N_

INTEGER_MAX = 2**31 - 1  # an Integer column on PostgreSQL; SQLite holds more, the office never needs it
EXACT_DIGITS = 15  # significant digits a REAL (SQLite's Numeric) gives back exactly
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
MAX_CELL = 10_000
CENT = Decimal("0.01")

NOT_WHOLE_NUMBER = N_("“{value}” is not a whole number.")
NUMBER_TOO_BIG = N_("“{value}” is too big: a number here is at most {limit}.")
NUMBER_TOO_SMALL = N_("“{value}” is too small: a number here is at least {limit}.")
NOT_A_RECORD = N_("“{value}” is not a record number: they run from 1 to {limit}.")
DAY_OUT_OF_RANGE = N_("{day} is outside the years {first}–{last} the office keeps records for.")
BIRTH_BEFORE_1900 = N_("A birth date before {first} cannot be right: check the year.")
BIRTH_IN_FUTURE = N_("The birth date is in the future.")
HEAD_COUNT_TOO_BIG = N_("A head count of {count} is more than the {limit} people entitled to attend or living "
                        "in the village: check the number, or first override the number entitled, with its reason.")
CAPACITY_TOO_SMALL = N_("A capacity is at least 1 person; leave it empty for no limit.")
AMOUNT_TOO_BIG = N_("An amount is at most {limit}.")
MCI_NOT_POSITIVE = N_("An MCI value must be more than zero.")
MCI_NOT_A_NUMBER = N_("“{value}” is not an MCI value: write it in tenge, as 4325 or 4325,50.")
NUL_IN_TEXT = N_("The text has a NUL character (code 0), which no text holds: it came from a broken file "
                 "or terminal. Type it again.")
BROKEN_TEXT = N_("The text has a broken character (half of a UTF-16 pair, or bytes that are not UTF-8): "
                 "it came from a broken file or terminal. Type it again.")
CELL_TOO_BIG = N_("Row {row}, column “{column}”: a cell holds at most {limit} characters; this one has {size}.")

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


class OutOfRange(ValueError):
    """``reason`` is an English catalogue message with ``params``, shown by the service."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def whole_number(text: str, *, low: int = 0, high: int = INTEGER_MAX) -> int:
    """A whole number as typed, within an Integer column; a number too big or not a number is
    refused in words before it overflows anything (``int`` alone takes 10**4300 digits)."""
    value = text.strip()
    # Plain ASCII digits only: int() would also take «1_000», «١٢» and a number of 4,300 digits.
    if not re.fullmatch(r"[+-]?\d+", value, flags=re.ASCII):
        raise OutOfRange(NOT_WHOLE_NUMBER, value=text)
    digits = value.lstrip("+-").lstrip("0")
    if not value.startswith("-") and (len(digits) > len(str(high)) or int(value) > high):
        raise OutOfRange(NUMBER_TOO_BIG, value=text, limit=high)
    if value.startswith("-") and len(digits) > len(str(high)) or int(value) < low:
        raise OutOfRange(NUMBER_TOO_SMALL, value=text, limit=low)
    return int(value)


def record_id(text: str) -> int:
    """The number of a record as lists print it: 1 to INTEGER_MAX."""
    try:
        return whole_number(text, low=1)
    except OutOfRange:
        raise OutOfRange(NOT_A_RECORD, value=text, limit=INTEGER_MAX) from None


def check_day(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise OutOfRange(DAY_OUT_OF_RANGE, day=day.isoformat(), first=EARLIEST_DAY.year, last=LATEST_DAY.year)
    return day


def check_birth_date(day: date, today: date) -> date:
    if day < EARLIEST_DAY:
        raise OutOfRange(BIRTH_BEFORE_1900, first=EARLIEST_DAY.year)
    if day > today:
        raise OutOfRange(BIRTH_IN_FUTURE)
    return day


def check_count(count: int) -> int:
    """A number of people (entitled, present, votes) an Integer column holds."""
    if count > INTEGER_MAX:
        raise OutOfRange(NUMBER_TOO_BIG, value=count, limit=INTEGER_MAX)
    return count


def check_head_count(count: int, entitled: int, residents: int) -> int:
    """``count`` at most ``entitled`` or ``residents`` (of the сход's village), whichever is more; with
    neither known (no register kept yet, no number entitled typed) only the column's limit holds."""
    limit = max(entitled, residents)
    if not limit:
        return check_count(count)
    if count > limit:
        raise OutOfRange(HEAD_COUNT_TOO_BIG, count=count, limit=limit)
    return count


def check_capacity(capacity: int) -> int:
    if capacity < 1:
        raise OutOfRange(CAPACITY_TOO_SMALL)
    return check_count(capacity)


def largest_amount(precision: int, scale: int = 2) -> Decimal:
    """The largest amount a Numeric(precision, scale) column keeps exactly on every database."""
    digits = min(precision, EXACT_DIGITS)
    return Decimal(10**digits - 1).scaleb(-scale)


def check_amount(amount: Decimal, precision: int, scale: int = 2) -> Decimal:
    limit = largest_amount(precision, scale)
    if amount > limit:
        raise OutOfRange(AMOUNT_TOO_BIG, limit=limit)
    return amount


def check_mci(amount: Decimal | str, precision: int) -> Decimal:
    """An MCI value as typed or given: a positive, finite number of tenge with at most two
    decimals, within its column."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip().replace(",", "."))
    except ArithmeticError:
        raise OutOfRange(MCI_NOT_A_NUMBER, value=str(amount)) from None
    if not value.is_finite():  # NaN, Infinity
        raise OutOfRange(MCI_NOT_A_NUMBER, value=str(amount))
    if value <= 0:
        raise OutOfRange(MCI_NOT_POSITIVE)
    value = check_amount(value, precision)
    if value != value.quantize(CENT):
        raise OutOfRange(MCI_NOT_A_NUMBER, value=str(amount))
    return value


def check_text(text: str) -> str:
    """Text with no NUL and no lone surrogate."""
    found = _NOT_TEXT.search(text)
    if found:
        raise OutOfRange(NUL_IN_TEXT if found.group() == "\x00" else BROKEN_TEXT)
    return text


def check_cell(text: str, row: int, column: str) -> str:
    """A cell of an imported file (row as the file numbers it, the column's heading), refused past
    MAX_CELL characters before anything is made of it."""
    if len(text) > MAX_CELL:
        raise OutOfRange(CELL_TOO_BIG, row=row, column=column, limit=MAX_CELL, size=len(text))
    return text
