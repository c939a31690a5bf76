"""One dialog for every report of a period (local issues, grants, events, the activity report):
month, quarter and year presets or any dates, the language, PDF or XLSX; the report is written
off the UI thread and then shown in the print preview (a workbook offered to open)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import clock, i18n
from app.i18n import tr
from app.ui.dates import date_edit, date_of
from app.ui.language import FollowsLanguage

FORMATS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}


def _month(year: int, month: int) -> tuple[date, date]:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    return _month(year, 3 * quarter - 2)[0], _month(year, 3 * quarter)[1]


def presets(today: date, months: bool = False) -> list[tuple[str, tuple[date, date]]]:
    """(label, period) choices: this and last month (if wanted), quarter and year."""
    quarter = (today.month - 1) // 3 + 1
    last_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    choices = []
    if months:
        last_month = (today.replace(day=1) - timedelta(days=1))
        choices += [
            (tr("This month ({month})", month=i18n.format_month(today)), _month(today.year, today.month)),
            (tr("Last month ({month})", month=i18n.format_month(last_month)),
             _month(last_month.year, last_month.month)),
        ]
    return choices + [
        (tr("This quarter ({quarter} of {year})", quarter=quarter, year=today.year), _quarter(today.year, quarter)),
        (tr("Last quarter ({quarter} of {year})", quarter=last_quarter[1], year=last_quarter[0]),
         _quarter(*last_quarter)),
        (tr("This year ({year})", year=today.year), (date(today.year, 1, 1), date(today.year, 12, 31))),
        (tr("Last year ({year})", year=today.year - 1), (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


def write_and_offer(parent: QWidget, title: str, write: Callable[[], Path | str], path: str) -> None:
    """Runs ``write`` off the UI thread, then shows the PDF it wrote in the print preview, or asks
    whether to open the workbook."""
    from app.ui import pdf_preview
    from app.ui.work import run_task

    def done(result, error):
        if error is not None:
            return  # run_task has shown it
        written = str(result or path)
        pdf_preview.offer(parent, written, (tr(title), tr("The report is written to {path}. Open it?", path=written)))

    run_task(parent, lambda progress, cancelled: write(), title=tr("Writing the report…"), on_done=done)


class PeriodFields:
    """A choice of periods (the presets, then «Other dates») tied to two date fields: a preset fills
    the dates, a date typed turns the choice to «Other dates»; ``changed`` runs after either."""

    def __init__(self, today: date, months: bool = False, changed: Callable[[], None] | None = None):
        self.today, self.months, self.changed = today, months, changed
        self.choice = QComboBox()
        self.date_from, self.date_to = date_edit(), date_edit()
        self.fill()
        self._show_dates()
        self.choice.currentIndexChanged.connect(self._chosen)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._typed)

    def fill(self) -> None:
        """The presets in the language now, the chosen one kept (a language switch calls it)."""
        chosen = self.choice.currentIndex()
        self.choice.blockSignals(True)
        self.choice.clear()
        for label, period in presets(self.today, self.months):
            self.choice.addItem(label, period)
        self.choice.addItem(tr("Other dates"), None)
        self.choice.setCurrentIndex(max(chosen, 0))
        self.choice.blockSignals(False)

    def span(self) -> tuple[date | None, date | None]:
        return date_of(self.date_from), date_of(self.date_to)

    def _show_dates(self) -> bool:
        period = self.choice.currentData()
        if period is None:
            return False
        for edit, day in zip((self.date_from, self.date_to), period):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)
        return True

    def _chosen(self, *_args) -> None:
        if self._show_dates() and self.changed is not None:
            self.changed()

    def _typed(self, *_args) -> None:
        self.choice.blockSignals(True)
        self.choice.setCurrentIndex(self.choice.count() - 1)  # "Other dates"
        self.choice.blockSignals(False)
        if self.changed is not None:
            self.changed()


class PeriodReportDialog(FollowsLanguage, QDialog):
    """``write(date_from, date_to, lang, path)`` writes the report: a service function that the caller
    imports only when it is called (reportlab and openpyxl are heavy)."""

    def __init__(self, title: str, file_stem: str, write: Callable[[date, date, str, str], Path],
                 *, months: bool = False, formats: tuple[str, ...] = ("pdf", "xlsx"),
                 languages: tuple[str, ...] = i18n.LANGUAGES, today: date | None = None, parent=None):
        super().__init__(parent)
        self.title, self.file_stem, self._write = title, file_stem, write
        self.setWindowTitle(tr(title))
        self.fields = PeriodFields(today or clock.today(), months)
        self.preset, self.date_from, self.date_to = self.fields.choice, self.fields.date_from, self.fields.date_to
        self.language = QComboBox()
        for code in languages:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.format = QComboBox()
        for code in formats:
            self.format.addItem(FORMATS[code].split(" ")[0], code)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        lay_out(self, self.preset)

    def period(self) -> tuple[date | None, date | None]:
        return self.fields.span()

    def print_report(self) -> None:
        date_from, date_to = self.period()
        if date_from is None or date_to is None or date_to < date_from:
            self.error.setText(tr("Choose the period: its first day, then its last."))
            return
        suffix, lang = self.format.currentData(), self.language.currentData()
        name = f"{self.file_stem}-{date_from:%Y%m%d}-{date_to:%Y%m%d}-{lang}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, tr(self.title), name, FORMATS[suffix])
        if not path:
            return
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        self.accept()
        write_and_offer(self.parentWidget() or self, self.title,
                        lambda: self._write(date_from, date_to, lang, path), path)


def lay_out(dialog, period) -> None:
    """The period reports' one form: the period chosen in ``period`` with its two dates below, the
    language, the format, the error line and Print…; ``dialog`` has those widgets and print_report."""
    dates = QHBoxLayout()
    dates.addWidget(dialog.date_from)
    dates.addWidget(QLabel("–"))
    dates.addWidget(dialog.date_to)
    form = QFormLayout()
    form.addRow(tr("Period"), period)
    form.addRow("", dates)
    form.addRow(tr("Language"), dialog.language)
    form.addRow(tr("Format"), dialog.format)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Print…"))
    buttons.accepted.connect(dialog.print_report)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(dialog.error)
    layout.addWidget(buttons)
