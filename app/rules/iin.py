"""The IIN (individual identification number), as docs/domain.md describes it.

12 digits: YYMMDD, a century-and-sex digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even
female), a 4-digit serial and a check digit computed with two rows of weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIin(ValueError):
    """``reason`` is an English catalogue message naming the part that is wrong."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Iin:
    number: str
    birth_date: date | None  # None only for a century digit of 0 (see parse)
    sex: str | None  # "M" or "F"
    needs_confirmation: bool = False


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when both weight rows give 10 (no valid IIN)."""
    digits = [int(c) for c in first_eleven]
    for weights in (WEIGHTS_1, WEIGHTS_2):
        value = sum(d * w for d, w in zip(digits, weights)) % 11
        if value != 10:
            return value
    return None


def parse(text: str) -> Iin:
    """Checks an IIN; raises InvalidIin saying which part is wrong.

    A century digit of 0 (reported for some foreign residents) parses with needs_confirmation
    set: the caller must ask the user, never accept it silently (docs/domain.md).
    """
    number = "".join(text.split())
    if not number.isdigit() or not number.isascii():
        raise InvalidIin("An IIN has digits only.")
    if len(number) != 12:
        raise InvalidIin("An IIN has 12 digits.")
    expected = check_digit(number[:11])
    if expected is None or expected != int(number[11]):
        raise InvalidIin("The IIN's check digit (the last one) does not match: the number is mistyped.")
    century_digit = int(number[6])
    if century_digit == 0:
        return Iin(number, None, None, needs_confirmation=True)
    if century_digit not in CENTURIES:
        raise InvalidIin("The IIN's 7th digit (century and sex) must be 1 to 6.")
    year = CENTURIES[century_digit] + int(number[0:2])
    try:
        born = date(year, int(number[2:4]), int(number[4:6]))
    except ValueError:
        raise InvalidIin("The IIN's first six digits are not a real birth date (YYMMDD).") from None
    return Iin(number, born, "M" if century_digit % 2 else "F")


def make(born: date, sex: str, serial: int) -> str | None:
    """The IIN for a birth date, sex and 4-digit serial, or None if that serial has no check digit."""
    century = (born.year // 100) * 100
    digit = {1800: 1, 1900: 3, 2000: 5}[century] + (0 if sex == "M" else 1)
    first = f"{born:%y%m%d}{digit}{serial:04d}"
    check = check_digit(first)
    return None if check is None else first + str(check)


def mask(number: str | None) -> str:
    """An IIN as lists and printed registers show it: only its last four digits, since the first six
    are the birth date printed beside it and the seventh the sex (docs/domain.md, IIN)."""
    return f"••••••••{number[-4:]}" if number else ""


def parse_bin(text: str) -> str:
    """Checks a BIN (an organisation's number; docs/domain.md, IIN: YYMM of registration, a type digit 4/5/6,
    an attribute digit, a serial and the IIN's check digit); returns its 12 digits or raises InvalidIin."""
    number = "".join(text.split())
    if not number.isdigit() or not number.isascii():
        raise InvalidIin("A BIN has digits only.")
    if len(number) != 12:
        raise InvalidIin("A BIN has 12 digits.")
    expected = check_digit(number[:11])
    if expected is None or expected != int(number[11]):
        raise InvalidIin("The BIN's check digit (the last one) does not match: the number is mistyped.")
    if not 1 <= int(number[2:4]) <= 12:
        raise InvalidIin("The BIN's 3rd and 4th digits are the month of registration: 01 to 12.")
    if number[4] not in "456":
        raise InvalidIin("The BIN's 5th digit (the kind of organisation) is 4, 5 or 6.")
    return number
