"""The events report on a real database: its figures are the service's (events by kind, registered
and attended, room hours including a meeting's booking), the PDF read back in kk, ru and en, the
.xlsx opened with openpyxl, and `auyl report events` with its bad input."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.errors import ValidationError
from app.main import main
from app.printing import events as event_reports
from app.reports.events_report import rate
from app.services import events, meetings, periods
from app.services.events import EventData, Repeat

pytestmark = pytest.mark.every_database

COURSE, CELEBRATION = "Курс (курс)", "Мереке (праздник)"
HALL, WORKSHOP, TEA_HOUSE = 1, 3, 5  # rooms seeded by migration 0001
# A past March whose weekdays the dates below are written for (from the 3rd to the 13th, four Tuesdays
# and Thursdays): the count of a weekly course depends on the year, so the year is fixed.
YEAR = 2025
START, END = date(YEAR, 3, 1), date(YEAR, 3, 31)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(YEAR, month, day, hour, minute)


@pytest.fixture
def held(database):
    """In March: a computer course on four Tuesdays and Thursdays (2 h in the workshop, 3 places, four
    people: one waiting), Nauryz in the hall and the tea house (4.5 h), a meeting in the hall (2 h);
    and an event in April, outside the period."""
    course = events.create(EventData("Компьютер курсы", COURSE, at(3, 10), at(3, 12), (WORKSHOP,), capacity=3),
                           Repeat((1, 3), date(YEAR, 3, 13)))
    people = [events.register(course[0], guest_name=name) for name in ("Асқар", "Әйгерім", "Гүлнар", "Сәуле")]
    for person in people[:2]:
        events.set_attended(person.id)
    events.register(course[1], guest_name="Дана")
    nauryz = events.create(EventData("Наурыз мейрамы", CELEBRATION, at(21, 11), at(21, 15, 30), (HALL, TEA_HOUSE)))
    for name in ("Ерлан", "Серік", "Майра"):
        registration = events.register(nauryz[0], guest_name=name)
        events.set_attended(registration.id)
    meetings.create(meetings.MeetingData("gathering", at(10, 15), village_id=1, room_id=HALL, ends_at=at(10, 17)))
    events.create(EventData("Сәуір тренингі", "Тренинг (тренинг)", at(5, 10, month=4), at(5, 12, month=4), (HALL,)))
    return course, nauryz


def test_the_report_counts_what_the_service_counts(held):
    figures = events.period(periods.of(START, END))
    data = event_reports.report_data(START, END, "kk")
    assert figures.events_by_kind == {COURSE: 4, CELEBRATION: 1}
    assert [(r.name, r.held, r.registered, r.attended) for r in data.by_kind] == [
        ("Курс", 4, 4, 2), ("Мереке", 1, 3, 3)]
    assert (data.held, data.registered, data.attended) == (figures.events_held, 7, 5)
    assert rate(data.attended, data.registered) == 71.4
    # Every bookable room, used or not; the hall's hours include the meeting's two.
    assert figures.room_hours == {"Мәжіліс залы": 6.5, "Шеберхана": 8.0, "Шайхана": 4.5}
    assert [(r.name, r.hours, r.events, r.meetings) for r in data.rooms] == [
        ("Мәжіліс залы", 6.5, 1, 1), ("Шеберхана", 8.0, 4, 0), ("Мұражай", 0.0, 0, 0), ("Шайхана", 4.5, 1, 0)]
    assert data.hours == 19.0
    assert [(e.title, e.rooms, e.registered, e.attended) for e in data.events][-1] == (
        "Наурыз мейрамы", "Мәжіліс залы, Шайхана", 3, 3)
    assert "Сәуір тренингі" not in [e.title for e in data.events]
    russian = event_reports.report_data(START, END, "ru")
    assert [r.name for r in russian.by_kind] == ["Курс", "Праздник"]


def pdf_text(path) -> str:
    """The text, row by row as printed when pdftotext is installed (pypdf breaks rows into cells)."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("lang, expected", [
    ("kk", ("Іс-шаралар туралы есеп", "жылғы 1 наурыз", "Іс-шаралар түрлері бойынша", "Мереке",
            "Бөлмелердің пайдаланылуы, сағат", "Іс-шаралар тізімі", "Жарлыөзек ауылдық округі")),
    ("ru", ("Отчёт о мероприятиях", "1 марта", "Мероприятия по видам", "Праздник",
            "Использование помещений, часы", "Список мероприятий", "Жарлыозекский сельский округ")),
    ("en", ("Events report", "1 March", "Events by kind", "Праздник", "Room use, hours", "The events")),
])
def test_the_pdf_reads_back_in_each_language(held, tmp_path, lang, expected):
    path = event_reports.print_events(START, END, lang, tmp_path / f"events-{lang}.pdf")
    text = pdf_text(path)
    for phrase in expected:
        assert phrase in text, phrase
    hall_name = "Мәжіліс залы" if lang == "kk" else "Зал заседаний"  # each paper names rooms in its language
    hall = [line for line in text.splitlines() if hall_name in line and "Наурыз" not in line]
    decimal = "6.5" if lang == "en" else "6,5"
    assert any(decimal in line for line in hall), hall
    if shutil.which("pdftotext"):
        nauryz = next(line for line in text.splitlines() if "Наурыз мейрамы" in line)
        assert f"21.03.{YEAR}" in nauryz and "11:00–15:30" in nauryz and "Шайхана" in nauryz
        assert nauryz.replace(" ", "").endswith("3/3")


def test_the_workbook_has_a_sheet_per_section_with_numbers_and_datetimes(held, tmp_path):
    path = event_reports.print_events(START, END, "ru", tmp_path / "events.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Итоги", "Мероприятия по видам", "Использование помещений", "Мероприятия"]
    summary = {row[0]: row[1] for row in book["Итоги"].iter_rows(min_row=5, values_only=True)}
    assert summary["Проведено мероприятий"] == 5 and isinstance(summary["Проведено мероприятий"], int)
    assert summary["Явка, %"] == 71.4 and summary["Часов бронирования помещений"] == 19
    assert summary["С"].date() == START
    kinds = list(book["Мероприятия по видам"].iter_rows(values_only=True))
    assert kinds[0] == ("Вид", "Проведено мероприятий", "Записались", "Пришли", "Явка, %")
    assert kinds[1] == ("Курс", 4, 4, 2, 50) and kinds[-1] == ("Всего", 5, 7, 5, 71.4)
    rooms = list(book["Использование помещений"].iter_rows(min_row=2, values_only=True))
    assert rooms[0] == ("Зал заседаний", 1, 1, 6.5) and rooms[-1] == ("Всего", 6, 1, 19)
    listed = list(book["Мероприятия"].iter_rows(min_row=2, values_only=True))
    starts, ends, title, kind, room_names, registered, attended = listed[-1]
    assert isinstance(starts, dt.datetime) and (starts, ends) == (at(21, 11), at(21, 15, 30))
    assert (title, kind, room_names, registered, attended) == (
        "Наурыз мейрамы", "Праздник", "Мәжіліс залы, Шайхана", 3, 3)
    assert book["Мероприятия"].column_dimensions["C"].width == 48


def test_a_period_without_events_still_prints(database, tmp_path):
    text = pdf_text(event_reports.print_events(START, END, "kk", tmp_path / "empty.pdf"))
    assert "Осы кезеңде іс-шаралар өткізілген жоқ." in text and "Мұражай" in text


def test_the_period_must_not_end_before_it_starts_and_the_file_must_be_pdf_or_xlsx(database, tmp_path):
    with pytest.raises(ValidationError, match="ends before it starts"):
        event_reports.print_events(END, START, "kk", tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="x.docx"):
        event_reports.print_events(START, END, "kk", tmp_path / "x.docx")
    assert not list(tmp_path.glob("x.*"))


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_auyl_report_events_writes_the_file_and_refuses_bad_input(held, database, tmp_path, capsys):
    target = tmp_path / "events.pdf"

    def run(*args):
        try:
            code = main(["--db", str(database), "--lang", "en", "report", "events", *args])
        except SystemExit as stop:  # argparse refuses what it cannot read
            code = stop.code
        return code, *capsys.readouterr()

    code, out, err = run("--from", START.isoformat(), "--to", END.isoformat(), "--lang", "ru", "-o", str(target))
    assert code == 0 and out.strip() == f"Events report written to {target}", err
    assert "Отчёт о мероприятиях" in pdf_text(target)
    code, out, err = run("--from", END.isoformat(), "--to", START.isoformat(), "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and err.strip() == "auyl: error: The period ends before it starts."
    code, out, err = run("--from", "31.02.2026", "--to", END.isoformat(), "-o", str(tmp_path / "b.xlsx"))
    assert code == 2 and "“31.02.2026” is not a date" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("--from", START.isoformat(), "--to", END.isoformat(), "-o", str(tmp_path / "b.txt"))
    assert code == 1 and "b.txt" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "events.pdf"]
