"""The appeal's dialog, through qtbot on real widgets: a registered appeal's details corrected (the
receipt and anonymity kept as registered), undoing or closing over corrections asks first, the
attachments tab adds, lists and removes files (asking before a removal), and the letters are offered
as a Word copy beside the PDF. The session's day is Monday 7 December 2026."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import appeals
from app.ui import application, language
from app.ui.appeal_dialog import AppealDialog
from tests.test_window import type_text


@pytest.fixture
def appeal(database) -> int:
    application.application()
    language.apply("en")
    return appeals.create(appeals.AppealData(
        kind="complaint", received_at=datetime(2026, 11, 20, 10, 30), applicant_name="Асқар Нұрланов",
        applicant_phone="8 701 123 45 67", text="Көшеде жарық жоқ"))


def open_dialog(qtbot, appeal_id: int) -> AppealDialog:
    dialog = AppealDialog(appeal_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    dialog.show()
    return dialog


def test_details_are_corrected_and_the_history_says_what_changed(appeal, qtbot):
    dialog = open_dialog(qtbot, appeal)
    assert not dialog.inputs["handler"].isEnabled() and not dialog.save_button.isVisible()
    dialog.edit_button.click()
    assert dialog.inputs["handler"].isEnabled() and dialog.inputs["kind"].isEnabled()
    assert not dialog.inputs["received_at"].isEnabled() and not dialog.inputs["anonymous"].isEnabled()
    assert dialog.save_button.isVisible() and not dialog.tabs.isTabEnabled(0)
    type_text(dialog.inputs["handler"], "Aigul")
    dialog.inputs["kind"].setCurrentIndex(dialog.inputs["kind"].findData("proposal"))
    assert dialog.save()
    view = appeals.get(appeal)
    assert (view.data.handler, view.data.kind, view.data.received_at) == ("Aigul", "proposal",
                                                                           datetime(2026, 11, 20, 10, 30))
    assert not dialog.editing and not dialog.inputs["handler"].isEnabled() and dialog.tabs.isTabEnabled(0)
    assert dialog.history.item(0, 2).text() == "Details changed: kind, handler"


def test_a_refused_correction_shows_beside_its_field_and_keeps_the_typing(appeal, qtbot):
    dialog = open_dialog(qtbot, appeal)
    dialog.edit_button.click()
    dialog.inputs["applicant_name"].setText("")
    dialog.inputs["applicant_name"].textEdited.emit("")
    assert not dialog.save()
    assert dialog.errors["applicant_name"].isVisible() and "Name the applicant" in dialog.errors["applicant_name"].text()
    assert dialog.editing and dialog.dirty and appeals.get(appeal).data.applicant_name == "Асқар Нұрланов"


def test_undoing_or_closing_over_corrections_asks_first(appeal, qtbot, monkeypatch):
    dialog = open_dialog(qtbot, appeal)
    dialog.edit_button.click()
    type_text(dialog.inputs["handler"], "Aigul")
    assert dialog._typed()["editing"] and dialog._typed()["handler"] == "Aigul"  # what the draft keeps
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    dialog.edit_button.click()
    dialog.close()
    assert asked == ["Discard the changes to the appeal's details?",
                     "The corrected details of the appeal are not saved. Save them?"]
    assert dialog.isVisible() and dialog.editing and dialog.inputs["handler"].text() == "Aigul"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog.edit_button.click()
    assert not dialog.editing and dialog.inputs["handler"].text() == "" and not dialog.dirty
    assert appeals.get(appeal).data.handler == ""


def test_a_draft_of_corrections_comes_back_in_the_details(appeal, qtbot):
    from app.services import drafts

    draft = drafts.Draft(id="appeal-1", kind="appeal", key=appeal, values={
        "editing": True, "handler": "Aigul", "received_at": "2020-01-01T00:00:00", "kind": "request",
        "member_id": None, "member_name": ""}, title="", saved_at=datetime(2026, 12, 7, 9, 0))
    dialog = AppealDialog(appeal, draft=draft)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    assert dialog.editing and dialog.dirty and dialog.inputs["handler"].text() == "Aigul"
    assert dialog.inputs["received_at"].dateTime().toPython() == datetime(2026, 11, 20, 10, 30)
    assert dialog.save() and appeals.get(appeal).data.kind == "request"


def test_attachments_are_added_listed_and_removed_after_asking(appeal, qtbot, tmp_path, monkeypatch):
    scan = tmp_path / "өтініш.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    dialog = open_dialog(qtbot, appeal)
    dialog.tabs.setCurrentWidget(dialog.attachments)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))
    dialog.attachments.add_button.click()
    assert [dialog.attachments.items.item(i).text() for i in range(dialog.attachments.items.count())] == [
        "өтініш.pdf\n1 KB"]
    assert dialog.tabs.tabText(2) == "Attachments (1)" and dialog.history.item(0, 2).text() == "Attachment added: өтініш.pdf"
    dialog.attachments.items.setCurrentRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog.attachments.remove_button.click()
    assert asked == ["Remove өтініш.pdf from the appeal?"] and len(appeals.get(appeal).attachments) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.attachments.remove_button.click()
    assert appeals.get(appeal).attachments == () and dialog.attachments.items.count() == 0
    assert dialog.tabs.tabText(2) == "Attachments (0)"


def test_the_letters_are_offered_as_a_word_copy_beside_the_pdf(appeal, qtbot, tmp_path, monkeypatch):
    from docx import Document

    from app.ui import period_report

    appeals.answer(appeal, date(2026, 12, 7), "explained", number="17", text="Түсіндірілді.")
    written, offered = [], []
    monkeypatch.setattr(period_report, "write_and_offer", lambda parent, title, write, path: written.append(write()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, name, types: offered.append((name, types)) or (str(tmp_path / "letter"), ""))
    dialog = open_dialog(qtbot, appeal)
    dialog.print_menu.aboutToShow.emit()
    menus = {menu.title(): menu for menu in (a.menu() for a in dialog.print_menu.actions())}
    entries = {title: [a.text() for a in menu.actions() if a.text()] for title, menu in menus.items()}
    assert entries["Talon of an accepted appeal"] == ["Қазақша", "Русский"]
    assert entries["Answer to an appeal"] == ["Қазақша", "Русский", "Қазақша: Word copy", "Русский: Word copy"]
    word = next(a for a in menus["Answer to an appeal"].actions() if a.text() == "Русский: Word copy")
    word.trigger()
    assert offered == [("appeal-1-2026-answer-ru.docx", "Word (*.docx)")]
    assert str(written[-1]).endswith("letter.docx")
    assert "Түсіндірілді." in " ".join(p.text for p in Document(str(written[-1])).paragraphs)
