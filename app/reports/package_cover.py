"""The cover page of a period package (docs/domain.md, Packages for the district): printed with the
file it describes, signed by the head of the centre and handed over or sent with it, so the district
compares the key's fingerprint it sees on taking the file in with the one on paper. It names the office,
its id and KATO, the period, when the package was made, the file, and a few of its figures. A4 portrait.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.i18n import N_, format_date_long, format_number, translate
from app.reports.kit import FONT, FONT_BOLD, Column, Figure, PeriodData, TableWriter, figure_boxes, period_frame

TITLE = N_("Period package for the district")
FINGERPRINT = N_("Key fingerprint")


@dataclass(frozen=True)
class PackageCover(PeriodData):
    office: str = ""  # the centre's (or the district office's) name in the paper's language
    office_id: str = ""
    kato: str = ""
    period_name: str = ""
    made_at: datetime | None = None
    file_name: str = ""
    version: int = 1
    fingerprint: str = ""
    figures: tuple[tuple[str, int], ...] = ()  # (label msgid, count)
    head: str = ""


def render_pdf(data: PackageCover, path: str | os.PathLike) -> Path:
    lang = data.lang
    frame = period_frame(path, translate(TITLE, lang), data)
    frame.paragraph(data.office, size=13, bold=True, space_after=2)
    if data.period_name:
        frame.paragraph(data.period_name, size=11, space_after=8)
    table = TableWriter(frame, (Column(N_("Package"), 0.3), Column(N_("Value"), 0.7)), font_size=10)
    for msgid, value in ((N_("Office's id"), data.office_id), (N_("KATO"), data.kato or "—"),
                         (N_("Period"), f"{format_date_long(data.date_from, lang)} – "
                                        f"{format_date_long(data.date_to, lang)}"),
                         (N_("Made"), format_date_long(data.made_at.date(), lang) + f", {data.made_at:%H:%M}"
                          if data.made_at else "—"),
                         (N_("File"), data.file_name), (N_("Format version"), str(data.version))):
        table.row((translate(msgid, lang), value))
    frame.y -= 14
    frame.paragraph(translate(FINGERPRINT, lang), size=11, bold=True, space_after=4)
    c = frame.canvas
    frame.ensure(40)
    c.setFont(FONT_BOLD, 20)
    c.drawCentredString(frame.left + frame.content_width / 2, frame.y - 24, data.fingerprint)
    frame.y -= 40
    frame.paragraph(translate("The district compares this fingerprint with the one it sees when it takes the "
                              "file in. If they differ, the file is not this office's or was changed: do not "
                              "take it in, and call the office.", lang), size=9.5, gray=0.25, space_after=14)
    if data.figures:
        figure_boxes(frame, [Figure(translate(msgid, lang), format_number(value, lang)) for msgid, value in data.figures],
                     per_row=3, height=52)
    frame.ensure(60)
    frame.y -= 30
    c.setFillGray(0)
    c.setFont(FONT_BOLD, 10.5)
    c.drawString(frame.left, frame.y, translate("Head of the centre", lang))
    line = frame.left + frame.content_width * 0.42
    c.setLineWidth(0.5)
    c.line(line, frame.y - 2, line + frame.content_width * 0.24, frame.y - 2)
    c.setFont(FONT, 10.5)
    c.drawString(line + frame.content_width * 0.26, frame.y, data.head or "_" * 28)
    return frame.save()
