"""Appeals of residents (өтініш / обращение) on the Administrative Procedural Code's clocks
(docs/domain.md, Appeals of residents), and the history of their steps."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.models import local_issues, members  # noqa: F401 (the tables its foreign keys name)
from app.models.base import PERSONAL, Base, IdMixin, VersionMixin


class Appeal(IdMixin, VersionMixin, Base):
    """One appeal from its registration to its answer or its redirection to another body."""

    __tablename__ = "appeals"
    __table_args__ = (UniqueConstraint("year", "number"),)
    year: Mapped[int] = mapped_column(Integer)  # of registration: the talon's «12/2026»
    number: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    # The day it arrived, or the next working day when it arrived on a day off.
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(10))  # oral / written / post / phone / otinish / egov
    otinish_number: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(12))  # application / complaint / proposal / request / ...
    # The applicant: a member of the register (named "member_id", so erasing the person also removes
    # the record versions about their appeals), or a name, address and phone.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    applicant_address: Mapped[str] = mapped_column(String(300), default="", info=PERSONAL)
    applicant_phone: Mapped[str] = mapped_column(String(100), default="", info=PERSONAL)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # An anonymous appeal is considered only when it reports a crime.
    reports_crime: Mapped[bool] = mapped_column(Boolean, default=False)
    addressed_to: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    handler: Mapped[str] = mapped_column(String(200), default="")
    # The first term; none for an appeal not considered.
    due_on: Mapped[date | None] = mapped_column(Date)
    extended_to: Mapped[date | None] = mapped_column(Date, index=True)
    extended_on: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    extension_notice_due: Mapped[date | None] = mapped_column(Date)
    redirected_to: Mapped[str] = mapped_column(String(300), default="")
    redirected_on: Mapped[date | None] = mapped_column(Date)
    redirect_notice_due: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date, index=True)
    answer_number: Mapped[str] = mapped_column(String(50), default="")
    answer_text: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    result: Mapped[str | None] = mapped_column(String(12))  # satisfied / partly / refused / explained
    local_issue_id: Mapped[int | None] = mapped_column(ForeignKey("local_issues.id", ondelete="SET NULL"),
                                                       index=True)
    steps: Mapped[list["AppealStep"]] = relationship(cascade="all, delete-orphan", order_by="AppealStep.id")
    attachments: Mapped[list["AppealAttachment"]] = relationship(
        cascade="all, delete-orphan", order_by="AppealAttachment.id")


class AppealStep(IdMixin, Base):
    """One step of an appeal's history: received, extended, redirected, answered, its handler or its
    local issue, with who and when."""

    __tablename__ = "appeal_steps"
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))
    value: Mapped[str] = mapped_column(String(300), default="")
    comment: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)


class AppealAttachment(IdMixin, Base):
    """A scan of the written appeal, a photo or a document the applicant brought, kept inside the
    database as a local issue's attachments are, so backups and a server database carry it."""

    __tablename__ = "appeal_attachments"
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255), info=PERSONAL)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(100))
    # Loaded only when opened: a list of attachments does not read their bytes.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False, info=PERSONAL))
