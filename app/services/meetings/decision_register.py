"""The decisions register: adopted items as numbered decisions, who carries them out, when they went
to the akim and what the akim answered, and which are overdue. It stays open after the protocol is
signed: this is the decisions' life after the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app import clock
from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import N_
from app.models import AgendaItem, Decision, Meeting, Village
from app.services import calendar, settings, versions
from app.services.access import requires
from app.services.meetings.common import STORED_DECISION_STATUSES, DecisionData, DecisionRow, DecisionView

# What goes to the akim is the signed protocol's decision: a draft may still change.
DRAFT_PROTOCOL = N_("The protocol of this meeting is still a draft: sign it before the decision is sent to the akim.")


def _send_by(meeting_day: date, district: settings.DistrictSettings) -> date:
    return calendar.add_working_days(meeting_day, district.decision_send_working_days)


def _decision_status(decision: Decision, send_by: date, today: date) -> str:
    """The stored status, or "overdue" while in progress past a deadline: not sent to the akim in
    time, no answer by the day it was due, or not carried out by its own deadline. On a past day (a
    period report's end) a decision sent or answered only later was still waiting then."""
    sent = decision.sent_on if decision.sent_on is not None and decision.sent_on <= today else None
    answered = decision.answer_on is not None and decision.answer_on <= today
    if decision.status != "in_progress" and (answered or decision.answer_on is None):
        return decision.status
    late = ((sent is None and today > send_by)
            or (sent is not None and not answered and decision.answer_due is not None and today > decision.answer_due)
            or (decision.deadline is not None and today > decision.deadline))
    return "overdue" if late else "in_progress"


def _decision_view(decision: Decision, meeting_day: date, district, today: date) -> DecisionView:
    send_by = _send_by(meeting_day, district)
    return DecisionView(decision.id, decision.number, decision.year, decision.responsible, decision.deadline,
                        send_by, decision.sent_on, decision.answer_due, decision.answer_on, decision.answer_text,
                        _decision_status(decision, send_by, today))


@requires("meetings")
def update_decision(decision_id: int, data: DecisionData) -> None:
    """Who carries a decision out and by when, when it went to the akim and what the akim answered.
    This is the register's life after the meeting, so it stays open after the protocol is signed."""
    district = settings.load()
    if data.status not in STORED_DECISION_STATUSES:
        raise ValidationError("A decision is in progress, done or rejected.", field="status")
    with unit_of_work() as session:
        decision = session.get(Decision, decision_id)
        if decision is None:
            raise NotFound("No decision with number {id}.", id=decision_id)
        versions.check(session, decision, data.version)
        meeting = decision.item.meeting
        meeting_day = meeting.starts_at.date()
        if data.sent_on is not None and data.sent_on != decision.sent_on and meeting.signed_on is None:
            raise ValidationError(DRAFT_PROTOCOL, field="sent_on")
        if data.sent_on is not None and data.sent_on < meeting_day:
            raise ValidationError("A decision cannot be sent to the akim before the meeting that took it.",
                                  field="sent_on")
        if data.answer_on is not None:
            if data.sent_on is None:
                raise ValidationError("Enter when the decision was sent to the akim before the answer.",
                                      field="sent_on")
            if data.answer_on < data.sent_on:
                raise ValidationError("The akim's answer cannot come before the decision was sent.",
                                      field="answer_on")
        if data.deadline is not None and data.deadline < meeting_day:
            raise ValidationError("The deadline is before the meeting that took the decision.", field="deadline")
        if data.status == "rejected" and data.answer_on is None:
            raise ValidationError("A decision is rejected by the akim's answer: enter its date.", field="answer_on")
        decision.responsible = data.responsible.strip()
        decision.deadline = data.deadline
        decision.sent_on = data.sent_on
        decision.answer_due = (calendar.add_working_days(data.sent_on, district.akim_answer_working_days)
                               if data.sent_on else None)
        decision.answer_on = data.answer_on
        decision.answer_text = data.answer_text.strip()
        decision.status = data.status


def why_not_sent(decision_id: int) -> str | None:
    """Why the decision may not be marked sent to the akim yet (a catalogue message), or None: the
    window disables the field with this as its tooltip."""
    with unit_of_work() as session:
        decision = session.get(Decision, decision_id)
        if decision is None:
            raise NotFound("No decision with number {id}.", id=decision_id)
        return DRAFT_PROTOCOL if decision.item.meeting.signed_on is None else None


def decision_data(decision_id: int) -> DecisionData:
    with unit_of_work() as session:
        d = session.get(Decision, decision_id)
        if d is None:
            raise NotFound("No decision with number {id}.", id=decision_id)
        return DecisionData(d.responsible, d.deadline, d.sent_on, d.answer_on, d.answer_text, d.status, d.version)


def decisions(date_from: date | None = None, date_to: date | None = None, status: str | None = None,
              today: date | None = None) -> list[DecisionRow]:
    """The decisions register: adopted decisions of meetings held in the period, newest first;
    ``status`` filters by the shown status ("overdue" included)."""
    district = settings.load()
    today = today or clock.today()
    query = (select(Decision, AgendaItem, Meeting).join(Decision.item).join(AgendaItem.meeting)
             .order_by(Decision.year.desc(), Decision.number.desc()))
    if date_from is not None:
        query = query.where(Meeting.starts_at >= datetime.combine(date_from, datetime.min.time()))
    if date_to is not None:
        query = query.where(Meeting.starts_at <= datetime.combine(date_to, datetime.max.time()))
    rows = []
    with unit_of_work() as session:
        villages = {v.id: v for v in session.scalars(select(Village))}
        for decision, item, meeting in session.execute(query):
            view = _decision_view(decision, meeting.starts_at.date(), district, today)
            if status and view.status != status:
                continue
            rows.append(_row(decision, item, meeting, villages.get(meeting.village_id), view))
    return rows


def decision_row(decision_id: int, today: date | None = None) -> DecisionRow:
    """One decision as the register lists it: its dialog shows the text and the meeting."""
    district = settings.load()
    with unit_of_work() as session:
        decision = session.get(Decision, decision_id)
        if decision is None:
            raise NotFound("No decision with number {id}.", id=decision_id)
        item = decision.item
        meeting = item.meeting
        view = _decision_view(decision, meeting.starts_at.date(), district, today or clock.today())
        village = session.get(Village, meeting.village_id) if meeting.village_id is not None else None
        return _row(decision, item, meeting, village, view)


def _row(decision: Decision, item: AgendaItem, meeting: Meeting, village: Village | None,
         view: DecisionView) -> DecisionRow:
    return DecisionRow(
        decision.id, decision.number, decision.year, meeting.id, meeting.kind, meeting.kind_name,
        meeting.number, meeting.starts_at.date(), village.name_kk if village else "",
        village.name_ru if village else "", item.title, item.decision_text, decision.responsible,
        decision.deadline, view.send_by, decision.sent_on, decision.answer_due, decision.answer_on,
        decision.answer_text, view.status)


@dataclass(frozen=True)
class DecisionFigures:
    awaiting_answer: int  # sent to the akim, no answer yet
    overdue: int
    in_progress: int


def decision_figures(today: date | None = None) -> DecisionFigures:
    """For the start page: decisions awaiting the akim's answer and overdue."""
    rows = [row for row in decisions(today=today) if row.status in ("in_progress", "overdue")]
    return DecisionFigures(sum(1 for r in rows if r.sent_on and not r.answer_on),
                           sum(1 for r in rows if r.status == "overdue"), len(rows))
