"""The grants report on a real database: its figures are the service's (``grants.period``: lines
planned, spent and remaining, totals per currency never mixed), the PDF read back in kk, ru and en,
the .xlsx opened with openpyxl (money as numbers, days as dates), and `auyl report grants` with its
bad input."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.errors import ValidationError
from app.main import main
from app.printing import grants as grant_reports
from app.reports import grants_report
from app.services import grants, periods
from app.services.grants import DeadlineData, DonorData, ExpenseData, GrantData, LineData, TrancheData
from tests.test_issues_report import pdf_text

pytestmark = pytest.mark.every_database

D = Decimal
YEAR = date.today().year - 1  # a whole past year: every deadline of it is overdue or submitted
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)


def day(month: int, d: int, year: int = YEAR) -> date:
    return date(year, month, d)


@pytest.fixture
def money(database):
    """A state grant in tenge (a line overspent, a report overdue), a UNDP grant in dollars (a receipt
    with its tax notice) and an old grant that ended before the period (left out)."""
    state = grants.save_donor(DonorData("Азаматтық бастамаларды қолдау орталығы", "state", "940140000385"))
    undp = grants.save_donor(DonorData("UNDP GEF Small Grants Programme", "foreign"))
    ids = {}
    ids["state"] = grants.create_grant(
        GrantData(state, "ГГ-17", day(2, 20), day(3, 1), day(12, 31), "KZT", "8 650 000", "Жастар саясаты",
                  "Жастар көшбасшылығы мектебі"),
        [LineData("1", "Еңбекақы", "5 000 000"), LineData("2", "Баспа өнімдері", "650 000"),
         LineData("3", "Іс-шаралар", "3 000 000")])
    lines = {line.code: line.id for line in grants.get(ids["state"]).lines}
    grants.add_tranche(ids["state"], TrancheData(day(3, 1), "6 055 000", day(3, 5), "6 055 000"))
    grants.add_tranche(ids["state"], TrancheData(day(9, 1), "2 595 000"))
    grants.add_expense(ids["state"], ExpenseData(lines["1"], day(4, 1), "1 250 000,50", payee="Омарова Г."))
    grants.add_expense(ids["state"], ExpenseData(lines["2"], day(5, 10), "700 000", payee="ЖШС «Жетісу Принт»"))
    grants.add_deadline(ids["state"], DeadlineData("interim", day(7, 15), "Аралық есеп"))
    grants.add_deadline(ids["state"], DeadlineData("final", day(6, 1), "Бірінші кезең", submitted_on=day(5, 30)))

    ids["undp"] = grants.create_grant(
        GrantData(undp, "KAZ/SGP/07", day(3, 10), day(4, 1), day(12, 31, YEAR + 1), "USD", "48 500"),
        [LineData("1", "Solar street lights", "40 000"), LineData("2", "Trainings", "8 500")])
    grants.add_tranche(ids["undp"], TrancheData(day(4, 10), "19 400", day(4, 14), "19 400"))
    grants.add_expense(ids["undp"], ExpenseData(grants.get(ids["undp"]).lines[0].id, day(5, 2), "12 345.67"))

    ids["old"] = grants.create_grant(
        GrantData(state, "ГГ-01", day(1, 10, YEAR - 1), day(2, 1, YEAR - 1), day(11, 30, YEAR - 1), "KZT",
                  "1 000 000"))
    return ids


def test_the_report_shows_the_figures_of_the_service(money):
    period = grants.period(periods.of(START, END))
    data = grant_reports.report_data(START, END, "en", today=date(YEAR + 1, 1, 10))
    assert [g.agreement_number for g in data.grants] == ["ГГ-17", "KAZ/SGP/07"]  # the old grant ended before
    for section, grant in zip(data.grants, period.grants):
        view = grant.view
        assert [(r.code, r.planned, r.spent, r.remaining) for r in section.lines] == [
            (v.code, v.planned, v.spent, v.remaining) for v in view.lines]
        assert (section.total, section.received, section.spent, section.received_to_end, section.spent_to_end,
                section.balance) == (view.total, grant.received, grant.spent, view.received, view.spent, view.balance)
        assert section.warnings == tuple(w.text("en") for w in view.warnings)
    state = data.grants[0]
    assert [r.overspent for r in state.lines] == [False, True, False]
    assert state.lines[1].remaining == D("-50000.00")
    assert state.mci is not None and "short" in state.size_class
    assert [(d.title, d.status, d.overdue) for d in state.deadlines] == [
        ("Бірінші кезең", "submitted", False), ("Аралық есеп", "overdue", True)]
    # One row per currency, never added together.
    assert [(t.currency, t.grants, t.total, t.received, t.spent, t.balance) for t in data.totals] == [
        ("KZT", 1, D("8650000.00"), D("6055000.00"), D("1950000.50"), D("4104999.50")),
        ("USD", 1, D("48500.00"), D("19400.00"), D("12345.67"), D("7054.33"))]
    assert {t.currency: t.total for t in data.totals} == period.totals
    # A tax notice names the receipt it is about.
    undp = data.grants[1]
    assert [d.title for d in undp.deadlines] == [f"receipt of 14.04.{YEAR}: 19,400.00\u00a0$"]


def normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def mci_text(grant_id: int, lang: str) -> str:
    """The grant's MCI (the year's value decides it) as the language writes it: 2 199,9 or 2,199.9."""
    text = f"{grants.get(grant_id).mci:,.1f}"
    return text if lang == "en" else text.replace(",", " ").replace(".", ",")


@pytest.mark.parametrize("lang, expected", [
    ("kk", ("Гранттар бойынша есеп", "Бюджеттің орындалуы: жоспар мен факт", "асып кетті",
            "Валюталар бойынша жиынтық", "мерзімі өткен", "8 650 000,00 ₸ ({mci} АЕК; қысқа мерзімді")),
    ("ru", ("Отчёт по грантам", "Исполнение бюджета: план и факт", "перерасход", "Итоги по валютам", "просрочено",
            "8 650 000,00 ₸ ({mci} МРП; краткосрочный")),
    ("en", ("Grants report", "Budget against actual", "overspent", "Totals by currency", "overdue",
            "8,650,000.00 ₸ ({mci} MCI; short")),
])
def test_the_pdf_reads_back_in_each_language(money, tmp_path, lang, expected):
    path = grant_reports.print_grants(START, END, lang, tmp_path / f"grants-{lang}.pdf")
    raw = pdf_text(path)
    text = normal(raw)
    expected = tuple(phrase.replace("{mci}", mci_text(money["state"], lang)) for phrase in expected)
    for phrase in expected + ("Азаматтық бастамаларды қолдау орталығы", "UNDP GEF Small Grants Programme",
                              "Еңбекақы", "ГГ-17"):
        assert phrase in text, phrase
    assert "ГГ-01" not in text
    # Each currency's totals on a line of its own, with no other currency on it.
    kzt = "8 650 000,00 ₸" if lang != "en" else "8,650,000.00 ₸"
    usd = "48 500,00 $" if lang != "en" else "48,500.00 $"
    rows = [normal(line) for line in raw.splitlines()]
    assert any(row.startswith("KZT 1 ") and kzt in row and "$" not in row for row in rows), rows
    # A grant's total in its section's text: the dollar in words in Kazakh and Russian, as a secretary writes it.
    assert {"kk": "48 500,00 АҚШ доллары", "ru": "48 500,00 долл. США", "en": "48,500.00 $"}[lang] in text
    assert any(row.startswith("USD 1 ") and usd in row and "₸" not in row for row in rows), rows


def test_the_workbook_has_a_sheet_per_table_with_money_as_numbers_and_days_as_dates(money, tmp_path):
    path = grant_reports.print_grants(START, END, "ru", tmp_path / "grants.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Итоги", "Гранты", "Статьи бюджета", "Транши", "Расходы", "Сроки",
                               "Предупреждения"]
    totals = [row for row in book["Итоги"].iter_rows(values_only=True) if row and row[0] in ("KZT", "USD")]
    assert [(r[0], r[1], D(str(r[2])), D(str(r[3])), D(str(r[4])), D(str(r[5]))) for r in totals] == [
        ("KZT", 1, D("8650000"), D("6055000"), D("1950000.5"), D("4104999.5")),
        ("USD", 1, D("48500"), D("19400"), D("12345.67"), D("7054.33"))]

    grants_sheet = book["Гранты"]
    header = [c.value for c in grants_sheet[1]]
    assert header[:5] == ["№", "Донор", "Вид донора", "№ договора", "Дата договора"]
    first = grants_sheet[2]
    assert first[4].value == dt.datetime(YEAR, 2, 20) and first[4].number_format == "DD.MM.YYYY"
    assert first[10].value == "KZT" and first[11].value == 8650000 and first[11].number_format == "#,##0.00"
    assert grants_sheet.column_dimensions["B"].width >= 30

    lines = list(book["Статьи бюджета"].iter_rows(min_row=2, values_only=True))
    # A whole year from the grants' start: spent in the period and since the start are the same.
    assert [(r[3], r[5], D(str(r[6])), D(str(r[7])), D(str(r[8])), D(str(r[9])), r[10] or None)
            for r in lines[:3]] == [
        ("1", "KZT", D("5000000"), D("1250000.5"), D("1250000.5"), D("3749999.5"), None),
        ("2", "KZT", D("650000"), D("700000"), D("700000"), D("-50000"), "перерасход"),
        ("3", "KZT", D("3000000"), D("0"), D("0"), D("3000000"), None)]
    for sheet, column in (("Транши", 4), ("Расходы", 3), ("Сроки", 5)):
        cell = book[sheet].cell(row=2, column=column + 1)
        assert isinstance(cell.value, dt.datetime), (sheet, cell.value)
    expenses = list(book["Расходы"].iter_rows(min_row=2, values_only=True))
    assert [(r[5], D(str(r[6]))) for r in expenses] == [("KZT", D("1250000.5")), ("KZT", D("700000")),
                                                        ("USD", D("12345.67"))]
    warnings = [r[3] for r in book["Предупреждения"].iter_rows(min_row=2, values_only=True)]
    assert any("Перерасход по статье 2" in w for w in warnings)


def test_a_period_without_grants_still_prints(database, tmp_path):
    path = grant_reports.print_grants(START, END, "kk", tmp_path / "empty.pdf")
    assert "Бұл кезеңде гранттар болған жоқ." in normal(pdf_text(path))
    book = load_workbook(grant_reports.print_grants(START, END, "en", tmp_path / "empty.xlsx"))
    assert book["Grants"].max_row == 1


def test_a_file_of_another_kind_or_a_backward_period_is_refused(database, tmp_path):
    with pytest.raises(ValidationError):
        grant_reports.print_grants(START, END, "kk", tmp_path / "grants.docx")
    with pytest.raises(ValidationError):
        grant_reports.print_grants(END, START, "kk", tmp_path / "grants.pdf")
    assert not list(tmp_path.glob("grants.*"))


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_auyl_report_grants_writes_the_pdf_and_the_workbook(money, database, tmp_path, capsys):
    for name in ("grants.pdf", "grants.xlsx"):
        code = main(["--db", str(database), "--lang", "en", "report", "grants", "--from", START.isoformat(),
                     "--to", END.strftime("%d.%m.%Y"), "--lang", "ru", "-o", str(tmp_path / name)])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert f"Grants report written to {tmp_path / name}" in out
    assert "Отчёт по грантам" in pdf_text(tmp_path / "grants.pdf")


@pytest.mark.parametrize("period, code, message", [
    (("--from", "2026-13-01", "--to", "2026-12-31"), 2, "is not a date"),
    (("--from", "2026-12-31", "--to", "2026-01-01"), 1, "The period ends before it starts."),
    (("--to", "2026-12-31"), 2, "the following arguments are required: --from"),
])
@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_auyl_report_grants_refuses_bad_periods_in_one_line(database, tmp_path, capsys, period, code, message):
    try:
        result = main(["--db", str(database), "--lang", "en", "report", "grants", *period, "-o",
                       str(tmp_path / "grants.pdf")])
    except SystemExit as exit_:  # argparse's refusals
        result = exit_.code
    out, err = capsys.readouterr()
    assert result == code and message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "grants.pdf").exists()


def test_the_report_module_writes_amounts_with_mci_and_size(money):
    data = grant_reports.report_data(START, END, "ru")
    mci = mci_text(money["state"], "ru").replace(" ", "\u00a0")
    assert grants_report.total_text(data.grants[0], "ru") == (
        f"8\u00a0650\u00a0000,00\u00a0₸ ({mci} МРП; краткосрочный (до 1 года))")
    assert grants_report.total_text(data.grants[1], "ru") == "48\u00a0500,00\u00a0долл.\u00a0США"
