"""Importing people from a spreadsheet into the register (``auyl members import``, the import dialog).

Staff bring lists kept in Excel or exported from other programs: .xlsx workbooks and .csv files in
UTF-8 (with or without BOM), UTF-16, Windows-1251, KOI8-R or Windows-1252, with headers in Kazakh,
Russian or English. An import:

* reads the file: the first sheet of a workbook, or a .csv whose delimiter (``,`` ``;`` or tab) is
  found by looking and whose encoding is detected (``detect_encoding``) unless staff chose it. The
  header row is the first row, among the first few that are not blank, naming two columns the
  register knows or only known ones (not a title);
* reads strictly, and stops with the row's number, importing nothing, at a .csv row with a quote
  left open, a number of cells other than the header's, or text its encoding does not read cleanly,
  and at any cell past 10,000 characters (app/rules/ranges.py). A file past the size limits (a .csv,
  or a workbook's parts as its zip directory states them unpacked) is refused before it is read;
* matches the headers (``match_columns``) against the labels of an exported register
  (``members.EXPORT_COLUMNS``) in every language and against the usual synonyms («Фамилия», «Тегі»,
  «ФИО», «Т.А.Ә.», …), across spellings (``fold``). Unknown columns are left out and reported;
* checks every row the way a form does (``members.checked``) and writes the good ones in one unit of
  work: all of them, or, on a cancel or any error, none. A row whose IIN is in the register updates
  that person, unless the row names someone else (another surname, given name or birth date, across
  spellings): a mistyped IIN must not overwrite a different person, so such a row is flagged with
  both versions for staff to review (``apply_reviewed``). A row that looks like someone already
  there (same name and birth date) without an IIN to tell them apart is flagged, never merged;
* is one batch (``ImportBatch``): every version of a record it writes carries the batch's number,
  so the import can be undone whole (app/services/import_batches.py); a flagged row taken later
  (``apply_reviewed`` with the batch's number) belongs to it too;
* can run as a dry run (``dry_run=True``): the same work in a transaction rolled back, so the result
  is the plan (who is added, each updated field old → new, flagged and rejected) and nothing is written,
  no batch either;
* keeps a new person whose sex neither the file, the IIN nor the ending of the name tells, with the
  sex unknown; those and the ones whose sex was read from the name are listed for staff to confirm;
* hands the rows it did not import, with the reason, to be written to ``<source>.rejects.csv`` beside
  the source (app/printing/members.py), so staff can correct them and import that file again.

For a person already in the register, a column the file does not have keeps what the register holds;
an empty cell in a column it has clears that field, except the village and the status, which stay.

Row numbers are the ones a person sees in Excel: the header is row 1 when it is the first row.

Speed: a workbook is read by calamine (a Rust reader) rather than openpyxl; the register is read a few
times in bulk before the rows are checked (IINs, the people sharing a birth date with a row, the people
a row updates), never once per row; the people added are written with Core a few thousand to a
statement, with the audit entries and record versions the flush listeners write for an ORM insert
(``history.write_inserted``, shared with the demo), and their texts held to their columns as the flush
would (app/services/text_limits.py). Memory: the people added are written and let go a few thousand at a
time, and a .csv is read as a stream (a workbook's sheet whole, then row by row); importing 200,000
people peaks at about 350 MB from a .csv and 410 MB from a workbook (bench/import_memory.py).
"""

from __future__ import annotations

import codecs
import csv
import gc
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, insert, inspect, select

from app import clock
from app.db import unit_of_work
from app.errors import Cancelled, Label, NotFound, ValidationError
from app.i18n import LANGUAGES, N_, format_date, local_name, ntr, tr, translate
from app.models import ImportBatch, Member, Village
from app.rules import iin as iin_rules
from app.rules import ranges
from app.rules.dates import parse_date
from app.rules.formulas import restored
from app.rules.names import sex_from_name
from app.rules.text import fold
from app.services import audit, history, import_batches, members, text_limits, versions
from app.services.access import requires
from app.services.members import NOT_STORED, MemberData

FORMATS = (".xlsx", ".xlsm", ".csv")
# Files past these are refused before they are read: the largest office's register, 200,000 people,
# is about 25 MB of .csv, or 90 MB of sheet and 20 MB of shared strings unpacked from a workbook.
MAX_CSV_BYTES = 200 * 2**20
MAX_XLSX_PART_BYTES = 400 * 2**20  # a sheet
MAX_SHARED_STRINGS_BYTES = 100 * 2**20  # read whole, into memory
MAX_XLSX_BYTES = 600 * 2**20  # every part unpacked
MAX_LINE = 50 * ranges.MAX_CELL  # characters of one line of a .csv
SAMPLE_BYTES = 2**20  # the start of a .csv its encoding and delimiter are told from

# The encodings a .csv is read in (``encoding``, detect_encoding), as the preview names them.
ENCODINGS: dict[str, str] = {
    "utf-8": N_("UTF-8 (Unicode)"),
    "utf-16": N_("UTF-16 (Unicode)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"),
    "koi8-r": N_("KOI8-R (Cyrillic)"),
    "cp1252": N_("Windows-1252 (Western European)"),
}
_CODECS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "cp1251": "cp1251", "koi8-r": "koi8-r",
           "cp1252": "cp1252"}  # utf-8-sig drops a byte order mark and reads the same without one
_DETECTED = {"utf_8": "utf-8", "cp1251": "cp1251", "koi8_r": "koi8-r", "cp1252": "cp1252"}  # charset-normalizer's names
# What no list of people holds: a byte the encoding does not read (U+FFFD) or a control character.
_NOT_CLEAN = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
PREVIEW_ROWS = 20
# The header row may follow a title or a blank line or two; it is looked for in this many rows.
HEADER_SEARCH_ROWS = 10
# Rows between two progress reports and cancel checks; rows added per flush.
STEP = 500
FLUSH = 2000
# Ids per IN (...) query: well under every database's limit on parameters.
CHUNK = 500

FULL_NAME = "full_name"
# What a column can hold: the fields of an exported register, and a full name to split.
FIELD_LABELS: dict[str, str] = {**dict(members.EXPORT_COLUMNS), FULL_NAME: N_("Full name")}
REASON = N_("Reason")
SEX_GUESSED = N_("The sex ({sex}) was read from the ending of the name: please confirm it.")
SEX_UNKNOWN = N_("The sex is not known: neither the file, an IIN nor the ending of the name tells it. "
                 "Please fill it in.")

# Headers people use besides the labels of an export (those are matched in all three languages).
# Compared after folding, so «Туған күні» also matches «Туган куни» and «ФИО» matches «Ф.И.О.».
SYNONYMS: dict[str, tuple[str, ...]] = {
    "surname": ("Фамилия", "Тегі", "Last name", "Family name", "Surname"),
    "given_name": ("Имя", "Аты", "First name", "Given name", "Name"),
    "patronymic": ("Отчество", "Әкесінің аты", "Әкесінің есімі", "Middle name", "Patronymic"),
    "iin": ("ИИН", "ЖСН", "IIN", "ИИН (ЖСН)", "ЖСН (ИИН)"),
    "birth_date": ("Дата рождения", "Туған күні", "Туылған күні", "Туған күні, айы, жылы", "Date of birth",
                   "Birth date", "DOB", "Birthday"),
    "sex": ("Пол", "Жынысы", "Жыныс", "Gender", "Sex"),
    "village": ("Село", "Ауыл", "Аул", "Населённый пункт", "Елді мекен", "Settlement", "Village"),
    "street": ("Улица", "Көше", "Street"),
    "house": ("Дом", "Үй", "№ дома", "Номер дома", "Үй нөмірі", "House", "House number"),
    "flat": ("Квартира", "Пәтер", "Кв", "Apartment", "Flat"),
    "phone": ("Телефон", "Тел", "Мобильный", "Мобильный телефон", "Сотовый", "Ұялы телефон",
              "Телефон нөмірі", "Номер телефона", "Phone", "Mobile", "Telephone"),
    "occupation": ("Род занятий", "Место работы", "Профессия", "Кәсібі", "Жұмыс орны", "Occupation", "Job"),
    "status": ("Статус", "Мәртебесі", "Мәртебе", "Status"),
    "status_date": ("Дата статуса", "Мәртебе күні", "Status date"),
    "member_since": ("Дата вступления", "Мүше болған күні", "Member since"),
    "notes": ("Примечание", "Примечания", "Комментарий", "Ескерту", "Ескертпе", "Ескертпелер", "Notes",
              "Comment", "Comments"),
    FULL_NAME: ("ФИО", "Ф.И.О.", "Фамилия, имя, отчество", "Фамилия Имя Отчество", "Т.А.Ә.", "ТАӘ",
                "Аты-жөні", "Тегі, аты, әкесінің аты", "Full name"),
}

# Values of the sex column: the register's labels in every language and what staff write for short.
SEX_WORDS = {
    "M": ("М", "M", "муж", "мужской", "мужчина", "Е", "ер", "еркек", "male", "man"),
    "F": ("Ж", "F", "W", "жен", "женский", "женщина", "Ә", "әйел", "female", "woman"),
}
# Words around a village name that are not the name: «с. Жарлыозек», «Жарлыөзек ауылы».
VILLAGE_WORDS = ("с", "село", "ауыл", "ауылы", "аул", "а", "п", "пос", "посёлок", "village")

DATES = ("birth_date", "status_date", "member_since")
TEXTS = ("surname", "given_name", "patronymic", "street", "house", "flat", "phone", "occupation", "categories",
         "notes")
DATA_FIELDS = tuple(f.name for f in fields(MemberData) if f.name not in NOT_STORED)
_DATA_NAMES = frozenset(DATA_FIELDS)
# A new person starts from nothing: no sex until the file, the IIN or the name tells it.
_NOBODY = MemberData(surname="", given_name="", village_id=0, sex=None)


@dataclass(frozen=True)
class ImportPreview:
    """What the import dialog shows before anything is written."""

    path: Path
    headers: list[str]
    mapping: dict[int, str]  # column index -> field (FIELD_LABELS) for the columns recognised
    unknown: list[str]  # headers of the columns that will be left out
    rows: list[tuple[int, list[str]]]  # (row number, cells as text), the first PREVIEW_ROWS rows
    problem: str | None = None  # why import_file would refuse this file as it is, translated
    encoding: str | None = None  # what a .csv was read in (a key of ENCODINGS); None for a workbook


@dataclass(frozen=True)
class FieldChange:
    """One field of a person: the register's value and the file's, as stored and as shown."""

    name: str  # a field of MemberData
    old: object
    new: object
    old_text: str
    new_text: str

    @property
    def label(self) -> str:
        """The field's name, untranslated (for ``tr``)."""
        return FIELD_LABELS["village" if self.name == "village_id" else self.name]


@dataclass(frozen=True)
class Flagged:
    """A row not imported until someone looks at it. For a row whose IIN belongs to someone else,
    ``member_id`` and ``version`` name that person as the import read them, and ``fields`` put the
    register's values and the file's side by side (the file's columns only)."""

    row: int
    reason: str
    member_id: int | None = None
    version: int | None = None
    fields: tuple[FieldChange, ...] = ()

    def __iter__(self):
        # Unpacks as (row number, reason), like a rejected row.
        return iter((self.row, self.reason))


@dataclass(frozen=True)
class Update:
    """A person the import updates, with each field it changes."""

    row: int
    member_id: int
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    rejected: list[tuple[int, str]]  # (row number, reason in the interface language)
    flagged: list[Flagged]  # look-alikes and rows naming someone else than their IIN's owner
    rejects_path: Path | None  # where the rows not imported were written, if they were
    unknown: list[str] = field(default_factory=list)  # headers of the columns left out
    new_villages: list[str] = field(default_factory=list)  # villages added (add_villages)
    new_people: list[tuple[int, str]] = field(default_factory=list)  # (row number, full name) of those added
    changes: list[Update] = field(default_factory=list)  # the people updated whose fields change
    dry_run: bool = False  # the plan only: nothing was written
    # (row, note) of the people added whose sex is to confirm: read from the name, or not known at all
    guessed: list[tuple[int, str]] = field(default_factory=list)
    batch_id: int | None = None  # the import's number, to undo it or to take a flagged row into it


# Reading -----------------------------------------------------------------------------------------

def _load(path: Path, cancelled=None, limit: int | None = None,
          encoding: str | None = None) -> tuple[list[str], list[tuple[int, tuple]], str | None]:
    """The header row and the data rows of a .xlsx or .csv file: ``(headers, [(row number, cells),
    ...], encoding)``, blank rows left out; at most ``limit`` data rows when given; the encoding a
    .csv was read in (``encoding`` when given, else the one detected), None for a workbook. Raises
    ValidationError, with a message for the user, for a file that is not .xlsx or .csv, cannot be
    read, is empty, too big, or not strictly well-formed: a broken row stops the whole file."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError("Import reads .xlsx and .csv files, not {name}. Save the list from Excel "
                              "as one of these.", field="file", name=path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from None
    if size == 0:
        raise ValidationError("The file {name} is empty.", field="file", name=path.name)
    if suffix == ".csv" and size > MAX_CSV_BYTES:
        raise _too_big(path, size, MAX_CSV_BYTES)
    source = _CsvRows(path, encoding) if suffix == ".csv" else _xlsx_rows(path, few=limit is not None)
    strict = isinstance(source, _CsvRows)
    leading: list[tuple[int, tuple]] = []  # rows that are not blank, until the header is found
    header_at: int | None = None
    headers: list[str] = []
    rows: list[tuple[int, tuple]] = []
    try:
        for number, cells in enumerate(source, start=1):
            if cancelled and number % 1000 == 0 and cancelled():
                raise Cancelled()
            _check_cells(cells, number, headers)
            if strict:
                source.check(number, cells, headers)
            if _blank(cells):
                continue
            if header_at is None:
                leading.append((number, cells))
                if _names_columns(cells):
                    header_at = len(leading) - 1
                elif len(leading) >= HEADER_SEARCH_ROWS:
                    header_at = 0  # no known column: the first row names the columns, unknown ones
                else:
                    continue
                headers = [_cell_text(cell) for cell in leading[header_at][1]]
                for later, later_cells in leading[header_at + 1:]:
                    if strict:
                        source.check(later, later_cells, headers)
                rows.extend(leading[header_at + 1:])
                continue
            rows.append((number, cells))
            if limit is not None and len(rows) >= limit:
                break
    finally:
        source.close()
    if not leading:
        raise ValidationError("The file {name} is empty.", field="file", name=path.name)
    if header_at is None:
        header_at = 0
        rows = leading[1:]
        headers = [_cell_text(cell) for cell in leading[0][1]]
        for number, cells in rows:
            if strict:
                source.check(number, cells, headers)
    return headers, rows if limit is None else rows[:limit], source.encoding if strict else None


def _check_cells(cells: Sequence, number: int, headers: list[str]) -> None:
    """Every text cell at most ranges.MAX_CELL characters, as it is read."""
    for i, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > ranges.MAX_CELL:
            try:
                ranges.check_cell(cell, number, _column(headers, i))
            except ranges.OutOfRange as error:
                raise BrokenRow(error.reason, field="file", **error.params) from None


class BrokenRow(ValidationError):
    """A row of the file that stops the import: a quote left open, a wrong number of cells, text the
    encoding does not read, a cell past the limit. The preview shows it as the file's problem, so a
    file read in the wrong encoding can be read again in another."""


def _names_columns(cells: Sequence) -> bool:
    """Whether a row is the header: two known column names, or nothing but known ones (a title
    above the header may hold one column's word by chance; a one-column list has one name)."""
    texts = [text for text in map(_cell_text, cells) if text]
    known = sum(1 for text in texts if _match(text))
    return known >= 2 or 0 < known == len(texts)


def _unreadable(path: Path, error: OSError) -> ValidationError:
    return ValidationError("The file {name} could not be read: {reason}", field="file", name=path.name,
                           reason=error.strerror or str(error))


def _too_big(path: Path, size: int, limit: int) -> ValidationError:
    return ValidationError("The file {name} holds {size} MB of data; the import reads at most {limit} MB. Split "
                           "the list into smaller files, or check that it is the list of people.", field="file",
                           name=path.name, size=-(-size // 2**20), limit=limit // 2**20)


def _not_a_workbook(path: Path) -> ValidationError:
    return ValidationError("The file {name} is not an Excel workbook (.xlsx), or it is damaged.", field="file",
                           name=path.name)


def _check_workbook(path: Path) -> None:
    """The parts of a workbook, by their unpacked sizes in the zip's directory, within the limits
    before the reader reads any: it loads the shared strings whole, and a few hundred kilobytes of
    zip can unpack to gigabytes. zipfile never unpacks more than a part's stated size."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except OSError as error:
        raise _unreadable(path, error) from None
    except (zipfile.BadZipFile, ValueError):
        raise _not_a_workbook(path) from None
    total = 0
    for part in parts:
        name = part.filename.lower()
        limit = MAX_SHARED_STRINGS_BYTES if name.endswith("sharedstrings.xml") else MAX_XLSX_PART_BYTES
        if part.file_size > limit:
            raise _too_big(path, part.file_size, limit)
        total += part.file_size
    if total > MAX_XLSX_BYTES:
        raise _too_big(path, total, MAX_XLSX_BYTES)


def _xlsx_rows(path: Path, few: bool = False) -> Iterator[tuple]:
    """The cells of the first worksheet, row by row from the sheet's first row and column (as Excel
    numbers them), an empty cell as None. Read by calamine (a Rust reader, many times faster than
    openpyxl). Its cells are made Python values all at once, or, for ``few`` rows (a preview), a
    hundred, then four times as many each time more are asked for."""
    _check_workbook(path)
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum  # loaded on first use

    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = [i for i, sheet in enumerate(book.sheets_metadata) if sheet.typ == SheetTypeEnum.WorkSheet]
            if not sheets:
                return
            sheet = book.get_sheet_by_index(sheets[0])
            done, window = 0, 100 if few else None
            while True:
                rows = sheet.to_python(skip_empty_area=False, nrows=window)
                if window is None:
                    rows.reverse()  # taken from the end, so each list is let go once its row is made
                    while rows:
                        yield tuple(None if cell == "" else cell for cell in rows.pop())
                    return
                for row in rows[done:]:
                    yield tuple(None if cell == "" else cell for cell in row)
                if len(rows) < window:
                    return
                done, window = len(rows), window * 4
    except OSError as error:
        raise _unreadable(path, error) from None
    except CalamineError:  # not a workbook, damaged
        raise _not_a_workbook(path) from None


def _not_text(path: Path) -> ValidationError:
    return ValidationError("The file {name} is not a text file: save it from Excel as .xlsx, or as CSV (UTF-8).",
                           field="file", name=path.name)


def detect_encoding(path) -> str:
    """The encoding of a .csv file (a key of ENCODINGS), told by its byte order mark or else by
    charset-normalizer over its first megabyte, among the encodings offices' files come in: telling
    Windows-1251 from KOI8-R and Windows-1252 takes the letters' statistics, which every byte decodes
    in all three."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            sample = file.read(SAMPLE_BYTES)
    except OSError as error:
        raise _unreadable(path, error) from None
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:  # UTF-16 without its mark, or not text at all (a workbook renamed .csv)
        raise _not_text(path)
    if len(sample) == SAMPLE_BYTES:  # whole lines only: a letter cut in two is no evidence
        sample = sample[:sample.rfind(b"\n") + 1] or sample
    from charset_normalizer import from_bytes  # loaded on first use: it costs start-up time

    best = from_bytes(sample, cp_isolation=list(_DETECTED)).best()
    if best is None:
        raise _not_text(path)
    return _DETECTED.get(best.encoding, "utf-8")


class _CsvRows:
    """The records of a .csv file, read as a stream (the file is never held whole), strictly: in
    ``encoding`` (detected when None), delimited by ``,`` ``;`` or tab, whichever splits one of
    the first lines into most columns (the first may be a title without any). A quote left open, a
    quote inside an unquoted cell or a line past MAX_LINE stops the reading with the row's number;
    ``check`` refuses a row the header does not fit or whose text the encoding does not read."""

    def __init__(self, path: Path, encoding: str | None):
        if encoding is not None and encoding not in ENCODINGS:
            raise ValidationError("Unknown encoding “{name}”: choose one of {names}.", field="encoding",
                                  name=encoding, names=", ".join(ENCODINGS))
        self.path = path
        self.encoding = encoding or detect_encoding(path)
        self.number = 0
        try:
            with path.open(encoding=_CODECS[self.encoding], errors="replace", newline="") as head:
                first = list(islice((line for line in head.read(SAMPLE_BYTES).splitlines() if line.strip()),
                                    HEADER_SEARCH_ROWS))
            self.stream = path.open(encoding=_CODECS[self.encoding], errors="replace", newline="")
        except OSError as error:
            raise _unreadable(path, error) from None
        self.delimiter = max(";,\t", key=lambda d: _widest(first, d))
        self.records = csv.reader(self._lines(), delimiter=self.delimiter, strict=True)

    def _lines(self) -> Iterator[str]:
        while True:
            try:
                line = self.stream.readline(MAX_LINE)
            except OSError as error:
                raise _unreadable(self.path, error) from None
            if not line:
                return
            if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
                raise self._too_long()
            yield line

    def _too_long(self) -> BrokenRow:
        return BrokenRow("Row {row} of {name} holds more text than any list of people: a cell holds at most "
                               "{limit} characters. Nothing was imported: check the row, and that the file is the "
                               "list of people.", field="file", row=self.number + 1, name=self.path.name,
                               limit=ranges.MAX_CELL)

    def __iter__(self) -> _CsvRows:
        return self

    def __next__(self) -> tuple:
        try:
            record = next(self.records)
        except csv.Error as error:
            row = self.number + 1
            if "field larger than field limit" in str(error):
                raise self._too_long() from None
            if "unexpected end of data" in str(error):  # at the end of the file, still inside quotes
                raise BrokenRow("Row {row} of {name}: a quote (\") opens a cell and is never closed, so the "
                                      "rest of the file would be read into that cell. Nothing was imported: close "
                                      "the quote and import again.", field="file", row=row,
                                      name=self.path.name) from None
            raise BrokenRow("Row {row} of {name}: a quote (\") stands inside a cell or after it. A cell in "
                                  "quotes ends with the quote and then the delimiter; a quote within it is "
                                  "written twice (\"\"). Nothing was imported: correct the row and import again.",
                                  field="file", row=row, name=self.path.name) from None
        self.number += 1
        return tuple(record)

    def check(self, number: int, cells: tuple, headers: list[str]) -> None:
        """A row read after the header (``headers``) has as many cells, each read cleanly in the
        encoding, and no cell that holds further rows (a quote left open that a later quote
        closed). Blank lines and the rows above the header are not held to the header's width."""
        for i, cell in enumerate(cells):
            if _NOT_CLEAN.search(cell):
                raise BrokenRow("Row {row} of {name}, column “{column}”: the text does not read cleanly as "
                                      "{encoding}. Nothing was imported: choose the file's encoding, or save it "
                                      "from Excel as CSV (UTF-8).", field="file", row=number, name=self.path.name,
                                      column=_column(headers, i), encoding=Label(ENCODINGS[self.encoding]))
            if "\n" in cell or "\r" in cell:
                width = max(len(headers), 3)
                if any(line.count(self.delimiter) >= width - 1 for line in cell.splitlines()):
                    raise BrokenRow("Row {row} of {name}, column “{column}”: the cell runs over lines that "
                                          "look like rows of their own: a quote is left open there. Nothing was "
                                          "imported: close the quote and import again.", field="file", row=number,
                                          name=self.path.name, column=_column(headers, i))
        if headers and len(cells) != len(headers) and not _blank(cells):
            raise BrokenRow("Row {row} of {name} has {count} cells and the header row {expected}: a "
                                  "delimiter or a quote is missing or extra. Nothing was imported: correct the row "
                                  "and import again.", field="file", row=number, name=self.path.name,
                                  count=len(cells), expected=len(headers))

    def close(self) -> None:
        self.stream.close()


def _widest(lines: list[str], delimiter: str) -> int:
    """The most cells ``delimiter`` splits one of ``lines`` into (a broken line counts none: the
    reading says what is wrong with it)."""
    try:
        return max((len(record) for record in csv.reader(lines, delimiter=delimiter)), default=0)
    except csv.Error:
        return 0


def _column(headers: list[str], i: int) -> str:
    """A column as staff find it: its heading, or its number."""
    return headers[i] if i < len(headers) and headers[i] else str(i + 1)


def _blank(cells: Sequence) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _cell_text(value) -> str:
    """A cell as a person reads it: numbers without «.0», dates as 2026-03-14, a formula-like text
    without the quote an export put in front of it (app/rules/formulas.py)."""
    if type(value) is str:  # most cells
        return restored(value.strip())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return restored(str(value).strip())


# Columns ------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # the same few words on every row: a sex, a status
def _key(text: str) -> str:
    """A header or word folded across spellings, without spaces or punctuation («Ф.И.О.» = «ФИО»)."""
    return "".join(fold(text).split())


@cache
def _header_index() -> dict[str, str]:
    """Folded header -> field, from the export labels in every language, then the synonyms (a
    synonym that a translation made another field's label gives way; a test keeps them apart)."""
    index: dict[str, str] = {}

    def put(text: str, name: str) -> None:
        key = _key(text)
        if key:
            index.setdefault(key, name)

    for name, label in FIELD_LABELS.items():
        for lang in LANGUAGES:
            put(translate(label, lang), name)
        put(name.replace("_", " "), name)
    for name, words in SYNONYMS.items():
        for word in words:
            put(word, name)
    return index


@cache
def _reason_keys() -> frozenset[str]:
    """The «Reason» column of a rejects file in every language: left out without a word."""
    return frozenset(_key(translate(REASON, lang)) for lang in LANGUAGES)


_HEADER_PARTS = re.compile(r"[/|()\[\]\n]+")


def _match(header: str) -> str | None:
    """The field a header names, or None. A bilingual header («Тегі / Фамилия») names a field when
    its parts agree."""
    if not header:
        return None
    index = _header_index()
    key = _key(header)
    if key in index:
        return index[key]
    names = {index.get(_key(part)) for part in _HEADER_PARTS.split(header) if part.strip()} - {None}
    return names.pop() if len(names) == 1 else None


def match_columns(headers: Sequence[str]) -> dict[int, str]:
    """Column index -> field for each header the register knows (a field named twice keeps both:
    ``_checked_mapping`` refuses that)."""
    return {i: name for i, header in enumerate(headers) if (name := _match(header))}


def _checked_mapping(headers: Sequence[str], mapping: dict[int, str | None]) -> dict[int, str]:
    """``mapping`` without its empty entries; a ValidationError when a field is named twice or the
    names are missing."""
    mapping = {i: name for i, name in mapping.items() if name}
    for i, name in mapping.items():
        if name not in FIELD_LABELS or not 0 <= i < max(len(headers), 1):
            raise ValueError(f"column {i}: {name!r}")
    if not mapping:
        raise ValidationError("No column of the file is one the register knows. The first row must name "
                              "the columns: Surname, Given name, IIN, Birth date, Village and so on.",
                              field="file")
    first_column: dict[str, int] = {}
    for i, name in sorted(mapping.items()):
        if name in first_column:
            raise ValidationError("Two columns are both read as “{column}”: “{first}” and “{second}”. "
                                  "Remove or rename one of them.", field="file", column=tr(FIELD_LABELS[name]),
                                  first=headers[first_column[name]] or "?", second=headers[i] or "?")
        first_column[name] = i
    names = set(mapping.values())
    if not ({"surname", "given_name"} <= names or FULL_NAME in names):
        raise ValidationError("The file needs a surname column and a given name column, or one column "
                              "with the full name.", field="file")
    return mapping


def _unknown(headers: Sequence[str], mapping: dict[int, str]) -> list[str]:
    return [header for i, header in enumerate(headers)
            if header and i not in mapping and _key(header) not in _reason_keys()]


def preview(path, encoding: str | None = None) -> ImportPreview:
    """The columns found in a file and its first rows, for the import dialog; a .csv read in
    ``encoding`` (a key of ENCODINGS), detected when None. Raises ValidationError for a file that
    cannot be read at all; a file that can be read but not imported as it is (no known column, a
    column twice, a broken row among the first: then no columns and no rows) gets its ``problem``."""
    path = Path(path)
    if encoding is None and path.suffix.lower() == ".csv" and path.is_file():
        encoding = detect_encoding(path)
    try:
        headers, rows, encoding = _load(path, limit=PREVIEW_ROWS, encoding=encoding)
    except BrokenRow as error:
        return ImportPreview(path, [], {}, [], [], error.message(), encoding)
    mapping = match_columns(headers)
    problem = None
    try:
        _checked_mapping(headers, mapping)
    except ValidationError as error:
        problem = error.message()
        kept: dict[int, str] = {}
        for i, name in sorted(mapping.items()):  # a field named twice: the first column keeps it
            if name not in kept.values():
                kept[i] = name
        mapping = kept
    return ImportPreview(path, headers, mapping, _unknown(headers, mapping),
                         [(number, [_cell_text(cell) for cell in cells]) for number, cells in rows], problem,
                         encoding)


# Values -------------------------------------------------------------------------------------------

def _date(value) -> date | None:
    """A date cell (Excel date, 2026-03-14, 14.03.2026, 14/03/2026) or None when blank; ValueError else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    if isinstance(value, (int, float)):
        raise ValueError(text)  # a plain number is no date (a date cell comes as a date)
    return _text_date(text)


@lru_cache(maxsize=65536)  # a file repeats its dates (a day people joined); parsing one is slow
def _text_date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        return datetime.fromisoformat(text).date()  # «2026-03-14 00:00:00» from other programs


def _iin(value) -> str:
    """An IIN cell as text. Excel keeps an IIN typed as a number without its leading zero (people
    born 2000-2009: 061211600012 becomes 61211600012), and a CSV saved from it too: eleven digits
    that make a valid IIN with the zero put back get it back. A shorter number is left as it is,
    for ``members.checked`` to reject: more than one lost digit cannot be told from a mistyped one."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = "".join(_cell_text(value).split())
    if text.isascii() and text.isdigit() and len(text) == 11:
        try:
            if not iin_rules.parse("0" + text).needs_confirmation:
                return "0" + text
        except iin_rules.InvalidIin:
            pass
    return text


@cache
def _sex_words() -> dict[str, str]:
    words = {}
    for code, label in members.SEXES.items():
        for text in (*SEX_WORDS[code], *(translate(label, lang) for lang in LANGUAGES)):
            words[_key(text)] = code
    return words


@cache
def _status_words() -> dict[str, str]:
    words = {}
    for code, label in members.STATUSES.items():
        for text in (code, *(translate(label, lang) for lang in LANGUAGES)):
            words[_key(text)] = code
    return words


@lru_cache(maxsize=4096)
def _village_key(name: str) -> str:
    words = fold(name).split()
    named = [word for word in words if word not in _village_words()]
    return " ".join(named or words)


@cache
def _village_words() -> frozenset[str]:
    return frozenset(fold(word) for word in VILLAGE_WORDS)


@cache
def _lengths() -> dict[str, int]:
    return {name: Member.__table__.c[name].type.length for name in TEXTS if Member.__table__.c[name].type.length}


def _columns(data: MemberData) -> dict:
    """A person's columns as the form's save fills them from checked ``data``."""
    person = SimpleNamespace()
    members.fill(person, data)
    return vars(person)


def _data_of(member: Member) -> MemberData:
    values = {name: getattr(member, name) for name in DATA_FIELDS}
    for name in TEXTS:
        values[name] = values[name] or ""
    values["iin"] = member.iin or ""
    values["status"] = member.status or "resident"
    return MemberData(**values)


# Importing ----------------------------------------------------------------------------------------

@dataclass
class _Row:
    """A row that read well: what it says, the person it updates, the village to add for it."""

    number: int
    cells: tuple
    values: dict
    target: int | None = None
    new_village: str = ""


class _Import:
    """One import in one session: the district's villages and the register read once, then rows."""

    def __init__(self, session, batch_id: int, headers: list[str], mapping: dict[int, str], add_villages: bool):
        self.session = session
        self.batch_id = batch_id
        self.headers = headers
        self.mapping = mapping
        self.columns = {name: i for i, name in mapping.items()}
        # Each column read: its index, field, heading and kind, worked out once for all the rows.
        self.plan = [(i, name, headers[i] if i < len(headers) else "",
                      "date" if name in DATES else name if name in ("iin", "sex", "status") else
                      "text" if name in TEXTS else "", _lengths().get(name))
                     for i, name in mapping.items()]
        self.add_villages = add_villages
        villages = list(session.scalars(select(Village).order_by(Village.position, Village.id)))
        self.villages: dict[str, Village] = {}
        for village in villages:
            self.villages.setdefault(_village_key(village.name_kk), village)
            self.villages.setdefault(_village_key(village.name_ru), village)
            if village.kato_code:
                self.villages.setdefault(village.kato_code, village)
        self.only_village = villages[0] if len(villages) == 1 else None
        self.village_names = {village.id: local_name(village.name_kk, village.name_ru) for village in villages}
        self.position = max((v.position or 0 for v in villages), default=0)
        self.new_villages: list[str] = []
        self.iins: dict[str, int] = {iin: member_id for iin, member_id in session.execute(
            select(Member.iin, Member.id).where(Member.iin.is_not(None)))}
        # People by birth date, for look-alikes; their names are folded only when a row asks. In id
        # order, so a message names the same person on every database (PostgreSQL keeps no row order).
        self.born: dict[date, list[tuple[int, str, str, str | None]]] = {}
        for member_id, surname, given_name, born, iin in session.execute(
                select(Member.id, Member.surname, Member.given_name, Member.birth_date, Member.iin)
                .where(Member.birth_date.is_not(None)).order_by(Member.id)):
            self.born.setdefault(born, []).append((member_id, surname, given_name, iin))
        self.folded: dict[int, tuple[str, str]] = {}
        self.loaded: dict[int, Member] = {}
        self.wanted: set[int] = set()
        self.seen_iins: dict[str, int] = {}
        self.seen_born: dict[date, list[list]] = {}
        self.added = self.updated = 0
        self.rejected: list[tuple[int, tuple, str]] = []
        self.flagged: list[tuple[int, tuple, str]] = []
        self.guesses: dict[int, str] = {}  # row -> the sex read from the name, to confirm
        self.reviews: dict[int, tuple[Member, tuple[FieldChange, ...]]] = {}  # row -> (person, fields)
        self.new_people: list[tuple[int, str]] = []
        self.changes: list[Update] = []
        self.fresh: list[dict] = []  # the people added since the last write, as their columns hold them
        # SQLite gives a new row the highest id plus one; given here, the people added are written
        # many to a statement instead of one each (to read each id back). The import's transaction
        # holds the database's write lock since its batch was written: nobody adds anyone meanwhile.
        # PostgreSQL gives them from the table's sequence, which other writers share.
        self.next_id: int | None = None
        if session.get_bind().dialect.name == "sqlite":
            self.next_id = (session.scalar(select(func.max(Member.id))) or 0) + 1

    # First pass: reading the cells --------------------------------------------------------------

    def read(self, number: int, cells: tuple) -> _Row | None:
        """The row's values, or None after rejecting it."""
        problems: list[str] = []
        values: dict = {}
        width = len(cells)
        for i, name, column, kind, limit in self.plan:
            raw = cells[i] if i < width else None
            if kind == "text":
                values[name] = text = _cell_text(raw)
                if limit and len(text) > limit:
                    problems.append(tr("“{value}” in the column “{column}” is longer than {length} "
                                       "characters.", value=text[:20] + "…", column=column, length=limit))
            elif kind == "date":
                try:
                    values[name] = _date(raw)
                except ValueError:
                    problems.append(tr("“{value}” in the column “{column}” is not a date; write it as "
                                       "2026-03-14 or 14.03.2026.", value=_cell_text(raw), column=column))
            elif kind == "iin":
                values[name] = _iin(raw)
            elif kind == "sex":
                text = _cell_text(raw)
                values[name] = _sex_words().get(_key(text), "?") if text else ""
                if values[name] == "?":
                    problems.append(tr("“{value}” in the column “{column}” is not a sex; write М or Ж "
                                       "(M or F).", value=text, column=column))
            elif kind == "status":
                text = _cell_text(raw)
                if text:
                    values[name] = _status_words().get(_key(text))
                    if values[name] is None:
                        choices = ", ".join(tr(label) for label in members.STATUSES.values())
                        problems.append(tr("“{value}” in the column “{column}” is not a status; write one "
                                           "of: {choices}.", value=text, column=column, choices=choices))
        if FULL_NAME in self.columns:
            i = self.columns[FULL_NAME]
            words = _cell_text(cells[i] if i < len(cells) else None).split()
            for name, part in (("surname", words[:1]), ("given_name", words[1:2]), ("patronymic", words[2:])):
                if name not in self.columns:
                    values[name] = " ".join(part)
        row = _Row(number, cells, values)
        iin = values.get("iin", "")
        row.target = self.iins.get(iin) if iin else None
        if not iin and not values.get("sex"):
            guessed = sex_from_name(values.get("surname", ""), values.get("patronymic", ""))
            if guessed:
                values["sex"] = guessed
                self.guesses[number] = tr(SEX_GUESSED, sex=tr(members.SEXES[guessed]))
            else:  # kept with the sex unknown (a blank cell too), for staff to fill in
                values.pop("sex", None)
                self.guesses[number] = tr(SEX_UNKNOWN)
        if iin and row.target is None and iin[6:7] == "0":  # only a century digit of 0 asks
            try:
                if iin_rules.parse(iin).needs_confirmation:
                    problems.append(tr("This IIN has 0 as its century digit, as reported for some foreign "
                                       "residents: add this person in the window, where it can be confirmed."))
            except iin_rules.InvalidIin:
                pass  # members.checked says what is wrong
        if "village" in self.columns:
            i = self.columns["village"]
            name = _cell_text(cells[i] if i < len(cells) else None)
            if name:
                village = self.villages.get(_village_key(name)) or self.villages.get(name)
                if village is not None:
                    values["village_id"] = village.id
                elif self.add_villages:
                    row.new_village = name
                else:
                    problems.append(tr("The district has no village called “{name}”. Correct the name, or let "
                                       "the import add new villages.", name=name))
        if row.target is None and "village_id" not in values and not row.new_village:
            if self.only_village is not None:
                values["village_id"] = self.only_village.id
            elif not problems:
                problems.append(tr("The village is missing."))
        if problems:
            self.rejected.append((number, cells, " ".join(problems)))
            return None
        if row.target is not None:
            self.wanted.add(row.target)
        elif not iin:  # the people it may repeat, to tell whether it says anything new about them
            self.wanted.update(member_id for member_id, _iin in self._lookalikes(
                values.get("birth_date"), values.get("surname", ""), values.get("given_name", "")))
        return row

    def _lookalikes(self, born: date | None, surname: str, given_name: str) -> list[tuple[int, str | None]]:
        """(id, IIN) of the people in the register with this name (across spellings) and birth date.
        Names are folded only when someone shares the birth date."""
        people = self.born.get(born) if born is not None else None
        if not people:
            return []
        wanted = (fold(surname), fold(given_name))
        found = []
        for member_id, their_surname, their_given_name, iin in people:
            names = self.folded.get(member_id)
            if names is None:
                names = self.folded[member_id] = (fold(their_surname), fold(their_given_name))
            if names == wanted:
                found.append((member_id, iin))
        return found

    def _earlier(self, data: MemberData) -> tuple[int, bool] | None:
        """(row number, whether it has an IIN) of an earlier row of the file imported with this name
        and birth date."""
        rows = self.seen_born.get(data.birth_date) if data.birth_date is not None else None
        if not rows:
            return None
        wanted = (fold(data.surname), fold(data.given_name))
        for entry in rows:
            if entry[4] is None:
                entry[4] = (fold(entry[0]), fold(entry[1]))
            if entry[4] == wanted:
                return entry[2], entry[3]
        return None

    def load(self) -> None:
        """The people the rows update or may repeat, a few hundred per query."""
        ids = sorted(self.wanted)
        for start in range(0, len(ids), CHUNK):
            for member in self.session.scalars(select(Member).where(Member.id.in_(ids[start:start + CHUNK]))):
                self.loaded[member.id] = member

    # Second pass: checking and writing ---------------------------------------------------------

    def take(self, row: _Row) -> None:
        values = {name: value for name, value in row.values.items() if name in _DATA_NAMES}
        if values.get("status", "") is None:
            del values["status"]  # a blank status keeps the person's; a new person is resident
        member = self.loaded.get(row.target) if row.target is not None else None
        base = _data_of(member) if member is not None else _NOBODY
        try:
            data = members.checked(replace(base, **values, confirm_foreign_iin=member is not None))
        except ValidationError as error:
            self.rejected.append((row.number, row.cells, error.message()))
            return
        if data.iin and data.iin in self.seen_iins:
            self.rejected.append((row.number, row.cells, tr("Row {row} has the same IIN.",
                                                            row=self.seen_iins[data.iin])))
            return
        if member is None and data.birth_date is not None and self._look_alike(row, values, data):
            return
        if member is not None and self._someone_else(row, values, member, base, data):
            return
        if member is None:
            if row.new_village:
                data = replace(data, village_id=self._village(row.new_village).id)
            self.fresh.append(_columns(data))
            self.new_people.append((row.number, _name(data)))
            self.added += 1
            if len(self.fresh) >= FLUSH:
                self._flush()
        else:
            changed = self._fields(base, data, [name for name in DATA_FIELDS
                                                if getattr(base, name) != getattr(data, name)])
            if changed:
                self.changes.append(Update(row.number, member.id, _name(base), changed))
            # Only what differs is set: a person the row leaves as they are stays clean, so the
            # flush and its listeners pass them by (a register imported again).
            for name, value in _columns(data).items():
                if getattr(member, name) != value:
                    setattr(member, name, value)
            self.updated += 1
        self._seen(row.number, data)

    def _flush(self) -> None:
        """Writes the changes so far and the people added, and lets those go: the import needs no
        more of them than their row and name. The people added are written with Core, many to a
        statement, with the audit entries and record versions the flush listeners would write: as
        ORM objects, their flush took most of a large import's time."""
        self.session.flush()
        if not self.fresh:
            return
        mapper = inspect(Member)
        for values in self.fresh:
            text_limits.check(mapper, values)
        given = list(self.fresh[0])
        connection = self.session.connection()
        if self.next_id is not None:
            ids = range(self.next_id, self.next_id + len(self.fresh))
            self.next_id += len(self.fresh)
        else:
            ids = connection.scalars(select(func.nextval(func.pg_get_serial_sequence("members", "id")))
                                     .select_from(func.generate_series(1, len(self.fresh)))).all()
        rows = [{**values, "id": member_id, "version": 1} for values, member_id in zip(self.fresh, ids, strict=True)]
        connection.execute(insert(Member.__table__), rows)
        history.write_inserted(connection, Member, rows, given, self.batch_id)
        self.fresh.clear()

    def _someone_else(self, row: _Row, values: dict, member: Member, base: MemberData, data: MemberData) -> bool:
        """Whether the row names another person than the one its IIN belongs to (surname, given
        name, or birth date when both have one, compared across spellings): such a row is flagged with
        both versions, never applied, so one mistyped digit cannot overwrite someone."""
        differs = any(name in values and fold(getattr(base, name)) != fold(getattr(data, name))
                      for name in ("surname", "given_name"))
        born = values.get("birth_date")
        differs = differs or (born is not None and base.birth_date is not None and born != base.birth_date)
        if not differs:
            return False
        shown_dates = born is not None and born != base.birth_date
        register, file = _name(base), _name(data)
        if shown_dates:
            register += f" ({format_date(base.birth_date)})"
            file += f" ({format_date(born)})"
        reason = tr("The IIN {iin} belongs to {register}; the file names {file}. Not imported: check the IIN, "
                    "then take the file's version or keep the register's.", iin=iin_rules.mask(base.iin),
                    register=register, file=file)
        self.flagged.append((row.number, row.cells, reason))
        self.reviews[row.number] = (member, self._fields(base, data, [name for name in DATA_FIELDS if name in values]))
        return True

    def _fields(self, old: MemberData, new: MemberData, names: list[str]) -> tuple[FieldChange, ...]:
        return tuple(FieldChange(name, getattr(old, name), getattr(new, name), self._text(name, getattr(old, name)),
                                 self._text(name, getattr(new, name))) for name in names)

    def _text(self, name: str, value) -> str:
        """A value as staff read it."""
        if value is None or value == "":
            return ""
        if name == "village_id":
            return self.village_names.get(value, str(value))
        if name in DATES:
            return format_date(value)
        if name == "sex":
            return tr(members.SEXES[value]) if value in members.SEXES else value
        if name == "status":
            return tr(members.STATUSES[value]) if value in members.STATUSES else value
        if name == "categories":
            return ", ".join(members.category_names(value))
        return str(value)

    def _seen(self, number: int, data: MemberData) -> None:
        if data.iin:
            self.seen_iins[data.iin] = number
        if data.birth_date is not None:
            # [surname, given name, row, has an IIN, folded names once a later row asks]
            self.seen_born.setdefault(data.birth_date, []).append(
                [data.surname, data.given_name, number, bool(data.iin), None])

    def _look_alike(self, row: _Row, values: dict, data: MemberData) -> bool:
        """Whether a new person looks like someone in the register or an earlier row, with no IIN to
        tell them apart: such a row is flagged, not imported. A row without an IIN saying nothing new
        about such a person in the register is counted as updated (an exported file imported again)."""
        existing = self._lookalikes(data.birth_date, data.surname, data.given_name)
        earlier = self._earlier(data)
        if not data.iin:
            for member_id, _iin in existing:
                member = self.loaded.get(member_id)
                if member is None or row.new_village:
                    continue
                try:  # its IIN, if it has one, is the register's own: confirmed when it was added
                    same = members.checked(replace(_data_of(member), **values, confirm_foreign_iin=True)) \
                        == replace(_data_of(member), confirm_foreign_iin=True)
                except ValidationError:
                    same = False
                if same:
                    self.updated += 1
                    self._seen(row.number, data)
                    return True
            if existing:
                reason = tr("Same name and birth date as person number {id} in the register, and no IIN "
                            "to tell them apart: not imported. Check it, and add the person by hand if it "
                            "is someone else.", id=existing[0][0])
            elif earlier:
                reason = tr("Same name and birth date as row {row}, and no IIN to tell them apart: not "
                            "imported. Check it, and add the person by hand if it is someone else.",
                            row=earlier[0])
            else:
                return False
        else:
            without_iin = [member_id for member_id, iin in existing if not iin]
            if without_iin:
                reason = tr("Same name and birth date as person number {id} in the register, who has no "
                            "IIN: not imported. If it is the same person, add the IIN to them by hand.",
                            id=without_iin[0])
            elif earlier and not earlier[1]:
                reason = tr("Same name and birth date as row {row}, which has no IIN: not imported. If it "
                            "is the same person, add the IIN to them by hand.", row=earlier[0])
            else:
                return False
        self.flagged.append((row.number, row.cells, reason))
        return True

    def _village(self, name: str) -> Village:
        """The village added for ``name`` (one for all its spellings), added now if need be."""
        key = _village_key(name)
        village = self.villages.get(key)
        if village is None:
            self.position += 1
            village = Village(name_kk=name, name_ru=name, position=self.position)
            self.session.add(village)
            self.session.flush()
            self.villages[key] = village
            self.new_villages.append(name)
        return village


@requires("register")
def import_file(path, add_villages: bool = False, mapping: dict[int, str | None] | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                write_rejects: Callable[[list[str], list[list[str]]], Path] | None = None,
                dry_run: bool = False, encoding: str | None = None) -> ImportResult:
    """Adds the people of a .xlsx or .csv file to the register and updates those whose IIN it
    already holds, in one transaction: all the good rows, or on a cancel (Cancelled) or any error
    none. Rows that are wrong, or look like someone already there, are not imported; they come back
    in the result, and ``write_rejects(headers, lines)`` (app/printing/members.py) is handed them as
    they were, with the reason, before the transaction commits (so a file it cannot write imports
    nothing); what it returns is the result's ``rejects_path``. ``mapping`` (column index ->
    field, from ``preview``) replaces the columns found by their headers; ``add_villages`` adds the
    villages the district does not have instead of rejecting their rows. ``dry_run`` does all of it
    and rolls it back, writing no rejects: the result is the plan. A .csv is read in ``encoding``
    (a key of ENCODINGS, as the preview shows it), detected when None; a row it does not read
    cleanly stops the import."""
    with _collection_paused():
        try:
            return _import(Path(path), add_villages, mapping, progress, cancelled, write_rejects, dry_run, encoding)
        except _Planned as planned:
            return planned.result


class _Planned(Exception):  # noqa: N818 (not an error: it carries a dry run's result out of its transaction)
    """Ends a dry run's unit of work, which rolls back everything it did."""

    def __init__(self, result: ImportResult):
        super().__init__()
        self.result = result


@requires("register")
def apply_reviewed(member_id: int, values: dict, expected_version: int, batch_id: int | None = None) -> None:
    """Writes the file's ``values`` (field -> value, as a flagged row's ``fields`` hold them: all of
    them or the ones staff chose) into the person a flagged row named by IIN. Refused with a Conflict
    when the person changed after the import read them (``expected_version``). ``batch_id``, the
    import's number (``ImportResult.batch_id``), makes the change part of that import, so undoing the
    import puts the person back too."""
    unknown = set(values) - _DATA_NAMES
    if unknown:
        raise ValueError(f"not a field of a person: {sorted(unknown)}")
    with unit_of_work() as session, _in_batch(session, batch_id):
        if batch_id is not None:
            import_batches.still_open(session, batch_id)  # an undone import takes nothing more
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("No person with number {id} in the register.", id=member_id)
        versions.check(session, member, expected_version)
        data = members.checked(replace(_data_of(member), **values, confirm_foreign_iin=True))
        if data.iin and session.scalar(select(Member.id).where(Member.iin == data.iin, Member.id != member_id)):
            raise ValidationError("A person with this IIN is already in the register.", field="iin")
        members.fill(member, data)
        session.flush()  # while the batch's number is set: the version written carries it


@contextmanager
def _in_batch(session, batch_id: int | None) -> Iterator[None]:
    """Every version the session's flushes write meanwhile carries the import's number."""
    if batch_id is None:
        yield
        return
    session.info[history.IMPORT_BATCH] = batch_id
    try:
        yield
    finally:
        session.info.pop(history.IMPORT_BATCH, None)


def _flagged(number: int, reason: str, review: tuple[Member, tuple[FieldChange, ...]] | None) -> Flagged:
    if review is None:
        return Flagged(number, reason)
    member, changes = review
    # Its version once the import is written: another row of the file may have updated the person.
    return Flagged(number, reason, member.id, member.version, changes)


def _name(data: MemberData) -> str:
    return " ".join(part for part in (data.surname, data.given_name, data.patronymic) if part)


def plan_lines(result: ImportResult) -> list[str]:
    """A dry run's plan as lines to read (``--dry-run``, the import dialog): the counts, then row by
    row who is added (and whose sex is to confirm), each field an update changes (old → new), what is
    flagged and rejected."""
    lines = [(number, tr("add {name}", name=name)) for number, name in result.new_people]
    lines += [(number, tr("to confirm: {note}", note=note)) for number, note in result.guessed]
    for update in result.changes:
        changed = "; ".join(f"{tr(change.label)}: {change.old_text} → {change.new_text}" for change in update.fields)
        lines.append((update.row, tr("update {name}: {changes}", name=update.name, changes=changed)))
    lines += [(number, tr("flagged: {reason}", reason=reason)) for number, reason in result.flagged]
    lines += [(number, tr("rejected: {reason}", reason=reason)) for number, reason in result.rejected]
    summary = tr("Nothing was written. The import would add {added}, update {updated}, reject {rejected}, "
                 "flag {flagged}.", added=result.added, updated=result.updated, rejected=len(result.rejected),
                 flagged=len(result.flagged))
    if result.guessed:
        summary += " " + ntr("The sex of {n} person it adds is to confirm.",
                             "The sex of {n} people it adds is to confirm.", len(result.guessed))
    return [summary] + [tr("row {row}: {reason}", row=number, reason=text)
                        for number, text in sorted(lines, key=lambda line: line[0])]


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's garbage collector paused while an import makes its records, as app.main pauses it at
    start-up: its full passes over the growing heap took a quarter of the time of a 10,000-row import.
    Reference counting still frees what is dropped; what it cannot is collected once this ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(path: Path, add_villages: bool, mapping, progress, cancelled, write_rejects,
            dry_run: bool = False, encoding: str | None = None) -> ImportResult:
    headers, rows, _encoding = _load(path, cancelled=cancelled, encoding=encoding)
    mapping = _checked_mapping(headers, match_columns(headers) if mapping is None else dict(mapping))
    # Rows with nothing in the imported columns (a numbered template's empty lines) are no rows.
    rows = [(number, cells) for number, cells in rows
            if not _blank([cells[i] for i in mapping if i < len(cells)])]
    if not rows:
        raise ValidationError("The file {name} has no rows to import under its headers.", field="file",
                              name=path.name)
    with unit_of_work() as session:
        batch = ImportBatch(at=clock.now(), file_name=path.name[:260], user_name=audit.acting_user(), added=0,
                            updated=0, flagged=0, rejected=0)
        session.add(batch)
        session.flush()
        with _in_batch(session, batch.id):
            result = _write(session, batch.id, headers, mapping, rows, add_villages, progress, cancelled,
                            write_rejects, dry_run)
        # The counts once the people are written, outside the batch: they are the batch, not its work.
        batch.added, batch.updated = result.added, result.updated
        batch.flagged, batch.rejected = len(result.flagged), len(result.rejected)
        if dry_run:
            raise _Planned(result)
    return result


def _write(session, batch_id: int, headers, mapping, rows, add_villages: bool, progress, cancelled,
           write_rejects, dry_run: bool) -> ImportResult:
    """The rows checked and written into ``session`` as batch ``batch_id``: the import's result."""
    total = len(rows)
    written: Path | None = None
    job = _Import(session, batch_id, headers, mapping, add_villages)
    good = []
    for done, (number, cells) in enumerate(rows, start=1):
        row = job.read(number, cells)
        if row is not None:
            good.append(row)
        if cancelled and done % STEP == 0 and cancelled():
            raise Cancelled()
    rows.clear()  # each good row holds its cells; a rejected one is in job.rejected
    job.load()
    before = total - len(good)
    if progress:
        progress(before, total)
    good.reverse()  # taken from the end, so each row is let go once it is written
    done = 0
    while good:
        job.take(good.pop())
        done += 1
        if done % STEP == 0:
            if progress:
                progress(before + done, total)
            if cancelled and cancelled():
                raise Cancelled()
    job._flush()
    if cancelled and cancelled():
        raise Cancelled()
    not_imported = sorted(job.rejected + job.flagged, key=lambda item: item[0])
    if not_imported and write_rejects and not dry_run:
        written = write_rejects(*_rejects_table(headers, not_imported))
    if progress:
        progress(total, total)
    return ImportResult(
        job.added, job.updated,
        [(number, reason) for number, _cells, reason in sorted(job.rejected, key=lambda r: r[0])],
        [_flagged(number, reason, job.reviews.get(number)) for number, _cells, reason in job.flagged],
        written, _unknown(headers, mapping), job.new_villages, job.new_people, job.changes, dry_run,
        [(number, job.guesses[number]) for number, _name in job.new_people if number in job.guesses],
        None if dry_run else batch_id)


def _rejects_table(headers: list[str], rows: list[tuple[int, tuple, str]]) -> tuple[list[str], list[list[str]]]:
    """The rows not imported, as they were, with the reason in a last column (an old «Reason» column
    of a rejects file imported again is replaced): the headers and the lines, as text."""
    width = max([len(headers), *(len(cells) for _number, cells, _reason in rows)])
    keep = [i for i in range(width) if i >= len(headers) or _key(headers[i]) not in _reason_keys()]
    names = [headers[i] if i < len(headers) else "" for i in keep] + [tr(REASON)]
    lines = [[_cell_text(cells[i]) if i < len(cells) else "" for i in keep] + [reason]
             for _number, cells, reason in rows]
    return names, lines
