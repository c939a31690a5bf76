"""The shared kit every .xlsx report of the office is made with, so that every workbook looks alike.

``Book`` holds one openpyxl workbook in a report's language: ``summary`` fills the first sheet (title,
district, period, the first and last day as dates, then the report's figures), ``sheet`` adds a sheet
with a shaded header row frozen at the top, ``header`` appends such a row anywhere, ``put`` appends a
row with its number formats (money, dates), bold or marked, and ``save`` writes the file atomically,
each sheet set up to print on A4 as the office prints it: its width fitted to the page, turned
landscape when wide, its header row repeated on every page. The workbook's author is the program.
Every row goes through ``text_kept``, so a text is stored as text, never as a formula.
Sheet names (``name``) are cleaned and cut to Excel's 31 letters, and never repeated.

openpyxl is imported on first use: it costs the command line's start-up time.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from app.i18n import translate

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MONTH_FORMAT = "MM.YYYY"
DECIMAL_FORMAT = "0.0"
HEADER_FILL = "E6E6E6"
MARK_FILL = "F8D7D3"  # a light red over a marked row (overspent, overdue)
AUTHOR = "Auyl Office"  # the PDFs' author too (app/reports/kit.py); openpyxl would write its own name
# A sheet wider than this many characters of column width prints landscape: about what A4 portrait
# holds at a readable size once fitted to the page's width.
PORTRAIT_WIDTH = 100
DEFAULT_WIDTH = 8.43  # a column whose width was never set, as spreadsheets draw it

SHEET_NAME_FORBIDDEN = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def sheet_name(text: str) -> str:
    """``text`` as a sheet's name: without the letters Excel forbids there, at most 31 letters."""
    return text.translate(SHEET_NAME_FORBIDDEN).strip()[:31]


def save_atomically(book, path: str | os.PathLike) -> Path:
    """Saves an openpyxl workbook to a temporary name, then renames it over ``path``: a failed save
    never leaves half a file there."""
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        book.save(part)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def text_kept(ws, values: Iterable[object]) -> list[object]:
    """``values`` for ``ws.append`` with every text stored as text. openpyxl stores a text starting
    with = as a formula and one such as #N/A or #REF! as an error value: those go in a cell typed as a
    string, which a spreadsheet never runs (the workbooks' side of app/rules/formulas.py)."""
    from openpyxl.cell import Cell

    row: list[object] = []
    for value in values:
        if isinstance(value, str) and value.startswith(("=", "#")):
            cell = Cell(ws, row=1, column=1, value=value)  # append gives it its place
            cell.data_type = "s"
            value = cell
        row.append(value)
    return row


class Book:
    """One workbook of a report in ``lang``; its first sheet is ``book.active``."""

    def __init__(self, lang: str):
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        self.lang = lang
        self.book = Workbook()
        self.bold = Font(bold=True)
        self.shade = PatternFill("solid", fgColor=HEADER_FILL)
        self.marked = PatternFill("solid", fgColor=MARK_FILL)
        self._names: set[str] = set()
        self._title_rows: dict[int, int] = {}  # a sheet (its id) -> its first header row
        self.book.properties.creator = self.book.properties.lastModifiedBy = AUTHOR

    def name(self, ws, msgid: str) -> None:
        """Names the sheet ``ws`` after ``msgid`` in the book's language, unlike any other sheet's."""
        name = sheet_name(translate(msgid, self.lang))
        while name in self._names:  # two titles cut to the same 31 letters
            name = name[:29] + f" {len(self._names)}"
        self._names.add(name)
        ws.title = name

    def summary(self, msgid: str, title: str, district: str, period: str, date_from: date, date_to: date, *,
                figures: Sequence[tuple[str, object]] = (), decimal: Collection[str] = (),
                widths: Sequence[int] = ()):
        """The first sheet, named ``msgid``: the title in large bold, the district, the period, then the
        first and last day as dates and the ``figures`` (label msgid, value; those in ``decimal`` with
        one decimal). Returns the sheet."""
        from openpyxl.styles import Font

        ws = self.book.active
        self.name(ws, msgid)
        self.widths(ws, widths)
        self.put(ws, [title])
        ws["A1"].font = Font(bold=True, size=14)
        self.put(ws, [district])
        self.put(ws, [period])
        ws.append([])
        for label, value in ((translate("From", self.lang), date_from), (translate("To", self.lang), date_to)):
            self.put(ws, [label, value], dates=(2,))
        for label, value in figures:
            self.put(ws, [translate(label, self.lang), value],
                     formats={2: DECIMAL_FORMAT} if label in decimal else None)
        return ws

    def sheet(self, msgid: str, headers: Sequence[str] = (), widths: Sequence[int] = ()):
        """A new sheet named ``msgid`` with its header row (msgids) frozen at the top; without
        ``headers``, an empty sheet with those column ``widths``."""
        ws = self.book.create_sheet()
        self.name(ws, msgid)
        if headers:
            self.header(ws, headers, widths)
            ws.freeze_panes = "A2"
        else:
            self.widths(ws, widths)
        return ws

    def header(self, ws, headers: Sequence[str], widths: Sequence[int] = ()) -> None:
        """Appends a shaded bold header row of msgids (after any blank row appended before it);
        ``widths`` set its columns'."""
        from openpyxl.styles import Alignment

        ws.append(text_kept(ws, [translate(header, self.lang) for header in headers]))
        self._title_rows.setdefault(id(ws), ws.max_row)
        for column in range(1, len(headers) + 1):
            cell = ws.cell(row=ws.max_row, column=column)
            cell.font, cell.fill = self.bold, self.shade
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        self.widths(ws, widths)

    @staticmethod
    def widths(ws, widths: Sequence[int]) -> None:
        """The widths of the first columns, in characters."""
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width

    def put(self, ws, values: Sequence[object], *, money: Sequence[int] = (), dates: Sequence[int] = (),
            formats: Mapping[int, str] | None = None, bold: bool = False, mark: bool = False) -> None:
        """Appends a row: ``money`` and ``dates`` name columns (from 1) so formatted, ``formats`` any
        other column's format; a total is ``bold``, an overspent or overdue row ``mark``-ed."""
        ws.append(text_kept(ws, values))
        row = ws.max_row
        for column in money:
            ws.cell(row=row, column=column).number_format = MONEY_FORMAT
        for column in dates:
            ws.cell(row=row, column=column).number_format = DATE_FORMAT
        for column, number_format in (formats or {}).items():
            ws.cell(row=row, column=column).number_format = number_format
        if bold or mark:
            for cell in ws[row]:
                if bold:
                    cell.font = self.bold
                if mark:
                    cell.fill = self.marked

    def save(self, path: str | os.PathLike) -> Path:
        for ws in self.book.worksheets:
            self._print_setup(ws)
        return save_atomically(self.book, path)

    def _print_setup(self, ws) -> None:
        """A4, as wide as the page and as many pages long as it takes, landscape when the columns
        would print too small upright, the first header row on top of every page, numbered pages."""
        from openpyxl.utils import get_column_letter

        set_widths = ws.column_dimensions  # read with get: a lookup by [] would add a column
        width = sum(getattr(set_widths.get(get_column_letter(column)), "width", None) or DEFAULT_WIDTH
                    for column in range(1, ws.max_column + 1))
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if width > PORTRAIT_WIDTH else ws.ORIENTATION_PORTRAIT
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # no limit: long tables go on over pages
        ws.print_options.horizontalCentered = True
        row = self._title_rows.get(id(ws))
        if row:
            ws.print_title_rows = f"{row}:{row}"
        ws.oddFooter.right.text = "&P / &N"
