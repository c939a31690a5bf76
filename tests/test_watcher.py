"""Others' changes reach this window: the watcher reads the audit log and announces the areas that
changed, so lists refresh; an open form is told its record was saved elsewhere; an unreachable
database is logged and asked again, never raised into the window."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import exc

from app.areas import Area
from app.models import Base, load_all
from app.services import audit, meetings, members, settings
from app.ui import application, language, watcher
from app.ui.main_window import MainWindow
from app.ui.meeting_editor import MeetingEditor
from app.ui.member_dialog import MemberDialog
from app.ui.pages.members import MembersPage
from tests.test_conflicts_ui import elsewhere


@pytest.fixture
def window(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.watcher.timer.stop()  # the test drives the ticks itself
    main.show()
    qtbot.waitExposed(main)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def look(qtbot, watch: watcher.Watcher) -> None:
    """One tick, waited for until its answer is in."""
    qtbot.waitUntil(lambda: not watch.busy, timeout=3000)
    watch.tick()
    qtbot.waitUntil(lambda: not watch.busy, timeout=3000)


def person(surname: str) -> members.MemberData:
    return members.MemberData(surname=surname, given_name="Ерлан", village_id=settings.villages()[0].id, sex="M")


def test_a_person_added_in_another_window_appears_in_the_list_at_the_next_tick(window, qtbot):
    page = window.show_page(MembersPage)
    look(qtbot, window.watcher)  # the first look notes where the log stands
    qtbot.waitUntil(lambda: page.count.text() == "People shown: 0", timeout=3000)
    heard = []
    window.notices.changed.connect(heard.append)
    with elsewhere("aigul"):
        members.create(person("Сейітов"))
    look(qtbot, window.watcher)
    assert heard == [{Area.REGISTER}]
    qtbot.waitUntil(lambda: page.count.text() == "People shown: 1", timeout=3000)
    assert page.model.row(0).surname == "Сейітов"
    look(qtbot, window.watcher)  # nothing new: nothing announced again
    assert heard == [{Area.REGISTER}]


def test_changes_are_announced_under_the_areas_the_pages_listen_to(window, qtbot):
    look(qtbot, window.watcher)
    heard = []
    window.notices.changed.connect(heard.append)
    settings.save(centre_name_kk="Жарлыөзек ауылдық округінің мәдениет үйі")
    members.create(person("Әлиев"))
    look(qtbot, window.watcher)
    assert heard == [{Area.REGISTER, Area.SETTINGS}]  # one notice per look


def test_every_table_belongs_to_an_area_or_is_listed_by_no_page():
    load_all()
    tables = {table.name for table in Base.metadata.sorted_tables}
    assert tables - set(watcher.AREAS) - watcher.UNLISTED == set()


def test_an_unreachable_database_is_logged_once_and_asked_again(window, qtbot, monkeypatch, caplog):
    look(qtbot, window.watcher)
    real = audit.changed_since

    def gone(_last_id):
        raise exc.OperationalError("SELECT max(id)", {}, OSError("server closed the connection"))

    monkeypatch.setattr(audit, "changed_since", gone)
    caplog.set_level(logging.INFO, logger="app.ui.watcher")
    with elsewhere("aigul"):
        members.create(person("Жұмабаев"))
    look(qtbot, window.watcher)
    look(qtbot, window.watcher)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "OperationalError" in warnings[0].getMessage()
    assert "Жұмабаев" not in caplog.text
    heard = []
    window.notices.changed.connect(heard.append)
    monkeypatch.setattr(audit, "changed_since", real)
    look(qtbot, window.watcher)
    assert heard == [{Area.REGISTER}]  # what happened meanwhile is not lost


def test_an_open_member_form_with_typing_says_who_changed_its_record_and_reloads_it(window, qtbot, monkeypatch):
    member_id = members.create(person("Мұқанов"))
    look(qtbot, window.watcher)
    dialog = MemberDialog(member_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["house"].setText("7")
    with elsewhere("aigul"):
        members.update(member_id, replace(members.get(member_id), occupation="дәрігер"))
    look(qtbot, window.watcher)
    qtbot.waitUntil(dialog.elsewhere.isVisible, timeout=3000)
    assert "aigul changed this record at" in dialog.elsewhere.text.text()
    assert dialog.inputs["house"].text() == "7"  # nothing typed is touched until the user says so
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    dialog.elsewhere.button.click()
    assert "What you typed here and did not save is dropped" in asked[0]
    assert dialog.inputs["occupation"].text() == "дәрігер" and dialog.inputs["house"].text() == ""
    assert not dialog.elsewhere.isVisible()
    dialog.save()  # the reloaded version is the current one: no conflict
    assert dialog.result() == MemberDialog.DialogCode.Accepted


def test_an_open_member_form_without_typing_shows_the_change_at_once(window, qtbot):
    member_id = members.create(person("Мұқанов"))
    look(qtbot, window.watcher)
    dialog = MemberDialog(member_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    with elsewhere("aigul"):
        members.update(member_id, replace(members.get(member_id), occupation="дәрігер"))
    look(qtbot, window.watcher)
    qtbot.waitUntil(lambda: dialog.inputs["occupation"].text() == "дәрігер", timeout=3000)
    assert not dialog.elsewhere.isVisible()


def test_an_open_meeting_editor_follows_its_meeting_saved_elsewhere(window, qtbot, monkeypatch):
    meeting_id = meetings.create(meetings.MeetingData(meetings.GATHERING, datetime(2026, 3, 14, 11, 0),
                                                      village_id=settings.villages()[0].id))
    look(qtbot, window.watcher)
    editor = MeetingEditor(meeting_id, notices=window.notices, parent=window)
    editor.show()
    with elsewhere("aigul"):
        meetings.update(meeting_id, replace(meetings.get(meeting_id).data(), convened_by="Аудан әкімі"))
    look(qtbot, window.watcher)
    qtbot.waitUntil(lambda: editor.inputs["convened_by"].text() == "Аудан әкімі", timeout=3000)
    editor.inputs["address"].setText("Мәдениет үйі")
    with elsewhere("aigul"):
        meetings.update(meeting_id, replace(meetings.get(meeting_id).data(), notes="Залда 40 орын"))
    look(qtbot, window.watcher)
    qtbot.waitUntil(editor.elsewhere.isVisible, timeout=3000)
    assert editor.inputs["address"].text() == "Мәдениет үйі"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor.close()
    editor.deleteLater()


def test_an_entry_committed_late_under_an_earlier_number_is_still_announced(window, qtbot, monkeypatch):
    """On a server, a transaction that took its entry's number first may commit after a later one."""
    answers = iter([(10, {}), (12, {12: "members"}), (12, {11: "grants", 12: "members"}),
                    (12, {11: "grants", 12: "members"})])
    monkeypatch.setattr(audit, "changed_since", lambda _after: next(answers))
    heard = []
    window.notices.changed.connect(heard.append)
    for _look in range(4):
        look(qtbot, window.watcher)
    assert heard == [{Area.REGISTER}, {Area.GRANTS}]


@pytest.mark.every_database
def test_the_log_tells_which_tables_changed_after_an_entry_and_a_rows_last_change(database):
    start, nothing = audit.changed_since(None)
    assert nothing == {}
    member_id = members.create(person("Сейітов"))
    with elsewhere("aigul"):
        members.update(member_id, replace(members.get(member_id), occupation="дәрігер"))
    newest, entries = audit.changed_since(start)
    assert newest > start and set(entries.values()) == {"members"}
    assert all(start < entry <= newest for entry in entries)
    change = audit.last_change("members", member_id, start)
    assert (change.user_name, change.version) == ("aigul", members.get(member_id).version)
    assert audit.last_change("members", member_id, newest) is None
    assert audit.changed_since(newest) == (newest, {})


def test_a_page_with_unsaved_typing_is_not_read_again_under_it(window, qtbot):
    from app.ui.pages.settings import SettingsPage

    page = window.show_page(SettingsPage)
    look(qtbot, window.watcher)
    field = page.inputs["centre_name_ru"]
    field.setText("Центр развития")
    field.textEdited.emit("Центр развития")
    assert page.has_unsaved_changes()
    with elsewhere("aigul"):
        settings.save(centre_name_kk="Жарлыөзек ауылдық округінің мәдениет үйі")
    heard = []
    window.notices.changed.connect(heard.append)
    look(qtbot, window.watcher)
    assert heard == [{Area.SETTINGS}]
    assert field.text() == "Центр развития" and page.has_unsaved_changes()
    page.revert_button.click()  # dropped: the page reads what is saved now
    assert page.inputs["centre_name_kk"].text() == "Жарлыөзек ауылдық округінің мәдениет үйі"
