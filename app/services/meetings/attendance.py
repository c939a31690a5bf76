"""Taking attendance: who may be ticked present, ticking them (or a head count), overriding how many
were entitled, and the registration sheet of those present."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from app.db import unit_of_work
from app.errors import ValidationError
from app.models import AgendaItem, Attendance, Member, RollCallVote
from app.models.base import holds
from app.rules import quorum as quorum_rules
from app.rules import ranges
from app.rules.text import fold
from app.services import settings
from app.services.access import requires
from app.services.meetings.common import ASSEMBLY, PersonRow, QuorumState, _address, _editable, _full_name, _meeting
from app.services.meetings.tally import _candidates, _quorum, _recount


def quorum(meeting_id: int) -> QuorumState:
    district = settings.load()
    with unit_of_work() as session:
        return _quorum(session, _meeting(session, meeting_id), district)


def attendance_candidates(meeting_id: int, text: str = "", only_present: bool = False,
                          offset: int = 0, limit: int | None = 500) -> list[PersonRow]:
    """People who may be ticked present at the meeting, in name order, filtered by any spelling."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        ticked = select(Attendance.member_id).where(Attendance.meeting_id == meeting_id)
        query = _candidates(session, meeting, district.voting_age)
        query = query.where(*[holds(Member.search_text, word) for word in fold(text).split()])
        if only_present:
            query = query.where(Member.id.in_(ticked))
        query = query.order_by(Member.search_text, Member.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        people = list(session.scalars(query))
        present = set(session.scalars(ticked.where(Attendance.member_id.in_([p.id for p in people]))))
        return [PersonRow(p.id, _full_name(p), _address(p), p.id in present) for p in people]


def candidate_ids(meeting_id: int) -> list[int]:
    """The ids of everyone who may be ticked present, in id order: for work in bulk (the demo),
    without loading each person."""
    district = settings.load()
    with unit_of_work() as session:
        query = _candidates(session, _meeting(session, meeting_id), district.voting_age)
        return list(session.scalars(query.with_only_columns(Member.id).order_by(Member.id)))


@requires("meetings")
def set_present(meeting_id: int, member_ids: list[int], present: bool = True) -> QuorumState:
    """Ticks (or unticks) people as present. Only people entitled to attend can be ticked; unticking
    someone is refused while it would leave an item with more votes than people present."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        wanted = set(member_ids)
        if present:
            allowed = set(session.scalars(select(Member.id).where(
                Member.id.in_(_candidates(session, meeting, district.voting_age).with_only_columns(Member.id)),
                Member.id.in_(wanted))))
            if wanted - allowed:
                raise ValidationError("This person is not entitled to attend this meeting: not a resident of "
                                      "voting age of its area, or not an elected member on its day.",
                                      field="present")
            already = set(session.scalars(select(Attendance.member_id).where(
                Attendance.meeting_id == meeting_id, Attendance.member_id.in_(wanted))))
            session.add_all(Attendance(meeting_id=meeting_id, member_id=m) for m in sorted(wanted - already))
        else:
            voted = session.scalar(select(func.count()).select_from(RollCallVote).join(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, RollCallVote.member_id.in_(wanted)))
            if voted:
                raise ValidationError("This person voted by roll call: clear their vote before unticking them.",
                                      field="present")
            session.execute(delete(Attendance).where(Attendance.meeting_id == meeting_id,
                                                     Attendance.member_id.in_(wanted)))
        session.flush()
        return _recount(session, meeting, district)


def _check_head_count(session, meeting, district: settings.DistrictSettings, head_count: int) -> None:
    """A сход's count past both those entitled and the village's residents is mistyped, and would
    give quorum to any meeting (app/rules/ranges.py); another kind's has only its column's bound."""
    try:
        if meeting.kind not in quorum_rules.KINDS:
            ranges.check_count(head_count)
            return
        residents = select(func.count()).select_from(Member).where(Member.erased_at.is_(None),
                                                                   Member.status == "resident")
        if meeting.village_id is not None:
            residents = residents.where(Member.village_id == meeting.village_id)
        ranges.check_head_count(head_count, _quorum(session, meeting, district).entitled, session.scalar(residents))
    except ranges.OutOfRange as error:
        raise ValidationError(error.reason, field="present", **error.params) from None


@requires("meetings")
def set_head_count(meeting_id: int, head_count: int | None) -> QuorumState:
    """A head count for a large сход instead of ticked names (None goes back to ticked names)."""
    district = settings.load()
    if head_count is not None and head_count < 0:
        raise ValidationError(quorum_rules.NEGATIVE_PRESENT, field="present")
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        if head_count is not None and meeting.kind == ASSEMBLY:
            raise ValidationError("An assembly ticks its members by name; a head count is for a gathering.",
                                  field="present")
        if head_count is not None:
            _check_head_count(session, meeting, district, head_count)
        meeting.head_count = head_count
        session.flush()
        return _recount(session, meeting, district)


@requires("meetings")
def set_entitled(meeting_id: int, entitled: int | None, reason: str = "") -> QuorumState:
    """Overrides how many were entitled (None counts them from the register again); needs a reason."""
    district = settings.load()
    reason = reason.strip()
    if entitled is not None:
        if entitled < 0:
            raise ValidationError(quorum_rules.NEGATIVE_ENTITLED, field="entitled")
        try:
            ranges.check_count(entitled)
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field="entitled", **error.params) from None
        if not reason:
            raise ValidationError("Say why the number entitled differs from the register.", field="reason")
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        meeting.entitled_override = entitled
        meeting.entitled_override_reason = reason if entitled is not None else ""
        session.flush()
        return _recount(session, meeting, district)


def present_people(meeting_id: int) -> list[tuple[int, str, str, str]]:
    """Those ticked present, in name order: (member id, name, address, IIN) for the registration
    sheet; the IIN is printed only where the district's rules ask for it (docs/domain.md, Minutes)."""
    with unit_of_work() as session:
        query = (select(Member).join(Attendance, Attendance.member_id == Member.id)
                 .where(Attendance.meeting_id == meeting_id).order_by(Member.search_text, Member.id))
        return [(m.id, _full_name(m), _address(m), m.iin or "") for m in session.scalars(query)]
