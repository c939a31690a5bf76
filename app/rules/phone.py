"""Phone numbers as staff type them, kept in one form: «+7» and ten digits.

Staff write a number the way it is dialled at home («8 701 123 45 67»), the way it is printed
(«+7 (701) 123-45-67») or without any prefix («701 123 45 67»). One stored form lets a search find
a number however it was typed and lets the office send SMS or call from the list.

Kazakhstan shares the country code +7 with Russia; its own numbers are the ones whose ten digits
after +7 start with 6 or 7 (mobile 70x, 747, 75x, 76x, 77x; landlines 71x, 72x). Others are refused,
so a Russian number, or a Kazakh one missing a digit and read wrongly, is caught when typed.

Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import re

from app.rules import N_

NOT_A_NUMBER = N_("A phone number has digits only (spaces, brackets, dashes and a leading + are allowed).")
WRONG_LENGTH = N_("A phone number has 10 digits after +7 or 8, e.g. 8 701 123 45 67.")
NOT_KAZAKHSTAN = N_("Only Kazakhstan phone numbers can be kept: +7 or 8, then the 10-digit number, "
                    "e.g. +7 701 123 45 67.")

# What may stand between the digits: spaces (also the no-break kinds), brackets, dashes, dots.
_SEPARATORS = re.compile(r"[\s()\-‐‑–—.]+")
_NATIONAL_DIGITS = 10
_KAZAKHSTAN_RANGES = ("6", "7")


class InvalidPhone(ValueError):
    """``reason`` is an English catalogue message saying what is wrong (as InvalidIin's)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_phone(text: str) -> str:
    """``+7`` and ten digits for a Kazakhstan number typed in any usual way; "" for no number.

    Accepted: ``8 701 123 45 67``, ``+7(701)123-45-67``, ``87011234567``, ``7011234567``,
    ``+7 701 1234567``, ``8-701-123-45-67``, ``007 701 123 45 67``. Raises InvalidPhone otherwise.
    """
    stripped = text.strip()
    if not stripped:
        return ""
    international = stripped.startswith("+")
    digits = _SEPARATORS.sub("", stripped[1:] if international else stripped)
    if not digits or not digits.isascii() or not digits.isdigit():
        raise InvalidPhone(NOT_A_NUMBER)
    if not international and digits.startswith("00"):
        # «00» is how the international prefix is dialled from most of the world.
        international, digits = True, digits[2:]
    if international:
        if not digits.startswith("7"):
            raise InvalidPhone(NOT_KAZAKHSTAN)
        national = digits[1:]
    elif digits.startswith("8"):
        national = digits[1:]  # the trunk prefix dialled at home
    elif len(digits) == _NATIONAL_DIGITS + 1 and digits.startswith("7"):
        national = digits[1:]  # «+7» typed without «+»
    else:
        national = digits
    if len(national) != _NATIONAL_DIGITS:
        raise InvalidPhone(WRONG_LENGTH)
    if not national.startswith(_KAZAKHSTAN_RANGES):
        raise InvalidPhone(NOT_KAZAKHSTAN)
    return "+7" + national
