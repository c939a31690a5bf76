"""The activity report for the akimat on a demo district: every figure the PDF prints (read back in kk,
ru and en) and the workbook holds equals its own area's period figure; a period with nothing in it still
shows every section; `auyl report activity` end to end with its refusals."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from app.errors import ValidationError
from app.i18n import format_date_long, format_number, translate
from app.main import main
from app.printing import activity as activity_reports
from app.reports import activity_report as report
from app.reports import appeals_report
from app.reports.issues_report import median_text
from app.reports.workbook import MONEY_FORMAT
from app.rules.money import format_amount
from app.services import activity, appeals, events, grants, local_issues, meetings, members, periods
from tests.conftest import demo_district, opened_copy

TODAY = date.today()
# The last whole quarter: the demo's year of meetings, issues, grants and events ends today.
FIRST, LAST = activity.quarter(TODAY.year, (TODAY.month - 1) // 3) if TODAY.month > 3 else \
    activity.quarter(TODAY.year - 1, 4)

pytestmark = [pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed"),
              pytest.mark.every_database]


@pytest.fixture(scope="module")
def demo_file(migrated_template, made_once):
    """One demo district with its year (it takes seconds; tests/test_period_reports_stable.py starts from
    the same), copied for each test."""
    return demo_district(made_once, migrated_template, members=300, seed=3)


@pytest.fixture
def district(demo_file, tmp_path):
    with opened_copy(demo_file, tmp_path / "db") as district:
        yield district


def pdf_text(path) -> str:
    """The PDF's text, its lines as laid out, with no-break spaces and runs of spaces made one space."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "\f".join("\n".join(re.sub(r"[ \u00a0]+", " ", line).strip() for line in page.split("\n"))
                     for page in text.split("\f"))  # pdftotext ends every page with a form feed


def line_with(text: str, *cells: str) -> bool:
    """Whether some line holds these cells one after the other (spaces between them)."""
    pattern = r"\s+".join(re.escape(c.replace("\u00a0", " ")) for c in cells)
    return re.search(rf"(^|\s){pattern}($|\s)", text, re.MULTILINE) is not None


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_pdf_prints_each_areas_own_figures(district, tmp_path, lang):
    path = activity_reports.print_activity(FIRST, LAST, lang, tmp_path / f"activity-{lang}.pdf")
    text = pdf_text(path)

    def n(value: int) -> str:
        return format_number(value, lang)

    def shows(msgid: str, value: str) -> None:
        assert line_with(text, translate(msgid, lang), value), (msgid, value)

    span = periods.of(FIRST, LAST)
    community = members.period(span)
    held = meetings.period(span)
    issues = local_issues.period(span)
    money = grants.period(span)
    happened = events.period(span)
    assert community.residents and held.held and issues.received and money.grants and happened.events_held

    shows(report.RESIDENTS, n(community.residents))
    shows(report.JOINED, n(community.joined))
    assert line_with(text, translate("Total", lang), n(community.residents), n(community.joined),
                     n(sum(v.moved_away for v in community.villages)), n(sum(v.died for v in community.villages)))
    for village in community.villages:
        name = village.name_kk if lang == "kk" else village.name_ru
        assert line_with(text, name, n(village.residents), n(village.joined), n(village.moved_away), n(village.died))

    shows(report.HELD, n(held.held))
    shows(report.WITH_QUORUM, n(held.with_quorum))
    shows(report.PRESENT, n(held.present))
    shows(report.ENTITLED, n(held.entitled))
    shows(report.TAKEN, n(held.decisions))
    shows(report.ANSWERED, n(held.answered))
    for status, label in meetings.DECISION_STATUSES.items():  # every status, in the pie's legend
        label = translate(label, lang)
        line = report.pie_line(label[:1].upper() + label[1:], held.decisions_by_status.get(status, 0),
                               held.decisions, lang)
        assert line.replace("\u00a0", " ") in text, line

    shows(report.RECEIVED, n(issues.received))
    shows(report.RESOLVED, n(issues.resolved))
    shows(report.REJECTED, n(issues.rejected))
    shows(report.MEDIAN, median_text(issues.median_days_to_resolve, lang))
    shows(report.OPEN_AT_END, n(len(issues.still_open)))
    shows(report.OVERDUE_AT_END, n(len(issues.overdue)))

    shows(report.GRANTS_RUNNING, n(len(money.grants)))
    for currency, total in money.totals.items():  # one line per currency, never added together
        count = sum(1 for g in money.grants if g.view.data.currency == currency)
        assert line_with(text, currency, n(count), *(format_amount(amount, currency, lang) for amount in (
            total, money.received.get(currency, grants.ZERO), money.spent.get(currency, grants.ZERO),
            money.balance.get(currency, grants.ZERO))))
    for (donor, currency), received in money.received_by_donor.items():
        count = sum(1 for g in money.grants if (g.view.donor, g.view.data.currency) == (donor, currency))
        assert line_with(text, currency, n(count), *(format_amount(a, currency, lang) for a in (
            received, money.spent_by_donor[donor, currency], money.balance_by_donor[donor, currency])))

    shows(report.EVENTS_HELD, n(happened.events_held))
    shows(report.REGISTERED, n(sum(happened.registered_by_kind.values())))
    shows(report.ATTENDED, n(sum(happened.attended_by_kind.values())))
    shows(report.ROOM_HOURS, median_text(round(sum(happened.room_hours.values()), 2), lang))


def test_the_cover_names_the_centre_and_the_district_in_the_reports_language(district, tmp_path):
    texts = {lang: pdf_text(activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), lang,
                                                            tmp_path / f"{lang}.pdf")) for lang in ("kk", "ru", "en")}
    cover = {lang: text.split("\f")[0] for lang, text in texts.items()}
    assert "Жарлыөзек ауылдық округінің Тұрақты даму орталығы" in cover["kk"]
    assert "2026 жылғы 1 қаңтар – 31 наурыз" in cover["kk"]
    assert "2026 жылғы 1-тоқсан" in cover["kk"]
    assert "1 января – 31 марта 2026 года" in cover["ru"]
    assert "1-й квартал 2026 года" in cover["ru"]
    assert "Центр устойчивого развития" in cover["ru"] and "Жарлыозекский сельский округ" in cover["ru"]
    assert "Центр устойчивого развития" in cover["en"] and "1 January – 31 March 2026" in cover["en"]
    for lang, text in texts.items():
        assert translate("Made on {date}", lang, date=format_date_long(TODAY, lang)) in cover[lang]
        pages = text.count("\f")
        assert pages > 1
        assert translate("Page {page} of {pages}", lang, page=pages, pages=pages) in text
        for number, section in enumerate(report.SECTIONS, start=1):
            assert f"{number}. {translate(section, lang)}" in text


def test_the_period_is_written_out_with_the_year_once(district):
    assert report.period_words(date(2026, 1, 1), date(2026, 3, 31), "kk") == "2026 жылғы 1 қаңтар – 31 наурыз"
    assert report.period_words(date(2026, 1, 1), date(2026, 3, 31), "ru") == "1 января – 31 марта 2026 года"
    assert report.period_words(date(2025, 12, 1), date(2026, 2, 28), "en") == "1 December 2025 – 28 February 2026"
    assert activity_reports.period_name(date(2026, 1, 1), date(2026, 12, 31), "ru") == "2026 год"
    assert activity_reports.period_name(date(2026, 7, 1), date(2026, 9, 30), "kk") == "2026 жылғы 3-тоқсан"
    assert activity_reports.period_name(date(2026, 7, 1), date(2026, 9, 29), "kk") == ""


def test_the_workbook_has_a_cover_and_a_sheet_per_section_with_numbers(district, tmp_path):
    path = activity_reports.print_activity(FIRST, LAST, "ru", tmp_path / "activity.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == [translate(name, "ru") for name in ("Cover", *report.SHEETS.values())]

    def figure(sheet: str, msgid: str):
        ws = book[translate(report.SHEETS[sheet], "ru")]
        return next(row[1].value for row in ws.iter_rows() if row[0].value == translate(msgid, "ru"))

    def total_row(sheet: str) -> list:
        ws = book[translate(report.SHEETS[sheet], "ru")]
        return [c.value for c in next(row for row in ws.iter_rows() if row[0].value == translate("Total", "ru"))]

    span = periods.of(FIRST, LAST)
    community, held = members.period(span), meetings.period(span)
    issues, money, happened = local_issues.period(span), grants.period(span), events.period(span)
    assert figure(report.COMMUNITY, report.RESIDENTS) == community.residents
    assert total_row(report.COMMUNITY)[1:3] == [community.residents, community.joined]
    assert figure(report.MEETINGS, report.HELD) == held.held == total_row(report.MEETINGS)[1]
    assert figure(report.MEETINGS, report.WITH_QUORUM) == held.with_quorum
    assert figure(report.DECISIONS, report.TAKEN) == held.decisions == total_row(report.DECISIONS)[1]
    assert figure(report.ISSUES, report.RECEIVED) == issues.received == total_row(report.ISSUES)[1]
    assert figure(report.ISSUES, report.RESOLVED) == issues.resolved
    assert figure(report.APPEALS, appeals_report.RECEIVED) == appeals.received(span) == total_row(report.APPEALS)[1]
    assert figure(report.APPEALS, appeals_report.LATE) == appeals.answered_late(span)
    assert figure(report.EVENTS, report.EVENTS_HELD) == happened.events_held == total_row(report.EVENTS)[1]
    assert total_row(report.EVENTS)[3] == sum(happened.attended_by_kind.values())
    assert total_row(report.ROOMS)[3] == pytest.approx(sum(happened.room_hours.values()))

    # Money: numbers with their currency in a column of its own, one row per currency.
    ws = book[translate(report.SHEETS[report.GRANTS], "ru")]
    rows = {row[0].value: row for row in ws.iter_rows() if row[0].value in money.totals}
    assert set(rows) == set(money.totals)
    for currency, row in rows.items():
        assert isinstance(row[3].value, (int, float)) and row[3].number_format == MONEY_FORMAT
        assert round(row[3].value, 2) == float(money.received.get(currency, grants.ZERO))
        assert round(row[5].value, 2) == float(money.balance.get(currency, grants.ZERO))
    donors = [row for row in ws.iter_rows() if (row[0].value, row[1].value) in money.received_by_donor]
    assert len(donors) == len(money.received_by_donor)
    assert all(isinstance(row[3].value, (int, float)) for row in donors)

    cover = book[translate("Cover", "ru")]
    dates = [row[1].value for row in cover.iter_rows() if row[0].value in (translate("From", "ru"),
                                                                           translate("To", "ru"))]
    assert [d.date() for d in dates] == [FIRST, LAST]
    for ws in book.worksheets:
        assert ws.column_dimensions["A"].width >= 40


def test_a_period_with_nothing_in_it_shows_every_section_with_its_zero_line(database, tmp_path):
    text = pdf_text(activity_reports.print_activity(date(2020, 1, 1), date(2020, 3, 31), "en", tmp_path / "a.pdf"))
    for number, section in enumerate(report.SECTIONS, start=1):
        assert f"{number}. {translate(section, 'en')}" in text
    for msgid in ("No meetings were held in this period.", "No decisions were taken in this period.",
                  "No issues were received or resolved in this period.", "No grants ran in this period.",
                  "No events were held in this period.", "No room was booked in this period."):
        assert msgid in text
    assert line_with(text, "Meetings held", "0") and line_with(text, "Events held", "0")


def test_bad_input_is_refused_before_anything_is_written(database, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ValidationError):
        activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), "de", tmp_path / "a.pdf")
    with pytest.raises(ValidationError):
        activity_reports.print_activity(date(2026, 1, 1), date(2026, 3, 31), "kk", tmp_path / "a.docx")
    with pytest.raises(ValidationError):
        activity_reports.print_activity(date(2026, 3, 31), date(2026, 1, 1), "kk", tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_writes_the_report(district, tmp_path, capsys):
    out = tmp_path / "activity.pdf"
    assert main(["--db", str(district), "--lang", "en", "report", "activity", "--from", "01.01.2026",
                 "--to", "2026-03-31", "--lang", "kk", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Activity report written to {out}"
    assert "2026 жылғы 1 қаңтар – 31 наурыз" in pdf_text(out)
    book = tmp_path / "activity.xlsx"
    assert main(["--db", str(district), "--lang", "en", "report", "activity", "--from", "2026-01-01",
                 "--to", "2026-12-31", "--lang", "ru", "-o", str(book)]) == 0
    assert load_workbook(book).sheetnames[0] == translate("Cover", "ru")


@pytest.mark.parametrize(("dates", "code", "message"), [
    (["--from", "2026-13-01", "--to", "2026-03-31"], 2, "“2026-13-01” is not a date"),
    (["--from", "2026-03-31", "--to", "2026-01-01"], 1, "The period ends before it starts."),
])
@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_refuses_a_bad_period_in_one_line(database, tmp_path, capsys, dates, code, message):
    out = tmp_path / "activity.pdf"
    argv = ["--db", str(database), "--lang", "en", "report", "activity", *dates, "-o", str(out)]
    if code == 2:  # refused by the argument parser, which exits
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
    else:
        assert main(argv) == code
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not out.exists()
