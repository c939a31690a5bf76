"""Nothing on an official paper is cut: on a demo district, with deliberately long values put into
each paper's data (a three-part double surname, a donor of 120 characters, a contract number of 40, an
issue title of 200, a long event title), every paper of the office in Kazakh and Russian is printed
and read back (pypdf, in the order the text is drawn, so a cell's lines come back together): each
full value is there, whole, and there is no "…" anywhere. A value may wrap between its words and
after a hyphen, so the text is compared with its white space made one space and none after a hyphen.
Every full name of the register and of the registration sheet is found the same way."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.db import unit_of_work
from app.models.meetings import Meeting
from app.printing import activity as activity_printing
from app.printing import events as events_printing
from app.printing import grants as grants_printing
from app.printing import issues as issues_printing
from app.printing import meetings as meetings_printing
from app.printing import members as members_printing
from app.reports import (
    activity_report,
    day_sheet,
    decisions_register,
    events_report,
    grants_report,
    issues_report,
    meeting_notice,
    members_register,
    minutes,
)
from app.services import events
from tests.conftest import demo_district, opened_copy, travel_to

DEMO_DAY = date(2026, 12, 7)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
LANGUAGES = ("kk", "ru")

NAME = "Сейтқали-Нұрмағамбетова-Әбдірахманова Гүлжаһан Серікқызы"  # a three-part double surname
DONOR = ("Қазақстан Республикасы Мәдениет және ақпарат министрлігі «Азаматтық бастамаларды қолдау орталығы» "
         "коммерциялық емес ұйым")
CONTRACT = "ГР-2026/ҚҚ-0457-АҚБ-ЖАРЛЫӨЗЕК-ЖОБА-12345"
ISSUE = ("Жарлыөзек ауылындағы Абай, Бейбітшілік және Тәуелсіздіктің 30 жылдығы көшелерінің бойындағы ескі су "
         "құбырын ауыстыру, жаңа су сорғы станциясын салу және ауыл тұрғындарын таза ауыз сумен қамтамасыз ету")
EVENT = ("Наурыз мейрамына арналған аудандық ақындар айтысы, ұлттық ойындар мен «Алтын сақа» балалар "
         "шығармашылық байқауы")


def test_the_long_values_are_as_long_as_the_papers_must_hold():
    assert len(DONOR) == 120 and len(CONTRACT) == 40 and len(ISSUE) == 200 and len(EVENT) > 100
    assert NAME.split()[0].count("-") == 2


@pytest.fixture(scope="module")
def demo_file(template_db, made_once):
    """One demo district with its year up to 7 December 2026 (the one tests/test_no_text_cut.py starts
    from, made once, on the session's usual day), copied for each test."""
    with travel_to(DEMO_DAY):
        yield demo_district(made_once, template_db, members=120, seed=3)


@pytest.fixture
def district(demo_file, tmp_path):
    with travel_to(DEMO_DAY), opened_copy(demo_file, tmp_path / "db") as district:
        yield district


def flat(text: str) -> str:
    """White space (no-break ones too) made one space, and none after a hyphen: a value wrapped at
    its words or after a hyphen reads as written."""
    return re.sub(r"-\s+", "-", " ".join(text.replace("\u00a0", " ").split()))


def read_back(path) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(path).pages))


def assert_whole(path, values) -> str:
    text = read_back(path)
    assert "\u2026" not in text, path.name
    for value in values:
        assert flat(value) in text, (path.name, value)
    return text


def first_of(rows, **changes):
    """The rows with their first one's fields changed (one is made up when there are none)."""
    return (dataclasses.replace(rows[0], **changes), *rows[1:])


def grants_data(lang: str) -> grants_report.GrantsReport:
    data = grants_printing.report_data(*YEAR, lang)
    grant = data.grants[0]
    lines = first_of(grant.lines, name=ISSUE) if grant.lines else grant.lines
    deadline = grants_report.DeadlineRow("—", EVENT, date(2026, 6, 1), None, "—", True)
    grant = dataclasses.replace(grant, donor=DONOR, agreement_number=CONTRACT, lines=lines,
                                deadlines=(deadline, *grant.deadlines))
    return dataclasses.replace(data, grants=(grant, *data.grants[1:]))


def test_the_grants_report_keeps_the_donor_the_contract_number_and_the_titles_whole(district, tmp_path):
    for lang in LANGUAGES:
        data = grants_data(lang)
        assert data.grants[0].lines, "the demo's first grant has its budget lines"
        path = grants_report.render_pdf(data, tmp_path / f"grants-{lang}.pdf")
        assert_whole(path, [DONOR, CONTRACT, ISSUE, EVENT, *(g.donor for g in data.grants)])


def test_the_issues_report_keeps_an_issues_title_whole(district, tmp_path):
    for lang in LANGUAGES:
        data = issues_printing.report_data(*YEAR, lang)
        long_issue = issues_report.OpenRow("999/2026", ISSUE, "Жарлыөзек", date(2026, 3, 2), date(2026, 4, 1),
                                           "—", NAME)
        data = dataclasses.replace(data, overdue=(long_issue, *data.overdue))
        path = issues_report.render_pdf(data, tmp_path / f"issues-{lang}.pdf")
        assert_whole(path, [ISSUE, NAME, *(row.title for row in data.overdue + data.other_open)])


def test_the_events_report_and_the_day_sheet_keep_an_events_title_whole(district, tmp_path):
    for lang in LANGUAGES:
        data = events_printing.report_data(*YEAR, lang)
        line = events_report.EventLine(datetime(2026, 3, 21, 10), datetime(2026, 3, 21, 14), EVENT, "Концерт",
                                       "Мәдениет үйінің үлкен залы, Мәжіліс залы", 40, 35)
        data = dataclasses.replace(data, events=(line, *data.events))
        path = events_report.render_pdf(data, tmp_path / f"events-{lang}.pdf")
        assert_whole(path, [EVENT, line.rooms, *(event.title for event in data.events)])

        sheet = events.day_sheet(date(2026, 12, 7))
        booking = events.DaySheetLine(datetime(2026, 12, 7, 10), datetime(2026, 12, 7, 12), EVENT, "concert",
                                      NAME, 12)
        room = dataclasses.replace(sheet.rooms[0], lines=(booking, *sheet.rooms[0].lines))
        sheet = dataclasses.replace(sheet, rooms=(room, *sheet.rooms[1:]))
        path = day_sheet.render(sheet, tmp_path / f"day-{lang}.pdf", lang, DEMO_DAY)
        assert_whole(path, [EVENT, NAME, *(line.title for room in sheet.rooms for line in room.lines)])


def test_the_activity_report_keeps_a_donor_whole(district, tmp_path):
    for lang in LANGUAGES:
        data = activity_printing.report_data(*YEAR, lang)
        donor = activity_report.DonorRow(DONOR, "KZT", 1, Decimal("1500000"), Decimal("250000"), Decimal("1250000"))
        data = dataclasses.replace(data, donors=(donor, *data.donors), head=NAME)
        path = activity_report.render_pdf(data, tmp_path / f"activity-{lang}.pdf")
        assert_whole(path, [DONOR, NAME, *(row.donor for row in data.donors)])


def test_the_decisions_register_and_the_notice_keep_texts_and_names_whole(district, tmp_path):
    with unit_of_work() as session:
        meeting_id = session.scalars(select(Meeting.id).order_by(Meeting.id)).first()
    for lang in LANGUAGES:
        data = meetings_printing.decisions_register_data(*YEAR, lang)
        assert data.rows, "the demo year has decisions"
        data = dataclasses.replace(data, rows=first_of(data.rows, text=ISSUE, responsible=NAME))
        path = decisions_register.render(data, tmp_path / f"decisions-{lang}.pdf")
        assert_whole(path, [ISSUE, NAME])

        notice = meetings_printing.notice_data(meeting_id, lang)
        notice = dataclasses.replace(notice, agenda=(ISSUE, EVENT, *notice.agenda), convened_by=NAME)
        path = meeting_notice.render(notice, tmp_path / f"notice-{lang}.pdf")
        assert_whole(path, [ISSUE, EVENT, NAME])


def test_the_register_and_the_registration_sheet_keep_every_full_name(district, tmp_path):
    with unit_of_work() as session:
        assembly = session.scalars(select(Meeting.id).where(Meeting.kind == "assembly").order_by(Meeting.id)).first()
    assert assembly is not None, "the demo has an assembly"
    for lang in LANGUAGES:
        data = members_printing.register_data(lang)
        village = data.sections[0]
        long_row = members_register.RegisterRow(len(village.rows) + 1, NAME, date(1984, 5, 9), "840509••••21",
                                                f"{ISSUE[:60]}, 12-үй", "+7 701 123 45 67")
        data = dataclasses.replace(data, sections=(dataclasses.replace(village, rows=(*village.rows, long_row)),
                                                   *data.sections[1:]))
        path = members_register.render(data, tmp_path / f"register-{lang}.pdf")
        names = [row.full_name for section in data.sections for row in section.rows]
        assert len(names) >= 100
        assert_whole(path, names)

        sheet = meetings_printing.sheet_data(assembly, lang)
        assert sheet.attendees, "an assembly's sheet lists its members"
        sheet = dataclasses.replace(sheet, attendees=(minutes.Attendee(NAME, ISSUE[:60], ""), *sheet.attendees))
        path = minutes.render_blank_sheet(sheet, tmp_path / f"sheet-{lang}.pdf")
        assert_whole(path, [attendee.name for attendee in sheet.attendees])


@pytest.mark.parametrize("title, district", [
    ("Сводный отчёт округа: 3-й квартал 2026 года", "Жарлыозекский сельский округ"),
    ("Ауылдық округтің жергілікті қоғамдастық жиындары мен жиналыстары шешімдерінің тізілімі: 2026 жылғы "
     "1-тоқсан, Жарлыөзек, Бозтоған, Мұқаншы ауылдары", "Көксу ауданы Жетісу облысы Жарлыөзек ауылдық округі"),
])
def test_a_papers_running_header_keeps_its_title_and_district_whole(tmp_path, title, district):
    from app.reports.kit import PageFrame

    frame = PageFrame(tmp_path / "header.pdf", title=title, district=district, printed_on=date(2026, 12, 7),
                      lang="kk")
    frame.paragraph("Һ Ә Ғ Қ Ң Ө Ұ Ү І")
    # A long title and district wrap side by side, so the text reads back line by line interleaved.
    assert_whole(frame.save(), (title + " " + district).split())
