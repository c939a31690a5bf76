"""Grants that fund the centre: donors, budget lines, tranches, expenses and report deadlines
(docs/domain.md, Grants). Money is Numeric, never float."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, Date, ForeignKey, Integer, LargeBinary, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.models import local_issues  # noqa: F401 (the tables its foreign keys name)
from app.models.base import Base, IdMixin, VersionMixin

MONEY = Numeric(16, 2)


class Donor(IdMixin, VersionMixin, Base):
    __tablename__ = "donors"
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # state / akimat / foreign / private
    bin: Mapped[str | None] = mapped_column(String(12))
    notes: Mapped[str] = mapped_column(Text, default="")


# The local issues a grant pays the fix of.
grant_issues = Table(
    "grant_issues", Base.metadata,
    Column("grant_id", ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True),
    Column("local_issue_id", ForeignKey("local_issues.id", ondelete="CASCADE"), primary_key=True),
)


class Grant(IdMixin, VersionMixin, Base):
    __tablename__ = "grants"
    donor_id: Mapped[int] = mapped_column(ForeignKey("donors.id"), index=True)
    programme: Mapped[str] = mapped_column(String(300), default="")
    agreement_number: Mapped[str] = mapped_column(String(100))
    agreement_date: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(MONEY)
    notes: Mapped[str] = mapped_column(Text, default="")
    donor: Mapped[Donor] = relationship()
    lines: Mapped[list["BudgetLine"]] = relationship(cascade="all, delete-orphan", order_by="BudgetLine.position")
    tranches: Mapped[list["Tranche"]] = relationship(cascade="all, delete-orphan",
                                                     order_by="(Tranche.planned_on, Tranche.id)")
    expenses: Mapped[list["Expense"]] = relationship(cascade="all, delete-orphan",
                                                     order_by="(Expense.spent_on, Expense.id)")
    deadlines: Mapped[list["GrantDeadline"]] = relationship(cascade="all, delete-orphan",
                                                            order_by="(GrantDeadline.due_on, GrantDeadline.id)")


class BudgetLine(IdMixin, Base):
    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("grant_id", "code"),)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    planned: Mapped[Decimal] = mapped_column(MONEY)


class Tranche(IdMixin, Base):
    """A payment of the grant: planned (date, amount) and, once it came, received (date, amount)."""

    __tablename__ = "tranches"
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    planned_amount: Mapped[Decimal] = mapped_column(MONEY)
    received_on: Mapped[date | None] = mapped_column(Date)
    received_amount: Mapped[Decimal | None] = mapped_column(MONEY)


class Expense(IdMixin, Base):
    __tablename__ = "expenses"
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), index=True)
    spent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    payee: Mapped[str] = mapped_column(String(300), default="")
    document_number: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # The scanned receipt or act, kept in the database like issue attachments.
    scan_name: Mapped[str] = mapped_column(String(255), default="")
    scan_type: Mapped[str] = mapped_column(String(100), default="")
    scan: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))


class GrantDeadline(IdMixin, Base):
    """A report to the donor (interim, final) or, for money from a foreign source, the notice to the
    tax authority due 10 working days after each receipt (docs/domain.md, Grants)."""

    __tablename__ = "grant_deadlines"
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # interim / final / tax
    title: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    # The receipt a tax notice is about; it moves with the receipt and goes with it.
    tranche_id: Mapped[int | None] = mapped_column(ForeignKey("tranches.id", ondelete="CASCADE"), unique=True)
