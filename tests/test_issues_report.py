"""The local issues report on a real database: its figures are the service's (by category, village and
month, median days to resolve, open and overdue at the period's end), the PDF read back in kk, ru and
en, the .xlsx opened with openpyxl, and `auyl report issues` with its bad input."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.errors import ValidationError
from app.main import main
from app.printing import issues as issue_reports
from app.reports.issues_report import median_text
from app.services import local_issues, periods
from app.services.local_issues import IssueData

pytestmark = pytest.mark.every_database

ROADS = "Жолдар (дороги)"
WATER = "Сумен жабдықтау (водоснабжение)"
LIGHT = "Көше жарығы (уличное освещение)"
YEAR = date.today().year - 1  # a whole past year, whatever the day the tests run
START, END = date(YEAR, 2, 1), date(YEAR, 3, 31)


def day(month: int, d: int) -> date:
    return date(YEAR, month, d)


def at(d: date) -> datetime:
    return datetime.combine(d, time(10, 0))


def raise_issue(title: str, category: str, raised: date, village_id: int | None = 1, due: date | None = None) -> int:
    return local_issues.create(IssueData(title=title, category=category, raised_on=raised, village_id=village_id,
                                         raiser_name="Асқар Нұрланов", assignee="Ауыл әкімі аппараты",
                                         due_on=due), at=at(raised))


def move(issue_id: int, *steps: tuple[str, date]) -> None:
    for status, when in steps:
        local_issues.change_status(issue_id, status, "done" if status in ("resolved", "rejected") else "",
                                   on=when, at=at(when))


@pytest.fixture
def issues(database):
    """Six issues around February–March: two resolved in the period (10 and 28 days), one rejected,
    one overdue at the end, one raised before the period and still open, one resolved only after it."""
    ids = {}
    ids["pothole"] = raise_issue("Шұңқыр Абай көшесінде", ROADS, day(2, 1))
    move(ids["pothole"], ("accepted", day(2, 2)), ("resolved", day(2, 11)))
    ids["bridge"] = raise_issue("Көпір бұзылған", ROADS, day(2, 5), village_id=2)
    move(ids["bridge"], ("in_progress", day(2, 6)), ("resolved", day(3, 5)))
    ids["no water"] = raise_issue("Су жоқ Жамбыл көшесінде", WATER, day(3, 1), due=day(3, 10))
    move(ids["no water"], ("accepted", day(3, 2)))
    ids["leak"] = raise_issue("Су құбыры жарылған", WATER, day(3, 15), village_id=None)
    move(ids["leak"], ("rejected", day(3, 20)))
    ids["lamp"] = raise_issue("Шам жанбайды", LIGHT, day(1, 10), due=day(6, 1))
    move(ids["lamp"], ("in_progress", day(1, 12)))
    ids["late"] = raise_issue("Жол батпақ", ROADS, day(3, 20), village_id=3)
    move(ids["late"], ("accepted", day(3, 21)), ("resolved", day(4, 10)))
    return ids


def test_the_report_counts_what_the_service_counts(issues):
    figures = local_issues.period(periods.of(START, END))
    data = issue_reports.report_data(START, END, "kk")
    assert (data.received, data.resolved, data.rejected) == (figures.received, figures.resolved, figures.rejected)
    assert (data.received, data.resolved, data.rejected) == (5, 2, 1)
    assert data.median_days == figures.median_days_to_resolve == 19  # of 10 and 28 days
    assert [(r.name, r.received, r.resolved) for r in data.by_category] == [("Жолдар", 3, 2), ("Сумен жабдықтау", 2, 0)]
    assert [(r.name, r.received, r.resolved) for r in data.by_village] == [
        ("Жарлыөзек", 2, 1), ("Бозтоған", 1, 1), ("Мұқаншы", 1, 0), ("Ауылы көрсетілмеген", 1, 0)]
    assert [(r.month, r.received, r.resolved) for r in data.by_month] == [(day(2, 1), 2, 1), (day(3, 1), 3, 1)]
    assert [r.title for r in data.overdue] == ["Су жоқ Жамбыл көшесінде"]
    assert {r.title: r.status for r in data.other_open} == {"Шам жанбайды": "орындалуда", "Жол батпақ": "қабылданды"}
    russian = issue_reports.report_data(START, END, "ru")
    assert [r.name for r in russian.by_category] == ["Дороги", "Водоснабжение"]
    assert russian.by_village[0].name == "Жарлыозек"


def test_median_days_are_written_as_each_language_writes_them():
    # Always one decimal, so that 19 and 12,5 never stand side by side in one report.
    assert (median_text(12.5, "kk"), median_text(12.5, "en"), median_text(19, "ru"), median_text(None, "ru"),
            median_text(1250.5, "ru")) == ("12,5", "12.5", "19,0", "—", "1\u00a0250,5")


def pdf_text(path) -> str:
    """The text, row by row as printed when pdftotext is installed (pypdf breaks rows into cells)."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("lang, expected", [
    ("kk", ("Жергілікті мәселелер бойынша есеп", "жылғы 1 ақпан", "Санат бойынша", "Жолдар",
            "Кезең соңында ашық", "Мерзімі өткен: 1", "Жарлыөзек ауылдық округі")),
    ("ru", ("Отчёт о местных проблемах", "1 февраля", "По категориям", "Дороги", "Открыты на конец периода",
            "Просрочены: 1", "Жарлыозекский сельский округ")),
    ("en", ("Local issues report", "1 February", "By category", "Дороги", "Open at the end of the period",
            "Overdue: 1", "Жарлыозекский сельский округ")),
])
def test_the_pdf_reads_back_in_each_language(issues, tmp_path, lang, expected):
    path = issue_reports.print_issues(START, END, lang, tmp_path / f"issues-{lang}.pdf")
    text = pdf_text(path)
    for phrase in expected:
        assert phrase in text, phrase
    overdue_row = next(line for line in text.splitlines() if "Су жоқ Жамбыл" in line)
    if shutil.which("pdftotext"):
        assert f"10.03.{YEAR}" in overdue_row and "Ауыл әкімі аппараты" in overdue_row


def test_the_workbook_has_a_sheet_per_section_with_numbers_and_dates(issues, tmp_path):
    path = issue_reports.print_issues(START, END, "ru", tmp_path / "issues.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Итоги", "По категориям", "По сёлам", "По месяцам", "Просрочены",
                               "Открыты, не просрочены"]
    summary = {row[0]: row[1] for row in book["Итоги"].iter_rows(min_row=5, values_only=True)}
    assert summary["Поступило"] == 5 and isinstance(summary["Поступило"], int)
    assert summary["Медиана дней до решения"] == 19
    assert summary["С"].date() == START
    categories = list(book["По категориям"].iter_rows(values_only=True))
    assert categories[0] == ("Категория", "Поступило", "Решено")
    assert categories[1] == ("Дороги", 3, 2) and categories[-1] == ("Всего", 5, 2)
    months = list(book["По месяцам"].iter_rows(min_row=2, values_only=True))
    assert isinstance(months[0][0], dt.datetime) and months[0][0].date() == day(2, 1)
    overdue = list(book["Просрочены"].iter_rows(min_row=2, values_only=True))
    assert len(overdue) == 1
    label, title, village, raised, due, status, assignee = overdue[0]
    assert (title, village, raised.date(), due.date(), status) == (
        "Су жоқ Жамбыл көшесінде", "Жарлыозек", day(3, 1), day(3, 10), "принята")


def test_a_period_without_issues_still_prints(database, tmp_path):
    path = issue_reports.print_issues(START, END, "kk", tmp_path / "empty.pdf")
    text = pdf_text(path)
    assert "Бұл кезеңде мәселе түскен жоқ және шешілген жоқ." in text
    assert "Кезең соңында ашық мәселе болған жоқ." in text
    load_workbook(issue_reports.print_issues(START, END, "en", tmp_path / "empty.xlsx"))


def test_a_file_of_another_kind_is_refused(database, tmp_path):
    with pytest.raises(ValidationError, match=r"\.pdf or \.xlsx"):
        issue_reports.print_issues(START, END, "kk", tmp_path / "issues.docx")
    assert not (tmp_path / "issues.docx").exists()


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_auyl_report_issues_writes_the_pdf_and_the_workbook(issues, database, tmp_path, capsys):
    out = tmp_path / "issues.pdf"
    assert main(["--db", str(database), "--lang", "en", "report", "issues", "--from", START.isoformat(),
                 "--to", f"31.03.{YEAR}", "--lang", "ru", "-o", str(out)]) == 0
    assert "Отчёт о местных проблемах" in pdf_text(out)
    assert str(out) in capsys.readouterr().out
    book = tmp_path / "issues.xlsx"
    assert main(["--db", str(database), "report", "issues", "--from", START.isoformat(), "--to", END.isoformat(),
                 "--lang", "en", "-o", str(book)]) == 0
    assert "Summary" in load_workbook(book).sheetnames


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_auyl_report_issues_refuses_bad_periods_in_one_line(database, tmp_path, capsys):
    out = tmp_path / "issues.pdf"
    base = ["--db", str(database), "--lang", "en", "report", "issues", "-o", str(out)]
    assert main([*base, "--from", END.isoformat(), "--to", START.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "The period ends before it starts." in err and len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as exit_:
        main([*base, "--from", "31.02.2026", "--to", END.isoformat()])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "“31.02.2026” is not a date" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
