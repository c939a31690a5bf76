"""The member form's History tab and the Deleted records dialog, driven through qtbot
(docs/architecture.md: Record versions)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import meetings, members, users
from app.services.meetings import ItemData, MeetingData
from app.ui.deleted_records import DeletedRecordsDialog
from app.ui.member_dialog import MemberDialog
from app.ui.pages.settings import SettingsPage
from tests.test_history import PASSWORD, edited
from tests.test_window import window  # noqa: F401 (the fixture)

pytestmark = pytest.mark.every_database


def open_history(qtbot, member_id: int) -> MemberDialog:
    dialog = MemberDialog(member_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.history)
    return dialog


def shown(tree) -> list[list[str]]:
    """Each change's top line and its fields, as the tree shows them."""
    lines = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        lines.append([top.text(c) for c in range(3)])
        lines.extend([top.child(j).text(c) for c in range(2, 5)] for j in range(top.childCount()))
    return lines


def test_the_history_tab_shows_each_change_and_an_administrator_restores_one(qtbot, database, monkeypatch):
    member_id = edited()
    dialog = open_history(qtbot, member_id)
    tab = dialog.history
    lines = shown(tab.tree)
    assert lines[0][2] == "changed" and lines[1:3] == [["Surname", "Сәрсенбаев", "Ахметов"],
                                                       ["Phone", "+77011234567", "+77017654321"]]
    assert tab.restore_button.isVisible() and not tab.restore_button.isEnabled()
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0).child(0))  # a field line picks its change
    assert tab.restore_button.isEnabled()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    tab.restore_button.click()
    assert asked and "before the change" in asked[0]
    assert members.get(member_id).surname == "Сәрсенбаев"
    assert dialog.inputs["surname"].text() == "Сәрсенбаев"  # the form shows the record as it is now
    assert shown(tab.tree)[1] == ["Surname", "Ахметов", "Сәрсенбаев"]
    tab.tree.setCurrentItem(tab.tree.topLevelItem(tab.tree.topLevelItemCount() - 1))  # the addition
    assert not tab.restore_button.isEnabled()


def test_the_history_tab_tells_a_role_without_the_register_why_it_is_empty(qtbot, database):
    member_id = edited()
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", PASSWORD)
    users.create(users.UserData("viewer", "Viewer", "viewer"), PASSWORD)
    users.sign_in("viewer", PASSWORD)
    dialog = open_history(qtbot, member_id)
    assert dialog.history.tree.topLevelItemCount() == 0
    assert "may not read the history" in dialog.history.message.text()
    assert not dialog.history.restore_button.isVisible()


def test_the_deleted_records_dialog_restores_a_meeting(qtbot, database, monkeypatch):
    meeting_id = meetings.create(MeetingData(kind="gathering", starts_at=datetime(2026, 3, 14, 10), village_id=1),
                                 [ItemData("Roads")])
    meetings.delete_meeting(meeting_id)
    dialog = DeletedRecordsDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "Meeting"
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.restore_button.click()
    assert [item.title for item in meetings.get(meeting_id).items] == ["Roads"]
    assert dialog.table.rowCount() == 0 and dialog.message.text() == "No deleted records to restore."


def test_the_settings_page_opens_the_deleted_records_for_an_administrator(window, monkeypatch):  # noqa: F811
    opened = []
    monkeypatch.setattr(DeletedRecordsDialog, "exec", lambda dialog: opened.append(dialog.table.rowCount()))
    page = window.show_page(SettingsPage)
    assert page.deleted_button.isVisible() and page.deleted_button.text() == "Deleted records…"
    page.deleted_button.click()
    assert opened == [0]
