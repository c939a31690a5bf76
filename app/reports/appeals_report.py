"""The appeals report for a period (received by kind, channel and village; answered on time, late,
sent on, still open at the period's end; the median days to an answer), as a PDF or an .xlsx workbook,
and the register of the appeals registered in a period (the office's own, with the applicants' names).

The report carries figures only, no names (docs/domain.md, Personal data). ``app.printing.appeals``
builds the data from the appeals service's period functions; nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.i18n import N_, format_date, format_datetime, format_number, translate
from app.reports.kit import (
    Column,
    Figure,
    PeriodData,
    TableWriter,
    decimal_text,
    figure_boxes,
    period_frame,
    period_text,
    subheading,
)
from app.reports.workbook import DATETIME_FORMAT, Book

TITLE = N_("Appeals report")
REGISTER_TITLE = N_("Register of appeals")
RECEIVED = N_("Received")
ON_TIME = N_("Answered on time")
LATE = N_("Answered late")
SENT_ON = N_("Sent on to other bodies")
STILL_OPEN = N_("Open at the end of the period")
OVERDUE = N_("Overdue at the end of the period")
MEDIAN = N_("Median days to an answer")
BY_KIND, BY_CHANNEL, BY_VILLAGE = N_("By kind"), N_("By channel"), N_("By village")
COUNT_COLUMNS = {BY_KIND: N_("Kind"), BY_CHANNEL: N_("How it came"), BY_VILLAGE: N_("Village")}
REGISTER_COLUMNS = (
    Column(N_("No."), 0.07, "left"),
    Column(N_("Received"), 0.1, "center"),
    Column(N_("Applicant"), 0.15, "left"),
    Column(N_("Kind"), 0.1, "left"),
    Column(N_("How it came"), 0.1, "left"),
    Column(N_("Addressed to"), 0.12, "left"),
    Column(N_("Due"), 0.08, "center"),
    Column(N_("Status"), 0.12, "left"),
    Column(N_("Answered"), 0.08, "center"),
    Column(N_("Result or body"), 0.12, "left"),
)

@dataclass(frozen=True)
class CountRow:
    name: str  # a kind, a channel or a village, in the report's language
    count: int

@dataclass(frozen=True)
class AppealsReport(PeriodData):
    received: int
    answered_on_time: int
    answered_late: int
    sent_on: int
    still_open: int
    overdue: int
    median_days: float | None
    by_kind: tuple[CountRow, ...]
    by_channel: tuple[CountRow, ...]
    by_village: tuple[CountRow, ...]

@dataclass(frozen=True)
class RegisterLine:
    label: str
    received_at: datetime
    applicant: str
    kind: str
    channel: str
    addressed_to: str
    due: date | None
    status: str
    answered_on: date | None
    outcome: str  # the result of the answer, or the body it was sent on to

@dataclass(frozen=True)
class AppealsRegister(PeriodData):
    rows: tuple[RegisterLine, ...]

def figures(data: AppealsReport) -> tuple[tuple[str, int | float | None], ...]:
    """The summary's figures (label msgid, value), in the order both formats show them."""
    return ((RECEIVED, data.received), (ON_TIME, data.answered_on_time), (LATE, data.answered_late),
            (SENT_ON, data.sent_on), (STILL_OPEN, data.still_open), (OVERDUE, data.overdue),
            (MEDIAN, data.median_days))

def _tables(data: AppealsReport):
    return ((BY_KIND, data.by_kind), (BY_CHANNEL, data.by_channel), (BY_VILLAGE, data.by_village))

def render_pdf(data: AppealsReport, path: str | os.PathLike) -> Path:
    lang = data.lang
    frame = period_frame(path, translate(TITLE, lang), data)
    figure_boxes(frame, [Figure(translate(msgid, lang),
                                decimal_text(value, lang) if msgid == MEDIAN else format_number(value, lang),
                                alert=bool(msgid in (LATE, OVERDUE) and value)) for msgid, value in figures(data)],
                 per_row=4, height=62.0)
    if not data.received:
        frame.paragraph(translate("No appeals were received in this period.", lang), size=10.5)
    for heading, rows in _tables(data):
        if not rows:
            continue
        table = TableWriter(frame, (Column(COUNT_COLUMNS[heading], 0.75), Column(RECEIVED, 0.25, "right")),
                            font_size=9)
        subheading(frame, translate(heading, lang), table.header_height + table.row_height * 2)
        for row in rows:
            table.row((row.name, format_number(row.count, lang)))
        table.total((translate("Total", lang), format_number(sum(r.count for r in rows), lang)))
        frame.y -= 6
    return frame.save()

def render_xlsx(data: AppealsReport, path: str | os.PathLike) -> Path:
    lang = data.lang
    book = Book(lang)
    book.summary(N_("Summary"), translate(TITLE, lang), data.district,
                 period_text(data.date_from, data.date_to, lang), data.date_from, data.date_to,
                 figures=figures(data), decimal=(MEDIAN,), widths=(42, 16))
    for heading, rows in _tables(data):
        ws = book.sheet(heading, (COUNT_COLUMNS[heading], RECEIVED), (40, 14))
        for row in rows:
            book.put(ws, [row.name, row.count])
        book.put(ws, [translate("Total", lang), sum(r.count for r in rows)], bold=True)
    return book.save(path)

def _register_cells(row: RegisterLine) -> list:
    return [row.label, row.received_at, row.applicant, row.kind, row.channel, row.addressed_to, row.due, row.status,
            row.answered_on, row.outcome]


def render_register_xlsx(data: AppealsRegister, path: str | os.PathLike) -> Path:
    """The register as a workbook: its title, district and period above the columns of the PDF, dates
    as dates, the header row frozen and repeated on every printed page."""
    from openpyxl.styles import Font

    lang = data.lang
    book = Book(lang)
    ws = book.book.active
    book.name(ws, REGISTER_TITLE)
    for line in (translate(REGISTER_TITLE, lang), data.district, period_text(data.date_from, data.date_to, lang)):
        book.put(ws, [line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    book.header(ws, [column.msgid for column in REGISTER_COLUMNS], (9, 16, 28, 14, 16, 22, 11, 16, 11, 22))
    ws.freeze_panes = f"A{ws.max_row + 1}"
    for row in data.rows:
        book.put(ws, _register_cells(row), dates=(7, 9), formats={2: DATETIME_FORMAT})
    if data.rows:
        book.put(ws, [translate("Appeals: {count}", lang, count=format_number(len(data.rows), lang))], bold=True)
    else:
        book.put(ws, [translate("No appeals were received in this period.", lang)])
    return book.save(path)


def render_register(data: AppealsRegister, path: str | os.PathLike) -> Path:
    """The register as a landscape PDF, one row per appeal in its order of registration."""
    lang = data.lang
    frame = period_frame(path, translate(REGISTER_TITLE, lang), data, landscape=True)
    if not data.rows:
        frame.paragraph(translate("No appeals were received in this period.", lang), size=10.5)
    table = TableWriter(frame, REGISTER_COLUMNS)
    for row in data.rows:
        table.row((row.label, format_datetime(row.received_at), row.applicant, row.kind, row.channel,
                   row.addressed_to, format_date(row.due), row.status, format_date(row.answered_on), row.outcome))
    if data.rows:
        table.total(translate("Appeals: {count}", lang, count=format_number(len(data.rows), lang)))
    return frame.save()
