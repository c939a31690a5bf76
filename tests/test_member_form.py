"""The member form as a secretary meets it: after «Add person» the list shows and selects the new person,
the form's title names the person, Cancel and Escape ask before throwing typing away, and in Russian
on a 1366×768 laptop the record needs no sideways scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QScrollArea

from app import demo
from app.services import members, settings
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.member_dialog import MemberDialog
from app.ui.pages.members import MembersPage
from tests.conftest import built_copy
from tests.test_window import type_text


def demo_people() -> None:
    demo.generate(members=450, seed=7, activity=False)


@pytest.fixture
def page(qtbot, template_db, tmp_path_factory, tmp_path, monkeypatch):
    application.application()
    language.apply("en")
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db"):
        window = MainWindow(application.preferences())
        window.show()
        qtbot.waitExposed(window)
        yield window.show_page(MembersPage)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()


def adding(monkeypatch, surname: str, given_name: str, village_id: int | None = None) -> list[MemberDialog]:
    """«Add person» answered as a secretary would: the name typed, then Save."""
    opened = []

    def exec_(dialog):
        opened.append(dialog)
        type_text(dialog.inputs["surname"], surname)
        type_text(dialog.inputs["given_name"], given_name)
        if village_id is not None:
            dialog.inputs["village_id"].setCurrentIndex(dialog.inputs["village_id"].findData(village_id))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", exec_)
    return opened


def selected_id(page) -> int | None:
    rows = page.view.selectionModel().selectedRows()
    return page.model.row(rows[0].row()).id if len(rows) == 1 else None


def test_the_new_person_is_shown_and_selected_in_the_list(page, monkeypatch):
    opened = adding(monkeypatch, "Яхияева", "Ұлдана")  # sorts to the end of the register
    page.add_member()
    [dialog] = opened
    assert dialog.saved_id is not None and selected_id(page) == dialog.saved_id
    row = page.view.selectionModel().selectedRows()[0].row()
    assert page.view.visualRect(page.model.index(row, 0)).intersects(page.view.viewport().rect())


def test_a_new_person_the_filters_hide_is_shown_with_the_filters_cleared(page, monkeypatch):
    first, second = settings.villages()[:2]
    page.village.setCurrentIndex(page.village.findData(first.id))
    opened = adding(monkeypatch, "Әбенова", "Гүлім", village_id=second.id)
    page.add_member()
    assert selected_id(page) == opened[0].saved_id
    assert page.village.currentData() is None


def test_the_form_is_titled_with_the_persons_name(page, qtbot):
    person = members.rows(limit=1)[0]
    stored = members.get(person.id)
    language.apply("kk")
    QApplication.processEvents()
    try:
        dialog = MemberDialog(person.id, parent=page)
        qtbot.addWidget(dialog)
        name = " ".join(part for part in (stored.surname, stored.given_name, stored.patronymic) if part)
        assert name in dialog.windowTitle() and str(person.id) not in dialog.windowTitle()
        new = MemberDialog(parent=page)
        qtbot.addWidget(new)
        assert new.windowTitle() and "№" not in new.windowTitle()
    finally:
        language.apply("en")


@pytest.mark.parametrize("how", ["cancel", "escape"])
def test_cancel_and_escape_ask_before_throwing_typing_away(page, qtbot, monkeypatch, how):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    asked = []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)

    def leave():
        if how == "cancel":
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        else:
            qtbot.keyClick(dialog.inputs["surname"], Qt.Key.Key_Escape)

    leave()  # nothing typed: closes unasked
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    type_text(dialog.inputs["surname"], "Серікбаева")
    leave()
    assert asked == ["The person has changes that are not saved. Save them?"]
    assert dialog.isVisible() and dialog.inputs["surname"].text() == "Серікбаева"
    answer = QMessageBox.StandardButton.Discard
    leave()
    assert len(asked) == 2 and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_in_russian_on_a_laptop_the_record_needs_no_sideways_scrolling(page, qtbot):
    language.apply("ru")
    QApplication.processEvents()
    try:
        for member_id in (None, members.rows(limit=1)[0].id):
            dialog = MemberDialog(member_id, parent=page)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            QApplication.processEvents()
            assert dialog.width() <= 1366 and dialog.height() <= 768 - 40  # the taskbar's strip
            record = dialog.tabs.widget(0)
            assert isinstance(record, QScrollArea)
            assert not record.horizontalScrollBar().isVisible(), (
                f"{record.widget().sizeHint().width()} px of record in {record.viewport().width()} px")
            dialog.close()
    finally:
        language.apply("en")
