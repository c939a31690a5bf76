"""Meetings of the local community, their agenda, attendance, votes and decisions (docs/domain.md,
Local self-government; Minutes), the assembly's elected members, and the working-day calendar."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import district, local_issues, members  # noqa: F401 (the tables its foreign keys name)
from app.models.base import PERSONAL, Base, IdMixin, VersionMixin


class Holiday(IdMixin, Base):
    """A day of the office's editable calendar: a non-working day (``working`` false) or a Saturday the
    government made a working day (``working`` true). A year with no rows uses the law's fixed list
    (app.rules.workdays.kazakhstan_holidays)."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(Date, unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    working: Mapped[bool] = mapped_column(Boolean, default=False)


class AssemblyMembership(IdMixin, Base):
    """A member elected to the собрание for a term, at a сход (docs/domain.md: elected for 4 years)."""

    __tablename__ = "assembly_memberships"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    elected_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    # The сход that elected them, when it is in the program.
    elected_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    left_on: Mapped[date | None] = mapped_column(Date)


class Meeting(IdMixin, VersionMixin, Base):
    """Names typed here (chair, secretary, guests, speakers) are marked personal: the audit log
    records that they changed, never what they say."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("kind", "kind_name", "year", "number"),)
    # "gathering" (сход), "assembly" (собрание) or "other" (a kind from the district's list,
    # named in kind_name: council, public hearing).
    kind: Mapped[str] = mapped_column(String(20))
    kind_name: Mapped[str] = mapped_column(String(200), default="")
    # A separate сход (раздельный сход) elects representatives to the сход of the community.
    separate: Mapped[bool] = mapped_column(Boolean, default=False)
    number: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)  # until when its room is booked
    # Whose residents a сход gathers: a village, and within it a street or building when given.
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    area: Mapped[str] = mapped_column(String(200), default="")
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    address: Mapped[str] = mapped_column(String(300), default="")
    convened_by: Mapped[str] = mapped_column(String(300), default="")
    chair: Mapped[str] = mapped_column(String(200), default="", info=PERSONAL)
    secretary: Mapped[str] = mapped_column(String(200), default="", info=PERSONAL)
    guests: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)  # one guest a line: name — position
    # The guests as the protocol in the other language writes them (their positions translated).
    guests_second: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    # Whom a separate сход elected to the сход of the whole community, one a line (docs/domain.md, Minutes).
    representatives: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    language: Mapped[str] = mapped_column(String(2), default="kk")  # of the hall screen and notice
    # A head count for a large сход instead of ticking each person.
    head_count: Mapped[int | None] = mapped_column(Integer)
    # Those entitled are counted from the register unless overridden, with a reason.
    entitled_override: Mapped[int | None] = mapped_column(Integer)
    entitled_override_reason: Mapped[str] = mapped_column(Text, default="")
    # Frozen when the protocol is signed, so later changes to the register do not rewrite it.
    entitled_at_signing: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position")
    attendance: Mapped[list["Attendance"]] = relationship(cascade="all, delete-orphan")
    amendments: Mapped[list["Amendment"]] = relationship(
        cascade="all, delete-orphan", order_by="Amendment.id")


class Attendance(IdMixin, Base):
    """One person ticked present (a resident at a сход, an elected member at a собрание)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)


class AgendaItem(IdMixin, Base):
    __tablename__ = "agenda_items"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    rapporteur: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    heard: Mapped[str] = mapped_column(Text, default="")  # what the rapporteur said (СЛУШАЛИ)
    proposal: Mapped[str] = mapped_column(Text, default="")
    decision_text: Mapped[str] = mapped_column(Text, default="")
    # The title and decision in the other protocol language than the meeting's (docs/domain.md,
    # Minutes: two separate language versions); empty: the protocol prints the one text.
    title_second: Mapped[str] = mapped_column(Text, default="")
    decision_text_second: Mapped[str] = mapped_column(Text, default="")
    # The local issue this item puts before the meeting, when it came from one.
    local_issue_id: Mapped[int | None] = mapped_column(ForeignKey("local_issues.id", ondelete="SET NULL"),
                                                       index=True)
    # "counts" or "roll_call" once a vote is recorded; the counts are kept for both.
    vote_mode: Mapped[str | None] = mapped_column(String(10))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstained: Mapped[int | None] = mapped_column(Integer)
    # Worked out by the meetings service from quorum and the majority rule in force when the vote
    # was taken, and frozen by signing.
    adopted: Mapped[bool | None] = mapped_column(Boolean)
    meeting: Mapped[Meeting] = relationship(back_populates="items")
    speakers: Mapped[list["Speaker"]] = relationship(cascade="all, delete-orphan", order_by="Speaker.position")
    roll_call: Mapped[list["RollCallVote"]] = relationship(cascade="all, delete-orphan")
    decision: Mapped["Decision | None"] = relationship(back_populates="item", cascade="all, delete-orphan")


class Speaker(IdMixin, Base):
    __tablename__ = "speakers"
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300), info=PERSONAL)
    summary: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)


class RollCallVote(IdMixin, Base):
    """How one elected member voted on an item at a собрание."""

    __tablename__ = "roll_call_votes"
    __table_args__ = (UniqueConstraint("item_id", "member_id"),)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    choice: Mapped[str] = mapped_column(String(10))  # for / against / abstained


class Decision(IdMixin, VersionMixin, Base):
    """An adopted decision in the decisions register, and what the akim did with it."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("year", "number"),)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    responsible: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    deadline: Mapped[date | None] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date)
    answer_due: Mapped[date | None] = mapped_column(Date, index=True)
    answer_on: Mapped[date | None] = mapped_column(Date)
    answer_text: Mapped[str] = mapped_column(Text, default="")
    # in_progress / done / rejected; "overdue" is worked out from the dates, never stored.
    status: Mapped[str] = mapped_column(String(12), default="in_progress")
    item: Mapped[AgendaItem] = relationship(back_populates="decision")


class Amendment(IdMixin, Base):
    """A dated correction to a signed protocol; it prints after the protocol (docs/domain.md, Minutes)."""

    __tablename__ = "amendments"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(100), default="")
