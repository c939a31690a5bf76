"""The centre's activity report for the akimat: its plain data from ``activity.period``, whose
every section is its own area's period figures (so each number equals that area's report for the same
period), in the report's language; ``print_activity`` writes it as a PDF or an .xlsx workbook, chosen by
the file's extension. The window's dialog and ``auyl report activity`` call this same function.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.i18n import local_name, translate
from app.printing import appeals
from app.printing.events import kinds_and_rooms, room_titles
from app.printing.files import print_period_report, report_language
from app.reports import activity_report as report
from app.rules.bilingual import title_in
from app.services import access, activity, meetings, periods, settings
from app.services.grants import ZERO


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def period_name(date_from: date, date_to: date, lang: str) -> str:
    """«2026 жылғы 1-тоқсан», «2026 жыл» when the period is a whole quarter or year, else ""."""
    year = date_from.year
    if (date_from, date_to) == (date(year, 1, 1), date(year, 12, 31)):
        return translate("Year {year}", lang, year=year)
    for number in range(1, 5):
        if (date_from, date_to) == activity.quarter(year, number):
            return translate("Quarter {quarter} of {year}", lang, quarter=number, year=year)
    return ""


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> report.ActivityReport:
    report_language(lang)
    span = periods.of(date_from, date_to, today)
    figures = activity.period(span)
    community, held, issues, money, happened = (figures.members, figures.meetings, figures.issues, figures.grants,
                                                figures.events)

    statuses = ("in_progress", "overdue", "done", "rejected")  # the akim's answers: waited for, late, then settled
    categories = sorted(set(issues.received_by_category) | set(issues.resolved_by_category),
                        key=lambda c: (-issues.received_by_category.get(c, 0),
                                       -issues.resolved_by_category.get(c, 0), c))
    grant_counts: dict[tuple[str, str], int] = {}
    currency_counts: dict[str, int] = {}
    for view in (g.view for g in money.grants):
        grant_counts[view.donor, view.data.currency] = grant_counts.get((view.donor, view.data.currency), 0) + 1
        currency_counts[view.data.currency] = currency_counts.get(view.data.currency, 0) + 1
    district = settings.load()
    kinds, rooms = kinds_and_rooms(happened, district)
    titles = room_titles(lang)
    signed_in = access.current()  # who prepared the report; none in an office without sign-in

    return report.ActivityReport(
        lang=lang, printed_on=span.today,
        district=local_name(figures.district_kk, figures.district_ru, lang),
        centre=local_name(figures.centre_kk, figures.centre_ru, lang),
        date_from=date_from, date_to=date_to, period_name=period_name(date_from, date_to, lang),
        residents=community.residents, joined=community.joined,
        villages=tuple(report.VillageRow(local_name(v.name_kk, v.name_ru, lang), v.residents, v.joined, v.moved_away,
                                         v.died) for v in community.villages),
        meetings_held=held.held,
        meeting_kinds=tuple(report.CountRow(_capital(translate(meetings.KINDS[kind], lang)),
                                            held.held_by_kind.get(kind, 0)) for kind in meetings.KINDS),
        with_quorum=held.with_quorum, present=held.present, entitled=held.entitled,
        decisions=held.decisions,
        decision_statuses=tuple(report.CountRow(_capital(translate(meetings.DECISION_STATUSES[s], lang)),
                                                held.decisions_by_status.get(s, 0)) for s in statuses),
        answered=held.answered,
        received=issues.received, resolved=issues.resolved, rejected=issues.rejected,
        median_days=issues.median_days_to_resolve, still_open=len(issues.still_open), overdue=len(issues.overdue),
        categories=tuple(report.CategoryRow(title_in(c, lang), issues.received_by_category.get(c, 0),
                                            issues.resolved_by_category.get(c, 0)) for c in categories),
        grants=len(money.grants),
        currencies=tuple(report.CurrencyRow(currency, currency_counts[currency], total,
                                            money.received.get(currency, ZERO), money.spent.get(currency, ZERO),
                                            money.balance.get(currency, ZERO))
                         for currency, total in money.totals.items()),
        donors=tuple(report.DonorRow(donor, currency, grant_counts[donor, currency], received,
                                     money.spent_by_donor[donor, currency], money.balance_by_donor[donor, currency])
                     for (donor, currency), received in money.received_by_donor.items()),
        events_held=happened.events_held,
        event_kinds=tuple(report.KindRow(title_in(k, lang), happened.events_by_kind[k],
                                         happened.registered_by_kind.get(k, 0), happened.attended_by_kind.get(k, 0))
                          for k in kinds),
        rooms=tuple(report.RoomRow(titles.get(name, name), happened.room_events.get(name, 0), happened.room_meetings.get(name, 0),
                                   happened.room_hours.get(name, 0.0)) for name in rooms),
        # The appeals report's own data for the same period and day: the same figures by construction.
        appeals=appeals.report_data(date_from, date_to, lang, span.today),
        head=district.centre_head, prepared_by=signed_in.full_name if signed_in else "",
        phone=district.centre_phone)


def print_activity(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(report, lambda: report_data(date_from, date_to, lang), path)
