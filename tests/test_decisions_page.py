"""The decisions register page and the decision dialog, through qtbot on a real database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import demo
from app.services import meetings
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.decision_dialog import DecisionDialog
from app.ui.main_window import MainWindow
from app.ui.pages.decisions import DecisionsPage
from tests.conftest import built_copy


def adopted_meeting(day: date, titles=("Roads", "Water supply"), language_code: str = "kk",
                    signed: bool = True) -> int:
    """A сход of village 1 with quorum whose every item is adopted, its protocol signed that day
    unless ``signed`` is False."""
    meeting = meetings.create(MeetingData("gathering", datetime.combine(day, datetime.min.time()).replace(hour=10),
                                          village_id=1, language=language_code, chair="Серіков С.",
                                          secretary="Әлиева А."),
                              [ItemData(title) for title in titles])
    state = meetings.set_head_count(meeting, 40)
    assert state.reached
    for item in meetings.get(meeting).items:
        meetings.record_vote(item.id, 40, 0, 0)
    if signed:
        meetings.sign(meeting, day)
    return meeting


def demo_people() -> None:
    """The demo's 200 people without its year of meetings: it adds them only to a database that has
    none, so a placeholder meeting stands in while it runs."""
    placeholder = meetings.create(MeetingData("gathering", datetime(2020, 1, 1), village_id=1))
    demo.generate(members=200, seed=1)
    meetings.delete_meeting(placeholder)


@pytest.fixture
def people(template_db, tmp_path_factory, tmp_path):
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db") as database:
        yield database


@pytest.fixture
def window(qtbot, people, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.show()
    qtbot.waitExposed(main)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def statuses(page: DecisionsPage) -> list[str]:
    return [page.model.row(r).status for r in range(page.model.rowCount())]


@pytest.mark.hard_days
def test_register_lists_decisions_marks_overdue_and_filters_by_status(window):
    adopted_meeting(date(2026, 3, 14))  # long past: never sent to the akim, so overdue
    adopted_meeting(date.today() - timedelta(days=1), titles=("Street lights",))  # still in time
    page = window.show_page(DecisionsPage)
    assert sorted(statuses(page)) == ["in_progress", "overdue", "overdue"]
    assert page.overdue.text() == "2 overdue" and page.overdue.isVisible()
    overdue_row = statuses(page).index("overdue")
    cell = page.model.index(overdue_row, 9)
    assert cell.data().startswith("! ") and "overdue" in cell.data()
    assert cell.data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.index(statuses(page).index("in_progress"), 2).data() == "Street lights"

    page.status.setCurrentIndex(page.status.findData("in_progress"))
    assert statuses(page) == ["in_progress"]
    assert page.overdue.text() == "2 overdue"  # the count is the whole period's
    page.overdue.click()
    assert statuses(page) == ["overdue", "overdue"]
    page.date_from.setDate(date.today() - timedelta(days=7))
    assert statuses(page) == []
    assert not page.overdue.isVisible()


@pytest.mark.hard_days
def test_editing_a_decision_saves_and_refreshes_the_register(window, qtbot):
    adopted_meeting(date.today() - timedelta(days=2), titles=("Street lights",))
    page = window.show_page(DecisionsPage)
    row = page.model.row(0)
    dialog = DecisionDialog(row.id, row.label, page)
    qtbot.addWidget(dialog)
    dialog.inputs["responsible"].setText("Әлімова Г.")
    dialog.inputs["sent_on"].setDate(date.today())
    dialog.save()
    assert dialog.result() == DecisionDialog.DialogCode.Accepted
    stored = meetings.decision_data(row.id)
    assert stored.responsible == "Әлімова Г." and stored.sent_on == date.today()
    # The dialog, opened from the page, announced its change itself: the page shows it.
    assert page.model.row(0).responsible == "Әлімова Г."
    assert page.model.row(0).answer_due > date.today()


def test_the_decision_dialog_shows_the_whole_decision_and_its_meeting(window, qtbot):
    text = ("Ауылдың үш көшесіне жарық шамдарын орнату, ол үшін аудан әкімдігіне өтінім жіберу, "
            "жұмысты жаз айларында аяқтау және тұрғындарға есеп беру.")
    meeting_id = meetings.create(MeetingData("gathering", datetime.combine(date.today() - timedelta(days=2),
                                                                          datetime.min.time()).replace(hour=10),
                                             village_id=1, language="kk"),
                                 [ItemData("Street lights", decision_text=text)])
    meetings.set_head_count(meeting_id, 40)
    meetings.record_vote(meetings.get(meeting_id).items[0].id, 40, 0, 0)
    page = window.show_page(DecisionsPage)
    row = page.model.row(0)
    dialog = DecisionDialog(row.id, row.label, page)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == text and dialog.text.isReadOnly()
    assert dialog.meeting.text() == page.model.index(0, 1).data()  # as the register's Meeting column


def test_a_draft_protocols_decision_cannot_be_marked_sent_and_the_dialog_says_why(window, qtbot):
    adopted_meeting(date.today() - timedelta(days=2), titles=("Street lights",), signed=False)
    page = window.show_page(DecisionsPage)
    row = page.model.row(0)
    dialog = DecisionDialog(row.id, row.label, page)
    qtbot.addWidget(dialog)
    for name in ("sent_on", "answer_on"):
        assert not dialog.inputs[name].isEnabled()
        assert "still a draft" in dialog.inputs[name].toolTip()
    assert dialog.inputs["responsible"].isEnabled()


def test_an_answer_before_the_sending_is_explained_beside_it_and_nothing_typed_is_lost(window, qtbot):
    adopted_meeting(date.today() - timedelta(days=20), titles=("Street lights",))
    page = window.show_page(DecisionsPage)
    row = page.model.row(0)
    dialog = DecisionDialog(row.id, row.label, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["responsible"].setText("Сейітов Б.")
    dialog.inputs["sent_on"].setDate(date.today() - timedelta(days=5))
    dialog.inputs["answer_on"].setDate(date.today() - timedelta(days=10))
    dialog.inputs["answer_text"].setPlainText("Жол жөнделеді")
    dialog.save()
    assert dialog.result() != DecisionDialog.DialogCode.Accepted
    assert dialog.errors["answer_on"].isVisible()
    assert "before the decision was sent" in dialog.errors["answer_on"].text()
    assert dialog.inputs["responsible"].text() == "Сейітов Б."
    assert dialog.inputs["answer_text"].toPlainText() == "Жол жөнделеді"
    assert meetings.decision_data(row.id) == meetings.DecisionData()  # nothing saved
    dialog.inputs["answer_on"].setDate(date.today())
    dialog.save()
    assert dialog.result() == DecisionDialog.DialogCode.Accepted
    assert not dialog.errors["answer_on"].isVisible()


def test_print_register_hands_the_filter_and_language_to_the_report(window, qtbot, monkeypatch, tmp_path):
    import sys
    import types

    adopted_meeting(date(2026, 3, 14))
    page = window.show_page(DecisionsPage)
    calls = []
    report = types.ModuleType("app.printing.meetings")
    report.print_decisions = lambda *args, **kwargs: calls.append((args, kwargs)) or args[3]
    monkeypatch.setitem(sys.modules, "app.printing.meetings", report)
    import app.printing

    monkeypatch.setattr(app.printing, "meetings", report, raising=False)
    target = tmp_path / "register.pdf"
    monkeypatch.setattr("app.ui.pages.decisions.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("app.ui.pdf_preview.show", lambda _parent, path: None)  # the fake wrote no PDF
    page.language.setCurrentIndex(page.language.findData("ru"))
    page.apply_filter("overdue")
    with qtbot.waitSignal(page.printed, timeout=5000) as printed:
        page.print_register()
    assert printed.args == [str(target)]
    assert calls == [((None, None, "ru", str(target)), {"status": "overdue"})]
