"""What every part of the meetings service shares: the kinds and choices, the data that goes in and
comes out, looking a meeting or an item up (refusing a signed one), and the numbering of meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import N_
from app.models import AgendaItem, Meeting, Member
from app.rules import quorum as quorum_rules
from app.services import settings

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
    guests_second: str = ""  # the guests as the protocol in the other language writes them
    representatives: str = ""  # whom a separate сход elected, one a line
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
    # The title and decision in the other protocol language than the meeting's; empty: the same text.
    title_second: str = ""
    decision_text_second: str = ""


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
    title_second: str = ""
    decision_text_second: str = ""
    roll_call: tuple[tuple[str, str], ...] = ()  # (full name, for / against / abstained), in name order


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
    room_ru: str = ""
    guests_second: str = ""
    representatives: str = ""

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
                           self.language, self.notes, self.number, self.ends_at, self.guests_second,
                           self.representatives, self.version)


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


def _next_number(session, kind: str, kind_name: str, year: int) -> int:
    highest = session.scalar(select(func.max(Meeting.number)).where(
        Meeting.kind == kind, Meeting.kind_name == kind_name, Meeting.year == year))
    return (highest or 0) + 1


def next_number(kind: str, year: int, kind_name: str = "") -> int:
    """The next number of a meeting of this kind in this year (protocols are numbered per kind and year)."""
    with unit_of_work() as session:
        return _next_number(session, kind, kind_name if kind == OTHER else "", year)
