"""The grants report: its plain data from ``grants.period`` (the one source of its figures:
each grant as it stood at the period's end, its money in the period and since its start) and the
district settings, in the report's language; ``print_grants`` writes it as a PDF or an .xlsx
workbook, chosen by the file's extension. The window's print dialog and ``auyl report grants`` call
this same function.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.i18n import format_date, local_name, translate
from app.printing.files import print_period_report, report_language
from app.reports import grants_report as report
from app.rules import money
from app.services import grants, periods, settings


def _deadline_title(deadline: grants.DeadlineView, view: grants.GrantView, lang: str) -> str:
    """A tax notice says which receipt it is about."""
    receipt = next((t for t in view.tranches if t.id == deadline.tranche_id), None)
    if deadline.title or receipt is None or receipt.received_on is None:
        return deadline.title
    return translate("receipt of {day}: {amount}", lang, day=format_date(receipt.received_on),
                     amount=money.format_amount(receipt.received_amount, view.data.currency, lang))


def _section(number: int, grant: grants.GrantInPeriod, lang: str) -> report.GrantSection:
    view = grant.view
    d = view.data
    state = view.donor_kind == "state"
    return report.GrantSection(
        number=number, donor=view.donor, donor_kind=translate(grants.DONOR_KINDS[view.donor_kind], lang),
        agreement_number=d.agreement_number, agreement_date=d.agreement_date, programme=d.programme,
        purpose=d.purpose, starts_on=d.starts_on, ends_on=d.ends_on, currency=d.currency, total=view.total,
        mci=view.mci, size_class=translate(grants.SIZE_CLASSES[view.size_class], lang) if state else "",
        lines=tuple(report.LineRow(line.code, line.name, line.planned, grant.spent_by_line.get(line.id, grants.ZERO),
                                   line.spent) for line in view.lines),
        tranches=tuple(report.TrancheRow(t.planned_on, t.planned_amount, t.received_on, t.received_amount)
                       for t in view.tranches),
        expenses=tuple(report.ExpenseRow(e.spent_on, e.line_code, e.amount, e.payee, e.document_number, e.note,
                                         e.scan_name) for e in grant.expenses),
        deadlines=tuple(report.DeadlineRow(translate(grants.DEADLINE_KINDS[x.kind], lang),
                                           _deadline_title(x, view, lang), x.due_on,
                                           x.submitted_on, translate(grants.DEADLINE_STATUSES[x.status], lang),
                                           x.status == "overdue") for x in view.deadlines),
        warnings=tuple(w.text(lang) for w in view.warnings),
        received=grant.received, spent=grant.spent, received_to_end=view.received, spent_to_end=view.spent,
        balance=view.balance, remaining=view.remaining)


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> report.GrantsReport:
    report_language(lang)
    figures = grants.period(periods.of(date_from, date_to, today))
    district = settings.load()
    counts: dict[str, int] = {}
    for grant in figures.grants:
        counts[grant.view.data.currency] = counts.get(grant.view.data.currency, 0) + 1
    zero = grants.ZERO
    totals = tuple(report.CurrencyTotal(currency, counts[currency], total, figures.received.get(currency, zero),
                                        figures.spent.get(currency, zero), figures.balance.get(currency, zero))
                   for currency, total in figures.totals.items())
    return report.GrantsReport(
        lang=lang, printed_on=figures.span.today,
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        date_from=date_from, date_to=date_to,
        grants=tuple(_section(number, grant, lang) for number, grant in enumerate(figures.grants, start=1)),
        totals=totals)


def print_grants(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(report, lambda: report_data(date_from, date_to, lang), path)
