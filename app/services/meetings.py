"""Meetings of the local community: preparing them, taking attendance, recording votes, signing the
protocol, and the decisions register with the akim's answers (docs/domain.md, Local self-government and
Minutes).

Quorum and majority come from the district settings through app.rules.quorum (exact integers);
deadlines are counted in working days by app.services.calendar. Whether an item was adopted is
worked out here whenever its vote or the attendance changes, and frozen when the protocol is signed:
a signed meeting refuses every change, and corrections become dated amendments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select

from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import N_
from app.models import (AgendaItem, Amendment, AssemblyMembership, Attendance, Decision, Meeting, Member,
                        RollCallVote, Room, Speaker, Village)
from app.rules import quorum as quorum_rules
from app.rules.dates import years_before
from app.rules.text import fold
from app.services import bookings, calendar, settings, versions
from app.services.access import requires
from app.services.audit import acting_user
from app import clock

GATHERING, ASSEMBLY, OTHER = quorum_rules.GATHERING, quorum_rules.ASSEMBLY, "other"
KINDS = {GATHERING: N_("gathering (сход)"), ASSEMBLY: N_("assembly (собрание)"), OTHER: N_("other meeting")}
CHOICES = {"for": N_("for"), "against": N_("against"), "abstained": N_("abstained")}
DECISION_STATUSES = {"in_progress": N_("in progress"), "done": N_("done"), "rejected": N_("rejected"),
                     "overdue": N_("overdue")}
STORED_DECISION_STATUSES = ("in_progress", "done", "rejected")
DEFAULT_LENGTH = timedelta(hours=2)  # how long a meeting holds its room unless told
LANGUAGES = ("kk", "ru")  # protocols are written in Kazakh or Russian (docs/domain.md, Minutes)

SIGNED = N_("The protocol of this meeting is signed: it can no longer change. Add a dated amendment instead.")


# Input -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingData:
    """What a person fills in when preparing a meeting. ``number`` None takes the next free one."""

    kind: str
    starts_at: datetime
    kind_name: str = ""
    separate: bool = False
    village_id: int | None = None
    area: str = ""
    room_id: int | None = None
    address: str = ""
    convened_by: str = ""
    chair: str = ""
    secretary: str = ""
    guests: str = ""
    language: str = "kk"
    notes: str = ""
    number: int | None = None
    ends_at: datetime | None = None  # until when the room is booked; None: two hours
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SpeakerData:
    name: str
    summary: str = ""


@dataclass(frozen=True)
class ItemData:
    """One agenda item; ``id`` None for a new one. Its vote is recorded separately."""

    title: str
    rapporteur: str = ""
    heard: str = ""
    proposal: str = ""
    decision_text: str = ""
    speakers: tuple[SpeakerData, ...] = ()
    id: int | None = None
    local_issue_id: int | None = None  # the local issue the item puts before the meeting


@dataclass(frozen=True)
class DecisionData:
    responsible: str = ""
    deadline: date | None = None
    sent_on: date | None = None
    answer_on: date | None = None
    answer_text: str = ""
    status: str = "in_progress"
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


# Output ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuorumState:
    """Present against entitled, live while attendance is taken."""

    kind: str
    present: int
    entitled: int
    entitled_counted: int  # from the register (residents of voting age, or elected members)
    overridden: bool
    override_reason: str
    head_count: bool  # present is a head count, not ticked names
    needed: int | None  # the fewest present for quorum; None when no quorum applies or none entitled
    reached: bool
    applies: bool  # False for kinds without a legal quorum (a public hearing)


@dataclass(frozen=True)
class VoteView:
    mode: str  # counts / roll_call
    for_: int
    against: int
    abstained: int
    needed: int  # the fewest votes for that pass it with those present
    adopted: bool


@dataclass(frozen=True)
class DecisionView:
    id: int
    number: int
    year: int
    responsible: str
    deadline: date | None
    send_by: date
    sent_on: date | None
    answer_due: date | None
    answer_on: date | None
    answer_text: str
    status: str  # stored status, or "overdue"

    @property
    def label(self) -> str:
        return f"{self.number}/{self.year}"


@dataclass(frozen=True)
class ItemView:
    id: int
    position: int
    title: str
    rapporteur: str
    heard: str
    proposal: str
    decision_text: str
    speakers: tuple[SpeakerData, ...]
    vote: VoteView | None
    decision: DecisionView | None
    local_issue_id: int | None = None


@dataclass(frozen=True)
class AmendmentView:
    id: int
    made_on: date
    text: str
    made_by: str


@dataclass(frozen=True)
class MeetingView:
    id: int
    kind: str
    kind_name: str
    separate: bool
    number: int
    year: int
    starts_at: datetime
    village_id: int | None
    village_kk: str
    village_ru: str
    area: str
    room_id: int | None
    room: str
    address: str
    convened_by: str
    chair: str
    secretary: str
    guests: str
    language: str
    notes: str
    signed_on: date | None
    quorum: QuorumState
    items: tuple[ItemView, ...]
    amendments: tuple[AmendmentView, ...]
    ends_at: datetime | None = None
    version: int | None = None

    @property
    def signed(self) -> bool:
        return self.signed_on is not None

    @property
    def place(self) -> str:
        """The room of the centre and the address, as the notice and protocol print them."""
        return ", ".join(part for part in (self.room, self.address) if part)

    def data(self) -> MeetingData:
        return MeetingData(self.kind, self.starts_at, self.kind_name, self.separate, self.village_id, self.area,
                           self.room_id, self.address, self.convened_by, self.chair, self.secretary, self.guests,
                           self.language, self.notes, self.number, self.ends_at, self.version)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    kind: str
    kind_name: str
    number: int
    starts_at: datetime
    village_kk: str
    village_ru: str
    area: str
    items: int
    signed: bool


@dataclass(frozen=True)
class PersonRow:
    """Someone who may be ticked present: name and address only (no IIN in lists)."""

    member_id: int
    name: str
    address: str
    present: bool


@dataclass(frozen=True)
class DecisionRow:
    id: int
    number: int
    year: int
    meeting_id: int
    meeting_kind: str
    meeting_kind_name: str
    meeting_number: int
    meeting_date: date
    village_kk: str
    village_ru: str
    item_title: str
    text: str
    responsible: str
    deadline: date | None
    send_by: date
    sent_on: date | None
    answer_due: date | None
    answer_on: date | None
    answer_text: str
    status: str

    @property
    def label(self) -> str:
        return f"{self.number}/{self.year}"


# Helpers -----------------------------------------------------------------------------------------

def _full_name(member: Member) -> str:
    return " ".join(part for part in (member.surname, member.given_name, member.patronymic) if part)


def _address(member: Member) -> str:
    return ", ".join(part for part in (member.street, member.house, member.flat) if part)


def _meeting(session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("No meeting with number {id}.", id=meeting_id)
    return meeting


def _editable(session, meeting_id: int) -> Meeting:
    meeting = _meeting(session, meeting_id)
    if meeting.signed_on is not None:
        raise ValidationError(SIGNED)
    return meeting


def _item(session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound("No agenda item with number {id}.", id=item_id)
    return item



def kind_label(kind: str, kind_name: str = "") -> str:
    """The catalogue message naming a kind; other kinds are named by the district's own words."""
    return kind_name if kind == OTHER and kind_name else KINDS[kind]


def other_kinds(district: settings.DistrictSettings | None = None) -> list[str]:
    """The district's list of other kinds of meeting (council, public hearing)."""
    district = district or settings.load()
    return [name.strip() for name in district.other_meeting_kinds.split(";") if name.strip()]


# Who is entitled and who came --------------------------------------------------------------------

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


def quorum(meeting_id: int) -> QuorumState:
    district = settings.load()
    with unit_of_work() as session:
        return _quorum(session, _meeting(session, meeting_id), district)


def attendance_candidates(meeting_id: int, text: str = "", only_present: bool = False,
                          offset: int = 0, limit: int | None = 500) -> list[PersonRow]:
    """People who may be ticked present at the meeting, in name order, filtered by any spelling."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        ticked = select(Attendance.member_id).where(Attendance.meeting_id == meeting_id)
        query = _candidates(session, meeting, district.voting_age)
        query = query.where(*[Member.search_text.contains(word, autoescape=True) for word in fold(text).split()])
        if only_present:
            query = query.where(Member.id.in_(ticked))
        query = query.order_by(Member.search_text, Member.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        people = list(session.scalars(query))
        present = set(session.scalars(ticked.where(Attendance.member_id.in_([p.id for p in people]))))
        return [PersonRow(p.id, _full_name(p), _address(p), p.id in present) for p in people]


def candidate_ids(meeting_id: int) -> list[int]:
    """The ids of everyone who may be ticked present, in id order: for work in bulk (the demo),
    without loading each person."""
    district = settings.load()
    with unit_of_work() as session:
        query = _candidates(session, _meeting(session, meeting_id), district.voting_age)
        return list(session.scalars(query.with_only_columns(Member.id).order_by(Member.id)))


@requires("meetings")
def set_present(meeting_id: int, member_ids: list[int], present: bool = True) -> QuorumState:
    """Ticks (or unticks) people as present. Only people entitled to attend can be ticked; unticking
    someone is refused while it would leave an item with more votes than people present."""
    district = settings.load()
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        wanted = set(member_ids)
        if present:
            allowed = set(session.scalars(select(Member.id).where(
                Member.id.in_(_candidates(session, meeting, district.voting_age).with_only_columns(Member.id)),
                Member.id.in_(wanted))))
            if wanted - allowed:
                raise ValidationError("This person is not entitled to attend this meeting: not a resident of "
                                      "voting age of its area, or not an elected member on its day.",
                                      field="present")
            already = set(session.scalars(select(Attendance.member_id).where(
                Attendance.meeting_id == meeting_id, Attendance.member_id.in_(wanted))))
            session.add_all(Attendance(meeting_id=meeting_id, member_id=m) for m in sorted(wanted - already))
        else:
            voted = session.scalar(select(func.count()).select_from(RollCallVote).join(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, RollCallVote.member_id.in_(wanted)))
            if voted:
                raise ValidationError("This person voted by roll call: clear their vote before unticking them.",
                                      field="present")
            session.execute(delete(Attendance).where(Attendance.meeting_id == meeting_id,
                                                     Attendance.member_id.in_(wanted)))
        session.flush()
        return _recount(session, meeting, district)


@requires("meetings")
def set_head_count(meeting_id: int, head_count: int | None) -> QuorumState:
    """A head count for a large сход instead of ticked names (None goes back to ticked names)."""
    district = settings.load()
    if head_count is not None and head_count < 0:
        raise ValidationError(quorum_rules.NEGATIVE_PRESENT, field="present")
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        if head_count is not None and meeting.kind == ASSEMBLY:
            raise ValidationError("An assembly ticks its members by name; a head count is for a gathering.",
                                  field="present")
        meeting.head_count = head_count
        session.flush()
        return _recount(session, meeting, district)


@requires("meetings")
def set_entitled(meeting_id: int, entitled: int | None, reason: str = "") -> QuorumState:
    """Overrides how many were entitled (None counts them from the register again); needs a reason."""
    district = settings.load()
    reason = reason.strip()
    if entitled is not None:
        if entitled < 0:
            raise ValidationError(quorum_rules.NEGATIVE_ENTITLED, field="entitled")
        if not reason:
            raise ValidationError("Say why the number entitled differs from the register.", field="reason")
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        meeting.entitled_override = entitled
        meeting.entitled_override_reason = reason if entitled is not None else ""
        session.flush()
        return _recount(session, meeting, district)


# Preparing a meeting -----------------------------------------------------------------------------

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


def _next_number(session, kind: str, kind_name: str, year: int) -> int:
    highest = session.scalar(select(func.max(Meeting.number)).where(
        Meeting.kind == kind, Meeting.kind_name == kind_name, Meeting.year == year))
    return (highest or 0) + 1


def next_number(kind: str, year: int, kind_name: str = "") -> int:
    """The next number of a meeting of this kind in this year (protocols are numbered per kind and year)."""
    with unit_of_work() as session:
        return _next_number(session, kind, kind_name if kind == OTHER else "", year)


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
                 "address", "convened_by", "chair", "secretary", "guests", "language", "notes"):
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


def _save_items(session, meeting: Meeting, items: list[ItemData]) -> None:
    for index, data in enumerate(items, start=1):
        if not data.title.strip():
            raise ValidationError("Agenda item {n} has no title.", field="items", n=index)
    existing = {item.id: item for item in meeting.items}
    kept = {data.id for data in items if data.id is not None}
    if kept - set(existing):
        raise ValidationError("An agenda item of another meeting cannot be moved here.", field="items")
    for item_id in set(existing) - kept:
        session.delete(existing[item_id])
    session.flush()
    for position, data in enumerate(items, start=1):
        item = existing.get(data.id) if data.id is not None else None
        if item is None:
            item = AgendaItem(meeting_id=meeting.id)
            session.add(item)
        item.position = position
        item.title = data.title.strip()
        for name in ("rapporteur", "heard", "proposal", "decision_text"):
            setattr(item, name, getattr(data, name).strip())
        if data.local_issue_id is not None:  # an item keeps its issue when an editor leaves it out
            item.local_issue_id = data.local_issue_id
        item.speakers = [Speaker(position=n, name=s.name.strip(), summary=s.summary.strip())
                         for n, s in enumerate(data.speakers, start=1) if s.name.strip()]
    session.flush()
    session.expire(meeting, ["items"])


def _agenda_changed(meeting: Meeting) -> None:
    """The agenda is part of the meeting: a new version, so an editor holding the old agenda cannot
    save it over this one (and drop what was added)."""
    meeting.version += 1


@requires("meetings")
def save_agenda(meeting_id: int, items: list[ItemData], version: int | None = None) -> list[int]:
    """Replaces the agenda with ``items`` in this order: items with an id keep their vote and
    decision, items left out are removed. ``version`` is the meeting's the editor read. Returns the
    items' ids in order."""
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        versions.check(session, meeting, version)
        _save_items(session, meeting, items)
        _agenda_changed(meeting)
        return [item.id for item in meeting.items]


def append_item(session, meeting_id: int, item: ItemData) -> int:
    """Appends one item to a meeting's agenda in the caller's unit of work (a local issue put before
    it: the caller checks the role); returns its id."""
    meeting = _editable(session, meeting_id)
    kept = [ItemData(i.title, i.rapporteur, i.heard, i.proposal, i.decision_text,
                     tuple(SpeakerData(s.name, s.summary) for s in i.speakers), i.id)
            for i in meeting.items]
    _save_items(session, meeting, kept + [item])
    _agenda_changed(meeting)
    return meeting.items[-1].id


# Votes and decisions -----------------------------------------------------------------------------

def _recount(session, meeting: Meeting, district: settings.DistrictSettings) -> QuorumState:
    """Works out again whether each voted item is adopted (quorum and the majority of those present),
    and keeps the decisions register in step: an adopted item has a numbered decision, others none.
    Returns the meeting's quorum state, which this does not change."""
    state = _quorum(session, meeting, district)
    for item in meeting.items:
        if item.vote_mode is None:
            item.adopted = None
        else:
            result = quorum_rules.VoteResult(item.votes_for, item.votes_against, item.votes_abstained)
            if result.total > state.present:
                raise ValidationError("Item {n} has {votes} votes recorded, more than the {present} people who would "
                                      "be present: correct its vote first.", field="present",
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


@requires("meetings")
def record_vote(item_id: int, votes_for: int, against: int, abstained: int) -> VoteView:
    """The vote on an item as counts. Numbers no meeting can give (negative, more votes than people
    present) are refused with a clear message and change nothing."""
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
        session.execute(delete(RollCallVote).where(RollCallVote.item_id == item_id))
        item.vote_mode = "counts"
        item.votes_for, item.votes_against, item.votes_abstained = votes_for, against, abstained
        session.flush()
        _recount(session, meeting, district)
        return _vote(item, present, district)


@requires("meetings")
def record_roll_call(item_id: int, choices: dict[int, str]) -> VoteView:
    """How each elected member present voted (a собрание). Members not in ``choices`` did not vote."""
    district = settings.load()
    with unit_of_work() as session:
        item = _item(session, item_id)
        meeting = _editable(session, item.meeting_id)
        if meeting.kind != ASSEMBLY:
            raise ValidationError("A roll-call vote is taken at an assembly, whose members are known by name.",
                                  field="votes")
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
        _recount(session, meeting, district)
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


def _send_by(meeting_day: date, district: settings.DistrictSettings) -> date:
    return calendar.add_working_days(meeting_day, district.decision_send_working_days)


def _decision_status(decision: Decision, send_by: date, today: date) -> str:
    """The stored status, or "overdue" while in progress past a deadline: not sent to the akim in
    time, no answer by the day it was due, or not carried out by its own deadline."""
    if decision.status != "in_progress":
        return decision.status
    late = ((decision.sent_on is None and today > send_by)
            or (decision.sent_on is not None and decision.answer_on is None
                and decision.answer_due is not None and today > decision.answer_due)
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
        meeting_day = decision.item.meeting.starts_at.date()
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
            village = villages.get(meeting.village_id)
            rows.append(DecisionRow(
                decision.id, decision.number, decision.year, meeting.id, meeting.kind, meeting.kind_name,
                meeting.number, meeting.starts_at.date(), village.name_kk if village else "",
                village.name_ru if village else "", item.title, item.decision_text, decision.responsible,
                decision.deadline, view.send_by, decision.sent_on, decision.answer_due, decision.answer_on,
                decision.answer_text, view.status))
    return rows


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


# Signing and amendments --------------------------------------------------------------------------

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


# Reading -----------------------------------------------------------------------------------------

def get(meeting_id: int, today: date | None = None) -> MeetingView:
    district = settings.load()
    today = today or clock.today()
    with unit_of_work() as session:
        meeting = _meeting(session, meeting_id)
        state = _quorum(session, meeting, district)
        village = session.get(Village, meeting.village_id) if meeting.village_id else None
        room = session.get(Room, meeting.room_id) if meeting.room_id else None
        day = meeting.starts_at.date()
        items = tuple(ItemView(
            item.id, item.position, item.title, item.rapporteur, item.heard, item.proposal, item.decision_text,
            tuple(SpeakerData(s.name, s.summary) for s in item.speakers),
            _vote(item, state.present, district),
            _decision_view(item.decision, day, district, today) if item.decision else None,
            item.local_issue_id)
            for item in meeting.items)
        amendments = tuple(AmendmentView(a.id, a.made_on, a.text, a.made_by) for a in meeting.amendments)
        return MeetingView(
            meeting.id, meeting.kind, meeting.kind_name, meeting.separate, meeting.number, meeting.year,
            meeting.starts_at, meeting.village_id, village.name_kk if village else "",
            village.name_ru if village else "", meeting.area, meeting.room_id, room.name if room else "",
            meeting.address, meeting.convened_by, meeting.chair, meeting.secretary, meeting.guests,
            meeting.language, meeting.notes, meeting.signed_on, state, items, amendments, meeting.ends_at,
            meeting.version)


def list_meetings(year: int | None = None, kind: str | None = None, village_id: int | None = None,
                  text: str = "") -> list[MeetingRow]:
    """Meetings, newest first, filtered by year, kind, village and words of their agenda."""
    items = (select(AgendaItem.meeting_id, func.count().label("n")).group_by(AgendaItem.meeting_id).subquery())
    query = (select(Meeting, Village, items.c.n).outerjoin(Village, Meeting.village_id == Village.id)
             .outerjoin(items, items.c.meeting_id == Meeting.id).order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
    if year is not None:
        query = query.where(Meeting.year == year)
    if kind:
        query = query.where(Meeting.kind == kind)
    if village_id is not None:
        query = query.where(Meeting.village_id == village_id)
    words = fold(text).split()
    with unit_of_work() as session:
        rows = []
        for meeting, village, count in session.execute(query):
            if words:
                titles = " ".join(session.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)))
                haystack = fold(" ".join((titles, meeting.area, meeting.address, meeting.kind_name)))
                if not all(word in haystack for word in words):
                    continue
            rows.append(MeetingRow(meeting.id, meeting.kind, meeting.kind_name, meeting.number, meeting.starts_at,
                                   village.name_kk if village else "", village.name_ru if village else "",
                                   meeting.area, count or 0, meeting.signed_on is not None))
        return rows


def streets(village_id: int) -> list[str]:
    """The streets of a village as the register writes them, for the street of a сход."""
    with unit_of_work() as session:
        return sorted(s for s in session.scalars(select(Member.street).distinct().where(
            Member.village_id == village_id, Member.erased_at.is_(None), Member.street != "")))


def present_people(meeting_id: int) -> list[tuple[int, str, str, str]]:
    """Those ticked present, in name order: (member id, name, address, IIN) for the registration
    sheet; the IIN is printed only where the district's rules ask for it (docs/domain.md, Minutes)."""
    with unit_of_work() as session:
        query = (select(Member).join(Attendance, Attendance.member_id == Member.id)
                 .where(Attendance.meeting_id == meeting_id).order_by(Member.search_text, Member.id))
        return [(m.id, _full_name(m), _address(m), m.iin or "") for m in session.scalars(query)]


# The assembly's elected members ------------------------------------------------------------------

@dataclass(frozen=True)
class AssemblyMemberRow:
    id: int
    member_id: int
    name: str
    village_id: int
    elected_on: date
    term_ends_on: date
    left_on: date | None
    elected_at_meeting_id: int | None


def assembly_members(on: date | None = None) -> list[AssemblyMemberRow]:
    """The собрание's members: all of them, or those in office on a day."""
    query = select(AssemblyMembership, Member).join(Member, Member.id == AssemblyMembership.member_id)
    if on is not None:
        query = query.where(AssemblyMembership.elected_on <= on, AssemblyMembership.term_ends_on >= on,
                            (AssemblyMembership.left_on.is_(None)) | (AssemblyMembership.left_on > on))
    with unit_of_work() as session:
        return [AssemblyMemberRow(a.id, m.id, _full_name(m), m.village_id, a.elected_on, a.term_ends_on, a.left_on,
                                  a.elected_at_meeting_id)
                for a, m in session.execute(query.order_by(Member.search_text, Member.id))]


@requires("meetings")
def elect(member_id: int, elected_on: date, meeting_id: int | None = None) -> int:
    """Adds a member to the собрание for the district's term (docs/domain.md: 4 years by default)."""
    district = settings.load()
    with unit_of_work() as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("No person with number {id} in the register.", id=member_id)
        if meeting_id is not None and session.get(Meeting, meeting_id) is None:
            raise NotFound("No meeting with number {id}.", id=meeting_id)
        term_ends = years_before(elected_on, -district.assembly_term_years)
        overlapping = session.scalar(select(AssemblyMembership.id).where(
            AssemblyMembership.member_id == member_id, AssemblyMembership.elected_on <= term_ends,
            AssemblyMembership.term_ends_on >= elected_on,
            (AssemblyMembership.left_on.is_(None)) | (AssemblyMembership.left_on > elected_on)))
        if overlapping:
            raise ValidationError("This person is already a member of the assembly then.", field="member")
        membership = AssemblyMembership(member_id=member_id, elected_on=elected_on, term_ends_on=term_ends,
                                        elected_at_meeting_id=meeting_id)
        session.add(membership)
        session.flush()
        return membership.id


@requires("meetings")
def end_membership(membership_id: int, left_on: date) -> None:
    with unit_of_work() as session:
        membership = session.get(AssemblyMembership, membership_id)
        if membership is None:
            raise NotFound("No assembly membership with number {id}.", id=membership_id)
        if left_on < membership.elected_on:
            raise ValidationError("A member cannot leave before being elected.", field="left_on")
        membership.left_on = left_on


# The period's figures ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingsPeriod:
    """Meetings held and decisions taken in a period: one source of truth for these counts (the
    activity report and the start page read them here)."""

    date_from: date
    date_to: date
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


def period(date_from: date, date_to: date, today: date | None = None) -> MeetingsPeriod:
    """Meetings held from the first day to the last (attendance taken, or signed), and their decisions."""
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.", field="date_to")
    district = settings.load()
    start, end = datetime.combine(date_from, datetime.min.time()), datetime.combine(date_to, datetime.max.time())
    held_by_kind: dict[str, int] = {}
    with_quorum = present = entitled = 0
    with unit_of_work() as session:
        for meeting in session.scalars(select(Meeting).where(Meeting.starts_at.between(start, end))):
            state = _quorum(session, meeting, district)
            if state.present == 0 and meeting.signed_on is None:
                continue  # prepared, not held (yet)
            held_by_kind[meeting.kind] = held_by_kind.get(meeting.kind, 0) + 1
            with_quorum += state.reached and state.applies
            present += state.present
            entitled += state.entitled
    rows = decisions(date_from, date_to, today=today)
    by_status = {status: sum(1 for r in rows if r.status == status) for status in DECISION_STATUSES}
    return MeetingsPeriod(date_from, date_to, held_by_kind, with_quorum, present, entitled,
                          {s: n for s, n in by_status.items() if n}, sum(1 for r in rows if r.answer_on))
