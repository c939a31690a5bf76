"""The meetings service on a real database: who may attend, quorum and majority at their edges,
votes, the decisions register and its working-day deadlines, signing and amendments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from app.errors import NotFound, ValidationError
from app.models import Decision
from app.services import calendar, meetings, members, periods, settings
from app.services.calendar import HolidayRow
from app.services.meetings import ItemData, MeetingData, SpeakerData
from app.services.meetings.decision_register import DRAFT_PROTOCOL, why_not_sent

pytestmark = pytest.mark.every_database

MEETING_DAY = datetime(2026, 3, 14, 10, 0)  # a Saturday, a week before Nauryz


def person(surname: str, village_id: int = 1, born: date = date(1980, 5, 1), street: str = "Абай көшесі",
           status: str = "resident") -> int:
    return members.create(members.MemberData(surname=surname, given_name="Test", village_id=village_id,
                                             birth_date=born, sex="M", street=street, status=status,
                                             status_date=date(2025, 1, 1) if status != "resident" else None))


def residents(count: int, village_id: int = 1, street: str = "Абай көшесі") -> list[int]:
    return [person(f"Resident{n:03d}", village_id, street=street) for n in range(count)]


def gathering(**changes) -> int:
    data = dict(kind="gathering", starts_at=MEETING_DAY, village_id=1, chair="Chair Person",
                secretary="Secretary Person")
    data.update(changes)
    return meetings.create(MeetingData(**data), [ItemData("Roads"), ItemData("Water supply")])


def items_of(meeting_id: int) -> list[int]:
    return [item.id for item in meetings.get(meeting_id).items]


def assembly_of(size: int) -> list[int]:
    people = residents(size)
    for member_id in people:
        meetings.elect(member_id, date(2025, 1, 10))
    return people


def decision_count() -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Decision))


# Who is entitled and who may be ticked ----------------------------------------------------------------

def test_gathering_counts_residents_of_voting_age_of_its_village_and_street(database):
    residents(4, street="Абай көшесі")
    residents(3, street="Сейфуллин көшесі")
    person("Child", born=date(2010, 1, 1))
    person("Moved", status="moved")
    person("Elsewhere", village_id=2)
    whole = gathering()
    street = gathering(area="Сейфуллин көшесі")
    assert meetings.quorum(whole).entitled == 7
    assert meetings.quorum(street).entitled == 3


def test_person_turning_18_on_the_day_is_entitled(database):
    person("Birthday", born=date(2008, 3, 14))
    person("TomorrowBirthday", born=date(2008, 3, 15))
    assert meetings.quorum(gathering()).entitled == 1


def test_people_outside_the_area_cannot_be_ticked_and_nothing_changes(database):
    local = residents(2)
    outsider = person("Outsider", village_id=2)
    child = person("Child", born=date(2012, 1, 1))
    meeting = gathering()
    for wrong in (outsider, child):
        with pytest.raises(ValidationError, match="not entitled"):
            meetings.set_present(meeting, [local[0], wrong])
    assert meetings.quorum(meeting).present == 0


def test_ticking_twice_counts_once_and_unticking_removes(database):
    people = residents(3)
    meeting = gathering()
    meetings.set_present(meeting, people[:2])
    assert meetings.set_present(meeting, people).present == 3
    assert meetings.set_present(meeting, [people[0]], present=False).present == 2
    ticked = [row.member_id for row in meetings.attendance_candidates(meeting, only_present=True)]
    assert sorted(ticked) == sorted(people[1:])


def test_attendance_candidates_are_found_in_any_spelling(database):
    members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", village_id=1,
                                      birth_date=date(1970, 1, 1), sex="M"))
    residents(3)
    meeting = gathering()
    for typed in ("Мұқанов", "муканов", "Mukanov"):
        found = meetings.attendance_candidates(meeting, typed)
        assert [row.name for row in found] == ["Мұқанов Ерлан"]


# Quorum at its edges ------------------------------------------------------------------------------

def test_gathering_quorum_is_exactly_ten_percent_with_a_head_count(database):
    meeting = gathering()
    meetings.set_entitled(meeting, 480, "census of 2026")
    state = meetings.set_head_count(meeting, 47)
    assert (state.needed, state.reached, state.head_count) == (48, False, True)
    assert meetings.set_head_count(meeting, 48).reached


def test_gathering_quorum_of_a_share_that_is_not_whole(database):
    meeting = gathering()
    meetings.set_entitled(meeting, 485, "census")
    assert meetings.set_head_count(meeting, 48).reached is False  # 10 % of 485 is 48.5
    assert meetings.set_head_count(meeting, 49).reached


def test_assembly_of_ten_with_exactly_half_present_has_no_quorum(database):
    people = assembly_of(10)
    meeting = meetings.create(MeetingData("assembly", MEETING_DAY), [ItemData("Budget")])
    state = meetings.set_present(meeting, people[:5])
    assert (state.entitled, state.present, state.needed, state.reached) == (10, 5, 6, False)
    assert meetings.set_present(meeting, people[5:6]).reached


def test_nobody_present_is_no_quorum_and_no_vote(database):
    residents(5)
    meeting = gathering()
    state = meetings.quorum(meeting)
    assert (state.present, state.reached) == (0, False)
    with pytest.raises(ValidationError, match="Nobody is present"):
        meetings.record_vote(items_of(meeting)[0], 0, 0, 0, without_quorum=True)
    assert meetings.get(meeting).items[0].vote is None
    assert decision_count() == 0


def test_nobody_entitled_means_no_quorum_whoever_came(database):
    for n in range(30):  # residents of the village, none of voting age
        person(f"Child{n:02d}", born=date(2015, 6, 1))
    meeting = gathering()
    state = meetings.set_head_count(meeting, 30)
    assert (state.entitled, state.needed, state.reached) == (0, None, False)


def test_quorum_follows_the_district_settings(database):
    meeting = gathering()
    meetings.set_entitled(meeting, 100, "census")
    meetings.set_head_count(meeting, 15)
    assert meetings.quorum(meeting).reached
    settings.save(gathering_quorum_percent="20")
    assert meetings.quorum(meeting).reached is False


def test_an_override_needs_a_reason_and_can_be_cleared(database):
    residents(4)
    meeting = gathering()
    with pytest.raises(ValidationError, match="Say why") as error:
        meetings.set_entitled(meeting, 500, "  ")
    assert error.value.field == "reason"
    with pytest.raises(ValidationError):
        meetings.set_entitled(meeting, -1, "typo")
    state = meetings.set_entitled(meeting, 500, "list of the akimat")
    assert (state.entitled, state.entitled_counted, state.overridden) == (500, 4, True)
    state = meetings.set_entitled(meeting, None)
    assert (state.entitled, state.overridden, state.override_reason) == (4, False, "")


def test_head_count_is_refused_for_an_assembly_and_when_negative(database):
    meeting = meetings.create(MeetingData("assembly", MEETING_DAY))
    with pytest.raises(ValidationError, match="head count"):
        meetings.set_head_count(meeting, 5)
    with pytest.raises(ValidationError):
        meetings.set_head_count(gathering(), -3)


def test_other_kinds_have_no_quorum_rule(database):
    meeting = meetings.create(MeetingData("other", MEETING_DAY, kind_name="Қоғамдық тыңдау"),
                              [ItemData("Park")])
    state = meetings.set_head_count(meeting, 12)
    assert (state.applies, state.reached) == (False, True)
    assert meetings.record_vote(items_of(meeting)[0], 7, 3, 2).adopted


# Assembly members ---------------------------------------------------------------------------------

def test_assembly_counts_only_members_in_office_on_the_day(database):
    people = residents(4)
    meetings.elect(people[0], date(2022, 1, 10))  # a 4-year term: in office until 2026-01-10
    meetings.elect(people[1], date(2025, 1, 10))
    late = meetings.elect(people[2], date(2025, 1, 10))
    meetings.end_membership(late, date(2026, 2, 1))
    meetings.elect(people[3], date(2026, 6, 1))  # elected after the meeting
    meeting = meetings.create(MeetingData("assembly", MEETING_DAY))
    assert meetings.quorum(meeting).entitled == 1
    with pytest.raises(ValidationError, match="not entitled"):
        meetings.set_present(meeting, [people[0]])


def test_a_member_cannot_be_elected_twice_for_overlapping_terms(database):
    member_id = residents(1)[0]
    meetings.elect(member_id, date(2025, 1, 10))
    with pytest.raises(ValidationError, match="already a member"):
        meetings.elect(member_id, date(2026, 1, 10))
    row = meetings.assembly_members()[0]
    assert row.term_ends_on == date(2029, 1, 10)


# Votes ---------------------------------------------------------------------------------------------

def test_exactly_half_for_is_not_a_majority(database):
    people = residents(10)
    meeting = gathering()
    meetings.set_present(meeting, people)
    vote = meetings.record_vote(items_of(meeting)[0], 5, 5, 0)
    assert (vote.needed, vote.adopted) == (6, False)
    assert meetings.record_vote(items_of(meeting)[0], 6, 2, 2).adopted


def test_abstentions_and_silence_count_against(database):
    people = residents(10)
    meeting = gathering()
    meetings.set_present(meeting, people)
    assert meetings.record_vote(items_of(meeting)[0], 5, 0, 0).adopted is False


def test_impossible_votes_are_refused_and_change_nothing(database):
    people = residents(10)
    meeting = gathering()
    meetings.set_present(meeting, people)
    item = items_of(meeting)[0]
    meetings.record_vote(item, 7, 2, 1)
    with pytest.raises(ValidationError, match="More votes than people present") as error:
        meetings.record_vote(item, 8, 2, 1)
    assert error.value.field == "votes"
    with pytest.raises(ValidationError, match="negative"):
        meetings.record_vote(item, -1, 2, 1)
    vote = meetings.get(meeting).items[0].vote
    assert (vote.for_, vote.against, vote.abstained, vote.adopted) == (7, 2, 1, True)


def test_unticking_below_the_votes_recorded_is_refused(database):
    people = residents(10)
    meeting = gathering()
    meetings.set_present(meeting, people)
    meetings.record_vote(items_of(meeting)[0], 7, 2, 1)
    with pytest.raises(ValidationError, match="correct its vote first"):
        meetings.set_present(meeting, people[:1], present=False)
    assert meetings.quorum(meeting).present == 10


def test_without_quorum_nothing_is_adopted_and_the_register_stays_empty(database):
    residents(100)
    meeting = gathering()
    meetings.set_head_count(meeting, 9)  # 10 % of 100 is 10
    vote = meetings.record_vote(items_of(meeting)[0], 9, 0, 0, without_quorum=True)
    assert vote.adopted is False
    assert meetings.decisions() == []


def test_adopted_items_get_numbered_decisions_and_lose_them_when_the_vote_changes(database):
    people = residents(10)
    first, second = gathering(), gathering()
    for meeting in (first, second):
        meetings.set_present(meeting, people)
        for item in items_of(meeting):
            meetings.record_vote(item, 9, 1, 0)
    numbers = sorted(row.label for row in meetings.decisions())
    assert numbers == ["1/2026", "2/2026", "3/2026", "4/2026"]
    meetings.record_vote(items_of(first)[0], 2, 8, 0)
    assert len(meetings.decisions()) == 3
    meetings.clear_vote(items_of(first)[1])
    assert len(meetings.decisions()) == 2
    assert meetings.get(first).items[1].vote is None


def test_attendance_dropping_below_quorum_takes_decisions_back(database):
    people = residents(20)
    meeting = gathering()
    meetings.set_present(meeting, people[:3])
    meetings.record_vote(items_of(meeting)[0], 3, 0, 0)
    assert len(meetings.decisions()) == 1
    meetings.set_entitled(meeting, 100, "the akimat's list")  # 3 of 100 is below 10 %
    assert meetings.decisions() == []


def test_roll_call_at_an_assembly_counts_each_members_choice(database):
    people = assembly_of(7)
    meeting = meetings.create(MeetingData("assembly", MEETING_DAY), [ItemData("Budget")])
    meetings.set_present(meeting, people[:6])
    item = items_of(meeting)[0]
    choices = {people[0]: "for", people[1]: "for", people[2]: "for", people[3]: "for", people[4]: "against"}
    vote = meetings.record_roll_call(item, choices)
    assert (vote.mode, vote.for_, vote.against, vote.abstained, vote.adopted) == ("roll_call", 4, 1, 0, True)
    assert meetings.roll_call(item) == choices
    with pytest.raises(ValidationError, match="ticked present"):
        meetings.record_roll_call(item, {people[6]: "for"})
    with pytest.raises(ValidationError, match="voted by roll call"):
        meetings.set_present(meeting, [people[0]], present=False)


def test_roll_call_is_refused_at_a_gathering(database):
    people = residents(3)
    meeting = gathering()
    meetings.set_present(meeting, people)
    with pytest.raises(ValidationError, match="roll-call"):
        meetings.record_roll_call(items_of(meeting)[0], {people[0]: "for"})


# Preparing ----------------------------------------------------------------------------------------

def test_meetings_are_numbered_per_kind_and_year(database):
    gathering()
    gathering()
    assert meetings.next_number("gathering", 2026) == 3
    assert meetings.next_number("assembly", 2026) == 1
    assert meetings.next_number("gathering", 2027) == 1
    with pytest.raises(ValidationError, match="already exists"):
        gathering(number=2)


def test_a_gathering_needs_a_village_and_other_kinds_a_name(database):
    with pytest.raises(ValidationError) as error:
        meetings.create(MeetingData("gathering", MEETING_DAY))
    assert error.value.field == "village"
    with pytest.raises(ValidationError) as error:
        meetings.create(MeetingData("other", MEETING_DAY))
    assert error.value.field == "kind_name"
    assert meetings.list_meetings() == []


def test_agenda_keeps_votes_of_items_it_keeps(database):
    people = residents(5)
    meeting = gathering()
    meetings.set_present(meeting, people)
    roads, water = meetings.get(meeting).items
    meetings.record_vote(roads.id, 5, 0, 0)
    ids = meetings.save_agenda(meeting, [
        ItemData("Street lighting", speakers=(SpeakerData("Асқар", "for new lamps"), SpeakerData("  "))),
        ItemData("Roads, the Abai street", id=roads.id, proposal="repair in May")])
    view = meetings.get(meeting)
    assert [item.title for item in view.items] == ["Street lighting", "Roads, the Abai street"]
    assert ids[1] == roads.id and view.items[1].vote.adopted and view.items[1].decision.number == 1
    assert view.items[0].speakers == (SpeakerData("Асқар", "for new lamps"),)
    with pytest.raises(ValidationError, match="no title"):
        meetings.save_agenda(meeting, [ItemData(" ")])
    assert len(meetings.get(meeting).items) == 2


def test_changing_the_village_once_people_are_ticked_is_refused(database):
    people = residents(2)
    meeting = gathering()
    meetings.set_present(meeting, people)
    with pytest.raises(ValidationError, match="untick them"):
        meetings.update(meeting, MeetingData("gathering", MEETING_DAY, village_id=2))
    meetings.update(meeting, MeetingData("gathering", MEETING_DAY, village_id=1, chair="New chair"))
    assert meetings.get(meeting).chair == "New chair"


def test_unknown_meeting_is_a_clear_error(database):
    with pytest.raises(NotFound, match="No meeting with number 99"):
        meetings.get(99)


# Decisions register and deadlines ---------------------------------------------------------------------

def adopted_decision(signed: bool = True) -> int:
    """A decision of the gathering of 14 March, its protocol signed that day unless ``signed`` is False."""
    people = residents(5)
    meeting = gathering()
    meetings.set_present(meeting, people)
    meetings.record_vote(items_of(meeting)[0], 5, 0, 0)
    if signed:
        meetings.sign(meeting, MEETING_DAY.date())
    return meetings.decisions()[0].id


def test_a_decision_is_not_sent_to_the_akim_while_its_protocol_is_a_draft(database):
    decision = adopted_decision(signed=False)
    assert why_not_sent(decision) == DRAFT_PROTOCOL
    with pytest.raises(ValidationError, match="still a draft") as error:
        meetings.update_decision(decision, meetings.DecisionData(sent_on=date(2026, 3, 16)))
    assert error.value.field == "sent_on"
    meetings.update_decision(decision, meetings.DecisionData(responsible="Akim's deputy"))  # the rest is open
    meetings.sign(meetings.decisions()[0].meeting_id, date(2026, 3, 16))
    assert why_not_sent(decision) is None
    meetings.update_decision(decision, replace(meetings.decision_data(decision), sent_on=date(2026, 3, 16)))
    assert meetings.decisions()[0].sent_on == date(2026, 3, 16)


def test_a_decision_is_due_to_the_akim_five_working_days_after_the_meeting(database):
    adopted_decision()
    row = meetings.decisions(today=date(2026, 3, 20))[0]
    assert row.send_by == date(2026, 3, 20)  # Saturday 14 March: counted from Monday
    assert row.status == "in_progress"
    assert meetings.decisions(today=date(2026, 3, 21))[0].status == "overdue"


def test_the_akims_answer_is_due_ten_working_days_after_sending_across_nauryz(database):
    decision = adopted_decision()
    meetings.update_decision(decision, meetings.DecisionData(sent_on=date(2026, 3, 16)))
    # 17–20 March, then Nauryz (21–23, with its moved days off 24–25), 26–27, 30–31 March, 1–2 April.
    row = meetings.decisions()[0]
    assert row.answer_due == date(2026, 4, 2)
    assert meetings.decisions(today=date(2026, 4, 2))[0].status == "in_progress"
    assert meetings.decisions(today=date(2026, 4, 3))[0].status == "overdue"
    assert meetings.decision_figures(today=date(2026, 4, 3)) == meetings.DecisionFigures(1, 1, 1)


def test_an_edited_holiday_list_moves_the_deadline(database):
    decision = adopted_decision()
    calendar.save_holidays(2026, calendar.holidays(2026) + [HolidayRow(date(2026, 3, 17), "Local day off")])
    meetings.update_decision(decision, meetings.DecisionData(sent_on=date(2026, 3, 16)))
    assert meetings.decisions()[0].answer_due == date(2026, 4, 3)


def test_answered_and_rejected_decisions_are_never_overdue(database):
    decision = adopted_decision()
    answered = meetings.DecisionData(sent_on=date(2026, 3, 16), answer_on=date(2026, 3, 30),
                                     answer_text="Included in the 2027 budget", status="done")
    meetings.update_decision(decision, answered)
    assert meetings.decisions(today=date(2027, 1, 1))[0].status == "done"
    assert meetings.decisions(status="done")[0].answer_text == "Included in the 2027 budget"
    with pytest.raises(ValidationError, match="enter its date") as error:
        meetings.update_decision(decision, meetings.DecisionData(sent_on=date(2026, 3, 16), status="rejected"))
    assert error.value.field == "answer_on"
    assert meetings.decision_data(decision) == answered


@pytest.mark.parametrize("data, field", [
    (meetings.DecisionData(sent_on=date(2026, 3, 1)), "sent_on"),
    (meetings.DecisionData(answer_on=date(2026, 3, 20)), "sent_on"),
    (meetings.DecisionData(sent_on=date(2026, 3, 20), answer_on=date(2026, 3, 19)), "answer_on"),
    (meetings.DecisionData(deadline=date(2026, 1, 1)), "deadline"),
    (meetings.DecisionData(status="lost"), "status"),
])
def test_impossible_decision_dates_are_refused(database, data, field):
    decision = adopted_decision()
    with pytest.raises(ValidationError) as error:
        meetings.update_decision(decision, data)
    assert error.value.field == field
    assert meetings.decision_data(decision) == meetings.DecisionData()


def test_decisions_register_filters_by_period_and_status(database):
    adopted_decision()
    assert len(meetings.decisions(date(2026, 3, 14), date(2026, 3, 14))) == 1
    assert meetings.decisions(date(2026, 3, 15)) == []
    assert meetings.decisions(date_to=date(2026, 3, 13)) == []
    assert len(meetings.decisions(status="overdue", today=date(2026, 5, 1))) == 1
    assert meetings.decisions(status="done") == []


# Signing and amendments ---------------------------------------------------------------------------

def signed_meeting() -> int:
    people = residents(5)
    meeting = gathering()
    meetings.set_present(meeting, people[:4])
    meetings.record_vote(items_of(meeting)[0], 4, 0, 0)
    meetings.sign(meeting, date(2026, 3, 16))
    return meeting


def test_a_signed_meeting_refuses_every_change(database):
    meeting = signed_meeting()
    item = items_of(meeting)[0]
    before = meetings.get(meeting)
    attempts = [
        lambda: meetings.update(meeting, before.data()),
        lambda: meetings.save_agenda(meeting, [ItemData("Changed")]),
        lambda: meetings.set_present(meeting, [before.id]),
        lambda: meetings.set_head_count(meeting, 100),
        lambda: meetings.set_entitled(meeting, 100, "late"),
        lambda: meetings.record_vote(item, 1, 1, 1),
        lambda: meetings.clear_vote(item),
        lambda: meetings.delete_meeting(meeting),
        lambda: meetings.sign(meeting, date(2026, 3, 17)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="signed"):
            attempt()
    assert meetings.get(meeting) == before


def test_a_signed_protocol_keeps_its_count_of_those_entitled(database):
    meeting = signed_meeting()
    residents(20)  # the register grows after the meeting
    state = meetings.quorum(meeting)
    assert (state.entitled, state.present, state.reached) == (5, 4, True)


def test_the_decisions_register_stays_open_after_signing(database):
    meeting = signed_meeting()
    decision = meetings.get(meeting).items[0].decision
    meetings.update_decision(decision.id, meetings.DecisionData(responsible="Akim's deputy",
                                                                sent_on=date(2026, 3, 17)))
    assert meetings.decisions()[0].responsible == "Akim's deputy"


def test_amendments_are_dated_and_only_for_signed_protocols(database):
    with pytest.raises(ValidationError, match="not signed yet"):
        meetings.add_amendment(gathering(), "Typo", date(2026, 3, 20))
    meeting = signed_meeting()
    with pytest.raises(ValidationError, match="before the protocol was signed"):
        meetings.add_amendment(meeting, "Typo", date(2026, 3, 15))
    with pytest.raises(ValidationError, match="Write what"):
        meetings.add_amendment(meeting, "   ", date(2026, 3, 20))
    meetings.add_amendment(meeting, "Item 1: the street is Abai, not Abay.", date(2026, 3, 20))
    (amendment,) = meetings.get(meeting).amendments
    assert (amendment.made_on, amendment.text) == (date(2026, 3, 20), "Item 1: the street is Abai, not Abay.")
    assert amendment.made_by


@pytest.mark.parametrize("change, message", [
    (dict(chair=""), "chair and the secretary"),
    (dict(secretary=""), "chair and the secretary"),
])
def test_signing_needs_chair_and_secretary(database, change, message):
    meeting = gathering(**change)
    with pytest.raises(ValidationError, match=message):
        meetings.sign(meeting, date(2026, 3, 16))
    assert not meetings.get(meeting).signed


def test_signing_needs_an_agenda_and_a_date_after_the_meeting(database):
    empty = meetings.create(MeetingData("gathering", MEETING_DAY, village_id=1, chair="C", secretary="S"))
    with pytest.raises(ValidationError, match="no agenda"):
        meetings.sign(empty, date(2026, 3, 16))
    with pytest.raises(ValidationError, match="before its meeting"):
        meetings.sign(gathering(), date(2026, 3, 13))


def test_every_change_to_a_meeting_is_in_the_audit_log_without_names(database):
    from app.services import audit

    meeting = gathering(chair="Мұқанов Ерлан")
    entries = [entry for entry in audit.entries(table="meetings") if entry.row_id == meeting]
    assert entries and "Мұқанов" not in repr(entries)


def test_the_period_counts_meetings_held_with_quorum_and_their_decisions(database):
    people = residents(10)
    held = gathering()
    meetings.set_present(held, people)
    meetings.record_vote(items_of(held)[0], 9, 1, 0)
    without_quorum = gathering()
    meetings.set_entitled(without_quorum, 1000, "census")
    meetings.set_head_count(without_quorum, 20)
    gathering()  # prepared, nobody came yet
    figures = meetings.period(periods.of(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 16)))
    assert (figures.held, figures.held_by_kind, figures.with_quorum) == (2, {"gathering": 2}, 1)
    assert (figures.present, figures.entitled) == (30, 1010)
    assert (figures.decisions, figures.decisions_by_status, figures.answered) == (1, {"in_progress": 1}, 0)
    assert meetings.period(periods.of(date(2026, 4, 1), date(2026, 4, 30))).held == 0
