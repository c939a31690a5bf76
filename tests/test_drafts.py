"""Typing survives: the member form asks before throwing it away, keeps it as a draft every few seconds,
and the next start offers back what a crash left behind."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app import paths
from app.services import drafts, members, settings
from app.ui import application, language
from app.ui import drafts as draft_ui
from app.ui.member_dialog import MemberDialog
from tests.test_window import type_text


@pytest.fixture
def app(qtbot, database):
    application.application()
    language.apply("en")


@pytest.fixture
def member_id(app):
    return members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", sex="M",
                                             village_id=settings.villages()[0].id, street="Абай көшесі"))


class Questions:
    """Stands in for QMessageBox.question: records each question, answers the given buttons in turn."""

    def __init__(self, monkeypatch, *answers):
        self.asked: list[str] = []
        self.answers = list(answers)
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent, _title, text, *_args, **_kwargs):
        self.asked.append(text)
        return self.answers.pop(0)


def open_form(qtbot, member_id=None, **kwargs) -> MemberDialog:
    dialog = MemberDialog(member_id, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_escape_over_typing_asks_and_keep_editing_keeps_it(app, qtbot, monkeypatch):
    dialog = open_form(qtbot)
    type_text(dialog.inputs["surname"], "Әбдіқадырова")
    questions = Questions(monkeypatch, QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions.asked == ["The person has changes that are not saved. Save them?"]
    assert dialog.isVisible() and dialog.inputs["surname"].text() == "Әбдіқадырова"
    before = members.count()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert members.count() == before


def test_closing_a_form_without_typing_asks_nothing(app, member_id, qtbot, monkeypatch):
    dialog = open_form(qtbot, member_id)
    questions = Questions(monkeypatch)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions.asked == [] and not dialog.isVisible()


def test_save_from_the_question_saves_and_accepts(app, member_id, qtbot, monkeypatch):
    dialog = open_form(qtbot, member_id)
    dialog.inputs["house"].setText("14")
    Questions(monkeypatch, QMessageBox.StandardButton.Save)
    dialog.close()
    assert dialog.result() == QDialog.DialogCode.Accepted and members.get(member_id).house == "14"


def test_typing_is_kept_as_a_draft_only_when_it_changed_and_goes_with_the_save(app, member_id, qtbot):
    dialog = open_form(qtbot, member_id)
    dialog.keeper.keep()
    assert drafts.drafts() == []  # nothing typed, nothing kept
    type_text(dialog.inputs["occupation"], "мұғалім")
    dialog.keeper.keep()
    [draft] = drafts.drafts()
    assert (draft.kind, draft.key, draft.title) == ("member", member_id, "the person «Сәрсенбаев Нұрлан»")
    assert draft.values["occupation"] == "мұғалім" and draft.values["version"] == members.get(member_id).version
    written = (paths.data_dir() / drafts.FILE_NAME).stat().st_mtime_ns
    dialog.keeper.keep()  # unchanged since: not written again
    assert (paths.data_dir() / drafts.FILE_NAME).stat().st_mtime_ns == written
    if os.name == "posix":
        assert stat.S_IMODE((paths.data_dir() / drafts.FILE_NAME).stat().st_mode) == 0o600
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and drafts.drafts() == []


def test_a_discarded_form_leaves_no_draft(app, qtbot, monkeypatch):
    dialog = open_form(qtbot)
    type_text(dialog.inputs["surname"], "Әбдіқадырова")
    dialog.keeper.keep()
    assert len(drafts.drafts()) == 1
    Questions(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert drafts.drafts() == []


def test_the_timer_keeps_the_draft(app, qtbot, monkeypatch):
    dialog = open_form(qtbot)
    dialog.keeper.timer.setInterval(10)
    type_text(dialog.inputs["surname"], "Әбдіқадырова")
    qtbot.waitUntil(lambda: len(drafts.drafts()) == 1, timeout=3000)
    Questions(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.close()
    assert drafts.drafts() == []


def test_a_crash_leaves_the_draft_and_the_next_start_restores_it(app, member_id, qtbot, monkeypatch):
    dialog = MemberDialog(member_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.inputs["phone"].setText("87011234567")
    dialog.inputs["birth_date"].setDate(date(1980, 5, 17))
    dialog.keeper.keep()
    # The crash: the form is gone without being closed, so nothing asked and nothing discarded.
    dialog.hide()
    dialog.deleteLater()
    qtbot.wait(10)
    [left] = drafts.drafts()

    reopened = []

    def shown(form):
        reopened.append((form.inputs["phone"].text(), form.inputs["birth_date"].date().toPython(),
                         form.has_unsaved_changes()))
        form.keeper.discard()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MemberDialog, "exec", shown)
    questions = Questions(monkeypatch, QMessageBox.StandardButton.Yes)
    draft_ui.offer(None)
    assert questions.asked[0].startswith("You have unsaved typing from ")
    assert "the person «Сәрсенбаев Нұрлан»" in questions.asked[0]
    assert reopened == [("87011234567", date(1980, 5, 17), True)]
    assert drafts.drafts() == []


def test_a_draft_can_be_thrown_away_or_kept_for_the_next_start(app, qtbot, monkeypatch):
    drafts.save("member", None, {"surname": "Әбдіқадырова"}, "the person «Әбдіқадырова»")
    Questions(monkeypatch, QMessageBox.StandardButton.Cancel)
    draft_ui.offer(None)
    assert len(drafts.drafts()) == 1
    Questions(monkeypatch, QMessageBox.StandardButton.Discard)
    draft_ui.offer(None)
    assert drafts.drafts() == []


def test_a_draft_of_a_record_gone_meanwhile_is_explained_and_dropped(app, qtbot, monkeypatch):
    drafts.save("member", 999_999, {"surname": "Әбдіқадырова"}, "the person «Әбдіқадырова»")
    Questions(monkeypatch, QMessageBox.StandardButton.Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text))
    draft_ui.offer(None)
    assert warned and drafts.drafts() == []


def test_another_users_drafts_are_not_offered_and_a_damaged_file_is_ignored(app, monkeypatch):
    drafts.save("member", None, {"surname": "Әбдіқадырова"}, "the person «Әбдіқадырова»")
    monkeypatch.setattr(drafts.access, "acting_name", lambda: "aigul")
    assert drafts.drafts() == []
    (paths.data_dir() / drafts.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert drafts.drafts() == []


def test_the_start_offers_drafts_once_the_window_is_shown(qtbot, database, monkeypatch):
    from app.ui.setup_dialog import SetupDialog

    application.application()
    monkeypatch.setattr(SetupDialog, "exec", lambda dialog: dialog.try_sample() or QDialog.DialogCode.Accepted)
    drafts.save("member", None, {"surname": "Әбдіқадырова"}, "the person «Әбдіқадырова»")
    questions = Questions(monkeypatch, QMessageBox.StandardButton.Discard)
    window = application.start(str(database), "en")
    qtbot.addWidget(window)
    assert "the person «Әбдіқадырова»" in questions.asked[0] and drafts.drafts() == []
    window.close()
