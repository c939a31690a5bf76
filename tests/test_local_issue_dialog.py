"""The local issue dialog through qtbot on real widgets and a real database: raising an issue, moving
it to resolved, attachments, putting it on a meeting's agenda."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from app import i18n
from app.areas import Area
from app.rules import issue_workflow as workflow
from app.services import local_issues, meetings, members, settings
from app.ui import application, language
from app.ui.local_issue_dialog import LocalIssueDialog
from app.ui.local_issue_panels import MeetingChooser, open_meetings
from app.ui.notices import ChangeNotices
from tests.conftest import demo_copy
from tests.test_window import type_text


@pytest.fixture
def office(qtbot, template_db, made_once, tmp_path):
    application.application()
    language.apply("en")
    with demo_copy(made_once, template_db, tmp_path / "db", members=200, seed=1):
        notices = ChangeNotices()
        announced: list[frozenset] = []
        notices.changed.connect(announced.append)
        yield notices, announced


def an_issue(**changes) -> int:
    data = local_issues.IssueData(title="Broken street light", category=local_issues.categories()[2],
                                  raised_on=date.today() - timedelta(days=3), village_id=settings.villages()[0].id)
    return local_issues.create(local_issues.IssueData(**{**data.__dict__, **changes}))


def open_dialog(qtbot, issue_id, notices) -> LocalIssueDialog:
    dialog = LocalIssueDialog(issue_id, notices)
    # Closed at teardown without asking about what a test left unsaved.
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    dialog.show()
    return dialog


def save(dialog: LocalIssueDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_raising_an_issue_and_moving_it_to_resolved(office, qtbot):
    notices, announced = office
    dialog = open_dialog(qtbot, None, notices)
    assert not dialog.work.isVisible()  # status, history and attachments come once it is saved
    assert (dialog.inputs["channel"].currentData(), dialog.inputs["priority"].currentData()) == ("visit", "normal")
    type_text(dialog.inputs["title"], "Көшеде жарық жоқ")
    dialog.inputs["description"].setPlainText("Абай көшесінде үш шам жанбайды")
    category = local_issues.categories()[2]
    dialog.inputs["category"].setCurrentIndex(dialog.inputs["category"].findData(category))
    village = settings.villages()[1]
    dialog.inputs["village_id"].setCurrentIndex(dialog.inputs["village_id"].findData(village.id))
    dialog.inputs["priority"].setCurrentIndex(dialog.inputs["priority"].findData("high"))
    # The raiser is found in the register across spellings and picked from the list.
    person = members.rows(limit=1)[0]
    dialog.raiser_search.setText(person.surname)
    dialog.raiser_search.textEdited.emit(person.surname)
    qtbot.waitUntil(lambda: dialog.found.count() > 0, timeout=3000)
    match = next(dialog.found.item(i) for i in range(dialog.found.count())
                 if dialog.found.item(i).data(Qt.ItemDataRole.UserRole)[0] == person.id)
    dialog.found.itemClicked.emit(match)
    assert person.full_name in dialog.chosen.text()
    assert not dialog.inputs["raiser_name"].isEnabled()
    assert dialog.has_unsaved_changes()
    save(dialog)

    stored = local_issues.get(dialog.issue_id)
    assert (stored.data.title, stored.data.category, stored.data.village_id, stored.data.raised_by_id,
            stored.data.priority, stored.status) == ("Көшеде жарық жоқ", category, village.id, person.id, "high", "new")
    assert stored.raiser == person.full_name
    assert not dialog.has_unsaved_changes() and dialog.work.isVisible()
    assert dialog.windowTitle() == f"Local issue No. {stored.label}"
    assert {Area.ISSUES} in announced
    assert set(dialog.status_buttons) == set(workflow.allowed("new"))
    assert dialog.timeline.table.rowCount() == 1

    dialog.status_buttons["accepted"].click()
    assert dialog.status_buttons["in_progress"].text() == "Start work"
    dialog.status_buttons["in_progress"].click()
    assert local_issues.get(dialog.issue_id).status == "in_progress"
    # Resolving without a comment is refused with the service's message, and nothing changes.
    dialog.status_buttons["resolved"].click()
    assert dialog.comment_error.isVisible()
    assert dialog.comment_error.text() == i18n.translate(workflow.COMMENT_NEEDED, "en")
    assert local_issues.get(dialog.issue_id).status == "in_progress"
    dialog.comment.setPlainText("Three lamps replaced")
    dialog.status_buttons["resolved"].click()
    view = local_issues.get(dialog.issue_id)
    assert view.status == "resolved" and view.resolved_on == date.today()
    assert not dialog.comment_error.isVisible() and dialog.comment.toPlainText() == ""
    assert set(dialog.status_buttons) == {"in_progress"} and dialog.status_buttons["in_progress"].text() == "Reopen"
    # The timeline grew, newest first, the change written old → new with its comment.
    table = dialog.timeline.table
    assert table.rowCount() == 4
    assert table.item(0, 2).text() == "Status: in progress → resolved"
    assert table.item(0, 3).text() == "Three lamps replaced"
    assert table.item(3, 2).text() == "Raised"


def test_a_comment_is_added_to_the_timeline_and_an_empty_one_refused(office, qtbot):
    notices, _announced = office
    dialog = open_dialog(qtbot, an_issue(), notices)
    dialog.comment_button.click()
    assert dialog.comment_error.text() == "The comment is empty."
    dialog.comment.setPlainText("The resident called again")
    dialog.comment_button.click()
    assert dialog.timeline.table.item(0, 3).text() == "The resident called again"
    assert dialog.timeline.table.item(0, 2).text() == "Comment"


def test_a_refusal_is_shown_beside_its_field_and_nothing_typed_is_lost(office, qtbot):
    notices, _announced = office
    before = local_issues.count()
    dialog = open_dialog(qtbot, None, notices)
    dialog.inputs["description"].setPlainText("Су жоқ")
    dialog.inputs["raiser_name"].setText("Серік Ахметов")
    save(dialog)
    assert dialog.errors["title"].isVisible()
    assert dialog.errors["title"].text() == "The issue has no title: say in a few words what is wrong."
    assert dialog.issue_id is None and local_issues.count() == before
    dialog.inputs["title"].setText("Су жоқ")
    dialog.inputs["category"].setCurrentIndex(1)
    dialog.inputs["due_on"].setDate(date.today() - timedelta(days=10))
    save(dialog)
    assert not dialog.errors["title"].isVisible()
    assert dialog.errors["due_on"].text() == "The due date is before the day the issue was raised."
    dialog.inputs["due_on"].setDate(date.today() + timedelta(days=10))
    dialog.inputs["raiser_phone"].setText("12")
    save(dialog)
    assert dialog.errors["raiser_phone"].isVisible()
    assert (dialog.inputs["description"].toPlainText(), dialog.inputs["raiser_name"].text()) == ("Су жоқ", "Серік Ахметов")
    assert local_issues.count() == before
    dialog.inputs["raiser_phone"].setText("8 701 123 45 67")
    save(dialog)
    assert local_issues.get(dialog.issue_id).data.raiser_phone == "+77011234567"


def test_closing_with_unsaved_changes_asks(office, qtbot, monkeypatch):
    notices, _announced = office
    issue_id = an_issue()
    dialog = open_dialog(qtbot, issue_id, notices)
    assert not dialog.has_unsaved_changes()
    type_text(dialog.inputs["assignee"], "Ержан")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    dialog.close()
    assert dialog.isVisible()  # Cancel: the form stays open with what was typed
    dialog.close()
    assert not dialog.isVisible()
    view = local_issues.get(issue_id)
    assert view.data.assignee == "Ержан"
    assert view.events[-1].kind == "assignee"


def png_file(tmp_path, colour: str = "#d03030"):
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path = tmp_path / "pothole.png"
    assert image.save(str(path))
    return path


def test_attachments_round_trip_with_a_thumbnail(office, qtbot, tmp_path, monkeypatch):
    notices, _announced = office
    picture = png_file(tmp_path)
    document = tmp_path / "act.txt"
    document.write_text("Act of inspection", encoding="utf-8")
    dialog = open_dialog(qtbot, an_issue(), notices)
    panel = dialog.attachments
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(picture), str(document)], ""))
    panel.add_button.click()
    assert panel.items.count() == 2
    assert dialog.tabs.tabText(1) == "Attachments (2)"
    assert panel.pending  # thumbnails are read only once the tab is shown
    dialog.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.pending, timeout=3000)
    thumbnail = panel.items.item(0).icon().pixmap(96, 96).toImage()
    assert thumbnail.pixelColor(thumbnail.width() // 2, thumbnail.height() // 2) == QColor("#d03030")
    assert "act.txt" in panel.items.item(1).text() and "1 KB" in panel.items.item(1).text()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.items.setCurrentRow(0)
    panel.open_button.click()
    assert opened and opened[0].toLocalFile().endswith("pothole.png")
    with open(opened[0].toLocalFile(), "rb") as file:
        assert file.read() == picture.read_bytes()

    target = tmp_path / "saved" / "copy.png"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.save_button.click()
    assert target.read_bytes() == picture.read_bytes()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.items.setCurrentRow(1)
    panel.remove_button.click()
    view = local_issues.get(dialog.issue_id)
    assert [a.file_name for a in view.attachments] == ["pothole.png"]
    assert dialog.timeline.table.item(0, 2).text() == "Attachment: − act.txt"


def test_a_too_big_file_is_refused_and_the_others_still_added(office, qtbot, tmp_path, monkeypatch):
    notices, _announced = office
    picture = png_file(tmp_path)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF" + b"0" * 5000)
    monkeypatch.setattr(local_issues, "MAX_ATTACHMENT_BYTES", 2000)
    dialog = open_dialog(qtbot, an_issue(), notices)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(big), str(picture)], ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    dialog.attachments.add_button.click()
    assert warnings and "scan.pdf" in warnings[0] and "at most" in warnings[0]
    assert [a.file_name for a in local_issues.get(dialog.issue_id).attachments] == ["pothole.png"]


def test_putting_an_issue_on_a_meetings_agenda_shows_on_both_sides(office, qtbot, monkeypatch):
    notices, announced = office
    issue_id = an_issue()
    dialog = open_dialog(qtbot, issue_id, notices)
    choices = open_meetings()
    assert choices and not any(row.signed for row in choices)
    meeting_id = choices[0].id
    monkeypatch.setattr(MeetingChooser, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog.agenda.put_button.click()
    assert meetings.get(meeting_id).items[-1].local_issue_id == issue_id
    assert {Area.ISSUES, Area.MEETINGS} in announced
    table = dialog.agenda.table
    assert table.rowCount() == 1
    assert f"No. {choices[0].number}" in table.item(0, 0).text()
    assert table.item(0, 1).text() == f"item {len(meetings.get(meeting_id).items)}"
    assert dialog.tabs.tabText(2) == "Meetings (1)"
    assert dialog.timeline.table.item(0, 2).text().startswith("Put on the agenda of meeting No.")


def test_the_grants_paying_for_an_issue_show_in_it(office, qtbot):
    from app.services import grants

    notices, _announced = office
    issue_id = an_issue()
    donor = grants.save_donor(grants.DonorData("Koksu district akimat", "akimat"))
    grant = grants.create_grant(grants.GrantData(donor, "A-7", date(2026, 1, 5), date(2026, 1, 5),
                                                 date(2026, 12, 31), "KZT", "900 000"))
    dialog = open_dialog(qtbot, issue_id, notices)
    assert dialog.agenda.grants.text() == ""
    grants.set_issues(grant, [issue_id])
    dialog = open_dialog(qtbot, issue_id, notices)
    assert dialog.agenda.grants.text() == "Paid for by: Koksu district akimat, A-7"


def test_the_dialog_speaks_kazakh_and_russian(office, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    notices, _announced = office
    issue_id = an_issue()
    local_issues.change_status(issue_id, "accepted")
    local_issues.add_attachment(issue_id, png_file(tmp_path))
    meeting = meetings.get(open_meetings()[0].id)
    local_issues.put_on_agenda(issue_id, meeting.id)
    dialog = open_dialog(qtbot, issue_id, notices)
    i18n.missing.clear()
    for code in ("kk", "ru"):
        language.apply(code)
        QApplication.processEvents()  # Qt delivers LanguageChange as a posted event
        assert dialog.status_buttons["in_progress"].text() == i18n.translate("Start work", code)
        assert dialog.timeline.table.item(0, 2).text() == i18n.translate(
            "Put on the agenda of meeting No. {number}", code, number=f"{meeting.number}/{meeting.year}")
    language.apply("en")
    assert not sorted(msgid for lang, msgid in i18n.missing if lang in ("kk", "ru"))
