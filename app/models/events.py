"""Events of the centre, the bookings of its rooms (events and meetings alike) and registrations."""

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import district, grants, meetings, members  # noqa: F401 (the tables its foreign keys name)
from app.models.base import PERSONAL, Base, IdMixin, VersionMixin


class EventSeries(IdMixin, VersionMixin, Base):
    """How a repeating event repeats: on these weekdays, at these times, from one day to another."""

    __tablename__ = "event_series"
    weekdays: Mapped[str] = mapped_column(String(7))  # "0101000": Tuesday and Thursday (Monday first)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


class Event(IdMixin, VersionMixin, Base):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),
                      CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(100))  # a name from the district's list
    organiser: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grants.id", ondelete="SET NULL"), index=True)
    bookings: Mapped[list["Booking"]] = relationship(cascade="all, delete-orphan")
    registrations: Mapped[list["Registration"]] = relationship(
        cascade="all, delete-orphan", order_by="Registration.id")


class Booking(IdMixin, Base):
    """A room taken from one moment to another by an event or a meeting. Two bookings of one room
    never overlap: the events service checks it, and so does the database (a trigger on SQLite, an
    exclusion constraint on PostgreSQL; migration 0006), so two windows booking at once cannot
    both win. A booking ending at 12:00 and one starting at 12:00 do not overlap."""

    __tablename__ = "bookings"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),
                      CheckConstraint("(event_id IS NULL) <> (meeting_id IS NULL)", name="one_owner"))
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)


class Registration(IdMixin, Base):
    """Someone registered for an event: a member of the register, or a guest by name and phone."""

    __tablename__ = "registrations"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    guest_name: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    guest_phone: Mapped[str] = mapped_column(String(100), default="", info=PERSONAL)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)  # on the waiting list
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
