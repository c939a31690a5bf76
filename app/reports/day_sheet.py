"""The day sheet of the centre's rooms: for one day, room by room, who has it and when, the organiser
and how many are registered; a free room says so. For the caretaker's wall. A4 portrait.

The events service builds ``DaySheet`` (``app.services.events.day_sheet``); ``render`` draws it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import N_, format_date_long, local_name, ntranslate, translate
from app.reports.kit import Column, PageFrame, TableWriter

if TYPE_CHECKING:
    from datetime import date

    from app.services.events import DaySheet

TITLE = N_("Rooms for the day")
COLUMNS = (Column(N_("Time"), 0.14), Column(N_("Event"), 0.40), Column(N_("Kind"), 0.16),
           Column(N_("Organiser"), 0.20), Column(N_("Registered"), 0.10, "right"))


def render(sheet: DaySheet, path: str | os.PathLike, lang: str, printed_on: date) -> Path:
    frame = PageFrame(path, title=translate(TITLE, lang), printed_on=printed_on, lang=lang,
                      district=local_name(sheet.district_kk, sheet.district_ru, lang))
    frame.paragraph(format_date_long(sheet.day, lang), size=13, bold=True)
    table = TableWriter(frame, COLUMNS, font_size=9.5)
    for room in sheet.rooms:
        # Translators: a room and the number of people it seats, heading its bookings on the day sheet.
        heading = room.name if room.capacity is None else ntranslate("{room}, {n} place", "{room}, {n} places",
                                                                     room.capacity, lang, room=room.name)
        rows = [(f"{line.starts_at:%H:%M}–{line.ends_at:%H:%M}", line.title,
                 translate("Meeting", lang) if line.kind == "meeting" else line.kind, line.organiser,
                 "" if line.registered is None else line.registered) for line in room.lines]
        table.section(heading, rows or [("", translate("Free all day", lang), "", "", "")])
        table.space(6)
    return frame.save()
