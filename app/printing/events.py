"""The events report: its plain data from ``events.period`` (the one source of its figures),
the district settings and the rooms, in the report's language; ``print_events`` writes it as a PDF or
an .xlsx workbook, chosen by the file's extension. The window's print dialog and
``auyl report events`` call this same function.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.i18n import local_name
from app.printing.files import print_period_report, report_language
from app.reports import events_report
from app.rules.bilingual import title_in
from app.services import events, periods, settings


def kinds_and_rooms(figures: events.EventsPeriod, district: settings.DistrictSettings) -> tuple[list[str], list[str]]:
    """The order a period's events are shown in, by kind and by room: the district's kinds in their
    order, then any kind no longer in the list; every room events may book, used or not, then any other
    room that was booked (a meeting's)."""
    listed = events.kinds(district)
    kinds = sorted(figures.events_by_kind, key=lambda k: (listed.index(k) if k in listed else len(listed), k))
    rooms = [r.name for r in settings.rooms(include_inactive=False) if r.bookable]
    rooms += [name for name in figures.room_hours if name not in rooms]
    return kinds, rooms


def room_titles(lang: str) -> dict[str, str]:
    """A room's name, as the figures key it, in the paper's language (its Russian name on a Russian paper)."""
    return {r.name: local_name(r.name, r.name_ru or r.name, lang) for r in settings.rooms(include_inactive=True)}


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> events_report.EventsReport:
    report_language(lang)
    span = periods.of(date_from, date_to, today)
    figures = events.period(span)
    district = settings.load()
    kinds, names = kinds_and_rooms(figures, district)
    titles = room_titles(lang)
    return events_report.EventsReport(
        lang=lang, printed_on=span.today,
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        date_from=date_from, date_to=date_to,
        by_kind=tuple(events_report.KindRow(title_in(k, lang), figures.events_by_kind[k],
                                            figures.registered_by_kind.get(k, 0), figures.attended_by_kind.get(k, 0))
                      for k in kinds),
        rooms=tuple(events_report.RoomUse(titles.get(name, name), figures.room_hours.get(name, 0.0), figures.room_events.get(name, 0),
                                          figures.room_meetings.get(name, 0)) for name in names),
        events=tuple(events_report.EventLine(row.starts_at, row.ends_at, row.title, title_in(row.kind, lang),
                                             row.rooms, row.registered, row.attended) for row in figures.events))


def print_events(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(events_report, lambda: report_data(date_from, date_to, lang), path)
