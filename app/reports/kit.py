"""The shared kit every PDF of the office is made with, so that every document looks alike.

- ``register_fonts()``: Noto Sans regular and bold (every Kazakh letter) as ``AuylSans`` and
  ``AuylSans-Bold``; every text of every PDF uses them.
- ``PageFrame``: one A4 document (portrait or landscape): on every page a header (the title and the
  district), a footer (the printed date and "Page N of M") and, for unsigned documents, a diagonal
  draft mark; the PDF's title, author, subject and language; compressed pages; written atomically.
- ``TableWriter``: a table drawn straight on the canvas, row by row (a platypus ``Table`` of 10,000
  rows takes seconds): column specs, the header row on every page, text wrapped inside its cell (a
  row grows; nothing on a paper is cut), light row rules, section headings kept with their first row,
  totals lines.
- The pieces of the period reports (issues, events, grants, activity): ``period_frame`` (the page
  with the title, district and period centred on top), ``figure_boxes`` (key figures in boxes),
  ``subheading``, ``draw_drawing`` and ``value_axis`` for reportlab's charts, ``decimal_text``.
  Their workbooks are made with ``app.reports.workbook``.

Reports import only the standard library, reportlab, ``app.i18n`` and ``app.paths``.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.i18n import format_date_long, translate
from app.paths import FONTS_DIR

FONT = "AuylSans"
FONT_BOLD = "AuylSans-Bold"
AUTHOR = "Auyl Office"
ELLIPSIS = "\u2026"

_fonts_lock = threading.Lock()
_fonts_registered = False
_save_lock = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Registers the shipped Noto Sans (regular, bold) once; returns their names (regular, bold)."""
    global _fonts_registered
    with _fonts_lock:
        if not _fonts_registered:
            registered = set(pdfmetrics.getRegisteredFontNames())
            if FONT not in registered:
                pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "NotoSans-Regular.ttf")))
            if FONT_BOLD not in registered:
                pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "NotoSans-Bold.ttf")))
            # So that platypus paragraphs (<b>) in other reports find the bold face too.
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
            _fonts_registered = True
    return FONT, FONT_BOLD


class _Widths(dict):
    """A font's advance widths by character (thousandths of the size); unknown characters get the
    font's default width, as reportlab measures them."""

    def __init__(self, font_name: str):
        face = pdfmetrics.getFont(font_name).face
        super().__init__((chr(code), width) for code, width in face.charWidths.items())
        self.default = face.defaultWidth

    def __missing__(self, char: str) -> float:
        return self.default


_widths: dict[str, _Widths] = {}


def _widths_of(font: str) -> _Widths:
    widths = _widths.get(font)
    if widths is None:
        register_fonts()
        widths = _widths[font] = _Widths(font)
    return widths


def string_width(text: str, font: str = FONT, size: float = 9.0) -> float:
    """The width of ``text`` in points (as ``pdfmetrics.stringWidth``, faster for the kit's fonts)."""
    if font not in (FONT, FONT_BOLD):
        return pdfmetrics.stringWidth(text, font, size)
    return sum(map(_widths_of(font).__getitem__, text)) * size / 1000


# Where a line may break: at white space, never at a no-break one (the thousands of «48 500,00 ₸»).
_BREAKS = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def split_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` points between words, as reportlab's
    ``simpleSplit`` does, except that a no-break space joins: ``simpleSplit`` breaks an amount at its
    thousands and prints an ordinary space there. A word wider than the line stands alone on it."""
    space = string_width(" ", font, size)
    lines = []
    for paragraph in text.split("\n"):
        words, used = [], 0.0
        for word in filter(None, _BREAKS.split(paragraph)):
            wide = string_width(word, font, size)
            if words and used + space + wide > width:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0.0) + wide
            words.append(word)
        if words:
            lines.append(" ".join(words))
    return lines


_CONTROLS = re.compile("[\n\r\t\v\f\x00]")


def clean_text(text: object) -> str:
    """One line of text for a cell: no line breaks, tabs or runs of spaces."""
    if text is None:
        return ""
    text = str(text)
    if _CONTROLS.search(text):
        text = " ".join(text.split())
    return text


def fit_text(text: str, width: float, font: str = FONT, size: float = 9.0) -> str:
    """``text`` as it fits in ``width`` points: unchanged, or cut with an ellipsis («Мұқанов…»).
    Nothing at all when not even the ellipsis fits."""
    if not text:
        return ""
    if string_width(text, font, size) <= width:
        return text
    room = width - string_width(ELLIPSIS, font, size)
    if room <= 0:
        return ""
    if font not in (FONT, FONT_BOLD):
        cut = len(text)
        while cut and string_width(text[:cut], font, size) > room:
            cut -= 1
        return text[:cut].rstrip() + ELLIPSIS
    # The longest prefix that fits, measured once along the text.
    limit = room * 1000 / size
    widths = _widths_of(font)
    used = 0.0
    cut = 0
    for cut, char in enumerate(text):  # noqa: B007 - the cut is read after the loop
        used += widths[char]
        if used > limit:
            break
    return text[:cut].rstrip() + ELLIPSIS


def _fits_in_lines(text: str, width: float, font: str, size: float, lines: int) -> bool:
    """Whether ``text`` wraps into at most ``lines`` lines of ``width`` without cutting a word."""
    split = split_lines(text, font, size, width)
    return len(split) <= lines and all(string_width(line, font, size) <= width for line in split)


def wrap_text(text: str, width: float, font: str = FONT, size: float = 9.0) -> list[str]:
    """``text`` broken into lines of at most ``width`` points, at spaces where it can, and a word
    alone wider than that after a hyphen or a slash in it (a double surname, a contract number), else
    where it must: nothing is cut."""
    if "\n" not in text and string_width(text, font, size) <= width:
        return [text.strip()] if text.strip() else []  # most cells: one measure, nothing to break
    lines = []
    for line in split_lines(text, font, size, width):
        while string_width(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and string_width(line[:cut], font, size) > width:
                cut -= 1
            hyphen = max(line.rfind("-", 1, cut), line.rfind("/", 1, cut))
            if hyphen > 0:
                cut = hyphen + 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


class Cancelled(Exception):
    """A render stopped because its caller's cancel check said so; no file was written."""


class _Operands:
    """Lines of one of the kit's fonts as PDF string operands, each character looked up in a table
    of the codes the canvas gave it in the font's first subset: reportlab's own way (split into
    subsets, escape, then format every number) takes most of a long register's time. A character
    outside that subset, or not in the font, leaves the line to reportlab (``operand`` gives None)."""

    _ESCAPED = tuple(escapePDF(bytes([code])) for code in range(256))

    def __init__(self, canvas: Canvas, font: str):
        self._font = pdfmetrics.getFont(font)
        self._doc = canvas._doc
        self._assignments = self._font._assignState(self._doc).assignments
        self._table: dict[int, str] = {}
        self._known: set[str] = set()
        self.name = self._font.getSubsetInternalName(0, self._doc)

    def operand(self, text: str) -> str | None:
        if not self._known.issuperset(text):
            self._font.splitString(text, self._doc)  # gives the new characters their codes
            for code, assigned in self._assignments.items():
                if assigned < 256 and code not in self._table:
                    self._table[code] = self._ESCAPED[assigned]
                    self._known.add(chr(code))
                    if code == 32:  # reportlab prints a no-break space as a space
                        self._table[0xA0] = self._ESCAPED[assigned]
                        self._known.add("\u00a0")
            if not self._known.issuperset(text):
                return None
        return text.translate(self._table)


# --------------------------------------------------------------------------------------------
# The page frame


class _CountingCanvas(Canvas):
    """A canvas that keeps every finished page until ``save`` and only then draws what needs the
    page count (the footer), so one pass is enough for "Page N of M"."""

    def __init__(self, *args, decorate, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept_pages: list[dict] = []
        self._decorate = decorate

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._kept_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        self._kept_pages.append(dict(self.__dict__))
        kept, self._kept_pages = self._kept_pages, []
        total = len(kept)
        for number, state in enumerate(kept, start=1):
            self.__dict__.update(state)
            self._kept_pages = []
            self.saveState()
            self._decorate(self, number, total)
            self.restoreState()
            Canvas.showPage(self)
        # Page streams are compressed but not also ASCII85-encoded (reportlab's default): the
        # encoding is pure Python, takes a quarter of a long register's time and adds a quarter
        # to the file. reportlab reads the switch when it writes the file, so it is set just then.
        with _save_lock:
            saved, rl_config.useA85 = rl_config.useA85, 0
            try:
                Canvas.save(self)
            finally:
                rl_config.useA85 = saved


class PageFrame:
    """One PDF document on A4 with the office's header, footer and (optionally) draft mark.

    Draw between ``frame.bottom`` and ``frame.y`` (which starts at ``frame.top``; move it down as
    you draw), from ``frame.left`` to ``frame.right``; ``ensure(height)`` starts a new page when
    that much room is not left. ``save()`` writes the file (atomically) and returns its path.
    """

    margin_left = 20 * mm
    margin_right = 12 * mm
    margin_top = 12 * mm
    margin_bottom = 12 * mm
    header_height = 28.0   # title line, rule and the gap below it
    footer_height = 20.0   # gap, rule and the footer line

    def __init__(self, path: str | os.PathLike, *, title: str, district: str, printed_on: date, lang: str,
                 landscape: bool = False, draft: bool = False, author: str = AUTHOR,
                 subject: str | None = None, keywords: str | None = None, header_date: bool = True):
        register_fonts()
        self.path = Path(path)
        self.title = title
        self.district = district
        self.printed_on = printed_on
        self.lang = lang
        self.draft = draft
        # A document with a date of its own (a protocol) names it in its title: the header then
        # leaves out the print date, which a reader would take for the document's (the footer has it).
        self.header_date = header_date
        self.pagesize = _landscape(A4) if landscape else A4
        self.width, self.height = self.pagesize
        self.left = self.margin_left
        self.right = self.width - self.margin_right
        self.content_width = self.right - self.left
        self.top = self.height - self.margin_top - self.header_height
        self.bottom = self.margin_bottom + self.footer_height
        self.page = 0
        self.y = self.top
        self._part = self.path.with_name(f".{self.path.name}.part")
        self.canvas = _CountingCanvas(str(self._part), pagesize=self.pagesize, pageCompression=1,
                                      initialFontName=FONT, initialFontSize=9,
                                      lang=lang, decorate=self._draw_footer)
        set_metadata(self.canvas, title=f"{title} — {district}" if district else title, author=author,
                     subject=subject or title, keywords=keywords)
        self._start_page()

    # -- pages

    def _start_page(self) -> None:
        self.page += 1
        self.y = self.top
        if self.draft:
            self._draw_draft_mark()
        self._draw_header()

    def new_page(self) -> None:
        self.canvas.showPage()
        self._start_page()

    def room(self) -> float:
        """Points left above the footer on this page."""
        return self.y - self.bottom

    def ensure(self, height: float) -> bool:
        """Starts a new page unless ``height`` points are left; True when it did."""
        if self.y - height < self.bottom and self.y < self.top:
            self.new_page()
            return True
        return False

    # -- what every page carries

    def _draw_header(self) -> None:
        """The title at the left and the district with the print day at the right of one line, smaller
        when that is what it takes; still too long, each wraps upwards in its part of the line (the top
        margin has room), so nothing in a paper's header is cut."""
        c = self.canvas
        baseline = self.height - self.margin_top - 11
        # The header names the district and the day the document was printed (register).
        day = format_date_long(self.printed_on, self.lang) if self.header_date else ""
        place_and_day = ", ".join(filter(None, (self.district, day)))
        for title_size, district_size in ((11.0, 9.0), (10.0, 8.5), (9.0, 8.0)):
            district_w = string_width(place_and_day, FONT, district_size)
            if string_width(self.title, FONT_BOLD, title_size) + 12 + district_w <= self.content_width:
                titles, districts = [self.title], [place_and_day]
                break
        else:
            district_w = min(district_w, self.content_width * 0.4)
            districts = wrap_text(place_and_day, district_w, FONT, district_size)
            titles = wrap_text(self.title, self.content_width - district_w - 12, FONT_BOLD, title_size)
        c.setFillGray(0)
        c.setFont(FONT_BOLD, title_size)
        for above, line in enumerate(reversed(titles)):
            c.drawString(self.left, baseline + above * (title_size + 1), line)
        c.setFont(FONT, district_size)
        for above, line in enumerate(reversed(districts)):
            c.drawRightString(self.right, baseline + above * (district_size + 1), line)
        c.setStrokeGray(0.35)
        c.setLineWidth(0.6)
        rule = baseline - 6
        c.line(self.left, rule, self.right, rule)

    def _draw_footer(self, c: Canvas, page: int, pages: int) -> None:
        size = 8.0
        rule = self.margin_bottom + 11
        baseline = self.margin_bottom + 2
        c.setStrokeGray(0.6)
        c.setLineWidth(0.4)
        c.line(self.left, rule, self.right, rule)
        c.setFillGray(0.25)
        c.setFont(FONT, size)
        page_text = translate("Page {page} of {pages}", self.lang, page=page, pages=pages)
        c.drawRightString(self.right, baseline, page_text)
        printed = translate("Printed: {date}", self.lang, date=format_date_long(self.printed_on, self.lang))
        room = self.content_width - string_width(page_text, FONT, size) - 12
        c.drawString(self.left, baseline, fit_text(printed, room, FONT, size))

    def _draw_draft_mark(self) -> None:
        c = self.canvas
        text = translate("DRAFT", self.lang)
        diagonal = (self.width ** 2 + self.height ** 2) ** 0.5
        size = 110.0
        size = min(size, size * diagonal * 0.6 / max(string_width(text, FONT_BOLD, size), 1))
        c.saveState()
        c.setFillGray(0.88)
        c.setFont(FONT_BOLD, size)
        c.translate(self.width / 2, self.height / 2)
        c.rotate(_degrees(self.height, self.width))
        c.drawCentredString(0, -size * 0.35, text)
        c.restoreState()

    # -- plain text

    def paragraph(self, text: str, *, size: float = 10.0, bold: bool = False, leading: float | None = None,
                  space_after: float = 4.0, gray: float = 0.0) -> None:
        """A paragraph wrapped to the frame's width, broken across pages by whole lines."""
        font = FONT_BOLD if bold else FONT
        leading = leading or size * 1.3
        c = self.canvas
        for line in split_lines(text, font, size, self.content_width):
            self.ensure(leading)
            self.y -= leading
            c.setFillGray(gray)
            c.setFont(font, size)
            c.drawString(self.left, self.y + leading - size, line)
        self.y -= space_after

    # -- platypus flowables (paragraphs, small tables) for documents with running text

    def flow(self, flowables: Iterable, *, keep_together: bool = False) -> None:
        """Lays platypus flowables down the frame, splitting one (a long paragraph, a table) across
        pages where it allows, else moving it to the next page. ``keep_together`` moves the whole
        group to a new page when it does not fit in what is left of this one (a signature block)."""
        pending = list(flowables)
        if keep_together and self.y < self.top:
            height = sum(f.wrapOn(self.canvas, self.content_width, self.top - self.bottom)[1]
                         + f.getSpaceBefore() + f.getSpaceAfter() for f in pending)
            if height > self.room() and height <= self.top - self.bottom:
                self.new_page()
        while pending:
            flowable = pending.pop(0)
            if self.y < self.top:  # no space above the first thing on a page
                self.y -= min(flowable.getSpaceBefore(), self.room())
            room = self.room()
            _, height = flowable.wrapOn(self.canvas, self.content_width, room)
            if height > room:
                parts = flowable.splitOn(self.canvas, self.content_width, room)
                if len(parts) > 1:
                    pending[:0] = parts[1:]
                    flowable = parts[0]
                    _, height = flowable.wrapOn(self.canvas, self.content_width, room)
                elif self.y < self.top:
                    self.new_page()
                    pending.insert(0, flowable)
                    continue
                # else: taller than a whole page and unsplittable; drawn, and it overflows.
            flowable.drawOn(self.canvas, self.left, self.y - height)
            self.y -= height + min(flowable.getSpaceAfter(), max(self.room() - height, 0))

    # -- the file

    def save(self) -> Path:
        """Writes the PDF (to a temporary name, then renamed over ``path``) and returns ``path``."""
        try:
            self.canvas.save()
            os.replace(self._part, self.path)
        except BaseException:
            self._part.unlink(missing_ok=True)
            raise
        return self.path

    def __enter__(self) -> PageFrame:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.save()


def _degrees(height: float, width: float) -> float:
    return math.degrees(math.atan2(height, width))


def set_metadata(canvas: Canvas, *, title: str, author: str = AUTHOR, subject: str = "",
                 keywords: str | None = None) -> None:
    """The PDF's document information: title, author, subject (and creator, keywords)."""
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator(AUTHOR)
    if keywords:
        canvas.setKeywords(keywords)


# --------------------------------------------------------------------------------------------
# The table writer


@dataclass(frozen=True)
class Column:
    """One column: its header (an English msgid, translated in the report's language), its width as
    a fraction of the frame's width (fractions are scaled to add up to 1) and its alignment."""

    msgid: str
    width: float
    align: str = "left"   # "left", "right" or "center"

    def __post_init__(self):
        if self.align not in ("left", "right", "center"):
            raise ValueError(f"alignment {self.align!r}")
        if self.width <= 0:
            raise ValueError(f"width {self.width!r}")


class TableWriter:
    """Rows drawn straight on the frame's canvas, each cell's text wrapped inside its column.

    Nothing on a paper is cut (docs/domain.md): a name, title or number too long for its column goes
    on over as many lines as it needs, between words, else after a hyphen, and its row grows. The
    header row opens every page the table reaches; a heading (``heading`` or ``section``) never sits
    alone at the bottom of a page, and when a section goes on over a page break its heading is
    repeated, marked as continued. ``total`` draws a bold line with a rule above it.
    """

    def __init__(self, frame: PageFrame, columns: Sequence[Column], *, font_size: float = 8.5,
                 padding: float = 3.0, row_height: float | None = None):
        if not columns:
            raise ValueError("a table needs a column")
        self.frame = frame
        self.columns = tuple(columns)
        self.font_size = font_size
        self.padding = padding
        # Taller rows than the text needs leave room to write by hand (a registration sheet).
        self.row_height = row_height or round(font_size * 1.55, 2)
        self._leading = round(font_size * 1.2, 2)
        self.heading_height = round(font_size * 2.4, 2)
        self.total_height = self.row_height + 3
        scale = frame.content_width / sum(col.width for col in self.columns)
        self.widths = [col.width * scale for col in self.columns]
        self.lefts = []
        x = frame.left
        for width in self.widths:
            self.lefts.append(x)
            x += width
        self.rows_written = 0
        self._operands: _Operands | None = None
        self._header_page = 0
        self._section: str | None = None
        # The room a cell's text has: its width less the padding.
        self.rooms = [w - 2 * padding for w in self.widths]
        # A header with a word wider than its column, or longer than three lines, is set smaller
        # (down to 6.5 pt) before it wraps further.
        self._header_lines = []
        self._header_sizes = []
        for col, room in zip(self.columns, self.rooms):
            text = translate(col.msgid, frame.lang)
            size = font_size
            while size > 6.5 and not _fits_in_lines(text, room, FONT_BOLD, size, 3):
                size -= 0.5
            self._header_lines.append(wrap_text(text, room, FONT_BOLD, size) or [""])
            self._header_sizes.append(size)
        self._header_leading = round(font_size * 1.2, 2)
        self.header_height = (max(map(len, self._header_lines)) - 1) * self._header_leading + self.row_height + 3

    # -- pages

    def _make_room(self, height: float, continuing: bool = True) -> None:
        """Makes sure ``height`` points fit below the header row (drawn first on a fresh page)."""
        frame = self.frame
        header = self.header_height if frame.page != self._header_page else 0
        if frame.y - header - height < frame.bottom and (header == 0 or frame.y < frame.top):
            frame.new_page()
        if frame.page != self._header_page:
            self._draw_header()
            if continuing and self._section is not None:
                self._draw_heading(translate("{heading} (continued)", frame.lang, heading=self._section))

    def _draw_header(self) -> None:
        frame, c = self.frame, self.frame.canvas
        top, height = frame.y, self.header_height
        c.setFillGray(0.9)
        c.rect(frame.left, top - height, frame.content_width, height, stroke=0, fill=1)
        c.setStrokeGray(0.45)
        c.setLineWidth(0.6)
        c.line(frame.left, top, frame.right, top)
        c.line(frame.left, top - height, frame.right, top - height)
        c.setFillGray(0)
        leading = self._header_leading
        for col, left, width, lines, size in zip(self.columns, self.lefts, self.widths, self._header_lines,
                                                 self._header_sizes):
            # The lines of each header are centred on the row, as a block.
            c.setFont(FONT_BOLD, size)
            first = top - height / 2 + (len(lines) - 1) * leading / 2 - size * 0.35
            for i, line in enumerate(lines):
                self._draw_cell(c, line, col.align, left, width, first - i * leading)
        frame.y = top - height
        self._header_page = frame.page

    def _heading_lines(self, text: str) -> tuple[list[str], float, float]:
        """A heading's lines, its size and its height (one line more for each line it wraps onto)."""
        size = self.font_size + 1.5
        lines = wrap_text(clean_text(text), self.frame.content_width - 2 * self.padding, FONT_BOLD, size)
        return lines, size, self.heading_height + max(len(lines) - 1, 0) * size * 1.2

    def _draw_heading(self, text: str) -> None:
        frame, c = self.frame, self.frame.canvas
        lines, size, height = self._heading_lines(text)
        c.setFillGray(0)
        c.setFont(FONT_BOLD, size)
        # The last line sits where a one-line heading does, just above the rows; the others above it.
        last = frame.y - height + size * 0.55
        for i, line in enumerate(lines):
            c.drawString(frame.left + self.padding, last + (len(lines) - 1 - i) * size * 1.2, line)
        frame.y -= height

    def _draw_cell(self, c: Canvas, text: str, align: str, left: float, width: float, baseline: float) -> None:
        if not text:
            return
        if align == "left":
            c.drawString(left + self.padding, baseline, text)
        elif align == "right":
            c.drawRightString(left + width - self.padding, baseline, text)
        else:
            c.drawCentredString(left + width / 2, baseline, text)

    # -- content

    def heading(self, text: str, *, keep_with_next: float | None = None) -> None:
        """A section heading (a village, say), kept on the same page as what follows it: one row,
        unless ``keep_with_next`` says how many points."""
        self._section = None
        keep = self.row_height if keep_with_next is None else keep_with_next
        self._make_room(self._heading_lines(text)[2] + keep, continuing=False)
        self._draw_heading(text)
        self._section = text

    def row(self, values: Sequence[object], *, keep_with_next: float = 0.0,
            tint: colors.Color | None = None) -> None:
        """One row, as tall as its longest cell's lines need (at least ``row_height``), each cell's
        lines centred on it; ``keep_with_next`` points must fit below it on the same page (a totals
        line); ``tint`` fills it behind its text (a row to notice)."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        size, leading, padding = self.font_size, self._leading, self.padding
        cells = [wrap_text(clean_text(value), room, FONT, size) for value, room in zip(values, self.rooms)]
        lines = max(map(len, cells))
        # A one-line row keeps its height (a long register's page holds as many rows as before).
        height = max(self.row_height, lines * leading + 2 * padding) if lines > 1 else self.row_height
        self._make_room(height + keep_with_next)
        frame, c = self.frame, self.frame.canvas
        top = frame.y
        bottom = top - height
        if tint is not None:
            c.saveState()
            c.setFillColor(tint)
            c.rect(frame.left, bottom, frame.content_width, height, stroke=0, fill=1)
            c.restoreState()
        placed = []  # (x, baseline, line) of every line of every cell
        for cell, col, left, width in zip(cells, self.columns, self.lefts, self.widths):
            first = top - height / 2 + (len(cell) - 1) * leading / 2 - size * 0.35
            for i, line in enumerate(cell):
                if col.align == "left":
                    x = left + padding
                elif col.align == "right":
                    x = left + width - padding - string_width(line, FONT, size)
                else:
                    x = left + (width - string_width(line, FONT, size)) / 2
                placed.append((x, first - i * leading, line))
        if self._operands is None or self._operands._doc is not c._doc:
            self._operands = _Operands(c, FONT)
        c.setFillGray(0)
        # One text block for the whole row, written as PDF operators as reportlab's text object
        # would write them (the font after the first line's origin, T* after each line), but far
        # faster. A character past the font's first subset, or one it lacks, leaves the row to
        # reportlab.
        operand = self._operands.operand
        block = ["BT 1 0 0 1 0 0 Tm"]
        font = f"{self._operands.name} {size} Tf {leading} TL "
        for x, y, line in placed:
            text = operand(line)
            if text is None:
                text_object = c.beginText()
                text_object.setFont(FONT, size)
                for again_x, again_y, again in placed:
                    text_object.setTextOrigin(again_x, again_y)
                    text_object.textLine(again)
                c.drawText(text_object)
                break
            block.append(f"1 0 0 1 {x:.4f} {y:.4f} Tm {font}({text}) Tj T*")
            font = ""
        else:
            block.append("ET")
            c._code.append(" ".join(block))
        # The light rule below the row: a gray, a width and a line, as setStrokeGray, setLineWidth
        # and line would write them.
        c.setStrokeGray(0.82)
        c.setLineWidth(0.3)
        c._code.append(f"n {frame.left:.2f} {bottom:.2f} m {frame.right:.2f} {bottom:.2f} l S")
        frame.y = bottom
        self.rows_written += 1

    def total(self, cells: str | Sequence[object]) -> None:
        """A bold totals line: one text across the table, or one value per column; wrapped as rows are."""
        frame, size, padding = self.frame, self.font_size, self.padding
        if isinstance(cells, str):
            spans = [(frame.left, frame.content_width, "left",
                      wrap_text(clean_text(cells), frame.content_width - 2 * padding, FONT_BOLD, size))]
        else:
            if len(cells) != len(self.columns):
                raise ValueError(f"{len(cells)} values for {len(self.columns)} columns")
            spans = [(left, width, col.align, wrap_text(clean_text(value), room, FONT_BOLD, size))
                     for value, col, left, width, room in zip(cells, self.columns, self.lefts, self.widths, self.rooms)]
        lines = max((len(span[3]) for span in spans), default=0)
        height = max(self.total_height, lines * self._leading + 2 * padding + 3) if lines > 1 else self.total_height
        self._make_room(height)
        c = frame.canvas
        top = frame.y
        c.setStrokeGray(0.3)
        c.setLineWidth(0.7)
        c.line(frame.left, top, frame.right, top)
        c.setFillGray(0)
        c.setFont(FONT_BOLD, size)
        for left, width, align, cell in spans:
            first = top - height / 2 + (len(cell) - 1) * self._leading / 2 - size * 0.35
            for i, line in enumerate(cell):
                self._draw_cell(c, line, align, left, width, first - i * self._leading)
        frame.y = top - height
        self._section = None

    def section(self, heading: str, rows: Iterable[Sequence[object]],
                total: str | Sequence[object] | None = None) -> int:
        """A heading, its rows and (optionally) its totals line, the last row kept with the totals.
        Returns the number of rows written."""
        iterator = iter(rows)
        first = next(iterator, None)
        second = next(iterator, None) if first is not None else None
        # A short section keeps its heading with all of itself: its row (if any) and its totals.
        keep = self.row_height
        if second is None and total is not None:
            keep = self.total_height + (self.row_height if first is not None else 0)
        self.heading(heading, keep_with_next=keep)
        count = 0
        stream = itertools.chain([r for r in (first, second) if r is not None], iterator)
        previous = next(stream, None)
        for current in stream:
            self.row(previous)
            count += 1
            previous = current
        if previous is not None:
            self.row(previous, keep_with_next=self.total_height if total is not None else 0.0)
            count += 1
        if total is not None:
            self.total(total)
        self._section = None
        return count

    def space(self, height: float) -> None:
        """Blank space below the table's last line (nothing at the top of a page)."""
        frame = self.frame
        if frame.y - height < frame.bottom:
            frame.y = frame.bottom
        elif frame.page == self._header_page and frame.y < frame.top:
            frame.y -= height


# --------------------------------------------------------------------------------------------
# Pieces of the period reports


@dataclass(frozen=True)
class PeriodData:
    """What every period report's data starts with (``IssuesReport`` and the others extend it)."""

    lang: str
    printed_on: date
    district: str
    date_from: date
    date_to: date


BOX_FILL = colors.Color(0.95, 0.95, 0.95)
BOX_RULE = colors.Color(0.78, 0.78, 0.78)
ALERT_FILL = colors.HexColor("#FBE9E7")
ALERT_INK = colors.HexColor("#B3261E")


@dataclass(frozen=True)
class Figure:
    """A key figure in a box: its label and number as the report writes them; an alert one is red."""

    label: str
    number: str
    alert: bool = False


def decimal_text(value: float | None, lang: str) -> str:
    """12.0 or 1,250.5 as each language writes it (12,0 and 1 250,5 in kk and ru); a dash for none.
    Always one decimal: a column of shares or hours never shows 36 beside 21,5."""
    if value is None:
        return "—"
    text = f"{value:,.1f}"
    return text if lang == "en" else text.replace(",", "\u00a0").replace(".", ",")


def period_text(date_from: date, date_to: date, lang: str) -> str:
    return translate("Period: {start} — {end}", lang, start=format_date_long(date_from, lang),
                     end=format_date_long(date_to, lang))


def period_frame(path: str | os.PathLike, title: str, data: PeriodData, *, landscape: bool = False,
                 space_after: float = 12.0) -> PageFrame:
    """A period report's frame, its first page opened by the title, the district and the period,
    centred, ``space_after`` points above what follows."""
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=data.lang,
                      landscape=landscape, subject=title, keywords=data.district)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER,
                             spaceAfter=2)
    line = ParagraphStyle("line", fontName=FONT, fontSize=10.5, leading=14, alignment=TA_CENTER, spaceAfter=1)
    period = period_text(data.date_from, data.date_to, data.lang)
    frame.flow([Paragraph(escape(title), heading), Paragraph(escape(data.district), line),
                Paragraph(escape(period), ParagraphStyle("period", parent=line, spaceAfter=space_after))])
    return frame


def figure_boxes(frame: PageFrame, figures: Sequence[Figure], *, height: float = 58.0, per_row: int = 0,
                 gap: float = 6.0, space_after: float = 12.0, fill: colors.Color = BOX_FILL,
                 rule: colors.Color = BOX_RULE, ink: colors.Color = colors.black) -> None:
    """Figures in boxes, ``per_row`` a row (all in one row unless given): the number large, its label
    below on up to three lines."""
    c = frame.canvas
    per_row = per_row or len(figures)
    width = (frame.content_width - gap * (per_row - 1)) / per_row
    for start in range(0, len(figures), per_row):
        frame.ensure(height + 10)
        top = frame.y
        for index, figure in enumerate(figures[start:start + per_row]):
            left = frame.left + index * (width + gap)
            c.setFillColor(ALERT_FILL if figure.alert else fill)
            c.setStrokeColor(rule)
            c.setLineWidth(0.5)
            c.roundRect(left, top - height, width, height, 4, stroke=1, fill=1)
            c.setFillColor(ALERT_INK if figure.alert else ink)
            c.setFont(FONT_BOLD, 18)
            c.drawCentredString(left + width / 2, top - 24, fit_text(figure.number, width - 6, FONT_BOLD, 18))
            c.setFillGray(0.25)
            c.setFont(FONT, 7.5)
            for i, line in enumerate(split_lines(figure.label, FONT, 7.5, width - 8)[:3]):
                c.drawCentredString(left + width / 2, top - 36 - i * 9, fit_text(line, width - 6, FONT, 7.5))
        frame.y = top - height - space_after


def subheading(frame: PageFrame, text: str, keep: float, *, size: float = 11.5, before: float = 8.0,
               after: float = 4.0) -> None:
    """A bold heading ``before`` points below what precedes it, kept with ``keep`` points of what
    follows."""
    frame.ensure(keep + before + 16)
    frame.y -= before
    frame.paragraph(text, size=size, bold=True, space_after=after)


def draw_drawing(frame: PageFrame, drawing) -> None:
    """A reportlab graphics ``Drawing`` (a chart) at the frame's left, on this page if it fits."""
    from reportlab.graphics import renderPDF  # loaded on first use: only the charts need it

    frame.ensure(drawing.height + 6)
    renderPDF.draw(drawing, frame.canvas, frame.left, frame.y - drawing.height)
    frame.y -= drawing.height + 6


def value_axis(axis, highest: int) -> None:
    """A chart's value axis from 0 in about six whole steps, with a light grid."""
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
