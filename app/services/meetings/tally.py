"""The meeting's tally: who is entitled to attend, who came, whether quorum is reached, and which
voted items that adopts. Worked out again whenever attendance or a vote changes (docs/domain.md,
Local self-government)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.errors import ValidationError
from app.i18n import Counted
from app.models import AssemblyMembership, Attendance, Decision, Meeting, Member
from app.rules import quorum as quorum_rules
from app.rules.dates import years_before
from app.services import settings
from app.services.meetings.common import ASSEMBLY, QuorumState


def _candidates(session, meeting: Meeting, voting_age: int):
    """The query of people who may be ticked present: for a сход the residents of voting age of its
    village (and street, when given); for a собрание its elected members on the day; for another
    kind, any resident of the district. A person whose birth date the register lacks counts as of
    age, so that quorum is never overstated by a gap in the register."""
    day = meeting.starts_at.date()
    query = select(Member).where(Member.erased_at.is_(None))
    if meeting.kind == ASSEMBLY:
        active = (select(AssemblyMembership.member_id)
                  .where(AssemblyMembership.elected_on <= day, AssemblyMembership.term_ends_on >= day,
                         (AssemblyMembership.left_on.is_(None)) | (AssemblyMembership.left_on > day)))
        return query.where(Member.id.in_(active))
    query = query.where(Member.status == "resident",
                        (Member.birth_date.is_(None)) | (Member.birth_date <= years_before(day, voting_age)))
    if meeting.village_id is not None:
        query = query.where(Member.village_id == meeting.village_id)
    if meeting.area:
        query = query.where(Member.street == meeting.area)
    return query


def _present(session, meeting: Meeting) -> int:
    if meeting.head_count is not None:
        return meeting.head_count
    return session.scalar(select(func.count()).select_from(Attendance).where(Attendance.meeting_id == meeting.id))


def _quorum(session, meeting: Meeting, district: settings.DistrictSettings) -> QuorumState:
    if meeting.entitled_at_signing is not None:
        counted = meeting.entitled_at_signing
    else:
        counted = session.scalar(select(func.count()).select_from(
            _candidates(session, meeting, district.voting_age).subquery()))
    overridden = meeting.entitled_override is not None
    entitled = meeting.entitled_override if overridden else counted
    present = _present(session, meeting)
    applies = meeting.kind in quorum_rules.KINDS
    needed, reached = None, True
    if applies:
        shares = dict(gathering_percent=district.gathering_quorum_percent,
                      assembly_percent=district.assembly_quorum_percent)
        try:
            reached = quorum_rules.quorum_reached(meeting.kind, present, entitled, **shares)
        except quorum_rules.InvalidCount:
            reached = False  # an assembly counted with more present than members: shown, refused on entry
        needed = quorum_rules.needed_for_quorum(meeting.kind, entitled, **shares) if entitled else None
    return QuorumState(meeting.kind, present, entitled, counted, overridden, meeting.entitled_override_reason,
                       meeting.head_count is not None, needed, reached, applies)


def _recount(session, meeting: Meeting, district: settings.DistrictSettings,
             state: QuorumState | None = None) -> QuorumState:
    """Works out again whether each voted item is adopted (quorum and the majority of those present),
    and keeps the decisions register in step: an adopted item has a numbered decision, others none.
    Returns the meeting's quorum state, which this does not change (``state``: as just worked out by
    the caller, since counting the entitled takes a while in a large register)."""
    if state is None:
        state = _quorum(session, meeting, district)
    for item in meeting.items:
        if item.vote_mode is None:
            item.adopted = None
        else:
            result = quorum_rules.VoteResult(item.votes_for, item.votes_against, item.votes_abstained)
            if result.total > state.present:
                raise ValidationError(Counted("Item {n} has {votes} vote recorded, more than the {present} people "
                                              "who would be present: correct its vote first.",
                                              "Item {n} has {votes} votes recorded, more than the {present} people "
                                              "who would be present: correct its vote first.", "votes"), field="present",
                                      n=item.position, votes=result.total, present=state.present)
            item.adopted = state.reached and result.passed(state.present, district.majority_percent)
        if item.adopted and item.decision is None:
            year = meeting.starts_at.year
            highest = session.scalar(select(func.max(Decision.number)).where(Decision.year == year))
            item.decision = Decision(year=year, number=(highest or 0) + 1, responsible="", answer_text="",
                                     status="in_progress")
            session.flush()
        elif not item.adopted and item.decision is not None:
            session.delete(item.decision)
            item.decision = None
    session.flush()
    return state
