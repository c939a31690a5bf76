from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin


class AuditEntry(IdMixin, Base):
    """One insert, update or delete of one row, written in the same transaction as the change."""

    __tablename__ = "audit_entries"
    # The database's audit trigger finds the program's own entry of a row by its transaction.
    __table_args__ = (Index("ix_audit_entries_transaction_id", "transaction_id", "table_name", "row_id"),)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[int | None] = mapped_column(Integer)
    # JSON: {field: [old, new]} for ordinary fields, {field: null} for personal ones.
    changes: Mapped[str] = mapped_column(Text, default="{}")
    # A secured server office's transaction, given by the server's default there
    # (docs/architecture.md, PostgreSQL roles); empty elsewhere and in the entries the database writes.
    transaction_id: Mapped[int | None] = mapped_column(BigInteger)
