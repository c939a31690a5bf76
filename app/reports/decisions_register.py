"""The decisions register for a period: each adopted decision with its meeting, who carries
it out and by when, when it went to the akim and what came back, and its status; overdue rows stand
out (bold on a shaded row); totals by status at the end. A4 landscape.

The meeting reports service builds ``RegisterData``; ``render`` draws it with the shared kit.
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

    rows = [[p(translate(msgid, lang), width, head) for (msgid, _), width in zip(COLUMNS, widths)]]
    commands = [("FONT", (0, 0), (-1, -1), FONT, size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), (SHADE, SHADE, SHADE)), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, (0.45, 0.45, 0.45)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, (0.45, 0.45, 0.45)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, (0.75, 0.75, 0.75)),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for index, row in enumerate(data.rows, start=1):
        overdue = row.status == "overdue"
        style = bold if overdue else cell
        status = translate(STATUSES[row.status], lang)
        cells = (row.label, _meeting(row, lang), row.text, row.responsible, format_date(row.deadline),
                 format_date(row.sent_on) or translate("by {date}", lang, date=format_date(row.send_by)),
                 format_date(row.answer_due), format_date(row.answer_on), ("!\u00a0" + status) if overdue else status)
        rows.append([p(text, width, style) for text, width in zip(cells, widths)])
        if overdue:
            commands.append(("BACKGROUND", (0, index), (-1, index), (0.93, 0.93, 0.93)))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    frame.flow([table, Spacer(1, 10)])

    counts = {key: sum(1 for row in data.rows if row.status == key) for key in STATUSES}
    label, number = frame.content_width * 0.18, frame.content_width * 0.06
    totals = [[p(translate(STATUSES[key], lang), label), p(format_number(count, lang), number)]
              for key, count in counts.items() if count]
    totals.append([p(translate("Total", lang), label, bold), p(format_number(len(data.rows), lang), number, bold)])
    summary = Table(totals, colWidths=[label, number], hAlign="LEFT")
    summary.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.6, (0.3, 0.3, 0.3)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    frame.flow([Paragraph(f"<b>{escape(translate('Totals by status:', lang))}</b>",
                          ParagraphStyle("left", parent=line, alignment=TA_LEFT, spaceAfter=3)), summary],
               keep_together=True)
    return frame.save()
