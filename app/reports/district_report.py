"""The district's consolidated report (docs/domain.md, Reporting up): every figure of the centres'
activity reports for one period, a column per centre and the district's total, then the centres that
sent nothing for the period and what is overdue in the packages (the akim's answers, appeals).

Many centres do not fit across a page: the columns go in groups, each group on pages of its own with
the figures' names and the total repeated in its first columns. A4 portrait for up to three centres,
landscape for more. The workbook has the figures on one sheet, the names and total frozen at the
left and the centres' row at the top, repeated on every printed page.

``DistrictReport`` is plain data, labels already in the paper's language; nothing here touches the
database or Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors

from app.i18n import N_, format_date_long, format_number, translate
from app.reports.kit import (
    Column,
    Figure,
    PeriodData,
    TableWriter,
    decimal_text,
    figure_boxes,
    period_frame,
    subheading,
)
from app.reports.workbook import DATE_FORMAT, DECIMAL_FORMAT, MONEY_FORMAT, Book
from app.rules.money import format_amount

TITLE = N_("Consolidated report of the district")
FIGURE = N_("Figure")
TOTAL = N_("District total")
CENTRE = N_("Centre")
WHAT = N_("Decision or appeal")
DUE = N_("Due")
DAYS_LATE = N_("Days overdue")
KATO = N_("KATO")
RECEIVED_ON = N_("Package received")

# How many centres' columns a landscape page holds beside the figures' names and the total.
CENTRES_PER_PAGE = 7
PORTRAIT_CENTRES = 3
MISSING_TINT = colors.HexColor("#FBE9E7")


@dataclass(frozen=True)
class FigureRow:
    """One figure: its name, each centre's value (None: not in that centre's package) and the total.
    A money figure names its currency; a float is a share or days, printed with one decimal."""

    label: str
    values: tuple[int | Decimal | float | None, ...]
    total: int | Decimal | float | None
    currency: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class CentreHead:
    name: str
    kato: str
    received_on: date


@dataclass(frozen=True)
class MissingRow:
    name: str
    kato: str
    last_period: str  # the last period it sent, in words; "" when none


@dataclass(frozen=True)
class OverdueRow:
    centre: str
    what: str  # «Decision 3/2026: …» or «Appeal 7/2026», in the paper's language
    due: date
    days: int  # calendar days past the due day, at the period's end


@dataclass(frozen=True)
class DistrictReport(PeriodData):
    period_name: str = ""
    centres: tuple[CentreHead, ...] = ()
    sections: tuple[Section, ...] = ()
    missing: tuple[MissingRow, ...] = ()
    overdue: tuple[OverdueRow, ...] = ()


def value_text(value: object, currency: str, lang: str) -> str:
    """A figure as the paper writes it: 1 250, 48 500,00 ₸, 12,5, a dash where a centre has none."""
    if value is None:
        return "—"
    if currency:
        return format_amount(Decimal(value), currency, lang)
    if isinstance(value, float):
        return decimal_text(value, lang)
    return format_number(value, lang)


def groups(count: int) -> list[range]:
    """The centres' columns page by page: all at once up to a landscape page's worth."""
    return [range(start, min(start + CENTRES_PER_PAGE, count)) for start in range(0, count, CENTRES_PER_PAGE)] \
        or [range(0)]


# PDF ---------------------------------------------------------------------------------------------

def _summary(frame, data: DistrictReport) -> None:
    lang = data.lang
    figure_boxes(frame, [Figure(translate("Centres", lang), format_number(len(data.centres) + len(data.missing), lang)),
                         Figure(translate("Packages received", lang), format_number(len(data.centres), lang)),
                         Figure(translate("Centres without a package", lang), format_number(len(data.missing), lang),
                                alert=bool(data.missing)),
                         Figure(translate("Overdue", lang), format_number(len(data.overdue), lang),
                                alert=bool(data.overdue))],
                 height=50, space_after=10)


def _missing(frame, data: DistrictReport) -> None:
    lang = data.lang
    if not data.missing:
        return
    subheading(frame, translate("Centres that sent no package for this period", lang), 40)
    table = TableWriter(frame, (Column(CENTRE, 0.55), Column(KATO, 0.15), Column(N_("Last period received"), 0.3)),
                        font_size=8.5)
    for row in data.missing:
        table.row((row.name, row.kato, row.last_period or "—"), tint=MISSING_TINT)
    frame.y -= 8


def _overdue(frame, data: DistrictReport) -> None:
    lang = data.lang
    if not data.overdue:
        return
    subheading(frame, translate("Overdue at the end of the period", lang), 40)
    table = TableWriter(frame, (Column(CENTRE, 0.3), Column(WHAT, 0.44), Column(DUE, 0.14),
                                Column(DAYS_LATE, 0.12, "right")), font_size=8.5)
    for row in data.overdue:
        table.row((row.centre, row.what, format_date_long(row.due, lang), format_number(row.days, lang)))
    frame.y -= 8


def _figures(frame, data: DistrictReport) -> None:
    lang = data.lang
    parts = groups(len(data.centres))
    for number, part in enumerate(parts, start=1):
        if len(parts) > 1:
            if number > 1 or frame.y < frame.top - 200:
                frame.new_page()
            subheading(frame, translate("Centres {first}–{last} of {count}", lang, first=part.start + 1,
                                        last=part.stop, count=len(data.centres)), 60, before=0)
        # The centres' names head their columns, wrapped (a header is set smaller before it is cut).
        columns = [Column(FIGURE, 0.3), Column(TOTAL, 0.1, "right")] + \
            [Column(data.centres[index].name, 0.1, "right") for index in part]
        table = TableWriter(frame, columns, font_size=7.5 if len(data.centres) > PORTRAIT_CENTRES else 8.5)
        for section in data.sections:
            table.section(section.title, [
                (row.label, value_text(row.total, row.currency, lang),
                 *(value_text(row.values[index], row.currency, lang) for index in part))
                for row in section.rows])
        frame.y -= 8


def render_pdf(data: DistrictReport, path: str | os.PathLike) -> Path:
    """Writes the report as a PDF at ``path`` and returns the path."""
    lang = data.lang
    title = translate(TITLE, lang)
    if data.period_name:
        title = f"{title}: {data.period_name}"
    frame = period_frame(path, title, data, landscape=len(data.centres) > PORTRAIT_CENTRES)
    _summary(frame, data)
    _missing(frame, data)
    _overdue(frame, data)
    if data.centres:
        _figures(frame, data)
    else:
        frame.paragraph(translate("No centre sent a package for this period.", lang), size=10, gray=0.2)
    return frame.save()


# XLSX --------------------------------------------------------------------------------------------

def render_xlsx(data: DistrictReport, path: str | os.PathLike) -> Path:
    """Writes the report as an .xlsx workbook: a cover sheet, the figures (a row a figure, a column a
    centre, money as numbers), the centres without a package and what is overdue."""
    from openpyxl.styles import Alignment, Font

    lang = data.lang
    book = Book(lang)
    put = book.put
    title = translate(TITLE, lang)
    ws = book.summary(N_("Cover"), title, data.district, data.period_name or "", data.date_from, data.date_to,
                      widths=(40, 16))
    for msgid, value in ((N_("Centres"), len(data.centres) + len(data.missing)),
                         (N_("Packages received"), len(data.centres)),
                         (N_("Centres without a package"), len(data.missing)), (N_("Overdue"), len(data.overdue))):
        put(ws, [translate(msgid, lang), value])
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(horizontal="left")

    ws = book.sheet(N_("Figures"))
    book.header(ws, [FIGURE, TOTAL, *(centre.name for centre in data.centres)], (48, 16, *([16] * len(data.centres))))
    put(ws, [translate(KATO, lang), "", *(centre.kato for centre in data.centres)])
    put(ws, [translate(RECEIVED_ON, lang), "", *(centre.received_on for centre in data.centres)],
        dates=tuple(range(3, len(data.centres) + 3)))
    for section in data.sections:
        put(ws, [section.title], bold=True)
        for row in section.rows:
            values = [row.total, *row.values]
            if row.currency:
                label, formats = f"{row.label}, {row.currency}", dict.fromkeys(range(2, len(values) + 2), MONEY_FORMAT)
            elif isinstance(row.total, float):
                label, formats = row.label, dict.fromkeys(range(2, len(values) + 2), DECIMAL_FORMAT)
            else:
                label, formats = row.label, None
            put(ws, [label, *values], formats=formats)
    ws.freeze_panes = "C2"
    ws.print_title_cols = "A:B"
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.cell(row=1, column=1).font = Font(bold=True)

    if data.missing:
        ws = book.sheet(N_("Without a package"), [CENTRE, KATO, N_("Last period received")], (48, 12, 36))
        for row in data.missing:
            put(ws, [row.name, row.kato, row.last_period], mark=True)
    if data.overdue:
        ws = book.sheet(N_("Overdue"), [CENTRE, WHAT, DUE, DAYS_LATE], (40, 60, 14, 12))
        for row in data.overdue:
            put(ws, [row.centre, row.what, row.due, row.days], formats={3: DATE_FORMAT}, mark=True)
    return book.save(path)
