"""The register's files: the list exported to .csv or .xlsx, the printed register (a PDF), and the
rows an import did not take, written beside the file imported. The members service gives the rows
(``members.export_rows``, ``members.register_villages``, the import's rejects); these functions write
them. The window and ``auyl members export``, ``auyl members import`` and ``auyl report members`` call
these same functions.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from pathlib import Path

from app import clock
from app.errors import ValidationError
from app.i18n import local_name, tr
from app.printing.files import report_language
from app.reports import members_register, tables
from app.rules.text import sort_key
from app.services import member_import, members, settings
from app.services.member_import import ImportResult

Progress = Callable[[int, int], None]


def _write_whole(target: Path, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Writes the table to a hidden file beside ``target`` and puts it in place only once it is
    whole: a cancel or an error midway leaves no half file (and an older file as it was)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix)
    os.close(handle)
    try:
        count = tables.write_table(temporary, headers, rows)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


# The exported list -------------------------------------------------------------------------------

def export_list(path: str | os.PathLike, village: str | None = None, text: str = "", village_id: int | None = None,
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                **filters) -> tuple[Path, int]:
    """Writes the people a list shows (filtered like ``members.rows``; ``village`` by name, as typed on
    the command line) to a .csv or .xlsx file, headers in the interface language. Returns the path and
    the number of people written. ``progress(done, total)`` is told every few hundred people; when
    ``cancelled()`` turns true the export stops with ``Cancelled`` and no file is left behind."""
    path = Path(path)
    if path.suffix.lower() not in tables.FORMATS:
        raise ValidationError("Export to a .csv or .xlsx file, not {name}.", field="file", name=path.name)
    if village:
        village_id = members.village_id_named(village)
    headers = [tr(label) for _field, label in members.EXPORT_COLUMNS]
    rows = members.export_rows(text, village_id, progress=progress, cancelled=cancelled, **filters)
    try:
        with closing(rows):  # its reading session ends even when the writing stops midway
            count = _write_whole(path, headers, rows)
    except OSError as error:
        raise ValidationError("The file could not be written: {reason}", field="file",
                              reason=error.strerror or str(error)) from None
    if progress:
        progress(count, count)
    return path, count


# The printed register ----------------------------------------------------------------------------

def register_data(lang: str, village: str | None = None, text: str = "", village_id: int | None = None,
                  **filters) -> members_register.MembersRegister:
    """The printed register's data, by village, in the document's language and its alphabet's order,
    IINs masked."""
    report_language(lang)
    district = settings.load()
    sections = tuple(
        members_register.VillageSection(
            local_name(place.name_kk, place.name_ru, lang),
            tuple(members_register.RegisterRow(number, row.full_name, row.birth_date, row.iin_masked, row.address,
                                               row.phone)
                  for number, row in enumerate(sorted(place.people, key=lambda p: sort_key(p.full_name, lang)),
                                               start=1)))
        for place in members.register_villages(village, text, village_id, **filters))
    return members_register.MembersRegister(local_name(district.district_name_kk, district.district_name_ru, lang),
                                            clock.today(), lang, sections)


def print_register(lang: str, path: str | os.PathLike, village: str | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None, **filters) -> tuple[Path, int]:
    """Writes the printed register of the people a list shows to a PDF; returns the path and the
    number of people in it."""
    data = register_data(lang, village, **filters)
    return members_register.render(data, path, progress=progress, cancelled=cancelled), data.people


# The rows an import did not take -----------------------------------------------------------------

def rejects_path(path: str | os.PathLike) -> Path:
    """Where ``import_people`` writes the rows of ``path`` it did not import."""
    path = Path(path)
    return path.with_name(f"{path.stem}.rejects.csv")


def import_people(path: str | os.PathLike, add_villages: bool = False, mapping: dict[int, str | None] | None = None,
                  progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                  dry_run: bool = False, encoding: str | None = None) -> ImportResult:
    """``member_import.import_file``, with the rows not imported written, as they were and with the
    reason, to ``<file>.rejects.csv`` beside the file, for staff to correct and import again. The
    file is written before the import commits: if it cannot be written, nothing is imported; if the
    import fails after it was written, it is removed. A ``dry_run`` writes nothing, not even that file:
    its result is the plan."""
    source = Path(path)
    written: list[Path] = []

    def write_rejects(headers: list[str], rows: list[list[str]]) -> Path:
        target = rejects_path(source)
        try:
            _write_whole(target, headers, rows)
        except OSError as error:
            raise ValidationError("The rows not imported could not be written to {path}: {reason}. Nothing was "
                                  "imported.", field="file", path=str(target),
                                  reason=error.strerror or str(error)) from None
        written.append(target)
        return target

    try:
        return member_import.import_file(source, add_villages=add_villages, mapping=mapping, progress=progress,
                                         cancelled=cancelled, write_rejects=write_rejects, dry_run=dry_run,
                                         encoding=encoding)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
