"""The events report for a period: the events held by kind, the people registered and those
who came (the attendance rate), the hours each room was booked (events and meetings) with a bar
chart, and the list of the events. A4 portrait PDF with the shared kit, or an .xlsx workbook with one
sheet per section.

The event reports service builds ``EventsReport`` (names already in the report's language);
``render_pdf`` and ``render_xlsx`` write it. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from app.i18n import N_, format_date, format_number, translate
from app.reports.kit import (
    FONT,
    Column,
    Figure,
    PageFrame,
    PeriodData,
    TableWriter,
    decimal_text,
    draw_drawing,
    figure_boxes,
    period_frame,
    period_text,
    string_width,
    subheading,
    value_axis,
)
from app.reports.workbook import DATETIME_FORMAT, Book

TITLE = N_("Events report")
HELD = N_("Events held")
REGISTERED = N_("Registered")
ATTENDED = N_("Attended")
RATE = N_("Attendance, %")
ROOM_HOURS = N_("Room hours booked")
BY_KIND = N_("Events by kind")
ROOM_USE = N_("Room use")
EVENTS = N_("Events")

KIND_COLUMNS = (Column(N_("Kind"), 0.36), Column(HELD, 0.16, "right"), Column(REGISTERED, 0.16, "right"),
                Column(ATTENDED, 0.16, "right"), Column(RATE, 0.16, "right"))
# An event in two rooms is booked in each: the rooms' columns count bookings, which may add up to more
# than the events held.
EVENT_BOOKINGS = N_("Bookings by events")
MEETING_BOOKINGS = N_("Bookings by meetings")
BOOKINGS_NOTE = N_("An event or a meeting in several rooms is a booking of each of them.")
ROOM_COLUMNS = (Column(N_("Room"), 0.5), Column(EVENT_BOOKINGS, 0.15, "right"), Column(MEETING_BOOKINGS, 0.15, "right"),
                Column(N_("Hours"), 0.2, "right"))
EVENT_COLUMNS = (
    Column(N_("Date"), 0.1, "center"),
    Column(N_("Time"), 0.11, "center"),
    Column(N_("Title"), 0.31, "left"),
    Column(N_("Kind"), 0.1, "left"),
    Column(N_("Rooms"), 0.24, "left"),
    Column(N_("Registered / attended"), 0.13, "right"),
)
BAR_COLOUR = colors.HexColor("#4C78A8")


@dataclass(frozen=True)
class KindRow:
    name: str  # the kind in the report's language
    held: int
    registered: int
    attended: int


@dataclass(frozen=True)
class RoomUse:
    name: str
    hours: float
    events: int = 0  # the period's held events that booked it
    meetings: int = 0  # the period's meetings that booked it


@dataclass(frozen=True)
class EventLine:
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str  # in the report's language
    rooms: str
    registered: int
    attended: int


@dataclass(frozen=True)
class EventsReport(PeriodData):
    by_kind: tuple[KindRow, ...]
    rooms: tuple[RoomUse, ...]
    events: tuple[EventLine, ...]

    @property
    def held(self) -> int:
        return sum(r.held for r in self.by_kind)

    @property
    def registered(self) -> int:
        return sum(r.registered for r in self.by_kind)

    @property
    def attended(self) -> int:
        return sum(r.attended for r in self.by_kind)

    @property
    def hours(self) -> float:
        return round(sum(r.hours for r in self.rooms), 2)


def rate(attended: int, registered: int) -> float | None:
    """The share of the registered who came, in per cent to one decimal; None when nobody registered."""
    return round(100 * attended / registered, 1) if registered else None


def figures(data: EventsReport) -> tuple[tuple[str, int | float | None], ...]:
    """The summary's figures (label msgid, value), in the order both formats show them."""
    return ((HELD, data.held), (REGISTERED, data.registered), (ATTENDED, data.attended),
            (RATE, rate(data.attended, data.registered)), (ROOM_HOURS, data.hours))


def _figure_text(msgid: str, value: int | float | None, lang: str) -> str:
    return decimal_text(value, lang) if msgid in (RATE, ROOM_HOURS) else format_number(value, lang)


def _time_text(line: EventLine) -> str:
    end = line.ends_at.strftime("%H:%M")
    if line.ends_at.date() != line.starts_at.date():
        end = f"{format_date(line.ends_at.date())[:5]} {end}"
    return f"{line.starts_at:%H:%M}–{end}"


# PDF ---------------------------------------------------------------------------------------------

def _summary(frame: PageFrame, data: EventsReport) -> None:
    figure_boxes(frame, [Figure(translate(msgid, data.lang), _figure_text(msgid, value, data.lang))
                         for msgid, value in figures(data)])


def _room_chart(frame: PageFrame, data: EventsReport) -> None:
    """Hours per room, one horizontal bar each, the hours written at the bar's end."""
    rows = data.rooms
    label_room = min(frame.content_width * 0.35, 12 + max(string_width(r.name, FONT, 8) for r in rows))
    height = 30 + len(rows) * 20
    drawing = Drawing(frame.content_width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 20
    chart.width, chart.height = frame.content_width - label_room - 30, height - 28
    chart.data = [[r.hours for r in rows]]
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars.strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 6
    chart.barLabelFormat = lambda v: decimal_text(v, data.lang) if v else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.categoryAxis.categoryNames = [r.name for r in rows]
    chart.categoryAxis.reverseDirection = 1  # the first room at the top, as in the table
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    highest = max([r.hours for r in rows] + [1])
    value_axis(chart.valueAxis, math.ceil(highest))
    # Hours read best in round steps: 1, 2, 5, 10, 20, 25, 50, 100…
    step = next(n * 10 ** e for e in range(6) for n in (1, 2, 2.5, 5) if n * 10 ** e >= highest / 6)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * math.ceil(highest / step)
    # Whole steps read as whole numbers; steps of 2,5 each with its decimal.
    chart.valueAxis.labelTextFormat = (lambda v: decimal_text(v, data.lang)) if step % 1 else (
        lambda v: format_number(round(v), data.lang))
    drawing.add(chart)
    draw_drawing(frame, drawing)


def _event_cells(line: EventLine, lang: str) -> tuple[str, ...]:
    return (format_date(line.starts_at.date()), _time_text(line), line.title, line.kind, line.rooms,
            f"{format_number(line.registered, lang)} / {format_number(line.attended, lang)}")


def render_pdf(data: EventsReport, path: str | os.PathLike) -> Path:
    """Writes the report as a PDF at ``path`` and returns the path."""
    lang = data.lang
    frame = period_frame(path, translate(TITLE, lang), data)
    _summary(frame, data)

    table = TableWriter(frame, KIND_COLUMNS, font_size=9)
    subheading(frame, translate(BY_KIND, lang), table.header_height + table.row_height * 2)
    if data.by_kind:
        for row in data.by_kind:
            table.row((row.name, format_number(row.held, lang), format_number(row.registered, lang),
                       format_number(row.attended, lang), decimal_text(rate(row.attended, row.registered), lang)))
        table.total((translate("Total", lang), format_number(data.held, lang), format_number(data.registered, lang),
                     format_number(data.attended, lang), decimal_text(rate(data.attended, data.registered), lang)))
    else:
        frame.paragraph(translate("No events were held in this period.", lang), size=10.5)
    frame.y -= 6

    if data.rooms:
        subheading(frame, translate("Room use, hours", lang), 60 + 20 * len(data.rooms))
        _room_chart(frame, data)
        table = TableWriter(frame, ROOM_COLUMNS, font_size=9)
        for room in data.rooms:
            table.row((room.name, format_number(room.events, lang), format_number(room.meetings, lang),
                       decimal_text(room.hours, lang)))
        table.total((translate("Total", lang), format_number(sum(r.events for r in data.rooms), lang),
                     format_number(sum(r.meetings for r in data.rooms), lang), decimal_text(data.hours, lang)))
        frame.y -= 3
        frame.paragraph(translate(BOOKINGS_NOTE, lang), size=8.5, gray=0.35)
        frame.y -= 3

    if data.events:
        table = TableWriter(frame, EVENT_COLUMNS)
        subheading(frame, translate("The events", lang), table.header_height + table.row_height * 3)
        for event in data.events:
            table.row(_event_cells(event, lang))
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

def render_xlsx(data: EventsReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a summary sheet, then one sheet per section, with
    counts and hours as numbers and the events' times as date-times, so staff can sort and sum them."""
    lang = data.lang
    book = Book(lang)
    book.summary(N_("Summary"), translate(TITLE, lang), data.district,
                 period_text(data.date_from, data.date_to, lang), data.date_from, data.date_to,
                 figures=figures(data), decimal=(RATE, ROOM_HOURS), widths=(42, 16))

    ws = book.sheet(BY_KIND, [col.msgid for col in KIND_COLUMNS], (36, 12, 12, 12, 14))
    for row in data.by_kind:
        book.put(ws, [row.name, row.held, row.registered, row.attended, rate(row.attended, row.registered)])
    book.put(ws, [translate("Total", lang), data.held, data.registered, data.attended,
                  rate(data.attended, data.registered)], bold=True)

    ws = book.sheet(ROOM_USE, [col.msgid for col in ROOM_COLUMNS], (32, 12, 12, 12))
    hours = {4: "0.0#"}
    for room in data.rooms:
        book.put(ws, [room.name, room.events, room.meetings, room.hours], formats=hours)
    book.put(ws, [translate("Total", lang), sum(r.events for r in data.rooms), sum(r.meetings for r in data.rooms),
                  data.hours], formats=hours, bold=True)

    ws = book.sheet(EVENTS, (N_("Starts"), N_("Ends"), N_("Title"), N_("Kind"), N_("Rooms"), REGISTERED, ATTENDED),
                    (17, 17, 48, 18, 28, 12, 12))
    for event in data.events:
        book.put(ws, [event.starts_at, event.ends_at, event.title, event.kind, event.rooms, event.registered,
                      event.attended], formats={1: DATETIME_FORMAT, 2: DATETIME_FORMAT})
    return book.save(path)
