"""The grants report for a period: for each grant running in it, the agreement, the budget
against actual by line (overspent lines marked), the tranches planned and received, the balance, the
report and tax deadlines with their status (overdue ones marked) and the checks that failed; then the
totals per currency, one row each, never adding tenge to dollars. Every figure is as it stood at
the period's end: the money received and spent in the period (the overview's rows add up to the
totals), and the money since the grant's start, so labelled, up to that end, never to the day of
printing; the workbook's expenses are the period's. A4 landscape PDF with the shared
kit, or an .xlsx workbook with a sheet per table (money as numbers, the currency in its own column).

The grant reports service builds ``GrantsReport`` (labels already in the report's language) from
``grants.period``, the one source of its figures; ``render_pdf`` and ``render_xlsx`` write it.
Nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from app.i18n import N_, format_date, format_date_long, format_number, translate
from app.reports.kit import ALERT_INK, FONT, Column, PageFrame, PeriodData, TableWriter, period_frame, period_text, subheading
from app.reports.workbook import Book
from app.rules.money import format_amount

TITLE = N_("Grants report")
OVERSPENT = N_("overspent")
MARK = colors.Color(0.85, 0.12, 0.08, alpha=0.14)  # a light red behind a marked row (overspent, overdue)

OVERVIEW_COLUMNS = (
    Column(N_("No."), 0.04, "right"),
    Column(N_("Donor"), 0.22, "left"),
    Column(N_("Agreement"), 0.12, "left"),
    Column(N_("Period"), 0.14, "center"),
    Column(N_("Total"), 0.12, "right"),
    Column(N_("Received in the period"), 0.12, "right"),
    Column(N_("Spent in the period"), 0.12, "right"),
    Column(N_("Balance at the end of the period"), 0.12, "right"),
)
# Since the grant's start: up to the period's end, never to the day of printing.
SPENT_TO_END = N_("Spent from the start to the period's end")
RECEIVED_TO_END = N_("Received from the start to the period's end")
LINE_COLUMNS = (
    Column(N_("Code"), 0.07, "left"),
    Column(N_("Budget line"), 0.3, "left"),
    Column(N_("Planned"), 0.13, "right"),
    Column(N_("Spent in the period"), 0.13, "right"),
    Column(SPENT_TO_END, 0.13, "right"),
    Column(N_("Remaining"), 0.13, "right"),
    Column(N_("Mark"), 0.11, "left"),
)
TRANCHE_COLUMNS = (
    Column(N_("Planned on"), 0.2, "center"),
    Column(N_("Planned amount"), 0.3, "right"),
    Column(N_("Received on"), 0.2, "center"),
    Column(N_("Received amount"), 0.3, "right"),
)
DEADLINE_COLUMNS = (
    Column(N_("Report or notice"), 0.27, "left"),
    Column(N_("Title"), 0.33, "left"),
    Column(N_("Due"), 0.12, "center"),
    Column(N_("Submitted"), 0.12, "center"),
    Column(N_("Status"), 0.16, "left"),
)
TOTAL_COLUMNS = (
    Column(N_("Currency"), 0.1, "left"),
    Column(N_("Grants"), 0.08, "right"),
    Column(N_("Total of the grants"), 0.2, "right"),
    Column(N_("Received in the period"), 0.2, "right"),
    Column(N_("Spent in the period"), 0.2, "right"),
    Column(N_("Balance at the end of the period"), 0.22, "right"),
)


@dataclass(frozen=True)
class LineRow:
    code: str
    name: str
    planned: Decimal
    spent_in_period: Decimal
    spent: Decimal  # from the grant's start to the period's end

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def overspent(self) -> bool:
        return self.spent > self.planned


@dataclass(frozen=True)
class TrancheRow:
    planned_on: date
    planned_amount: Decimal
    received_on: date | None
    received_amount: Decimal | None


@dataclass(frozen=True)
class ExpenseRow:
    spent_on: date
    line_code: str
    amount: Decimal
    payee: str
    document_number: str
    note: str
    scan_name: str


@dataclass(frozen=True)
class DeadlineRow:
    kind: str  # in the report's language, as are status and title
    title: str
    due_on: date
    submitted_on: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class GrantSection:
    number: int  # its place in the report: 1, 2, …
    donor: str
    donor_kind: str  # in the report's language
    agreement_number: str
    agreement_date: date
    programme: str
    purpose: str
    starts_on: date
    ends_on: date
    currency: str
    total: Decimal
    mci: Decimal | None  # state grants in tenge
    size_class: str  # state grants; "" for others
    lines: tuple[LineRow, ...]
    tranches: tuple[TrancheRow, ...]
    expenses: tuple[ExpenseRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    warnings: tuple[str, ...]  # in the report's language
    received: Decimal  # in the period
    spent: Decimal  # in the period
    received_to_end: Decimal  # from the grant's start to the period's end
    spent_to_end: Decimal
    balance: Decimal  # received and not spent, at the period's end
    remaining: Decimal  # of the total, left to spend at the period's end


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    grants: int
    total: Decimal
    received: Decimal  # in the period
    spent: Decimal  # in the period
    balance: Decimal  # at the period's end


@dataclass(frozen=True)
class GrantsReport(PeriodData):
    grants: tuple[GrantSection, ...]
    totals: tuple[CurrencyTotal, ...]  # one per currency


def agreement_text(grant: GrantSection, lang: str) -> str:
    return translate("№ {number} of {date}", lang, number=grant.agreement_number,
                     date=format_date(grant.agreement_date))


def total_text(grant: GrantSection, lang: str) -> str:
    """The total, and for a state grant its MCI and size class: «5 000 000,00 ₸ (1 156,1 MCI; short…)»."""
    text = format_amount(grant.total, grant.currency, lang, written=True)
    extra = []
    if grant.mci is not None:
        mci = f"{grant.mci:,.1f}"
        mci = mci if lang == "en" else mci.replace(",", "\u00a0").replace(".", ",")
        extra.append(translate("{mci} MCI", lang, mci=mci))
    if grant.size_class:
        extra.append(grant.size_class)
    return f"{text} ({'; '.join(extra)})" if extra else text


# PDF ---------------------------------------------------------------------------------------------

def _subheading(frame: PageFrame, text: str, keep: float) -> None:
    """Smaller and closer than the kit's: a grant's tables follow each other densely."""
    subheading(frame, text, keep, size=10.5, before=6, after=3)


def _money(amount: Decimal | None, currency: str, lang: str) -> str:
    return "" if amount is None else format_amount(amount, currency, lang)


def _overview(frame: PageFrame, data: GrantsReport) -> None:
    lang = data.lang
    table = TableWriter(frame, OVERVIEW_COLUMNS, font_size=8.5)
    _subheading(frame, translate("Grants in the period: {count}", lang, count=format_number(len(data.grants), lang)),
                table.header_height + table.row_height * 2)
    for g in data.grants:
        table.row((str(g.number), f"{g.donor} ({g.donor_kind})", g.agreement_number,
                   f"{format_date(g.starts_on)} – {format_date(g.ends_on)}",
                   *(format_amount(a, g.currency, lang) for a in (g.total, g.received, g.spent, g.balance))))


def _facts(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    label = ParagraphStyle("label", fontName=FONT, fontSize=9, leading=11.5, textColor=colors.Color(0.35, 0.35, 0.35))
    value = ParagraphStyle("value", fontName=FONT, fontSize=9, leading=11.5)
    pairs = [(N_("Donor"), f"{grant.donor} ({grant.donor_kind})"), (N_("Agreement"), agreement_text(grant, lang)),
             (N_("Programme"), grant.programme),
             (N_("Period"), f"{format_date_long(grant.starts_on, lang)} — {format_date_long(grant.ends_on, lang)}"),
             (N_("Currency"), grant.currency), (N_("Grant total"), total_text(grant, lang)),
             (N_("Purpose"), grant.purpose)]
    pairs = [(translate(k, lang), v) for k, v in pairs if v]
    if len(pairs) % 2:
        pairs.append(("", ""))
    rows = [[Paragraph(escape(a), label), Paragraph(escape(b), value), Paragraph(escape(c), label),
             Paragraph(escape(d), value)] for (a, b), (c, d) in zip(pairs[::2], pairs[1::2])]
    width = frame.content_width
    table = Table(rows, colWidths=[width * 0.11, width * 0.39, width * 0.11, width * 0.39])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    frame.flow([table])


def _lines(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    table = TableWriter(frame, LINE_COLUMNS, font_size=8.5)
    _subheading(frame, translate("Budget against actual", lang), table.header_height + table.row_height * 3)
    if not grant.lines:
        frame.paragraph(translate("No budget lines are entered.", lang), size=9)
        return
    money = grant.currency
    for index, line in enumerate(grant.lines):
        last = index == len(grant.lines) - 1
        table.row((line.code, line.name, format_amount(line.planned, money, lang),
                   format_amount(line.spent_in_period, money, lang), format_amount(line.spent, money, lang),
                   format_amount(line.remaining, money, lang),
                   translate(OVERSPENT, lang) if line.overspent else ""),
                  keep_with_next=table.total_height if last else 0.0, tint=MARK if line.overspent else None)
    planned, spent = sum(line.planned for line in grant.lines), sum(line.spent for line in grant.lines)
    in_period = sum(line.spent_in_period for line in grant.lines)
    table.total((translate("Total", lang), "", format_amount(planned, money, lang),
                 format_amount(in_period, money, lang), format_amount(spent, money, lang),
                 format_amount(planned - spent, money, lang), ""))


def _tranches(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    table = TableWriter(frame, TRANCHE_COLUMNS, font_size=8.5)
    _subheading(frame, translate("Tranches", lang), table.header_height + table.row_height * 2)
    money = grant.currency
    if grant.tranches:
        for index, t in enumerate(grant.tranches):
            table.row((format_date(t.planned_on), format_amount(t.planned_amount, money, lang),
                       format_date(t.received_on), _money(t.received_amount, money, lang)),
                      keep_with_next=table.total_height if index == len(grant.tranches) - 1 else 0.0)
        planned = sum(t.planned_amount for t in grant.tranches)
        table.total((translate("Total", lang), format_amount(planned, money, lang), "",
                     format_amount(grant.received_to_end, money, lang)))
    else:
        frame.paragraph(translate("No tranches are entered.", lang), size=9)
    frame.y -= 3
    frame.paragraph(translate("In the period: received {received}, spent {spent}.", lang,
                              received=format_amount(grant.received, money, lang),
                              spent=format_amount(grant.spent, money, lang)), size=9, bold=True)
    frame.paragraph(translate("From the start of the grant to the end of the period: received {received}; spent "
                              "{spent}; balance (received and not spent): {balance}; left to spend of the total: "
                              "{remaining}.", lang,
                              received=format_amount(grant.received_to_end, money, lang),
                              spent=format_amount(grant.spent_to_end, money, lang),
                              balance=format_amount(grant.balance, money, lang),
                              remaining=format_amount(grant.remaining, money, lang)), size=9, bold=True)


def _deadlines(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    if not grant.deadlines:
        return
    table = TableWriter(frame, DEADLINE_COLUMNS, font_size=8.5)
    _subheading(frame, translate("Deadlines", lang), table.header_height + table.row_height * 2)
    for d in grant.deadlines:
        table.row((d.kind, d.title, format_date(d.due_on), format_date(d.submitted_on), d.status),
                  tint=MARK if d.overdue else None)


def _warnings(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    if not grant.warnings:
        return
    style = ParagraphStyle("warning", fontName=FONT, fontSize=9, leading=11.5, textColor=ALERT_INK,
                           leftIndent=10, bulletIndent=0, spaceAfter=1)
    _subheading(frame, translate("Warnings", lang), 24)
    frame.flow([Paragraph(escape(text), style, bulletText="•") for text in grant.warnings])


def _grant(frame: PageFrame, grant: GrantSection, lang: str) -> None:
    frame.ensure(130)
    if frame.y < frame.top:
        frame.y -= 10
        c = frame.canvas
        c.setStrokeGray(0.35)
        c.setLineWidth(0.8)
        c.line(frame.left, frame.y, frame.right, frame.y)
        frame.y -= 4
    agreement = translate("Agreement № {number} of {date}", lang, number=grant.agreement_number,
                          date=format_date(grant.agreement_date))
    frame.paragraph(f"{grant.number}. {grant.donor} — {agreement}", size=12, bold=True, space_after=4)
    _facts(frame, grant, lang)
    _lines(frame, grant, lang)
    _tranches(frame, grant, lang)
    _deadlines(frame, grant, lang)
    _warnings(frame, grant, lang)


def _totals(frame: PageFrame, data: GrantsReport) -> None:
    lang = data.lang
    table = TableWriter(frame, TOTAL_COLUMNS, font_size=9)
    frame.ensure(table.header_height + table.row_height * len(data.totals) + 40)
    frame.y -= 8
    frame.paragraph(translate("Totals by currency", lang), size=12, bold=True, space_after=2)
    frame.paragraph(translate("Each currency is summed on its own: amounts in different currencies are never "
                              "added together.", lang), size=8.5, gray=0.35)
    for t in data.totals:
        table.row((t.currency, format_number(t.grants, lang),
                   *(format_amount(a, t.currency, lang) for a in (t.total, t.received, t.spent, t.balance))))


def render_pdf(data: GrantsReport, path: str | os.PathLike) -> Path:
    """Writes the report as a PDF at ``path`` and returns the path."""
    lang = data.lang
    frame = period_frame(path, translate(TITLE, lang), data, landscape=True, space_after=8)
    if not data.grants:
        frame.paragraph(translate("No grants ran in this period.", lang), size=10.5)
        return frame.save()
    _overview(frame, data)
    _totals(frame, data)
    for grant in data.grants:
        _grant(frame, grant, lang)
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

GRANT_HEADERS = (N_("No."), N_("Donor"), N_("Kind of donor"), N_("Agreement No."), N_("Agreement date"),
                 N_("Programme"), N_("Purpose"), N_("Starts"), N_("Ends"), N_("Size class"), N_("Currency"),
                 N_("Grant total"), N_("MCI"), N_("Received in the period"), N_("Spent in the period"),
                 RECEIVED_TO_END, SPENT_TO_END, N_("Balance at the end of the period"),
                 N_("Left to spend at the end of the period"), N_("Warnings"))
GRANT_WIDTHS = (6, 34, 14, 18, 12, 30, 40, 12, 12, 22, 9, 16, 10, 16, 16, 18, 18, 18, 18, 12)
# Every table of a grant's parts starts with the grant it belongs to.
OWNER_HEADERS = (N_("No."), N_("Donor"), N_("Agreement No."))
OWNER_WIDTHS = (6, 30, 16)


def render_xlsx(data: GrantsReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a summary with the totals per currency, then a sheet
    per table, money as numbers (two decimals, the currency in its own column) and days as dates."""
    lang = data.lang
    book = Book(lang)
    put = book.put

    ws = book.summary(N_("Summary"), translate(TITLE, lang), data.district,
                      period_text(data.date_from, data.date_to, lang), data.date_from, data.date_to)
    ws.append([])
    put(ws, [translate("Totals by currency", lang)])
    ws.cell(row=ws.max_row, column=1).font = book.bold
    book.header(ws, [column.msgid for column in TOTAL_COLUMNS], (34, 10, 20, 20, 20, 22))
    for t in data.totals:
        put(ws, [t.currency, t.grants, t.total, t.received, t.spent, t.balance], money=(3, 4, 5, 6))

    ws = book.sheet(N_("Grants"), GRANT_HEADERS, GRANT_WIDTHS)
    for g in data.grants:
        put(ws, [g.number, g.donor, g.donor_kind, g.agreement_number, g.agreement_date, g.programme, g.purpose,
                 g.starts_on, g.ends_on, g.size_class, g.currency, g.total, g.mci, g.received, g.spent,
                 g.received_to_end, g.spent_to_end, g.balance, g.remaining, len(g.warnings)],
            money=(12, 14, 15, 16, 17, 18, 19), dates=(5, 8, 9), mark=bool(g.warnings),
            formats={13: "#,##0.0"} if g.mci is not None else None)

    def owner(g: GrantSection) -> list[object]:
        return [g.number, g.donor, g.agreement_number]

    ws = book.sheet(N_("Budget lines"), OWNER_HEADERS + (N_("Code"), N_("Budget line"), N_("Currency"),
                                                         N_("Planned"), N_("Spent in the period"), SPENT_TO_END,
                                                         N_("Remaining"), N_("Mark")),
                    OWNER_WIDTHS + (8, 40, 9, 16, 16, 18, 16, 14))
    for g in data.grants:
        for line in g.lines:
            put(ws, owner(g) + [line.code, line.name, g.currency, line.planned, line.spent_in_period, line.spent,
                                line.remaining, translate(OVERSPENT, lang) if line.overspent else ""],
                money=(7, 8, 9, 10), mark=line.overspent)

    ws = book.sheet(N_("Tranches"), OWNER_HEADERS + (N_("Currency"), N_("Planned on"), N_("Planned amount"),
                                                     N_("Received on"), N_("Received amount")),
                    OWNER_WIDTHS + (9, 12, 16, 12, 16))
    for g in data.grants:
        for t in g.tranches:
            put(ws, owner(g) + [g.currency, t.planned_on, t.planned_amount, t.received_on, t.received_amount],
                money=(6, 8), dates=(5, 7))

    ws = book.sheet(N_("Expenses"), OWNER_HEADERS + (N_("Date"), N_("Code"), N_("Currency"), N_("Amount"),
                                                     N_("Payee"), N_("Document No."), N_("Note"), N_("Scan")),
                    OWNER_WIDTHS + (12, 8, 9, 16, 30, 14, 30, 20))
    for g in data.grants:
        for e in g.expenses:
            put(ws, owner(g) + [e.spent_on, e.line_code, g.currency, e.amount, e.payee, e.document_number, e.note,
                                e.scan_name], money=(7,), dates=(4,))

    ws = book.sheet(N_("Deadlines"), OWNER_HEADERS + (N_("Report or notice"), N_("Title"), N_("Due"),
                                                      N_("Submitted"), N_("Status")),
                    OWNER_WIDTHS + (30, 36, 12, 12, 16))
    for g in data.grants:
        for d in g.deadlines:
            put(ws, owner(g) + [d.kind, d.title, d.due_on, d.submitted_on, d.status], dates=(6, 7), mark=d.overdue)

    ws = book.sheet(N_("Warnings"), OWNER_HEADERS + (N_("Warning"),), OWNER_WIDTHS + (90,))
    for g in data.grants:
        for text in g.warnings:
            put(ws, owner(g) + [text])
    return book.save(path)
