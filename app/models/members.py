"""The register of the local community: members and their households."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import district  # noqa: F401 (the tables its foreign keys name)
from app.models.base import PERSONAL, Base, IdMixin, VersionMixin


class Household(IdMixin, VersionMixin, Base):
    """People living at one address, with one of them as head."""

    __tablename__ = "households"
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    street: Mapped[str] = mapped_column(String(200), default="", info=PERSONAL)
    house: Mapped[str] = mapped_column(String(20), default="", info=PERSONAL)
    flat: Mapped[str] = mapped_column(String(20), default="", info=PERSONAL)
    # use_alter: households and members refer to each other.
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", use_alter=True, ondelete="SET NULL")
    )
    members: Mapped[list["Member"]] = relationship(
        back_populates="household", foreign_keys="Member.household_id"
    )
    head: Mapped["Member | None"] = relationship(foreign_keys=[head_id], post_update=True)


class Member(IdMixin, VersionMixin, Base):
    __tablename__ = "members"
    # Lists run in name order and stop after a page: this index lets them stop early. Name order
    # is the order of the folded names, so Kazakh letters sort beside their Russian look-alikes
    # (Өтегенов beside Отегенов), not after Я as their code points would.
    # The period figures (joined, moved away, died) read member_since and status with its date.
    __table_args__ = (Index("ix_members_name_order", "search_text", "id"),
                      Index("ix_members_member_since", "member_since"),
                      Index("ix_members_status_date", "status", "status_date"))
    surname: Mapped[str] = mapped_column(String(100), info=PERSONAL)
    given_name: Mapped[str] = mapped_column(String(100), info=PERSONAL)
    patronymic: Mapped[str] = mapped_column(String(100), default="", info=PERSONAL)
    iin: Mapped[str | None] = mapped_column(String(12), unique=True, info=PERSONAL)
    birth_date: Mapped[date | None] = mapped_column(Date, info=PERSONAL)
    sex: Mapped[str | None] = mapped_column(String(1))  # "M", "F", or None where nothing tells
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    street: Mapped[str] = mapped_column(String(200), default="", info=PERSONAL)
    house: Mapped[str] = mapped_column(String(20), default="", info=PERSONAL)
    flat: Mapped[str] = mapped_column(String(20), default="", info=PERSONAL)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("households.id", ondelete="SET NULL"), index=True
    )
    # One or more phones, each +7 and ten digits, separated by «; ».
    phone: Mapped[str] = mapped_column(String(100), default="", info=PERSONAL)
    notes: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    occupation: Mapped[str] = mapped_column(String(200), default="", info=PERSONAL)
    # Social categories as «;name;name;» (names from the district's list): health and family
    # situation are sensitive, so personal.
    categories: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    status: Mapped[str] = mapped_column(String(10), default="resident")  # resident / moved / deceased
    status_date: Mapped[date | None] = mapped_column(Date)
    member_since: Mapped[date | None] = mapped_column(Date)
    # Names, IIN and phone folded across Kazakh, Russian and Latin spellings (app.rules.text),
    # written by the members service whenever they change; search reads only this column.
    search_text: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    # Set when the person's data was erased on request (Law 94-V); the row stays, without
    # personal fields, so counts of attendance and votes stay true.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    household: Mapped[Household | None] = relationship(
        back_populates="members", foreign_keys=[household_id]
    )
    consents: Mapped[list["Consent"]] = relationship(back_populates="member", cascade="all, delete-orphan")


class Consent(IdMixin, Base):
    """A member's consent to keeping their data (Law 94-V, docs/domain.md: Personal data)."""

    __tablename__ = "consents"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))  # written / oral / electronic
    scope: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    member: Mapped[Member] = relationship(back_populates="consents")
