"""Preparing a meeting: its kind, day, place and people, the room it books, and deleting it while
unsigned. A meeting's number is the next free one of its kind and year unless given."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import unit_of_work
from app.errors import ValidationError
from app.models import Attendance, Meeting, Member, Room, Village
from app.services import bookings, settings, versions
from app.services.access import requires
from app.services.meetings.agenda import _save_items
from app.services.meetings.common import (
    ASSEMBLY,
    DEFAULT_LENGTH,
    GATHERING,
    KINDS,
    LANGUAGES,
    OTHER,
    ItemData,
    MeetingData,
    _editable,
    _next_number,
)
from app.services.meetings.tally import _recount


def _checked(session, data: MeetingData, district: settings.DistrictSettings) -> MeetingData:
    if data.kind not in KINDS:
        raise ValidationError("Choose the kind of meeting.", field="kind")
    if data.kind == OTHER and not data.kind_name.strip():
        raise ValidationError("Name the kind of meeting (council, public hearing…).", field="kind_name")
    if data.kind == GATHERING and data.village_id is None:
        raise ValidationError("A gathering is of the residents of a village: choose the village.", field="village")
    if data.village_id is not None and session.get(Village, data.village_id) is None:
        raise ValidationError("The district has no such village.", field="village")
    if data.room_id is not None and session.get(Room, data.room_id) is None:
        raise ValidationError("The centre has no such room.", field="room")
    if data.language not in LANGUAGES:
        raise ValidationError("The meeting's language is Kazakh or Russian.", field="language")
    if data.number is not None and data.number < 1:
        raise ValidationError("A meeting number is a whole number from 1.", field="number")
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise ValidationError("The meeting ends before it starts.", field="ends_at")
    return MeetingData(**{**data.__dict__, "kind_name": data.kind_name.strip() if data.kind == OTHER else "",
                          "area": data.area.strip(), "address": data.address.strip(),
                          "chair": data.chair.strip(), "secretary": data.secretary.strip(),
                          "separate": data.separate and data.kind == GATHERING,
                          "village_id": data.village_id if data.kind != ASSEMBLY else None})


def _fill(session, meeting: Meeting, data: MeetingData) -> None:
    year = data.starts_at.year
    number = data.number
    if number is None:
        same = (meeting.kind, meeting.kind_name, meeting.year) == (data.kind, data.kind_name, year)
        number = meeting.number if same and meeting.number else _next_number(session, data.kind, data.kind_name, year)
    clash = session.scalar(select(Meeting.id).where(
        Meeting.kind == data.kind, Meeting.kind_name == data.kind_name, Meeting.year == year,
        Meeting.number == number, Meeting.id != (meeting.id or 0)))
    if clash:
        raise ValidationError("Meeting № {number} of this kind in {year} already exists.", field="number",
                              number=number, year=year)
    for name in ("kind", "kind_name", "separate", "starts_at", "ends_at", "village_id", "area", "room_id",
                 "address", "convened_by", "chair", "secretary", "guests", "guests_second", "representatives",
                 "language", "notes"):
        setattr(meeting, name, getattr(data, name))
    meeting.number, meeting.year = number, year


def _book_room(session, meeting: Meeting) -> None:
    """A meeting in a room of the centre books it like an event does, with the same clash check."""
    rooms = [meeting.room_id] if meeting.room_id is not None else []
    ends_at = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
    bookings.book(session, rooms, meeting.starts_at, ends_at, meeting_id=meeting.id)


@requires("meetings")
def create(data: MeetingData, items: list[ItemData] = ()) -> int:
    district = settings.load()
    with unit_of_work() as session:
        data = _checked(session, data, district)
        meeting = Meeting(entitled_override_reason="")
        _fill(session, meeting, data)
        session.add(meeting)
        session.flush()
        _book_room(session, meeting)
        _save_items(session, meeting, list(items))
        return meeting.id


@requires("meetings")
def update(meeting_id: int, data: MeetingData) -> int:
    """Changes a meeting's details. Its kind, village or street decide who is entitled, so changing
    them once people are ticked is refused (the ticks would no longer mean anything). Returns the
    meeting's version now, for a save of its agenda that follows."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        versions.check(session, meeting, data.version)
        data = _checked(session, data, district)
        ticked = session.scalar(select(func.count()).select_from(Attendance).where(Attendance.meeting_id == meeting_id))
        if ticked and (meeting.kind, meeting.village_id, meeting.area) != (data.kind, data.village_id, data.area):
            raise ValidationError("People are already ticked present: untick them before changing the kind, "
                                  "village or street of the meeting.", field="kind")
        _fill(session, meeting, data)
        session.flush()
        _book_room(session, meeting)
        _recount(session, meeting, district)
        return meeting.version


@requires("meetings")
def delete_meeting(meeting_id: int) -> None:
    with unit_of_work() as session:
        session.delete(_editable(session, meeting_id))


def streets(village_id: int) -> list[str]:
    """The streets of a village as the register writes them, for the street of a сход."""
    with unit_of_work() as session:
        return sorted(s for s in session.scalars(select(Member.street).distinct().where(
            Member.village_id == village_id, Member.erased_at.is_(None), Member.street != "")))
