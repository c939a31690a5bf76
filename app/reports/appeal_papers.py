"""The papers of one appeal (docs/domain.md, Appeals of residents), in Kazakh or Russian, on the
centre's letterhead: the talon given to the applicant at registration, the notices of an extension
and of a sending on, and the answer letter signed by the head of the centre.

``app.printing.appeals`` builds ``AppealPaper`` (words already in the paper's language); ``render``
draws one of the four kinds with the shared kit. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from app.i18n import N_, format_date, format_datetime, translate
from app.reports.kit import FONT, FONT_BOLD, PageFrame

TALON, EXTENSION, REDIRECTION, ANSWER = "talon", "extension", "redirection", "answer"
TITLES = {TALON: N_("Talon of an accepted appeal"), EXTENSION: N_("Notice of the extension of the term"),
          REDIRECTION: N_("Notice of the sending on of the appeal"), ANSWER: N_("Answer to an appeal")}


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


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, spaceAfter=5)
    return {"head": ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                                   alignment=TA_CENTER, spaceAfter=2),
            "centre": ParagraphStyle("centre", parent=body, fontSize=9.5, leading=12, alignment=TA_CENTER,
                                     spaceAfter=1),
            "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18,
                                    alignment=TA_CENTER, spaceBefore=10, spaceAfter=10),
            "to": ParagraphStyle("to", parent=body, alignment=TA_RIGHT),
            "text": ParagraphStyle("text", parent=body, alignment=TA_JUSTIFY, firstLineIndent=24),
            "body": body}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _letterhead(data: AppealPaper, styles) -> list:
    lang = data.lang
    parts = [_p(data.centre, styles["head"]), _p(data.district, styles["centre"])]
    contacts = [translate("Address: {address}", lang, address=data.centre_address) if data.centre_address else "",
                translate("Phone: {phone}", lang, phone=data.centre_phone) if data.centre_phone else ""]
    if any(contacts):
        parts.append(_p(", ".join(filter(None, contacts)), styles["centre"]))
    return parts


def _line(label: str, value: str, lang: str, styles) -> Paragraph:
    return Paragraph(f"<b>{escape(translate(label, lang))}:</b> {escape(value)}", styles["body"])


def _talon(data: AppealPaper, styles) -> list:
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
    return [_line(label, value, lang, styles) for label, value in rows] + [
        Spacer(1, 8), _p(translate("Keep this talon: ask about your appeal by its number.", lang), styles["body"])]


def _to_applicant(data: AppealPaper, styles) -> list:
    return [_p("\n".join(filter(None, (data.applicant, data.applicant_address))), styles["to"])]


def _extension(data: AppealPaper, styles) -> list:
    lang = data.lang
    return [*_to_applicant(data, styles), Spacer(1, 6), _p(translate(
        "The term of consideration of your appeal No. {number} of {date} is extended to {new_date}.", lang,
        number=data.label, date=format_date(data.registered_on), new_date=format_date(data.extended_to)),
        styles["text"]), _line(N_("Reason"), data.extension_reason, lang, styles),
        _line(N_("Decided on"), format_date(data.extended_on), lang, styles)]


def _redirection(data: AppealPaper, styles) -> list:
    lang = data.lang
    return [*_to_applicant(data, styles), Spacer(1, 6), _p(translate(
        "Your appeal No. {number} of {date} was sent on {sent}, as the matter is theirs, to: {body}.", lang,
        number=data.label, date=format_date(data.registered_on), sent=format_date(data.redirected_on),
        body=data.redirected_to), styles["text"])]


def _answer(data: AppealPaper, styles) -> list:
    lang = data.lang
    outgoing = translate("Outgoing No. {number} of {date}", lang, number=data.answer_number or "—",
                         date=format_date(data.answered_on))
    parts = [_p(outgoing, styles["body"]), *_to_applicant(data, styles), Spacer(1, 6),
             _p(translate("On your appeal No. {number} of {date}", lang, number=data.label,
                          date=format_date(data.registered_on)), styles["body"])]
    parts += [_p(paragraph, styles["text"]) for paragraph in data.answer_text.split("\n") if paragraph.strip()]
    if data.result:
        parts.append(_line(N_("Result"), data.result, lang, styles))
    parts.append(_p(translate("If you disagree with the answer, you may complain within 3 months.", lang),
                    styles["body"]))
    return parts


def _signature(data: AppealPaper, styles) -> list:
    lang = data.lang
    head = ParagraphStyle("sign", parent=styles["body"], spaceBefore=28)
    return [Paragraph(f"{escape(translate('Head of the centre', lang))}"
                      f"&nbsp;&nbsp;&nbsp;______________&nbsp;&nbsp;&nbsp;{escape(data.centre_head)}", head)]


PARTS = {TALON: _talon, EXTENSION: _extension, REDIRECTION: _redirection, ANSWER: _answer}


def render(kind: str, data: AppealPaper, path: str | os.PathLike) -> Path:
    """Writes the paper of ``kind`` (talon, extension, redirection, answer) as a PDF at ``path``."""
    lang = data.lang
    title = translate(TITLES[kind], lang)
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=lang,
                      subject=f"{title} {data.label}", keywords=data.district)
    styles = _styles()
    frame.flow(_letterhead(data, styles))
    rule_y = frame.y - 4
    frame.canvas.setLineWidth(0.8)
    frame.canvas.line(frame.left, rule_y, frame.right, rule_y)
    frame.y = rule_y - 4
    heading = title if kind != TALON else f"{title} № {data.label}"
    frame.flow([_p(heading, styles["title"]), *PARTS[kind](data, styles)])
    frame.flow(_signature(data, styles) if kind != TALON else [Spacer(1, 20), _p(
        translate("Date of issue: {date}", lang, date=format_date(data.registered_on)), styles["body"])])
    return frame.save()
