"""The protocol of a meeting (хаттама / протокол), in Kazakh or Russian, in the order and wording
secretaries use (docs/domain.md, Minutes): heading, place and date, chair and secretary, attendance and
quorum and who was absent, guests, agenda, each item (heard, speakers, proposal, vote and who voted
how by roll call, decision and its days with the akim), a separate сход's representatives, the closing
time, signatures kept with the text before them, the annex line, amendments once signed (each signed
like the protocol), and the registration sheet on its own pages. ``render_blank_sheet`` prints the
registration sheet before the meeting, to be signed at the door.

The meeting reports service builds ``MinutesData`` (plain data, names already in the document's
language); ``content`` writes the protocol's text once as plain blocks (app/reports/blocks.py), which
``render`` draws as a PDF with the shared kit and ``docx_kit`` as a Word copy. Nothing here touches
the database or Qt.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.i18n import N_, format_date_long, format_number, translate
from app.reports.blocks import Gap, Grid, Group, PageBreak, Pair, Signatures, Text, group
from app.reports.kit import FONT, FONT_BOLD, Column, PageFrame, TableWriter

GATHERING, ASSEMBLY, OTHER = "gathering", "assembly", "other"


# Grammar ------------------------------------------------------------------------------------------

_KK_BACK, _KK_FRONT = set("аоұыяё"), set("әеөүіэ")
_KK_VOWELS = _KK_BACK | _KK_FRONT | set("иуюе")
_CYRILLIC_WORD = re.compile(r"^[а-яёәғқңөұүһі-]+$", re.IGNORECASE)


def _kk_genitive_word(word: str) -> str | None:
    """A Kazakh word in the genitive (ілік септік): the suffix follows the word's last sound
    (-ның after a vowel, м, н, ң; -дың after л, р, у, й, з, ж; -тың after other consonants) and
    its vowels (-ның / -нің)."""
    lower = word.lower()
    if not _CYRILLIC_WORD.match(lower):
        return None
    harmony = next((ch for ch in reversed(lower) if ch in _KK_BACK or ch in _KK_FRONT), None)
    if harmony is None:
        return None
    last = lower[-1]
    if last in "лрузйж":
        consonant = "д"
    elif last in _KK_VOWELS or last in "мнң":
        consonant = "н"
    elif last in "пткқсшфхцчщбвгд":
        consonant = "т"
    else:
        return None
    return word + consonant + ("ің" if harmony in _KK_FRONT else "ың")


_RU_ADJECTIVES = (("ский", "ского"), ("цкий", "цкого"), ("кий", "кого"), ("гий", "гого"), ("хий", "хого"),
                  ("ний", "него"), ("ый", "ого"), ("ой", "ого"), ("ская", "ской"), ("ая", "ой"), ("яя", "ей"),
                  ("ское", "ского"), ("ое", "ого"))
_RU_NOUNS = (("посёлок", "посёлка"), ("поселок", "поселка"), ("ия", "ии"), ("ка", "ки"), ("га", "ги"),
             ("ха", "хи"), ("жа", "жи"), ("ша", "ши"), ("ча", "чи"), ("ща", "щи"), ("а", "ы"), ("я", "и"),
             ("о", "а"))
_RU_CONSONANTS = set("бвгджзклмнпрстфхц")
_RU_UNITS = {"округ", "район", "аул", "сельсовет", "акимат", "администрация", "поселок", "посёлок", "село", "город",
             "область"}


def _ru_ending(word: str, endings) -> str | None:
    lower = word.lower()
    for ending, genitive in endings:
        if lower.endswith(ending):
            return word[:len(word) - len(ending)] + genitive
    return None


def genitive(name: str, lang: str) -> str | None:
    """A district's name in the genitive case, as headings need it («Жарлыөзек ауылдық округі» →
    «Жарлыөзек ауылдық округінің», «Жарлыозекский сельский округ» → «Жарлыозекского сельского
    округа»); None when the name ends in a way these rules do not know (the caller then prints the
    name as it is). Kazakh declines the last word; Russian the adjectives and their head noun,
    leaving what follows the noun («… округ Коксуского района») as written."""
    words = name.split()
    if not words:
        return None
    if lang == "kk":
        last = _kk_genitive_word(words[-1])
        return " ".join([*words[:-1], last]) if last else None
    if lang != "ru":
        return None
    if not all(_CYRILLIC_WORD.match(word) for word in words):
        return None
    result = []
    for index, word in enumerate(words):
        adjective = _ru_ending(word, _RU_ADJECTIVES)
        if adjective:
            result.append(adjective)
            continue
        # The head noun: a word naming a unit of the country anywhere («сельский округ Жарлыозек»),
        # any other noun only at the end.
        if index < len(words) - 1 and word.lower() not in _RU_UNITS:
            return None
        noun = _ru_ending(word, _RU_NOUNS)
        if noun is None and word[-1].lower() in _RU_CONSONANTS:
            noun = word + "а"
        if noun is None:
            return None
        return " ".join([*result, noun, *words[index + 1:]])
    return None  # adjectives without a noun


# Data ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Speech:
    name: str
    summary: str


@dataclass(frozen=True)
class Vote:
    for_: int
    against: int
    abstained: int
    roll_call: bool
    needed: int  # the fewest votes for that pass it


@dataclass(frozen=True)
class MinutesItem:
    position: int
    title: str
    rapporteur: str
    heard: str
    speakers: tuple[Speech, ...]
    proposal: str
    decision_text: str
    vote: Vote | None
    adopted: bool
    decision_number: str  # "3/2026" for an adopted decision in the register, else ""
    roll_call: tuple[tuple[str, str], ...] = ()  # (full name, for / against / abstained)
    send_by: date | None = None     # the day the decision is due at the akim's
    sent_on: date | None = None
    answer_due: date | None = None  # the day the akim's answer is due, once sent


@dataclass(frozen=True)
class Attendee:
    name: str
    address: str
    iin: str


@dataclass(frozen=True)
class AmendmentLine:
    made_on: date
    text: str


@dataclass(frozen=True)
class MinutesData:
    lang: str                 # "kk" or "ru"
    printed_on: date
    district: str             # the district's name in the document's language (nominative)
    kind: str                 # gathering / assembly / other
    kind_name: str            # for "other": the district's name for the kind, in the document's language
    separate: bool            # a separate сход (раздельный сход)
    number: int
    starts_at: datetime
    village: str              # the village, in the document's language; the district's seat for an assembly
    area: str                 # the street or building of a сход
    place: str                # room and address
    convened_by: str
    chair: str
    secretary: str
    guests: tuple[str, ...]
    entitled: int
    entitled_counted: int     # as the register counts them
    entitled_overridden: bool
    override_reason: str
    present: int
    head_count: bool          # present is a head count: no names
    quorum_applies: bool
    quorum_reached: bool
    quorum_needed: int | None
    items: tuple[MinutesItem, ...]
    attendees: tuple[Attendee, ...]
    show_iin: bool
    signed_on: date | None
    amendments: tuple[AmendmentLine, ...]
    ends_at: datetime | None = None       # when the meeting closed
    absent_names: tuple[str, ...] = ()    # an assembly's members not present, by full name
    representatives: tuple[str, ...] = ()  # whom a separate сход elected to the community's сход

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


# Wording ------------------------------------------------------------------------------------------

def title(data: MinutesData) -> str:
    """The short name of the document with its own date, as the page header and the PDF's title
    carry it (the print date is only in the footer)."""
    return translate("Minutes No. {number} of {date}", data.lang, number=data.number,
                     date=format_date_long(data.starts_at.date(), data.lang))


def heading(data: MinutesData) -> list[str]:
    """The heading's lines: «Жарлыөзек ауылдық округінің жергілікті қоғамдастық жиынының № 3
    ХАТТАМАСЫ» / «ПРОТОКОЛ № 3 схода местного сообщества Жарлыозекского сельского округа»; the
    district in brackets on a line of its own when its name cannot be declined."""
    lang, number = data.lang, data.number
    if data.kind == OTHER:
        return [translate("MINUTES No. {number}", lang, number=number),
                " — ".join(part for part in (data.kind_name, data.district) if part)]
    district = genitive(data.district, lang)
    if data.kind == ASSEMBLY:
        line = translate("MINUTES No. {number} of the assembly of the local community of {district}", lang,
                         number=number, district=district or "")
    elif data.separate:
        line = translate("MINUTES No. {number} of the separate gathering of the local community of {district}",
                         lang, number=number, district=district or "")
    else:
        line = translate("MINUTES No. {number} of the gathering of the local community of {district}", lang,
                         number=number, district=district or "")
    line = " ".join(line.split())
    line = line[:1].upper() + line[1:]
    return [line] if district else [line, f"({data.district})"]


def _chair_label(data: MinutesData) -> str:
    if data.kind == GATHERING:
        return translate("Chair of the gathering", data.lang)
    if data.kind == ASSEMBLY:
        return translate("Chair of the assembly", data.lang)
    return translate("Chair of the meeting", data.lang)


def _entitled_line(data: MinutesData) -> str:
    count = format_number(data.entitled, data.lang)
    if data.kind == ASSEMBLY:
        line = translate("Total number of members of the assembly: {count}", data.lang, count=count)
    else:
        line = translate("Residents entitled to take part in the gathering: {count}", data.lang, count=count)
    if data.entitled_overridden:
        line += " " + translate("(the register counts {counted}; corrected: {reason})", data.lang,
                                counted=format_number(data.entitled_counted, data.lang),
                                reason=data.override_reason)
    return line


def _present_line(data: MinutesData) -> str:
    count = format_number(data.present, data.lang)
    if data.head_count:
        return translate("Present: {count} people (counted by head; the registration sheet is kept on paper)",
                         data.lang, count=count)
    if data.present:
        return translate("Present: {count} people (the list is attached)", data.lang, count=count)
    return translate("Present: {count} people", data.lang, count=count)


def _absent_line(data: MinutesData) -> str:
    """How many of those entitled did not come; at a собрание, the members by name."""
    count = format_number(max(data.entitled - data.present, 0), data.lang)
    if data.absent_names:
        return translate("Absent: {count} ({names})", data.lang, count=count, names=", ".join(data.absent_names))
    return translate("Absent: {count}", data.lang, count=count)


def _closing_line(data: MinutesData) -> str:
    """When the meeting closed; a line to write it by hand while the program does not know."""
    if data.ends_at is None:
        return translate("The meeting closed at ____ h ____ min.", data.lang)
    return translate("The meeting closed at {time}.", data.lang, time=data.ends_at.strftime("%H:%M"))


def _akim_line(data: MinutesData, item: MinutesItem) -> str:
    """The decision's days with the akim (docs/domain.md, Minutes): due there, and once sent, the
    day the answer is due."""
    lang = data.lang
    if item.sent_on is not None and item.answer_due is not None:
        return translate("Sent to the akim on {sent}; the akim's answer is due by {due}.", lang,
                         sent=format_date_long(item.sent_on, lang), due=format_date_long(item.answer_due, lang))
    if item.sent_on is not None:
        return translate("Sent to the akim on {sent}.", lang, sent=format_date_long(item.sent_on, lang))
    if item.send_by is not None:
        return translate("To be sent to the akim by {date}.", lang, date=format_date_long(item.send_by, lang))
    return ""


def _quorum_known(data: MinutesData) -> bool:
    """Whether the protocol can say if quorum was reached: not before attendance is taken (a draft
    prepared ahead of the meeting)."""
    return data.quorum_applies and data.present > 0


def _quorum_line(data: MinutesData) -> str:
    lang = data.lang
    if data.quorum_reached:
        if data.kind == ASSEMBLY:
            return translate("Quorum is present. The assembly is competent.", lang)
        return translate("Quorum is present. The gathering is competent.", lang)
    if data.kind == ASSEMBLY:
        line = translate("There is no quorum. The assembly is not competent.", lang)
    else:
        line = translate("There is no quorum. The gathering is not competent.", lang)
    if data.quorum_needed:
        line += " " + translate("Quorum needs at least {needed}.", lang, needed=format_number(data.quorum_needed, lang))
    return line


def _outcome(data: MinutesData, item: MinutesItem) -> list[str]:
    """What is written under ШЕШТІ / РЕШИЛИ: the decision's points, numbered 1.1, 1.2…, with its
    register number; or why there is no decision."""
    lang = data.lang
    if _quorum_known(data) and not data.quorum_reached:
        return [translate("The decision is not adopted: there is no quorum.", lang)]
    if item.vote is not None and not item.adopted:
        return [translate("The proposal did not get the votes needed ({needed}); the decision is not adopted.",
                          lang, needed=format_number(item.vote.needed, lang))]
    points = [line.strip() for line in item.decision_text.splitlines() if line.strip()]
    if not points:
        points = [item.proposal] if item.proposal else []
    lines = [f"{item.position}.{n}. {text}" for n, text in enumerate(points, start=1)]
    if item.decision_number and lines:
        lines[-1] += " " + translate("(decision No. {number})", lang, number=item.decision_number)
    return lines


# Content ------------------------------------------------------------------------------------------

def _signature_rows(data: MinutesData) -> Signatures:
    return Signatures(((_chair_label(data), data.chair),
                       (translate("Secretary of the meeting", data.lang), data.secretary)))


SHEET_COLUMNS = (Column(N_("No."), 0.06, "right"), Column(N_("Full name"), 0.36), Column(N_("Address"), 0.34),
                 Column(N_("Signature"), 0.24))
SHEET_COLUMNS_IIN = (Column(N_("No."), 0.06, "right"), Column(N_("Full name"), 0.31), Column(N_("Address"), 0.27),
                     Column(N_("IIN"), 0.16), Column(N_("Signature"), 0.2))
BLANK_LINES = 40  # a blank сход sheet's numbered lines: two pages; more are printed as needed


def _sheet_heading(data: MinutesData) -> list:
    lang = data.lang
    return [Text(translate("REGISTRATION SHEET OF PARTICIPANTS", lang), "sheet_title"),
            Text(translate("Annex to minutes No. {number} of {date}", lang, number=data.number,
                           date=format_date_long(data.starts_at.date(), lang)), "centered")]


def _sheet_grid(data: MinutesData) -> Grid:
    """Who was ticked present, with room to sign. Names wrap inside their cell: a name on a paper
    people sign is never cut."""
    rows = []
    for number, person in enumerate(data.attendees, start=1):
        cells = [str(number), person.name, person.address]
        if data.show_iin:
            cells.append(person.iin)
        rows.append((*cells, ""))
    return Grid(SHEET_COLUMNS_IIN if data.show_iin else SHEET_COLUMNS, tuple(rows))


def sheet_content(data: MinutesData) -> list[Group]:
    """The registration sheet (annex), from a new page."""
    return [group([PageBreak()]), group(_sheet_heading(data)), group([_sheet_grid(data)])]


def _closing(data: MinutesData, pages: int) -> list:
    """The closing time, the signatures and the annex line: one block, kept with the text before it."""
    lang = data.lang
    block = [Text(_closing_line(data)), Gap(10), _signature_rows(data)]
    if data.head_count and data.present:
        block += [Gap(8), Text(translate("Annex: registration sheet of participants (kept on paper)", lang), "line")]
    elif pages:
        block += [Gap(8), Text(translate("Annex: registration sheet of participants, {pages} pages", lang,
                                         pages=pages), "line")]
    return block


KEPT_WITH_SIGNATURES = 2  # paragraphs of the protocol's text that go with the signatures to their page


def content(data: MinutesData) -> list[Group]:
    """The whole protocol as blocks, in its order: the PDF and the Word copy both draw these."""
    lang = data.lang
    groups: list[Group] = []

    def flow(blocks, keep_together: bool = False) -> None:
        blocks = list(blocks)
        if blocks:
            groups.append(group(blocks, keep_together))

    flow([Text(line, "heading") for line in heading(data)] + [Gap(6)])
    when = translate("{date}, {time}", lang, date=format_date_long(data.starts_at.date(), lang),
                     time=data.starts_at.strftime("%H:%M"))
    flow([Pair(translate("village of {village}", lang, village=data.village) if data.village else "", when)])
    lines = []
    if data.area:
        lines.append(translate("Area: {area}", lang, area=data.area))
    if data.place:
        lines.append(translate("Venue: {place}", lang, place=data.place))
    if data.convened_by:
        lines.append(translate("Convened by: {who}", lang, who=data.convened_by))
    flow([Text(line, "line") for line in lines])
    flow([Text(data.chair, "line", lead=_chair_label(data) + ":"),
          Text(data.secretary, "line", lead=translate("Secretary of the meeting", lang) + ":"), Gap(4)])
    if data.quorum_applies:
        flow([Text(_entitled_line(data), "line")])
    flow([Text(_present_line(data), "line")])
    if _quorum_known(data):
        flow([Text(_absent_line(data), "line"), Text(_quorum_line(data), "line", bold=True)])
    if data.guests:
        flow([Text(translate("INVITED:", lang), "keyword")] + [Text(guest, "indented") for guest in data.guests])

    flow([Text(translate("AGENDA:", lang), "keyword"),
          *[Text(f"{item.position}. {item.title}", "indented") for item in data.items]])

    for item in data.items:
        heard = " — ".join(part for part in (item.rapporteur, item.title) if part)
        flow([Text(heard, "item", lead=f"{item.position}. " + translate("HEARD:", lang))], keep_together=True)
        if item.heard:
            flow([Text(paragraph) for paragraph in item.heard.splitlines() if paragraph.strip()])
        if item.speakers:
            speeches = [Text(f"{n}) " + ": ".join(part for part in (s.name, s.summary) if part), "indented")
                        for n, s in enumerate(item.speakers, start=1)]
            flow([Text(translate("SPOKE:", lang), "keyword"), speeches[0]], keep_together=True)
            flow(speeches[1:])
        if item.proposal:
            flow([Text(item.proposal, lead=translate("PROPOSED:", lang))])
        if item.vote is None:
            votes = translate("no vote was recorded", lang)
        else:
            votes = translate("for — {for_}, against — {against}, abstained — {abstained}", lang,
                              for_=format_number(item.vote.for_, lang), against=format_number(item.vote.against, lang),
                              abstained=format_number(item.vote.abstained, lang))
            if item.vote.roll_call:
                votes += " " + translate("(roll-call vote)", lang)
        voted = [Text(votes, "line", lead=translate("VOTED:", lang))]
        if item.roll_call:
            # Who voted how, by name: what a roll call is for (docs/domain.md, Minutes).
            names = [Text(f"{n}) {name} — {translate(choice, lang)}", "indented")
                     for n, (name, choice) in enumerate(item.roll_call, start=1)]
            flow(voted + names[:1], keep_together=True)
            flow(names[1:])
            voted = []
        outcome = _outcome(data, item)
        flow(voted + [Text(translate("DECIDED:", lang), "keyword")] + [Text(line) for line in outcome[:1]],
             keep_together=True)
        akim = _akim_line(data, item) if item.adopted and item.decision_number else ""
        flow([Text(line) for line in outcome[1:]] + ([Text(akim, "line")] if akim else []))

    if data.separate and data.representatives:
        flow([Text(translate("ELECTED AS REPRESENTATIVES TO THE GATHERING OF THE LOCAL COMMUNITY:", lang), "keyword"),
              Text(f"1) {data.representatives[0]}", "indented")], keep_together=True)
        flow([Text(f"{n}) {name}", "indented") for n, name in enumerate(data.representatives[1:], start=2)])

    # The end of the last group goes with the closing block, so the signatures never stand alone on a page.
    pages = sheet_pages(data)
    last = groups.pop().blocks
    flow(last[:-KEPT_WITH_SIGNATURES])
    flow([*last[-KEPT_WITH_SIGNATURES:], *_closing(data, pages)], keep_together=True)

    if data.signed and data.amendments:
        flow([Gap(10), Text(translate("AMENDMENTS:", lang), "keyword")], keep_together=True)
        for n, amendment in enumerate(data.amendments, start=1):
            # Each amendment is signed like the protocol (docs/domain.md, Minutes).
            flow([Text(f"{n}. {format_date_long(amendment.made_on, lang)}: {amendment.text}"), Gap(4),
                  _signature_rows(data)], keep_together=True)

    if pages:
        groups += sheet_content(data)
    return groups


# Drawing ------------------------------------------------------------------------------------------

class _Styles:
    def __init__(self, size: float = 11.0):
        leading = size * 1.32
        self.body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=leading, alignment=TA_JUSTIFY,
                                   spaceAfter=size * 0.25)
        self.line = ParagraphStyle("line", parent=self.body, alignment=TA_LEFT)
        # Numbered lines (agenda, speakers, guests) hang their number out to the left.
        self.indented = ParagraphStyle("indented", parent=self.body, alignment=TA_LEFT, leftIndent=14 * mm,
                                       firstLineIndent=-6 * mm)
        self.keyword = ParagraphStyle("keyword", parent=self.line, fontName=FONT_BOLD, spaceBefore=size * 0.6,
                                      spaceAfter=size * 0.2)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=FONT_BOLD, fontSize=size + 2,
                                      leading=(size + 2) * 1.3, alignment=TA_CENTER, spaceAfter=size * 0.3)
        self.item = ParagraphStyle("item", parent=self.body, spaceBefore=size * 1.0)
        self.right = ParagraphStyle("right", parent=self.line, alignment=TA_RIGHT)
        self.sheet_title = ParagraphStyle("sheet_title", parent=self.heading, spaceAfter=0)
        self.centered = ParagraphStyle("centered", parent=self.line, alignment=TA_CENTER, spaceAfter=size)


def _markup(text: str) -> str:
    # «№ 3» never breaks between the sign and its number.
    return escape(text).replace("№ ", "№\u00a0")


def _paragraph(block: Text, styles: _Styles) -> Paragraph:
    style = getattr(styles, block.style)
    if block.lead:
        return Paragraph(f"<b>{_markup(block.lead)}</b> {_markup(block.text)}".rstrip(), style)
    if block.bold:
        return Paragraph(f"<b>{_markup(block.text)}</b>", style)
    return Paragraph(_markup(block.text), style)


def _pair(block: Pair, styles: _Styles) -> Table:
    table = Table([[Paragraph(_markup(block.left), styles.line), Paragraph(_markup(block.right), styles.right)]],
                  colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return table


def _signatures(block: Signatures, styles: _Styles, width: float) -> Table:
    rows = [[Paragraph(_markup(role), styles.line), "", Paragraph(_markup(name), styles.line)]
            for role, name in block.rows]
    table = Table(rows, colWidths=[width * 0.3, width * 0.3, width * 0.4], rowHeights=[12 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, (0, 0, 0)),  # the line to sign on
        ("LEFTPADDING", (0, 0), (0, -1), 0), ("LEFTPADDING", (2, 0), (2, -1), 10),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _flowable(block, styles: _Styles, width: float):
    if isinstance(block, Text):
        return _paragraph(block, styles)
    if isinstance(block, Gap):
        return Spacer(1, block.points)
    if isinstance(block, Pair):
        return _pair(block, styles)
    return _signatures(block, styles, width)


def draw(frame: PageFrame, groups: list[Group], styles: _Styles | None = None) -> None:
    """Lays the blocks down the PDF frame: paragraphs and small tables as flowables, a grid with the
    kit's TableWriter (its header repeated on every page)."""
    styles = styles or _Styles()
    for part in groups:
        if part.blocks and isinstance(part.blocks[0], PageBreak):
            frame.new_page()
        elif part.blocks and isinstance(part.blocks[0], Grid):
            grid = part.blocks[0]
            table = TableWriter(frame, grid.columns, font_size=grid.font_size, row_height=grid.row_height)
            for row in grid.rows:
                table.row(list(row))
        else:
            frame.flow([_flowable(block, styles, frame.content_width) for block in part.blocks],
                       keep_together=part.keep_together)


def sheet_pages(data: MinutesData) -> int:
    """How many pages the registration sheet takes: drawn once on a frame that is never saved."""
    if not data.attendees or data.head_count:
        return 0
    frame = PageFrame(os.devnull, title="", district="", printed_on=data.printed_on, lang=data.lang)
    draw(frame, sheet_content(data))
    return frame.page - 1


def render_blank_sheet(data: MinutesData, path: str | os.PathLike, blank_lines: int = BLANK_LINES) -> Path:
    """The registration sheet printed before the meeting and signed at the door (docs/domain.md,
    Minutes): the people in ``data.attendees`` by name (a собрание's elected members), else
    ``blank_lines`` numbered lines to write name and address in. No draft mark: it is a form."""
    lang = data.lang
    frame = PageFrame(path, title=title(data), district=data.district, printed_on=data.printed_on, lang=lang,
                      subject=translate("REGISTRATION SHEET OF PARTICIPANTS", lang), keywords=data.district,
                      header_date=False)
    lines = [translate("Venue: {place}", lang, place=data.place)] if data.place else []
    if data.area:
        lines.insert(0, translate("Area: {area}", lang, area=data.area))
    if data.attendees:
        grid = _sheet_grid(data)
    else:
        # A blank line leaves room to write a name and an address by hand.
        grid = Grid(SHEET_COLUMNS, tuple((str(n), "", "", "") for n in range(1, blank_lines + 1)), row_height=28.0)
    draw(frame, [group([*_sheet_heading(data), *[Text(line, "line") for line in lines], Gap(6)]), group([grid])])
    return frame.save()


def render(data: MinutesData, path: str | os.PathLike) -> Path:
    """Writes the protocol as a PDF at ``path`` and returns the path. Unsigned protocols carry the
    draft mark on every page."""
    frame = PageFrame(path, title=title(data), district=data.district, printed_on=data.printed_on, lang=data.lang,
                      draft=not data.signed, subject=" ".join(heading(data)), keywords=data.district,
                      header_date=False)
    draw(frame, content(data))
    return frame.save()


def render_docx(data: MinutesData, path: str | os.PathLike) -> Path:
    """Writes the protocol as a Word copy at ``path``: the same blocks as the PDF, for the secretary
    to adjust a sentence before signing. The header names it, a draft as a draft."""
    from app.reports import docx_kit  # python-docx is loaded only for a Word copy

    header = " — ".join(part for part in (title(data), data.district) if part)
    if not data.signed:
        header += " — " + translate("DRAFT", data.lang)
    document = docx_kit.new_document(title=title(data), subject=" ".join(heading(data)), lang=data.lang,
                                     header=header)
    docx_kit.add_blocks(document, content(data), data.lang)
    return docx_kit.save(document, path)
