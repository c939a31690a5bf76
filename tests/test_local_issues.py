"""Local issues on a real database: the workflow and its history, attachments, links to meetings,
the list's filters and the period's figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.errors import NotFound, ValidationError
from app.rules import issue_workflow
from app.services import local_issues, meetings, members, periods
from app.services.local_issues import IssueData

pytestmark = pytest.mark.every_database

ROADS = "Жолдар (дороги)"
WATER = "Сумен жабдықтау (водоснабжение)"


def issue(**changes) -> int:
    data = dict(title="Pothole on Abai street", category=ROADS, raised_on=date(2026, 3, 2), village_id=1,
                raiser_name="Асқар Нұрланов", raiser_phone="8 701 123 45 67")
    data.update(changes)
    return local_issues.create(IssueData(**data))


def history(issue_id: int) -> list[tuple[str, str, str, str]]:
    return [(e.kind, e.old_value, e.new_value, e.comment) for e in local_issues.get(issue_id).events]


# The workflow --------------------------------------------------------------------------------------

def test_only_allowed_transitions_are_offered():
    assert issue_workflow.allowed("new") == ("accepted", "in_progress", "rejected")
    assert issue_workflow.allowed("resolved") == ("in_progress",)
    assert issue_workflow.allowed("rejected") == ("accepted",)
    with pytest.raises(issue_workflow.WorkflowError):
        issue_workflow.allowed("lost")


def test_an_issue_moves_to_resolved_and_every_step_is_in_its_history(database):
    case = issue()
    assert local_issues.get(case).next_statuses == ("accepted", "in_progress", "rejected")
    local_issues.change_status(case, "accepted", on=date(2026, 3, 3))
    local_issues.change_status(case, "in_progress", "the road service is told", on=date(2026, 3, 5))
    local_issues.change_status(case, "resolved", "patched on 20 March", on=date(2026, 3, 20))
    view = local_issues.get(case)
    assert (view.status, view.resolved_on, view.next_statuses) == ("resolved", date(2026, 3, 20), ("in_progress",))
    assert history(case) == [("raised", "", "", ""), ("status", "new", "accepted", ""),
                             ("status", "accepted", "in_progress", "the road service is told"),
                             ("status", "in_progress", "resolved", "patched on 20 March")]
    assert all(event.user for event in view.events)


@pytest.mark.parametrize("wanted", ["resolved", "rejected"])
def test_resolving_or_rejecting_needs_a_comment(database, wanted):
    case = issue()
    local_issues.change_status(case, "accepted")
    with pytest.raises(ValidationError, match="need one") as error:
        local_issues.change_status(case, wanted, "   ")
    assert error.value.field == "status"
    assert local_issues.get(case).status == "accepted" and len(history(case)) == 2


def test_reopening_needs_a_comment_and_clears_the_resolved_day(database):
    case = issue()
    local_issues.change_status(case, "rejected", "not the district's matter", on=date(2026, 3, 4))
    with pytest.raises(ValidationError):
        local_issues.change_status(case, "accepted")
    local_issues.change_status(case, "accepted", "the akimat asked us to take it", on=date(2026, 3, 10))
    view = local_issues.get(case)
    assert (view.status, view.resolved_on) == ("accepted", None)


def test_a_transition_that_is_not_allowed_is_refused_and_changes_nothing(database):
    case = issue()
    with pytest.raises(ValidationError, match="cannot become"):
        local_issues.change_status(case, "resolved", "done")
    with pytest.raises(ValidationError, match="Unknown status"):
        local_issues.change_status(case, "lost", "x")
    assert local_issues.get(case).status == "new" and len(history(case)) == 1


def test_assignee_and_due_date_changes_are_kept_in_the_history(database):
    case = issue()
    data = local_issues.get(case).data
    local_issues.update(case, IssueData(**{**data.__dict__, "assignee": "Серік", "due_on": date(2026, 4, 1)}),
                        "the akim's deputy assigned it")
    assert history(case)[1:] == [("assignee", "", "Серік", "the akim's deputy assigned it"),
                                 ("due", "", "2026-04-01", "the akim's deputy assigned it")]


# Bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field", [
    (dict(title="  "), "title"),
    (dict(category=""), "category"),
    (dict(due_on=date(2026, 3, 1)), "due_on"),
    (dict(channel="pigeon"), "channel"),
    (dict(priority="whenever"), "priority"),
    (dict(raised_on=date(2099, 1, 1)), "raised_on"),
    (dict(raiser_phone="12"), "raiser_phone"),
    (dict(village_id=999), "village"),
    (dict(raised_by_id=999_999), "raised_by"),
])
def test_bad_input_is_refused_with_the_field_and_nothing_is_saved(database, changes, field):
    with pytest.raises(ValidationError) as error:
        issue(**changes)
    assert error.value.field == field
    assert local_issues.count() == 0


def test_an_issue_raised_by_a_member_keeps_no_typed_name(database):
    member = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", village_id=1,
                                               birth_date=date(1970, 1, 1), sex="M"))
    case = issue(raised_by_id=member)
    view = local_issues.get(case)
    assert (view.raiser, view.data.raiser_name, view.data.raiser_phone) == ("Мұқанов Ерлан", "", "")
    assert [row.id for row in local_issues.rows("Муканов")] == [case]


def test_unknown_issue_is_a_clear_error(database):
    with pytest.raises(NotFound, match="No local issue with number 7"):
        local_issues.get(7)


# Attachments ----------------------------------------------------------------------------------------

def test_attachments_round_trip_through_the_database(database, tmp_path):
    case = issue()
    photo = tmp_path / "pothole.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    attachment = local_issues.add_attachment(case, photo)
    (view,) = local_issues.get(case).attachments
    assert (view.file_name, view.media_type, view.size, view.is_image) == ("pothole.png", "image/png",
                                                                          photo.stat().st_size, True)
    copy = local_issues.save_attachment(attachment, tmp_path / "out")
    assert copy.read_bytes() == photo.read_bytes()
    local_issues.remove_attachment(attachment)
    assert local_issues.get(case).attachments == ()
    assert [kind for kind, *_ in history(case)] == ["raised", "attachment", "attachment"]


def test_too_big_unreadable_or_empty_attachments_are_refused(database, tmp_path, monkeypatch):
    case = issue()
    monkeypatch.setattr(local_issues, "MAX_ATTACHMENT_BYTES", 100)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF" + b"x" * 200)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path, message in ((big, "at most"), (tmp_path / "missing.jpg", "cannot be read"), (empty, "is empty")):
        with pytest.raises(ValidationError, match=message):
            local_issues.add_attachment(case, path)
    assert local_issues.get(case).attachments == () and len(history(case)) == 1


# Meetings ------------------------------------------------------------------------------------------

def test_an_issue_put_on_the_agenda_shows_on_both_sides_with_its_decision(database):
    people = [members.create(members.MemberData(surname=f"Resident{n}", given_name="T", village_id=1,
                                                birth_date=date(1980, 1, 1), sex="F")) for n in range(5)]
    case = issue(description="Deep pothole by the school")
    meeting = meetings.create(meetings.MeetingData("gathering", datetime(2026, 3, 14, 10), village_id=1),
                              [meetings.ItemData("Budget")])
    item = local_issues.put_on_agenda(case, meeting)
    agenda = meetings.get(meeting).items
    assert [(i.title, i.local_issue_id) for i in agenda] == [("Budget", None), ("Pothole on Abai street", case)]
    assert agenda[1].heard == "Deep pothole by the school"
    meetings.set_present(meeting, people)
    meetings.record_vote(item, 5, 0, 0)
    (link,) = local_issues.get(case).agenda
    assert (link.meeting_id, link.item_position, link.decision_label, link.adopted) == (meeting, 2, "1/2026", True)
    assert history(case)[-1][0] == "agenda"
    # An editor that saves the agenda without the link keeps it.
    meetings.save_agenda(meeting, [meetings.ItemData(i.title, id=i.id) for i in meetings.get(meeting).items])
    assert meetings.get(meeting).items[1].local_issue_id == case


def test_a_signed_meeting_takes_no_more_issues(database):
    case = issue()
    meeting = meetings.create(meetings.MeetingData("gathering", datetime(2026, 3, 14, 10), village_id=1,
                                                   chair="C", secretary="S"), [meetings.ItemData("Budget")])
    meetings.sign(meeting, date(2026, 3, 14))
    with pytest.raises(ValidationError, match="signed"):
        local_issues.put_on_agenda(case, meeting)
    assert local_issues.get(case).agenda == () and len(history(case)) == 1


# The list and the period ----------------------------------------------------------------------------

def test_the_list_filters_by_status_category_village_overdue_and_words(database):
    a = issue(due_on=date(2026, 3, 10))
    b = issue(title="No water in the tap", category=WATER, village_id=2)
    c = issue(title="Broken street lamp", due_on=date(2026, 3, 10))
    local_issues.change_status(c, "rejected", "duplicate of 1/2026")
    today = date(2026, 3, 20)
    assert [r.id for r in local_issues.rows(overdue_only=True, today=today)] == [a]
    assert [r.id for r in local_issues.rows(category=WATER)] == [b]
    assert [r.id for r in local_issues.rows(village_id=2)] == [b]
    assert [r.id for r in local_issues.rows(status="rejected")] == [c]
    assert [r.id for r in local_issues.rows("водоснаб")] == [b]  # the category is searched too
    assert [r.id for r in local_issues.rows("water lamp")] == []  # every word must match
    assert [r.id for r in local_issues.rows("water")] == [b]
    assert [r.id for r in local_issues.rows(sort="title", descending=False)] == [c, b, a]
    assert local_issues.count(open_only=True) == 2
    assert local_issues.counts_by_status() == {"new": 2, "accepted": 0, "in_progress": 0, "resolved": 0,
                                               "rejected": 1}
    rows = {r.id: r for r in local_issues.rows(today=today)}
    assert rows[a].overdue and not rows[b].overdue and not rows[c].overdue


def test_issues_without_a_due_date_or_village_come_first_and_last_when_reversed(database):
    dated = issue(due_on=date(2026, 3, 10))
    undated = issue(title="No water in the tap", category=WATER, village_id=None)
    for sort in ("due_on", "village"):
        assert [r.id for r in local_issues.rows(sort=sort, descending=False)] == [undated, dated], sort
        assert [r.id for r in local_issues.rows(sort=sort)] == [dated, undated], sort


def test_long_untouched_issues_stand_out(database):
    case = local_issues.create(IssueData("Old case", ROADS, date(2026, 1, 5)), at=datetime(2026, 1, 5, 9))
    fresh = issue()
    rows = {r.id: r for r in local_issues.rows(today=date(2026, 3, 20))}
    assert rows[case].untouched and not rows[fresh].untouched
    assert local_issues.figures(today=date(2026, 3, 20)).untouched >= 1


def test_the_period_counts_received_resolved_and_the_median_days(database):
    first = issue(raised_on=date(2026, 1, 10))
    second = issue(raised_on=date(2026, 2, 1), category=WATER, village_id=2, due_on=date(2026, 2, 15))
    third = issue(raised_on=date(2026, 3, 1))
    local_issues.change_status(first, "in_progress", on=date(2026, 1, 11))
    local_issues.change_status(first, "resolved", "fixed", on=date(2026, 1, 20))  # 10 days
    local_issues.change_status(third, "in_progress", on=date(2026, 3, 2))
    local_issues.change_status(third, "resolved", "fixed", on=date(2026, 4, 5))  # 35 days, after March
    figures = local_issues.period(periods.of(date(2026, 1, 1), date(2026, 3, 31)))
    assert (figures.received, figures.resolved, figures.rejected) == (3, 1, 0)
    assert figures.received_by_category == {ROADS: 2, WATER: 1}
    assert figures.resolved_by_village == {1: 1}
    assert figures.median_days_to_resolve == 10
    assert [row.id for row in figures.still_open] == [second, third]
    assert [row.id for row in figures.overdue] == [second]
    with pytest.raises(ValidationError, match="ends before it starts"):
        periods.of(date(2026, 3, 1), date(2026, 1, 1))
