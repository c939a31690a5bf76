"""Figures for the start page: the members summary for the first paint (plain table queries), then
every area's figures, read from the areas' own functions once the page is on screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app import clock, db
from app.db import unit_of_work
from app.models import Household, Member, Village
from app.services import backup, settings

if TYPE_CHECKING:
    from app.services import appeals, events, grants, local_issues, members


@dataclass(frozen=True)
class VillageFigures:
    village_id: int
    name_kk: str
    name_ru: str
    members: int
    households: int


@dataclass(frozen=True)
class OfficeSummary:
    district_name_kk: str
    district_name_ru: str
    centre_name_kk: str
    centre_name_ru: str
    villages: tuple[VillageFigures, ...]
    members: int
    households: int
    last_backup: datetime | None
    database: str


def summary() -> OfficeSummary:
    # Plain table queries: the start page opens with the window, and the first ORM query would
    # configure every mapper of every area first (a cost that grows with each area's models).
    member, household, village = Member.__table__.c, Household.__table__.c, Village.__table__.c
    district = settings.load()
    with unit_of_work() as session:
        members = dict(session.execute(select(member.village_id, func.count()).group_by(member.village_id)).all())
        households = dict(session.execute(
            select(household.village_id, func.count()).group_by(household.village_id)).all())
        villages = tuple(
            VillageFigures(v.id, v.name_kk, v.name_ru, members.get(v.id, 0), households.get(v.id, 0))
            for v in session.execute(select(village.id, village.name_kk, village.name_ru)
                                     .order_by(village.position, village.id)))
    newest = backup.last_backup()  # a file copy, or pg_dump's on a server database
    last = datetime.fromtimestamp(newest.stat().st_mtime) if newest else None
    return OfficeSummary(district.district_name_kk, district.district_name_ru, district.centre_name_kk,
                         district.centre_name_ru, villages, sum(members.values()), sum(households.values()),
                         last, db.location())


@dataclass(frozen=True)
class UpcomingMeeting:
    kind: str
    kind_name: str
    number: int
    starts_at: datetime
    village_kk: str
    village_ru: str


@dataclass(frozen=True)
class MeetingFigures:
    upcoming: tuple[UpcomingMeeting, ...]  # this week's meetings, soonest first
    awaiting_answer: int  # decisions sent to the akim, no answer yet
    overdue: int


def meeting_figures(today: date | None = None) -> MeetingFigures:
    """The meetings of the coming week and the decisions waiting on the akim or overdue. Asked for
    once the start page is on screen: the meetings service is not on the start-up path."""
    from app.services import meetings

    today = today or clock.today()
    week_end = today + timedelta(days=7)
    listed = [m for year in sorted({today.year, week_end.year}) for m in meetings.list_meetings(year=year)]
    upcoming = tuple(UpcomingMeeting(m.kind, m.kind_name, m.number, m.starts_at, m.village_kk, m.village_ru)
                     for m in sorted(listed, key=lambda m: m.starts_at)
                     if today <= m.starts_at.date() <= week_end)
    decisions = meetings.decision_figures(today)
    return MeetingFigures(upcoming, decisions.awaiting_answer, decisions.overdue)


@dataclass(frozen=True)
class WeekEntry:
    """A meeting or an event of the coming week: one list, soonest first."""

    starts_at: datetime
    meeting: UpcomingMeeting | None = None
    event: events.EventRow | None = None


@dataclass(frozen=True)
class OfficeFigures:
    """Every area's figures for the start page, each the very value of its own area's function."""

    today: date
    week_end: date
    month: members.MembersPeriod  # this month so far: joined and left, by village
    meetings: MeetingFigures
    events: tuple[events.EventRow, ...]
    week: tuple[WeekEntry, ...]
    issues: local_issues.IssueFigures
    issues_by_status: dict[str, int]
    grants: grants.GrantFigures
    appeals: appeals.AppealFigures


def figures(today: date | None = None) -> OfficeFigures:
    """Read once the start page is on screen: the area services are not on the start-up path."""
    from app.services import appeals, events, grants, local_issues, members, periods

    today = today or clock.today()
    week_end = today + timedelta(days=7)
    meeting = meeting_figures(today)
    coming = tuple(events.rows(today, week_end))
    week = sorted([WeekEntry(m.starts_at, meeting=m) for m in meeting.upcoming]
                  + [WeekEntry(e.starts_at, event=e) for e in coming], key=lambda w: w.starts_at)
    month = members.period(periods.of(today.replace(day=1), today, today))
    return OfficeFigures(today, week_end, month, meeting, coming, tuple(week), local_issues.figures(today),
                         local_issues.counts_by_status(), grants.figures(today), appeals.figures(today))
