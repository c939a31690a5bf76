"""Two people editing the same record never silently overwrite each other: a save over a
version someone else changed since is refused with who and what, and changes nothing; two saves at
the very same moment let one through."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app import db
from app.errors import Conflict, DatabaseError
from app.models import Donor, Event, Grant, LocalIssue, Meeting
from app.services import access, events, grants, local_issues, meetings, users
from app.services.events import EventData, Repeat
from app.services.grants import DonorData, GrantData
from app.services.meetings import ItemData, MeetingData

pytestmark = pytest.mark.every_database

MEETING_DAY = datetime(2026, 3, 14, 10, 0)
PASSWORD = "pass-word-1"


@pytest.fixture
def office(database):
    """Sign-in on, and two administrators who may change everything: Asel and Bolat."""
    users.turn_sign_in_on("asel", "Әсел Қасымова", PASSWORD)
    users.create(users.UserData("bolat", "Болат Омаров", "administrator"), PASSWORD)
    return database


def as_(login: str) -> None:
    users.sign_in(login, PASSWORD)


def refused(save, by: str) -> Conflict:
    """The Conflict ``save`` raises, after checking it names ``by``."""
    with pytest.raises(Conflict) as conflict:
        save()
    assert conflict.value.changed_by == by
    assert "while you were editing it" in str(conflict.value)
    return conflict.value


# Meetings and decisions ---------------------------------------------------------------------------

def meeting() -> int:
    return meetings.create(MeetingData("gathering", MEETING_DAY, village_id=1, address="School hall"),
                           [ItemData("Roads")])


def test_meeting_details_saved_over_someone_elses_are_refused_with_who_and_what(office):
    meeting_id = meeting()
    read = meetings.get(meeting_id)
    as_("bolat")
    meetings.update(meeting_id, replace(meetings.get(meeting_id).data(), address="Club"))
    as_("asel")
    conflict = refused(lambda: meetings.update(meeting_id, replace(read.data(), notes="Bring the budget")), "bolat")
    assert ("address", "Club") in conflict.fields
    now = meetings.get(meeting_id)
    assert (now.address, now.notes) == ("Club", "")
    meetings.update(meeting_id, replace(now.data(), notes="Bring the budget"))  # after reloading
    assert (meetings.get(meeting_id).address, meetings.get(meeting_id).notes) == ("Club", "Bring the budget")


def test_an_agenda_saved_over_details_someone_else_changed_is_refused(office):
    meeting_id = meeting()
    read = meetings.get(meeting_id)
    as_("bolat")
    meetings.update(meeting_id, replace(read.data(), address="Club"))
    as_("asel")
    refused(lambda: meetings.save_agenda(meeting_id, [ItemData("Roads"), ItemData("Water")], read.version), "bolat")
    assert [item.title for item in meetings.get(meeting_id).items] == ["Roads"]


def test_an_agenda_saved_over_one_someone_else_changed_is_refused_and_keeps_theirs(office):
    meeting_id = meeting()
    read = meetings.get(meeting_id)
    as_("bolat")
    meetings.save_agenda(meeting_id, [ItemData("Roads"), ItemData("Lighting")], read.version)
    as_("asel")
    assert refused(lambda: meetings.save_agenda(meeting_id, [ItemData("Water")], read.version), "bolat").fields == ()
    now = meetings.get(meeting_id)
    assert [item.title for item in now.items] == ["Roads", "Lighting"]
    meetings.save_agenda(meeting_id, [ItemData("Water")], now.version)
    assert [item.title for item in meetings.get(meeting_id).items] == ["Water"]


def test_details_then_agenda_in_one_save_use_the_version_the_details_left(office):
    meeting_id = meeting()
    read = meetings.get(meeting_id)
    version = meetings.update(meeting_id, replace(read.data(), address="Club"))
    assert version == read.version + 1
    meetings.save_agenda(meeting_id, [ItemData("Roads"), ItemData("Water")], version)
    assert [item.title for item in meetings.get(meeting_id).items] == ["Roads", "Water"]


def adopted_decision() -> int:
    meeting_id = meeting()
    meetings.set_entitled(meeting_id, 10, "The village's own count")
    meetings.set_head_count(meeting_id, 5)
    meetings.record_vote(meetings.get(meeting_id).items[0].id, 5, 0, 0)
    return meetings.get(meeting_id).items[0].decision.id


def test_a_decision_saved_over_someone_elses_is_refused_naming_a_changed_name_without_its_value(office):
    decision_id = adopted_decision()
    read = meetings.decision_data(decision_id)
    as_("bolat")
    meetings.update_decision(decision_id, replace(read, responsible="Akim's office"))
    as_("asel")
    conflict = refused(lambda: meetings.update_decision(decision_id, replace(read, deadline=date(2026, 6, 1))),
                       "bolat")
    assert conflict.fields == (("responsible", None),)  # a person's name: that it changed, never what to
    now = meetings.decision_data(decision_id)
    assert (now.responsible, now.deadline) == ("Akim's office", None)
    meetings.update_decision(decision_id, replace(now, deadline=date(2026, 6, 1)))
    assert meetings.decision_data(decision_id).deadline == date(2026, 6, 1)


# Local issues ----------------------------------------------------------------------------------------

def issue() -> int:
    return local_issues.create(local_issues.IssueData("Dark street", "Көше жарығы (уличное освещение)",
                                                      date(2026, 3, 2), village_id=1))


def test_a_local_issue_saved_over_someone_elses_is_refused_with_who_and_what(office):
    issue_id = issue()
    read = local_issues.get(issue_id).data
    as_("bolat")
    local_issues.update(issue_id, replace(local_issues.get(issue_id).data, assignee="Electrician"))
    as_("asel")
    conflict = refused(lambda: local_issues.update(issue_id, replace(read, priority="urgent")), "bolat")
    assert ("assignee", "Electrician") in conflict.fields
    now = local_issues.get(issue_id).data
    assert (now.assignee, now.priority) == ("Electrician", "normal")
    local_issues.update(issue_id, replace(now, priority="urgent"))
    assert local_issues.get(issue_id).data.priority == "urgent"


def test_a_local_issue_moved_on_by_someone_else_is_not_saved_over(office):
    issue_id = issue()
    read = local_issues.get(issue_id).data
    as_("bolat")
    local_issues.change_status(issue_id, "in_progress", at=datetime(2026, 3, 3, 9, 0))
    as_("asel")
    conflict = refused(lambda: local_issues.update(issue_id, replace(read, priority="urgent")), "bolat")
    assert ("status", "in_progress") in conflict.fields
    assert local_issues.get(issue_id).data.priority == "normal"


def test_an_issue_put_on_an_agenda_meanwhile_is_not_dropped_by_an_older_agenda(office):
    meeting_id = meeting()
    read = meetings.get(meeting_id)
    issue_id = issue()
    as_("bolat")
    local_issues.put_on_agenda(issue_id, meeting_id)
    as_("asel")
    refused(lambda: meetings.save_agenda(meeting_id, [ItemData("Roads"), ItemData("Water")], read.version), "bolat")
    assert [item.local_issue_id for item in meetings.get(meeting_id).items] == [None, issue_id]


# Grants and donors -----------------------------------------------------------------------------------

def donor() -> int:
    return grants.save_donor(DonorData("UNDP GEF Small Grants Programme", "foreign"))


def grant() -> int:
    return grants.create_grant(GrantData(donor(), "KAZ/SGP/2026/01", date(2026, 1, 10), date(2026, 2, 1),
                                         date(2026, 12, 31), "USD", "20 000"))


def test_a_grant_saved_over_someone_elses_is_refused_with_who_and_what(office):
    grant_id = grant()
    read = grants.get(grant_id).data
    as_("bolat")
    grants.update_grant(grant_id, replace(grants.get(grant_id).data, programme="Small grants"))
    as_("asel")
    conflict = refused(lambda: grants.update_grant(grant_id, replace(read, total="25 000")), "bolat")
    assert ("programme", "Small grants") in conflict.fields
    now = grants.get(grant_id)
    assert (now.data.programme, now.total) == ("Small grants", 20000)
    grants.update_grant(grant_id, replace(now.data, total="25 000"))
    assert grants.get(grant_id).total == 25000


def test_a_donor_saved_over_someone_elses_is_refused_with_who_and_what(office):
    donor_id = donor()
    read = grants.donors()[0]
    as_("bolat")
    grants.save_donor(DonorData(read.name, read.kind, notes="ПРООН", version=read.version), donor_id)
    as_("asel")
    conflict = refused(lambda: grants.save_donor(DonorData("UNDP", read.kind, version=read.version), donor_id),
                       "bolat")
    assert ("notes", "ПРООН") in conflict.fields
    now = grants.donors()[0]
    assert (now.name, now.notes) == (read.name, "ПРООН")
    grants.save_donor(DonorData("UNDP", now.kind, notes=now.notes, version=now.version), donor_id)
    assert grants.donors()[0].name == "UNDP"


# Events ----------------------------------------------------------------------------------------------

COURSE = "Курс (курс)"
HALL, WORKSHOP = 1, 3  # rooms seeded by migration 0001


def event() -> int:
    return events.create(EventData("Computer course", COURSE, datetime(2026, 4, 2, 10), datetime(2026, 4, 2, 12),
                                   (HALL,)))[0]


def test_an_event_saved_over_someone_elses_is_refused_with_who_and_what(office):
    event_id = event()
    read = events.get(event_id).data
    as_("bolat")
    events.update(event_id, replace(events.get(event_id).data, capacity=12))
    as_("asel")
    conflict = refused(lambda: events.update(event_id, replace(read, title="Computer course for beginners")),
                       "bolat")
    assert ("capacity", "12") in conflict.fields
    now = events.get(event_id).data
    assert (now.title, now.capacity) == ("Computer course", 12)
    events.update(event_id, replace(now, title="Computer course for beginners"))
    assert events.get(event_id).data.title == "Computer course for beginners"


def series() -> list[int]:
    return events.create(EventData("Computer course", COURSE, datetime(2026, 4, 6, 10), datetime(2026, 4, 6, 12),
                                   (HALL,)), Repeat((0, 2), date(2026, 4, 30)))


def test_a_series_changed_by_someone_else_is_not_changed_again_over_it(office):
    ids = series()
    read = events.get(ids[0]).data
    as_("bolat")
    events.update(ids[2], replace(events.get(ids[2]).data, title="Computers for beginners"), whole_series=True)
    as_("asel")
    later = replace(read, starts_at=datetime(2026, 4, 6, 14), ends_at=datetime(2026, 4, 6, 16))
    conflict = refused(lambda: events.update(ids[0], later, whole_series=True), "bolat")
    assert ("title", "Computers for beginners") in conflict.fields
    assert {(row.title, row.starts_at.hour) for row in events.rows()} == {("Computers for beginners", 10)}


def test_rooms_someone_else_chose_are_not_booked_over(office):
    ids = series()
    read = events.get(ids[0]).data
    as_("bolat")
    events.update(ids[2], replace(events.get(ids[2]).data, room_ids=(WORKSHOP,)), whole_series=True)
    as_("asel")
    refused(lambda: events.update(ids[0], replace(read, capacity=10), whole_series=True), "bolat")
    assert {(events.get(i).data.room_ids, events.get(i).data.capacity) for i in ids} == {((WORKSHOP,), None)}


# Two saves at the same moment ------------------------------------------------------------------------

# How each record is made, its model, a text attribute to change, and the area whose services change it.
RECORDS = {
    "meeting": (meeting, Meeting, "notes", "meetings"),
    "local issue": (issue, LocalIssue, "title", "issues"),
    "grant": (grant, Grant, "programme", "grants"),
    "donor": (donor, Donor, "notes", "grants"),
    "event": (event, Event, "title", "events"),
}


@pytest.mark.parametrize("record", RECORDS)
def test_of_two_saves_at_the_same_moment_one_is_kept_and_the_other_refused_whole(office, database_engine, record):
    make, model, attribute, area = RECORDS[record]
    record_id = make()
    # PostgreSQL: the second UPDATE finds the version moved on (Conflict). SQLite, with its one writer,
    # refuses the second session's write over what it read before the first one's.
    expected = Conflict if database_engine == "postgresql" else DatabaseError
    with pytest.raises(expected), access.granted(area):  # as a service of the area writes
        with db.unit_of_work() as second:
            late = second.get(model, record_id)
            with db.unit_of_work() as first:
                setattr(first.get(model, record_id), attribute, "first")
            setattr(late, attribute, "second")
    with db.unit_of_work() as session:
        assert getattr(session.get(model, record_id), attribute) == "first"


@pytest.mark.parametrize("record", RECORDS)
def test_a_write_over_an_older_version_read_earlier_is_refused_by_the_version_counter(office, record):
    make, model, attribute, area = RECORDS[record]
    record_id = make()
    with pytest.raises(Conflict, match="at the same moment"), access.granted(area):
        with db.unit_of_work() as late:
            stale = late.get(model, record_id)
            late.commit()  # read a while ago, its transaction long over
            with db.unit_of_work() as first:
                setattr(first.get(model, record_id), attribute, "first")
            setattr(stale, attribute, "second")
    with db.unit_of_work() as session:
        assert getattr(session.get(model, record_id), attribute) == "first"
