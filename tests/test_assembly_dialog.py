"""The assembly members dialog: electing a person found in any spelling, and ending a membership."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.rules.text import fold
from app.services import meetings, members
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.assembly_dialog import AssemblyDialog
from tests.conftest import built_copy
from tests.test_decisions_page import demo_people


@pytest.fixture
def people(template_db, tmp_path_factory, tmp_path):
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db") as database:
        yield database


@pytest.fixture
def dialog(qtbot, people):
    application.application()
    language.apply("en")
    dialog = AssemblyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def find(dialog, qtbot, text: str) -> None:
    dialog.search.setText(text)
    qtbot.waitUntil(lambda: dialog.found.count() > 0, timeout=3000)


def test_electing_a_person_found_by_another_spelling(dialog, qtbot):
    # someone whose surname has Kazakh letters, found by typing it without them
    target = next(p for p in members.rows(limit=200) if fold(p.surname) != p.surname.lower())
    assert dialog.summary.text() == "In office: 0; former members: 0"
    find(dialog, qtbot, fold(target.surname))
    row = next(r for r in range(dialog.found.count()) if dialog.found.item(r).data(Qt.ItemDataRole.UserRole) == target.id)
    dialog.found.setCurrentRow(row)
    dialog.elected_on.setDate(date(2026, 1, 20))
    with qtbot.waitSignal(dialog.changed):
        dialog.elect_button.click()
    [membership] = meetings.assembly_members()
    assert membership.member_id == target.id and membership.elected_on == date(2026, 1, 20)
    assert membership.term_ends_on == date(2030, 1, 20)
    assert dialog.table.item(0, 0).text() == target.full_name
    assert dialog.summary.text() == "In office: 1; former members: 0"

    dialog.found.setCurrentRow(row)  # the same person again: refused beside the form
    dialog.elect_button.click()
    assert "already a member" in dialog.elect_error.text()
    assert len(meetings.assembly_members()) == 1


def test_the_gathering_that_elected_is_recorded(qtbot, people):
    application.application()
    language.apply("en")
    gathering = meetings.create(MeetingData("gathering", datetime(2026, 1, 20, 10), village_id=1),
                                [ItemData("Elections")])
    dialog = AssemblyDialog()
    qtbot.addWidget(dialog)
    person = members.rows(limit=1)[0]
    find(dialog, qtbot, person.surname)
    dialog.found.setCurrentRow(0)
    dialog.elected_at.setCurrentIndex(dialog.elected_at.findData(gathering))
    dialog.elect()
    assert meetings.assembly_members()[0].elected_at_meeting_id == gathering


def test_ending_a_membership_puts_the_member_among_the_former(dialog, qtbot):
    people = members.rows(limit=3)
    for person in people:
        meetings.elect(person.id, date.today() - timedelta(days=400))
    dialog.refresh()
    assert dialog.summary.text() == "In office: 3; former members: 0"
    assert not dialog.end_button.isEnabled()
    dialog.table.selectRow(1)
    leaving = dialog.chosen_membership()
    dialog.left_on.setDate(date.today() - timedelta(days=500))  # before the election: refused
    dialog.end_button.click()
    assert "before being elected" in dialog.end_error.text()
    assert len(meetings.assembly_members(on=date.today())) == 3
    dialog.left_on.setDate(date.today())
    with qtbot.waitSignal(dialog.changed):
        dialog.end_button.click()
    assert dialog.end_error.text() == ""
    assert dialog.summary.text() == "In office: 2; former members: 1"
    assert dialog.rows[-1].id == leaving.id and dialog.table.item(2, 4).text()  # former last, with the day
    assert {r.id for r in meetings.assembly_members(on=date.today())} == {r.id for r in dialog.rows[:2]}
