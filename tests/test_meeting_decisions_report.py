"""The decisions register for a period, read back from the PDF: each decision with its meeting and
dates, overdue ones marked, totals by status; filters by period and status."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from app import demo
from app.errors import ValidationError
from app.printing import meetings as meeting_reports
from app.services import meetings, settings

pytestmark = pytest.mark.every_database

PAST = datetime(2025, 3, 14, 10, 0)


def read(path) -> str:
    return " ".join(" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in PdfReader(path).pages)


def adopted(village_id: int, starts_at: datetime, text: str, signed: bool = False) -> meetings.DecisionView:
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=starts_at, village_id=village_id,
                                                      chair="Серіков С.", secretary="Әлиева А."),
                                 [meetings.ItemData("Мәселе", decision_text=text)])
    everyone = [p.member_id for p in meetings.attendance_candidates(meeting_id, limit=None)]
    meetings.set_present(meeting_id, everyone)
    item = meetings.get(meeting_id).items[0]
    meetings.record_vote(item.id, len(everyone), 0, 0)
    if signed:  # a decision goes to the akim once its protocol is signed
        meetings.sign(meeting_id, starts_at.date())
    return meetings.get(meeting_id).items[0].decision


@pytest.fixture
def register(database):
    """Three decisions after the demo's (2023): one overdue (never sent), one done, one in progress."""
    demo.generate(30, seed=1, activity=False)
    village = settings.villages()[0].id
    overdue = adopted(village, PAST, "Көше шамдары орнатылсын.")
    done = adopted(village, PAST + timedelta(days=7), "Балалар алаңы жөнделсін.", signed=True)
    meetings.update_decision(done.id, meetings.DecisionData(
        responsible="Төлеуов Т.", deadline=date(2025, 6, 1), sent_on=date(2025, 3, 24), answer_on=date(2025, 4, 1),
        answer_text="Орындалды.", status="done"))
    soon = datetime.combine(date.today() + timedelta(days=30), datetime.min.time().replace(hour=10))
    in_progress = adopted(village, soon, "Су құбыры тартылсын.")
    return overdue, meetings.decision_data(done.id), in_progress


def test_the_register_lists_decisions_with_overdue_ones_marked_and_totals(register, tmp_path):
    overdue, done, in_progress = register
    kk = read(meeting_reports.print_decisions(date(2024, 1, 1), None, "kk", tmp_path / "kk.pdf"))
    assert "Шешімдер тізілімі" in kk and "Кезең: 2024 жылғы 1 қаңтар — …" in kk
    assert f"{overdue.label} Жиын № " in kk and "Көше шамдары орнатылсын." in kk
    assert "! мерзімі өткен" in kk
    assert "Балалар алаңы жөнделсін." in kk and "Төлеуов Т." in kk and "01.04.2025" in kk and "орындалды" in kk
    assert "Су құбыры тартылсын." in kk and "орындалуда" in kk
    assert "Мәртебесі бойынша қорытынды:" in kk and "Барлығы 3" in kk
    assert "мерзімі өткен 1" in kk and "орындалды 1" in kk and "орындалуда 1" in kk
    # The register reads in its numbers' order.
    assert kk.index("Көше шамдары") < kk.index("Балалар алаңы") < kk.index("Су құбыры")
    ru = read(meeting_reports.print_decisions(date(2024, 1, 1), None, "ru", tmp_path / "ru.pdf"))
    assert "Реестр решений" in ru and "! просрочено" in ru and "Сход № " in ru and "Всего 3" in ru


def test_the_register_filters_by_status_and_period(register, tmp_path):
    text = read(meeting_reports.print_decisions(date(2024, 1, 1), None, "en", tmp_path / "en.pdf", status="overdue"))
    assert "Көше шамдары" in text and "Балалар алаңы" not in text and "Су құбыры" not in text
    assert "status: overdue" in text and "Total 1" in text
    text = read(meeting_reports.print_decisions(date(2024, 1, 1), date(2024, 12, 31), "ru", tmp_path / "ru.pdf"))
    assert "За этот период решений нет." in text


@pytest.mark.parametrize("args, field", [
    ((date(2025, 2, 1), date(2025, 1, 1), "kk"), "date_from"),
    ((None, None, "de"), "lang"),
])
def test_a_bad_period_or_language_is_refused(register, tmp_path, args, field):
    with pytest.raises(ValidationError) as error:
        meeting_reports.print_decisions(*args, tmp_path / "x.pdf")
    assert error.value.field == field
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_status_is_refused(register, tmp_path):
    with pytest.raises(ValidationError) as error:
        meeting_reports.decisions_register_data(None, None, "kk", "lost")
    assert "lost" in error.value.message("en")
