"""Local issues residents raise (a broken road, no water), their history and attachments."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.models import district, members  # noqa: F401 (the tables its foreign keys name)
from app.models.base import PERSONAL, Base, IdMixin, VersionMixin


class LocalIssue(IdMixin, VersionMixin, Base):
    """A case from the day it is raised to the day it is solved. The meetings that discussed it are
    the agenda items naming it (AgendaItem.local_issue_id), and so are the decisions about it."""

    __tablename__ = "local_issues"
    __table_args__ = (UniqueConstraint("year", "number"),)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)  # per year: 12/2026
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    category: Mapped[str] = mapped_column(String(200))  # a name from the district's list
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    # Who raised it: a member of the register, or a name and phone for someone not in it.
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    raiser_name: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    raiser_phone: Mapped[str] = mapped_column(String(100), default="", info=PERSONAL)
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(10))  # visit / phone / message / meeting
    priority: Mapped[str] = mapped_column(String(10), default="normal")  # low / normal / high / urgent
    assignee: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="new", index=True)
    resolved_on: Mapped[date | None] = mapped_column(Date)  # the day it was resolved or rejected
    # When anything last happened to it, so long-untouched issues stand out.
    touched_at: Mapped[datetime] = mapped_column(DateTime)
    # Folded title, description, address and raiser's name (app.rules.text), written by the service.
    search_text: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    events: Mapped[list["LocalIssueEvent"]] = relationship(
        cascade="all, delete-orphan", order_by="LocalIssueEvent.id")
    attachments: Mapped[list["LocalIssueAttachment"]] = relationship(
        cascade="all, delete-orphan", order_by="LocalIssueAttachment.id")


class LocalIssueEvent(IdMixin, Base):
    """One change in an issue's history: its status, assignee or due date, or a comment."""

    __tablename__ = "local_issue_events"
    issue_id: Mapped[int] = mapped_column(ForeignKey("local_issues.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # raised / status / assignee / due / comment / attachment
    old_value: Mapped[str] = mapped_column(String(300), default="")
    new_value: Mapped[str] = mapped_column(String(300), default="")
    comment: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)


class LocalIssueAttachment(IdMixin, Base):
    """A photo or document kept inside the database, so backups and a server database carry it."""

    __tablename__ = "local_issue_attachments"
    issue_id: Mapped[int] = mapped_column(ForeignKey("local_issues.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255), info=PERSONAL)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(100))
    # Loaded only when opened: a list of attachments does not read their bytes.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False, info=PERSONAL))
