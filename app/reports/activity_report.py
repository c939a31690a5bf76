"""The centre's activity report for the akimat: a cover (the centre, the district, the period,
the day it was made, the key figures), then a section per area: the community, meetings, decisions,
local issues, grants, events and room use, with charts drawn by reportlab's own graphics. A4 portrait
PDF with the shared kit, or an .xlsx workbook with a cover sheet and one sheet per section.

The activity reports service builds ``ActivityReport`` from each area's own period figures (names
already in the report's language); ``render_pdf`` and ``render_xlsx`` write it. Nothing here touches
the database or Qt.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from app.i18n import N_, format_date_long, format_number, translate
from app.reports import appeals_report
from app.reports.events_report import BOOKINGS_NOTE, EVENT_BOOKINGS, MEETING_BOOKINGS, rate
from app.reports.kit import (
    FONT,
    FONT_BOLD,
    Column,
    Figure,
    PageFrame,
    TableWriter,
    decimal_text,
    draw_drawing,
    figure_boxes,
    fit_text,
    split_lines,
    string_width,
    subheading,
    wrap_text,
)
from app.reports.workbook import DECIMAL_FORMAT, Book
from app.rules.money import format_amount

TITLE = N_("Report on the centre's activity")

COMMUNITY = N_("The community")
MEETINGS = N_("Meetings of the community")
DECISIONS = N_("Decisions and the akim's answers")
ISSUES = N_("Local issues")
APPEALS = N_("Appeals of residents")
GRANTS = N_("Grants")
EVENTS = N_("Events and participants")
ROOMS = N_("Room use")
SECTIONS = (COMMUNITY, MEETINGS, DECISIONS, ISSUES, APPEALS, GRANTS, EVENTS, ROOMS)
# The workbook's sheet for each section, named short (a sheet's name holds at most 31 letters).
SHEETS = {COMMUNITY: COMMUNITY, MEETINGS: N_("Meetings"), DECISIONS: N_("Decisions"), ISSUES: ISSUES,
          APPEALS: N_("Appeals"), GRANTS: GRANTS, EVENTS: N_("Events"), ROOMS: ROOMS}

RESIDENTS = N_("Residents at the end of the period")
JOINED = N_("Joined")
MOVED_AWAY = N_("Moved away")
DIED = N_("Died")
HELD = N_("Meetings held")
WITH_QUORUM = N_("Of them with a quorum")
PRESENT = N_("Present, in all")
ENTITLED = N_("Entitled to attend, in all")
TURNOUT = N_("Attendance, %")
TAKEN = N_("Decisions taken")
ANSWERED = N_("Answered by the akim")
RECEIVED = N_("Received")
RESOLVED = N_("Resolved")
REJECTED = N_("Rejected")
MEDIAN = N_("Median days to resolve")
OPEN_AT_END = N_("Open at the end of the period")
OVERDUE_AT_END = N_("Overdue at the end of the period")
GRANTS_RUNNING = N_("Grants running in the period")
EVENTS_HELD = N_("Events held")
REGISTERED = N_("Registered")
ATTENDED = N_("Attended")
ROOM_HOURS = N_("Room hours booked")

VILLAGE_COLUMNS = (Column(N_("Village"), 0.36), Column(N_("Residents"), 0.16, "right"),
                   Column(JOINED, 0.16, "right"), Column(MOVED_AWAY, 0.16, "right"), Column(DIED, 0.16, "right"))
KIND_COLUMNS = (Column(N_("Kind"), 0.7), Column(N_("Held"), 0.3, "right"))
STATUS_COLUMNS = (Column(N_("Status"), 0.7), Column(N_("Decisions"), 0.3, "right"))  # the workbook's
APPEAL_KIND_COLUMNS = (Column(N_("Kind"), 0.7), Column(RECEIVED, 0.3, "right"))
CATEGORY_COLUMNS = (Column(N_("Category"), 0.6), Column(RECEIVED, 0.2, "right"), Column(RESOLVED, 0.2, "right"))
CURRENCY_COLUMNS = (Column(N_("Currency"), 0.09), Column(N_("Grants"), 0.1, "right"),
                    Column(N_("Total of the grants"), 0.2, "right"), Column(N_("Received in the period"), 0.2, "right"),
                    Column(N_("Spent in the period"), 0.19, "right"),
                    Column(N_("Balance at the end of the period"), 0.22, "right"))
DONOR_COLUMNS = (Column(N_("Donor"), 0.32), Column(N_("Currency"), 0.08), Column(N_("Grants"), 0.1, "right"),
                 Column(N_("Received in the period"), 0.17, "right"), Column(N_("Spent in the period"), 0.16, "right"),
                 Column(N_("Balance at the end of the period"), 0.17, "right"))
EVENT_COLUMNS = (Column(N_("Kind"), 0.36), Column(N_("Events held"), 0.16, "right"), Column(REGISTERED, 0.16, "right"),
                 Column(ATTENDED, 0.16, "right"), Column(TURNOUT, 0.16, "right"))
ROOM_COLUMNS = (Column(N_("Room"), 0.5), Column(EVENT_BOOKINGS, 0.15, "right"), Column(MEETING_BOOKINGS, 0.15, "right"),
                Column(N_("Hours"), 0.2, "right"))

PALETTE = [colors.HexColor(c) for c in ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#EECA3B",
                                        "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC")]
FIRST, SECOND = PALETTE[0], PALETTE[2]
ACCENT = colors.HexColor("#1F4E79")
BOX_FILL, BOX_RULE = colors.Color(0.95, 0.96, 0.98), colors.Color(0.75, 0.78, 0.84)  # the cover's boxes, bluish


@dataclass(frozen=True)
class VillageRow:
    name: str
    residents: int  # at the period's end
    joined: int
    moved_away: int
    died: int


@dataclass(frozen=True)
class CountRow:
    name: str  # a kind of meeting or a decision's status, in the report's language
    count: int


@dataclass(frozen=True)
class CategoryRow:
    name: str
    received: int
    resolved: int


@dataclass(frozen=True)
class CurrencyRow:
    currency: str
    grants: int
    total: Decimal
    received: Decimal  # in the period
    spent: Decimal  # in the period
    balance: Decimal  # at the period's end


@dataclass(frozen=True)
class DonorRow:
    donor: str
    currency: str
    grants: int
    received: Decimal
    spent: Decimal
    balance: Decimal


@dataclass(frozen=True)
class KindRow:
    name: str
    held: int
    registered: int
    attended: int


@dataclass(frozen=True)
class RoomRow:
    name: str
    events: int  # bookings by events
    meetings: int  # bookings by meetings
    hours: float


@dataclass(frozen=True)
class ActivityReport:
    lang: str
    printed_on: date
    district: str
    centre: str
    date_from: date
    date_to: date
    period_name: str  # «2026 жылғы 1-тоқсан» for a whole quarter or year, else ""
    # The community
    residents: int
    joined: int
    villages: tuple[VillageRow, ...]
    # Meetings and decisions
    meetings_held: int
    meeting_kinds: tuple[CountRow, ...]
    with_quorum: int
    present: int
    entitled: int
    decisions: int
    decision_statuses: tuple[CountRow, ...]
    answered: int
    # Local issues
    received: int
    resolved: int
    rejected: int
    median_days: float | None
    still_open: int
    overdue: int
    categories: tuple[CategoryRow, ...]
    # Grants, never adding up currencies
    grants: int
    currencies: tuple[CurrencyRow, ...]
    donors: tuple[DonorRow, ...]
    # Events and rooms
    events_held: int
    event_kinds: tuple[KindRow, ...]
    rooms: tuple[RoomRow, ...]
    # Appeals of residents: the appeals report's figures for the same period, no names in them
    appeals: appeals_report.AppealsReport | None = None
    # Who signs it for the akimat: the head of the centre, who prepared it (the signed-in person) and
    # the phone to call back; an empty name leaves a line to write it by hand.
    head: str = ""
    prepared_by: str = ""
    phone: str = ""

    @property
    def moved_away(self) -> int:
        return sum(v.moved_away for v in self.villages)

    @property
    def died(self) -> int:
        return sum(v.died for v in self.villages)

    @property
    def registered(self) -> int:
        return sum(k.registered for k in self.event_kinds)

    @property
    def attended(self) -> int:
        return sum(k.attended for k in self.event_kinds)

    @property
    def room_hours(self) -> float:
        return round(sum(r.hours for r in self.rooms), 2)


# The figures both formats show -------------------------------------------------------------------

def period_words(date_from: date, date_to: date, lang: str) -> str:
    """«2026 жылғы 1 қаңтар – 31 наурыз», «1 января – 31 марта 2026 года», «1 January – 31 March 2026»:
    the year written once when both days fall in it."""
    first, last = format_date_long(date_from, lang), format_date_long(date_to, lang)
    if date_from.year == date_to.year:
        year = str(date_from.year)
        if lang == "kk":
            last = last.removeprefix(f"{year} жылғы ")
        else:
            first = first.removesuffix(f" {year} года" if lang == "ru" else f" {year}")
    return f"{first} – {last}"


def figures(data: ActivityReport, section: str) -> tuple[tuple[str, object], ...]:
    """A section's summary figures (label msgid, value): ints, a share or days (floats), None for none."""
    if section == COMMUNITY:
        return ((RESIDENTS, data.residents), (JOINED, data.joined), (MOVED_AWAY, data.moved_away), (DIED, data.died))
    if section == MEETINGS:
        return ((HELD, data.meetings_held), (WITH_QUORUM, data.with_quorum), (PRESENT, data.present),
                (ENTITLED, data.entitled), (TURNOUT, rate(data.present, data.entitled)))
    if section == DECISIONS:
        return ((TAKEN, data.decisions), (ANSWERED, data.answered))
    if section == ISSUES:
        return ((RECEIVED, data.received), (RESOLVED, data.resolved), (REJECTED, data.rejected),
                (MEDIAN, None if data.median_days is None else float(data.median_days)),  # one decimal, as shares
                (OPEN_AT_END, data.still_open), (OVERDUE_AT_END, data.overdue))
    if section == APPEALS:
        return appeals_report.figures(data.appeals) if data.appeals else ()
    if section == GRANTS:
        return ((GRANTS_RUNNING, data.grants),)
    if section == EVENTS:
        return ((EVENTS_HELD, data.events_held), (REGISTERED, data.registered), (ATTENDED, data.attended),
                (TURNOUT, rate(data.attended, data.registered)))
    return ((ROOM_HOURS, data.room_hours),)


def value_text(value: object, lang: str) -> str:
    """A figure as the report prints it: 1 250, 12,5, a dash for none."""
    if value is None or isinstance(value, float):
        return decimal_text(value, lang)
    return format_number(value, lang)


def cover_figures(data: ActivityReport) -> tuple[tuple[str, int], ...]:
    return ((RESIDENTS, data.residents), (HELD, data.meetings_held), (TAKEN, data.decisions),
            (N_("Local issues received"), data.received), (N_("Local issues resolved"), data.resolved),
            (GRANTS_RUNNING, data.grants), (EVENTS_HELD, data.events_held), (N_("Participants of events"),
                                                                            data.attended))


# PDF ---------------------------------------------------------------------------------------------

class _Frame(PageFrame):
    """The kit's page, without the running header on the cover."""

    def _draw_header(self) -> None:
        if self.page > 1:
            super()._draw_header()


def _centred(frame: PageFrame, text: str, size: float, bold: bool = False, gray: float = 0.0,
             leading: float | None = None) -> None:
    font = FONT_BOLD if bold else FONT
    leading = leading or size * 1.3
    c = frame.canvas
    c.setFillGray(gray)
    c.setFont(font, size)
    for line in split_lines(text, font, size, frame.content_width * 0.9):
        frame.y -= leading
        c.drawCentredString(frame.left + frame.content_width / 2, frame.y + leading - size, line)


def _cover(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    frame.y = frame.height - 70
    _centred(frame, data.centre, 14, bold=True, leading=19)
    frame.y -= 4
    _centred(frame, data.district, 11.5, gray=0.2, leading=16)
    c = frame.canvas
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1.2)
    c.line(frame.left + 40, frame.y - 10, frame.right - 40, frame.y - 10)
    frame.y = frame.height * 0.66
    _centred(frame, translate(TITLE, lang).upper(), 22, bold=True, leading=28)
    frame.y -= 10
    if data.period_name:
        _centred(frame, data.period_name, 15, bold=True, leading=21)
    _centred(frame, period_words(data.date_from, data.date_to, lang), 13, leading=19)
    frame.y -= 36
    figure_boxes(frame, [Figure(translate(msgid, lang), format_number(value, lang))
                         for msgid, value in cover_figures(data)],
                 height=56, per_row=4, gap=8, space_after=8, fill=BOX_FILL, rule=BOX_RULE, ink=ACCENT)
    c.setFillGray(0.2)
    c.setFont(FONT, 10.5)
    c.drawCentredString(frame.left + frame.content_width / 2, frame.bottom + 30,
                        translate("Made on {date}", lang, date=format_date_long(data.printed_on, lang)))
    frame.new_page()


def _lead(data: ActivityReport, section: str) -> float:
    """How tall a section's opening is (its heading, figures and first chart or table's first rows):
    the section starts on a new page unless that much fits."""
    facts = (len(figures(data, section)) + 1) // 2 * 16 + 8
    note = 20.0  # the line saying the area had nothing in the period
    first = {COMMUNITY: _pie_height(len(data.villages)) + TABLE_LEAD,
             DECISIONS: _pie_height(len(data.decision_statuses)) if data.decisions else note,
             ISSUES: _bars_height(len(data.categories), 2) + TABLE_LEAD if data.categories else note,
             APPEALS: TABLE_LEAD if data.appeals and data.appeals.received else note,
             EVENTS: _bars_height(len(data.event_kinds), 2) + TABLE_LEAD if data.events_held else note,
             ROOMS: _bars_height(len(data.rooms), 1) + TABLE_LEAD if data.room_hours else note}.get(section, TABLE_LEAD)
    return HEADING + facts + first


def _heading(frame: PageFrame, number: int, msgid: str, lang: str, keep: float = 120) -> None:
    """A section's numbered heading with a rule below, kept with ``keep`` points of what follows."""
    frame.ensure(keep)
    if frame.y < frame.top:
        frame.y -= 14
    c = frame.canvas
    frame.y -= 17
    c.setFillColor(ACCENT)
    c.setFont(FONT_BOLD, 13.5)
    c.drawString(frame.left, frame.y + 3, f"{number}. {translate(msgid, lang)}")
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.line(frame.left, frame.y - 2, frame.right, frame.y - 2)
    frame.y -= 10


def _facts(frame: PageFrame, data: ActivityReport, section: str) -> None:
    """A section's figures: label on the left, value on the right, in two columns."""
    pairs = [(translate(msgid, data.lang), value_text(value, data.lang)) for msgid, value in figures(data, section)]
    c = frame.canvas
    row, gap = 16.0, 16.0
    width = (frame.content_width - gap) / 2
    rows = (len(pairs) + 1) // 2
    frame.ensure(rows * row + 6)
    top = frame.y
    for index, (label, value) in enumerate(pairs):
        column, line = index // rows, index % rows
        left = frame.left + column * (width + gap)
        baseline = top - (line + 1) * row + 5
        c.setFillGray(0.2)
        c.setFont(FONT, 9.5)
        c.drawString(left, baseline, fit_text(label, width - 12 - string_width(value, FONT_BOLD, 10), FONT, 9.5))
        c.setFillGray(0)
        c.setFont(FONT_BOLD, 10)
        c.drawRightString(left + width, baseline, value)
        c.setStrokeGray(0.85)
        c.setLineWidth(0.3)
        c.line(left, baseline - 5, left + width, baseline - 5)
    frame.y = top - rows * row - 8


def _note(frame: PageFrame, msgid: str, lang: str) -> None:
    frame.paragraph(translate(msgid, lang), size=9.5, gray=0.3, space_after=6)


def _legend(drawing: Drawing, pairs: Sequence[tuple[colors.Color, str]], x: float, y: float,
            columns: int = 1) -> None:
    legend = Legend()
    legend.alignment = "right"
    legend.x, legend.y = x, y
    legend.columnMaximum = max(1, -(-len(pairs) // columns))
    legend.deltax = 150
    legend.deltay = 13
    legend.dx = legend.dy = 7
    legend.fontName = FONT
    legend.fontSize = 8
    legend.colorNamePairs = list(pairs)
    drawing.add(legend)


def _axis(axis, highest: float) -> None:
    """A value axis from 0 in round steps (1, 2, 5, 10, 20, 25, 50, …), about five of them."""
    raw = max(highest, 1) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)
    step = max(1, round(step)) if step >= 1 else step
    axis.valueMin, axis.valueStep = 0, step
    axis.valueMax = step * math.ceil(max(highest, 1) / step)
    axis.labels.fontName = FONT
    axis.labels.fontSize = 7.5
    axis.labelTextFormat = "%d"
    axis.visibleGrid = 1
    axis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    axis.gridStrokeWidth = 0.3


TABLE_LEAD = 56.0  # a table's header and first rows, kept with the chart or heading above them
HEADING = 41.0


def _bars_height(names: int, series: int) -> float:
    return 26 + (16 if series > 1 else 0) + names * (8 + 11 * series)


def _pie_height(names: int) -> float:
    return max(126.0, 14 * names + 16)


def _bars(frame: PageFrame, names: Sequence[str], series: Sequence[tuple[Sequence[float], colors.Color, str]],
          label: Callable[[float], str]) -> None:
    """Horizontal bars, a group per name (read along, the first at the top), values at their ends; the
    table below starts on the same page."""
    label_room = min(frame.content_width * 0.38, 12 + max(string_width(n, FONT, 8) for n in names))
    legend = 16 if len(series) > 1 else 0
    height = _bars_height(len(names), len(series))
    drawing = Drawing(frame.content_width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 18
    chart.width, chart.height = frame.content_width - label_room - 36, height - 24 - legend
    # Drawn bottom up: reversed, the first series stands above the others in each group.
    chart.data = [list(values) for values, _, _ in reversed(series)]
    for index, (_, colour, _) in enumerate(reversed(series)):
        chart.bars[index].fillColor = colour
    chart.bars.strokeColor = None
    chart.barWidth = 9
    chart.groupSpacing = 7
    chart.barSpacing = 1
    chart.barLabelFormat = lambda v: label(v) if v else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    # A long name (a village, a kind) wraps under itself rather than being cut.
    chart.categoryAxis.categoryNames = ["\n".join(wrap_text(n, label_room - 10, FONT, 8)) for n in names]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    _axis(chart.valueAxis, max(v for values, _, _ in series for v in values))
    drawing.add(chart)
    if legend:
        _legend(drawing, [(colour, text) for _, colour, text in series], label_room, height - 6, len(series))
    frame.ensure(height + 6 + TABLE_LEAD)
    draw_drawing(frame, drawing)


def pie_line(name: str, value: int, total: int, lang: str) -> str:
    """A pie's legend line: «Орындалуда: 4 (40%)»."""
    share = decimal_text(round(100 * value / total, 1), lang) if total else "0"
    return f"{name}: {format_number(value, lang)} ({share}%)"


def _pie(frame: PageFrame, names: Sequence[str], values: Sequence[int], lang: str, keep: float = 0.0) -> None:
    """A pie of the shares, with a legend naming each one (none left out), its count and share."""
    total = sum(values)
    if not total:
        return
    size = 110.0
    height = _pie_height(len(names))
    drawing = Drawing(frame.content_width, height)
    pie = Pie()
    pie.x, pie.y = 10, (height - size) / 2
    pie.width = pie.height = size
    shown = [index for index, value in enumerate(values) if value]  # a slice of nothing is not drawn
    pie.data = [values[index] for index in shown]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for slice_, index in enumerate(shown):
        pie.slices[slice_].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    pairs = [(PALETTE[i % len(PALETTE)], pie_line(name, value, total, lang))
             for i, (name, value) in enumerate(zip(names, values))]
    legend = Legend()
    legend.alignment = "right"
    legend.x, legend.y = size + 40, height / 2 + 7 * len(names)
    legend.columnMaximum = len(names)
    legend.deltay = 14
    legend.dx = legend.dy = 8
    legend.fontName = FONT
    legend.fontSize = 9
    legend.colorNamePairs = pairs
    drawing.add(legend)
    frame.ensure(height + 6 + keep)
    draw_drawing(frame, drawing)


def _table(frame: PageFrame, columns: Sequence[Column], rows: Sequence[Sequence[str]],
           total: Sequence[str] | None = None) -> None:
    table = TableWriter(frame, columns, font_size=9)
    frame.ensure(table.header_height + table.row_height * min(len(rows) + 1, 4))
    for row in rows:
        table.row(row)
    if total is not None:
        table.total(total)
    frame.y -= 8


def _community(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    n = lambda value: format_number(value, lang)  # noqa: E731
    _facts(frame, data, COMMUNITY)
    _pie(frame, [v.name for v in data.villages], [v.residents for v in data.villages], lang, TABLE_LEAD)
    _table(frame, VILLAGE_COLUMNS, [(v.name, n(v.residents), n(v.joined), n(v.moved_away), n(v.died))
                                    for v in data.villages],
           (translate("Total", lang), n(data.residents), n(data.joined), n(data.moved_away), n(data.died)))


def _meetings(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, MEETINGS)
    if not data.meetings_held:
        _note(frame, N_("No meetings were held in this period."), lang)
        return
    _table(frame, KIND_COLUMNS, [(k.name, format_number(k.count, lang)) for k in data.meeting_kinds],
           (translate("Total", lang), format_number(data.meetings_held, lang)))


def _decisions(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, DECISIONS)
    if not data.decisions:
        _note(frame, N_("No decisions were taken in this period."), lang)
        return
    # Every status in the legend, with its count: the table of them would say no more.
    _pie(frame, [s.name for s in data.decision_statuses], [s.count for s in data.decision_statuses], lang)


def _issues(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, ISSUES)
    if not data.categories:
        _note(frame, N_("No issues were received or resolved in this period."), lang)
        return
    rows = data.categories
    _bars(frame, [r.name for r in rows], [([r.received for r in rows], FIRST, translate(RECEIVED, lang)),
                                          ([r.resolved for r in rows], SECOND, translate(RESOLVED, lang))],
          lambda v: format_number(int(v), lang))
    _table(frame, CATEGORY_COLUMNS, [(r.name, format_number(r.received, lang), format_number(r.resolved, lang))
                                     for r in rows],
           (translate("Total", lang), format_number(sum(r.received for r in rows), lang),
            format_number(sum(r.resolved for r in rows), lang)))


def _appeals(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, APPEALS)
    if not (data.appeals and data.appeals.received):
        _note(frame, N_("No appeals were received in this period."), lang)
        return
    rows = data.appeals.by_kind
    _table(frame, APPEAL_KIND_COLUMNS, [(r.name, format_number(r.count, lang)) for r in rows],
           (translate("Total", lang), format_number(data.appeals.received, lang)))


def _subheading(frame: PageFrame, text: str) -> None:
    """The kit's subheading at the sections' size, right below what precedes it, kept with the table's
    lead (20 points for itself, as before: the kit counts 16)."""
    subheading(frame, text, 4 + TABLE_LEAD, size=10, before=0, after=2)


def _grants(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, GRANTS)
    if not data.grants:
        _note(frame, N_("No grants ran in this period."), lang)
        return
    money = lambda amount, currency: format_amount(amount, currency, lang)  # noqa: E731
    _subheading(frame, translate("By currency (amounts in different currencies are never added up)", lang))
    _table(frame, CURRENCY_COLUMNS, [(r.currency, format_number(r.grants, lang), money(r.total, r.currency),
                                      money(r.received, r.currency), money(r.spent, r.currency),
                                      money(r.balance, r.currency)) for r in data.currencies])
    _subheading(frame, translate("By donor", lang))
    _table(frame, DONOR_COLUMNS, [(r.donor, r.currency, format_number(r.grants, lang), money(r.received, r.currency),
                                   money(r.spent, r.currency), money(r.balance, r.currency)) for r in data.donors])


def _events(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, EVENTS)
    if not data.events_held:
        _note(frame, N_("No events were held in this period."), lang)
        return
    rows = data.event_kinds
    _bars(frame, [k.name for k in rows], [([k.registered for k in rows], FIRST, translate(REGISTERED, lang)),
                                          ([k.attended for k in rows], SECOND, translate(ATTENDED, lang))],
          lambda v: format_number(int(v), lang))
    _table(frame, EVENT_COLUMNS, [(k.name, format_number(k.held, lang), format_number(k.registered, lang),
                                   format_number(k.attended, lang), decimal_text(rate(k.attended, k.registered), lang))
                                  for k in rows],
           (translate("Total", lang), format_number(data.events_held, lang), format_number(data.registered, lang),
            format_number(data.attended, lang), decimal_text(rate(data.attended, data.registered), lang)))


def _rooms(frame: PageFrame, data: ActivityReport) -> None:
    lang = data.lang
    _facts(frame, data, ROOMS)
    if not data.room_hours:
        _note(frame, N_("No room was booked in this period."), lang)
        return
    rows = data.rooms
    _bars(frame, [r.name for r in rows], [([r.hours for r in rows], FIRST, translate(N_("Hours"), lang))],
          lambda v: decimal_text(v, lang))
    _table(frame, ROOM_COLUMNS, [(r.name, format_number(r.events, lang), format_number(r.meetings, lang),
                                  decimal_text(r.hours, lang)) for r in rows],
           (translate("Total", lang), format_number(sum(r.events for r in rows), lang),
            format_number(sum(r.meetings for r in rows), lang), decimal_text(data.room_hours, lang)))
    _note(frame, BOOKINGS_NOTE, lang)


DRAWERS = {COMMUNITY: _community, MEETINGS: _meetings, DECISIONS: _decisions, ISSUES: _issues, APPEALS: _appeals,
           GRANTS: _grants, EVENTS: _events, ROOMS: _rooms}


def _signatures(frame: PageFrame, data: ActivityReport) -> None:
    """The end of the paper the akimat accepts: the head of the centre's signature with the name
    written out, then who prepared it and their phone, kept together on one page."""
    lang, c = data.lang, frame.canvas
    size, gap = 10.5, 22.0
    frame.ensure(gap + 3 * size * 1.6 + 30)
    frame.y -= gap + size
    line_left, line_right = frame.left + frame.content_width * 0.42, frame.left + frame.content_width * 0.66
    c.setFillGray(0)
    c.setFont(FONT_BOLD, size)
    c.drawString(frame.left, frame.y, fit_text(translate("Head of the centre", lang), line_left - frame.left - 8,
                                               FONT_BOLD, size))
    c.setStrokeGray(0)
    c.setLineWidth(0.5)
    c.line(line_left, frame.y - 2, line_right, frame.y - 2)
    c.setFont(FONT, 7)
    c.drawCentredString((line_left + line_right) / 2, frame.y - 10, translate("(signature)", lang))
    if data.head:  # written out whole, wrapping under itself when long
        c.setFont(FONT, size)
        for index, line in enumerate(wrap_text(data.head, frame.right - line_right - 8, FONT, size)):
            if index:
                frame.y -= size * 1.25
            c.drawString(line_right + 8, frame.y, line)
    else:
        c.line(line_right + 8, frame.y - 2, frame.right, frame.y - 2)
    frame.y -= 2.6 * size
    for text in (translate("Prepared by: {name}", lang, name=data.prepared_by or "_" * 30),
                 translate("Phone: {phone}", lang, phone=data.phone or "_" * 20)):
        frame.paragraph(text, size=9, space_after=2)


def render_pdf(data: ActivityReport, path: str | os.PathLike) -> Path:
    """Writes the report as a PDF at ``path`` and returns the path."""
    lang = data.lang
    title = translate(TITLE, lang)
    frame = _Frame(path, title=title, district=data.district, printed_on=data.printed_on, lang=lang,
                   subject=f"{title}: {period_words(data.date_from, data.date_to, lang)}",
                   keywords=data.centre)
    _cover(frame, data)
    for number, section in enumerate(SECTIONS, start=1):
        _heading(frame, number, section, lang, min(_lead(data, section), frame.top - frame.bottom - 1))
        DRAWERS[section](frame, data)
    _signatures(frame, data)
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

def render_xlsx(data: ActivityReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a cover sheet, then a sheet per section, counts and
    money as numbers (money with its currency in a column of its own) and days as dates."""
    from openpyxl.styles import Alignment, Font  # loaded on first use: it costs start-up time

    lang = data.lang
    book = Book(lang)
    put = book.put
    left = Alignment(horizontal="left")

    def t(msgid: str) -> str:
        return translate(msgid, lang)

    def table(ws, columns: Sequence[Column], widths: Sequence[int], rows: Sequence[Sequence[object]],
              total: Sequence[object] | None = None, money: Sequence[int] = ()) -> None:
        book.header(ws, [col.msgid for col in columns], widths)
        for values in rows:
            put(ws, values, money=money)
        if total:
            put(ws, total, money=money, bold=True)

    def sheet(msgid: str):
        """A section's sheet: its figures (a share or days with one decimal), a blank row, its tables."""
        ws = book.sheet(SHEETS[msgid], widths=(40, 14))
        for label, value in figures(data, msgid):
            put(ws, [t(label), value], formats={2: DECIMAL_FORMAT} if isinstance(value, float) else None)
        ws.append([])
        return ws

    ws = book.book.active
    book.name(ws, N_("Cover"))
    book.widths(ws, (42, 60))
    for text, size in ((data.centre, 13), (data.district, 11), (t(TITLE), 14), (data.period_name, 11),
                       (period_words(data.date_from, data.date_to, lang), 11)):
        if text:
            put(ws, [text])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=size > 11, size=size)
    ws.append([])
    for msgid, value in ((N_("From"), data.date_from), (N_("To"), data.date_to), (N_("Made on"), data.printed_on)):
        put(ws, [t(msgid), value], dates=(2,))
        ws.cell(row=ws.max_row, column=2).alignment = left
    ws.append([])
    for msgid, value in cover_figures(data):
        put(ws, [t(msgid), value])
        ws.cell(row=ws.max_row, column=2).alignment = left

    ws = sheet(COMMUNITY)
    table(ws, VILLAGE_COLUMNS, (40, 14, 14, 14, 14),
          [(v.name, v.residents, v.joined, v.moved_away, v.died) for v in data.villages],
          (t("Total"), data.residents, data.joined, data.moved_away, data.died))

    ws = sheet(MEETINGS)
    table(ws, KIND_COLUMNS, (40, 14), [(k.name, k.count) for k in data.meeting_kinds],
          (t("Total"), data.meetings_held))

    ws = sheet(DECISIONS)
    table(ws, STATUS_COLUMNS, (40, 14), [(s.name, s.count) for s in data.decision_statuses],
          (t("Total"), data.decisions))

    ws = sheet(ISSUES)
    table(ws, CATEGORY_COLUMNS, (40, 14, 14), [(r.name, r.received, r.resolved) for r in data.categories],
          (t("Total"), sum(r.received for r in data.categories), sum(r.resolved for r in data.categories)))

    ws = sheet(APPEALS)
    kinds = data.appeals.by_kind if data.appeals else ()
    table(ws, APPEAL_KIND_COLUMNS, (40, 14), [(r.name, r.count) for r in kinds],
          (t("Total"), sum(r.count for r in kinds)))

    ws = sheet(GRANTS)
    table(ws, CURRENCY_COLUMNS, (40, 14, 18, 18, 18, 18),
          [(r.currency, r.grants, r.total, r.received, r.spent, r.balance) for r in data.currencies],
          money=(3, 4, 5, 6))
    ws.append([])
    table(ws, DONOR_COLUMNS, (40, 14, 18, 18, 18, 18),
          [(r.donor, r.currency, r.grants, r.received, r.spent, r.balance) for r in data.donors], money=(4, 5, 6))

    ws = sheet(EVENTS)
    table(ws, EVENT_COLUMNS, (40, 14, 14, 14, 14),
          [(k.name, k.held, k.registered, k.attended, rate(k.attended, k.registered)) for k in data.event_kinds],
          (t("Total"), data.events_held, data.registered, data.attended, rate(data.attended, data.registered)))

    ws = sheet(ROOMS)
    table(ws, ROOM_COLUMNS, (40, 14, 14, 14), [(r.name, r.events, r.meetings, r.hours) for r in data.rooms],
          (t("Total"), sum(r.events for r in data.rooms), sum(r.meetings for r in data.rooms), data.room_hours))

    return book.save(path)
