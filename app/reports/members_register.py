"""The printed register of the local community: A4, village by village, with the district
and the printed date on every page, page numbers, masked IINs, a total per village and a grand total.

The members service builds a ``MembersRegister`` (plain data, IINs already masked); ``render`` draws
it with the shared kit. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.i18n import N_, format_date, format_number, ntranslate, translate
from app.reports.kit import Cancelled, Column, PageFrame, TableWriter
from app.rules.iin import mask

TITLE = N_("Register of the local community")

# Widths: the number, date, IIN and phone columns just hold "10000", "28.10.1979", "791028••••28"
# and "+7 701 123 45 67" at 8.5 pt; the name gets the most of the rest.
COLUMNS = (
    Column(N_("No."), 0.062, "right"),
    Column(N_("Full name"), 0.315, "left"),
    Column(N_("Date of birth"), 0.1, "center"),
    Column(N_("IIN"), 0.115, "left"),
    Column(N_("Address"), 0.26, "left"),
    Column(N_("Phone"), 0.148, "left"),
)

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class RegisterRow:
    number: int
    full_name: str
    birth_date: date | None
    iin_masked: str          # masked by the caller ("791028••••28"); printed as given
    address: str
    phone: str


@dataclass(frozen=True)
class VillageSection:
    village: str
    rows: tuple[RegisterRow, ...]


@dataclass(frozen=True)
class MembersRegister:
    district: str
    printed_on: date
    lang: str
    sections: tuple[VillageSection, ...]

    @property
    def people(self) -> int:
        return sum(len(section.rows) for section in self.sections)


def _masked(iin: str) -> str:
    """The IIN as given, unless a caller slipped a whole one through: then it is masked here, since
    a printed register must never carry full IINs (personal data)."""
    iin = iin or ""
    return mask(iin) if len(iin) == 12 and iin.isdigit() else iin


def _cells(row: RegisterRow) -> tuple[str, ...]:
    return (str(row.number), row.full_name, format_date(row.birth_date), _masked(row.iin_masked),
            row.address, row.phone)


def total_line(people: int, villages: int, lang: str) -> str:
    """«Всего: 3 000 человек в 3 сёлах», «Барлығы: 3 ауылда 3 000 адам»: each number with its own
    plural form, as a secretary writes it."""
    where = ntranslate("in {n} village", "in {n} villages", villages, lang, n=format_number(villages, lang))
    return ntranslate("Total: {n} person {where}", "Total: {n} people {where}", people, lang,
                      n=format_number(people, lang), where=where)


def render(data: MembersRegister, path: str | os.PathLike, *, draft: bool = False,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> Path:
    """Writes the register as a PDF at ``path`` and returns the path.

    ``progress(done, total)`` is called every few hundred rows; when ``cancelled()`` turns true the
    render stops with ``kit.Cancelled`` and no file is written."""
    lang = data.lang
    total_people = data.people
    title = translate(TITLE, lang)
    frame = PageFrame(path, title=title, district=data.district, printed_on=data.printed_on, lang=lang,
                      draft=draft, subject=title, keywords=data.district)
    done = 0

    def rows_of(section: VillageSection) -> Iterator[tuple[str, ...]]:
        nonlocal done
        for row in section.rows:
            yield _cells(row)
            done += 1
            if done % PROGRESS_EVERY == 0:
                if progress:
                    progress(done, total_people)
                if cancelled and cancelled():
                    raise Cancelled()

    # Until ``save`` the canvas holds everything in memory: a cancel or an error writes nothing.
    if total_people == 0:
        frame.paragraph(translate("There is no one in the register.", lang), size=11)
    else:
        table = TableWriter(frame, COLUMNS)
        for section in data.sections:
            table.section(
                translate("{village} village", lang, village=section.village),
                rows_of(section),
                total=translate("Total for {village} village: {count}", lang, village=section.village,
                                count=format_number(len(section.rows), lang)))
            table.space(table.row_height * 0.6)
        table.total(total_line(total_people, len(data.sections), lang))
    result = frame.save()
    if progress:
        progress(total_people, total_people)
    return result

