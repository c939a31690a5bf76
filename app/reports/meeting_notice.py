"""The notice of a meeting (хабарландыру / объявление) to pin on the board: who meets, when, where
and on what, in big type on one page, in Kazakh or Russian.

A poster carries neither a print date nor a page count: it names the place with the building's
address and a phone to ask at. The meeting reports service builds ``NoticeData``; ``render`` draws it
with the shared kit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.i18n import format_date_long, translate
from app.reports.kit import FONT, FONT_BOLD, PageFrame
from app.reports.minutes import ASSEMBLY, GATHERING


@dataclass(frozen=True)
class NoticeData:
    lang: str
    printed_on: date
    district: str
    centre: str
    kind: str
    kind_name: str        # for "other": the district's name for the kind, in the document's language
    separate: bool
    number: int
    starts_at: datetime
    village: str          # the village of a сход, in the document's language
    area: str             # its street or building
    place: str           # the room and the address, the centre's building's when the meeting has none
    convened_by: str
    agenda: tuple[str, ...]
    phone: str = ""      # the centre's, for questions


def _greeting(data: NoticeData) -> str:
    """The village's residents, as a secretary greets them («Құрметті Жарлыөзек ауылының тұрғындары!»);
    the street or building of a separate сход follows on its own line."""
    lang = data.lang
    if data.kind == ASSEMBLY:
        return translate("Dear members of the assembly of the local community!", lang)
    if data.village:
        return translate("Dear residents of the village of {village}!", lang, village=data.village)
    return translate("Dear residents!", lang)


def _what(data: NoticeData) -> str:
    lang = data.lang
    if data.kind == ASSEMBLY:
        return translate("An assembly of the local community will be held", lang)
    if data.kind == GATHERING and data.separate:
        return translate("A separate gathering of the local community will be held", lang)
    if data.kind == GATHERING:
        return translate("A gathering of the local community will be held", lang)
    return data.kind_name[:1].upper() + data.kind_name[1:]


def _invitation(data: NoticeData) -> str:
    if data.kind == ASSEMBLY:
        return translate("Members of the assembly are asked to attend.", data.lang)
    return translate("All residents are invited to take part!", data.lang)


def _story(data: NoticeData, scale: float) -> list:
    lang = data.lang

    def style(name, size, bold=False, align=TA_LEFT, before=0.0, after=0.0, indent=0.0):
        return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size * scale,
                              leading=size * scale * 1.28, alignment=align, spaceBefore=before * scale,
                              spaceAfter=after * scale, leftIndent=indent)

    centre = style("centre", 12, align=TA_CENTER, after=14)
    title = style("title", 40, bold=True, align=TA_CENTER, after=14)
    greeting = style("greeting", 18, bold=True, align=TA_CENTER, after=10)
    what = style("what", 20, bold=True, align=TA_CENTER, after=16)
    line = style("line", 16, after=5)
    keyword = style("keyword", 16, bold=True, before=10, after=4)
    item = style("item", 15, after=3, indent=14 * mm)
    item.firstLineIndent = -6 * mm  # a hanging number
    invite = style("invite", 17, bold=True, align=TA_CENTER, before=18, after=18)
    signed = style("signed", 13, align=TA_RIGHT)

    def labelled(label: str, value: str) -> Paragraph:
        return Paragraph(f"<b>{escape(label)}</b> {escape(value)}", line)

    story = [Paragraph(escape(data.centre), centre),
             Paragraph(escape(translate("NOTICE", lang)), title),
             Paragraph(escape(_greeting(data)), greeting),
             Paragraph(escape(_what(data)), what),
             labelled(translate("Date:", lang), format_date_long(data.starts_at.date(), lang)),
             labelled(translate("Time:", lang), translate("at {time}", lang, time=data.starts_at.strftime("%H:%M")))]
    if data.area and data.kind != ASSEMBLY:
        story.append(labelled(translate("For the residents of:", lang), data.area))
    if data.place:
        story.append(labelled(translate("Place:", lang), data.place))
    if data.convened_by:
        story.append(labelled(translate("Convened by:", lang), data.convened_by))
    if data.agenda:
        story.append(Paragraph(escape(translate("AGENDA:", lang)), keyword))
        story += [Paragraph(escape(f"{n}. {title_}"), item) for n, title_ in enumerate(data.agenda, start=1)]
    story += [Paragraph(escape(_invitation(data)), invite), Spacer(1, 6 * scale),
              Paragraph(escape(data.centre), signed)]
    if data.phone:
        story.append(Paragraph(escape(translate("Phone for enquiries: {phone}", lang, phone=data.phone)), signed))
    return story


class _Poster(PageFrame):
    """A page with nothing around the notice: a print date or «Page 1 of 1» has no place on a board."""

    header_height = 0.0
    footer_height = 0.0

    def _draw_header(self) -> None:
        pass

    def _draw_footer(self, c, page: int, pages: int) -> None:
        pass


def render(data: NoticeData, path: str | os.PathLike) -> Path:
    """Writes the notice as a one-page PDF, in the biggest type that fits it on the page."""
    frame = _Poster(path, title=translate("NOTICE", data.lang), district=data.district,
                      printed_on=data.printed_on, lang=data.lang)
    room = frame.top - frame.bottom
    scale = 1.3  # as big as the page allows: from across a room, then smaller for a long agenda
    while scale > 0.5:
        story = _story(data, scale)
        height = sum(f.wrapOn(frame.canvas, frame.content_width, room)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in story)
        if height <= room:
            break
        scale -= 0.05
    frame.flow(story)
    return frame.save()
