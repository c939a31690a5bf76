"""The notice of a meeting (хабарландыру / объявление) to pin on the board: who meets, when, where
and on what, in big type on one page, in Kazakh or Russian.

A poster carries neither a print date nor a page count: it names the place with the building's
address and a phone to ask at. The meeting reports service builds ``NoticeData``; ``content`` writes
its text once as blocks, which ``render`` draws with the shared kit and ``render_docx`` as a Word copy.
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
from app.reports.blocks import Gap, Group, Text, group
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


# Each style at scale 1: (size, bold, alignment, space before, space after, left indent in mm, first line in mm).
STYLES = {
    "centre": (12, False, "center", 0, 14, 0, 0),
    "title": (40, True, "center", 0, 14, 0, 0),
    "greeting": (18, True, "center", 0, 10, 0, 0),
    "what": (20, True, "center", 0, 16, 0, 0),
    "line": (16, False, "left", 0, 5, 0, 0),
    "keyword": (16, True, "left", 10, 4, 0, 0),
    "item": (15, False, "left", 0, 3, 14, -6),  # a hanging number
    "invite": (17, True, "center", 18, 18, 0, 0),
    "signed": (13, False, "right", 0, 0, 0, 0),
}
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def content(data: NoticeData) -> list[Group]:
    """The notice's text as blocks, in its order: the PDF and the Word copy both draw these."""
    lang = data.lang
    blocks = [Text(data.centre, "centre"), Text(translate("NOTICE", lang), "title"),
              Text(_greeting(data), "greeting"), Text(_what(data), "what"),
              Text(format_date_long(data.starts_at.date(), lang), "line", lead=translate("Date:", lang)),
              Text(translate("at {time}", lang, time=data.starts_at.strftime("%H:%M")), "line",
                   lead=translate("Time:", lang))]
    if data.area and data.kind != ASSEMBLY:
        blocks.append(Text(data.area, "line", lead=translate("For the residents of:", lang)))
    if data.place:
        blocks.append(Text(data.place, "line", lead=translate("Place:", lang)))
    if data.convened_by:
        blocks.append(Text(data.convened_by, "line", lead=translate("Convened by:", lang)))
    if data.agenda:
        blocks.append(Text(translate("AGENDA:", lang), "keyword"))
        blocks += [Text(f"{n}. {title_}", "item") for n, title_ in enumerate(data.agenda, start=1)]
    blocks += [Text(_invitation(data), "invite"), Gap(6), Text(data.centre, "signed")]
    if data.phone:
        blocks.append(Text(translate("Phone for enquiries: {phone}", lang, phone=data.phone), "signed"))
    return [group(blocks)]


def _story(data: NoticeData, scale: float) -> list:
    styles = {}
    for name, (size, bold, align, before, after, indent, first) in STYLES.items():
        styles[name] = ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size * scale,
                                      leading=size * scale * 1.28, alignment=_ALIGN[align],
                                      spaceBefore=before * scale, spaceAfter=after * scale, leftIndent=indent * mm,
                                      firstLineIndent=first * mm)
    story = []
    for block in content(data)[0].blocks:
        if isinstance(block, Gap):
            story.append(Spacer(1, block.points * scale))
        elif block.lead:
            story.append(Paragraph(f"<b>{escape(block.lead)}</b> {escape(block.text)}", styles[block.style]))
        else:
            story.append(Paragraph(escape(block.text), styles[block.style]))
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


def render_docx(data: NoticeData, path: str | os.PathLike) -> Path:
    """Writes the notice as a Word copy at ``path``, in the type sizes of the PDF at its usual scale."""
    from app.reports import docx_kit  # python-docx is loaded only for a Word copy

    document = docx_kit.new_document(title=translate("NOTICE", data.lang), subject=data.district, lang=data.lang)
    docx_kit.add_blocks(document, content(data), data.lang, styles=STYLES)
    return docx_kit.save(document, path)
