"""The local issues report for a period: how many issues came in and how many were resolved,
by category, village and month, the median days to resolve, a chart, and the issues still open at the
period's end (the overdue ones first). A4 portrait PDF with the shared kit, or an .xlsx workbook with
one sheet per section.

The issue reports service builds ``IssuesReport`` (names already in the report's language);
``render_pdf`` and ``render_xlsx`` write it. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
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
from app.reports.workbook import MONTH_FORMAT, Book

TITLE = N_("Local issues report")
RECEIVED = N_("Received")
RESOLVED = N_("Resolved")
REJECTED = N_("Rejected")
MEDIAN = N_("Median days to resolve")
OPEN_AT_END = N_("Open at the end of the period")
OVERDUE_AT_END = N_("Overdue at the end of the period")
BY_CATEGORY = N_("By category")
BY_VILLAGE = N_("By village")
BY_MONTH = N_("By month")

COUNT_COLUMNS = {BY_CATEGORY: N_("Category"), BY_VILLAGE: N_("Village"), BY_MONTH: N_("Month")}
OPEN_COLUMNS = (
    Column(N_("No."), 0.085, "left"),  # holds "117/2026"
    Column(N_("Title"), 0.255, "left"),
    Column(N_("Village"), 0.11, "left"),
    Column(N_("Raised"), 0.105, "center"),
    Column(N_("Due"), 0.105, "center"),
    Column(N_("Status"), 0.13, "left"),
    Column(N_("Assignee"), 0.21, "left"),
)
RECEIVED_COLOUR = colors.HexColor("#4C78A8")
RESOLVED_COLOUR = colors.HexColor("#59A14F")


@dataclass(frozen=True)
class CountRow:
    name: str  # a category or a village, in the report's language
    received: int
    resolved: int


@dataclass(frozen=True)
class MonthRow:
    month: date  # its first day
    received: int
    resolved: int

    @property
    def name(self) -> str:
        return self.month.strftime("%m.%Y")


@dataclass(frozen=True)
class OpenRow:
    label: str  # 12/2026
    title: str
    village: str
    raised_on: date
    due_on: date | None
    status: str  # its status at the period's end, in the report's language
    assignee: str


@dataclass(frozen=True)
class IssuesReport(PeriodData):
    received: int
    resolved: int
    rejected: int
    median_days: float | None
    by_category: tuple[CountRow, ...]
    by_village: tuple[CountRow, ...]
    by_month: tuple[MonthRow, ...]
    overdue: tuple[OpenRow, ...]
    other_open: tuple[OpenRow, ...]  # open at the period's end and not overdue

    @property
    def still_open(self) -> int:
        return len(self.overdue) + len(self.other_open)


median_text = decimal_text  # the summary's median days (tests import it so)


def figures(data: IssuesReport) -> tuple[tuple[str, int | float | None], ...]:
    """The summary's figures (label msgid, value), in the order both formats show them."""
    return ((RECEIVED, data.received), (RESOLVED, data.resolved), (REJECTED, data.rejected),
            (MEDIAN, data.median_days), (OPEN_AT_END, data.still_open), (OVERDUE_AT_END, len(data.overdue)))


# PDF ---------------------------------------------------------------------------------------------

def _summary(frame: PageFrame, data: IssuesReport) -> None:
    """The six figures in a row of boxes, the overdue in red when there are any."""
    lang = data.lang
    figure_boxes(frame, [Figure(translate(msgid, lang),
                                median_text(value, lang) if msgid == MEDIAN else format_number(value, lang),
                                alert=bool(msgid == OVERDUE_AT_END and value)) for msgid, value in figures(data)],
                 height=62.0)


def _legend(drawing: Drawing, lang: str, x: float, y: float) -> None:
    legend = Legend()
    legend.alignment = "right"
    legend.x, legend.y = x, y
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.dx = legend.dy = 7
    legend.fontName = FONT
    legend.fontSize = 8
    legend.colorNamePairs = [(RECEIVED_COLOUR, translate(RECEIVED, lang)),
                             (RESOLVED_COLOUR, translate(RESOLVED, lang))]
    drawing.add(legend)


def _bars(chart, rows: Sequence[CountRow | MonthRow], received_first: bool = True) -> None:
    series = [([r.received for r in rows], RECEIVED_COLOUR), ([r.resolved for r in rows], RESOLVED_COLOUR)]
    if not received_first:
        series.reverse()
    chart.data = [values for values, _ in series]
    for index, (_, colour) in enumerate(series):
        chart.bars[index].fillColor = colour
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    chart.barSpacing = 1
    chart.barLabelFormat = lambda v: str(v) if v else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.categoryNames = [r.name for r in rows]
    value_axis(chart.valueAxis, max([r.received for r in rows] + [r.resolved for r in rows] + [1]))


def _category_chart(frame: PageFrame, data: IssuesReport) -> None:
    """Received against resolved, a pair of horizontal bars per category (names read along)."""
    rows = data.by_category
    label_room = min(frame.content_width * 0.35, 12 + max(string_width(r.name, FONT, 8) for r in rows))
    height = 34 + len(rows) * 19
    drawing = Drawing(frame.content_width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 22
    chart.width, chart.height = frame.content_width - label_room - 16, height - 38
    # The first (largest) category at the top, and in each pair the received bar above the resolved.
    _bars(chart, rows, received_first=False)
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    _legend(drawing, data.lang, frame.content_width - 190, height - 4)
    draw_drawing(frame, drawing)


def _month_chart(frame: PageFrame, data: IssuesReport) -> None:
    rows = data.by_month
    height = 150.0
    drawing = Drawing(frame.content_width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 20
    chart.width, chart.height = frame.content_width - 40, height - 40
    _bars(chart, rows)
    if len(rows) > 14:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    drawing.add(chart)
    _legend(drawing, data.lang, frame.content_width - 190, height - 4)
    draw_drawing(frame, drawing)


def _count_table(frame: PageFrame, data: IssuesReport, heading: str, rows: Sequence[CountRow]) -> None:
    lang = data.lang
    table = TableWriter(frame, (Column(COUNT_COLUMNS[heading], 0.6), Column(RECEIVED, 0.2, "right"),
                                Column(RESOLVED, 0.2, "right")), font_size=9)
    subheading(frame, translate(heading, lang), table.header_height + table.row_height * 2)
    for row in rows:
        table.row((row.name, format_number(row.received, lang), format_number(row.resolved, lang)))
    table.total((translate("Total", lang), format_number(sum(r.received for r in rows), lang),
                 format_number(sum(r.resolved for r in rows), lang)))
    frame.y -= 6


def _open_cells(row: OpenRow) -> tuple[str, ...]:
    return (row.label, row.title, row.village, format_date(row.raised_on), format_date(row.due_on), row.status,
            row.assignee)


def render_pdf(data: IssuesReport, path: str | os.PathLike) -> Path:
    """Writes the report as a PDF at ``path`` and returns the path."""
    lang = data.lang
    frame = period_frame(path, translate(TITLE, lang), data)
    _summary(frame, data)
    if data.by_category:
        subheading(frame, translate("Received and resolved by category", lang), 120)
        _category_chart(frame, data)
        _count_table(frame, data, BY_CATEGORY, data.by_category)
        _count_table(frame, data, BY_VILLAGE, data.by_village)
    else:
        frame.paragraph(translate("No issues were received or resolved in this period.", lang), size=10.5)
    if len(data.by_month) > 1 and (data.received or data.resolved):
        subheading(frame, translate("Received and resolved by month", lang), 150)
        _month_chart(frame, data)

    table = TableWriter(frame, OPEN_COLUMNS)
    subheading(frame, translate(OPEN_AT_END, lang), table.header_height + table.row_height * 3)
    if not data.still_open:
        frame.paragraph(translate("No issues were open at the end of the period.", lang), size=10.5)
    for rows, msgid in ((data.overdue, N_("Overdue: {count}")), (data.other_open, N_("Not overdue: {count}"))):
        if rows:
            table.section(translate(msgid, lang, count=format_number(len(rows), lang)), map(_open_cells, rows))
            table.space(table.row_height * 0.6)
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

def render_xlsx(data: IssuesReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a summary sheet, then one sheet per table, with counts
    as numbers and days as dates, so staff can sort and sum them."""
    lang = data.lang
    book = Book(lang)
    book.summary(N_("Summary"), translate(TITLE, lang), data.district,
                 period_text(data.date_from, data.date_to, lang), data.date_from, data.date_to,
                 figures=figures(data), decimal=(MEDIAN,), widths=(42, 16))
    for msgid, rows in ((BY_CATEGORY, data.by_category), (BY_VILLAGE, data.by_village), (BY_MONTH, data.by_month)):
        ws = book.sheet(msgid, (COUNT_COLUMNS[msgid], RECEIVED, RESOLVED), (40, 14, 14))
        for row in rows:
            if msgid == BY_MONTH:
                book.put(ws, [row.month, row.received, row.resolved], formats={1: MONTH_FORMAT})
            else:
                book.put(ws, [row.name, row.received, row.resolved])
        book.put(ws, [translate("Total", lang), sum(r.received for r in rows), sum(r.resolved for r in rows)],
                 bold=True)
    for msgid, rows in ((N_("Overdue"), data.overdue), (N_("Open, not overdue"), data.other_open)):
        ws = book.sheet(msgid, [col.msgid for col in OPEN_COLUMNS], (10, 48, 18, 12, 12, 16, 24))
        for row in rows:
            book.put(ws, [row.label, row.title, row.village, row.raised_on, row.due_on, row.status, row.assignee],
                     dates=(4, 5))
    return book.save(path)
