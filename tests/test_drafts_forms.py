"""Typing survives in every form where staff type, as in the member form (tests/test_drafts.py): kept as
a draft while the form is open, put back in the right form by the next start's offer after a crash,
gone once saved or discarded; and each form asks before throwing typing away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app import paths
from app.services import drafts, events, grants, local_issues, meetings, members, settings, users
from app.ui import application, conflict, language
from app.ui import drafts as draft_ui
from app.ui.decision_dialog import DecisionDialog
from app.ui.donors_dialog import DonorForm
from app.ui.event_dialog import EventDialog
from app.ui.grant_editor import GrantEditor
from app.ui.grant_money_panels import DeadlineForm, ExpenseForm, SubmittedForm, TrancheForm
from app.ui.local_issue_dialog import LocalIssueDialog
from app.ui.meeting_editor import DateTextDialog, MeetingEditor, ask_amendment
from app.ui.member_dialog import ConsentDialog
from app.ui.users_panel import UserDialog
from tests.test_drafts import Questions
from tests.test_meetings import adopted_decision

Yes, Save, Discard, Cancel = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Save,
                              QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel)


@pytest.fixture
def app(qtbot, database):
    application.application()
    language.apply("en")


def typed_issue_title(form: LocalIssueDialog, text: str) -> None:
    form.inputs["title"].setText(text)
    form.inputs["title"].textEdited.emit(text)  # as typed by hand: setText alone is not an edit


# Each form: how its record is made and the form opened, what is typed, and how that typing reads back.

def new_issue(draft=None):
    return LocalIssueDialog(draft=draft)


def type_new_issue(form: LocalIssueDialog) -> None:
    typed_issue_title(form, "Көпір сынған")
    form.inputs["description"].setPlainText("Өзен үстіндегі көпірдің тақтайлары шірік")
    form.inputs["category"].setCurrentIndex(1)


def read_issue(form: LocalIssueDialog):
    return form.inputs["title"].text(), form.inputs["description"].toPlainText(), form.inputs["category"].currentIndex()


def an_issue() -> int:
    return local_issues.create(local_issues.IssueData(
        title="Көшеде жарық жоқ", category=local_issues.categories()[0], raised_on=date(2026, 3, 2),
        village_id=settings.villages()[0].id))


def a_meeting() -> int:
    return meetings.create(meetings.MeetingData(meetings.GATHERING, datetime(2026, 3, 14, 11, 0),
                                                village_id=settings.villages()[0].id, convened_by="Ауыл әкімі"),
                           [meetings.ItemData("Көшелерді жарықтандыру")])


def type_meeting(form: MeetingEditor) -> None:
    form.inputs["chair"].setText("Мұқанов Ерлан")
    form.agenda.add_item()
    form.agenda.inputs["title"].setText("Су құбыры")
    form.agenda.inputs["decision_text"].setPlainText("Құбырды жөндеуге өтінім беру")


def read_meeting(form: MeetingEditor):
    return form.inputs["chair"].text(), [(item.title, item.decision_text) for item in form.agenda.data()]


def an_event() -> int:
    starts = datetime(2026, 12, 8, 15, 0)
    return events.create(events.EventData("Домбыра үйірмесі", events.kinds()[0], starts,
                                           starts + timedelta(hours=2), capacity=20))[0]


def type_event(form: EventDialog) -> None:
    form.inputs["title"].setText("Домбыра кеші")
    form.inputs["starts_at"].setDateTime(datetime(2026, 12, 9, 16, 0))
    form.description.setPlainText("Ауыл балаларының концерті")


def read_event(form: EventDialog):
    return (form.inputs["title"].text(), form.inputs["starts_at"].dateTime().toPython(),
            form.inputs["ends_at"].dateTime().toPython(), form.description.toPlainText())


def a_grant() -> int:
    donor = grants.save_donor(grants.DonorData("Қоғамдық даму қоры", "private"))
    return grants.create_grant(grants.GrantData(donor, "Г-12", date(2026, 1, 10), date(2026, 2, 1),
                                                date(2026, 11, 30), "KZT", "1250000"),
                               [grants.LineData("1", "Шамдар", "1250000")])


def type_grant(form: GrantEditor) -> None:
    form.inputs["programme"].setText("Жарқын ауыл")
    form.lines.add_line()
    for column, text in enumerate(("2", "Сымдар", "50 000,50")):
        form.lines.table.item(1, column).setText(text)


def read_grant(form: GrantEditor):
    return form.inputs["programme"].text(), [(line.code, line.name, line.planned) for line in form.lines.lines()]


def a_donor() -> grants.DonorRow:
    donor_id = grants.save_donor(grants.DonorData("Ауыл қоры", "private"))
    return next(row for row in grants.donors() if row.id == donor_id)


def a_user() -> users.UserRow:
    users.create(users.UserData("staff", "Нұрлан Ахметов", "staff"), "given-pass-1")
    return next(row for row in users.users() if row.login == "staff")


@dataclass
class Case:
    kind: str
    form: type
    open: Callable[..., QDialog]  # makes the record, then the form (given a draft, or none)
    type: Callable[[QDialog], None]
    read: Callable[[QDialog], object]
    expected: object
    save: Callable[[QDialog], object]


def opener(form: type, make: Callable[[], object], **kwargs) -> Callable[..., QDialog]:
    def open_form(draft=None):
        return form(make(), draft=draft, **kwargs)
    return open_form


def decision_opener(draft=None):
    return DecisionDialog(adopted_decision(), "1", draft=draft)


CASES = [
    Case("issue", LocalIssueDialog, new_issue, type_new_issue, read_issue,
         ("Көпір сынған", "Өзен үстіндегі көпірдің тақтайлары шірік", 1), LocalIssueDialog.save),
    Case("meeting", MeetingEditor, opener(MeetingEditor, a_meeting), type_meeting, read_meeting,
         ("Мұқанов Ерлан", [("Көшелерді жарықтандыру", ""), ("Су құбыры", "Құбырды жөндеуге өтінім беру")]),
         MeetingEditor.save),
    Case("decision", DecisionDialog, decision_opener,
         lambda form: form.inputs["responsible"].setText("Сейітова Ә."),
         lambda form: form.inputs["responsible"].text(), "Сейітова Ә.", DecisionDialog.save),
    Case("event", EventDialog, opener(EventDialog, an_event), type_event, read_event,
         ("Домбыра кеші", datetime(2026, 12, 9, 16, 0), datetime(2026, 12, 9, 18, 0), "Ауыл балаларының концерті"),
         EventDialog.save),
    Case("grant", GrantEditor, opener(GrantEditor, a_grant), type_grant, read_grant,
         ("Жарқын ауыл", [("1", "Шамдар", "1,250,000.00"), ("2", "Сымдар", "50 000,50")]), GrantEditor.save),
    Case("donor", DonorForm, opener(DonorForm, a_donor), lambda form: form.inputs["notes"].setText("Шарт 2026"),
         lambda form: form.inputs["notes"].text(), "Шарт 2026", DonorForm.try_save),
    Case("user", UserDialog, opener(UserDialog, a_user),
         lambda form: form.full_name.setText("Нұрлан Ахметұлы"), lambda form: form.full_name.text(),
         "Нұрлан Ахметұлы", UserDialog.try_save),
]


@pytest.fixture(params=CASES, ids=[case.kind for case in CASES])
def case(request, app) -> Case:
    return request.param


def shown(qtbot, form: QDialog, crashes: bool = False) -> QDialog:
    if not crashes:  # a form that crashes is gone before the test ends
        qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def crash(qtbot, form: QDialog) -> None:
    """The program ends under the form: nothing is closed, asked or discarded."""
    form.hide()
    form.deleteLater()
    qtbot.wait(10)


def test_a_crash_leaves_the_typing_and_the_next_start_puts_it_back_in_its_form(case, qtbot, monkeypatch):
    form = shown(qtbot, case.open(), crashes=True)
    form.keeper.keep()
    assert drafts.drafts() == []  # nothing typed, nothing kept
    case.type(form)
    form.keeper.keep()
    [left] = drafts.drafts()
    assert left.kind == case.kind
    crash(qtbot, form)

    reopened = []

    def exec_(again):
        shown(qtbot, again)
        reopened.append((case.read(again), again.has_unsaved_changes()))
        again.close()  # asks, and is answered Discard
        return again.result()

    monkeypatch.setattr(case.form, "exec", exec_)
    questions = Questions(monkeypatch, Yes, Discard)
    draft_ui.offer(None)
    assert questions.asked[0].startswith("You have unsaved typing from ") and left.title in questions.asked[0]
    assert reopened == [(case.expected, True)]
    assert drafts.drafts() == []  # discarded when the reopened form was closed without saving


def test_a_saved_form_leaves_no_draft(case, qtbot):
    form = shown(qtbot, case.open())
    case.type(form)
    form.keeper.keep()
    assert len(drafts.drafts()) == 1
    assert case.save(form)
    assert drafts.drafts() == []
    # An issue, a meeting, a grant stay open once saved: nothing left to keep.
    assert not form.isVisible() or not form.has_unsaved_changes()
    form.keeper.keep()
    assert drafts.drafts() == []


def test_escape_over_typing_asks_cancel_stays_and_discard_drops_the_draft(case, qtbot, monkeypatch):
    form = shown(qtbot, case.open())
    case.type(form)
    form.keeper.keep()
    questions = Questions(monkeypatch, Cancel, Discard)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(questions.asked) == 1 and form.isVisible() and case.read(form) == case.expected
    form.close()
    assert len(questions.asked) == 2 and not form.isVisible() and drafts.drafts() == []


def test_closing_an_untouched_form_asks_nothing(case, qtbot, monkeypatch):
    form = shown(qtbot, case.open())
    questions = Questions(monkeypatch)
    form.close()
    assert questions.asked == [] and not form.isVisible()


def test_save_from_the_question_saves(app, qtbot, monkeypatch):
    donor = a_donor()
    form = shown(qtbot, DonorForm(donor))
    form.inputs["notes"].setText("Шарт 2026")
    Questions(monkeypatch, Save)
    form.reject()
    assert form.result() == QDialog.DialogCode.Accepted and grants.donors()[0].notes == "Шарт 2026"


def test_a_password_is_never_kept_in_a_draft(app, qtbot, monkeypatch):
    form = shown(qtbot, UserDialog(), crashes=True)
    form.login.setText("aigul")
    form.password.setText("secret-pass-7")
    form.repeat.setText("secret-pass-7")
    form.keeper.keep()
    [draft] = drafts.drafts()
    assert draft.title == "the user «aigul»" and "password" not in draft.values and "repeat" not in draft.values
    assert "secret-pass-7" not in (paths.data_dir() / drafts.FILE_NAME).read_text(encoding="utf-8")
    crash(qtbot, form)
    Questions(monkeypatch, Yes)
    monkeypatch.setattr(UserDialog, "exec", lambda again: reopened.append(
        (again.login.text(), again.password.text())) or QDialog.DialogCode.Rejected)
    reopened = []
    draft_ui.offer(None)
    assert reopened == [("aigul", "")]


def test_the_offer_reopens_each_kind_in_its_own_form(app, qtbot, monkeypatch):
    issue_id, donor = an_issue(), a_donor()
    drafts.save("issue", issue_id, {"title": "Көшеде жарық әлі жоқ", "raised_by_id": None, "raiser": "",
                                    "version": local_issues.get(issue_id).data.version}, "the local issue")
    drafts.save("donor", donor.id, {"notes": "Шарт 2027", "version": donor.version}, "the donor")
    opened = []
    monkeypatch.setattr(LocalIssueDialog, "exec", lambda form: opened.append(
        (form.issue_id, form.inputs["title"].text(), form.has_unsaved_changes())))
    monkeypatch.setattr(DonorForm, "exec", lambda form: opened.append(
        (form.donor.id, form.inputs["notes"].text(), form.has_unsaved_changes())))
    Questions(monkeypatch, Yes, Yes)
    draft_ui.offer(None)
    assert opened == [(issue_id, "Көшеде жарық әлі жоқ", True), (donor.id, "Шарт 2027", True)]


def test_a_draft_typed_over_an_older_version_is_saved_only_after_showing_theirs(app, qtbot, monkeypatch):
    donor = a_donor()
    drafts.save("donor", donor.id, {"notes": "Шарт 2027", "version": donor.version}, "the donor")
    grants.save_donor(grants.DonorData("Ауыл қоры", "private", notes="Шарт жаңартылды", version=donor.version),
                      donor.id)
    [draft] = drafts.drafts()
    form = shown(qtbot, DonorForm.reopen(draft))
    shown_conflicts = []
    monkeypatch.setattr(conflict, "ask", lambda _parent, _error, rows: shown_conflicts.append(rows) or conflict.KEEP)
    assert not form.try_save()
    assert shown_conflicts and grants.donors()[0].notes == "Шарт жаңартылды"
    assert form.try_save() and grants.donors()[0].notes == "Шарт 2027"  # now knowingly over theirs


def test_the_start_offer_explains_a_record_gone_meanwhile(app, monkeypatch):
    drafts.save("grant", 999_999, {"version": 1, "details": None, "lines": None, "issues": None}, "the grant")
    Questions(monkeypatch, Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text))
    draft_ui.offer(None)
    assert warned and drafts.drafts() == []


# A grant's tranche, expense and deadline forms: the draft names its grant and record, and the reopened
# form saves through the same service call.

def a_tranche(grant_id: int) -> grants.TrancheView:
    grants.add_tranche(grant_id, grants.TrancheData(date(2026, 3, 1), "500000", None, None))
    return grants.get(grant_id).tranches[0]


GRANT_CASES = [
    ("tranche", TrancheForm, lambda grant_id: (grants.get(grant_id), a_tranche(grant_id)),
     lambda form: form.inputs["planned_amount"].setText("600 000"),
     lambda form: form.inputs["planned_amount"].text(), "600 000",
     lambda view: [tranche.planned_amount for tranche in view.tranches], [Decimal("600000")]),
    ("expense", ExpenseForm, lambda grant_id: (grants.get(grant_id), None),
     lambda form: (form.inputs["amount"].setText("1 000"), form.inputs["payee"].setText("ЖШС Жарық")),
     lambda form: (form.inputs["amount"].text(), form.inputs["payee"].text()), ("1 000", "ЖШС Жарық"),
     lambda view: [(expense.amount, expense.payee) for expense in view.expenses],
     [(Decimal("1000"), "ЖШС Жарық")]),
    ("deadline", DeadlineForm, lambda grant_id: (grant_id, None),
     lambda form: form.inputs["title"].setText("Жартыжылдық есеп"), lambda form: form.inputs["title"].text(),
     "Жартыжылдық есеп", lambda view: [deadline.title for deadline in view.deadlines if deadline.title],
     ["Жартыжылдық есеп"]),
]


@pytest.mark.parametrize(("kind", "form_type", "make", "type_", "read", "expected", "saved", "expected_saved"),
                         GRANT_CASES, ids=[case[0] for case in GRANT_CASES])
def test_a_grant_form_s_typing_comes_back_for_its_grant_and_saves(
        app, qtbot, monkeypatch, kind, form_type, make, type_, read, expected, saved, expected_saved):
    grant_id = a_grant()
    form = shown(qtbot, form_type(*make(grant_id)), crashes=True)
    type_(form)
    form.keeper.keep()
    [left] = drafts.drafts()
    assert (left.kind, left.key) == (kind, grant_id) and "Г-12" in left.title
    crash(qtbot, form)

    reopened = []

    def exec_(again):
        shown(qtbot, again)
        reopened.append((read(again), again.has_unsaved_changes()))
        return again.try_save()

    monkeypatch.setattr(form_type, "exec", exec_)
    Questions(monkeypatch, Yes)
    draft_ui.offer(None)
    assert reopened == [(expected, True)]
    assert saved(grants.get(grant_id)) == expected_saved and drafts.drafts() == []


def test_a_tranche_deleted_meanwhile_is_explained_and_its_draft_dropped(app, monkeypatch):
    grant_id = a_grant()
    tranche = a_tranche(grant_id)
    drafts.save("tranche", grant_id, {"planned_amount": "600 000", "record": tranche.id}, "the tranche")
    grants.delete_tranche(tranche.id)
    Questions(monkeypatch, Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text))
    draft_ui.offer(None)
    assert warned == [f"No tranche with number {tranche.id}."] and drafts.drafts() == []


def test_marking_a_deadline_submitted_keeps_no_draft(app, qtbot):
    grant_id = a_grant()
    grants.add_deadline(grant_id, grants.DeadlineData("interim", date(2026, 6, 30), "Есеп"))
    form = shown(qtbot, SubmittedForm(grant_id, grants.get(grant_id).deadlines[0]))
    assert form.keeper is None and not form.has_unsaved_changes()


def test_a_consent_s_typing_comes_back_for_its_person_and_is_recorded(app, qtbot, monkeypatch):
    member_id = members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", sex="M",
                                                  village_id=settings.villages()[0].id))
    form = shown(qtbot, ConsentDialog(None, member_id), crashes=True)
    form.keeper.keep()
    assert drafts.drafts() == []  # nothing typed, nothing kept
    form.scope.setText("Тізілім мен жиындар")
    form.keeper.keep()
    [left] = drafts.drafts()
    assert (left.kind, left.key, left.title) == ("consent", member_id, "the consent of «Сәрсенбаев Нұрлан»")
    crash(qtbot, form)

    reopened = []

    def exec_(again):
        shown(qtbot, again)
        reopened.append(again.scope.text())
        again.accept()
        return again.result()

    monkeypatch.setattr(ConsentDialog, "exec", exec_)
    Questions(monkeypatch, Yes)
    draft_ui.offer(None)
    assert reopened == ["Тізілім мен жиындар"]
    assert [row.scope for row in members.consents(member_id)] == ["Тізілім мен жиындар"] and drafts.drafts() == []


def test_a_consent_cancelled_leaves_no_draft(app, qtbot):
    member_id = members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", sex="M",
                                                  village_id=settings.villages()[0].id))
    form = shown(qtbot, ConsentDialog(None, member_id))
    form.scope.setText("Тізілім")
    form.keeper.keep()
    assert len(drafts.drafts()) == 1
    form.reject()
    assert drafts.drafts() == [] and members.consents(member_id) == []


def test_an_amendment_s_typing_comes_back_for_its_meeting_and_is_added(app, qtbot, monkeypatch):
    adopted_decision()
    meeting_id = meetings.decisions()[0].meeting_id
    left = []

    def typed_and_crashed(form):
        shown(qtbot, form, crashes=True)
        form.keeper.keep()
        assert drafts.drafts() == []  # nothing typed, nothing kept
        form.body.setPlainText("2-тармақтағы қате түзетілді")
        form.keeper.keep()
        left.extend(drafts.drafts())
        crash(qtbot, form)
        return QDialog.DialogCode.Rejected  # as if the program ended here: nothing closed or discarded

    monkeypatch.setattr(DateTextDialog, "exec", typed_and_crashed)
    assert not ask_amendment(None, meeting_id)
    [draft] = left
    assert (draft.kind, draft.key) == ("amendment", meeting_id) and draft.title.startswith("an amendment to ")

    reopened = []

    def exec_(again):
        shown(qtbot, again)
        reopened.append(again.text())
        again.accept()
        return again.result()

    monkeypatch.setattr(DateTextDialog, "exec", exec_)
    Questions(monkeypatch, Yes)
    draft_ui.offer(None)
    assert reopened == ["2-тармақтағы қате түзетілді"]
    assert [a.text for a in meetings.get(meeting_id).amendments] == ["2-тармақтағы қате түзетілді"]
    assert drafts.drafts() == []


def test_an_amendment_cancelled_leaves_no_draft(app, qtbot, monkeypatch):
    adopted_decision()
    meeting_id = meetings.decisions()[0].meeting_id

    def typed_and_cancelled(form):
        shown(qtbot, form)
        form.body.setPlainText("Қате")
        form.keeper.keep()
        assert len(drafts.drafts()) == 1
        form.reject()
        return form.result()

    monkeypatch.setattr(DateTextDialog, "exec", typed_and_cancelled)
    assert not ask_amendment(None, meeting_id)
    assert drafts.drafts() == [] and meetings.get(meeting_id).amendments == ()
