"""Votes on agenda items: as counts at a сход, or by roll call of the elected members at a собрание.
Each vote recounts whether its item is adopted (app.services.meetings.tally)."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.db import unit_of_work
from app.errors import NeedsConfirmation, ValidationError
from app.i18n import format_number
from app.models import AgendaItem, Attendance, RollCallVote
from app.rules import quorum as quorum_rules
from app.services import settings
from app.services.access import requires
from app.services.meetings.common import ASSEMBLY, CHOICES, QuorumState, VoteView, _editable, _item
from app.services.meetings.tally import _present, _quorum, _recount


def _may_vote(session, meeting, district: settings.DistrictSettings, without_quorum: bool) -> QuorumState:
    """Nobody present means there is no vote. A meeting without quorum is not competent
    (docs/domain.md, Minutes): its vote is recorded only when the secretary confirms it was taken
    anyway, and then adopts nothing; the protocol says so under each item and in its quorum line.
    Returns the quorum state, which the vote does not change."""
    state = _quorum(session, meeting, district)
    if state.present == 0:
        raise ValidationError("Nobody is present: take attendance first; without people there is no vote.",
                              field="votes")
    if state.applies and not state.reached and not without_quorum:
        raise NeedsConfirmation("There is no quorum ({present} / {entitled}, {needed} needed): the meeting is not "
                                "competent and nothing it votes is adopted. Record this vote anyway, as taken "
                                "without quorum?", field="votes", present=format_number(state.present),
                                entitled=format_number(state.entitled),
                                needed=format_number(state.needed) if state.needed else "—")
    return state


@requires("meetings")
def record_vote(item_id: int, votes_for: int, against: int, abstained: int, *,
                without_quorum: bool = False) -> VoteView:
    """The vote on an item as counts. Numbers no meeting can give (negative, more votes than people
    present) are refused with a clear message and change nothing; so is a vote without quorum unless
    ``without_quorum`` confirms it (``_may_vote``)."""
    district = settings.load()
    with unit_of_work() as session:
        item = _item(session, item_id)
        meeting = _editable(session, item.meeting_id)
        present = _present(session, meeting)
        result = quorum_rules.VoteResult(votes_for, against, abstained)
        try:
            result.check(present)
        except quorum_rules.InvalidCount as error:
            raise ValidationError(error.reason, field=error.field) from None
        state = _may_vote(session, meeting, district, without_quorum)
        session.execute(delete(RollCallVote).where(RollCallVote.item_id == item_id))
        item.vote_mode = "counts"
        item.votes_for, item.votes_against, item.votes_abstained = votes_for, against, abstained
        session.flush()
        _recount(session, meeting, district, state)
        return _vote(item, present, district)


@requires("meetings")
def record_roll_call(item_id: int, choices: dict[int, str], *, without_quorum: bool = False) -> VoteView:
    """How each elected member present voted (a собрание). Members not in ``choices`` did not vote.
    Without quorum, as ``record_vote``."""
    district = settings.load()
    with unit_of_work() as session:
        item = _item(session, item_id)
        meeting = _editable(session, item.meeting_id)
        if meeting.kind != ASSEMBLY:
            raise ValidationError("A roll-call vote is taken at an assembly, whose members are known by name.",
                                  field="votes")
        state = _may_vote(session, meeting, district, without_quorum)
        if any(choice not in CHOICES for choice in choices.values()):
            raise ValidationError("A vote is for, against or abstained.", field="votes")
        present = set(session.scalars(select(Attendance.member_id).where(Attendance.meeting_id == meeting.id)))
        if set(choices) - present:
            raise ValidationError("Only members ticked present can vote.", field="votes")
        session.execute(delete(RollCallVote).where(RollCallVote.item_id == item_id))
        session.add_all(RollCallVote(item_id=item_id, member_id=m, choice=c) for m, c in sorted(choices.items()))
        counts = [sum(1 for c in choices.values() if c == wanted) for wanted in ("for", "against", "abstained")]
        item.vote_mode = "roll_call"
        item.votes_for, item.votes_against, item.votes_abstained = counts
        session.flush()
        _recount(session, meeting, district, state)
        return _vote(item, len(present), district)


def roll_call(item_id: int) -> dict[int, str]:
    with unit_of_work() as session:
        return dict(session.execute(select(RollCallVote.member_id, RollCallVote.choice)
                                    .where(RollCallVote.item_id == item_id)).all())


@requires("meetings")
def clear_vote(item_id: int) -> None:
    district = settings.load()
    with unit_of_work() as session:
        item = _item(session, item_id)
        meeting = _editable(session, item.meeting_id)
        session.execute(delete(RollCallVote).where(RollCallVote.item_id == item_id))
        item.vote_mode = item.votes_for = item.votes_against = item.votes_abstained = None
        session.flush()
        _recount(session, meeting, district)


def _vote(item: AgendaItem, present: int, district: settings.DistrictSettings) -> VoteView | None:
    if item.vote_mode is None:
        return None
    return VoteView(item.vote_mode, item.votes_for, item.votes_against, item.votes_abstained,
                    quorum_rules.needed_to_pass(present, district.majority_percent), bool(item.adopted))
