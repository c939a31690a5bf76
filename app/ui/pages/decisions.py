"""The decisions register: every adopted decision with who carries it out, the deadlines for sending
it to the akim and for the akim's answer, and its status. Overdue decisions stand out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout

from app import i18n
from app.areas import Area
from app.i18n import N_, format_date, tr
from app.services import meetings
from app.ui.combo import refill
from app.ui.dates import date_edit, date_of
from app.ui.decision_dialog import DecisionDialog
from app.ui.hall_screen import meeting_caption
from app.ui.meeting_print import PDF_OR_WORD, chosen_path
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, fit_columns

OVERDUE_COLOUR = QColor("#b00020")
OVERDUE_MARK = "! "
MEETING_WIDTH = 220  # a meeting's caption on two or three lines, so the decision keeps the room


def _status(row: meetings.DecisionRow) -> str:
    text = tr(meetings.DECISION_STATUSES[row.status])
    return OVERDUE_MARK + text if row.status == "overdue" else text


class DecisionsModel(RowsModel):
    """The register's rows; an overdue decision's row is red and bold, and a cell cut short by the
    row's height shows its whole text as a tooltip."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        if index.isValid() and self.rows[index.row()].status == "overdue":
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class DecisionsPage(Page):
    areas = Area.MEETINGS | Area.SETTINGS
    area = Area.MEETINGS
    printed = Signal(str)  # the PDF just written

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.date_from, self.date_to = date_edit(), date_edit()
        self.from_label, self.to_label = QLabel(), QLabel("–")
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue = QPushButton()  # the count of overdue decisions; clicking it shows them
        self.overdue.setObjectName("overdueCount")
        self.overdue.setFlat(True)
        self.overdue.setStyleSheet(f"color: {OVERDUE_COLOUR.name()}; font-weight: bold;")
        self.overdue.clicked.connect(lambda: self.apply_filter("overdue"))
        self.count = QLabel()
        self.edit_button, self.print_button = QPushButton(), QPushButton()
        self.edit_button.clicked.connect(self.edit_current)
        self.print_button.clicked.connect(self.print_register)
        self.guard(self.edit_button)
        self.language = QComboBox()  # the register prints in Kazakh or Russian
        for code in meetings.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.model = DecisionsModel([
            Column(N_("No."), lambda r: r.label),
            Column(N_("Meeting"), lambda r: meeting_caption(r.meeting_kind, r.meeting_kind_name, r.meeting_number,
                                                            r.meeting_date, r.village_kk, r.village_ru)),
            Column(N_("Decision"), lambda r: r.text or r.item_title),
            Column(N_("Responsible"), lambda r: r.responsible),
            Column(N_("Deadline"), lambda r: format_date(r.deadline)),
            Column(N_("Send by"), lambda r: format_date(r.send_by)),
            Column(N_("Sent to the akim"), lambda r: format_date(r.sent_on)),
            Column(N_("Answer due"), lambda r: format_date(r.answer_due)),
            Column(N_("Answer received"), lambda r: format_date(r.answer_on)),
            Column(N_("Status"), _status),
        ], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        # A long decision shows its first three lines; the whole text is in the dialog and the print.
        self.view.verticalHeader().setMaximumSectionSize(3 * self.view.fontMetrics().lineSpacing() + 8)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        # Long headers wrap, so the dates stay narrow and the meeting and the decision's text share
        # the width that is left.
        header.setDefaultAlignment(
            Qt.AlignmentFlag(Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value))
        header.setMinimumHeight(2 * header.fontMetrics().lineSpacing() + 10)  # two lines of a header
        fit_columns(self.view, 2, wrapped={1: MEETING_WIDTH, 3: MEETING_WIDTH * 2 // 3})
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        filters = QHBoxLayout()
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to, self.status):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.edit_button)
        filters.addWidget(self.language)
        filters.addWidget(self.print_button)
        counts = QHBoxLayout()
        counts.addWidget(self.overdue)
        counts.addStretch(1)
        counts.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addLayout(counts)
        layout.addWidget(self.view, 1)
        self.rows: list[meetings.DecisionRow] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.from_label.setText(tr("Meetings held:"))
        self.edit_button.setText(tr("Edit…"))
        self.print_button.setText(tr("Print the register…"))
        refill(self.status, [(tr("Any status"), None)]
               + [(tr(label), code) for code, label in meetings.DECISION_STATUSES.items()])
        self.model.retranslate()
        self._show_counts()

    def apply_filter(self, status: str | None) -> None:
        """Shows the decisions of one status (the start page's overdue figure opens it so)."""
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _filter(self) -> dict:
        return dict(date_from=date_of(self.date_from), date_to=date_of(self.date_to),
                    status=self.status.currentData())

    def refresh(self) -> None:
        chosen = self._filter()
        # One read for the list and the overdue count, which counts the whole period whatever the status shown.
        self.rows = meetings.decisions(chosen["date_from"], chosen["date_to"])
        status = chosen["status"]
        self.model.set_rows([r for r in self.rows if not status or r.status == status])
        self.view.resizeRowsToContents()  # long meeting names and decisions wrap
        self._show_counts()

    def _show_counts(self) -> None:
        overdue = sum(1 for r in self.rows if r.status == "overdue")
        self.overdue.setText(tr("{count} overdue", count=overdue))
        self.overdue.setVisible(overdue > 0)
        self.count.setText(tr("Decisions shown: {count}", count=self.model.rowCount()))

    def current_row(self) -> meetings.DecisionRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        DecisionDialog(row.id, row.label, self).exec()  # what it saved it announced itself

    def print_register(self) -> None:
        """The register of the period as a PDF (shown in the print preview), or a Word copy (opened), in the
        chosen language, made off the UI thread."""
        from app.printing.meetings import print_decisions  # loaded on first use: reportlab is heavy
        from app.ui import pdf_preview
        from app.ui.work import run_task

        path, chosen_type = QFileDialog.getSaveFileName(self, tr("Print the register…"), "decisions.pdf", PDF_OR_WORD)
        if not path:
            return
        path = chosen_path(path, chosen_type)
        chosen, lang = self._filter(), self.language.currentData()

        def work(progress, cancelled):
            return print_decisions(chosen["date_from"], chosen["date_to"], lang, path, status=chosen["status"])

        def done(result, error):
            if error is None:
                written = str(result or path)
                self.printed.emit(written)
                pdf_preview.offer(self, written)

        run_task(self, work, title=tr("Printing the register…"), on_done=done)

    print = print_register  # the window's Ctrl+P
