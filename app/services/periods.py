"""A period report's period: its first and last day, and the last day its figures count. Made here
once per report and passed to every area's period function, so all its figures end on the same day
(docs/domain.md, Reporting up): a period that runs past today ends, for every figure, today, and a
past period printed again later gives the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app import clock
from app.errors import ValidationError


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date
    today: date  # the day the figures were asked for

    @property
    def effective_to(self) -> date:
        """The last day counted: the period's last day, or today if it has not come yet. Before the
        first day when the whole period is still ahead (nothing has happened in it)."""
        return min(self.date_to, self.today)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date_from, time.min)

    @property
    def ends_at(self) -> datetime:
        """The last moment counted: the end of the effective last day."""
        return datetime.combine(self.effective_to, time.max)

    def holds(self, day: date | None) -> bool:
        """Whether a day falls in the period as counted (from the first day to the effective last)."""
        return day is not None and self.date_from <= day <= self.effective_to


def of(date_from: date, date_to: date, today: date | None = None) -> Period:
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.", field="date_to")
    return Period(date_from, date_to, today or clock.today())
