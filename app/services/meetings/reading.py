"""Reading meetings: one whole, with its tally, votes and decisions, and the list of them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.models import AgendaItem, Attendance, Meeting, Member, RollCallVote, Room, Village
from app.rules.text import fold
from app.services import settings
from app.services.meetings.common import (
    ASSEMBLY,
    AmendmentView,
    ItemView,
    MeetingRow,
    MeetingView,
    SpeakerData,
    _address,
    _full_name,
    _meeting,
)
from app.services.meetings.decision_register import _decision_view
from app.services.meetings.tally import _candidates, _quorum
from app.services.meetings.votes import _vote


def get(meeting_id: int, today: date | None = None) -> MeetingView:
    district = settings.load()
    today = today or clock.today()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        state = _quorum(session, meeting, district)
        village = session.get(Village, meeting.village_id) if meeting.village_id else None
        room = session.get(Room, meeting.room_id) if meeting.room_id else None
        day = meeting.starts_at.date()
        items = tuple(ItemView(
            item.id, item.position, item.title, item.rapporteur, item.heard, item.proposal, item.decision_text,
            tuple(SpeakerData(s.name, s.summary) for s in item.speakers),
            _vote(item, state.present, district),
            _decision_view(item.decision, day, district, today) if item.decision else None,
            item.local_issue_id, item.title_second, item.decision_text_second, _roll_call_names(session, item))
            for item in meeting.items)
        amendments = tuple(AmendmentView(a.id, a.made_on, a.text, a.made_by) for a in meeting.amendments)
        return MeetingView(
            meeting.id, meeting.kind, meeting.kind_name, meeting.separate, meeting.number, meeting.year,
            meeting.starts_at, meeting.village_id, village.name_kk if village else "",
            village.name_ru if village else "", meeting.area, meeting.room_id, room.name if room else "",
            meeting.address, meeting.convened_by, meeting.chair, meeting.secretary, meeting.guests,
            meeting.language, meeting.notes, meeting.signed_on, state, items, amendments, meeting.ends_at,
            meeting.version, room.name_ru if room else "", meeting.guests_second, meeting.representatives)


def _roll_call_names(session, item: AgendaItem) -> tuple[tuple[str, str], ...]:
    """Who voted how on a roll call, in name order: the protocol lists them under the item
    (docs/domain.md, Minutes)."""
    if item.vote_mode != "roll_call":
        return ()
    rows = session.execute(select(Member, RollCallVote.choice).join(RollCallVote, RollCallVote.member_id == Member.id)
                           .where(RollCallVote.item_id == item.id).order_by(Member.search_text, Member.id))
    return tuple((_full_name(member), choice) for member, choice in rows)


def absent_members(meeting_id: int) -> list[str]:
    """The elected members of a собрание on its day who were not ticked present, by full name in name
    order (docs/domain.md, Minutes: the absent members by name); empty for other kinds."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.kind != ASSEMBLY:
            return []
        present = select(Attendance.member_id).where(Attendance.meeting_id == meeting_id)
        query = (_candidates(session, meeting, district.voting_age).where(Member.id.not_in(present))
                 .order_by(Member.search_text, Member.id))
        return [_full_name(member) for member in session.scalars(query)]


def sheet_people(meeting_id: int) -> list[tuple[str, str]]:
    """Who the blank registration sheet names before a собрание: its elected members on the day,
    (full name, address) in name order. A сход's sheet has blank lines instead: empty."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.kind != ASSEMBLY:
            return []
        query = _candidates(session, meeting, district.voting_age).order_by(Member.search_text, Member.id)
        return [(_full_name(member), _address(member)) for member in session.scalars(query)]


def list_meetings(year: int | None = None, kind: str | None = None, village_id: int | None = None,
                  text: str = "") -> list[MeetingRow]:
    """Meetings, newest first, filtered by year, kind, village and words of their agenda."""
    items = (select(AgendaItem.meeting_id, func.count().label("n")).group_by(AgendaItem.meeting_id).subquery())
    query = (select(Meeting, Village, items.c.n).outerjoin(Village, Meeting.village_id == Village.id)
             .outerjoin(items, items.c.meeting_id == Meeting.id).order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
    if year is not None:
        query = query.where(Meeting.year == year)
    if kind:
        query = query.where(Meeting.kind == kind)
    if village_id is not None:
        query = query.where(Meeting.village_id == village_id)
    words = fold(text).split()
    with unit_of_work() as session:
        rows = []
        for meeting, village, count in session.execute(query):
            if words:
                titles = " ".join(session.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)))
                haystack = fold(" ".join((titles, meeting.area, meeting.address, meeting.kind_name)))
                if not all(word in haystack for word in words):
                    continue
            rows.append(MeetingRow(meeting.id, meeting.kind, meeting.kind_name, meeting.number, meeting.starts_at,
                                   village.name_kk if village else "", village.name_ru if village else "",
                                   meeting.area, count or 0, meeting.signed_on is not None))
        return rows
