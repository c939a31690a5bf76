"""Period packages between offices (docs/exchange-format.md): the office's own signing identity, and at a
district office the centres it takes packages from and the packages themselves."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin


class CentreIdentity(IdMixin, Base):
    """The one row naming this office to the district: a stable id and the Ed25519 key its packages are
    signed with, made at the first start (or the first time an older office asks for it)."""

    __tablename__ = "centre_identity"
    centre_id: Mapped[str] = mapped_column(String(36), unique=True)  # a uuid4, never changed
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # the 32 raw bytes of the Ed25519 seed
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # 32 raw bytes
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DistrictCentre(Base):
    """A centre whose packages this district office has taken in, and the key it trusts for it."""

    __tablename__ = "district_centres"
    centre_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    kato: Mapped[str] = mapped_column(String(9), default="")
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(100))
    first_received_at: Mapped[datetime] = mapped_column(DateTime)
    last_received_at: Mapped[datetime] = mapped_column(DateTime)
    # A package signed with another key leaves that key here until `auyl district trust` accepts it.
    pending_public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    pending_fingerprint: Mapped[str] = mapped_column(String(100), default="")


class DistrictPackage(IdMixin, Base):
    """One centre's package for one period, as it was signed; the same period again replaces it."""

    __tablename__ = "district_packages"
    __table_args__ = (UniqueConstraint("centre_id", "date_from", "date_to"),)
    centre_id: Mapped[str] = mapped_column(ForeignKey("district_centres.centre_id", ondelete="CASCADE"))
    date_from: Mapped[date] = mapped_column(Date, index=True)
    date_to: Mapped[date] = mapped_column(Date)
    format_version: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(300))
    figures: Mapped[dict] = mapped_column(JSON)  # exchange.figures_of: flat, stable English keys
    lists: Mapped[dict] = mapped_column(JSON)  # exchange.lists_of
    signed_bytes: Mapped[bytes] = mapped_column(LargeBinary)  # the whole file, kept to show and check again
