"""Roles in every area's services (issue 10): a role without the area is refused with one message
that names both and nothing changes, the role with it succeeds; the viewer reads and prints only."""

from __future__ import annotations

import inspect
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from app.errors import PermissionDenied
from app.models import AuditEntry
from app.services import access, events, grants, local_issues, meetings, settings, users
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
