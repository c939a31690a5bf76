"""The local issues report for a period (issue 6): how many issues came in and how many were resolved,
by category, village and month, the median days to resolve, a chart, and the issues still open at the
period's end (the overdue ones first). A4 portrait PDF with the shared kit, or an .xlsx workbook with
one sheet per section.

The issue reports service builds ``IssuesReport`` (names already in the report's language);
``render_pdf`` and ``render_xlsx`` write it. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph

from app.i18n import N_, format_date, format_date_long, format_number, translate
from app.reports.kit import FONT, FONT_BOLD, Column, PageFrame, TableWriter, fit_text, string_width

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
class IssuesReport:
    lang: str
    printed_on: date
    district: str
    date_from: date
    date_to: date
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


def median_text(value: float | None, lang: str) -> str:
    """12, or 12.5 as each language writes it (12,5 in kk and ru); a dash when nothing was resolved."""
    if value is None:
        return "—"
    if value == int(value):
        return format_number(int(value), lang)
    text = f"{value:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def period_text(data: IssuesReport) -> str:
    return translate("Period: {start} — {end}", data.lang, start=format_date_long(data.date_from, data.lang),
                     end=format_date_long(data.date_to, data.lang))


def figures(data: IssuesReport) -> tuple[tuple[str, int | float | None], ...]:
    """The summary's figures (label msgid, value), in the order both formats show them."""
    return ((RECEIVED, data.received), (RESOLVED, data.resolved), (REJECTED, data.rejected),
            (MEDIAN, data.median_days), (OPEN_AT_END, data.still_open), (OVERDUE_AT_END, len(data.overdue)))


# PDF ---------------------------------------------------------------------------------------------

def _summary(frame: PageFrame, data: IssuesReport) -> None:
    """The six figures in a row of boxes: the number large, its label below."""
    lang, c = data.lang, frame.canvas
    items = figures(data)
    gap = 6.0
    width = (frame.content_width - gap * (len(items) - 1)) / len(items)
    height = 62.0
    frame.ensure(height + 10)
    top = frame.y
    for index, (msgid, value) in enumerate(items):
        left = frame.left + index * (width + gap)
        overdue = msgid == OVERDUE_AT_END and value
        c.setFillColor(colors.HexColor("#FBE9E7") if overdue else colors.Color(0.95, 0.95, 0.95))
        c.setStrokeColor(colors.Color(0.78, 0.78, 0.78))
        c.setLineWidth(0.5)
        c.roundRect(left, top - height, width, height, 4, stroke=1, fill=1)
        c.setFillColor(colors.HexColor("#B3261E") if overdue else colors.black)
        c.setFont(FONT_BOLD, 18)
        number = median_text(value, lang) if msgid == MEDIAN else format_number(value, lang)
        c.drawCentredString(left + width / 2, top - 24, number)
        c.setFillGray(0.25)
        c.setFont(FONT, 7.5)
        for i, line in enumerate(simpleSplit(translate(msgid, lang), FONT, 7.5, width - 8)[:3]):
            c.drawCentredString(left + width / 2, top - 36 - i * 9, fit_text(line, width - 6, FONT, 7.5))
    frame.y = top - height - 12


def _value_axis(axis, highest: int) -> None:
    step = max(1, math.ceil(highest / 6))
    axis.valueMin = 0
    axis.valueMax = max(step, step * math.ceil(highest / step))
    axis.valueStep = step
    axis.labels.fontName = FONT
    axis.labels.fontSize = 7.5
    axis.labelTextFormat = "%d"
    axis.visibleGrid = 1
    axis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    axis.gridStrokeWidth = 0.3


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
    _value_axis(chart.valueAxis, max([r.received for r in rows] + [r.resolved for r in rows] + [1]))


def _draw(frame: PageFrame, drawing: Drawing) -> None:
    frame.ensure(drawing.height + 6)
    renderPDF.draw(drawing, frame.canvas, frame.left, frame.y - drawing.height)
    frame.y -= drawing.height + 6


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
    _draw(frame, drawing)


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
    _draw(frame, drawing)


def _subheading(frame: PageFrame, text: str, keep: float) -> None:
    frame.ensure(keep + 24)
    frame.y -= 8
    frame.paragraph(text, size=11.5, bold=True, space_after=4)


def _count_table(frame: PageFrame, data: IssuesReport, heading: str, rows: Sequence[CountRow]) -> None:
    lang = data.lang
    table = TableWriter(frame, (Column(COUNT_COLUMNS[heading], 0.6), Column(RECEIVED, 0.2, "right"),
                                Column(RESOLVED, 0.2, "right")), font_size=9)
    _subheading(frame, translate(heading, lang), table.header_height + table.row_height * 2)
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
    title = translate(TITLE, lang)
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=lang,
                      subject=title, keywords=data.district)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER,
                             spaceAfter=2)
    line = ParagraphStyle("line", fontName=FONT, fontSize=10.5, leading=14, alignment=TA_CENTER, spaceAfter=1)
    frame.flow([Paragraph(escape(title), heading), Paragraph(escape(data.district), line),
                Paragraph(escape(period_text(data)), ParagraphStyle("period", parent=line, spaceAfter=12))])
    _summary(frame, data)
    if data.by_category:
        _subheading(frame, translate("Received and resolved by category", lang), 120)
        _category_chart(frame, data)
        _count_table(frame, data, BY_CATEGORY, data.by_category)
        _count_table(frame, data, BY_VILLAGE, data.by_village)
    else:
        frame.paragraph(translate("No issues were received or resolved in this period.", lang), size=10.5)
    if len(data.by_month) > 1 and (data.received or data.resolved):
        _subheading(frame, translate("Received and resolved by month", lang), 150)
        _month_chart(frame, data)

    table = TableWriter(frame, OPEN_COLUMNS)
    _subheading(frame, translate(OPEN_AT_END, lang), table.header_height + table.row_height * 3)
    if not data.still_open:
        frame.paragraph(translate("No issues were open at the end of the period.", lang), size=10.5)
    for rows, msgid in ((data.overdue, N_("Overdue: {count}")), (data.other_open, N_("Not overdue: {count}"))):
        if rows:
            table.section(translate(msgid, lang, count=format_number(len(rows), lang)), map(_open_cells, rows))
            table.space(table.row_height * 0.6)
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

SHEET_NAME_FORBIDDEN = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def _sheet_name(text: str) -> str:
    return text.translate(SHEET_NAME_FORBIDDEN).strip()[:31]


def render_xlsx(data: IssuesReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a summary sheet, then one sheet per table, with counts
    as numbers and days as dates, so staff can sort and sum them."""
    from openpyxl import Workbook  # loaded on first use: it costs start-up time
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = data.lang
    book = Workbook()
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="E6E6E6")

    def sheet(title_msgid: str, headers: Sequence[str], widths: Sequence[int], first: bool = False):
        ws = book.active if first else book.create_sheet()
        ws.title = _sheet_name(translate(title_msgid, lang))
        for index, (header, width) in enumerate(zip(headers, widths), start=1):
            cell = ws.cell(row=1, column=index, value=translate(header, lang))
            cell.font, cell.fill = bold, shade
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        return ws

    ws = book.active
    ws.title = _sheet_name(translate("Summary", lang))
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 16
    ws.append([translate(TITLE, lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([data.district])
    ws.append([period_text(data)])
    ws.append([])
    for label, value in ((translate("From", lang), data.date_from), (translate("To", lang), data.date_to)):
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=2).number_format = "DD.MM.YYYY"
    for msgid, value in figures(data):
        ws.append([translate(msgid, lang), value])
        if msgid == MEDIAN:
            ws.cell(row=ws.max_row, column=2).number_format = "0.0"

    for msgid, rows in ((BY_CATEGORY, data.by_category), (BY_VILLAGE, data.by_village), (BY_MONTH, data.by_month)):
        ws = sheet(msgid, (COUNT_COLUMNS[msgid], RECEIVED, RESOLVED), (40, 14, 14))
        for row in rows:
            if msgid == BY_MONTH:
                ws.append([row.month, row.received, row.resolved])
                ws.cell(row=ws.max_row, column=1).number_format = "MM.YYYY"
            else:
                ws.append([row.name, row.received, row.resolved])
        ws.append([translate("Total", lang), sum(r.received for r in rows), sum(r.resolved for r in rows)])
        for cell in ws[ws.max_row]:
            cell.font = bold

    for msgid, rows in ((N_("Overdue"), data.overdue), (N_("Open, not overdue"), data.other_open)):
        ws = sheet(msgid, [col.msgid for col in OPEN_COLUMNS], (10, 48, 18, 12, 12, 16, 24))
        for row in rows:
            ws.append([row.label, row.title, row.village, row.raised_on, row.due_on, row.status, row.assignee])
            for column in (4, 5):
                ws.cell(row=ws.max_row, column=column).number_format = "DD.MM.YYYY"

    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        book.save(part)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path
