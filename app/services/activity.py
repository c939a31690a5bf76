"""The centre's activity for a period, as the akimat asks for it each quarter and year: every
figure is taken from its own area's period function, the same one that area's report and the start
page use, so the numbers always agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import ValidationError
from app.services import events, grants, local_issues, meetings, members, settings
from app.services.periods import Period


@dataclass(frozen=True)
class ActivityPeriod:
    span: Period
    district_kk: str
    district_ru: str
    centre_kk: str
    centre_ru: str
    members: members.MembersPeriod
    meetings: meetings.MeetingsPeriod
    issues: local_issues.IssuesPeriod
    grants: grants.GrantsPeriod
    events: events.EventsPeriod


def period(span: Period) -> ActivityPeriod:
    """Every area's figures for the one period: each area's own period function, given the same span."""
    district = settings.load()
    return ActivityPeriod(span, district.district_name_kk, district.district_name_ru,
                          district.centre_name_kk, district.centre_name_ru,
                          members.period(span), meetings.period(span), local_issues.period(span),
                          grants.period(span), events.period(span))


def quarter(year: int, number: int) -> tuple[date, date]:
    """The first and last day of a quarter (1–4)."""
    if not 1 <= number <= 4:
        raise ValidationError("A quarter is 1, 2, 3 or 4.", field="quarter")
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)
