"""Appeals of residents (docs/domain.md, Appeals of residents): the list with its terms, filtered open,
overdue, due within 3 days or all, and searched by words. An overdue row is red and says so; one due
within 3 days amber and says so, so the mark is read without the colour too."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QVBoxLayout

from app.areas import Area
from app.i18n import N_, format_date, format_datetime, format_number, tr
from app.services import appeals
from app.ui.appeal_dialog import AppealDialog, state_text
from app.ui.combo import refill
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, list_view

TYPING_PAUSE_MS = 150  # search once the typing pauses, not at every key
DUE_SOON_DAYS = 3
OVERDUE_COLOUR = QColor("#b00020")
DUE_SOON_COLOUR = QColor("#fff1cc")  # amber, light enough to read black text on
# The filters, as apply_filter names them (the start page's figures).
FILTERS = {"open": N_("Open appeals"), "overdue": N_("Overdue"), "due_soon": N_("Due within 3 days"),
           "all": N_("All appeals")}


class AppealsModel(RowsModel):
    """An overdue appeal's row is red and bold; one due within 3 days has an amber background."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid():
            row = self.rows[index.row()]
            if row.overdue and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if row.due_soon and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(DUE_SOON_COLOUR)
            if row.overdue and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class AppealsPage(Page):
    areas = Area.ISSUES | Area.REGISTER | Area.SETTINGS  # a person's name, the district's terms
    area = Area.ISSUES

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.show_filter = QComboBox()
        self.show_filter.setObjectName("filter")
        self.show_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.new_button, self.open_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_appeal)
        self.open_button.clicked.connect(self.open_current)
        self.guard(self.new_button)
        # The period's papers: the register (names, the office's own) and the report (figures only).
        self.print_button, self.print_menu = QPushButton(), QMenu(self)
        self.print_button.setMenu(self.print_menu)
        self.report_action = self.print_menu.addAction("", self.print_report)
        self.register_action = self.print_menu.addAction("", self.print_register)
        self.model = AppealsModel([
            Column(N_("No."), lambda r: r.label),
            Column(N_("Received"), lambda r: format_datetime(r.received_at)),
            Column(N_("Applicant"), lambda r: r.applicant or tr("anonymous")),
            Column(N_("Kind"), lambda r: tr(appeals.KINDS[r.kind])),
            Column(N_("Addressed to"), lambda r: r.addressed_to),
            Column(N_("Due"), lambda r: format_date(r.due)),
            Column(N_("Status"), state_text),
        ], self)
        self.view = list_view(self.model, stretch=4)
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.show_filter)
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.print_button)
        counts = QHBoxLayout()
        counts.addStretch(1)
        counts.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addLayout(counts)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.search.setPlaceholderText(tr("Search by number, applicant, body or words of the text, in any spelling…"))
        self.new_button.setText(tr("New appeal…"))
        self.open_button.setText(tr("Open"))
        self.print_button.setText(tr("Print"))
        self.report_action.setText(tr("Appeals report") + "…")
        self.register_action.setText(tr("Register of appeals") + "…")
        refill(self.show_filter, [(tr(label), code) for code, label in FILTERS.items()])
        self.model.retranslate()
        self._show_count()

    def apply_filter(self, show: str = "open") -> None:
        """Another page's way in (the start page's figures): ``open``, ``overdue``, ``due_soon`` or ``all``."""
        self.show_filter.setCurrentIndex(max(0, self.show_filter.findData(show)))
        self.refresh()

    def _filter(self) -> dict:
        show = self.show_filter.currentData()
        return dict(text=self.search.text(), open_only=show == "open", overdue_only=show == "overdue",
                    due_within=DUE_SOON_DAYS if show == "due_soon" else None)

    def refresh(self) -> None:
        self.model.set_rows(appeals.rows(**self._filter()))
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(tr("Appeals shown: {count}", count=format_number(len(self.model.rows))))

    def new_appeal(self) -> None:
        self._open(None)

    new = new_appeal  # the window's Ctrl+N

    def _open(self, appeal_id: int | None) -> None:
        AppealDialog(appeal_id, parent=self).exec()

    def print_report(self) -> None:
        report_dialog(self).exec()

    print = print_report  # the window's Ctrl+P

    def print_register(self) -> None:
        register_dialog(self).exec()


def report_dialog(parent, today: date | None = None):
    from app.ui.period_report import PeriodReportDialog

    def write(*args):
        from app.printing.appeals import print_report  # loaded on first use: reportlab is heavy

        return print_report(*args)

    return PeriodReportDialog(N_("Appeals report"), "appeals", write, months=True, languages=("kk", "ru"),
                              today=today, parent=parent)


def register_dialog(parent, today: date | None = None):
    from app.ui.period_report import PeriodReportDialog

    def write(*args):
        from app.printing.appeals import print_register

        return print_register(*args)

    return PeriodReportDialog(N_("Register of appeals"), "appeals-register", write, months=True,
                              languages=("kk", "ru"), today=today, parent=parent)
