"""Grants: donors, budget lines, tranches, expenses and report deadlines, with exact money
(app.rules.money: Decimal, never float; totals per currency, never mixed) and the checks that keep
the next grant safe: an overspent line, lines or tranches that do not add up to the total, money
spent before it arrived, and report and tax deadlines counted in working days (docs/domain.md, Grants).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import N_, current_language, translate
from app.models import BudgetLine, Donor, Expense, Grant, GrantDeadline, LocalIssue, Tranche, grant_issues
from app.models.grants import MONEY
from app.rules import iin as iin_rules
from app.rules import money, ranges
from app.services import calendar, files, versions
from app.services.access import requires
from app.services.periods import Period

DONOR_KINDS = {"state": N_("state"), "akimat": N_("akimat"), "foreign": N_("foreign"), "private": N_("private")}
DEADLINE_KINDS = {"interim": N_("interim report"), "final": N_("final report"),
                  "tax": N_("notice to the tax authority")}
DEADLINE_STATUSES = {"submitted": N_("submitted"), "overdue": N_("overdue"), "due_soon": N_("due soon"),
                     "upcoming": N_("upcoming")}
SIZE_CLASSES = {"short": N_("short (up to 1 year)"), "medium": N_("medium (1–2 years)"),
                "long": N_("long (2–3 years)")}
# MCI ranges of state grants by size (docs/domain.md, Grants): short 500–3,000, medium 3,000–10,000,
# long from 10,000.
MCI_RANGES = {"short": (Decimal(500), Decimal(3000)), "medium": (Decimal(3000), Decimal(10000)),
              "long": (Decimal(10000), None)}
TAX_NOTICE_WORKING_DAYS = 10  # money from a foreign source (docs/domain.md, Grants)
DUE_SOON_DAYS = 30
ZERO = Decimal("0.00")

# Warnings: the checks do not refuse (a real budget is sometimes amended later); they stand out.
OVERSPENT_LINE = N_("Line {code} is overspent: {spent} spent of {planned} planned.")
LINES_DO_NOT_ADD_UP = N_("The budget lines add up to {lines}, not to the grant's total {total}.")
TRANCHES_DO_NOT_ADD_UP = N_("The planned tranches add up to {tranches}, not to the grant's total {total}.")
SPENT_BEFORE_RECEIVED = N_("By {day} {spent} was spent but only {received} had been received.")
SPENT_BEFORE_ANY_RECEIVED = N_("By {day} {spent} was spent, and no money had been received yet.")
MCI_OUT_OF_RANGE = N_("{mci} MCI is outside the range for a state grant of this length: {low}–{high} MCI.")


# Input -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonorData:
    name: str
    kind: str
    bin: str = ""
    notes: str = ""
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class GrantData:
    donor_id: int
    agreement_number: str
    agreement_date: date
    starts_on: date
    ends_on: date
    currency: str
    total: str | Decimal
    programme: str = ""
    purpose: str = ""
    notes: str = ""
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LineData:
    code: str
    name: str
    planned: str | Decimal
    id: int | None = None


@dataclass(frozen=True)
class TrancheData:
    planned_on: date
    planned_amount: str | Decimal
    received_on: date | None = None
    received_amount: str | Decimal | None = None
    currency: str | None = None  # when given, must be the grant's


@dataclass(frozen=True)
class ExpenseData:
    line_id: int
    spent_on: date
    amount: str | Decimal
    payee: str = ""
    document_number: str = ""
    note: str = ""
    currency: str | None = None  # when given, must be the grant's
    scan_path: str | Path | None = None  # a scanned receipt to attach (None keeps the one there is)


@dataclass(frozen=True)
class DeadlineData:
    kind: str
    due_on: date
    title: str = ""
    submitted_on: date | None = None


# Output ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Warning:
    """A check that failed: a catalogue message, its parameters (amounts as Decimal) and the
    grant's currency, so that ``text`` writes the amounts as the reader's language does."""

    msgid: str
    params: dict
    currency: str

    def text(self, lang: str) -> str:
        params = {name: money.format_amount(value, self.currency, lang) if isinstance(value, Decimal) else value
                  for name, value in self.params.items()}
        return translate(self.msgid, lang, **params)


@dataclass(frozen=True)
class DonorRow:
    id: int
    name: str
    kind: str
    bin: str
    notes: str
    grants: int
    version: int | None = None


@dataclass(frozen=True)
class LineView:
    id: int
    code: str
    name: str
    planned: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent


@dataclass(frozen=True)
class TrancheView:
    id: int
    planned_on: date
    planned_amount: Decimal
    received_on: date | None
    received_amount: Decimal | None


@dataclass(frozen=True)
class ExpenseView:
    id: int
    line_id: int
    line_code: str
    spent_on: date
    amount: Decimal
    payee: str
    document_number: str
    note: str
    scan_name: str


@dataclass(frozen=True)
class DeadlineView:
    id: int
    grant_id: int
    grant_label: str
    donor: str
    kind: str
    title: str
    due_on: date
    submitted_on: date | None
    status: str
    tranche_id: int | None


@dataclass(frozen=True)
class GrantView:
    id: int
    data: GrantData
    donor: str
    donor_kind: str
    total: Decimal
    size_class: str
    mci: Decimal | None  # the total in MCI of the agreement's day, for state grants in tenge
    lines: tuple[LineView, ...]
    tranches: tuple[TrancheView, ...]
    expenses: tuple[ExpenseView, ...]
    deadlines: tuple[DeadlineView, ...]
    issue_ids: tuple[int, ...]
    warnings: tuple[Warning, ...]

    @property
    def label(self) -> str:
        return f"{self.donor}: {self.data.agreement_number}"

    @property
    def received(self) -> Decimal:
        return sum((t.received_amount for t in self.tranches if t.received_amount is not None), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((e.amount for e in self.expenses), ZERO)

    @property
    def balance(self) -> Decimal:
        """Money received and not yet spent."""
        return self.received - self.spent

    @property
    def remaining(self) -> Decimal:
        """Of the grant's total, what is left to spend."""
        return self.total - self.spent


@dataclass(frozen=True)
class GrantRow:
    id: int
    donor: str
    donor_kind: str
    agreement_number: str
    programme: str
    starts_on: date
    ends_on: date
    currency: str
    total: Decimal
    received: Decimal
    spent: Decimal
    warnings: int


# Checks ------------------------------------------------------------------------------------------

def _amount(value, field: str) -> Decimal:
    try:
        return ranges.check_amount(money.parse_amount(value), MONEY.precision, MONEY.scale)
    except (money.InvalidAmount, ranges.OutOfRange) as error:
        raise ValidationError(error.reason, field=field, **error.params) from None


def _same_currency(grant: Grant, currency: str | None) -> None:
    if currency is not None and currency != grant.currency:
        raise ValidationError("This grant is in {grant}; an amount in {given} cannot be entered in it.",
                              field="currency", grant=grant.currency, given=currency)


def _within_period(grant: Grant, day: date, field: str) -> None:
    if not grant.starts_on <= day <= grant.ends_on:
        raise ValidationError("{day} is outside the grant's period ({start} – {end}).", field=field,
                              day=day.strftime("%d.%m.%Y"), start=grant.starts_on.strftime("%d.%m.%Y"),
                              end=grant.ends_on.strftime("%d.%m.%Y"))


def size_class(starts_on: date, ends_on: date) -> str:
    """Short (up to a year), medium (up to two) or long (docs/domain.md, Grants)."""
    days = (ends_on - starts_on).days
    return "short" if days <= 366 else "medium" if days <= 731 else "long"


def _grant(session, grant_id: int) -> Grant:
    grant = session.get(Grant, grant_id)
    if grant is None:
        raise NotFound("No grant with number {id}.", id=grant_id)
    return grant


# Donors ------------------------------------------------------------------------------------------

def _checked_donor(data: DonorData) -> DonorData:
    data = replace(data, name=data.name.strip(), bin=data.bin.strip(), notes=data.notes.strip())
    if not data.name:
        raise ValidationError("The donor has no name.", field="name")
    if data.kind not in DONOR_KINDS:
        raise ValidationError("Unknown kind of donor: {kind}", field="kind", kind=data.kind)
    if data.bin:
        try:
            data = replace(data, bin=iin_rules.parse_bin(data.bin))
        except iin_rules.InvalidIin as error:
            raise ValidationError(error.reason, field="bin") from None
    return data


@requires("grants")
def save_donor(data: DonorData, donor_id: int | None = None) -> int:
    data = _checked_donor(data)
    with unit_of_work() as session:
        clash = session.scalar(select(Donor.id).where(Donor.name == data.name, Donor.id != (donor_id or 0)))
        if clash:
            raise ValidationError("A donor called {name} is already in the list.", field="name", name=data.name)
        donor = session.get(Donor, donor_id) if donor_id else Donor()
        if donor is None:
            raise NotFound("No donor with number {id}.", id=donor_id)
        if donor_id:
            versions.check(session, donor, data.version)
        donor.name, donor.kind, donor.bin, donor.notes = data.name, data.kind, data.bin or None, data.notes
        session.add(donor)
        session.flush()
        return donor.id


def donors() -> list[DonorRow]:
    with unit_of_work() as session:
        counts = dict(session.execute(select(Grant.donor_id, func.count()).group_by(Grant.donor_id)).all())
        return [DonorRow(d.id, d.name, d.kind, d.bin or "", d.notes, counts.get(d.id, 0), d.version)
                for d in session.scalars(select(Donor).order_by(Donor.name))]


@requires("grants")
def delete_donor(donor_id: int) -> None:
    with unit_of_work() as session:
        donor = session.get(Donor, donor_id)
        if donor is None:
            raise NotFound("No donor with number {id}.", id=donor_id)
        if session.scalar(select(func.count()).select_from(Grant).where(Grant.donor_id == donor_id)):
            raise ValidationError("This donor has grants: delete them first.", field="donor")
        session.delete(donor)


# Grants and their lines --------------------------------------------------------------------------

def _checked_grant(session, data: GrantData) -> GrantData:
    data = replace(data, agreement_number=data.agreement_number.strip(), programme=data.programme.strip())
    if session.get(Donor, data.donor_id) is None:
        raise ValidationError("Choose the donor.", field="donor")
    if not data.agreement_number:
        raise ValidationError("Enter the agreement number.", field="agreement_number")
    if data.ends_on < data.starts_on:
        raise ValidationError("The grant ends before it starts.", field="ends_on")
    for name in ("agreement_date", "starts_on", "ends_on"):
        try:
            if getattr(data, name) is not None:
                ranges.check_day(getattr(data, name))
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field=name, **error.params) from None
    try:
        money.check_currency(data.currency)
    except money.InvalidAmount as error:
        raise ValidationError(error.reason, field="currency", **error.params) from None
    total = _amount(data.total, "total")
    if total == 0:
        raise ValidationError("The grant's total must be more than zero.", field="total")
    return replace(data, total=total)


def _fill_grant(grant: Grant, data: GrantData) -> None:
    for name in ("donor_id", "agreement_number", "agreement_date", "starts_on", "ends_on", "currency", "total",
                 "programme", "purpose", "notes"):
        setattr(grant, name, getattr(data, name))


@requires("grants")
def create_grant(data: GrantData, lines: list[LineData] = ()) -> int:
    with unit_of_work() as session:
        data = _checked_grant(session, data)
        grant = Grant()
        _fill_grant(grant, data)
        session.add(grant)
        session.flush()
        _save_lines(session, grant, list(lines))
        return grant.id


@requires("grants")
def update_grant(grant_id: int, data: GrantData) -> None:
    """Changes a grant; its money already entered must still fit: the same currency, and no
    expense or receipt outside the new period."""
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        versions.check(session, grant, data.version)
        data = _checked_grant(session, data)
        if data.currency != grant.currency and (grant.expenses or grant.tranches):
            raise ValidationError("Money is already entered in {currency}: the currency cannot change.",
                                  field="currency", currency=grant.currency)
        days = [e.spent_on for e in grant.expenses] + [t.received_on for t in grant.tranches if t.received_on]
        if any(not data.starts_on <= day <= data.ends_on for day in days):
            raise ValidationError("Money was spent or received outside the new period.", field="ends_on")
        _fill_grant(grant, data)


@requires("grants")
def delete_grant(grant_id: int) -> None:
    """Removes a grant entered by mistake, with its lines, tranches and deadlines. A grant with
    expenses is refused: money spent is an accounting record (docs/domain.md, Grants), so the
    accountant deletes the expenses one by one, each in the audit log, before the grant can go."""
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        if grant.expenses:
            spent = sum((expense.amount for expense in grant.expenses), ZERO)
            raise ValidationError("Money has been spent from the grant {donor}: {number}: {spent} in the "
                                  "expenses numbered {ids}. A grant with money spent is an accounting record "
                                  "and is not deleted: if those expenses were entered by mistake, delete them "
                                  "first.", field="expenses", donor=grant.donor.name,
                                  number=grant.agreement_number,
                                  spent=money.format_amount(spent, grant.currency, current_language()),
                                  ids=", ".join(str(expense.id) for expense in grant.expenses))
        session.delete(grant)


def _save_lines(session, grant: Grant, lines: list[LineData]) -> None:
    codes = [line.code.strip() for line in lines]
    for line, code in zip(lines, codes):
        if not code or not line.name.strip():
            raise ValidationError("A budget line needs a code and a name.", field="lines")
    if len(set(codes)) != len(codes):
        raise ValidationError("Two budget lines have the same code.", field="lines")
    existing = {line.id: line for line in grant.lines}
    kept = {line.id for line in lines if line.id is not None}
    if kept - set(existing):
        raise ValidationError("A budget line of another grant cannot be moved here.", field="lines")
    used = {e.line_id for e in grant.expenses}
    for line_id in set(existing) - kept:
        if line_id in used:
            raise ValidationError("Line {code} has expenses: move or delete them first.", field="lines",
                                  code=existing[line_id].code)
        session.delete(existing[line_id])
    session.flush()
    for position, (data, code) in enumerate(zip(lines, codes), start=1):
        line = existing.get(data.id) if data.id is not None else None
        if line is None:
            line = BudgetLine(grant_id=grant.id)
            session.add(line)
        line.position, line.code, line.name = position, code, data.name.strip()
        line.planned = _amount(data.planned, "lines")
    session.flush()
    session.expire(grant, ["lines"])


@requires("grants")
def save_lines(grant_id: int, lines: list[LineData]) -> None:
    """Replaces the budget lines with ``lines`` in this order; lines with an id keep their expenses."""
    with unit_of_work() as session:
        _save_lines(session, _grant(session, grant_id), lines)


@requires("grants")
def set_issues(grant_id: int, issue_ids: list[int]) -> None:
    """The local issues whose fix the grant pays for."""
    with unit_of_work() as session:
        _grant(session, grant_id)
        found = set(session.scalars(select(LocalIssue.id).where(LocalIssue.id.in_(issue_ids))))
        if found != set(issue_ids):
            raise ValidationError("No local issue with number {id}.", field="issues",
                                  id=min(set(issue_ids) - found))
        session.execute(grant_issues.delete().where(grant_issues.c.grant_id == grant_id))
        if issue_ids:
            session.execute(grant_issues.insert(), [{"grant_id": grant_id, "local_issue_id": i}
                                                    for i in sorted(set(issue_ids))])


def grants_for_issue(issue_id: int) -> list[GrantRow]:
    """The grants paying for a local issue (shown on the issue)."""
    with unit_of_work() as session:
        ids = set(session.scalars(select(grant_issues.c.grant_id).where(grant_issues.c.local_issue_id == issue_id)))
    return [row for row in list_grants() if row.id in ids]


# Tranches ----------------------------------------------------------------------------------------

def _tax_notice(session, grant: Grant, tranche: Tranche) -> None:
    """Keeps the tax notice of a receipt from a foreign donor in step with the receipt."""
    notice = session.scalar(select(GrantDeadline).where(GrantDeadline.tranche_id == tranche.id))
    if grant.donor.kind != "foreign" or tranche.received_on is None:
        if notice is not None:
            session.delete(notice)
        return
    due = calendar.add_working_days(tranche.received_on, TAX_NOTICE_WORKING_DAYS)
    if notice is None:
        notice = GrantDeadline(grant_id=grant.id, kind="tax", tranche_id=tranche.id, title="")
        session.add(notice)
    notice.due_on = due


def _fill_tranche(session, grant: Grant, tranche: Tranche, data: TrancheData) -> None:
    _same_currency(grant, data.currency)
    planned = _amount(data.planned_amount, "planned_amount")
    received = None
    if (data.received_on is None) != (data.received_amount in (None, "")):
        raise ValidationError("A received tranche needs both the day and the amount.", field="received_amount")
    if data.received_on is not None:
        received = _amount(data.received_amount, "received_amount")
        _within_period(grant, data.received_on, "received_on")
    tranche.planned_on, tranche.planned_amount = data.planned_on, planned
    tranche.received_on, tranche.received_amount = data.received_on, received
    session.flush()
    _tax_notice(session, grant, tranche)


@requires("grants")
def add_tranche(grant_id: int, data: TrancheData) -> int:
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        tranche = Tranche(grant_id=grant.id)
        session.add(tranche)
        _fill_tranche(session, grant, tranche, data)
        return tranche.id


@requires("grants")
def update_tranche(tranche_id: int, data: TrancheData) -> None:
    with unit_of_work() as session:
        tranche = session.get(Tranche, tranche_id)
        if tranche is None:
            raise NotFound("No tranche with number {id}.", id=tranche_id)
        _fill_tranche(session, _grant(session, tranche.grant_id), tranche, data)


@requires("grants")
def delete_tranche(tranche_id: int) -> None:
    with unit_of_work() as session:
        tranche = session.get(Tranche, tranche_id)
        if tranche is None:
            raise NotFound("No tranche with number {id}.", id=tranche_id)
        session.delete(tranche)


# Expenses ----------------------------------------------------------------------------------------

def _fill_expense(session, grant: Grant, expense: Expense, data: ExpenseData) -> None:
    _same_currency(grant, data.currency)
    line = session.get(BudgetLine, data.line_id)
    if line is None or line.grant_id != grant.id:
        raise ValidationError("Choose a budget line of this grant.", field="line")
    amount = _amount(data.amount, "amount")
    if amount == 0:
        raise ValidationError("An expense must be more than zero.", field="amount")
    _within_period(grant, data.spent_on, "spent_on")
    if data.scan_path:
        expense.scan_name, expense.scan_type, expense.scan = files.read_attachment(data.scan_path)
    expense.line_id, expense.spent_on, expense.amount = line.id, data.spent_on, amount
    expense.payee, expense.document_number = data.payee.strip(), data.document_number.strip()
    expense.note = data.note.strip()


@requires("grants")
def add_expense(grant_id: int, data: ExpenseData) -> int:
    """Records an expense; whether it overspends its line shows among the grant's warnings."""
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        expense = Expense(grant_id=grant.id)
        _fill_expense(session, grant, expense, data)
        session.add(expense)
        session.flush()
        return expense.id


@requires("grants")
def update_expense(expense_id: int, data: ExpenseData) -> None:
    with unit_of_work() as session:
        expense = session.get(Expense, expense_id)
        if expense is None:
            raise NotFound("No expense with number {id}.", id=expense_id)
        _fill_expense(session, _grant(session, expense.grant_id), expense, data)


@requires("grants")
def delete_expense(expense_id: int) -> None:
    with unit_of_work() as session:
        expense = session.get(Expense, expense_id)
        if expense is None:
            raise NotFound("No expense with number {id}.", id=expense_id)
        session.delete(expense)


def expense_scan(expense_id: int) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of the expense's scan, or None."""
    with unit_of_work() as session:
        expense = session.get(Expense, expense_id)
        if expense is None:
            raise NotFound("No expense with number {id}.", id=expense_id)
        return (expense.scan_name, expense.scan_type, expense.scan) if expense.scan else None


def line_remaining(line_id: int, leaving_out: int | None = None) -> Decimal:
    """What is left on a budget line (for the warning an expense form shows before saving)."""
    with unit_of_work() as session:
        line = session.get(BudgetLine, line_id)
        if line is None:
            raise NotFound("No budget line with number {id}.", id=line_id)
        spent = sum((e for e in session.scalars(select(Expense.amount).where(
            Expense.line_id == line_id, Expense.id != (leaving_out or 0)))), ZERO)
        return line.planned - spent


# Deadlines ---------------------------------------------------------------------------------------

def _fill_deadline(grant: Grant, deadline: GrantDeadline, data: DeadlineData) -> None:
    if deadline.kind == "tax" or data.kind == "tax":
        if deadline.kind != data.kind or deadline.due_on != data.due_on:
            raise ValidationError("A tax notice follows its receipt: change the tranche instead.", field="kind")
    elif data.kind not in DEADLINE_KINDS:
        raise ValidationError("Unknown kind of deadline: {kind}", field="kind", kind=data.kind)
    if data.submitted_on is not None and data.submitted_on > clock.today():
        raise ValidationError("A report cannot be submitted in the future.", field="submitted_on")
    deadline.kind, deadline.due_on = data.kind, data.due_on
    deadline.title, deadline.submitted_on = data.title.strip(), data.submitted_on


@requires("grants")
def add_deadline(grant_id: int, data: DeadlineData) -> int:
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        if data.kind == "tax":
            raise ValidationError("A tax notice follows its receipt: change the tranche instead.", field="kind")
        deadline = GrantDeadline(grant_id=grant.id)
        _fill_deadline(grant, deadline, data)
        session.add(deadline)
        session.flush()
        return deadline.id


@requires("grants")
def update_deadline(deadline_id: int, data: DeadlineData) -> None:
    with unit_of_work() as session:
        deadline = session.get(GrantDeadline, deadline_id)
        if deadline is None:
            raise NotFound("No deadline with number {id}.", id=deadline_id)
        _fill_deadline(_grant(session, deadline.grant_id), deadline, data)


@requires("grants")
def delete_deadline(deadline_id: int) -> None:
    with unit_of_work() as session:
        deadline = session.get(GrantDeadline, deadline_id)
        if deadline is None:
            raise NotFound("No deadline with number {id}.", id=deadline_id)
        if deadline.kind == "tax":
            raise ValidationError("A tax notice follows its receipt: change the tranche instead.", field="kind")
        session.delete(deadline)


def deadline_status(due_on: date, submitted_on: date | None, today: date) -> str:
    if submitted_on is not None:
        return "submitted"
    if due_on < today:
        return "overdue"
    return "due_soon" if due_on <= today + timedelta(days=DUE_SOON_DAYS) else "upcoming"


def _deadline_view(d: GrantDeadline, grant: Grant, today: date) -> DeadlineView:
    return DeadlineView(d.id, grant.id, f"{grant.donor.name}: {grant.agreement_number}", grant.donor.name, d.kind,
                        d.title, d.due_on, d.submitted_on, deadline_status(d.due_on, d.submitted_on, today),
                        d.tranche_id)


def deadlines(date_from: date | None = None, date_to: date | None = None, status: str | None = None,
              today: date | None = None) -> list[DeadlineView]:
    """Every grant's deadlines (reports and tax notices together), by due day."""
    today = today or clock.today()
    query = select(GrantDeadline, Grant).join(Grant, GrantDeadline.grant_id == Grant.id).order_by(
        GrantDeadline.due_on, GrantDeadline.id)
    if date_from is not None:
        query = query.where(GrantDeadline.due_on >= date_from)
    if date_to is not None:
        query = query.where(GrantDeadline.due_on <= date_to)
    with unit_of_work() as session:
        views = [_deadline_view(d, g, today) for d, g in session.execute(query)]
    return [v for v in views if status is None or v.status == status]


@dataclass(frozen=True)
class GrantFigures:
    deadlines_due_soon: int  # within 30 days
    deadlines_overdue: int
    received_this_year: dict[str, Decimal]  # per currency
    spent_this_year: dict[str, Decimal]


def figures(today: date | None = None) -> GrantFigures:
    """For the start page: deadlines within 30 days and overdue; money received and spent this year
    up to today (a receipt or an expense dated ahead has not happened yet)."""
    today = today or clock.today()
    views = deadlines(today=today)
    year_start = date(today.year, 1, 1)
    with unit_of_work() as session:
        received = session.execute(select(Grant.currency, Tranche.received_amount).join(Grant).where(
            Tranche.received_on.between(year_start, today))).all()
        spent = session.execute(select(Grant.currency, Expense.amount).join(Grant).where(
            Expense.spent_on.between(year_start, today))).all()
    return GrantFigures(sum(1 for v in views if v.status == "due_soon"), sum(1 for v in views if v.status == "overdue"),
                        money.totals_by_currency(received), money.totals_by_currency(spent))


# Reading -----------------------------------------------------------------------------------------

def _warnings(currency: str, total: Decimal, lines: tuple[LineView, ...], tranches, expenses, mci: Decimal | None,
              size: str) -> tuple[Warning, ...]:
    """The checks that failed, on a grant's tranches and expenses (rows or views: the same fields), so a
    period report can run them on what was known at its end."""
    found = []
    for line in lines:
        if line.spent > line.planned:
            found.append(Warning(OVERSPENT_LINE, dict(code=line.code, spent=line.spent,
                                                      planned=line.planned), currency))
    planned_lines = sum((line.planned for line in lines), ZERO)
    if lines and planned_lines != total:
        found.append(Warning(LINES_DO_NOT_ADD_UP, dict(lines=planned_lines, total=total), currency))
    planned_tranches = sum((t.planned_amount for t in tranches), ZERO)
    if tranches and planned_tranches != total:
        found.append(Warning(TRANCHES_DO_NOT_ADD_UP, dict(tranches=planned_tranches, total=total),
                             currency))
    # Walk the days money moved: spending ahead of the money received is flagged once, on its first day.
    moves = sorted([(t.received_on, t.received_amount, 0) for t in tranches if t.received_on]
                   + [(e.spent_on, -e.amount, 1) for e in expenses], key=lambda m: (m[0], m[2]))
    received = spent = ZERO
    for day, change, _order in moves:
        if change >= 0:
            received += change
        else:
            spent -= change
            if spent > received:
                # Nothing received yet reads as such, not as «only 0,00 ₸».
                found.append(Warning(SPENT_BEFORE_RECEIVED if received else SPENT_BEFORE_ANY_RECEIVED,
                                     dict(day=day.strftime("%d.%m.%Y"), spent=spent, received=received), currency))
                break
    if mci is not None:
        low, high = MCI_RANGES[size]
        if mci < low or (high is not None and mci > high):
            found.append(Warning(MCI_OUT_OF_RANGE, dict(mci=str(mci), low=str(low), high=str(high) if high else "…"),
                                 currency))
    return tuple(found)


def get(grant_id: int, today: date | None = None) -> GrantView:
    today = today or clock.today()
    with unit_of_work() as session:
        grant = _grant(session, grant_id)
        spent_by_line: dict[int, Decimal] = {}
        for expense in grant.expenses:
            spent_by_line[expense.line_id] = spent_by_line.get(expense.line_id, ZERO) + expense.amount
        lines = tuple(LineView(line.id, line.code, line.name, line.planned, spent_by_line.get(line.id, ZERO))
                      for line in grant.lines)
        codes = {line.id: line.code for line in grant.lines}
        size = size_class(grant.starts_on, grant.ends_on)
        mci = None
        if grant.donor.kind == "state" and grant.currency == "KZT":
            from app.models import MciRate

            rate = session.scalar(select(MciRate.amount).where(MciRate.effective_from <= grant.agreement_date)
                                  .order_by(MciRate.effective_from.desc()).limit(1))
            mci = money.in_mci(grant.total, rate) if rate else None
        data = GrantData(grant.donor_id, grant.agreement_number, grant.agreement_date, grant.starts_on, grant.ends_on,
                         grant.currency, grant.total, grant.programme, grant.purpose, grant.notes, grant.version)
        issue_ids = tuple(session.scalars(select(grant_issues.c.local_issue_id)
                                          .where(grant_issues.c.grant_id == grant.id)
                                          .order_by(grant_issues.c.local_issue_id)))
        return GrantView(
            grant.id, data, grant.donor.name, grant.donor.kind, grant.total, size, mci, lines,
            tuple(TrancheView(t.id, t.planned_on, t.planned_amount, t.received_on, t.received_amount)
                  for t in grant.tranches),
            tuple(ExpenseView(e.id, e.line_id, codes.get(e.line_id, ""), e.spent_on, e.amount, e.payee,
                              e.document_number, e.note, e.scan_name) for e in grant.expenses),
            tuple(_deadline_view(d, grant, today) for d in grant.deadlines),
            issue_ids, _warnings(grant.currency, grant.total, lines, grant.tranches, grant.expenses, mci, size))


def list_grants(active_on: date | None = None, date_from: date | None = None, date_to: date | None = None,
                donor_kind: str | None = None) -> list[GrantRow]:
    """Grants, newest first: those running on a day, or overlapping a period, or all."""
    query = select(Grant).join(Grant.donor).order_by(Grant.starts_on.desc(), Grant.id.desc())
    if active_on is not None:
        query = query.where(Grant.starts_on <= active_on, Grant.ends_on >= active_on)
    if date_from is not None:
        query = query.where(Grant.ends_on >= date_from)
    if date_to is not None:
        query = query.where(Grant.starts_on <= date_to)
    if donor_kind:
        query = query.where(Donor.kind == donor_kind)
    with unit_of_work() as session:
        ids = list(session.scalars(query.with_only_columns(Grant.id)))
    return [_row(get(grant_id)) for grant_id in ids]


def _row(view: GrantView) -> GrantRow:
    d = view.data
    return GrantRow(view.id, view.donor, view.donor_kind, d.agreement_number, d.programme, d.starts_on, d.ends_on,
                    d.currency, view.total, view.received, view.spent, len(view.warnings))


def as_of(view: GrantView, day: date) -> GrantView:
    """The grant as it stood at the end of ``day``: receipts and expenses dated later left out, a
    report submitted later still due, each deadline's status on that day and the checks run on what
    was known then. A past period's report shows this, so it reads the same whenever it is printed."""
    tranches = tuple(t if t.received_on is None or t.received_on <= day
                     else replace(t, received_on=None, received_amount=None) for t in view.tranches)
    expenses = tuple(e for e in view.expenses if e.spent_on <= day)
    spent_by_line: dict[int, Decimal] = {}
    for expense in expenses:
        spent_by_line[expense.line_id] = spent_by_line.get(expense.line_id, ZERO) + expense.amount
    lines = tuple(replace(line, spent=spent_by_line.get(line.id, ZERO)) for line in view.lines)
    deadlines = []
    for d in view.deadlines:
        submitted = d.submitted_on if d.submitted_on is not None and d.submitted_on <= day else None
        deadlines.append(replace(d, submitted_on=submitted, status=deadline_status(d.due_on, submitted, day)))
    return replace(view, lines=lines, tranches=tranches, expenses=expenses, deadlines=tuple(deadlines),
                   warnings=_warnings(view.data.currency, view.total, lines, tranches, expenses, view.mci,
                                      view.size_class))


@dataclass(frozen=True)
class GrantInPeriod:
    """One grant's figures for a period."""

    view: GrantView  # as it stood at the period's end (``as_of``): its money since the start up to then
    received: Decimal  # in the period
    spent: Decimal  # in the period
    spent_by_line: dict[int, Decimal]  # in the period, budget line id → amount
    expenses: tuple[ExpenseView, ...]  # those of the period

    @property
    def balance(self) -> Decimal:
        """Received and not spent, from the grant's start to the period's end."""
        return self.view.balance


@dataclass(frozen=True)
class GrantsPeriod:
    """What the grants report shows for a period: one source of truth for these figures. Every total
    is the sum of the grants' own rows, so a report's rows add up to its total lines."""

    span: Period
    grants: tuple[GrantInPeriod, ...]  # running at some time in the period, up to its effective end
    totals: dict[str, Decimal]  # per currency, never mixed
    received: dict[str, Decimal]  # received in the period
    spent: dict[str, Decimal]  # spent in the period
    balance: dict[str, Decimal]  # received and not spent, to the period's end
    # The same three by donor: (donor, currency) → amount, every donor of the period's grants listed.
    received_by_donor: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    spent_by_donor: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    balance_by_donor: dict[tuple[str, str], Decimal] = field(default_factory=dict)


def period(span: Period) -> GrantsPeriod:
    """The grants running in the period (up to its effective end), each as it stood then, with the
    money received and spent in it."""
    day = span.effective_to
    found = []
    if day >= span.date_from:
        for row in reversed(list_grants(date_from=span.date_from, date_to=day)):
            view = as_of(get(row.id), day)
            expenses = tuple(e for e in view.expenses if span.holds(e.spent_on))
            by_line: dict[int, Decimal] = {}
            for expense in expenses:
                by_line[expense.line_id] = by_line.get(expense.line_id, ZERO) + expense.amount
            found.append(GrantInPeriod(
                view, sum((t.received_amount for t in view.tranches if span.holds(t.received_on)), ZERO),
                sum((e.amount for e in expenses), ZERO), by_line, expenses))

    def per_currency(amount) -> dict[str, Decimal]:
        return money.totals_by_currency((g.view.data.currency, amount(g)) for g in found)

    def per_donor(amount) -> dict[tuple[str, str], Decimal]:
        sums = {(g.view.donor, g.view.data.currency): ZERO for g in found}
        for g in found:
            sums[g.view.donor, g.view.data.currency] += amount(g)
        return sums

    received, spent, balance = attrgetter("received"), attrgetter("spent"), attrgetter("balance")
    return GrantsPeriod(span, tuple(found), per_currency(lambda g: g.view.total),
                        per_currency(received), per_currency(spent), per_currency(balance),
                        per_donor(received), per_donor(spent), per_donor(balance))
