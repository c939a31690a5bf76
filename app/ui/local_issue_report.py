"""The local issues report for a period: quarter and year presets or any dates, in Kazakh, Russian or
English, as PDF or XLSX, written in the background and then offered to open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QMessageBox, QVBoxLayout)

from app import i18n
from app.i18n import tr
from app.ui.dates import date_edit, date_of

FORMATS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def presets(today: date) -> list[tuple[str, tuple[date, date]]]:
    """(label, period) choices: this and last quarter, this and last year."""
    quarter = (today.month - 1) // 3 + 1
    last_q = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return [
        (tr("This quarter ({quarter} of {year})", quarter=quarter, year=today.year), _quarter(today.year, quarter)),
        (tr("Last quarter ({quarter} of {year})", quarter=last_q[1], year=last_q[0]), _quarter(*last_q)),
        (tr("This year ({year})", year=today.year), (date(today.year, 1, 1), date(today.year, 12, 31))),
        (tr("Last year ({year})", year=today.year - 1), (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


class IssueReportDialog(QDialog):
    def __init__(self, today: date | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Local issues report"))
        self.today = today or date.today()
        self.preset = QComboBox()
        for label, period in presets(self.today):
            self.preset.addItem(label, period)
        self.preset.addItem(tr("Other dates"), None)
        self.date_from, self.date_to = date_edit(), date_edit()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._dates_edited)
        self.language = QComboBox()
        for code, name in i18n.LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.format = QComboBox()
        for code, text in FORMATS.items():
            self.format.addItem(text.split(" ")[0], code)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        form = QFormLayout()
        form.addRow(tr("Period"), self.preset)
        form.addRow("", dates)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Format"), self.format)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Print…"))
        buttons.accepted.connect(self.print_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._preset_chosen()

    def _preset_chosen(self, *_args) -> None:
        period = self.preset.currentData()
        if period is None:
            return
        for edit, day in zip((self.date_from, self.date_to), period):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)

    def _dates_edited(self, *_args) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.count() - 1)  # "Other dates"
        self.preset.blockSignals(False)

    def period(self) -> tuple[date | None, date | None]:
        return date_of(self.date_from), date_of(self.date_to)

    def print_report(self) -> None:
        date_from, date_to = self.period()
        if date_from is None or date_to is None or date_to < date_from:
            self.error.setText(tr("Choose the period: its first day, then its last."))
            return
        suffix, lang = self.format.currentData(), self.language.currentData()
        name = f"issues-{date_from:%Y%m%d}-{date_to:%Y%m%d}-{lang}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, tr("Local issues report"), name, FORMATS[suffix])
        if not path:
            return
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        self.accept()
        self.write(date_from, date_to, lang, path, self.parentWidget() or self)

    @staticmethod
    def write(date_from: date, date_to: date, lang: str, path: str, parent) -> None:
        """Writes the report off the UI thread, then offers to open it."""
        from app.services import issue_reports  # loaded on first use: reportlab is heavy
        from app.ui.work import run_task

        def work(progress, cancelled):
            return issue_reports.print_issues(date_from, date_to, lang, path)

        def done(result, error):
            if error is not None:
                return
            written = str(result or path)
            answer = QMessageBox.question(parent, tr("Local issues report"),
                                          tr("The report is written to {path}. Open it?", path=written))
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(written))

        run_task(parent, work, title=tr("Writing the report…"), on_done=done)

