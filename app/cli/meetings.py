"""Subcommands of meetings: meetings, decisions, assembly, holidays.

Everything the window does with meetings, through the same services (app.services.meetings and
app.services.calendar). Lists print one row a line, columns separated by tabs; a meeting, an item or
a decision is named by the number the lists print in their first column, an agenda item by its
position in the agenda (1, 2, …).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

from app import clock, i18n
from app.cli.office import _date, _positive
from app.errors import NotFound, ValidationError
from app.i18n import format_date, format_datetime, local_name, tr
from app.rules import ranges

NONE = "none"  # typed for an optional value to clear it (a date, a count)
KIND_CHOICES = ("gathering", "assembly", "other")
STATUS_CHOICES = ("in_progress", "done", "rejected")


# Argument types ----------------------------------------------------------------------------------

def _time(text: str) -> time:
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(tr("“{value}” is not a time; write it as 10:00", value=text)) from None


def _day(text: str) -> date:
    """A date given inside a list of values (``--add DATE NAME``), checked after parsing."""
    from app.rules.dates import parse_date

    try:
        return ranges.check_day(parse_date(text))
    except ranges.OutOfRange as error:
        raise ValidationError(error.reason, **error.params) from None
    except ValueError:
        raise ValidationError("“{value}” is not a date; write it as 2026-03-14 or 14.03.2026", value=text) from None


def _date_or_none(text: str):
    return NONE if text.strip().lower() == NONE else _date(text)


def _count_or_none(text: str):
    if text.strip().lower() == NONE:
        return NONE
    try:
        return ranges.whole_number(text)
    except ranges.OutOfRange as error:
        if error.reason == ranges.NUMBER_TOO_BIG:
            raise argparse.ArgumentTypeError(tr(error.reason, **error.params)) from None
        raise argparse.ArgumentTypeError(tr("“{value}” is not a whole number from 0 or “none”", value=text)) from None


def _count(text: str) -> int:
    value = _count_or_none(text)
    if value == NONE:
        raise argparse.ArgumentTypeError(tr("“{value}” is not a whole number from 0", value=text))
    return value


def _choice_vote(text: str) -> tuple[int, str]:
    member, _, choice = text.partition("=")
    if not member.strip().isdigit() or choice.strip() not in ("for", "against", "abstained"):
        raise argparse.ArgumentTypeError(
            tr("write a roll-call vote as MEMBER_ID=for, =against or =abstained, not “{value}”", value=text))
    return int(member), choice.strip()


def _pick(given, current):
    """An option's new value: unchanged when not given, cleared by “none”."""
    if given is None:
        return current
    return None if given == NONE else given


# Registration ------------------------------------------------------------------------------------

def _meeting_options(p, new: bool) -> None:
    p.add_argument("--kind", choices=KIND_CHOICES, required=new,
                   help=tr("gathering (сход), assembly (собрание) or other"))
    p.add_argument("--kind-name", metavar=tr("NAME"),
                   help=tr("the name of an other kind, from the district's list (council, public hearing)"))
    p.add_argument("--date", type=_date, required=new, metavar=tr("DATE"), help=tr("the day of the meeting"))
    p.add_argument("--time", type=_time, required=new, metavar="HH:MM", help=tr("when it starts"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("the village whose residents gather"))
    p.add_argument("--street", metavar=tr("STREET"), help=tr("only the residents of this street"))
    p.add_argument("--room", metavar=tr("NAME"), help=tr("a room of the centre"))
    p.add_argument("--address", metavar=tr("ADDRESS"), help=tr("where, when not in a room of the centre"))
    p.add_argument("--chair", metavar=tr("PERSON"), help=tr("who chairs the meeting"))
    p.add_argument("--secretary", metavar=tr("PERSON"), help=tr("who keeps the minutes"))
    p.add_argument("--convened-by", metavar=tr("WHO"), help=tr("who convened the meeting"))
    p.add_argument("--guest", action="append", metavar=tr("“NAME — POSITION”"),
                   help=tr("an invited guest (may be given several times; replaces the list)"))
    p.add_argument("--separate", action=argparse.BooleanOptionalAction, default=None,
                   help=tr("a separate gathering that elects representatives"))
    p.add_argument("--number", type=_positive, metavar="N",
                   help=tr("the meeting's number (default: the next of its kind in its year)"))
    p.add_argument("--meeting-lang", choices=("kk", "ru"), help=tr("the language of the notice and hall screen"))
    p.add_argument("--notes", metavar=tr("TEXT"), help=tr("notes"))


def _item_options(p) -> None:
    p.add_argument("--rapporteur", metavar=tr("PERSON"), help=tr("who reports on the item"))
    p.add_argument("--heard", metavar=tr("TEXT"), help=tr("what the rapporteur said"))
    p.add_argument("--proposal", metavar=tr("TEXT"), help=tr("the proposal put to the vote"))
    p.add_argument("--decision-text", metavar=tr("TEXT"), help=tr("the decision taken"))
    p.add_argument("--speaker", action="append", metavar=tr("“NAME: SUMMARY”"),
                   help=tr("someone who spoke and what they said (may be given several times; replaces the list)"))


def register(commands) -> None:
    meetings = commands.add_parser("meetings", help=tr("gatherings, assemblies and other meetings"))
    jobs = meetings.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("list", help=tr("meetings, newest first"))
    p.add_argument("--year", type=int, metavar=tr("YEAR"), help=tr("only this year"))
    p.add_argument("--kind", choices=KIND_CHOICES, help=tr("only this kind"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("only this village"))
    p.add_argument("--text", metavar=tr("TEXT"), help=tr("only meetings whose agenda has these words"))
    p.set_defaults(handler=cmd_list)

    p = jobs.add_parser("show", help=tr("a meeting: details, quorum, agenda, votes and decisions"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = jobs.add_parser("new", help=tr("prepare a meeting"))
    _meeting_options(p, new=True)
    p.add_argument("--item", action="append", metavar=tr("TITLE"), help=tr("an agenda item (may be given several times)"))
    p.set_defaults(handler=cmd_new)

    p = jobs.add_parser("edit", help=tr("change a meeting's details (options not given stay as they are)"))
    p.add_argument("meeting", type=int, metavar="ID")
    _meeting_options(p, new=False)
    p.set_defaults(handler=cmd_edit)

    p = jobs.add_parser("delete", help=tr("delete a meeting that is not signed"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.set_defaults(handler=cmd_delete)

    p = jobs.add_parser("item", help=tr("add, change or remove an agenda item"))
    p.add_argument("meeting", type=int, metavar="ID")
    action = p.add_mutually_exclusive_group(required=True)
    action.add_argument("--add", metavar=tr("TITLE"), help=tr("add an item at the end of the agenda"))
    action.add_argument("--edit", type=_positive, metavar="N", help=tr("change item N of the agenda"))
    action.add_argument("--remove", type=_positive, metavar="N", help=tr("remove item N (with its vote and decision)"))
    p.add_argument("--title", metavar=tr("TITLE"), help=tr("the item's new title (with --edit)"))
    p.add_argument("--position", type=_positive, metavar="M", help=tr("move the item to position M"))
    _item_options(p)
    p.set_defaults(handler=cmd_item)

    p = jobs.add_parser("attend", help=tr("tick people present, or list who may be ticked"))
    p.add_argument("meeting", type=int, metavar="ID")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--member", type=int, nargs="+", metavar="MEMBER_ID", help=tr("tick these people present"))
    what.add_argument("--search", metavar=tr("TEXT"),
                      help=tr("list the people who may be ticked whose names contain TEXT (“” for all)"))
    what.add_argument("--present", action="store_true", help=tr("list the people ticked present"))
    p.add_argument("--absent", action="store_true", help=tr("with --member: untick them instead"))
    p.set_defaults(handler=cmd_attend)

    p = jobs.add_parser("headcount", help=tr("a head count for a large gathering instead of ticked names"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.add_argument("count", type=_count_or_none, metavar=tr("N|none"))
    p.set_defaults(handler=cmd_headcount)

    p = jobs.add_parser("entitled", help=tr("override how many were entitled to attend, with a reason"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.add_argument("count", type=_count_or_none, metavar=tr("N|none"))
    p.add_argument("--reason", default="", metavar=tr("TEXT"), help=tr("why it differs from the register"))
    p.set_defaults(handler=cmd_entitled)

    p = jobs.add_parser("vote", help=tr("record the vote on an agenda item"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.add_argument("item", type=_positive, metavar=tr("ITEM"), help=tr("the item's position in the agenda"))
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--for", dest="votes_for", type=_count, metavar="N", help=tr("votes for"))
    how.add_argument("--roll-call", type=_choice_vote, nargs="+", metavar="MEMBER_ID=CHOICE",
                     help=tr("how each member present voted: for, against or abstained (an assembly)"))
    how.add_argument("--clear", action="store_true", help=tr("remove the recorded vote"))
    p.add_argument("--against", type=_count, default=0, metavar="N", help=tr("votes against"))
    p.add_argument("--abstained", type=_count, default=0, metavar="N", help=tr("abstentions"))
    p.add_argument("--without-quorum", action="store_true",
                   help=tr("record the vote although there is no quorum (nothing is adopted then)"))
    p.set_defaults(handler=cmd_vote)

    p = jobs.add_parser("sign", help=tr("mark the protocol signed: the meeting no longer changes"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("the day it was signed (default: today)"))
    p.set_defaults(handler=cmd_sign)

    p = jobs.add_parser("amend", help=tr("add a dated amendment to a signed protocol"))
    p.add_argument("meeting", type=int, metavar="ID")
    p.add_argument("--text", required=True, metavar=tr("TEXT"), help=tr("what the amendment corrects"))
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("its date (default: today)"))
    p.set_defaults(handler=cmd_amend)

    decisions = commands.add_parser("decisions", help=tr("the register of decisions and the akim's answers"))
    jobs = decisions.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)
    p = jobs.add_parser("list", help=tr("decisions of the meetings held in a period, newest first"))
    p.add_argument("--from", dest="date_from", type=_date, metavar=tr("DATE"), help=tr("meetings on or after this day"))
    p.add_argument("--to", dest="date_to", type=_date, metavar=tr("DATE"), help=tr("meetings on or before this day"))
    p.add_argument("--status", choices=(*STATUS_CHOICES, "overdue"), help=tr("only decisions in this status"))
    p.set_defaults(handler=cmd_decisions)
    p = jobs.add_parser("update", help=tr("who carries a decision out, when it went to the akim, the answer"))
    p.add_argument("decision", metavar="ID", help=tr("the decision's id, or its number as 3/2026"))
    p.add_argument("--responsible", metavar=tr("PERSON"), help=tr("who carries it out"))
    p.add_argument("--deadline", type=_date_or_none, metavar=tr("DATE"), help=tr("by when (“none” clears it)"))
    p.add_argument("--sent", type=_date_or_none, metavar=tr("DATE"), help=tr("when it was sent to the akim"))
    p.add_argument("--answer-on", type=_date_or_none, metavar=tr("DATE"), help=tr("when the akim answered"))
    p.add_argument("--answer", metavar=tr("TEXT"), help=tr("what the akim answered"))
    p.add_argument("--status", choices=STATUS_CHOICES, help=tr("in progress, done or rejected"))
    p.set_defaults(handler=cmd_decision_update)

    assembly = commands.add_parser("assembly", help=tr("the elected members of the assembly (собрание)"))
    jobs = assembly.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)
    p = jobs.add_parser("list", help=tr("the assembly's members, all or those in office on a day"))
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("only those in office on this day"))
    p.set_defaults(handler=cmd_assembly_list)
    p = jobs.add_parser("elect", help=tr("add a person to the assembly for the district's term"))
    p.add_argument("member", type=int, metavar="MEMBER_ID")
    p.add_argument("--on", type=_date, required=True, metavar=tr("DATE"), help=tr("the day of the election"))
    p.add_argument("--meeting", type=int, metavar="ID", help=tr("the gathering that elected them"))
    p.set_defaults(handler=cmd_elect)
    p = jobs.add_parser("leave", help=tr("end a membership before its term"))
    p.add_argument("membership", type=int, metavar="MEMBERSHIP_ID")
    p.add_argument("--on", type=_date, required=True, metavar=tr("DATE"), help=tr("the day they left"))
    p.set_defaults(handler=cmd_leave)

    p = commands.add_parser("holidays", help=tr("the holidays and moved working days that deadlines skip"))
    p.add_argument("--year", type=int, metavar=tr("YEAR"), help=tr("the year (default: this one, or the day's)"))
    change = p.add_mutually_exclusive_group()
    change.add_argument("--add", nargs=2, metavar=(tr("DATE"), tr("NAME")), help=tr("add a non-working day"))
    change.add_argument("--working", nargs="+", metavar=(tr("DATE"), tr("NAME")),
                        help=tr("make a Saturday or Sunday a working day"))
    change.add_argument("--remove", type=_date, metavar=tr("DATE"), help=tr("take a day off the list"))
    change.add_argument("--reset", action="store_true", help=tr("go back to the days the law fixes"))
    p.set_defaults(handler=cmd_holidays)


# Meetings ----------------------------------------------------------------------------------------

def _kind(kind: str, kind_name: str = "") -> str:
    from app.services import meetings

    # The district's own names of other kinds are its own words, not catalogue messages.
    return kind_name if kind == meetings.OTHER and kind_name else tr(meetings.KINDS[kind])


def _village_id(name: str | None):
    from app.services import members

    return members.village_id_named(name) if name else None


def _room_id(name: str):
    from app.rules.text import fold
    from app.services import settings

    for room in settings.rooms():
        if fold(room.name) == fold(name):
            return room.id
    raise ValidationError("The centre has no room called {name}.", field="room", name=name)


def cmd_list(args) -> int:
    from app.services import meetings

    rows = meetings.list_meetings(year=args.year, kind=args.kind, village_id=_village_id(args.village),
                                  text=args.text or "")
    for row in rows:
        print(f"{row.id}\t№ {row.number}\t{format_datetime(row.starts_at)}\t{_kind(row.kind, row.kind_name)}"
              f"\t{local_name(row.village_kk, row.village_ru)}\t{row.area}"
              f"\t{tr('items: {count}', count=row.items)}\t{tr('signed') if row.signed else tr('draft')}")
    if not rows:
        print(tr("No meetings found."))
    return 0


def _quorum_line(state) -> str:
    text = tr("Present: {present}{how}; entitled: {entitled}", present=state.present,
              how=tr(" (head count)") if state.head_count else "", entitled=state.entitled)
    if state.overridden:
        text += tr(" (register: {counted}; {reason})", counted=state.entitled_counted, reason=state.override_reason)
    if not state.applies:
        return text + tr("; no quorum applies")
    if state.needed is None:
        return text + tr("; no quorum: nobody entitled")
    return text + tr("; needed: {needed}; quorum {reached}", needed=state.needed,
                     reached=tr("reached") if state.reached else tr("not reached"))


def _vote_line(vote) -> str:
    return tr("for {for_}, against {against}, abstained {abstained} (needed {needed}): {result}",
              for_=vote.for_, against=vote.against, abstained=vote.abstained, needed=vote.needed,
              result=tr("adopted") if vote.adopted else tr("not adopted"))


def _decision_line(decision) -> str:
    from app.services import meetings

    parts = [tr("Decision {label}: {status}", label=decision.label,
                status=tr(meetings.DECISION_STATUSES[decision.status]))]
    for label, value in ((tr("responsible"), decision.responsible), (tr("deadline"), format_date(decision.deadline)),
                         (tr("send by"), format_date(decision.send_by)), (tr("sent"), format_date(decision.sent_on)),
                         (tr("answer due"), format_date(decision.answer_due)),
                         (tr("answered"), format_date(decision.answer_on)), (tr("answer"), decision.answer_text)):
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def cmd_show(args) -> int:
    from app.services import meetings

    m = meetings.get(args.meeting)
    kind = _kind(m.kind, m.kind_name) + (tr(", separate") if m.separate else "")
    print(tr("Meeting {id}: {kind} № {number}, {when}", id=m.id, kind=kind, number=m.number,
             when=format_datetime(m.starts_at)))
    fields = ((tr("Village"), ", ".join(p for p in (local_name(m.village_kk, m.village_ru), m.area) if p)),
              (tr("Place"), m.place), (tr("Convened by"), m.convened_by), (tr("Chair"), m.chair),
              (tr("Secretary"), m.secretary), (tr("Guests"), "; ".join(m.guests.splitlines())),
              (tr("Language"), i18n.LANGUAGE_NAMES[m.language]), (tr("Notes"), m.notes))
    for label, value in fields:
        if value:
            print(f"{label}: {value}")
    print(_quorum_line(m.quorum))
    print(tr("Signed on {day}", day=format_date(m.signed_on)) if m.signed else tr("Not signed (draft)"))
    print(tr("Agenda:") if m.items else tr("No agenda yet."))
    for item in m.items:
        print(f"{item.position}. {item.title}")
        for label, value in ((tr("Rapporteur"), item.rapporteur), (tr("Heard"), item.heard),
                             (tr("Proposal"), item.proposal), (tr("Decision text"), item.decision_text)):
            if value:
                print(f"   {label}: {value}")
        for speaker in item.speakers:
            print(f"   {tr('Spoke')}: {speaker.name}" + (f": {speaker.summary}" if speaker.summary else ""))
        print(f"   {tr('Vote')}: " + (_vote_line(item.vote) if item.vote else tr("not taken")))
        if item.decision:
            print(f"   {_decision_line(item.decision)}")
    for amendment in m.amendments:
        print(tr("Amendment of {day}: {text}", day=format_date(amendment.made_on), text=amendment.text))
    return 0


def _data(args, current):
    """The meeting's details: the current ones (or the defaults of a new meeting) with what was given."""
    from dataclasses import replace

    from app.services import meetings

    changes = {}
    if args.kind is not None:
        changes["kind"] = args.kind
    if args.kind_name is not None:
        changes["kind_name"] = args.kind_name
    if args.date is not None or args.time is not None:
        old = current.starts_at if current else None
        changes["starts_at"] = datetime.combine(args.date or old.date(), args.time or old.time())
    if args.village is not None:
        changes["village_id"] = _village_id(args.village)
    if args.room is not None:
        changes["room_id"] = _room_id(args.room) if args.room else None
    for option, field in (("street", "area"), ("address", "address"), ("chair", "chair"),
                          ("secretary", "secretary"), ("convened_by", "convened_by"), ("notes", "notes"),
                          ("separate", "separate"), ("meeting_lang", "language")):
        if getattr(args, option) is not None:
            changes[field] = getattr(args, option)
    if args.guest is not None:
        changes["guests"] = "\n".join(g.strip() for g in args.guest if g.strip())
    if current is None:
        return meetings.MeetingData(number=args.number, **changes)
    # A number not given is kept, unless the kind or year changes: then it takes the next free one.
    return replace(current, number=args.number, **changes)


def cmd_new(args) -> int:
    from app.services import meetings

    items = [meetings.ItemData(title) for title in args.item or ()]
    meeting_id = meetings.create(_data(args, None), items)
    m = meetings.get(meeting_id)
    print(tr("Meeting {id} added: {kind} № {number}", id=meeting_id, kind=_kind(m.kind, m.kind_name),
             number=m.number))
    return 0


def cmd_edit(args) -> int:
    from app.services import meetings

    meetings.update(args.meeting, _data(args, meetings.get(args.meeting).data()))
    m = meetings.get(args.meeting)
    print(tr("Meeting {id} changed: {kind} № {number}", id=m.id, kind=_kind(m.kind, m.kind_name), number=m.number))
    return 0


def cmd_delete(args) -> int:
    from app.services import meetings

    meetings.delete_meeting(args.meeting)
    print(tr("Meeting {id} deleted.", id=args.meeting))
    return 0


def _item_at(view, position: int):
    for item in view.items:
        if item.position == position:
            return item
    raise NotFound("Meeting {id} has no agenda item {n}.", id=view.id, n=position)


def _speakers(texts):
    from app.services import meetings

    return tuple(meetings.SpeakerData(*(part.strip() for part in text.split(":", 1))) for text in texts)


def cmd_item(args) -> int:
    from dataclasses import replace

    from app.services import meetings

    view = meetings.get(args.meeting)
    items = [meetings.ItemData(i.title, i.rapporteur, i.heard, i.proposal, i.decision_text, i.speakers, i.id,
                               title_second=i.title_second, decision_text_second=i.decision_text_second)
             for i in view.items]
    if args.remove:
        _item_at(view, args.remove)
        del items[args.remove - 1]
        meetings.save_agenda(args.meeting, items)
        print(tr("Item {n} removed from meeting {id}.", n=args.remove, id=args.meeting))
        return 0
    if args.add is not None:
        index = len(items)
        items.append(meetings.ItemData(args.add))
    else:
        _item_at(view, args.edit)
        index = args.edit - 1
    changes = {field: getattr(args, field) for field in ("title", "rapporteur", "heard", "proposal", "decision_text")
               if getattr(args, field) is not None}
    if args.speaker is not None:
        changes["speakers"] = _speakers(args.speaker)
    item = replace(items.pop(index), **changes)
    position = min(args.position or index + 1, len(items) + 1)
    items.insert(position - 1, item)
    meetings.save_agenda(args.meeting, items)
    print(tr("Item {n} of meeting {id} saved.", n=position, id=args.meeting))
    return 0


def cmd_attend(args) -> int:
    from app.services import meetings

    if args.member:
        state = meetings.set_present(args.meeting, args.member, present=not args.absent)
    elif args.search is not None or args.present:
        rows = meetings.attendance_candidates(args.meeting, args.search or "", only_present=args.present,
                                              limit=None)
        for row in rows:
            print(f"{row.member_id}\t{row.name}\t{row.address}\t{tr('present') if row.present else ''}")
        if not rows:
            print(tr("Nobody found."))
        return 0
    else:
        state = meetings.quorum(args.meeting)
    print(_quorum_line(state))
    return 0


def cmd_headcount(args) -> int:
    from app.services import meetings

    print(_quorum_line(meetings.set_head_count(args.meeting, _pick(args.count, None))))
    return 0


def cmd_entitled(args) -> int:
    from app.services import meetings

    print(_quorum_line(meetings.set_entitled(args.meeting, _pick(args.count, None), args.reason)))
    return 0


def cmd_vote(args) -> int:
    from app.services import meetings

    item = _item_at(meetings.get(args.meeting), args.item)
    if args.clear:
        meetings.clear_vote(item.id)
        print(tr("The vote on item {n} is cleared.", n=args.item))
        return 0
    if args.roll_call:
        choices = dict(args.roll_call)
        if len(choices) < len(args.roll_call):
            raise ValidationError("A member is given twice in the roll call.", field="votes")
        vote = meetings.record_roll_call(item.id, choices, without_quorum=args.without_quorum)
    else:
        vote = meetings.record_vote(item.id, args.votes_for, args.against, args.abstained,
                                    without_quorum=args.without_quorum)
    print(tr("Item {n}: {vote}", n=args.item, vote=_vote_line(vote)))
    decision = _item_at(meetings.get(args.meeting), args.item).decision
    if decision:
        print(tr("Decision {label} is in the register.", label=decision.label))
    return 0


def cmd_sign(args) -> int:
    from app.services import meetings

    meetings.sign(args.meeting, args.on or clock.today())
    print(tr("The protocol of meeting {id} is signed.", id=args.meeting))
    return 0


def cmd_amend(args) -> int:
    from app.services import meetings

    meetings.add_amendment(args.meeting, args.text, args.on or clock.today())
    print(tr("Amendment added to meeting {id}.", id=args.meeting))
    return 0


# Decisions ---------------------------------------------------------------------------------------

def cmd_decisions(args) -> int:
    from app.services import meetings

    rows = meetings.decisions(args.date_from, args.date_to, args.status)
    for r in rows:
        print(f"{r.id}\t{r.label}\t{format_date(r.meeting_date)}\t{_kind(r.meeting_kind, r.meeting_kind_name)}"
              f" № {r.meeting_number}\t{local_name(r.village_kk, r.village_ru)}\t{r.item_title}\t{r.responsible}"
              f"\t{format_date(r.deadline)}\t{format_date(r.sent_on)}\t{format_date(r.answer_due)}"
              f"\t{format_date(r.answer_on)}\t{tr(meetings.DECISION_STATUSES[r.status])}")
    if not rows:
        print(tr("No decisions found."))
    return 0


def _decision_id(text: str) -> int:
    from app.services import meetings

    if text.strip().isdigit():
        try:
            return ranges.record_id(text)
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field="decision", **error.params) from None
    for row in meetings.decisions():
        if row.label == text.strip():
            return row.id
    raise NotFound("No decision numbered {label}.", label=text)


def cmd_decision_update(args) -> int:
    from app.services import meetings

    decision_id = _decision_id(args.decision)
    old = meetings.decision_data(decision_id)
    meetings.update_decision(decision_id, meetings.DecisionData(
        responsible=old.responsible if args.responsible is None else args.responsible,
        deadline=_pick(args.deadline, old.deadline), sent_on=_pick(args.sent, old.sent_on),
        answer_on=_pick(args.answer_on, old.answer_on),
        answer_text=old.answer_text if args.answer is None else args.answer, status=args.status or old.status))
    row = next(r for r in meetings.decisions() if r.id == decision_id)
    print(tr("Decision {label} saved: {status}", label=row.label, status=tr(meetings.DECISION_STATUSES[row.status])))
    return 0


# The assembly ------------------------------------------------------------------------------------

def cmd_assembly_list(args) -> int:
    from app.services import meetings, settings

    villages = {v.id: local_name(v.name_kk, v.name_ru) for v in settings.villages()}
    rows = meetings.assembly_members(args.on)
    for r in rows:
        print(f"{r.id}\t{r.member_id}\t{r.name}\t{villages.get(r.village_id, '')}\t{format_date(r.elected_on)}"
              f"\t{format_date(r.term_ends_on)}\t{format_date(r.left_on)}")
    if not rows:
        print(tr("The assembly has no members then."))
    return 0


def cmd_elect(args) -> int:
    from app.services import meetings

    membership = meetings.elect(args.member, args.on, args.meeting)
    row = next(r for r in meetings.assembly_members() if r.id == membership)
    print(tr("{name} elected to the assembly until {day} (membership {id}).", name=row.name,
             day=format_date(row.term_ends_on), id=membership))
    return 0


def cmd_leave(args) -> int:
    from app.services import meetings

    meetings.end_membership(args.membership, args.on)
    print(tr("Membership {id} ends on {day}.", id=args.membership, day=format_date(args.on)))
    return 0


# Holidays ----------------------------------------------------------------------------------------

def _holiday_name(name: str) -> str:
    # The law's days are named by catalogue messages; days the office added, in its own words.
    return tr(name) if name in i18n.catalogue("en") else name


def cmd_holidays(args) -> int:
    from app.services import calendar

    changed = args.add or args.working or args.remove or args.reset
    day = _day(args.add[0]) if args.add else _day(args.working[0]) if args.working else args.remove
    year = args.year or (day.year if day else clock.today().year)
    if changed:
        rows = calendar.holidays(year)
        if args.remove:
            if all(row.day != args.remove for row in rows):
                raise NotFound("{day} is not in the list of {year}.", day=args.remove.isoformat(), year=year)
            rows = [row for row in rows if row.day != args.remove]
        elif args.add:
            rows.append(calendar.HolidayRow(day, args.add[1]))
        elif args.working:
            rows.append(calendar.HolidayRow(day, " ".join(args.working[1:]), working=True))
        calendar.save_holidays(year, [] if args.reset else rows)
    print(tr("{year}: the office's own list", year=year) if calendar.is_edited(year)
          else tr("{year}: the days the law fixes", year=year))
    for row in calendar.holidays(year):
        print(f"{row.day.isoformat()}\t{_holiday_name(row.name)}\t{tr('working day') if row.working else ''}")
    return 0
