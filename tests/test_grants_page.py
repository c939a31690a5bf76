"""The grants page, through qtbot on a real database: totals per currency, the deadlines list with an
overdue tax notice marked and then submitted, filters, donors and deleting."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from app.areas import Area
from app.i18n import translate
from app.rules import iin
from app.services import grants
from app.ui import application, language
from app.ui.donors_dialog import DonorForm
from app.ui.grant_form import FormDialog
from app.ui.notices import ChangeNotices
from app.ui.pages import PageContext
from app.ui.pages.grants import GrantsPage

TODAY = date.today()


@pytest.fixture
def page(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    grants_page = GrantsPage(PageContext(ChangeNotices(), QAction()), "Grants")
    qtbot.addWidget(grants_page)
    grants_page.show()
    return grants_page


def grant(donor: str, kind: str, currency: str, total: str, days: tuple[int, int] = (-100, 265)) -> int:
    donor_id = next((d.id for d in grants.donors() if d.name == donor), None) or grants.save_donor(
        grants.DonorData(donor, kind))
    start, end = TODAY + timedelta(days=days[0]), TODAY + timedelta(days=days[1])
    return grants.create_grant(grants.GrantData(donor_id, f"No {total}", start, start, end, currency, total),
                               [grants.LineData("1", "Salaries", total)])


def totals_lines(page: GrantsPage) -> list[str]:
    return page.totals.text().split("\n")


def test_totals_are_per_currency_never_added_together(page):
    usd = grant("UNDP GEF SGP", "foreign", "USD", "25000")
    grant("Civil initiatives centre", "state", "KZT", "8650000")
    grant("Akimat", "akimat", "KZT", "1350000,50")
    grants.add_tranche(usd, grants.TrancheData(TODAY, "10000", TODAY, "10000"))
    grants.add_expense(usd, grants.ExpenseData(grants.get(usd).lines[0].id, TODAY, "2500,25"))
    page.notices.announce(Area.GRANTS)
    assert page.model.rowCount() == 3
    assert totals_lines(page) == [
        "KZT: total 10,000,000.50\u00a0₸ · received 0.00\u00a0₸ · spent 0.00\u00a0₸ · balance 0.00\u00a0₸",
        "USD: total 25,000.00\u00a0$ · received 10,000.00\u00a0$ · spent 2,500.25\u00a0$ · balance 7,499.75\u00a0$"]
    row = next(r for r in range(3) if page.model.row(r).id == usd)
    assert page.model.index(row, 9).data() == "7,499.75"  # balance
    page.donor_kind.setCurrentIndex(page.donor_kind.findData("state"))
    assert page.model.rowCount() == 1
    assert totals_lines(page) == ["KZT: total 8,650,000.00\u00a0₸ · received 0.00\u00a0₸ · spent 0.00\u00a0₸ "
                                  "· balance 0.00\u00a0₸"]


def test_a_grant_with_warnings_is_marked(page):
    grant_id = grant("Akimat", "akimat", "KZT", "1000")
    grants.add_expense(grant_id, grants.ExpenseData(grants.get(grant_id).lines[0].id, TODAY, "1500"))
    page.notices.announce(Area.GRANTS)
    cell = page.model.index(0, 10)
    assert cell.data() == "⚠ 2"  # overspent, and spent before any money came
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Open the grant to read its warnings."


def test_an_overdue_tax_notice_stands_out_and_is_marked_submitted(page, monkeypatch):
    grant_id = grant("Soros Foundation Kazakhstan", "foreign", "USD", "40000")
    grants.add_tranche(grant_id, grants.TrancheData(TODAY - timedelta(days=60), "40000",
                                                    TODAY - timedelta(days=60), "40000"))
    grants.add_deadline(grant_id, grants.DeadlineData("final", TODAY + timedelta(days=200), "Final report"))
    page.notices.announce(Area.GRANTS)
    assert page.tabs.tabText(1) == "⚠ Deadlines: 1 overdue"
    rows = page.deadlines_model.rows
    assert [(d.kind, d.status) for d in rows] == [("tax", "overdue"), ("final", "upcoming")]
    overdue = page.deadlines_model.index(0, 4)
    assert overdue.data() == "overdue"
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert page.deadlines_model.index(0, 2).data() == "notice to the tax authority"
    page.apply_filter("overdue")  # as the start page asks
    assert page.tabs.currentIndex() == 1 and page.deadlines_model.rowCount() == 1

    def submitted(dialog: FormDialog) -> int:
        assert not dialog.inputs["due_on"].isEnabled()
        dialog.inputs["submitted_on"].setDate(QDate(TODAY - timedelta(days=1)))
        return QDialog.DialogCode.Accepted if dialog.try_save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FormDialog, "exec", submitted)
    page.deadlines_view.setCurrentIndex(page.deadlines_model.index(0, 0))
    page.submitted_button.click()
    assert page.tabs.tabText(1) == "Deadlines"
    assert page.deadlines_model.rowCount() == 0  # the overdue filter is still on
    [tax] = [d for d in grants.deadlines() if d.kind == "tax"]
    assert (tax.status, tax.submitted_on) == ("submitted", TODAY - timedelta(days=1))


def test_running_now_leaves_out_grants_that_ended(page):
    grant("Akimat", "akimat", "KZT", "1000", days=(-400, -40))
    grant("Akimat", "akimat", "KZT", "2000")
    page.notices.announce(Area.GRANTS)
    assert page.model.rowCount() == 2
    page.running.setCurrentIndex(page.running.findData("running"))
    assert [page.model.row(r).total for r in range(page.model.rowCount())] == [Decimal("2000.00")]


def test_deleting_a_grant_asks_and_deletes_it(page):
    grant("Akimat", "akimat", "KZT", "1000")
    page.notices.announce(Area.GRANTS)
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.delete_button.click()
    assert grants.list_grants() == [] and page.model.rowCount() == 0
    assert page.totals.text() == "No grants to show."


def valid_bin() -> str:
    for serial in range(1000, 2000):
        first = f"0503400{serial:04d}"
        check = iin.check_digit(first)
        if check is not None:
            return first + str(check)
    raise AssertionError("no BIN")


def test_a_donor_is_added_with_its_bin_checked(qtbot, page):
    form = DonorForm()
    qtbot.addWidget(form)
    form.inputs["name"].setText("Қоғамдық қор «Болашақ»")
    form.inputs["kind"].setCurrentIndex(form.inputs["kind"].findData("private"))
    form.inputs["bin"].setText("123")
    assert not form.try_save()
    assert form.errors["bin"].text() == "A BIN has 12 digits." and not form.errors["bin"].isHidden()
    assert grants.donors() == []
    form.inputs["bin"].setText(valid_bin())
    assert form.try_save()
    [donor] = grants.donors()
    assert (donor.name, donor.kind, donor.bin) == ("Қоғамдық қор «Болашақ»", "private", valid_bin())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_page_speaks_kazakh_and_russian(page, lang):
    grant("Akimat", "akimat", "KZT", "1000")
    language.apply(lang)
    application.application().processEvents()
    page.refresh()
    assert page.new_button.text() == translate("New grant…", lang)
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == translate("Donor", lang)
    assert page.model.index(0, 1).data() == translate("akimat", lang)
    assert page.tabs.tabText(1) == translate("Deadlines", lang)
    language.apply("en")


def test_the_report_is_written_in_the_background_then_shown_in_the_preview(qtbot, page, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from app.ui.pages.grants import report_dialog

    grant("Akimat", "akimat", "KZT", "1350000")
    target = tmp_path / "granttar"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr("app.ui.pdf_preview.show", lambda _parent, path: shown.append(path))
    dialog = report_dialog(page, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(2)  # this year
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.print_report()
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    written = tmp_path / "granttar.pdf"
    assert shown == [str(written)]
    assert written.read_bytes().startswith(b"%PDF")
