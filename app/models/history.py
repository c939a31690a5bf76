"""Every record's earlier versions, and the imports that wrote them (docs/domain.md: Personal data)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import PERSONAL, Base, IdMixin


class ImportBatch(IdMixin, Base):
    """One import of people from a file: what it did, and whether it was undone."""

    __tablename__ = "import_batches"
    at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(260))
    user_name: Mapped[str] = mapped_column(String(100))
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(100))


class RecordVersion(IdMixin, Base):
    """One insert, update or delete of one row with the whole row before and after it, written in the
    same transaction as the change. Unlike the audit log it holds personal values: it is read only by
    roles that may read the register and erased with the person."""

    __tablename__ = "record_versions"
    __table_args__ = (Index("ix_record_versions_row", "table_name", "row_id", "id"),)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[int | None] = mapped_column(Integer)
    # The person the row is about (a member, or a row with a member_id): erasure removes these.
    member_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The rows one flush wrote: a deleted record and the rows its deletion took with it.
    change_set: Mapped[str] = mapped_column(String(32), index=True)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    # JSON objects column -> value (None for an insert's before and a delete's after); dates in ISO
    # form, money as text, bytes as {"$bytes": base64}; a column whose value was not known is left out.
    before: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    after: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
