"""The grant editor and its forms, through qtbot on a real database: a donor and a grant entered as
an accountant would, lines, a tranche and an expense; overspending warned, bad amounts refused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.areas import Area
from app.i18n import translate
from app.services import grants
from app.ui import application, language
from app.ui.donors_dialog import DonorForm
from app.ui.grant_editor import GrantEditor
from app.ui.grant_form import FormDialog
from app.ui.grant_money_panels import DeadlineForm, ExpenseForm
from app.ui.notices import ChangeNotices
from app.ui.pdf_preview import PdfPreview
from tests.small_pdf import small_pdf

TODAY = date.today()
START, END = TODAY - timedelta(days=100), TODAY + timedelta(days=265)


@pytest.fixture
def notices(qtbot, database):
    application.application()
    language.apply("en")
    return ChangeNotices()


@pytest.fixture(autouse=True)
def no_waiting_questions(monkeypatch):
    """An editor left with unsaved changes (a test failed half-way) must not wait for an answer as
    it is closed; tests that need another answer patch it again."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def announced(notices):
    heard = []
    notices.changed.connect(heard.append)
    return heard


def answering(monkeypatch, fill) -> list[FormDialog]:
    """Every form opened is filled by ``fill`` and saved, as a person clicking Save would; the forms
    are kept to look at their messages."""
    opened = []

    def exec_(dialog):
        opened.append(dialog)
        fill(dialog)
        return QDialog.DialogCode.Accepted if dialog.try_save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FormDialog, "exec", exec_)
    return opened


def grant_with_line(kind: str = "foreign", currency: str = "USD", planned: str = "100000") -> int:
    donor = grants.save_donor(grants.DonorData(f"Donor {kind}", kind))
    return grants.create_grant(grants.GrantData(donor, "SGP-1", START, START, END, currency, planned),
                               [grants.LineData("1", "Salaries", planned)])


def editor_of(qtbot, notices, grant_id: int | None) -> GrantEditor:
    editor = GrantEditor(grant_id, notices)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_a_donor_and_a_grant_are_entered_with_lines_a_tranche_and_an_expense(qtbot, notices, announced, monkeypatch):
    form = DonorForm()
    qtbot.addWidget(form)
    form.inputs["name"].setText("Фонд Сорос-Казахстан")
    form.inputs["kind"].setCurrentIndex(form.inputs["kind"].findData("foreign"))
    assert form.try_save()
    editor = editor_of(qtbot, notices, None)
    assert not editor.tabs.isTabEnabled(3)  # expenses wait until the grant is saved
    editor.inputs["donor_id"].setCurrentIndex(editor.inputs["donor_id"].findData(form.saved_id))
    editor.inputs["agreement_number"].setText("SGP/KAZ/2026/07")
    editor.inputs["programme"].setText("Таза ауыл")
    for name, day in (("agreement_date", START), ("starts_on", START), ("ends_on", END)):
        editor.inputs[name].setDate(QDate(day))
    editor.inputs["currency"].setCurrentIndex(editor.inputs["currency"].findData("USD"))
    editor.inputs["total"].setText("25 000,00")
    for code, name, planned in (("1", "Жалақы", "15 000"), ("2", "Материалдар", "10 000,00")):
        editor.lines.add_line()
        row = editor.lines.count() - 1
        for column, text in enumerate((code, name, planned)):
            editor.lines.table.item(row, column).setText(text)
    assert editor.lines.table.item(2, 2).text() == "25,000.00\u00a0$"  # the totals row
    assert editor.save()
    assert announced[-1] == {Area.GRANTS}
    view = grants.get(editor.grant_id)
    assert (view.data.agreement_number, view.total) == ("SGP/KAZ/2026/07", Decimal("25000.00"))
    assert [(line.code, line.planned) for line in view.lines] == [("1", Decimal("15000.00")),
                                                                   ("2", Decimal("10000.00"))]
    assert editor.tabs.isTabEnabled(3) and not editor.has_unsaved_changes()

    received = TODAY - timedelta(days=5)

    def tranche(form):
        form.inputs["planned_on"].setDate(QDate(received))
        form.inputs["planned_amount"].setText("25 000")
        form.inputs["received_on"].setDate(QDate(received))
        form.inputs["received_amount"].setText("25 000")

    answering(monkeypatch, tranche)
    editor.tranches.add()
    assert editor.tranches.model.rowCount() == 1
    # Money from a foreign donor: its tax notice is among the deadlines by itself.
    assert [d.kind for d in editor.deadlines.model.rows] == ["tax"]

    def expense(form):
        form.inputs["line"].setCurrentIndex(form.inputs["line"].findData(view.lines[1].id))
        form.inputs["spent_on"].setDate(QDate(TODAY))
        form.inputs["amount"].setText("1 250,50")
        form.inputs["payee"].setText("ЖШС «Құрылыс»")
        form.inputs["document_number"].setText("№ 45")

    opened = answering(monkeypatch, expense)
    editor.expenses.add()
    assert opened[0].remaining.text() == "Left on this line: 10,000.00\u00a0$"
    assert opened[0].overspend.isHidden()
    [spent] = grants.get(editor.grant_id).expenses
    assert (spent.amount, spent.payee, spent.line_code) == (Decimal("1250.50"), "ЖШС «Құрылыс»", "2")
    assert editor.lines.table.item(1, 4).text() == "8,749.50"  # line 2 remaining, refreshed
    assert not editor.warnings.isVisible()


def test_an_overspending_expense_is_warned_about_then_saved_when_confirmed(qtbot, notices, monkeypatch):
    grant_id = grant_with_line(planned="100000")
    editor = editor_of(qtbot, notices, grant_id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: asked.append(args[2])
                        or QMessageBox.StandardButton.Yes)

    def expense(form):
        form.inputs["spent_on"].setDate(QDate(TODAY))
        form.inputs["amount"].setText("150 000")
        assert not form.overspend.isHidden()
        assert form.overspend.text() == "⚠ This expense would overspend line 1 by 50,000.00\u00a0$."

    answering(monkeypatch, expense)
    editor.expenses.add()
    assert asked == ["This expense is 50,000.00\u00a0$ more than what is left on its line. Save it anyway?"]
    assert len(grants.get(grant_id).expenses) == 1
    assert editor.warnings.isVisible()
    assert "Line 1 is overspent: 150,000.00\u00a0$ spent of 100,000.00\u00a0$ planned." in editor.warnings.text()
    assert editor.lines.table.item(0, 4).foreground().color().name() == "#b00020"  # remaining below zero


@pytest.mark.parametrize("typed, message", [
    ("abc", "“abc” is not an amount: write it as 1 250 000 or 1 250 000,50."),
    ("-5", "An amount cannot be negative."),
    ("1,005", "An amount has at most two decimals (tiyn or cents)."),
])
def test_a_bad_amount_is_refused_beside_the_field_and_nothing_is_saved(qtbot, notices, monkeypatch, typed, message):
    grant_id = grant_with_line()

    def expense(form):
        form.inputs["spent_on"].setDate(QDate(TODAY))
        form.inputs["amount"].setText(typed)
        form.inputs["payee"].setText("Someone")

    opened = answering(monkeypatch, expense)
    editor = editor_of(qtbot, notices, grant_id)
    editor.expenses.add()
    assert opened[0].errors["amount"].text() == message and not opened[0].errors["amount"].isHidden()
    assert opened[0].inputs["payee"].text() == "Someone"  # nothing typed is lost
    assert grants.get(grant_id).expenses == ()
    # The grant's total, too: refused beside the field, the grant unchanged.
    editor.inputs["total"].setText(typed)
    assert editor.errors["total"].text() == message  # said as soon as it is typed
    assert not editor.save()
    assert editor.errors["total"].isVisible() and editor.inputs["total"].text() == typed
    assert grants.get(grant_id).total == Decimal("100000.00")


def test_a_new_grant_with_a_bad_total_is_not_created(qtbot, notices):
    grants.save_donor(grants.DonorData("Akimat", "akimat"))
    editor = editor_of(qtbot, notices, None)
    editor.inputs["donor_id"].setCurrentIndex(1)
    editor.inputs["agreement_number"].setText("12")
    editor.inputs["total"].setText("abc")
    assert not editor.save()
    assert editor.grant_id is None and grants.list_grants() == []
    assert editor.errors["total"].isVisible()


def test_a_state_grant_in_tenge_shows_its_mci_and_size_as_typed(qtbot, notices):
    donor = grants.save_donor(grants.DonorData("Азаматтық бастамаларды қолдау орталығы", "state"))
    editor = editor_of(qtbot, notices, None)
    editor.inputs["donor_id"].setCurrentIndex(editor.inputs["donor_id"].findData(donor))
    editor.inputs["agreement_date"].setDate(QDate(2026, 2, 1))
    editor.inputs["starts_on"].setDate(QDate(2026, 3, 1))
    editor.inputs["ends_on"].setDate(QDate(2026, 12, 31))
    editor.inputs["total"].setText("8 650 000")
    assert editor.size.isVisible()
    assert editor.size.text() == ("Size: short (up to 1 year) · 2,000.0 MCI (the MCI on 01.02.2026: "
                                  "4,325.00\u00a0₸)")
    editor.inputs["total"].setText("86 500 000")  # 20 000 MCI: too much for a short grant
    assert "outside 500–3,000 MCI" in editor.size.text()
    editor.inputs["currency"].setCurrentIndex(editor.inputs["currency"].findData("USD"))
    assert "MCI" not in editor.size.text()


def test_a_tax_notice_is_read_only_but_its_submitted_day(qtbot, notices):
    grant_id = grant_with_line()
    grants.add_tranche(grant_id, grants.TrancheData(TODAY - timedelta(days=40), "100000",
                                                    TODAY - timedelta(days=40), "100000"))
    [notice] = grants.get(grant_id).deadlines
    form = DeadlineForm(grant_id, notice)
    qtbot.addWidget(form)
    assert not form.inputs["due_on"].isEnabled() and not form.inputs["kind"].isEnabled()
    form.inputs["submitted_on"].setDate(QDate(TODAY - timedelta(days=30)))
    assert form.try_save()
    assert grants.get(grant_id).deadlines[0].status == "submitted"


def test_unsaved_details_are_asked_about_on_closing(qtbot, notices, monkeypatch):
    editor = editor_of(qtbot, notices, grant_with_line())
    editor.inputs["programme"].setText("Changed")
    assert editor.has_unsaved_changes()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    editor.close()
    assert editor.isVisible()
    editor.close()
    assert not editor.isVisible()


def test_linked_local_issues_are_saved(qtbot, notices):
    from app.services import local_issues

    issue = local_issues.create(local_issues.IssueData(title="Су құбыры", category=local_issues.categories()[0], raised_on=TODAY,
                                                       channel="visit", priority="normal"))
    editor = editor_of(qtbot, notices, grant_with_line())
    item = editor.issues.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert editor.save()
    assert grants.get(editor.grant_id).issue_ids == (issue,)


def test_the_editor_speaks_kazakh_and_russian(qtbot, notices):
    grant_id = grant_with_line()
    for lang in ("kk", "ru"):
        language.apply(lang)
        editor = editor_of(qtbot, notices, grant_id)
        assert editor.tabs.tabText(1) == f"{translate('Budget lines', lang)} (1)"
        assert editor.labels["total"].text() == translate("Total amount", lang)
        form = ExpenseForm(grants.get(grant_id), parent=editor)
        assert form.windowTitle() == translate("Expense", lang)
        assert form.remaining.text().startswith(translate("Left on this line: {amount}", lang).split("{")[0])
    language.apply("en")


def test_a_scan_is_attached_to_an_expense_and_opened_from_a_temporary_copy(qtbot, notices, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    receipt = tmp_path / "чек-45.pdf"
    receipt.write_bytes(small_pdf("receipt 45"))
    grant_id = grant_with_line()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(receipt), ""))

    def expense(form):
        form.inputs["spent_on"].setDate(QDate(TODAY))
        form.inputs["amount"].setText("100")
        form.choose_scan()
        assert form.scan_name.text() == "чек-45.pdf"

    answering(monkeypatch, expense)
    editor = editor_of(qtbot, notices, grant_id)
    editor.expenses.add()
    assert editor.expenses.model.index(0, 6).data() == "чек-45.pdf"
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    editor.expenses.view.setCurrentIndex(editor.expenses.model.index(0, 0))
    editor.expenses.open_scan()
    [preview] = editor.findChildren(PdfPreview)  # in the program's own preview, not the system's viewer
    assert preview.path.name == "чек-45.pdf" and preview.path.read_bytes() == receipt.read_bytes()
    assert preview.page_count() == 1 and opened == []
    preview.close()
