"""Appeals of residents in the window, through qtbot on real widgets and a real database
(docs/domain.md, Appeals of residents): registering an appeal in the dialog and finding it on the page
with its term, extending and answering it, overdue and coming terms marked in colour and in words, a
refusal beside its field, the start page's card, and the local issue showing its appeals. The list's
search, figures and masked applicant are the service's, tested here on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import clock
from app.areas import Area
from app.services import appeals, dashboard, local_issues, members, users
from app.services.appeals import AppealData
from app.ui import application, language
from app.ui.appeal_dialog import AppealDialog
from app.ui.local_issue_dialog import LocalIssueDialog
from app.ui.main_window import MainWindow
from app.ui.pages.appeals import DUE_SOON_COLOUR, OVERDUE_COLOUR, AppealsPage
from app.ui.pages.start import StartPage
from tests.test_window import type_text

ROADS = "Жолдар (дороги)"


def appeal(**changes) -> int:
    values = dict(kind="complaint", received_at=clock.now().replace(microsecond=0) - timedelta(hours=1),
                  applicant_name="Асқар Нұрланов", applicant_phone="8 701 123 45 67", text="Көшеде жарық жоқ")
    values.update(changes)
    return appeals.create(AppealData(**values))


def days_ago(days: int) -> datetime:
    return datetime.combine(date.today() - timedelta(days=days), datetime.min.time()).replace(hour=8)


@pytest.fixture
def window(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def open_dialog(qtbot, appeal_id=None, parent=None) -> AppealDialog:
    dialog = AppealDialog(appeal_id, parent=parent)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "dirty", False))
    dialog.show()
    return dialog


def page_rows(page: AppealsPage) -> dict[str, tuple]:
    model = page.model
    return {model.row(r).label: tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())}


def test_an_appeal_registered_in_the_dialog_is_on_the_page_with_its_term_then_extended_and_answered(window, qtbot):
    page = window.show_page(AppealsPage)
    dialog = open_dialog(qtbot, parent=page)
    assert not dialog.work.isVisible()  # the term and the steps come once it is registered
    dialog.inputs["kind"].setCurrentIndex(dialog.inputs["kind"].findData("application"))
    type_text(dialog.inputs["applicant_name"], "Асқар Нұрланов")
    type_text(dialog.inputs["addressed_to"], "Ауыл әкімі")
    dialog.inputs["text"].setPlainText("Көшеде жарық жоқ")
    assert dialog.has_unsaved_changes()
    dialog.save_button.click()
    assert dialog.appeal_id is not None and not dialog.has_unsaved_changes()
    view = appeals.get(dialog.appeal_id)
    assert (view.label, view.data.kind, view.applicant, view.data.addressed_to) == (
        "1/2026", "application", "Асқар Нұрланов", "Ауыл әкімі")
    # Its clock said plainly, with the working days left.
    assert dialog.clock.text().startswith(
        f"Answer due {view.due:%d.%m.%Y}, {view.days_left} working days left.")
    assert view.days_left == 15 and dialog.work.isVisible()  # registered today, which does not count
    # On the page (refreshed by the change notice), with its due date.
    qtbot.waitUntil(lambda: "1/2026" in page_rows(page), timeout=3000)
    row = page_rows(page)["1/2026"]
    assert row[2] == "Асқар Нұрланов" and row[5] == f"{view.due:%d.%m.%Y}" and row[6] == "open"

    # Extended, with its reason; the notice to the applicant is due in 3 working days.
    new_term = view.due + timedelta(days=14)
    dialog.extend_to.setDate(QDate(new_term))
    type_text(dialog.extend_reason, "Жерді тексеру керек")
    dialog.extend_button.click()
    view = appeals.get(dialog.appeal_id)
    assert (view.due, view.extension_reason) == (new_term, "Жерді тексеру керек")
    assert f"tell the applicant by {view.extension_notice_due:%d.%m.%Y}" in dialog.clock.text()
    assert dialog.extend_reason.text() == "" and not dialog.has_unsaved_changes()

    # Answered: the steps leave, the history shows every step with who and when.
    dialog.answer_result.setCurrentIndex(dialog.answer_result.findData("satisfied"))
    type_text(dialog.answer_number, "01-12/45")
    dialog.answer_button.click()
    view = appeals.get(dialog.appeal_id)
    assert (view.status, view.result, view.answer_number, view.answered_on) == (
        "answered", "satisfied", "01-12/45", date.today())
    assert dialog.clock.text().startswith(f"Answered {date.today():%d.%m.%Y}: satisfied.")
    assert not dialog.answer_box.isVisible() and not dialog.extend_box.isVisible()
    history = [dialog.history.item(r, 2).text() for r in range(dialog.history.rowCount())]
    assert history == ["Answer given: satisfied", f"Term extended: {new_term:%d.%m.%Y}\nЖерді тексеру керек",
                       f"Received: {date.today():%d.%m.%Y}"]
    assert all(dialog.history.item(r, 1).text() for r in range(dialog.history.rowCount()))
    qtbot.waitUntil(lambda: "1/2026" not in page_rows(page), timeout=3000)  # no longer open
    page.apply_filter("all")
    assert page_rows(page)["1/2026"][6] == "answer given"


def test_the_applicant_is_found_in_the_register(window, qtbot):
    person = members.create(members.MemberData("Мұқанов", "Ерлан", village_id=1, sex="M",
                                               birth_date=date(1980, 5, 5)))
    dialog = open_dialog(qtbot)
    dialog.member_search.setText("Муканов")  # another spelling finds him
    dialog.member_search.textEdited.emit("Муканов")
    qtbot.waitUntil(lambda: dialog.found.count() > 0, timeout=3000)
    dialog.found.itemClicked.emit(dialog.found.item(0))
    assert "Мұқанов Ерлан" in dialog.chosen.text() and not dialog.inputs["applicant_name"].isEnabled()
    dialog.save_button.click()
    view = appeals.get(dialog.appeal_id)
    assert (view.data.member_id, view.applicant) == (person, "Мұқанов Ерлан")


def test_a_refusal_shows_beside_its_field_and_nothing_is_registered(window, qtbot):
    dialog = open_dialog(qtbot)
    type_text(dialog.inputs["applicant_name"], "Асқар Нұрланов")
    dialog.inputs["received_at"].setDateTime(QDateTime(clock.now() + timedelta(days=2)))
    dialog.save_button.click()
    assert dialog.appeal_id is None and appeals.rows() == []
    assert dialog.errors["received_at"].isVisible()
    assert dialog.errors["received_at"].text() == "The appeal cannot be received in the future."
    assert dialog.inputs["applicant_name"].text() == "Асқар Нұрланов"  # nothing typed is lost
    # An e-Otinish appeal without its number: said beside the number.
    dialog.inputs["received_at"].setDateTime(QDateTime(clock.now() - timedelta(hours=1)))
    dialog.inputs["channel"].setCurrentIndex(dialog.inputs["channel"].findData("otinish"))
    assert dialog.inputs["otinish_number"].isEnabled()
    dialog.save_button.click()
    assert not dialog.errors["received_at"].isVisible() and dialog.errors["otinish_number"].isVisible()
    assert appeals.rows() == []


def test_an_extension_past_the_limit_is_said_beside_the_step(window, qtbot):
    dialog = open_dialog(qtbot, appeal())
    dialog.extend_to.setDate(QDate(date.today() + timedelta(days=120)))
    type_text(dialog.extend_reason, "Тексеру")
    dialog.extend_button.click()
    assert dialog.extend_error.isVisible() and "at the latest" in dialog.extend_error.text()
    assert appeals.get(dialog.appeal_id).extended_to is None and dialog.extend_reason.text() == "Тексеру"


def test_closing_with_typing_asks_first(window, qtbot, monkeypatch):
    dialog = open_dialog(qtbot)
    type_text(dialog.inputs["applicant_name"], "Асқар")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    dialog.close()
    assert asked == ["The appeal is not registered yet. Register it?"] and dialog.isVisible()
    assert dialog._typed()["applicant_name"] == "Асқар"  # what the draft keeps


def test_overdue_and_coming_terms_stand_out_in_colour_and_in_words(window, qtbot):
    late = appeal(received_at=days_ago(40))
    soon = next(case for case in (appeal(received_at=days_ago(days)) for days in range(14, 24))
                if appeals.get(case).due and 0 <= (appeals.get(case).due - date.today()).days <= 3)
    fresh = appeal()
    page = window.show_page(AppealsPage)
    model = page.model
    by_id = {model.row(r).id: r for r in range(model.rowCount())}
    state = model.columnCount() - 1
    overdue, coming, plain = (by_id[late], by_id[soon], by_id[fresh])
    assert model.index(overdue, state).data() == "open · overdue"
    assert model.index(overdue, 0).data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert model.index(coming, state).data() == "open · due soon"
    assert model.index(coming, 0).data(Qt.ItemDataRole.BackgroundRole).color() == DUE_SOON_COLOUR
    assert model.index(plain, state).data() == "open"
    assert model.index(plain, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    # The filters: overdue, due within 3 days (the overdue among them), all; and words.
    page.apply_filter("overdue")
    assert [r.id for r in model.rows] == [late]
    page.apply_filter("due_soon")
    assert {r.id for r in model.rows} == {late, soon}
    page.apply_filter("all")
    page.search.setText("нурланов")
    page.refresh()
    assert len(model.rows) == len(by_id)
    page.search.setText("1/2026")
    page.refresh()
    assert [r.label for r in model.rows] == ["1/2026"]


def test_the_start_card_counts_open_overdue_and_coming_appeals_and_opens_them(window, qtbot):
    for days in (40, 35, 20, 17, 16, 15, 2, 1):
        appeal(received_at=days_ago(days))
    appeals.answer(appeal(received_at=days_ago(30)), date.today(), "explained")
    page = window.show_page(StartPage)
    window.notices.announce(Area.ISSUES)  # the page opened with the window, before these were registered
    qtbot.waitUntil(lambda: page.figures is not None and page.figures.appeals.open == 8, timeout=5000)
    figures = appeals.figures()
    assert figures == dashboard.figures().appeals and figures.overdue >= 2 and figures.open == 8
    shown = [int(f.number.text()) for f in (page.appeals_open, page.appeals_overdue, page.appeals_due_soon)]
    assert shown == [figures.open, figures.overdue, figures.due_soon]
    assert "#b00020" in page.appeals_overdue.number.styleSheet()
    page.appeals_overdue.click()
    listed = window.stack.currentWidget()
    assert isinstance(listed, AppealsPage) and listed.show_filter.currentData() == "overdue"
    assert listed.model.rowCount() == figures.overdue
    window.show_page(StartPage)
    page.appeals_open.click()
    assert listed.show_filter.currentData() == "open" and listed.model.rowCount() == figures.open


def test_a_local_issue_shows_its_appeals_with_their_terms(window, qtbot, monkeypatch):
    case = appeal(received_at=days_ago(40))
    dialog = open_dialog(qtbot, case)
    type_text(dialog.issue_search, "нет")
    issue = local_issues.create(local_issues.IssueData("Көшеде жарық жоқ", ROADS, date.today()))
    dialog.issue_search.setText("жарық")
    dialog.issue_search.textEdited.emit("жарық")
    qtbot.waitUntil(lambda: dialog.issues_found.count() == 1, timeout=3000)
    dialog.issues_found.itemClicked.emit(dialog.issues_found.item(0))
    assert appeals.get(case).local_issue_id == issue
    assert dialog.issue_label.text() == f"Linked to the local issue No. {local_issues.get(issue).label}"
    shown = LocalIssueDialog(issue)
    qtbot.addWidget(shown, before_close_func=lambda d: setattr(d, "dirty", False))
    table = shown.appeals.table
    assert shown.tabs.tabText(3) == "Appeals (1)"
    assert [table.item(0, c).text() for c in range(table.columnCount())] == [
        "1/2026", "Асқар Нұрланов", "complaint", f"{appeals.get(case).due:%d.%m.%Y}", "open · overdue"]


def test_the_page_and_the_dialog_speak_kazakh_and_russian(window, qtbot):
    from app import i18n

    case = appeal()
    page = window.show_page(AppealsPage)
    dialog = open_dialog(qtbot, case, parent=page)
    for code in ("kk", "ru"):
        window.set_language(code)
        QApplication.processEvents()
        assert page.new_button.text() == i18n.translate("New appeal…", code) != "New appeal…"
        assert dialog.answer_box.title() == i18n.translate("The answer", code) != "The answer"
        assert page.model.index(0, 3).data() == i18n.translate("complaint", code)
    window.set_language("en")


@pytest.mark.every_database
def test_the_list_searches_words_in_any_spelling_and_links_to_an_issue(database):
    first = appeal(addressed_to="Ауыл әкімі")
    appeal(applicant_name="Ерлан Мұқанов", text="Су жоқ")
    assert [r.id for r in appeals.rows(text="АУЫЛ акими")] == [first]
    assert [r.applicant for r in appeals.rows(text="муканов су")] == ["Ерлан Мұқанов"]
    issue = local_issues.create(local_issues.IssueData("Көшеде жарық жоқ", ROADS, date.today()))
    appeals.attach_to_local_issue(first, issue)
    assert [r.id for r in appeals.rows(local_issue_id=issue)] == [first]


@pytest.mark.every_database
def test_a_role_without_the_register_reads_the_applicant_by_initials(database):
    appeal(applicant_name="Нұрланов Асқар Серікұлы")
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", "pass-word-1")
    users.create(users.UserData("viewer", "Viewer", "viewer"), "pass-word-1")
    assert appeals.rows()[0].applicant == "Нұрланов Асқар Серікұлы"
    users.sign_in("viewer", "pass-word-1")
    assert appeals.rows()[0].applicant == "Нұрланов А. С."
    assert appeals.rows(text="Серікұлы") == []  # the hidden name is not found word by word
    assert appeals.figures().open == 1


def test_a_crash_leaves_the_typing_and_the_next_start_puts_it_back_in_the_appeal_form(window, qtbot, monkeypatch):
    from app.services import drafts
    from app.ui import drafts as draft_ui

    dialog = open_dialog(qtbot)
    type_text(dialog.inputs["applicant_name"], "Асқар Нұрланов")
    dialog.inputs["channel"].setCurrentIndex(dialog.inputs["channel"].findData("post"))
    dialog.keeper.keep()
    assert [(d.kind, d.title) for d in drafts.drafts()] == [("appeal", "a new appeal")]
    opened = []
    monkeypatch.setattr(AppealDialog, "exec", lambda form: opened.append(
        (form.inputs["applicant_name"].text(), form.inputs["channel"].currentData(), form.has_unsaved_changes())))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    draft_ui.offer(None)
    assert opened == [("Асқар Нұрланов", "post", True)]


def test_the_viewer_reads_an_appeal_with_the_applicant_by_initials_and_takes_no_step(window, qtbot):
    case = appeal(applicant_name="Нұрланов Асқар", applicant_address="Абай көшесі, 5")
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", "pass-word-1")
    users.create(users.UserData("viewer", "Viewer", "viewer"), "pass-word-1")
    users.sign_in("viewer", "pass-word-1")
    dialog = open_dialog(qtbot, case)
    assert dialog.inputs["applicant_name"].text() == "Нұрланов А."
    assert (dialog.inputs["applicant_address"].text(), dialog.inputs["applicant_phone"].text()) == ("", "")
    assert not any(button.isEnabled() for button in (dialog.extend_button, dialog.redirect_button,
                                                     dialog.answer_button, dialog.open_issue_button))
    assert dialog.clock.text().startswith("Answer due")
