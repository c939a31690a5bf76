"""The local issues page through qtbot on real widgets and a real database: counts per status, search,
filters, the overdue and untouched marks, sorting, deleting, printing the report."""

from __future__ import annotations

import sys
import types
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

import app.printing
from app.areas import Area
from app.services import local_issues, settings
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.pages.local_issues import OVERDUE_COLOUR, UNTOUCHED_COLOUR, LocalIssuesPage, report_dialog
from tests.conftest import demo_copy
from tests.test_window import type_text

TODAY = date.today()


def an_issue(title: str, **changes) -> int:
    at = changes.pop("at", None)
    data = dict(title=title, category=local_issues.categories()[0], raised_on=TODAY - timedelta(days=5),
                village_id=settings.villages()[0].id)
    return local_issues.create(local_issues.IssueData(**{**data, **changes}), at=at)


@pytest.fixture
def office(template_db, made_once, tmp_path):
    with demo_copy(made_once, template_db, tmp_path / "db", members=200, seed=1) as database:
        yield database


@pytest.fixture
def page(qtbot, office, monkeypatch):
    application.application()
    language.apply("en")
    window = MainWindow(application.preferences())
    window.show()
    qtbot.waitExposed(window)
    issues_page = window.show_page(LocalIssuesPage)
    yield issues_page
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def search(page, qtbot, text: str) -> None:
    """Types into the search box and waits for the list to follow the pause in typing."""
    page.search.setText(text)
    qtbot.waitUntil(lambda: not page.typing.isActive(), timeout=3000)


def shown(page) -> list[local_issues.IssueRow]:
    return [page.model.row(r) for r in range(page.model.rowCount())]


def test_counts_per_status_are_chips_and_a_click_shows_that_status(page, qtbot):
    resolved = an_issue("Жол жөнделді")
    local_issues.change_status(resolved, "accepted")
    local_issues.change_status(resolved, "resolved", "Asphalt laid")
    page.notices.announce(Area.ISSUES)
    counts = local_issues.counts_by_status()
    assert [chip.text() for chip in page.chips.values()] == [
        f"{label}: {counts[code]}" for code, label in local_issues.STATUSES.items()]
    page.chips["resolved"].click()
    assert page.status.currentData() == "resolved" and page.chips["resolved"].isChecked()
    assert {row.status for row in shown(page)} == {"resolved"}
    qtbot.waitUntil(lambda: page.count.text() == f"Issues shown: {counts['resolved']}", timeout=3000)
    page.chips["resolved"].click()  # a second click shows every status again
    assert page.status.currentData() is None and not page.chips["resolved"].isChecked()
    qtbot.waitUntil(lambda: page.count.text() == f"Issues shown: {local_issues.count()}", timeout=3000)


def test_typing_finds_an_issue_in_any_spelling(page, qtbot):
    wanted = an_issue("Құдық суы лас", address="Абай көшесі, 7")
    type_text(page.search, "Құдық")
    qtbot.waitUntil(lambda: not page.typing.isActive(), timeout=3000)
    assert [row.id for row in shown(page)] == [wanted]
    search(page, qtbot, "")
    assert len(shown(page)) > 1
    search(page, qtbot, "kudyk abai")  # Latin letters, and a word of the address
    assert [row.id for row in shown(page)] == [wanted]
    search(page, qtbot, "кудык")  # Russian letters for the Kazakh ones
    assert [row.id for row in shown(page)] == [wanted]


def test_filters_by_category_village_and_open_or_overdue(page, qtbot):
    category, village = local_issues.categories()[3], settings.villages()[2]
    overdue = an_issue("Көпір құлады", category=category, village_id=village.id,
                       raised_on=TODAY - timedelta(days=40), due_on=TODAY - timedelta(days=1))
    page.category.setCurrentIndex(page.category.findData(category))
    assert shown(page) and {row.category for row in shown(page)} == {category}
    page.village.setCurrentIndex(page.village.findData(village.id))
    assert overdue in [row.id for row in shown(page)]
    assert {row.village_ru for row in shown(page)} == {village.name_ru}
    qtbot.waitUntil(lambda: page.count.text() == "Issues shown: "
                    f"{local_issues.count(category=category, village_id=village.id)}", timeout=3000)
    page.category.setCurrentIndex(0)
    page.village.setCurrentIndex(0)
    page.overdue_only.setChecked(True)
    assert overdue in [row.id for row in shown(page)] and all(row.overdue for row in shown(page))
    page.overdue_only.setChecked(False)
    page.open_only.setChecked(True)
    assert {row.status for row in shown(page)} <= {"new", "accepted", "in_progress"}
    qtbot.waitUntil(lambda: page.count.text() == f"Issues shown: {local_issues.count(open_only=True)}",
                    timeout=3000)


@pytest.mark.hard_days
def test_overdue_rows_are_red_and_untouched_ones_marked_with_since_when(page, qtbot, today):
    overdue = an_issue("Жарық жоқ қырық күн", raised_on=today - timedelta(days=40), due_on=today - timedelta(days=2))
    old = datetime.combine(today - timedelta(days=90), datetime.min.time())
    untouched = an_issue("Ескі өтініш тоқсан күн", raised_on=old.date(), due_on=today + timedelta(days=30), at=old)
    search(page, qtbot, "күн")
    rows = {row.id: index for index, row in enumerate(shown(page))}
    red = page.model.index(rows[overdue], 1)
    assert red.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert red.data(Qt.ItemDataRole.FontRole).bold()
    assert "Overdue: it was due on" in red.data(Qt.ItemDataRole.ToolTipRole)
    amber = page.model.index(rows[untouched], 1)
    assert amber.data(Qt.ItemDataRole.BackgroundRole).color() == UNTOUCHED_COLOUR
    assert amber.data(Qt.ItemDataRole.FontRole).italic()
    assert amber.data(Qt.ItemDataRole.ToolTipRole) == (f"Nothing has happened to it since {old:%d.%m.%Y}.\n"
                                                       "Ескі өтініш тоқсан күн")  # and the title, whole
    assert amber.data(Qt.ItemDataRole.ForegroundRole) is None


def test_clicking_a_column_sorts_the_list(page):
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    expected = [row.id for row in local_issues.rows(sort="title", descending=False, limit=len(shown(page)))]
    assert [row.id for row in shown(page)] == expected
    page.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    assert page.sort == "due_on" and page.descending


def test_a_change_elsewhere_shows_and_delete_asks_first(page, qtbot, monkeypatch):
    search(page, qtbot, "Қоқыс жәшігі")
    assert page.model.rowCount() == 0
    issue_id = an_issue("Қоқыс жәшігі сынған")
    page.notices.announce(Area.ISSUES)
    assert [row.id for row in shown(page)] == [issue_id]
    page.view.selectRow(0)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.delete_button.click()
    assert page.model.rowCount() == 1  # No: nothing deleted
    page.delete_button.click()
    assert page.model.rowCount() == 0
    assert local_issues.count(text="Қоқыс жәшігі") == 0


def test_the_report_is_written_in_the_background_and_offered_to_open(page, qtbot, tmp_path, monkeypatch):
    written: list[tuple] = []

    def print_issues(date_from, date_to, lang, path):
        written.append((date_from, date_to, lang, Path(path).suffix))
        Path(path).write_bytes(b"report")
        return Path(path)

    # The report itself is the printing layer's; here only its place in the window is tried.
    fake = types.SimpleNamespace(print_issues=print_issues)
    monkeypatch.setitem(sys.modules, "app.printing.issues", fake)
    monkeypatch.setattr(app.printing, "issues", fake, raising=False)
    target = tmp_path / "issues"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = report_dialog(page, today=date(2026, 5, 20))
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2026, 4, 1), date(2026, 6, 30))  # this quarter
    dialog.preset.setCurrentIndex(1)
    assert dialog.period() == (date(2026, 1, 1), date(2026, 3, 31))
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.print_report()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert written == [(date(2026, 1, 1), date(2026, 3, 31), "ru", ".xlsx")]
    assert opened == [str(target) + ".xlsx"]


def test_a_period_that_ends_before_it_starts_is_refused(page, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or ("", ""))
    dialog = report_dialog(page, today=date(2026, 5, 20))
    qtbot.addWidget(dialog)
    dialog.date_from.setDate(date(2026, 5, 1))
    dialog.date_to.setDate(date(2026, 4, 1))
    assert dialog.preset.currentData() is None  # "Other dates"
    dialog.print_report()
    assert dialog.error.text() == "Choose the period: its first day, then its last." and not asked


@pytest.mark.hard_days
def test_the_start_page_opens_the_overdue_issues(page, today):
    an_issue("Су мұнарасы ағып тұр", raised_on=today - timedelta(days=20), due_on=today - timedelta(days=1))
    page.window().show_page(type(page))
    page.apply_filter(status="overdue")
    assert page.overdue_only.isChecked() and page.status.currentData() is None
    assert shown(page) and all(row.overdue for row in shown(page))
    page.apply_filter(status="new")
    assert not page.overdue_only.isChecked() and {row.status for row in shown(page)} == {"new"}
