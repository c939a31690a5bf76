"""Signing the protocol, after which the meeting refuses every change, and the dated amendments that
correct a signed protocol instead (docs/domain.md, Minutes)."""

from __future__ import annotations

from datetime import date

from app.db import unit_of_work
from app.errors import ValidationError
from app.models import Amendment
from app.services import settings
from app.services.access import requires
from app.services.audit import acting_user
from app.services.meetings.common import _editable, _meeting
from app.services.meetings.tally import _quorum


@requires("meetings")
def sign(meeting_id: int, signed_on: date) -> None:
    """Marks the protocol signed: from now on the meeting refuses every change, and the number
    entitled is frozen so that later changes to the register do not rewrite it."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        if signed_on < meeting.starts_at.date():
            raise ValidationError("A protocol cannot be signed before its meeting.", field="signed_on")
        if not meeting.chair or not meeting.secretary:
            raise ValidationError("Enter the chair and the secretary: they sign the protocol.", field="chair")
        if not meeting.items:
            raise ValidationError("The protocol has no agenda: add at least one item.", field="items")
        meeting.entitled_at_signing = _quorum(session, meeting, district).entitled_counted
        meeting.signed_on = signed_on


@requires("meetings")
def add_amendment(meeting_id: int, text: str, made_on: date) -> int:
    """A dated correction to a signed protocol (docs/domain.md: once signed a protocol does not change)."""
    text = text.strip()
    if not text:
        raise ValidationError("Write what the amendment corrects.", field="text")
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.signed_on is None:
            raise ValidationError("The protocol is not signed yet: correct the meeting itself.", field="text")
        if made_on < meeting.signed_on:
            raise ValidationError("An amendment cannot be dated before the protocol was signed.", field="made_on")
        amendment = Amendment(meeting_id=meeting_id, made_on=made_on, text=text, made_by=acting_user())
        session.add(amendment)
        session.flush()
        return amendment.id
