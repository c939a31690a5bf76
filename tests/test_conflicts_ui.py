"""Two people editing one record: the second save is refused with who and what changed, the form
reloads theirs or keeps the user's typing; a save that fails keeps the form's work."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import Conflict, DatabaseError
from app.rules import issue_workflow as workflow
from app.services import audit, events, grants, local_issues, meetings, members, settings
from app.ui import application, conflict, language
from app.ui.dates import EMPTY_DATE
from app.ui.decision_dialog import DecisionDialog
from app.ui.event_dialog import EventDialog
from app.ui.grant_editor import GrantEditor
from app.ui.local_issue_dialog import LocalIssueDialog
from app.ui.meeting_editor import TAB_ATTENDANCE, TAB_DETAILS, MeetingEditor
from app.ui.member_dialog import MemberDialog
from tests.test_meetings import adopted_decision


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


def server_gone(*_args, **_kwargs):
    """A save the server went away in the middle of (app/db.py turns the lost connection into this)."""
    raise DatabaseError("The connection to the database server was lost, so nothing of this change was "
                        "saved. Save again when the server is back.")


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


# The meeting editor ---------------------------------------------------------------------------

@pytest.fixture
def meeting_editor(qtbot, app, monkeypatch):
    village = settings.villages()[0].id
    meeting_id = meetings.create(meetings.MeetingData(meetings.GATHERING, datetime(2026, 3, 14, 11, 0),
                                                      village_id=village, convened_by="Ауыл әкімі",
                                                      chair="Мұқанов Ерлан"),
                                 [meetings.ItemData("Көшелерді жарықтандыру")])
    # Closing at the end must not wait on a real question.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor = MeetingEditor(meeting_id)
    editor.show()
    yield editor
    editor.close()
    editor.deleteLater()  # editors left to the interpreter's exit crash PySide's finalisation
    QApplication.processEvents()


def test_a_meeting_saved_meanwhile_is_not_overwritten_and_reload_shows_theirs(meeting_editor, monkeypatch):
    meeting_id = meeting_editor.meeting_id
    with elsewhere("aigul"):
        meetings.update(meeting_id, replace(meetings.get(meeting_id).data(), convened_by="Аудан әкімі",
                                            secretary="Сейітова Әсем"))
    meeting_editor.inputs["address"].setText("Мәдениет үйі")
    answers = Answers(monkeypatch, conflict.RELOAD)
    assert not meeting_editor.save()
    assert dict(answers.shown[0][1]) == {"Convened by": "Аудан әкімі",
                                         "Secretary": "changed (personal data, not shown)"}
    assert meetings.get(meeting_id).address == ""
    assert meeting_editor.inputs["convened_by"].text() == "Аудан әкімі"
    assert meeting_editor.inputs["address"].text() == "" and not meeting_editor.has_unsaved_changes()
    meeting_editor.inputs["address"].setText("Мәдениет үйі")
    assert meeting_editor.save()
    view = meetings.get(meeting_id)
    assert (view.convened_by, view.address) == ("Аудан әкімі", "Мәдениет үйі")


def test_keep_editing_a_meeting_saves_the_users_details_and_agenda_over_theirs(meeting_editor, monkeypatch):
    meeting_id = meeting_editor.meeting_id
    with elsewhere("aigul"):  # another window adds an item to the agenda
        meetings.save_agenda(meeting_id, [meetings.ItemData(i.title, id=i.id) for i in meetings.get(meeting_id).items]
                             + [meetings.ItemData("Бюджет")], meetings.get(meeting_id).version)
    meeting_editor.inputs["notes"].setPlainText("Залда 40 орын")
    meeting_editor.agenda.add_item()
    meeting_editor.agenda.inputs["title"].setText("Су құбыры")
    answers = Answers(monkeypatch, conflict.KEEP)
    assert not meeting_editor.save()
    assert len(answers.shown) == 1
    assert meeting_editor.inputs["notes"].toPlainText() == "Залда 40 орын"
    assert [item.title for item in meeting_editor.agenda.data()] == ["Көшелерді жарықтандыру", "Су құбыры"]
    assert meeting_editor.save() and len(answers.shown) == 1
    view = meetings.get(meeting_id)
    assert view.notes == "Залда 40 орын" and [i.title for i in view.items] == ["Көшелерді жарықтандыру", "Су құбыры"]


def test_a_lost_server_keeps_the_meeting_editor_open_with_what_was_typed(meeting_editor, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(meetings, "update", server_gone)
    meeting_editor.inputs["chair"].setText("Омаров Бауыржан")
    assert not meeting_editor.save()
    assert "connection to the database server was lost" in shown[0]
    assert meeting_editor.isVisible() and meeting_editor.inputs["chair"].text() == "Омаров Бауыржан"
    assert meeting_editor.has_unsaved_changes()
    monkeypatch.undo()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert meeting_editor.save() and meetings.get(meeting_editor.meeting_id).chair == "Омаров Бауыржан"


def test_own_head_count_does_not_make_the_meeting_editor_conflict_with_itself(meeting_editor, monkeypatch):
    meeting_editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    meeting_editor.attendance.head_count.setValue(120)
    meeting_editor.attendance.head_apply.click()
    meeting_editor.tabs.setCurrentIndex(TAB_DETAILS)
    answers = Answers(monkeypatch, conflict.KEEP)
    meeting_editor.inputs["notes"].setPlainText("Көп адам келді")
    assert meeting_editor.save() and answers.shown == []


# The decision dialog -----------------------------------------------------------------------------

def test_a_decision_saved_meanwhile_shows_what_changed_and_keep_editing_saves_the_users(qtbot, app, monkeypatch):
    decision_id = adopted_decision()
    dialog = DecisionDialog(decision_id, "1")
    qtbot.addWidget(dialog)
    with elsewhere("aigul"):
        meetings.update_decision(decision_id, replace(meetings.decision_data(decision_id), responsible="Омаров Б.",
                                                      sent_on=date(2026, 3, 16)))
    dialog.inputs["answer_text"].setPlainText("Жарық орнатылады")
    answers = Answers(monkeypatch, conflict.KEEP)
    dialog.save()
    assert dict(answers.shown[0][1]) == {"Responsible": "changed (personal data, not shown)",
                                         "Sent to the akim": "16.03.2026", "Answer due": "02.04.2026"}
    assert dialog.result() != DecisionDialog.DialogCode.Accepted
    assert dialog.inputs["answer_text"].toPlainText() == "Жарық орнатылады"
    dialog.save()
    assert dialog.result() == DecisionDialog.DialogCode.Accepted
    stored = meetings.decision_data(decision_id)
    assert (stored.responsible, stored.sent_on, stored.answer_text) == ("", None, "Жарық орнатылады")


def test_reload_theirs_in_the_decision_dialog_shows_their_dates_cleared_too(qtbot, app, monkeypatch):
    decision_id = adopted_decision()
    meetings.update_decision(decision_id, replace(meetings.decision_data(decision_id), sent_on=date(2026, 3, 16)))
    dialog = DecisionDialog(decision_id, "1")
    qtbot.addWidget(dialog)
    with elsewhere("aigul"):
        meetings.update_decision(decision_id, replace(meetings.decision_data(decision_id), sent_on=None))
    dialog.inputs["responsible"].setText("Сейітова Ә.")
    Answers(monkeypatch, conflict.RELOAD)
    dialog.save()
    assert dialog.inputs["responsible"].text() == "" and dialog.inputs["sent_on"].date() == EMPTY_DATE


def test_a_lost_server_keeps_the_decision_dialog_open_with_what_was_typed(qtbot, app, monkeypatch):
    decision_id = adopted_decision()
    dialog = DecisionDialog(decision_id, "1")
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(meetings, "update_decision", server_gone)
    dialog.inputs["responsible"].setText("Сейітова Ә.")
    dialog.save()
    assert "connection to the database server was lost" in shown[0]
    assert dialog.result() != DecisionDialog.DialogCode.Accepted and dialog.inputs["responsible"].text() == "Сейітова Ә."


# The local issue dialog --------------------------------------------------------------------------

@pytest.fixture
def issue_dialog(qtbot, app):
    issue_id = local_issues.create(local_issues.IssueData(
        title="Көшеде жарық жоқ", category=local_issues.categories()[0], raised_on=date.today(),
        village_id=settings.villages()[0].id))
    dialog = LocalIssueDialog(issue_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    dialog.show()
    return dialog


def typed(dialog: LocalIssueDialog, name: str, text: str) -> None:
    dialog.inputs[name].setText(text)
    dialog.inputs[name].textEdited.emit(text)


def test_an_issue_saved_meanwhile_shows_their_change_and_keep_editing_saves_over_it(issue_dialog, monkeypatch):
    issue_id = issue_dialog.issue_id
    with elsewhere("aigul"):
        local_issues.update(issue_id, replace(local_issues.get(issue_id).data, priority="high", assignee="Омаров Б."))
    typed(issue_dialog, "address", "Абай көшесі, 12")
    answers = Answers(monkeypatch, conflict.KEEP)
    assert not issue_dialog.save()
    # What the service keeps up itself (when it was last touched, its search text) is not shown.
    assert dict(answers.shown[0][1]) == {"Priority": "high", "Assignee": "Омаров Б."}
    assert issue_dialog.inputs["address"].text() == "Абай көшесі, 12" and issue_dialog.has_unsaved_changes()
    assert issue_dialog.save()
    stored = local_issues.get(issue_id).data
    assert (stored.address, stored.priority, stored.assignee) == ("Абай көшесі, 12", "normal", "")


def test_the_issues_own_status_change_and_comment_are_not_a_conflict_with_its_typing(issue_dialog, monkeypatch):
    typed(issue_dialog, "assignee", "Сейітова Ә.")
    issue_dialog.comment.setPlainText("Электрикке хабарланды")
    issue_dialog.add_comment()
    issue_dialog.status_buttons[workflow.ACCEPTED].click()
    assert issue_dialog.inputs["assignee"].text() == "Сейітова Ә."
    answers = Answers(monkeypatch, conflict.KEEP)
    assert issue_dialog.save() and answers.shown == []
    assert local_issues.get(issue_dialog.issue_id).data.assignee == "Сейітова Ә."


def test_someone_elses_status_change_under_the_issues_typing_is_shown_on_save(issue_dialog, monkeypatch):
    typed(issue_dialog, "assignee", "Сейітова Ә.")
    with elsewhere("aigul"):  # a minute ago: a step of this window in the very same second is not told apart
        local_issues.change_status(issue_dialog.issue_id, workflow.ACCEPTED, at=datetime.now() - timedelta(minutes=1))
    issue_dialog.comment.setPlainText("Электрикке хабарланды")
    issue_dialog.add_comment()  # this window's own step on top of theirs
    answers = Answers(monkeypatch, conflict.RELOAD)
    assert not issue_dialog.save()
    assert dict(answers.shown[0][1]) == {"Status": "accepted"}
    assert issue_dialog.inputs["assignee"].text() == "" and not issue_dialog.has_unsaved_changes()


def test_a_lost_server_keeps_the_issue_dialog_open_with_what_was_typed(issue_dialog, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(local_issues, "update", server_gone)
    typed(issue_dialog, "title", "Көшеде үш шам жанбайды")
    assert not issue_dialog.save()
    assert "connection to the database server was lost" in shown[0]
    assert issue_dialog.isVisible() and issue_dialog.inputs["title"].text() == "Көшеде үш шам жанбайды"
    assert issue_dialog.has_unsaved_changes()


# The grant editor --------------------------------------------------------------------------------

@pytest.fixture
def grant_editor(qtbot, app, monkeypatch):
    donor = grants.save_donor(grants.DonorData("Қоғамдық даму қоры", "private"))
    grant_id = grants.create_grant(grants.GrantData(donor, "Г-12", date(2026, 1, 10), date(2026, 2, 1),
                                                    date(2026, 11, 30), "KZT", "1250000"),
                                   [grants.LineData("1", "Шамдар", "1250000")])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor = GrantEditor(grant_id)
    editor.show()
    yield editor
    editor.close()
    editor.deleteLater()
    QApplication.processEvents()


def test_a_grant_saved_meanwhile_shows_the_money_as_written_and_reload_keeps_the_typed_lines(
        grant_editor, monkeypatch):
    grant_id = grant_editor.grant_id
    with elsewhere("aigul"):
        grants.update_grant(grant_id, replace(grants.get(grant_id).data, total="1300000.50", programme="Жарық"))
    grant_editor.inputs["notes"].setPlainText("Келісім қол қойылды")
    grant_editor.lines.add_line()
    grant_editor.lines.table.item(1, 0).setText("2")
    grant_editor.lines.table.item(1, 1).setText("Сымдар")
    grant_editor.lines.table.item(1, 2).setText("50 000,50")
    answers = Answers(monkeypatch, conflict.RELOAD)
    assert not grant_editor.save()
    assert dict(answers.shown[0][1]) == {"Total amount": "1,300,000.50\u00a0₸", "Programme": "Жарық"}
    # Their details; the lines typed are not part of the grant's record and stay for saving.
    assert grant_editor.inputs["programme"].text() == "Жарық" and grant_editor.inputs["notes"].toPlainText() == ""
    assert [line.name for line in grant_editor.lines.lines()] == ["Шамдар", "Сымдар"]
    assert grant_editor.save()
    view = grants.get(grant_id)
    assert view.data.programme == "Жарық" and [line.name for line in view.lines] == ["Шамдар", "Сымдар"]


def test_keep_editing_a_grant_saves_the_users_details(grant_editor, monkeypatch):
    grant_id = grant_editor.grant_id
    with elsewhere("aigul"):
        grants.update_grant(grant_id, replace(grants.get(grant_id).data, programme="Жарық"))
    grant_editor.inputs["purpose"].setPlainText("Көше шамдары")
    answers = Answers(monkeypatch, conflict.KEEP)
    assert not grant_editor.save()
    assert grant_editor.inputs["purpose"].toPlainText() == "Көше шамдары"
    assert grant_editor.save() and len(answers.shown) == 1
    assert (grants.get(grant_id).data.purpose, grants.get(grant_id).data.programme) == ("Көше шамдары", "")


def test_a_lost_server_keeps_the_grant_editor_open_with_what_was_typed(grant_editor, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(grants, "update_grant", server_gone)
    grant_editor.inputs["agreement_number"].setText("Г-12/2")
    assert not grant_editor.save()
    assert "connection to the database server was lost" in shown[0]
    assert grant_editor.isVisible() and grant_editor.inputs["agreement_number"].text() == "Г-12/2"
    assert grant_editor.has_unsaved_changes()


# The event form ----------------------------------------------------------------------------------

@pytest.fixture
def event_dialog(qtbot, app):
    starts = datetime(2026, 12, 8, 15, 0)
    event_id = events.create(events.EventData("Домбыра үйірмесі", events.kinds()[0], starts,
                                              starts + timedelta(hours=2), capacity=20))[0]
    dialog = EventDialog(event_id)
    qtbot.addWidget(dialog)
    return dialog


def test_an_event_saved_meanwhile_shows_what_changed_and_reload_shows_theirs(event_dialog, monkeypatch):
    event_id = event_dialog.event_id
    with elsewhere("aigul"):
        events.update(event_id, replace(events.get(event_id).data, capacity=None, public=False,
                                        starts_at=datetime(2026, 12, 8, 16, 0), ends_at=datetime(2026, 12, 8, 18, 0)))
    event_dialog.inputs["organiser"].setText("Мәдениет үйі")
    answers = Answers(monkeypatch, conflict.RELOAD)
    assert not event_dialog.save()
    assert dict(answers.shown[0][1]) == {"Starts": "08.12.2026 16:00", "Ends": "08.12.2026 18:00",
                                         "Who may come": "By invitation only", "Places": "—"}
    assert event_dialog.inputs["organiser"].text() == "" and not event_dialog.has_unsaved_changes()
    assert event_dialog.inputs["starts_at"].dateTime().toPython() == datetime(2026, 12, 8, 16, 0)
    assert event_dialog.inputs["ends_at"].dateTime().toPython() == datetime(2026, 12, 8, 18, 0)
    event_dialog.inputs["organiser"].setText("Мәдениет үйі")
    assert event_dialog.save()
    stored = events.get(event_id).data
    assert (stored.organiser, stored.public, stored.starts_at) == ("Мәдениет үйі", False, datetime(2026, 12, 8, 16, 0))


def test_keep_editing_an_event_saves_the_users_over_theirs(event_dialog, monkeypatch):
    event_id = event_dialog.event_id
    with elsewhere("aigul"):
        events.update(event_id, replace(events.get(event_id).data, title="Домбыра сабағы"))
    event_dialog.description.setPlainText("Балаларға арналған")
    answers = Answers(monkeypatch, conflict.KEEP)
    assert not event_dialog.save()
    assert dict(answers.shown[0][1]) == {"Title": "Домбыра сабағы"}
    assert event_dialog.description.toPlainText() == "Балаларға арналған"
    assert event_dialog.save() and len(answers.shown) == 1
    stored = events.get(event_id).data
    assert (stored.title, stored.description) == ("Домбыра үйірмесі", "Балаларға арналған")


def test_a_lost_server_keeps_the_event_form_open_with_what_was_typed(event_dialog, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(events, "update", server_gone)
    event_dialog.inputs["title"].setText("Домбыра кеші")
    assert not event_dialog.save()
    assert "connection to the database server was lost" in shown[0]
    assert event_dialog.result() != EventDialog.DialogCode.Accepted
    assert event_dialog.inputs["title"].text() == "Домбыра кеші" and event_dialog.has_unsaved_changes()


# The donor form ----------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [conflict.RELOAD, conflict.KEEP])
def test_a_donor_saved_meanwhile_is_not_overwritten(qtbot, app, monkeypatch, answer):
    from app.ui.donors_dialog import DonorForm

    donor_id = grants.save_donor(grants.DonorData("Ауыл қоры", "private"))
    form = DonorForm(next(d for d in grants.donors() if d.id == donor_id))
    qtbot.addWidget(form)
    with elsewhere("aigul"):
        grants.save_donor(grants.DonorData("Ауыл қоры", "private", notes="Шарт жаңартылды",
                                           version=grants.donors()[0].version), donor_id)
    form.inputs["bin"].setText("")
    form.inputs["name"].setText("Ауыл даму қоры")
    answers = Answers(monkeypatch, answer)
    assert not form.try_save()
    error, rows = answers.shown[0]
    assert error.changed_by == "aigul" and dict(rows) == {"Notes": "Шарт жаңартылды"}
    assert grants.donors()[0].name == "Ауыл қоры"  # theirs kept
    expected_name = "Ауыл қоры" if answer == conflict.RELOAD else "Ауыл даму қоры"
    assert form.inputs["name"].text() == expected_name
    assert form.try_save()
    saved = grants.donors()[0]
    assert saved.name == expected_name
    assert saved.notes == ("Шарт жаңартылды" if answer == conflict.RELOAD else "")
