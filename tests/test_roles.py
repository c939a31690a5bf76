"""Roles in every area's services: a role without the area is refused with one message
that names both and nothing changes, the role with it succeeds; the viewer reads and prints only."""

from __future__ import annotations

import inspect
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db, demo
from app.errors import PermissionDenied
from app.models import AuditEntry
from app.printing import activity as activity_reports
from app.printing import events as event_reports
from app.printing import grants as grant_reports
from app.printing import issues as issue_reports
from app.printing import meetings as meeting_reports
from app.services import access, bookings, calendar, dashboard, events, grants, local_issues, meetings, members, settings, users
from app.services.calendar import HolidayRow
from app.services.events import EventData
from app.services.grants import DonorData, GrantData
from app.services.local_issues import IssueData
from app.services.meetings import ItemData, MeetingData

pytestmark = pytest.mark.every_database

PASSWORD = "pass-word-1"
MEETING_DAY = datetime(2026, 3, 14, 10, 0)
LIGHTING = "Көше жарығы (уличное освещение)"
COURSE = "Курс (курс)"
HALL = 1  # a room seeded by migration 0001


@pytest.fixture
def office(database):
    """Sign-in on: an administrator and one user of each other role, each named after the role."""
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", PASSWORD)
    for role in ("secretary", "staff", "accountant", "viewer"):
        users.create(users.UserData(role, role.title(), role), PASSWORD)
    return database


def as_(role: str) -> None:
    users.sign_in(role, PASSWORD)


def audit_rows() -> int:
    """Every write leaves a row in the audit log, so an unchanged count means nothing was written."""
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


# One change in each area, and how many records it adds to.
CHANGES = {
    "meetings": (lambda: meetings.create(MeetingData("assembly", MEETING_DAY), [ItemData("Roads")]),
                 lambda: len(meetings.list_meetings())),
    "issues": (lambda: local_issues.create(IssueData("Dark street", LIGHTING, date(2026, 3, 2), village_id=1)),
               local_issues.count),
    "grants": (lambda: grants.save_donor(DonorData("Soros Foundation Kazakhstan", "foreign")),
               lambda: len(grants.donors())),
    "events": (lambda: events.create(EventData("Computer course", COURSE, datetime(2026, 4, 2, 10),
                                               datetime(2026, 4, 2, 12), (HALL,))),
               events.count),
    "settings": (lambda: settings.save_rooms(settings.rooms() + [settings.RoomRow(None, "Sports hall", 60)]),
                 lambda: len(settings.rooms())),
}


@pytest.mark.parametrize("role", access.ROLES)
@pytest.mark.parametrize("area", CHANGES)
def test_only_roles_with_an_area_change_it_and_others_are_refused_naming_both(office, area, role):
    change, count = CHANGES[area]
    as_(role)
    before, logged = count(), audit_rows()
    if area in access.ROLE_AREAS[role]:
        change()
        assert count() == before + 1
        return
    with pytest.raises(PermissionDenied) as refused:
        change()
    role_name, area_name = access.ROLES[role], access.AREAS[area]
    assert str(refused.value) == f"Your role ({role_name}) does not allow changing {area_name}. Ask the administrator."
    assert (count(), audit_rows()) == (before, logged)


# Changes that reach into another area ------------------------------------------------------------------

def test_staff_put_a_local_issue_on_a_meeting_agenda_which_the_secretary_prepared(office):
    as_("secretary")
    meeting_id = meetings.create(MeetingData("assembly", MEETING_DAY), [ItemData("Roads")])
    as_("staff")
    issue_id = local_issues.create(IssueData("Dark street", LIGHTING, date(2026, 3, 2)))
    local_issues.put_on_agenda(issue_id, meeting_id)
    assert [item.local_issue_id for item in meetings.get(meeting_id).items] == [None, issue_id]
    as_("secretary")
    with pytest.raises(PermissionDenied, match="changing local issues"):
        local_issues.put_on_agenda(issue_id, meeting_id)
    assert len(meetings.get(meeting_id).items) == 2


def test_the_accountant_links_a_grant_to_the_local_issues_it_pays_for(office):
    as_("staff")
    issue_id = local_issues.create(IssueData("Dark street", LIGHTING, date(2026, 3, 2)))
    as_("accountant")
    donor = grants.save_donor(DonorData("Akimat of Koksu district", "akimat"))
    grant_id = grants.create_grant(GrantData(donor, "7", date(2026, 1, 5), date(2026, 2, 1), date(2026, 12, 31),
                                             "KZT", "1 000 000"))
    grants.set_issues(grant_id, [issue_id])
    assert [row.id for row in grants.grants_for_issue(issue_id)] == [grant_id]
    as_("staff")
    with pytest.raises(PermissionDenied, match="changing grants and donors"):
        grants.set_issues(grant_id, [])
    assert grants.get(grant_id).issue_ids == (issue_id,)


def test_the_secretary_books_the_room_of_a_meeting_without_the_events_area(office):
    as_("secretary")
    meeting_id = meetings.create(MeetingData("assembly", MEETING_DAY, room_id=HALL), [ItemData("Roads")])
    assert [(entry.meeting_id, entry.room_id) for entry in events.calendar(MEETING_DAY.date(), MEETING_DAY.date())] \
        == [(meeting_id, HALL)]


# The administrator's own changes ---------------------------------------------------------------------

@pytest.mark.parametrize("role", ["secretary", "staff", "accountant", "viewer"])
def test_only_the_administrator_edits_the_working_day_calendar_or_adds_the_demo_district(office, role):
    as_(role)
    with pytest.raises(PermissionDenied, match="changing settings, users and backups"):
        calendar.save_holidays(2026, [HolidayRow(date(2026, 12, 31), "New Year's Eve")])
    with pytest.raises(PermissionDenied, match="changing settings, users and backups"):
        demo.generate(10)
    as_("administrator")
    assert not calendar.is_edited(2026) and members.count() == 0
    calendar.save_holidays(2026, [HolidayRow(date(2026, 12, 31), "New Year's Eve")])
    assert calendar.is_edited(2026)


# Every guarded service, and the viewer ----------------------------------------------------------------

SERVICE_MODULES = (meetings, local_issues, grants, events, bookings, calendar, settings, demo, members, users)


def defined_in(function, module) -> bool:
    """Whether the module or, for a package, one of its modules defines the function (not one it imports)."""
    return f"{function.__module__}.".startswith(f"{module.__name__}.")


def guarded() -> list:
    """Every public service function that checks a role: ``requires`` marks each with its area."""
    return [function for module in SERVICE_MODULES for name, function in sorted(vars(module).items())
            if not name.startswith("_") and getattr(function, "area", None) and defined_in(function, module)]


def test_every_area_has_its_guarded_services():
    areas = {function.area for function in guarded()}
    assert areas == set(access.AREAS)
    assert {"create", "update", "save_agenda", "update_decision", "sign"} <= {
        f.__name__ for f in guarded() if defined_in(f, meetings)}


def test_the_viewer_is_refused_by_every_guarded_service_before_it_writes_anything(office):
    as_("viewer")
    logged = audit_rows()
    for function in guarded():
        required = [p for p in inspect.signature(function).parameters.values()
                    if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        # Dummy arguments: the role is checked before they are looked at.
        with pytest.raises(PermissionDenied, match=r"Your role \(Viewer\) does not allow changing"):
            function(*[None] * len(required))
    assert audit_rows() == logged


def test_the_viewer_reads_every_list_and_builds_every_report(office):
    as_("administrator")
    meeting_id = meetings.create(MeetingData("gathering", MEETING_DAY, village_id=1, room_id=HALL, chair="Chair",
                                             secretary="Secretary"), [ItemData("Roads")])
    meetings.set_entitled(meeting_id, 10, "The village's own count")
    meetings.set_head_count(meeting_id, 5)
    meetings.record_vote(meetings.get(meeting_id).items[0].id, 5, 0, 0)
    issue_id = local_issues.create(IssueData("Dark street", LIGHTING, date(2026, 3, 2), village_id=1))
    donor = grants.save_donor(DonorData("Akimat of Koksu district", "akimat"))
    grant_id = grants.create_grant(GrantData(donor, "7", date(2026, 1, 5), date(2026, 2, 1), date(2026, 12, 31),
                                             "KZT", "1 000 000"))
    event_id = events.create(EventData("Computer course", COURSE, datetime(2026, 3, 16, 10),
                                       datetime(2026, 3, 16, 12), (HALL,)))[0]
    as_("viewer")
    logged = audit_rows()
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    assert [row.id for row in meetings.list_meetings()] == [meeting_id]
    assert meetings.get(meeting_id).items[0].decision is not None and len(meetings.decisions()) == 1
    assert local_issues.get(issue_id).data.title == "Dark street" and len(local_issues.rows()) == 1
    assert grants.get(grant_id).data.agreement_number == "7" and len(grants.list_grants()) == 1
    assert events.get(event_id).data.title == "Computer course" and len(events.rows()) == 1
    assert len(events.calendar(first, last)) == 2  # the event and the meeting in the hall
    events.day_sheet(MEETING_DAY.date())
    for lang in ("kk", "ru"):
        meeting_reports.minutes_data(meeting_id, lang)
        meeting_reports.notice_data(meeting_id, lang)
        meeting_reports.decisions_register_data(first, last, lang)
        issue_reports.report_data(first, last, lang)
        grant_reports.report_data(first, last, lang)
        event_reports.report_data(first, last, lang)
        activity_reports.report_data(first, last, lang)
    dashboard.summary()
    dashboard.figures()
    assert settings.load().single_user is False and calendar.holidays(2026)
    assert members.rows() == [] and {u.login for u in users.users()} >= {"viewer"}
    assert audit_rows() == logged
    with pytest.raises(PermissionDenied):
        local_issues.add_comment(issue_id, "Seen")
