"""Dates as staff type them."""

from __future__ import annotations

from datetime import date, datetime

FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def parse_date(text: str) -> date:
    """2026-03-14, 14.03.2026 or 14/03/2026; raises ValueError for anything else."""
    text = text.strip()
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (later, for negative ``years``); 29 February falls back to 28."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
