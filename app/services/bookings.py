"""Room bookings, shared by events and meetings: one check that a room is free, with a message that
names who has it, and the free rooms at that time to offer instead. The database refuses an
overlap as well (migration 0006), which this turns into the same message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import ValidationError
from app.models import Booking, Event, Meeting, Room


@dataclass(frozen=True)
class FreeRoom:
    id: int
    name: str
    capacity: int | None


class RoomClash(ValidationError):
    """A room is taken then; ``free_rooms`` are the bookable rooms free for the whole time."""

    def __init__(self, msgid: str, free_rooms: list[FreeRoom], **params):
        super().__init__(msgid, field="rooms", **params)
        self.free_rooms = free_rooms


def _owner_name(session, booking: Booking) -> str:
    if booking.event_id is not None:
        return session.get(Event, booking.event_id).title
    meeting = session.get(Meeting, booking.meeting_id)
    return f"№ {meeting.number}/{meeting.year}"


def overlapping(session, room_id: int, starts_at: datetime, ends_at: datetime, *, event_id: int | None = None,
                meeting_id: int | None = None) -> Booking | None:
    """The booking of the room overlapping [starts_at, ends_at), other than the owner's own.
    Touching is not overlapping: one ending at 12:00 leaves the room free at 12:00."""
    query = select(Booking).where(Booking.room_id == room_id, Booking.starts_at < ends_at,
                                  Booking.ends_at > starts_at)
    if event_id is not None:
        query = query.where((Booking.event_id.is_(None)) | (Booking.event_id != event_id))
    if meeting_id is not None:
        query = query.where((Booking.meeting_id.is_(None)) | (Booking.meeting_id != meeting_id))
    return session.scalars(query.order_by(Booking.starts_at).limit(1)).first()


def free_rooms(session, starts_at: datetime, ends_at: datetime, *, event_id: int | None = None,
               meeting_id: int | None = None) -> list[FreeRoom]:
    rooms = session.scalars(select(Room).where(Room.active.is_(True), Room.bookable.is_(True)).order_by(Room.id))
    return [FreeRoom(r.id, r.name, r.capacity) for r in rooms
            if overlapping(session, r.id, starts_at, ends_at, event_id=event_id, meeting_id=meeting_id) is None]


def check_room(session, room_id: int) -> Room:
    room = session.get(Room, room_id)
    if room is None or not room.active:
        raise ValidationError("The centre has no such room.", field="rooms")
    if not room.bookable:
        raise ValidationError("{room} is not booked for events or meetings.", field="rooms", room=room.name)
    return room


def book(session, room_ids, starts_at: datetime, ends_at: datetime, *, event_id: int | None = None,
         meeting_id: int | None = None) -> None:
    """Makes the owner's bookings exactly these rooms at this time, or raises RoomClash."""
    if ends_at <= starts_at:
        raise ValidationError("The end is not after the start.", field="ends_at")
    for room_id in room_ids:
        room = check_room(session, room_id)
        other = overlapping(session, room_id, starts_at, ends_at, event_id=event_id, meeting_id=meeting_id)
        if other is not None:
            raise RoomClash("{room} is taken by «{other}» from {start} to {end}.",
                            free_rooms(session, starts_at, ends_at, event_id=event_id, meeting_id=meeting_id),
                            room=room.name, other=_owner_name(session, other),
                            start=other.starts_at.strftime("%d.%m.%Y %H:%M"), end=other.ends_at.strftime("%H:%M"))
    owner = Booking.event_id == event_id if event_id is not None else Booking.meeting_id == meeting_id
    for booking in session.scalars(select(Booking).where(owner)):
        session.delete(booking)
    session.flush()
    session.add_all(Booking(room_id=room_id, starts_at=starts_at, ends_at=ends_at, event_id=event_id,
                            meeting_id=meeting_id) for room_id in dict.fromkeys(room_ids))
    try:
        session.flush()
    except IntegrityError:
        # Another window booked the room between the check and this write: the database said no.
        raise ValidationError("The room was booked from another window a moment ago: look again and choose "
                              "another time or room.", field="rooms") from None
