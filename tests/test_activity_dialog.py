"""The activity report dialog: a quarter or a year picked sets the dates, the report is written in the
background with those dates, language and format, then offered to open; the window's Reports menu
opens it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.printing import activity as activity_reports
from app.ui import activity_dialog
from app.ui.activity_dialog import OTHER_DATES, WHOLE_YEAR, ActivityReportDialog
from app.ui.dates import date_of


@pytest.fixture
def dialog(qtbot, database):
    widget = ActivityReportDialog(today=date(2026, 11, 29))
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def written(monkeypatch, tmp_path):
    """print_activity stubbed: records its arguments; the save and open questions answered."""
    calls = []

    def fake(date_from, date_to, lang, path):
        calls.append((date_from, date_to, lang, path))
        return Path(path)

    monkeypatch.setattr(activity_reports, "print_activity", fake)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(tmp_path / "report"), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.No))
    return calls, asked


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_it_opens_on_the_last_quarter_that_has_ended(dialog):
    assert dialog.part.currentData() == 3 and dialog.year.value() == 2026
    assert dialog.period() == (date(2026, 7, 1), date(2026, 9, 30))
    early = ActivityReportDialog(today=date(2026, 2, 10))
    assert (early.part.currentData(), early.year.value()) == (4, 2025)
    assert early.period() == (date(2025, 10, 1), date(2025, 12, 31))
    early.deleteLater()


def test_a_quarter_or_the_whole_year_sets_the_dates(dialog):
    dialog.year.setValue(2025)
    choose(dialog.part, 1)
    assert dialog.period() == (date(2025, 1, 1), date(2025, 3, 31))
    choose(dialog.part, WHOLE_YEAR)
    assert dialog.period() == (date(2025, 1, 1), date(2025, 12, 31))
    dialog.date_from.setDate(date(2025, 2, 1))
    assert dialog.part.currentData() == OTHER_DATES and not dialog.year.isEnabled()
    assert dialog.period() == (date(2025, 2, 1), date(2025, 12, 31))


def test_printing_writes_the_chosen_quarter_in_the_background(qtbot, dialog, written):
    calls, asked = written
    choose(dialog.part, 2)
    choose(dialog.language, "ru")
    choose(dialog.format, "xlsx")
    dialog.print_report()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert len(calls) == 1
    date_from, date_to, lang, path = calls[0]
    assert (date_from, date_to, lang) == (date(2026, 4, 1), date(2026, 6, 30), "ru")
    assert path.endswith("report.xlsx")
    assert "report.xlsx" in asked[0][2]  # the question names the file it offers to open


def test_a_reversed_period_is_refused_in_the_dialog(dialog, written, monkeypatch):
    calls, _asked = written
    asked_for_file = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: asked_for_file.append(a)))
    dialog.date_from.setDate(date(2026, 5, 1))
    dialog.date_to.setDate(date(2026, 4, 1))
    dialog.print_report()
    assert dialog.error.text() and not asked_for_file and not calls
    assert date_of(dialog.date_from) == date(2026, 5, 1)


def test_the_reports_menu_opens_the_dialog(qtbot, database, monkeypatch):
    from app.ui import application, language
    from app.ui.main_window import MainWindow

    application.application()
    language.apply("en")
    opened = []
    monkeypatch.setattr(activity_dialog.ActivityReportDialog, "exec", lambda self: opened.append(self) or 0)
    window = MainWindow(application.preferences())
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Reports" in titles
    assert window.activity_action in window.reports_menu.actions()
    assert window.activity_action.text() == "&Activity report for the akimat…"
    window.activity_action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Activity report for the akimat"
