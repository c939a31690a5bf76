"""The district's own data: settings, villages, the centre's rooms, MCI values."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, VersionMixin


class Setting(IdMixin, Base):
    """One district setting; the value is JSON text, typed by app.services.settings."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text)


class Village(IdMixin, VersionMixin, Base):
    __tablename__ = "villages"
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    kato_code: Mapped[str | None] = mapped_column(String(9))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Room(IdMixin, VersionMixin, Base):
    """A room of the centre that meetings and events book."""

    __tablename__ = "rooms"
    name: Mapped[str] = mapped_column(String(200))
    # Its name in a Russian protocol or notice; empty: the one name serves both languages.
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # hall / classroom / workshop / museum / office / guest_house / tea_house / shop / other
    kind: Mapped[str] = mapped_column(String(20), default="hall")
    bookable: Mapped[bool] = mapped_column(Boolean, default=True)  # an office or the guest house is not


class MciRate(IdMixin, Base):
    """The monthly calculation index (МРП / АЕК) in tenge from the day it took effect (docs/domain.md, Grants)."""

    __tablename__ = "mci_rates"
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
