"""Events of the centre: planning them (one-off or as a repeating series), booking their rooms
without clashes (app.services.bookings), registrations up to capacity with a waiting list,
attendance, the calendar, and the figures of the events report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import Counted
from app.models import Booking, Event, EventSeries, Grant, Meeting, Member, Registration, Room
from app.rules import ranges
from app.rules.phone import InvalidPhone
from app.services import bookings, settings, versions
from app.services.access import requires
from app.services.bookings import RoomClash
from app.services.members import normalize_phones
from app.services.periods import Period

__all__ = ["RoomClash"]  # raised by create/update/move, with the free rooms to offer

MAX_OCCURRENCES = 400  # a weekly course for years is a mistake, not a plan


@dataclass(frozen=True)
class EventData:
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room_ids: tuple[int, ...] = ()
    organiser: str = ""
    description: str = ""
    public: bool = True
    capacity: int | None = None
    grant_id: int | None = None
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Repeat:
    """On these weekdays (0 Monday … 6 Sunday), from the event's first day until ``until``."""

    weekdays: tuple[int, ...]
    until: date


@dataclass(frozen=True)
class RegistrationView:
    id: int
    member_id: int | None
    name: str
    phone: str
    registered_at: datetime
    waiting: bool
    attended: bool


@dataclass(frozen=True)
class EventView:
    id: int
    data: EventData
    series_id: int | None
    rooms: tuple[str, ...]
    registered: int
    waiting: int
    attended: int
    registrations: tuple[RegistrationView, ...]


@dataclass(frozen=True)
class CalendarEntry:
    """One booking of one room, as a calendar draws it: an event or a meeting."""

    room_id: int
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str  # the event's kind, or "meeting"
    event_id: int | None
    meeting_id: int | None


def kinds(district: settings.DistrictSettings | None = None) -> list[str]:
    district = district or settings.load()
    return [name.strip() for name in district.event_kinds.split(";") if name.strip()]


def _checked(session, data: EventData) -> EventData:
    data = replace(data, title=data.title.strip(), kind=data.kind.strip(), organiser=data.organiser.strip(),
                   room_ids=tuple(dict.fromkeys(data.room_ids)))
    if not data.title:
        raise ValidationError("The event has no title.", field="title")
    if not data.kind:
        raise ValidationError("Choose the kind of event.", field="kind")
    if data.ends_at <= data.starts_at:
        raise ValidationError("The event ends before it starts.", field="ends_at")
    if data.capacity is not None and data.capacity < 0:
        raise ValidationError("The capacity cannot be negative.", field="capacity")
    for name, check, value in (("capacity", ranges.check_capacity, data.capacity),
                               ("starts_at", ranges.check_day, data.starts_at.date()),
                               ("ends_at", ranges.check_day, data.ends_at.date())):
        try:
            if value is not None:
                check(value)
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field=name, **error.params) from None
    if data.grant_id is not None and session.get(Grant, data.grant_id) is None:
        raise ValidationError("No grant with number {id}.", field="grant", id=data.grant_id)
    for room_id in data.room_ids:
        bookings.check_room(session, room_id)
    return data


def _event(session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("No event with number {id}.", id=event_id)
    return event


def _fill(event: Event, data: EventData) -> None:
    for name in ("title", "kind", "organiser", "description", "starts_at", "ends_at", "public", "capacity",
                 "grant_id"):
        setattr(event, name, getattr(data, name))


def _days(first: date, repeat: Repeat) -> list[date]:
    if not repeat.weekdays or any(not 0 <= d <= 6 for d in repeat.weekdays):
        raise ValidationError("Choose the weekdays the event repeats on.", field="repeat")
    if repeat.until < first:
        raise ValidationError("The repeating ends before the first day.", field="repeat")
    days = [first + timedelta(n) for n in range((repeat.until - first).days + 1)
            if (first + timedelta(n)).weekday() in repeat.weekdays]
    if len(days) > MAX_OCCURRENCES:
        raise ValidationError("That repeats {count} times; at most {limit} at once.", field="repeat",
                              count=len(days), limit=MAX_OCCURRENCES)
    return days


@requires("events")
def create(data: EventData, repeat: Repeat | None = None) -> list[int]:
    """Plans an event, or a series of them; every room of every occurrence is booked or nothing is
    (a clash raises RoomClash naming the other booking and offering the free rooms)."""
    with unit_of_work() as session:
        data = _checked(session, data)
        if repeat is None:
            days, series = [data.starts_at.date()], None
        else:
            days = _days(data.starts_at.date(), repeat)
            series = EventSeries(weekdays="".join("1" if d in repeat.weekdays else "0" for d in range(7)),
                                 starts_on=days[0], ends_on=days[-1], start_time=data.starts_at.time(),
                                 end_time=data.ends_at.time())
            session.add(series)
            session.flush()
        length = data.ends_at - data.starts_at
        ids = []
        for day in days:
            starts = datetime.combine(day, data.starts_at.time())
            event = Event(series_id=series.id if series else None)
            _fill(event, replace(data, starts_at=starts, ends_at=starts + length))
            session.add(event)
            session.flush()
            bookings.book(session, data.room_ids, event.starts_at, event.ends_at, event_id=event.id)
            ids.append(event.id)
        return ids


@requires("events")
def update(event_id: int, data: EventData, whole_series: bool = False) -> None:
    """Changes one event, or every event of its series: then the new details and times of day apply
    to each on its own day, and every room is booked again with the same clash check. The version
    checked is the event's the form read: a change of the whole series changes it too."""
    with unit_of_work() as session:
        event = _event(session, event_id)
        versions.check(session, event, data.version)
        data = _checked(session, data)
        targets = [event]
        if whole_series and event.series_id is not None:
            targets = list(session.scalars(select(Event).where(Event.series_id == event.series_id)
                                           .order_by(Event.starts_at)))
        length = data.ends_at - data.starts_at
        day_shift = data.starts_at.date() - event.starts_at.date()
        for target in targets:
            _check_capacity(target, data.capacity)
            starts = datetime.combine(target.starts_at.date() + day_shift, data.starts_at.time())
            rooms = {booking.room_id for booking in target.bookings}
            _fill(target, replace(data, starts_at=starts, ends_at=starts + length))
            session.flush()
            bookings.book(session, data.room_ids, target.starts_at, target.ends_at, event_id=target.id)
            if rooms != set(data.room_ids):
                target.version += 1  # its rooms are part of the event's form, though booked apart
        if not whole_series:
            event.series_id = None  # changed on its own, it no longer follows the series


@requires("events")
def move(event_id: int, starts_at: datetime, ends_at: datetime) -> None:
    """Moves one event in time (a drag in the calendar), keeping its rooms, with the clash check."""
    view = get(event_id)
    update(event_id, replace(view.data, starts_at=starts_at, ends_at=ends_at))


@requires("events")
def delete(event_id: int, whole_series: bool = False) -> None:
    with unit_of_work() as session:
        event = _event(session, event_id)
        if whole_series and event.series_id is not None:
            for other in session.scalars(select(Event).where(Event.series_id == event.series_id)):
                session.delete(other)
        else:
            session.delete(event)


def free_rooms(starts_at: datetime, ends_at: datetime, event_id: int | None = None) -> list[bookings.FreeRoom]:
    with unit_of_work() as session:
        return bookings.free_rooms(session, starts_at, ends_at, event_id=event_id)


# Registrations -----------------------------------------------------------------------------------

def _check_capacity(event: Event, capacity: int | None) -> None:
    registered = sum(1 for r in event.registrations if not r.waiting)
    if capacity is not None and registered > capacity:
        raise ValidationError(Counted("{count} person is registered already: the capacity cannot be less.",
                                      "{count} people are registered already: the capacity cannot be less.", "count"),
                              field="capacity", count=registered)


@requires("events")
def register(event_id: int, member_id: int | None = None, guest_name: str = "", guest_phone: str = "",
             at: datetime | None = None) -> RegistrationView:
    """Registers a member of the register, or a guest by name and phone; past capacity, on the
    waiting list."""
    with unit_of_work() as session:
        event = _event(session, event_id)
        if member_id is not None:
            member = session.get(Member, member_id)
            if member is None or member.erased_at is not None:
                raise ValidationError("No person with number {id} in the register.", field="member", id=member_id)
            if any(r.member_id == member_id for r in event.registrations):
                raise ValidationError("This person is registered already.", field="member")
            guest_name = guest_phone = ""
        else:
            guest_name = guest_name.strip()
            if not guest_name:
                raise ValidationError("Choose a person from the register or write the guest's name.", field="member")
            try:
                guest_phone = normalize_phones(guest_phone)
            except InvalidPhone as error:
                raise ValidationError(error.reason, field="phone") from None
        registered = sum(1 for r in event.registrations if not r.waiting)
        waiting = event.capacity is not None and registered >= event.capacity
        registration = Registration(member_id=member_id, guest_name=guest_name, guest_phone=guest_phone,
                                    registered_at=at or clock.now(), waiting=waiting,
                                    attended=False)
        event.registrations.append(registration)
        session.flush()
        return _registration_view(session, registration)


@requires("events")
def cancel_registration(registration_id: int) -> None:
    """Removes a registration; the first on the waiting list takes the freed place."""
    with unit_of_work() as session:
        registration = _registration(session, registration_id)
        event = _event(session, registration.event_id)
        freed = not registration.waiting
        session.delete(registration)
        session.flush()
        if freed:
            waiting = [r for r in event.registrations if r.waiting and r.id != registration_id]
            if waiting:
                waiting[0].waiting = False


@requires("events")
def set_attended(registration_id: int, attended: bool = True) -> None:
    with unit_of_work() as session:
        registration = _registration(session, registration_id)
        if attended and registration.waiting:
            raise ValidationError("This person is on the waiting list, not registered.", field="attended")
        registration.attended = attended


def _registration(session, registration_id: int) -> Registration:
    registration = session.get(Registration, registration_id)
    if registration is None:
        raise NotFound("No registration with number {id}.", id=registration_id)
    return registration


def _registration_view(session, r: Registration) -> RegistrationView:
    if r.member_id is not None:
        m = session.get(Member, r.member_id)
        name = " ".join(p for p in (m.surname, m.given_name, m.patronymic) if p)
        phone = m.phone
    else:
        name, phone = r.guest_name, r.guest_phone
    return RegistrationView(r.id, r.member_id, name, phone, r.registered_at, r.waiting, r.attended)


# Reading -----------------------------------------------------------------------------------------

def get(event_id: int) -> EventView:
    with unit_of_work() as session:
        event = _event(session, event_id)
        rooms = [(b.room_id, session.get(Room, b.room_id).name) for b in event.bookings]
        data = EventData(event.title, event.kind, event.starts_at, event.ends_at, tuple(r for r, _ in rooms),
                         event.organiser, event.description, event.public, event.capacity, event.grant_id,
                         event.version)
        views = tuple(_registration_view(session, r) for r in event.registrations)
        return EventView(event.id, data, event.series_id, tuple(name for _, name in rooms),
                         sum(1 for r in views if not r.waiting), sum(1 for r in views if r.waiting),
                         sum(1 for r in views if r.attended), views)


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    rooms: str
    capacity: int | None
    registered: int
    attended: int
    series: bool


def rows(date_from: date | None = None, date_to: date | None = None, kind: str | None = None) -> list[EventRow]:
    query = select(Event).order_by(Event.starts_at, Event.id)
    if date_from is not None:
        query = query.where(Event.starts_at >= datetime.combine(date_from, time.min))
    if date_to is not None:
        query = query.where(Event.starts_at <= datetime.combine(date_to, time.max))
    if kind:
        query = query.where(Event.kind == kind)
    with unit_of_work() as session:
        names = {r.id: r.name for r in session.scalars(select(Room))}
        result = []
        for e in session.scalars(query):
            result.append(EventRow(e.id, e.title, e.kind, e.starts_at, e.ends_at,
                                   ", ".join(names[b.room_id] for b in e.bookings), e.capacity,
                                   sum(1 for r in e.registrations if not r.waiting),
                                   sum(1 for r in e.registrations if r.attended), e.series_id is not None))
        return result


def calendar(date_from: date, date_to: date) -> list[CalendarEntry]:
    """Every booking of every room from the first day to the last, events and meetings alike."""
    start, end = datetime.combine(date_from, time.min), datetime.combine(date_to + timedelta(days=1), time.min)
    query = (select(Booking, Event, Meeting).outerjoin(Event, Booking.event_id == Event.id)
             .outerjoin(Meeting, Booking.meeting_id == Meeting.id)
             .where(Booking.starts_at < end, Booking.ends_at > start).order_by(Booking.starts_at, Booking.room_id))
    with unit_of_work() as session:
        return [CalendarEntry(b.room_id, b.starts_at, b.ends_at,
                              e.title if e else f"№ {m.number}/{m.year}", e.kind if e else "meeting",
                              b.event_id, b.meeting_id)
                for b, e, m in session.execute(query)]


@dataclass(frozen=True)
class EventsPeriod:
    """What the events report shows for a period: one source of truth for these figures."""

    span: Period
    events_by_kind: dict[str, int]
    registered_by_kind: dict[str, int]
    attended_by_kind: dict[str, int]
    room_hours: dict[str, float]  # room name → hours booked (events and meetings)
    events: tuple[EventRow, ...]
    # Room name → the held events, and the meetings, that booked it: an event in two rooms is in both,
    # so these add up to the bookings, not to the events held.
    room_events: dict[str, int] = field(default_factory=dict)
    room_meetings: dict[str, int] = field(default_factory=dict)

    @property
    def events_held(self) -> int:
        return sum(self.events_by_kind.values())


def period(span: Period) -> EventsPeriod:
    """The events held in the period: those that started by its effective end (one still ahead is not
    held, nor are its registrations counted), and the rooms they and the period's meetings booked."""
    listed = tuple(rows(span.date_from, span.effective_to)) if span.effective_to >= span.date_from else ()
    by_kind: dict[str, int] = {}
    registered: dict[str, int] = {}
    attended: dict[str, int] = {}
    for row in listed:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
        registered[row.kind] = registered.get(row.kind, 0) + row.registered
        attended[row.kind] = attended.get(row.kind, 0) + row.attended
    hours: dict[int, float] = {}
    uses: dict[int, tuple[set[int], set[int]]] = {}  # room → (events, meetings)
    query = (select(Booking).outerjoin(Event, Booking.event_id == Event.id)
             .outerjoin(Meeting, Booking.meeting_id == Meeting.id)
             .where(func.coalesce(Event.starts_at, Meeting.starts_at).between(span.starts_at, span.ends_at))
             .order_by(Booking.id))
    with unit_of_work() as session:
        names = {r.id: r.name for r in session.scalars(select(Room).order_by(Room.id))}
        for booking in session.scalars(query):
            hours[booking.room_id] = (hours.get(booking.room_id, 0.0)
                                      + (booking.ends_at - booking.starts_at).total_seconds() / 3600)
            events_there, meetings_there = uses.setdefault(booking.room_id, (set(), set()))
            if booking.event_id is not None:
                events_there.add(booking.event_id)
            else:
                meetings_there.add(booking.meeting_id)
    return EventsPeriod(span, by_kind, registered, attended,
                        {names[room]: round(h, 2) for room, h in sorted(hours.items())}, listed,
                        {names[room]: len(n[0]) for room, n in sorted(uses.items())},
                        {names[room]: len(n[1]) for room, n in sorted(uses.items())})


def count(date_from: date | None = None, date_to: date | None = None) -> int:
    with unit_of_work() as session:
        query = select(func.count()).select_from(Event)
        if date_from is not None:
            query = query.where(Event.starts_at >= datetime.combine(date_from, time.min))
        if date_to is not None:
            query = query.where(Event.starts_at <= datetime.combine(date_to, time.max))
        return session.scalar(query)


# The day sheet ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DaySheetLine:
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str  # the event's kind, or "meeting"
    organiser: str
    registered: int | None  # None for a meeting


@dataclass(frozen=True)
class DaySheetRoom:
    name: str
    capacity: int | None
    lines: tuple[DaySheetLine, ...]


@dataclass(frozen=True)
class DaySheet:
    """A day's bookings room by room, for the caretaker's printed sheet: every bookable room, and
    any other room booked that day."""

    day: date
    district_kk: str
    district_ru: str
    rooms: tuple[DaySheetRoom, ...]


def day_sheet(day: date) -> DaySheet:
    entries = calendar(day, day)
    district = settings.load()
    with unit_of_work() as session:
        lines: dict[int, list[DaySheetLine]] = {}
        for entry in entries:
            if entry.event_id is not None:
                event = session.get(Event, entry.event_id)
                line = DaySheetLine(entry.starts_at, entry.ends_at, entry.title, entry.kind, event.organiser,
                                    sum(1 for r in event.registrations if not r.waiting))
            else:
                line = DaySheetLine(entry.starts_at, entry.ends_at, entry.title, "meeting", "", None)
            lines.setdefault(entry.room_id, []).append(line)
        rooms = session.scalars(select(Room).where((Room.active.is_(True) & Room.bookable.is_(True))
                                                   | Room.id.in_(lines)).order_by(Room.id))
        return DaySheet(day, district.district_name_kk, district.district_name_ru,
                        tuple(DaySheetRoom(r.name, r.capacity, tuple(lines.get(r.id, ()))) for r in rooms))
