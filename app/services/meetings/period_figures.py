"""The period's figures: meetings held and decisions taken, for the activity report and the start
page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db import unit_of_work
from app.models import Meeting
from app.services import settings
from app.services.meetings.common import DECISION_STATUSES
from app.services.meetings.decision_register import decisions
from app.services.meetings.tally import _quorum
from app.services.periods import Period


@dataclass(frozen=True)
class MeetingsPeriod:
    """Meetings held and decisions taken in a period: one source of truth for these counts (the
    activity report and the start page read them here)."""

    span: Period
    held_by_kind: dict[str, int]
    with_quorum: int
    present: int  # people present, summed over the meetings held
    entitled: int
    decisions_by_status: dict[str, int]  # the decisions of these meetings, by shown status
    answered: int  # of them, answered by the akim

    @property
    def held(self) -> int:
        return sum(self.held_by_kind.values())

    @property
    def decisions(self) -> int:
        return sum(self.decisions_by_status.values())


def period(span: Period) -> MeetingsPeriod:
    """Meetings held from the first day to the effective last (attendance taken, or signed), and their
    decisions with the status each had at the end of that day."""
    district = settings.load()
    last = span.effective_to
    held_by_kind: dict[str, int] = {}
    with_quorum = present = entitled = 0
    with unit_of_work() as session:
        for meeting in session.scalars(select(Meeting).where(Meeting.starts_at.between(span.starts_at, span.ends_at))):
            state = _quorum(session, meeting, district)
            if state.present == 0 and meeting.signed_on is None:
                continue  # prepared, not held (yet)
            held_by_kind[meeting.kind] = held_by_kind.get(meeting.kind, 0) + 1
            with_quorum += state.reached and state.applies
            present += state.present
            entitled += state.entitled
    rows = decisions(span.date_from, last, today=last) if last >= span.date_from else []
    by_status = {status: sum(1 for r in rows if r.status == status) for status in DECISION_STATUSES}
    return MeetingsPeriod(span, held_by_kind, with_quorum, present, entitled, {s: n for s, n in by_status.items() if n},
                          sum(1 for r in rows if r.answer_on is not None and r.answer_on <= last))
