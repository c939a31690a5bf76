"""Local issues residents raise: the list with search, filters and counts per status, overdue issues
red and long-untouched ones marked. Rows are paged in from the service as the list scrolls."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.areas import Area
from app.i18n import N_, format_date, format_number, local_name, tr
from app.services import local_issues, settings
from app.ui.combo import refill
from app.ui.operations import ServiceCall
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, fit_columns

PAGE_SIZE = 200
# The service's sort key for each column of the list.
COLUMN_SORTS = ("number", "title", "category", "village", "raised_on", "priority", "assignee", "due_on",
                "status", "touched_at")
TYPING_PAUSE_MS = 150  # search once the typing pauses, not at every key
OVERDUE = "overdue"  # apply_filter's word for "overdue only" (the start page's figure)
OVERDUE_COLOUR = QColor("#b00020")
UNTOUCHED_COLOUR = QColor("#fff1cc")  # amber, light enough to read black text on
CHIP = "QPushButton { border: 1px solid #b8b8b8; border-radius: 10px; padding: 2px 10px; }"
CHIP_CHOSEN = ("QPushButton { border: 1px solid #2f6fb0; border-radius: 10px; padding: 2px 10px; "
               "background: #2f6fb0; color: white; font-weight: bold; }")


def _status(row: local_issues.IssueRow) -> str:
    return tr(local_issues.STATUSES[row.status])


class IssuesModel(RowsModel):
    """An overdue issue's row is red and bold; one nobody touched for long is amber and italic,
    with a tooltip saying since when."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid():
            row = self.rows[index.row()]
            if row.overdue and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if row.untouched and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(UNTOUCHED_COLOUR)
            if role == Qt.ItemDataRole.FontRole and (row.overdue or row.untouched):
                font = QFont()
                font.setBold(row.overdue)
                font.setItalic(row.untouched)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:  # the cell's whole text, and why the row stands out
                note = _tooltip(row)
                text = super().data(index, role)
                return f"{note}\n{text}" if note else text
        return super().data(index, role)


def _tooltip(row: local_issues.IssueRow) -> str | None:
    lines = []
    if row.overdue:
        lines.append(tr("Overdue: it was due on {date}.", date=format_date(row.due_on)))
    if row.untouched:
        lines.append(tr("Nothing has happened to it since {date}.", date=format_date(row.touched_at.date())))
    return "\n".join(lines) or None


class LocalIssuesPage(Page):
    areas = Area.ISSUES | Area.SETTINGS
    area = Area.ISSUES

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.counting = QTimer(self)  # owned by the page, so it dies with it
        self.counting.setSingleShot(True)
        self.counting.setInterval(0)
        self.counting.timeout.connect(self._count)
        self.status, self.category, self.village = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.status, self.category, self.village):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_only, self.open_only = QCheckBox(), QCheckBox()
        for box in (self.overdue_only, self.open_only):
            box.toggled.connect(lambda _on: self.refresh())
        # One chip per status with its count; a click shows that status, a second click all of them.
        self.chips: dict[str, QPushButton] = {}
        for code in local_issues.STATUSES:
            chip = QPushButton()
            chip.setObjectName(f"chip_{code}")
            chip.setCheckable(True)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.clicked.connect(lambda on, code=code: self._show_status(code if on else None))
            self.chips[code] = chip
        self.count = QLabel()
        self.new_button, self.open_button, self.delete_button, self.print_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.new_button.clicked.connect(self.new_issue)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.print_button.clicked.connect(self.print_report)
        self.guard(self.new_button, self.delete_button)
        self.villages: dict[int, tuple[str, str]] = {}
        self.model = IssuesModel([
            Column(N_("No."), lambda r: r.label),
            Column(N_("Title"), lambda r: r.title),
            Column(N_("Category"), lambda r: r.category),
            Column(N_("Village"), lambda r: local_name(r.village_kk, r.village_ru)),
            Column(N_("Raised on"), lambda r: format_date(r.raised_on)),
            Column(N_("Priority"), lambda r: tr(local_issues.PRIORITIES[r.priority])),
            Column(N_("Assignee"), lambda r: r.assignee),
            Column(N_("Due"), lambda r: format_date(r.due_on)),
            Column(N_("Status"), _status),
            Column(N_("Last change"), lambda r: format_date(r.touched_at.date())),
        ], self)
        self.model.fetch_more = self._next_page
        self.sort, self.descending = "number", True
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        # Long headers («Соңғы өзгеріс», «Последнее изменение») wrap, so the columns stay narrow.
        header.setDefaultAlignment(Qt.AlignmentFlag(Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value))
        header.setMinimumHeight(2 * header.fontMetrics().lineSpacing() + 10)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        fit_columns(self.view, 1)  # the title takes the width the others leave
        self.model.sort_by = self._sort  # only now: setting up the indicator is not a user's sort
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        for button in (self.new_button, self.open_button, self.delete_button, self.print_button):
            bar.addWidget(button)
        filters = QHBoxLayout()
        for widget in (self.status, self.category, self.village, self.open_only, self.overdue_only):
            filters.addWidget(widget)
        filters.addStretch(1)
        chips = QHBoxLayout()
        for chip in self.chips.values():
            chips.addWidget(chip)
        chips.addStretch(1)
        chips.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addLayout(chips)
        layout.addWidget(self.view, 1)
        self.counts: dict[str, int] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.search.setPlaceholderText(tr("Search by words of the title, address or who raised it, in any spelling…"))
        self.new_button.setText(tr("New issue…"))
        self.open_button.setText(tr("Open"))
        self.delete_button.setText(tr("Delete…"))
        self.print_button.setText(tr("Print a report…"))
        self.open_only.setText(tr("Open only"))
        self.overdue_only.setText(tr("Overdue only"))
        refill(self.status, [(tr("Any status"), None)]
               + [(tr(label), code) for code, label in local_issues.STATUSES.items()])
        self._fill_choices()
        self.model.retranslate()
        self._show_counts()

    def _fill_choices(self) -> None:
        choices = [(name, name) for name in local_issues.categories()]
        refill(self.category, [(tr("Any category"), None)] + choices)
        refill(self.village, [(tr("All villages"), None)]
               + [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])

    def apply_filter(self, status: str | None = None) -> None:
        """Another page's way in (the start page's figures): the issues of one status, or
        (``"overdue"``) the overdue ones; None shows all."""
        self.overdue_only.setChecked(status == OVERDUE)
        self._show_status(None if status == OVERDUE else status)

    def _show_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self._show_counts()  # the chips follow even when the filter did not change

    def _filter(self) -> dict:
        return dict(text=self.search.text(), status=self.status.currentData(),
                    category=self.category.currentData(), village_id=self.village.currentData(),
                    overdue_only=self.overdue_only.isChecked(), open_only=self.open_only.isChecked())

    def _sort(self, column: int, descending: bool) -> None:
        self.sort, self.descending = COLUMN_SORTS[column], descending
        self.refresh()

    def refresh(self) -> None:
        first = local_issues.rows(**self._filter(), sort=self.sort, descending=self.descending,
                                  offset=0, limit=PAGE_SIZE)
        self.model.set_rows(first, more=len(first) == PAGE_SIZE)
        self.counts = local_issues.counts_by_status()
        self._show_counts()
        self.counting.start()  # the total scans every match: it follows once the rows are on screen

    def reload(self) -> None:
        self._fill_choices()
        super().reload()

    def _count(self) -> None:
        self.total = local_issues.count(**self._filter())
        self._show_counts()

    def _show_counts(self) -> None:
        chosen = self.status.currentData()
        for code, chip in self.chips.items():
            chip.setText(tr("{status}: {count}", status=tr(local_issues.STATUSES[code]),
                            count=format_number(self.counts.get(code, 0))))
            chip.setChecked(code == chosen)
            chip.setStyleSheet(CHIP_CHOSEN if code == chosen else CHIP)
        if hasattr(self, "total"):
            self.count.setText(tr("Issues shown: {count}", count=format_number(self.total)))

    def _next_page(self, loaded: list) -> list:
        return local_issues.rows(**self._filter(), sort=self.sort, descending=self.descending,
                                 offset=len(loaded), limit=PAGE_SIZE)

    def new_issue(self) -> None:
        self._open(None)

    new = new_issue  # the window's Ctrl+N

    def _open(self, issue_id: int | None) -> None:
        from app.ui.local_issue_dialog import LocalIssueDialog

        LocalIssueDialog(issue_id, self.notices, parent=self).exec()

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, tr("Delete…"),
            tr("Delete the local issue No. {label} «{title}» with its history and attachments? "
               "This cannot be undone.", label=row.label, title=row.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        # Announced even when refused: one removed meanwhile on another computer leaves the list too.
        ServiceCall(self, lambda: local_issues.delete(row.id), changes=Area.ISSUES, partial=True)

    def print_report(self) -> None:
        report_dialog(self).exec()

    print = print_report  # the window's Ctrl+P


def report_dialog(parent, today: date | None = None):
    from app.ui.period_report import PeriodReportDialog

    def write(*args):
        from app.printing.issues import print_issues  # loaded on first use: reportlab is heavy

        return print_issues(*args)

    return PeriodReportDialog(N_("Local issues report"), "issues", write, today=today, parent=parent)
