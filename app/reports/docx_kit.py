"""Word copies (.docx) of the printed papers, for the secretary who adjusts a sentence before signing
(docs/domain.md, Minutes): the same blocks the PDF draws (app/reports/blocks.py), on A4 with the
PDF's margins, in Noto Sans, the font the PDFs embed, which has every Kazakh letter.

Word picks a run's font by its script: the name is set for Latin, East Asian and complex scripts
alike, so neither Word nor LibreOffice falls back to a font without ә, ғ, қ, ң, ө, ұ, ү, һ, і.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.i18n import translate
from app.reports.blocks import Gap, Grid, Group, PageBreak, Pair, Signatures, Text
from app.reports.kit import PageFrame

FONT_NAME = "Noto Sans"
SIZE = 11.0

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Each style as the PDF's: (size, bold, alignment, space before, space after, left indent, first line).
STYLES = {
    "body": (SIZE, False, "justify", 0, SIZE * 0.25, 0, 0),
    "line": (SIZE, False, "left", 0, SIZE * 0.25, 0, 0),
    "indented": (SIZE, False, "left", 0, SIZE * 0.25, 14, -6),
    "keyword": (SIZE, True, "left", SIZE * 0.6, SIZE * 0.2, 0, 0),
    "heading": (SIZE + 2, True, "center", 0, SIZE * 0.3, 0, 0),
    "item": (SIZE, False, "justify", SIZE, SIZE * 0.25, 0, 0),
    "right": (SIZE, False, "right", 0, SIZE * 0.25, 0, 0),
    "sheet_title": (SIZE + 2, True, "center", 0, 0, 0, 0),
    "centered": (SIZE, False, "center", 0, SIZE, 0, 0),
}


def _set_font(element, size: float | None = None) -> None:
    """The font for every script of a style or a run."""
    element.font.name = FONT_NAME
    if size is not None:
        element.font.size = Pt(size)
    properties = element.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT_NAME)


def new_document(*, title: str, subject: str = "", lang: str, landscape: bool = False,
                 header: str = "") -> Document:
    """An empty A4 document with the PDF's margins, the font, the language and the title."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = Mm(PageFrame.margin_left / 72 * 25.4)
    section.right_margin = Mm(PageFrame.margin_right / 72 * 25.4)
    section.top_margin = Mm(PageFrame.margin_top / 72 * 25.4) + Mm(8)
    section.bottom_margin = Mm(PageFrame.margin_bottom / 72 * 25.4) + Mm(6)
    section.header_distance = Mm(PageFrame.margin_top / 72 * 25.4)
    section.footer_distance = Mm(PageFrame.margin_bottom / 72 * 25.4)
    normal = document.styles["Normal"]
    _set_font(normal, SIZE)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), {"kk": "kk-KZ", "ru": "ru-RU"}.get(lang, "en-GB"))
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = title
    document.core_properties.subject = subject
    document.core_properties.language = lang
    if header:
        paragraph = section.header.paragraphs[0]
        paragraph.text = header
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in paragraph.runs:
            run.font.size = Pt(8)
    return document


def _paragraph(document, text: str, style: tuple, *, lead: str = "", bold: bool = False, keep: bool = False):
    size, strong, align, before, after, indent, first = style
    paragraph = document.add_paragraph()
    if lead:
        run = paragraph.add_run(lead + (" " if text else ""))
        run.bold = True
        run.font.size = Pt(size)
    run = paragraph.add_run(text.replace("№ ", "№\u00a0"))  # «№ 3» never parts from its number
    run.bold = strong or bold
    run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.15
    if indent:
        fmt.left_indent, fmt.first_line_indent = Mm(indent), Mm(first)
    fmt.keep_with_next = keep
    return paragraph


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_border(cell, side: str) -> None:
    borders = OxmlElement("w:tcBorders")
    element = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
        element.set(qn(key), value)
    borders.append(element)
    cell._tc.get_or_add_tcPr().append(borders)


def _cell_text(cell, text: str, style: str = "line", *, bold: bool = False, align: str | None = None,
               size: float | None = None) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size or STYLES[style][0])
    paragraph.paragraph_format.alignment = _ALIGN[align or STYLES[style][2]]


def _row_height(row, points: float) -> None:
    row.height = Pt(points)


def add_table(document, headers: list[str], rows: Iterable[Iterable[str]], widths: list[float], *,
              size: float = 10.0, aligns: list[str] | None = None, row_height: float | None = None,
              bold_rows: Collection[int] = ()) -> None:
    """A table with lines, its header row (if any) repeated on every page; ``widths`` in millimetres;
    the rows in ``bold_rows`` (counted from 0, below the header) in bold."""
    aligns = aligns or ["left"] * len(widths)
    table = document.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    # The PDF's 3-point padding: Word's wider default would break a date inside a narrow column.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "60")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    if headers:
        header = table.add_row()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, text in zip(header.cells, headers):
            _cell_text(cell, text, bold=True, align="center", size=size)
    for index, values in enumerate(rows):
        row = table.add_row()
        for cell, value, align in zip(row.cells, values, aligns):
            _cell_text(cell, value, bold=index in bold_rows, align=align, size=size)
        if row_height:
            _row_height(row, row_height)
    _widths(table, widths)


def add_text(document, text: str, *, size: float = SIZE, bold: bool = False, align: str = "left",
             before: float = 0, after: float = 0):
    """One paragraph in the given type."""
    return _paragraph(document, text, (size, bold, align, before, after, 0, 0))


def _widths(table, widths: list[float]) -> None:
    """Column widths in millimetres, on the grid (LibreOffice reads it) and on each cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def content_width(document) -> float:
    """The width between the margins, in millimetres."""
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def add_blocks(document, groups: list[Group], lang: str, styles: dict | None = None) -> None:
    """Renders the blocks in order, each text in its style (``STYLES`` unless a paper brings its own);
    a group kept together keeps each paragraph with the next."""
    styles = styles or STYLES
    width = content_width(document)
    for part in groups:
        for index, block in enumerate(part.blocks):
            keep = part.keep_together and index < len(part.blocks) - 1
            if isinstance(block, Text):
                _paragraph(document, block.text, styles[block.style], lead=block.lead, bold=block.bold, keep=keep)
            elif isinstance(block, Gap):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = keep
                paragraph.paragraph_format.line_spacing = Pt(block.points)
            elif isinstance(block, PageBreak):
                document.add_page_break()
            elif isinstance(block, Pair):
                table = document.add_table(rows=1, cols=2)
                _borderless(table)
                _cell_text(table.rows[0].cells[0], block.left, "line")
                _cell_text(table.rows[0].cells[1], block.right, "right")
                _widths(table, [width / 2, width / 2])
            elif isinstance(block, Signatures):
                table = document.add_table(rows=len(block.rows), cols=3)
                _borderless(table)
                for row, (role, name) in zip(table.rows, block.rows):
                    _row_height(row, 34)
                    _cell_text(row.cells[0], role)
                    _cell_border(row.cells[1], "bottom")  # the line to sign on
                    _cell_text(row.cells[2], name)
                    for cell in row.cells:
                        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                _widths(table, [width * 0.3, width * 0.3, width * 0.4])
            elif isinstance(block, Grid):
                total = sum(column.width for column in block.columns)
                add_table(document, [translate(column.msgid, lang) for column in block.columns], block.rows,
                          [width * column.width / total for column in block.columns], size=block.font_size,
                          aligns=[column.align for column in block.columns], row_height=block.row_height)


def save(document, path: str | os.PathLike) -> Path:
    """Writes the document atomically: a half-written file never replaces a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")  # as the PDFs are written
    try:
        document.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
