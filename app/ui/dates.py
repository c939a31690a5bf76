"""Date fields that may be left empty: a QDateEdit at its minimum shows and reads as "no date"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

EMPTY_DATE = QDate(1800, 1, 1)


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMinimumDate(EMPTY_DATE)
    edit.setSpecialValueText(" ")
    edit.setDate(EMPTY_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    return None if edit.date() == EMPTY_DATE else edit.date().toPython()
