"""Two people editing one record: the second save is refused with who and what changed, the form
reloads theirs or keeps the user's typing; a save that fails keeps the form's work."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from app.errors import Conflict, DatabaseError
from app.services import audit, members, settings
from app.ui import application, conflict, language
from app.ui.member_dialog import MemberDialog


@contextmanager
def elsewhere(user: str = "aigul"):
    """Changes made inside come from another person, as if saved in another window."""
    token = audit.current_user.set(user)
    try:
        yield
    finally:
        audit.current_user.reset(token)


class Answers:
    """Stands in for the conflict dialog: records what it would show, answers as told."""

    def __init__(self, monkeypatch, answer: str):
        self.shown: list[tuple[Conflict, list]] = []
        self.answer = answer
        monkeypatch.setattr(conflict, "ask", self._ask)

    def _ask(self, _parent, error, rows):
        self.shown.append((error, rows))
        return self.answer


@pytest.fixture
def app(qtbot, database):
    application.application()
    language.apply("en")


@pytest.fixture
def member_id(app):
    village = settings.villages()[0].id
    return members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", iin="791028302728",
                                             village_id=village, street="Абай көшесі", house="12"))


def open_member(qtbot, member_id) -> MemberDialog:
    dialog = MemberDialog(member_id)
    qtbot.addWidget(dialog)
    return dialog


def test_a_member_saved_meanwhile_by_someone_else_is_not_overwritten_and_reload_shows_theirs(
        qtbot, member_id, monkeypatch):
    dialog = open_member(qtbot, member_id)
    with elsewhere("aigul"):
        members.update(member_id, replace(members.get(member_id), street="Төле би көшесі", notes="жаңа үй"))
    dialog.inputs["house"].setText("14")
    answers = Answers(monkeypatch, conflict.RELOAD)
    dialog.save()
    error, rows = answers.shown[0]
    assert error.changed_by == "aigul" and "aigul changed this record at" in error.message()
    # Street and notes are personal data: that they changed is said, never what they hold.
    assert dict(rows) == {"Street": "changed (personal data, not shown)",
                          "Notes": "changed (personal data, not shown)"}
    assert dialog.result() != MemberDialog.DialogCode.Accepted
    assert members.get(member_id).house == "12"
    # Reloaded: their street, and the typed house dropped as the dialog said.
    assert dialog.inputs["street"].text() == "Төле би көшесі" and dialog.inputs["house"].text() == "12"
    dialog.inputs["flat"].setText("3")
    dialog.save()
    assert dialog.result() == MemberDialog.DialogCode.Accepted
    stored = members.get(member_id)
    assert (stored.street, stored.flat) == ("Төле би көшесі", "3")


def test_keep_editing_keeps_the_typing_and_the_next_save_knowingly_replaces_theirs(qtbot, member_id, monkeypatch):
    dialog = open_member(qtbot, member_id)
    other_village = settings.villages()[1]
    with elsewhere("aigul"):
        members.update(member_id, replace(members.get(member_id), status="moved", status_date=date(2026, 3, 14),
                                                           village_id=other_village.id))
    dialog.inputs["occupation"].setText("мұғалім")
    answers = Answers(monkeypatch, conflict.KEEP)
    dialog.save()
    # Values not personal are shown as the form shows them: the village's name, the status's words.
    assert dict(answers.shown[0][1]) == {"Village": other_village.name_ru, "Status": "moved away",
                                         "Status date": "14.03.2026"}
    assert dialog.result() != MemberDialog.DialogCode.Accepted
    assert dialog.inputs["occupation"].text() == "мұғалім"
    dialog.save()
    assert len(answers.shown) == 1 and dialog.result() == MemberDialog.DialogCode.Accepted
    stored = members.get(member_id)
    assert stored.occupation == "мұғалім" and stored.status == "resident"  # the form's, as the user chose


def test_a_lost_server_on_save_keeps_what_was_typed_and_the_next_save_works(qtbot, member_id, monkeypatch):
    dialog = open_member(qtbot, member_id)
    dialog.inputs["given_name"].setText("Ерболат")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    real_update = members.update

    def server_gone(*_args, **_kwargs):
        raise DatabaseError("The connection to the database server was lost, so nothing of this change was "
                            "saved. Save again when the server is back.")

    monkeypatch.setattr(members, "update", server_gone)
    dialog.save()
    assert "connection to the database server was lost" in shown[0]
    assert dialog.result() != MemberDialog.DialogCode.Accepted and dialog.inputs["given_name"].text() == "Ерболат"
    assert members.get(member_id).given_name == "Ерлан"
    monkeypatch.setattr(members, "update", real_update)
    dialog.save()
    assert dialog.result() == MemberDialog.DialogCode.Accepted and members.get(member_id).given_name == "Ерболат"


def test_moving_the_person_to_a_household_from_the_form_is_not_a_conflict_with_itself(qtbot, member_id, monkeypatch):
    dialog = open_member(qtbot, member_id)
    answers = Answers(monkeypatch, conflict.KEEP)
    dialog.new_household_button.click()
    dialog.inputs["house"].setText("15")
    dialog.save()
    assert answers.shown == [] and members.get(member_id).house == "15"
