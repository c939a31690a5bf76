"""The local issues report: its plain data from ``local_issues.period`` (the one source of its
figures), the district settings and the villages, in the report's language; ``print_issues`` writes it
as a PDF or an .xlsx workbook, chosen by the file's extension. The window's print dialog and
``auyl report issues`` call this same function.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.i18n import local_name, translate
from app.printing.files import print_period_report, report_language
from app.reports import issues_report
from app.rules.bilingual import title_in
from app.services import local_issues, periods, settings


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> issues_report.IssuesReport:
    report_language(lang)
    figures = local_issues.period(periods.of(date_from, date_to, today))
    district = settings.load()
    villages = {v.id: local_name(v.name_kk, v.name_ru, lang) for v in settings.villages()}
    no_village = translate("No village given", lang)

    def village(village_id: int | None) -> str:
        return villages.get(village_id, no_village) if village_id is not None else no_village

    categories = sorted(set(figures.received_by_category) | set(figures.resolved_by_category),
                        key=lambda c: (-figures.received_by_category.get(c, 0),
                                       -figures.resolved_by_category.get(c, 0), c))
    by_village = sorted(set(figures.received_by_village) | set(figures.resolved_by_village),
                        key=lambda v: (-figures.received_by_village.get(v, 0),
                                       -figures.resolved_by_village.get(v, 0), v is None, village(v)))

    def open_row(row: local_issues.IssueRow) -> issues_report.OpenRow:
        status = figures.status_at_end.get(row.id, row.status)
        return issues_report.OpenRow(row.label, row.title, local_name(row.village_kk, row.village_ru, lang)
                                     if row.village_kk or row.village_ru else "", row.raised_on, row.due_on,
                                     translate(local_issues.STATUSES[status], lang), row.assignee)

    overdue_ids = {row.id for row in figures.overdue}
    return issues_report.IssuesReport(
        lang=lang, printed_on=figures.span.today,
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        date_from=date_from, date_to=date_to, received=figures.received, resolved=figures.resolved,
        rejected=figures.rejected, median_days=figures.median_days_to_resolve,
        by_category=tuple(issues_report.CountRow(title_in(c, lang), figures.received_by_category.get(c, 0),
                                                 figures.resolved_by_category.get(c, 0)) for c in categories),
        by_village=tuple(issues_report.CountRow(village(v), figures.received_by_village.get(v, 0),
                                                figures.resolved_by_village.get(v, 0)) for v in by_village),
        by_month=tuple(issues_report.MonthRow(month, count, figures.resolved_by_month.get(month, 0))
                       for month, count in figures.received_by_month.items()),
        overdue=tuple(open_row(row) for row in figures.overdue),
        other_open=tuple(open_row(row) for row in figures.still_open if row.id not in overdue_ids))


def print_issues(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(issues_report, lambda: report_data(date_from, date_to, lang), path)
