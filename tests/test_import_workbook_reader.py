"""How the import reads a workbook (calamine, app/services/member_import.py): the cell types it
gives and the import reads as openpyxl's were read (a date cell, an IIN as a floating number, a number
in a text column), rows and columns numbered as Excel numbers them (an empty row, a sheet that starts
below and right of A1, a merged cell), and the size limits that refuse a workbook before the reader
opens it."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import python_calamine
from openpyxl import Workbook

from app.errors import ValidationError
from app.printing.members import import_people, rejects_path
from app.services import member_import, members
from app.services.member_import import preview

pytestmark = pytest.mark.every_database

HEADERS = ["Тегі", "Аты", "ЖСН", "Туған күні", "Жынысы", "Ауыл", "Үй", "Телефон"]


def workbook(path: Path, rows, *, at: str = "A1", merged: tuple[str, ...] = ()) -> Path:
    """``rows`` written from the cell ``at`` down and right; ``merged`` ranges merged after."""
    book = Workbook()
    sheet = book.active
    first = sheet[at]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(first.row + r, first.column + c, value)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def person(name: str):
    return members.get(members.search(name)[0].id)


def test_a_date_cell_a_floating_iin_and_numbers_in_text_columns(database, tmp_path):
    path = workbook(tmp_path / "types.xlsx", [
        HEADERS,
        # Excel keeps every number as a floating one: an IIN of someone born in 2006 lost its zero.
        ["Сейітова", "Айгүл", 61211600012.0, datetime(2006, 12, 11), "Ж", "Жарлыөзек", 12.0, 87011234567.0],
        # A date cell with a time of day, a house number with a fraction, an IIN kept as text.
        ["Мұқанов", "Ерлан", "791028302728", datetime(1979, 10, 28, 0, 0), "Е", "Жарлыөзек", 12.5, None],
        # A date written as text, as the export writes it.
        ["Иванова", "Ольга", None, "14.03.1980", "Ж", "Жарлыөзек", "3", "+7 (747) 555-12-34"],
    ])
    result = import_people(path)
    assert (result.added, result.rejected, result.flagged) == (3, [], [])
    aigul = person("сейітова")
    assert aigul.iin == "061211600012" and aigul.birth_date == date(2006, 12, 11)
    assert aigul.house == "12" and aigul.phone == "+77011234567"
    erlan = person("мұқанов")
    assert erlan.iin == "791028302728" and erlan.birth_date == date(1979, 10, 28) and erlan.house == "12.5"
    assert person("иванова").birth_date == date(1980, 3, 14)


def test_a_number_in_a_date_column_is_refused_as_before(database, tmp_path):
    path = workbook(tmp_path / "number.xlsx", [HEADERS, ["Омаров", "Асхат", None, 29221.0, "Е", "Жарлыөзек"]])
    result = import_people(path)
    assert result.added == 0
    assert result.rejected == [(2, "“29221” in the column “Туған күні” is not a date; write it as 2026-03-14 "
                                   "or 14.03.2026.")]


def test_rows_and_columns_are_numbered_as_in_excel(database, tmp_path):
    """A title above, an empty row in the middle, a sheet starting at C3: the header is found, the
    empty row is no row, and a rejected row is named by its number in Excel and written back with its
    cells in their columns."""
    path = workbook(tmp_path / "offset.xlsx", [
        ["Тұрғындар тізімі"],
        HEADERS,
        ["Омаров", "Асхат", None, "01.02.1990", "Е", "Жарлыөзек"],
        [],
        ["Омарова", "Дана", "123", "02.03.1991", "Ж", "Жарлыөзек"],
    ], at="C3")
    shown = preview(path)
    assert shown.headers[:3] == ["", "", "Тегі"] and shown.mapping[2] == "surname"
    assert [number for number, _cells in shown.rows] == [5, 7]
    result = import_people(path)
    assert result.added == 1 and [number for number, _reason in result.rejected] == [7]
    with open(rejects_path(path), encoding="utf-8-sig") as rejects:
        lines = rejects.read().splitlines()
    assert lines[1].startswith(",,Омарова,Дана,123,02.03.1991,Ж,Жарлыөзек,")


def test_a_merged_cell_holds_its_value_in_its_first_cell_only(database, tmp_path):
    """A village merged over two rows names the village of the first only (as Excel stores it):
    the second, in a district of several villages, has none."""
    path = workbook(tmp_path / "merged.xlsx", [
        ["Тұрғындар тізімі", None, None, None, None, None],
        HEADERS,
        ["Омаров", "Асхат", None, "01.02.1990", "Е", "Жарлыөзек"],
        ["Омарова", "Дана", None, "02.03.1991", "Ж", None],
    ], merged=("A1:F1", "F3:F4"))
    result = import_people(path)
    assert result.added == 1 and result.rejected == [(4, "The village is missing.")]
    assert person("омаров асхат").birth_date == date(1990, 2, 1)


def test_the_preview_of_a_long_workbook_reads_its_first_rows(database, tmp_path):
    path = workbook(tmp_path / "long.xlsx", [HEADERS] + [[f"Омаров{n}", "Асхат"] for n in range(3000)])
    shown = preview(path)
    assert [number for number, _cells in shown.rows] == list(range(2, 2 + member_import.PREVIEW_ROWS))
    assert shown.rows[0][1][:2] == ["Омаров0", "Асхат"]


def _refused_unopened(path: Path, monkeypatch, words: str) -> None:
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path",
                        lambda *a, **k: pytest.fail("the reader opened the workbook"))
    with pytest.raises(ValidationError) as caught:
        import_people(path)
    assert words in caught.value.message("en")
    with pytest.raises(ValidationError, match=words):
        preview(path)
    assert not rejects_path(path).exists()


def test_a_sheet_past_its_limit_is_refused_before_the_reader_opens_it(database, tmp_path, monkeypatch):
    path = workbook(tmp_path / "sheet.xlsx", [HEADERS] + [["Омаров", "Асхат", None, None, "Е", "Жарлыөзек"]] * 2000)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert sheet > 2**17
    monkeypatch.setattr(member_import, "MAX_XLSX_PART_BYTES", 2**17)
    _refused_unopened(path, monkeypatch, f"holds {-(-sheet // 2**20)} MB of data; the import reads at most 0 MB")


def test_a_workbook_past_its_total_limit_is_refused_before_the_reader_opens_it(database, tmp_path, monkeypatch):
    path = workbook(tmp_path / "whole.xlsx", [HEADERS, ["Омаров", "Асхат", None, None, "Е", "Жарлыөзек"]])
    monkeypatch.setattr(member_import, "MAX_XLSX_BYTES", 2**10)
    _refused_unopened(path, monkeypatch, "the import reads at most 0 MB")


def test_a_damaged_workbook_is_refused_with_a_message(database, tmp_path):
    good = workbook(tmp_path / "good.xlsx", [HEADERS, ["Омаров", "Асхат", None, None, "Е", "Жарлыөзек"]])
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            target.writestr(part, data[: len(data) // 2] if part.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(ValidationError) as caught:
        import_people(path)
    assert caught.value.message("en") == "The file damaged.xlsx is not an Excel workbook (.xlsx), or it is damaged."
