"""The centre's activity for a period, as the akimat asks for it each quarter and year: every
figure is taken from its own area's period function, the same one that area's report and the start
page use, so the numbers always agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import ValidationError
from app.services import events, grants, local_issues, meetings, members, settings


@dataclass(frozen=True)
class ActivityPeriod:
    date_from: date
    date_to: date
    district_kk: str
    district_ru: str
    centre_kk: str
    centre_ru: str
    members: members.MembersPeriod
    meetings: meetings.MeetingsPeriod
    issues: local_issues.IssuesPeriod
    grants: grants.GrantsPeriod
    events: events.EventsPeriod


def period(date_from: date, date_to: date, today: date | None = None) -> ActivityPeriod:
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.", field="date_to")
    district = settings.load()
    return ActivityPeriod(date_from, date_to, district.district_name_kk, district.district_name_ru,
                          district.centre_name_kk, district.centre_name_ru,
                          members.period(date_from, date_to), meetings.period(date_from, date_to, today=today),
                          local_issues.period(date_from, date_to), grants.period(date_from, date_to),
                          events.period(date_from, date_to))


def quarter(year: int, number: int) -> tuple[date, date]:
    """The first and last day of a quarter (1–4)."""
    if not 1 <= number <= 4:
        raise ValidationError("A quarter is 1, 2, 3 or 4.", field="quarter")
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)
