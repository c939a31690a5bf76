"""The papers of one appeal (docs/domain.md, Appeals of residents), in Kazakh or Russian, on the
centre's letterhead: the talon given to the applicant at registration, the notices of an extension
and of a sending on, and the answer letter signed by the head of the centre.

``app.printing.appeals`` builds ``AppealPaper`` (words already in the paper's language); ``content``
writes a paper's text once as blocks (app/reports/blocks.py), which ``render`` draws as a PDF with the
shared kit and ``render_docx`` as a Word copy, so the office can adjust a letter's words before it is
signed and both copies say the same. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.i18n import N_, format_date, format_datetime, translate
from app.reports.blocks import Gap, Group, Text, group
from app.reports.kit import FONT, FONT_BOLD, PageFrame

TALON, EXTENSION, REDIRECTION, ANSWER = "talon", "extension", "redirection", "answer"
TITLES = {TALON: N_("Talon of an accepted appeal"), EXTENSION: N_("Notice of the extension of the term"),
          REDIRECTION: N_("Notice of the sending on of the appeal"), ANSWER: N_("Answer to an appeal")}
# The papers whose words the office may adjust before signing; the talon is a receipt, printed as it is.
WORD_COPIES = (EXTENSION, REDIRECTION, ANSWER)


@dataclass(frozen=True)
class AppealPaper:
    lang: str
    printed_on: date
    district: str
    centre: str
    centre_address: str
    centre_phone: str
    centre_head: str
    label: str  # 12/2026
    received_at: datetime
    registered_on: date
    applicant: str  # empty for an anonymous appeal
    applicant_address: str
    kind: str  # in the paper's language
    channel: str
    addressed_to: str
    handler: str
    due: date | None
    extended_to: date | None = None
    extended_on: date | None = None
    extension_reason: str = ""
    redirected_to: str = ""
    redirected_on: date | None = None
    answered_on: date | None = None
    answer_number: str = ""
    answer_text: str = ""
    result: str = ""  # in the paper's language


# Each style: (size, bold, alignment, space before, space after, left indent in mm, first line in mm),
# as app/reports/docx_kit.py reads them for the Word copy.
STYLES = {
    "head": (12.5, True, "center", 0, 2, 0, 0),
    "centre": (9.5, False, "center", 0, 1, 0, 0),
    "title": (14, True, "center", 10, 10, 0, 0),
    "body": (11, False, "left", 0, 5, 0, 0),
    "to": (11, False, "right", 0, 5, 0, 0),
    "text": (11, False, "justify", 0, 5, 0, 8.5),
    "sign": (11, False, "left", 28, 5, 0, 0),
}
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _letterhead(data: AppealPaper) -> list:
    lang = data.lang
    parts = [Text(data.centre, "head"), Text(data.district, "centre")]
    contacts = [translate("Address: {address}", lang, address=data.centre_address) if data.centre_address else "",
                translate("Phone: {phone}", lang, phone=data.centre_phone) if data.centre_phone else ""]
    if any(contacts):
        parts.append(Text(", ".join(filter(None, contacts)), "centre"))
    return parts


def _line(label: str, value: str, lang: str) -> Text:
    return Text(value, "body", lead=f"{translate(label, lang)}:")


def _talon(data: AppealPaper) -> list:
    lang = data.lang
    rows = [(N_("Appeal No."), data.label), (N_("Received"), format_datetime(data.received_at)),
            (N_("Date of registration"), format_date(data.registered_on)),
            (N_("Applicant"), data.applicant or translate("anonymous", lang)), (N_("Kind"), data.kind),
            (N_("How it came"), data.channel)]
    if data.addressed_to:
        rows.append((N_("Addressed to"), data.addressed_to))
    rows.append((N_("The answer is due by"), format_date(data.due) if data.due else
                 translate("not considered: an anonymous appeal", lang)))
    if data.handler:
        rows.append((N_("Accepted by"), data.handler))
    return [_line(label, value, lang) for label, value in rows] + [
        Gap(8), Text(translate("Keep this talon: ask about your appeal by its number.", lang))]


def _to_applicant(data: AppealPaper) -> list:
    return [Text("\n".join(filter(None, (data.applicant, data.applicant_address))), "to")]


def _extension(data: AppealPaper) -> list:
    lang = data.lang
    return [*_to_applicant(data), Gap(6), Text(translate(
        "The term of consideration of your appeal No. {number} of {date} is extended to {new_date}.", lang,
        number=data.label, date=format_date(data.registered_on), new_date=format_date(data.extended_to)), "text"),
        _line(N_("Reason"), data.extension_reason, lang),
        _line(N_("Decided on"), format_date(data.extended_on), lang)]


def _redirection(data: AppealPaper) -> list:
    lang = data.lang
    return [*_to_applicant(data), Gap(6), Text(translate(
        "Your appeal No. {number} of {date} was sent on {sent}, as the matter is theirs, to: {body}.", lang,
        number=data.label, date=format_date(data.registered_on), sent=format_date(data.redirected_on),
        body=data.redirected_to), "text")]


def _answer(data: AppealPaper) -> list:
    lang = data.lang
    outgoing = translate("Outgoing No. {number} of {date}", lang, number=data.answer_number or "—",
                         date=format_date(data.answered_on))
    parts = [Text(outgoing), *_to_applicant(data), Gap(6),
             Text(translate("On your appeal No. {number} of {date}", lang, number=data.label,
                            date=format_date(data.registered_on)))]
    parts += [Text(paragraph, "text") for paragraph in data.answer_text.split("\n") if paragraph.strip()]
    if data.result:
        parts.append(_line(N_("Result"), data.result, lang))
    parts.append(Text(translate("If you disagree with the answer, you may complain within 3 months.", lang)))
    return parts


def _signature(data: AppealPaper) -> list:
    return [Text(f"{translate('Head of the centre', data.lang)}   ______________   {data.centre_head}", "sign")]


PARTS = {TALON: _talon, EXTENSION: _extension, REDIRECTION: _redirection, ANSWER: _answer}


def content(kind: str, data: AppealPaper) -> list[Group]:
    """The paper's text as blocks: the letterhead, then the title, the paper's own text and the
    signature (a talon: the day it was given). The PDF and the Word copy both draw these."""
    title = translate(TITLES[kind], data.lang)
    heading = title if kind != TALON else f"{title} № {data.label}"
    ending = _signature(data) if kind != TALON else [Gap(20), Text(
        translate("Date of issue: {date}", data.lang, date=format_date(data.registered_on)))]
    return [group(_letterhead(data)), group([Text(heading, "title"), *PARTS[kind](data), *ending])]


def _flowables(blocks) -> list:
    story = []
    for block in blocks:
        if isinstance(block, Gap):
            story.append(Spacer(1, block.points))
            continue
        size, bold, align, before, after, indent, first = STYLES[block.style]
        style = ParagraphStyle(block.style, fontName=FONT_BOLD if bold else FONT, fontSize=size,
                               leading=size * 1.36, alignment=_ALIGN[align], spaceBefore=before,
                               spaceAfter=after, leftIndent=indent * mm, firstLineIndent=first * mm)
        text = escape(block.text).replace("\n", "<br/>")
        story.append(Paragraph(f"<b>{escape(block.lead)}</b> {text}" if block.lead else text, style))
    return story


def render(kind: str, data: AppealPaper, path: str | os.PathLike) -> Path:
    """Writes the paper of ``kind`` (talon, extension, redirection, answer) as a PDF at ``path``."""
    title = translate(TITLES[kind], data.lang)
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=data.lang,
                      subject=f"{title} {data.label}", keywords=data.district)
    letterhead, paper = content(kind, data)
    frame.flow(_flowables(letterhead.blocks))
    rule_y = frame.y - 4
    frame.canvas.setLineWidth(0.8)
    frame.canvas.line(frame.left, rule_y, frame.right, rule_y)
    frame.y = rule_y - 4
    frame.flow(_flowables(paper.blocks))
    return frame.save()


def render_docx(kind: str, data: AppealPaper, path: str | os.PathLike) -> Path:
    """Writes the paper of ``kind`` as a Word copy at ``path``, the letterhead ruled off as on the PDF."""
    from docx.oxml import OxmlElement  # python-docx is loaded only for a Word copy
    from docx.oxml.ns import qn

    from app.reports import docx_kit

    title = translate(TITLES[kind], data.lang)
    document = docx_kit.new_document(title=f"{title} {data.label}", subject=data.district, lang=data.lang)
    letterhead, paper = content(kind, data)
    docx_kit.add_blocks(document, [letterhead], data.lang, styles=STYLES)
    borders, rule = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "000000")):
        rule.set(qn(key), value)
    borders.append(rule)
    document.paragraphs[-1]._p.get_or_add_pPr().append(borders)
    docx_kit.add_blocks(document, [paper], data.lang, styles=STYLES)
    return docx_kit.save(document, path)
