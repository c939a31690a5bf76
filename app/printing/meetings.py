"""The printed documents of meetings: the protocol, the blank registration sheet, the notice and the
decisions register.

Each ``*_data`` function builds the plain data its report draws (names already in the document's
language), from the meetings service and the district settings; each ``print_*`` renders it to a PDF,
or, for a path ending in .docx, the protocol, the notice and the register to a Word copy with the same
text. The window's print buttons and ``auyl report`` call these same functions.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from app import clock
from app.errors import ValidationError
from app.i18n import local_name
from app.printing.files import report_language
from app.reports import decisions_register, meeting_notice, minutes
from app.rules.bilingual import name_in
from app.rules.text import sort_key
from app.services import meetings, settings

# Protocols and notices are two separate language versions, Kazakh or Russian (docs/domain.md, Minutes).
DOCUMENT_LANGUAGES = meetings.LANGUAGES


def _document_language(lang: str) -> str:
    if lang not in DOCUMENT_LANGUAGES:
        raise ValidationError("Protocols and notices are printed in Kazakh or Russian, as two separate "
                              "versions: choose kk or ru.", field="lang")
    return lang


def _seat(view: meetings.MeetingView, lang: str) -> str:
    """The village the protocol is written in: the meeting's own, else the district's first village
    (its seat: the district is named after it)."""
    if view.village_id is not None:
        return local_name(view.village_kk, view.village_ru, lang)
    villages = settings.villages()
    return local_name(villages[0].name_kk, villages[0].name_ru, lang) if villages else ""


def _in(lang: str, view: meetings.MeetingView, text: str, second: str) -> str:
    """A text typed in the meeting's language, or in the other protocol's language its second text
    when one was typed (docs/domain.md, Minutes: two separate language versions)."""
    return second if lang != view.language and second.strip() else text


def _place(view: meetings.MeetingView, lang: str) -> str:
    room = view.room_ru if lang == "ru" and view.room_ru else view.room
    return ", ".join(part for part in (room, view.address) if part)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def minutes_data(meeting_id: int, lang: str) -> minutes.MinutesData:
    lang = _document_language(lang)
    view = meetings.get(meeting_id)
    district = settings.load()
    q = view.quorum
    items = tuple(minutes.MinutesItem(
        item.position, _in(lang, view, item.title, item.title_second), item.rapporteur, item.heard,
        tuple(minutes.Speech(s.name, s.summary) for s in item.speakers), item.proposal,
        _in(lang, view, item.decision_text, item.decision_text_second),
        minutes.Vote(item.vote.for_, item.vote.against, item.vote.abstained, item.vote.mode == "roll_call",
                     item.vote.needed) if item.vote else None,
        bool(item.vote and item.vote.adopted), item.decision.label if item.decision else "",
        roll_call=item.roll_call, send_by=item.decision.send_by if item.decision else None,
        sent_on=item.decision.sent_on if item.decision else None,
        answer_due=item.decision.answer_due if item.decision and item.decision.sent_on else None)
        for item in view.items)
    # People are listed in the document's alphabet (docs/domain.md, Language).
    attendees = () if q.head_count else tuple(sorted(
        (minutes.Attendee(name, address, iin) for _id, name, address, iin in meetings.present_people(meeting_id)),
        key=lambda person: sort_key(person.name, lang)))
    absent = (tuple(sorted(meetings.absent_members(meeting_id), key=lambda name: sort_key(name, lang)))
              if q.present and not q.head_count else ())
    return minutes.MinutesData(
        lang=lang, printed_on=clock.today(),
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        kind=view.kind, kind_name=name_in(view.kind_name, lang), separate=view.separate, number=view.number,
        starts_at=view.starts_at, village=_seat(view, lang), area=view.area, place=_place(view, lang),
        convened_by=view.convened_by, chair=view.chair, secretary=view.secretary,
        guests=_lines(_in(lang, view, view.guests, view.guests_second)),
        entitled=q.entitled, entitled_counted=q.entitled_counted, entitled_overridden=q.overridden,
        override_reason=q.override_reason, present=q.present, head_count=q.head_count,
        quorum_applies=q.applies, quorum_reached=q.reached, quorum_needed=q.needed, items=items,
        attendees=attendees, show_iin=district.registration_sheet_shows_iin, signed_on=view.signed_on,
        amendments=tuple(minutes.AmendmentLine(a.made_on, a.text) for a in view.amendments),
        ends_at=view.ends_at, absent_names=absent, representatives=_lines(view.representatives))


def is_word(path: str | os.PathLike) -> bool:
    """Whether the file asked for is a Word copy: its extension chooses the format."""
    return Path(path).suffix.lower() == ".docx"


def print_minutes(meeting_id: int, lang: str, path: str | os.PathLike) -> Path:
    data = minutes_data(meeting_id, lang)
    return minutes.render_docx(data, path) if is_word(path) else minutes.render(data, path)


def sheet_data(meeting_id: int, lang: str) -> minutes.MinutesData:
    """The protocol's data as the blank registration sheet needs it: the meeting, and a собрание's
    elected members by name (a сход's sheet has numbered blank lines instead)."""
    data = minutes_data(meeting_id, lang)
    people = tuple(minutes.Attendee(name, address, "")
                   for name, address in sorted(meetings.sheet_people(meeting_id), key=lambda p: sort_key(p[0], lang)))
    return replace(data, attendees=people, show_iin=False, head_count=False)


def print_sheet(meeting_id: int, lang: str, path: str | os.PathLike) -> Path:
    if is_word(path):  # a form signed at the door: nothing in it to adjust
        raise ValidationError("The blank registration sheet is printed as a PDF: give a file name ending in .pdf.",
                              field="path")
    return minutes.render_blank_sheet(sheet_data(meeting_id, lang), path)


def notice_data(meeting_id: int, lang: str) -> meeting_notice.NoticeData:
    lang = _document_language(lang)
    view = meetings.get(meeting_id)
    district = settings.load()
    return meeting_notice.NoticeData(
        lang=lang, printed_on=clock.today(),
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        centre=local_name(district.centre_name_kk, district.centre_name_ru, lang),
        kind=view.kind, kind_name=name_in(view.kind_name, lang), separate=view.separate,
        number=view.number, starts_at=view.starts_at,
        village=local_name(view.village_kk, view.village_ru, lang) if view.village_id is not None else "",
        area=view.area, place=_notice_place(view, district, lang), convened_by=view.convened_by,
        agenda=tuple(_in(lang, view, item.title, item.title_second) for item in view.items),
        phone=district.centre_phone)


def _notice_place(view: meetings.MeetingView, district: settings.DistrictSettings, lang: str) -> str:
    """Where a resident comes: the room with the meeting's address, or, in one of the centre's rooms
    with no address of its own, the centre's building's."""
    place = _place(view, lang)
    if view.room and not view.address:
        address = local_name(district.centre_address_kk, district.centre_address_ru, lang)
        place = ", ".join(part for part in (place, address) if part)
    return place


def print_notice(meeting_id: int, lang: str, path: str | os.PathLike) -> Path:
    data = notice_data(meeting_id, lang)
    return meeting_notice.render_docx(data, path) if is_word(path) else meeting_notice.render(data, path)


def decisions_register_data(date_from: date | None, date_to: date | None, lang: str,
                            status: str | None = None) -> decisions_register.RegisterData:
    report_language(lang)
    if date_from and date_to and date_from > date_to:
        raise ValidationError("The period starts after it ends.", field="date_from")
    if status is not None and status not in meetings.DECISION_STATUSES:
        raise ValidationError("Unknown status “{status}”: choose in_progress, done, overdue or rejected.",
                              field="status", status=status)
    district = settings.load()
    today = clock.today()
    rows = tuple(decisions_register.RegisterRow(
        label=row.label, meeting_kind=row.meeting_kind, meeting_kind_name=name_in(row.meeting_kind_name, lang),
        meeting_number=row.meeting_number, meeting_date=row.meeting_date, text=row.text or row.item_title,
        responsible=row.responsible, deadline=row.deadline, sent_on=row.sent_on, send_by=row.send_by,
        answer_due=row.answer_due, answer_on=row.answer_on, status=row.status)
        for row in sorted(meetings.decisions(date_from, date_to, status, today=today),
                          key=lambda r: (r.year, r.number)))  # a register reads in its numbers' order
    return decisions_register.RegisterData(
        lang=lang, printed_on=today,
        district=local_name(district.district_name_kk, district.district_name_ru, lang),
        date_from=date_from, date_to=date_to, status=status, rows=rows)


def print_decisions(date_from: date | None, date_to: date | None, lang: str, path: str | os.PathLike,
                    status: str | None = None) -> Path:
    data = decisions_register_data(date_from, date_to, lang, status)
    return decisions_register.render_docx(data, path) if is_word(path) else decisions_register.render(data, path)
