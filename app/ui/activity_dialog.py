"""The centre's activity report for the akimat: a quarter or the whole of a year (or any dates), in
Kazakh, Russian or English, as PDF or XLSX, written in the background and then offered to open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QSpinBox, QWidget

from app import clock, i18n
from app.i18n import N_, tr
from app.services import activity
from app.ui.dates import date_edit, date_of
from app.ui.language import FollowsLanguage
from app.ui.period_report import FORMATS, lay_out, write_and_offer

WHOLE_YEAR, OTHER_DATES = 0, -1  # the period choice's data besides the quarters 1–4


def span(year: int, part: int) -> tuple[date, date]:
    """The days of a quarter (1–4) or, for WHOLE_YEAR, of the year."""
    if part == WHOLE_YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    return activity.quarter(year, part)


class ActivityReportDialog(FollowsLanguage, QDialog):
    """Opens on the last quarter that has ended: the one the akimat asks about."""

    def __init__(self, today: date | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Activity report for the akimat"))
        today = today or clock.today()
        quarter = (today.month - 1) // 3  # the last whole quarter, 0 meaning last year's fourth
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year if quarter else today.year - 1)
        self.part = QComboBox()
        for number in range(1, 5):
            self.part.addItem(tr("Quarter {quarter}", quarter=number), number)
        self.part.addItem(tr("Whole year"), WHOLE_YEAR)
        self.part.addItem(tr("Other dates"), OTHER_DATES)
        self.part.setCurrentIndex(self.part.findData(quarter or 4))
        self.date_from, self.date_to = date_edit(), date_edit()
        self.year.valueChanged.connect(self._part_chosen)
        self.part.currentIndexChanged.connect(self._part_chosen)
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
        choice = QHBoxLayout()
        choice.addWidget(self.part, 1)
        choice.addWidget(self.year)
        choice_box = QWidget()
        choice_box.setLayout(choice)
        choice.setContentsMargins(0, 0, 0, 0)
        lay_out(self, choice_box)
        self._part_chosen()

    def _part_chosen(self, *_args) -> None:
        part = self.part.currentData()
        self.year.setEnabled(part != OTHER_DATES)
        if part == OTHER_DATES:
            return
        for edit, day in zip((self.date_from, self.date_to), span(self.year.value(), part)):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)
        self.error.clear()

    def _dates_edited(self, *_args) -> None:
        self.part.blockSignals(True)
        self.part.setCurrentIndex(self.part.findData(OTHER_DATES))
        self.part.blockSignals(False)
        self.year.setEnabled(False)

    def period(self) -> tuple[date | None, date | None]:
        return date_of(self.date_from), date_of(self.date_to)

    def print_report(self) -> None:
        date_from, date_to = self.period()
        if date_from is None or date_to is None or date_to < date_from:
            self.error.setText(tr("Choose the period: its first day, then its last."))
            return
        suffix, lang = self.format.currentData(), self.language.currentData()
        name = f"activity-{date_from:%Y%m%d}-{date_to:%Y%m%d}-{lang}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, tr("Activity report for the akimat"), name,
                                                    FORMATS[suffix])
        if not path:
            return
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        self.accept()

        def write():
            from app.printing.activity import print_activity  # loaded on first use: reportlab is heavy

            return print_activity(date_from, date_to, lang, path)

        write_and_offer(self.parentWidget() or self, N_("Activity report for the akimat"), write, path)
