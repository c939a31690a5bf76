"""The one place the program reads the calendar and the clock.

Everything that decides by the date (a default period, a deadline, "overdue", a record's time stamp)
asks ``today()`` or ``now()`` here, never ``date.today()`` itself, so a test or a demonstration can set
the day for the whole program at once: tests freeze it with time-machine, and ``AUYL_TODAY``
(``YYYY-MM-DD``) sets the day the program believes it is, for screenshots of a given day.
"""

from __future__ import annotations

import os
from datetime import date, datetime


def _set_day() -> date | None:
    value = os.environ.get("AUYL_TODAY", "").strip()
    return date.fromisoformat(value) if value else None


def today() -> date:
    return _set_day() or date.today()


def now() -> datetime:
    """Now, to the second, as records keep it."""
    day = _set_day()
    moment = datetime.now().replace(microsecond=0)
    return datetime.combine(day, moment.time()) if day else moment

