"""The decisions register for a period: each adopted decision with its meeting, who carries
it out and by when, when it went to the akim and what came back, and its status; overdue rows stand
out (bold on a shaded row); totals by status at the end. A4 landscape.

The meeting reports service builds ``RegisterData``; ``cells`` and ``totals_by_status`` say what is
printed, which ``render`` draws with the shared kit and ``render_docx`` as a Word copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.i18n import N_, format_date, format_date_long, format_number, translate
from app.reports.kit import FONT, FONT_BOLD, PageFrame, wrap_text
from app.reports.minutes import ASSEMBLY, GATHERING

TITLE = N_("Register of decisions")
STATUSES = {"in_progress": N_("in progress"), "done": N_("done"), "overdue": N_("overdue"),
            "rejected": N_("rejected")}
# Header and width (a share of the page) of each column.
COLUMNS = ((N_("No."), 0.06), (N_("Meeting"), 0.11), (N_("Decision"), 0.27), (N_("Responsible"), 0.12),
           (N_("Deadline"), 0.085), (N_("Sent to the akim"), 0.085), (N_("Answer due"), 0.085),
           (N_("Answer received"), 0.085), (N_("Status"), 0.10))
SHADE = 0.9


@dataclass(frozen=True)
class RegisterRow:
    label: str            # "3/2026"
    meeting_kind: str
    meeting_kind_name: str  # for "other": the district's name for the kind, in the document's language
    meeting_number: int
    meeting_date: date
    text: str
    responsible: str
    deadline: date | None
    sent_on: date | None
    send_by: date         # when it should go to the akim at the latest
    answer_due: date | None
    answer_on: date | None
    status: str           # in_progress / done / rejected / overdue


@dataclass(frozen=True)
class RegisterData:
    lang: str
    printed_on: date
    district: str
    date_from: date | None
    date_to: date | None
    status: str | None
    rows: tuple[RegisterRow, ...]


def _meeting(row: RegisterRow, lang: str) -> str:
    day = format_date(row.meeting_date)
    if row.meeting_kind == GATHERING:
        return translate("Gathering No. {number}, {date}", lang, number=row.meeting_number, date=day)
    if row.meeting_kind == ASSEMBLY:
        return translate("Assembly No. {number}, {date}", lang, number=row.meeting_number, date=day)
    return translate("{kind} No. {number}, {date}", lang, kind=row.meeting_kind_name, number=row.meeting_number,
                     date=day)


def _period(data: RegisterData) -> str:
    lang = data.lang
    if data.date_from is None and data.date_to is None:
        text = translate("All decisions", lang)
    else:
        text = translate("Period: {start} — {end}", lang,
                         start=format_date_long(data.date_from, lang) if data.date_from else "…",
                         end=format_date_long(data.date_to, lang) if data.date_to else "…")
    if data.status:
        text += "; " + translate("status: {status}", lang, status=translate(STATUSES[data.status], lang))
    return text


def headers(lang: str) -> list[str]:
    return [translate(msgid, lang) for msgid, _ in COLUMNS]


def cells(data: RegisterData) -> list[tuple[tuple[str, ...], bool]]:
    """Each decision's cells, and whether it is overdue (drawn to stand out): the PDF and the Word copy
    both print these."""
    lang = data.lang
    result = []
    for row in data.rows:
        overdue = row.status == "overdue"
        status = translate(STATUSES[row.status], lang)
        result.append(((row.label, _meeting(row, lang), row.text, row.responsible, format_date(row.deadline),
                        format_date(row.sent_on) or translate("by {date}", lang, date=format_date(row.send_by)),
                        format_date(row.answer_due), format_date(row.answer_on),
                        ("!\u00a0" + status) if overdue else status), overdue))
    return result


def totals_by_status(data: RegisterData) -> list[tuple[str, str, bool]]:
    """(status, how many, bold) for each status that has decisions, then the total in bold."""
    lang = data.lang
    counts = {key: sum(1 for row in data.rows if row.status == key) for key in STATUSES}
    lines = [(translate(STATUSES[key], lang), format_number(count, lang), False)
             for key, count in counts.items() if count]
    return [*lines, (translate("Total", lang), format_number(len(data.rows), lang), True)]


def render(data: RegisterData, path: str | os.PathLike) -> Path:
    """Writes the register as a PDF at ``path`` and returns the path."""
    lang = data.lang
    title = translate(TITLE, lang)
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=lang,
                      landscape=True, subject=title, keywords=data.district)
    size = 8.5
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.25, alignment=TA_LEFT)
    bold = ParagraphStyle("bold", parent=cell, fontName=FONT_BOLD)
    head = ParagraphStyle("head", parent=bold, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
                             spaceAfter=2)
    line = ParagraphStyle("line", fontName=FONT, fontSize=10, leading=13, alignment=TA_CENTER, spaceAfter=8)
    frame.flow([Paragraph(escape(title), heading), Paragraph(escape(_period(data)), line)])

    if not data.rows:
        frame.flow([Paragraph(escape(translate("No decisions in this period.", lang)), line)])
        return frame.save()

    widths = [share * frame.content_width / sum(s for _, s in COLUMNS) for _, share in COLUMNS]

    def p(text: str, width: float, style=cell) -> Paragraph:
        # Broken as every table of the kit breaks a cell (after a hyphen in a double surname, not
        # inside a word), so a name reads the same on every paper; the 6 points are the padding.
        lines = wrap_text(text, width - 6, style.fontName, style.fontSize)
        return Paragraph("<br/>".join(map(escape, lines)), style)

    rows = [[p(text, width, head) for text, width in zip(headers(lang), widths)]]
    commands = [("FONT", (0, 0), (-1, -1), FONT, size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), (SHADE, SHADE, SHADE)), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, (0.45, 0.45, 0.45)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, (0.45, 0.45, 0.45)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, (0.75, 0.75, 0.75)),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for index, (texts, overdue) in enumerate(cells(data), start=1):
        rows.append([p(text, width, bold if overdue else cell) for text, width in zip(texts, widths)])
        if overdue:
            commands.append(("BACKGROUND", (0, index), (-1, index), (0.93, 0.93, 0.93)))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    frame.flow([table, Spacer(1, 10)])

    label, number = frame.content_width * 0.18, frame.content_width * 0.06
    totals = [[p(name, label, bold if strong else cell), p(count, number, bold if strong else cell)]
              for name, count, strong in totals_by_status(data)]
    summary = Table(totals, colWidths=[label, number], hAlign="LEFT")
    summary.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.6, (0.3, 0.3, 0.3)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    frame.flow([Paragraph(f"<b>{escape(translate('Totals by status:', lang))}</b>",
                          ParagraphStyle("left", parent=line, alignment=TA_LEFT, spaceAfter=3)), summary],
               keep_together=True)
    return frame.save()


def render_docx(data: RegisterData, path: str | os.PathLike) -> Path:
    """Writes the register as a Word copy at ``path``: the same heading, rows and totals as the PDF,
    A4 landscape, overdue rows in bold."""
    from app.reports import docx_kit  # python-docx is loaded only for a Word copy

    lang = data.lang
    title = translate(TITLE, lang)
    document = docx_kit.new_document(title=title, subject=title, lang=lang, landscape=True,
                                     header=" — ".join(part for part in (title, data.district) if part))
    docx_kit.add_text(document, title, size=14, bold=True, align="center")
    docx_kit.add_text(document, _period(data), size=10, align="center", after=8)
    if not data.rows:
        docx_kit.add_text(document, translate("No decisions in this period.", lang), size=10, align="center")
        return docx_kit.save(document, path)
    width = docx_kit.content_width(document)
    shares = sum(share for _, share in COLUMNS)
    rows = cells(data)
    docx_kit.add_table(document, headers(lang), [texts for texts, _ in rows],
                       [width * share / shares for _, share in COLUMNS], size=8.5,
                       bold_rows={index for index, (_, overdue) in enumerate(rows) if overdue})
    docx_kit.add_text(document, translate("Totals by status:", lang), size=10, bold=True, before=10, after=3)
    totals = totals_by_status(data)
    docx_kit.add_table(document, [], [(name, count) for name, count, _ in totals], [width * 0.18, width * 0.06],
                       size=8.5, aligns=["left", "right"], bold_rows={len(totals) - 1})
    return docx_kit.save(document, path)
