"""Subcommands of the centre's events and rooms: ``auyl rooms list / free`` and ``auyl events list /
show / new / edit / move / delete / register / cancel / attended / calendar``.

Everything the window does with events, through the same service (app.services.events). Lists print
one row a line, columns separated by tabs; an event is named by the id the list prints in its first
column, a registration by the id ``show`` prints. Rooms are named by their names, in any spelling
(«Мәжіліс залы», «мажилис залы»); kinds by a name of the district's list, in Kazakh or Russian.
Times are written as “2026-03-14 10:00”.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from app import clock
from app.cli.meetings import NONE, _pick, _room_id, _time
from app.cli.office import _date
from app.errors import ValidationError
from app.i18n import current_language, format_date, format_datetime, ntr, tr
from app.rules import ranges

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_DAYS = 7  # what `events calendar` shows without --to


# Argument types ----------------------------------------------------------------------------------

def _moment(text: str) -> datetime:
    day, _, clock = text.strip().rpartition(" ")
    try:
        return datetime.combine(_date(day), _time(clock))
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            tr("“{value}” is not a date and time; write it as 2026-03-14 10:00", value=text)) from None


def _weekdays(text: str) -> tuple[int, ...]:
    names = [name.strip().lower()[:3] for name in text.split(",") if name.strip()]
    if not names or any(name not in WEEKDAYS for name in names):
        raise argparse.ArgumentTypeError(
            tr("write the weekdays as mon,tue,wed,thu,fri,sat,sun, not “{value}”", value=text))
    return tuple(sorted({WEEKDAYS.index(name) for name in names}))


def _capacity(text: str):
    """A whole number or “none”; a negative one is the service's to refuse, in its own words."""
    if text.strip().lower() == NONE:
        return NONE
    try:
        return ranges.whole_number(text, low=-ranges.INTEGER_MAX)
    except ranges.OutOfRange as error:
        if error.reason == ranges.NUMBER_TOO_BIG:
            raise argparse.ArgumentTypeError(tr(error.reason, **error.params)) from None
        raise argparse.ArgumentTypeError(tr("“{value}” is not a whole number or “none”", value=text)) from None


# Registration ------------------------------------------------------------------------------------

def _event_options(p, new: bool) -> None:
    # A missing title or kind is the service's to refuse, in the same words as the window's.
    p.add_argument("--title", metavar=tr("TITLE"), help=tr("the event's name"))
    p.add_argument("--kind", metavar=tr("KIND"),
                   help=tr("a kind of the district's list, in Kazakh or Russian (course, celebration…)"))
    p.add_argument("--start", type=_moment, required=new, metavar="“YYYY-MM-DD HH:MM”", help=tr("when it starts"))
    p.add_argument("--end", type=_moment, required=new, metavar="“YYYY-MM-DD HH:MM”", help=tr("when it ends"))
    p.add_argument("--room", action="append", metavar=tr("NAME"),
                   help=tr("a room of the centre to book (may be given several times; replaces the rooms)"))
    if not new:
        p.add_argument("--no-rooms", action="store_true", help=tr("book no room"))
    p.add_argument("--capacity", type=_capacity, metavar="N",
                   help=tr("how many people may register (default: no limit)") if new
                   else tr("how many people may register (“none”: no limit)"))
    p.add_argument("--organiser", metavar=tr("WHO"), help=tr("who runs it"))
    p.add_argument("--description", metavar=tr("TEXT"), help=tr("what it is about"))
    access = p.add_mutually_exclusive_group()
    access.add_argument("--private", dest="public", action="store_const", const=False,
                        help=tr("by invitation only"))
    access.add_argument("--public", dest="public", action="store_const", const=True, help=tr("open to everyone"))
    p.add_argument("--grant", type=_grant, metavar="GRANT_ID",
                   help=tr("the grant that funds it") + ("" if new else tr(" (“none” clears it)")))


def _grant(text: str):
    return NONE if text.strip().lower() == NONE else _capacity(text)


def register(commands) -> None:
    rooms = commands.add_parser("rooms", help=tr("the rooms of the centre and when they are free"))
    jobs = rooms.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)
    p = jobs.add_parser("list", help=tr("the rooms: name, kind, capacity, whether events book them"))
    p.set_defaults(handler=cmd_rooms)
    p = jobs.add_parser("free", help=tr("the rooms free for the whole of a time"))
    p.add_argument("--from", dest="start", type=_moment, required=True, metavar="“YYYY-MM-DD HH:MM”",
                   help=tr("from when"))
    p.add_argument("--to", dest="end", type=_moment, required=True, metavar="“YYYY-MM-DD HH:MM”",
                   help=tr("until when"))
    p.set_defaults(handler=cmd_free)

    events = commands.add_parser("events", help=tr("events of the centre: courses, celebrations, trainings…"))
    jobs = events.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("list", help=tr("events in time order, with their rooms and registrations"))
    p.add_argument("--from", dest="date_from", type=_date, metavar=tr("DATE"), help=tr("from this day"))
    p.add_argument("--to", dest="date_to", type=_date, metavar=tr("DATE"), help=tr("up to this day"))
    p.add_argument("--kind", metavar=tr("KIND"), help=tr("only this kind"))
    p.set_defaults(handler=cmd_list)

    p = jobs.add_parser("show", help=tr("an event: details, registrations, waiting list and attendance"))
    p.add_argument("event", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = jobs.add_parser("new", help=tr("plan an event, or a repeating series of them, booking its rooms"))
    _event_options(p, new=True)
    p.add_argument("--repeat", type=_weekdays, metavar="mon,tue,…",
                   help=tr("repeat on these weekdays (with --until)"))
    p.add_argument("--until", type=_date, metavar=tr("DATE"), help=tr("the last day of the repeating"))
    p.set_defaults(handler=cmd_new)

    p = jobs.add_parser("edit", help=tr("change an event's details (options not given stay as they are)"))
    p.add_argument("event", type=int, metavar="ID")
    _event_options(p, new=False)
    p.add_argument("--series", action="store_true", help=tr("change every event of its series"))
    p.set_defaults(handler=cmd_edit)

    p = jobs.add_parser("move", help=tr("move an event to another time, keeping its rooms"))
    p.add_argument("event", type=int, metavar="ID")
    p.add_argument("--start", type=_moment, required=True, metavar="“YYYY-MM-DD HH:MM”", help=tr("when it starts"))
    p.add_argument("--end", type=_moment, required=True, metavar="“YYYY-MM-DD HH:MM”", help=tr("when it ends"))
    p.set_defaults(handler=cmd_move)

    p = jobs.add_parser("delete", help=tr("delete an event with its bookings and registrations"))
    p.add_argument("event", type=int, metavar="ID")
    p.add_argument("--series", action="store_true", help=tr("delete every event of its series"))
    p.set_defaults(handler=cmd_delete)

    p = jobs.add_parser("register", help=tr("register a person for an event (past capacity: the waiting list)"))
    p.add_argument("event", type=int, metavar="ID")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", type=int, metavar="MEMBER_ID", help=tr("a person of the register"))
    who.add_argument("--guest", metavar=tr("NAME"), help=tr("a guest, by name"))
    p.add_argument("--phone", default="", metavar=tr("PHONE"), help=tr("the guest's phone"))
    p.set_defaults(handler=cmd_register)

    p = jobs.add_parser("cancel", help=tr("cancel a registration (the first waiting takes the place)"))
    p.add_argument("registration", type=int, metavar="REGISTRATION_ID")
    p.set_defaults(handler=cmd_cancel)

    p = jobs.add_parser("attended", help=tr("tick that a registered person came"))
    p.add_argument("registration", type=int, metavar="REGISTRATION_ID")
    p.add_argument("--no", action="store_true", help=tr("untick: they did not come"))
    p.set_defaults(handler=cmd_attended)

    p = jobs.add_parser("calendar", help=tr("the bookings of every room, day by day: events and meetings"))
    p.add_argument("--from", dest="date_from", type=_date, metavar=tr("DATE"),
                   help=tr("the first day (default: today)"))
    p.add_argument("--to", dest="date_to", type=_date, metavar=tr("DATE"),
                   help=tr("the last day (default: a week from the first)"))
    p.set_defaults(handler=cmd_calendar)


# Helpers -----------------------------------------------------------------------------------------

def _kind_name(kind: str) -> str:
    from app.rules.bilingual import title_in

    return title_in(kind, current_language())


def _kind(name: str) -> str:
    """The district's kind typed in any spelling: the whole name, or its Kazakh or Russian part."""
    from app.rules.bilingual import name_in
    from app.rules.text import fold
    from app.services import events

    listed = events.kinds()
    for kind in listed:
        if fold(name) in {fold(kind), fold(name_in(kind, "kk")), fold(name_in(kind, "ru"))}:
            return kind
    raise ValidationError("Unknown kind of event “{name}”: choose one of {choices}.", field="kind", name=name,
                          choices="; ".join(listed))


def _data(args, current):
    """The event's details: the current ones (or a new event's defaults) with what was given."""
    from dataclasses import replace

    from app.services import events

    changes = {}
    for option in ("title", "organiser", "description", "public"):
        if getattr(args, option) is not None:
            changes[option] = getattr(args, option)
    if args.kind is not None:
        changes["kind"] = _kind(args.kind) if args.kind.strip() else ""
    if args.room is not None:
        changes["room_ids"] = tuple(_room_id(name) for name in args.room)
    elif getattr(args, "no_rooms", False):
        changes["room_ids"] = ()
    if args.capacity is not None:
        changes["capacity"] = _pick(args.capacity, None)
    if args.grant is not None:
        changes["grant_id"] = _pick(args.grant, None)
    if current is None:
        return events.EventData(**{"title": "", "kind": "", "starts_at": args.start, "ends_at": args.end, **changes})
    # A new start alone keeps the event's length; a new end alone keeps its start.
    starts = args.start or current.starts_at
    ends = args.end or (starts + (current.ends_at - current.starts_at) if args.start else current.ends_at)
    return replace(current, starts_at=starts, ends_at=ends, **changes)


def _offering_free_rooms(action):
    """Runs ``action``; a clash becomes one line: the service's message and the rooms free then."""
    from app.services.events import RoomClash

    try:
        return action()
    except RoomClash as clash:
        if not clash.free_rooms:
            raise ValidationError("{clash} No room is free at that time.", field="rooms",
                                  clash=clash.message()) from None
        raise ValidationError("{clash} Free at that time: {rooms}.", field="rooms", clash=clash.message(),
                              rooms=", ".join(room.name for room in clash.free_rooms)) from None


def _span(starts: datetime, ends: datetime) -> str:
    end = f"{ends:%H:%M}" if ends.date() == starts.date() else format_datetime(ends)
    return f"{format_datetime(starts)}–{end}"


# Commands ----------------------------------------------------------------------------------------

def cmd_rooms(args) -> int:
    from app.services import settings

    for room in settings.rooms(include_inactive=False):
        capacity = "" if room.capacity is None else str(room.capacity)
        print(f"{room.name}\t{tr(settings.ROOM_KINDS[room.kind])}\t{capacity}"
              f"\t{tr('bookable') if room.bookable else tr('not bookable')}")
    return 0


def cmd_free(args) -> int:
    from app.services import events

    if args.end <= args.start:
        raise ValidationError("The end is not after the start.", field="ends_at")
    free = events.free_rooms(args.start, args.end)
    for room in free:
        print(f"{room.name}\t{'' if room.capacity is None else room.capacity}")
    if not free:
        print(tr("No room is free at that time."))
    return 0


def cmd_list(args) -> int:
    from app.services import events

    if args.date_from and args.date_to and args.date_to < args.date_from:
        raise ValidationError("The period ends before it starts.", field="date_to")
    rows = events.rows(args.date_from, args.date_to, _kind(args.kind) if args.kind else None)
    for r in rows:
        places = f"{r.registered}/{r.capacity}" if r.capacity is not None else str(r.registered)
        print(f"{r.id}\t{_span(r.starts_at, r.ends_at)}\t{r.title}\t{_kind_name(r.kind)}\t{r.rooms}"
              f"\t{tr('registered: {places}', places=places)}\t{tr('attended: {count}', count=r.attended)}"
              + (f"\t{tr('series')}" if r.series else ""))
    if not rows:
        print(tr("No events found."))
    return 0


def cmd_show(args) -> int:
    from app.services import events

    v = events.get(args.event)
    d = v.data
    print(tr("Event {id}: {title}", id=v.id, title=d.title))
    capacity = tr("no limit") if d.capacity is None else str(d.capacity)
    fields = ((tr("Kind"), _kind_name(d.kind)), (tr("When"), _span(d.starts_at, d.ends_at)),
              (tr("Rooms"), ", ".join(v.rooms) or tr("none")), (tr("Organiser"), d.organiser),
              (tr("Open to"), tr("everyone") if d.public else tr("invited people only")),
              (tr("Capacity"), capacity), (tr("Grant"), str(d.grant_id) if d.grant_id else ""),
              (tr("Series"), tr("yes, series {id}", id=v.series_id) if v.series_id else ""),
              (tr("Description"), d.description))
    for label, value in fields:
        if value:
            print(f"{label}: {value}")
    print(tr("Registered: {registered}; waiting: {waiting}; attended: {attended}", registered=v.registered,
             waiting=v.waiting, attended=v.attended))
    registered = [r for r in v.registrations if not r.waiting]
    waiting = [r for r in v.registrations if r.waiting]
    for heading, people in ((tr("Registrations:"), registered), (tr("Waiting list:"), waiting)):
        if people:
            print(heading)
        for r in people:
            guest = "" if r.member_id else tr("guest")
            came = tr("attended") if r.attended else ""
            print(f"  {r.id}\t{r.name}\t{r.phone}\t{format_datetime(r.registered_at)}\t{guest}\t{came}".rstrip())
    return 0


def cmd_new(args) -> int:
    from app.services import events

    if (args.repeat is None) != (args.until is None):
        raise ValidationError("Give --repeat and --until together.", field="repeat")
    data = _data(args, None)
    repeat = events.Repeat(args.repeat, args.until) if args.repeat else None
    ids = _offering_free_rooms(lambda: events.create(data, repeat))
    if len(ids) == 1:
        print(tr("Event {id} added.", id=ids[0]))
    else:
        print(ntr("{n} event added: {ids}", "{n} events added: {ids}", len(ids), ids=", ".join(map(str, ids))))
    return 0


def cmd_edit(args) -> int:
    from app.services import events

    data = _data(args, events.get(args.event).data)
    _offering_free_rooms(lambda: events.update(args.event, data, whole_series=args.series))
    print(tr("Event {id} saved.", id=args.event))
    return 0


def cmd_move(args) -> int:
    from app.services import events

    _offering_free_rooms(lambda: events.move(args.event, args.start, args.end))
    print(tr("Event {id} moved to {when}.", id=args.event, when=_span(args.start, args.end)))
    return 0


def cmd_delete(args) -> int:
    from app.services import events

    before = events.count()
    events.delete(args.event, whole_series=args.series)
    deleted = before - events.count()
    print(ntr("{n} event of the series deleted.", "{n} events of the series deleted.", deleted) if deleted > 1
          else tr("Event {id} deleted.", id=args.event))
    return 0


def cmd_register(args) -> int:
    from app.services import events

    if args.phone and args.guest is None:
        raise ValidationError("Give --phone with --guest: a person of the register has their phone there.",
                              field="phone")
    r = events.register(args.event, member_id=args.member, guest_name=args.guest or "", guest_phone=args.phone)
    if r.waiting:
        print(tr("The event is full: {name} is on the waiting list (registration {id}).", name=r.name, id=r.id))
    else:
        print(tr("{name} registered (registration {id}).", name=r.name, id=r.id))
    return 0


def cmd_cancel(args) -> int:
    from app.services import events

    events.cancel_registration(args.registration)
    print(tr("Registration {id} cancelled.", id=args.registration))
    return 0


def cmd_attended(args) -> int:
    from app.services import events

    events.set_attended(args.registration, not args.no)
    print(tr("Registration {id}: did not come.", id=args.registration) if args.no
          else tr("Registration {id}: attended.", id=args.registration))
    return 0


def cmd_calendar(args) -> int:
    from app.services import events, settings

    first = args.date_from or clock.today()
    last = args.date_to or first + timedelta(days=CALENDAR_DAYS - 1)
    if last < first:
        raise ValidationError("The period ends before it starts.", field="date_to")
    rooms = {room.id: room.name for room in settings.rooms()}
    entries = events.calendar(first, last)
    day = None
    for e in entries:
        if e.starts_at.date() != day:
            day = e.starts_at.date()
            print(format_date(day))
        owner = tr("event {id}", id=e.event_id) if e.event_id else tr("meeting {id}", id=e.meeting_id)
        kind = tr("meeting") if e.meeting_id else _kind_name(e.kind)
        print(f"  {e.starts_at:%H:%M}–{e.ends_at:%H:%M}\t{rooms[e.room_id]}\t{e.title}\t{kind}\t{owner}")
    if not entries:
        print(tr("No bookings from {first} to {last}.", first=format_date(first), last=format_date(last)))
    return 0
