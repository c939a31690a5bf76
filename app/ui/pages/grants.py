"""Grants: the list with what each has received, spent and kept (warnings marked), totals per
currency (never added across currencies), and every deadline (reports and tax notices together,
overdue red, due soon amber) to be marked submitted. Donors and the grants report are one click away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app import clock
from app.areas import Area
from app.i18n import N_, format_date, tr
from app.rules import money
from app.services import grants
from app.ui.combo import refill
from app.ui.grant_form import AMBER, RED, WARNING_SIGN, amount_text, ask
from app.ui.grant_money_panels import DeadlinesModel, SubmittedForm, deadline_kind
from app.ui.operations import ServiceCall
from app.ui.pages import Page
from app.ui.period_report import PeriodReportDialog
from app.ui.table_model import Column, RowsModel, list_view

RUNNING, ALL_GRANTS = "running", "all"
OVERDUE = "overdue"  # apply_filter's word for the overdue deadlines (the start page's figure)
BALANCE_COLUMN, WARNINGS_COLUMN = 9, 10


def _warnings(row: grants.GrantRow) -> str:
    return f"{WARNING_SIGN} {row.warnings}" if row.warnings else ""


class GrantsModel(RowsModel):
    """A grant with warnings has its marker in amber, and a tooltip saying to open it; a balance
    below zero (spent more than received) is red."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (index.isValid() and index.column() == BALANCE_COLUMN and role == Qt.ItemDataRole.ForegroundRole
                and self.rows[index.row()].received < self.rows[index.row()].spent):
            return QBrush(RED)
        if index.isValid() and index.column() == WARNINGS_COLUMN and self.rows[index.row()].warnings:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(AMBER)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("Open the grant to read its warnings.")
        return super().data(index, role)


def report_dialog(parent, today: date | None = None) -> PeriodReportDialog:
    def write(*args):
        from app.printing.grants import print_grants  # loaded on first use: reportlab is heavy

        return print_grants(*args)

    return PeriodReportDialog(N_("Grants report"), "grants", write, today=today, parent=parent)


class GrantsPage(Page):
    areas = Area.GRANTS | Area.ISSUES | Area.SETTINGS
    area = Area.GRANTS

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.running, self.donor_kind = QComboBox(), QComboBox()
        for combo in (self.running, self.donor_kind):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button, self.open_button, self.delete_button, self.donors_button, self.print_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.new_button.clicked.connect(self.new_grant)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.donors_button.clicked.connect(self.edit_donors)
        self.print_button.clicked.connect(self.print_report)
        self.model = GrantsModel([
            Column(N_("Donor"), lambda r: r.donor),
            Column(N_("Kind of donor"), lambda r: tr(grants.DONOR_KINDS[r.donor_kind])),
            Column(N_("Agreement No."), lambda r: r.agreement_number),
            Column(N_("Programme"), lambda r: r.programme),
            Column(N_("Period"), lambda r: f"{format_date(r.starts_on)} –\n{format_date(r.ends_on)}"),
            Column(N_("Currency"), lambda r: r.currency),
            Column(N_("Total"), lambda r: amount_text(r.total), True),
            Column(N_("Received"), lambda r: amount_text(r.received), True),
            Column(N_("Spent"), lambda r: amount_text(r.spent), True),
            Column(N_("Balance"), lambda r: amount_text(r.received - r.spent), True),
            Column(N_("Warnings"), _warnings),
        ], self)
        # Eleven columns: long donors and warnings wrap, amounts go without the sign (the currency
        # has its column); the programme takes what is left.
        self.view = list_view(self.model, 3, minimum=180, wrapped={0: 165, WARNINGS_COLUMN: 200})
        self.model.modelReset.connect(self.view.resizeRowsToContents)
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grants_tab = QWidget()
        grants_layout = QVBoxLayout(grants_tab)
        grants_layout.addWidget(self.view, 1)
        grants_layout.addWidget(self.totals)
        # Every deadline of every grant.
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(lambda _i: self.refresh_deadlines())
        self.submitted_button, self.open_grant_button = QPushButton(), QPushButton()
        self.submitted_button.clicked.connect(self.mark_submitted)
        self.open_grant_button.clicked.connect(self.open_deadline_grant)
        self.guard(self.new_button, self.delete_button, self.donors_button, self.submitted_button)
        self.deadlines_model = DeadlinesModel([
            Column(N_("Due"), lambda d: format_date(d.due_on)),
            Column(N_("Grant"), lambda d: d.grant_label),
            Column(N_("Kind"), deadline_kind),
            Column(N_("Submitted on"), lambda d: format_date(d.submitted_on)),
            Column(N_("Status"), lambda d: tr(grants.DEADLINE_STATUSES[d.status])),
        ], self)
        self.deadlines_view = list_view(self.deadlines_model, 2)
        # A double click does what the button offers (not offered to a role without grants).
        self.deadlines_view.doubleClicked.connect(lambda _index: self.submitted_button.isEnabled()
                                                  and self.mark_submitted())
        deadlines_bar = QHBoxLayout()
        deadlines_bar.addWidget(self.status)
        deadlines_bar.addStretch(1)
        deadlines_bar.addWidget(self.submitted_button)
        deadlines_bar.addWidget(self.open_grant_button)
        deadlines_tab = QWidget()
        deadlines_layout = QVBoxLayout(deadlines_tab)
        deadlines_layout.addLayout(deadlines_bar)
        deadlines_layout.addWidget(self.deadlines_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(grants_tab, "")
        self.tabs.addTab(deadlines_tab, "")
        bar = QHBoxLayout()
        for widget in (self.running, self.donor_kind):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (self.new_button, self.open_button, self.delete_button, self.donors_button, self.print_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.overdue = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        refill(self.running, [(tr("All grants"), ALL_GRANTS), (tr("Running now"), RUNNING)])
        refill(self.donor_kind, [(tr("Any donor"), None)]
               + [(tr(label), code) for code, label in grants.DONOR_KINDS.items()])
        refill(self.status, [(tr("Any status"), None)]
               + [(tr(label), code) for code, label in grants.DEADLINE_STATUSES.items()])
        self.new_button.setText(tr("New grant…"))
        self.open_button.setText(tr("Open"))
        self.delete_button.setText(tr("Delete…"))
        self.donors_button.setText(tr("Donors…"))
        self.print_button.setText(tr("Print a report…"))
        self.submitted_button.setText(tr("Mark as submitted…"))
        self.open_grant_button.setText(tr("Open the grant"))
        self.model.retranslate()
        self.deadlines_model.retranslate()
        self._show_tab_titles()
        if self.model.rows:
            self._show_totals()

    def _show_tab_titles(self) -> None:
        self.tabs.setTabText(0, tr("Grants ({count})", count=len(self.model.rows)))
        title = tr("Deadlines")
        if self.overdue:
            title = f"{WARNING_SIGN} " + tr("Deadlines: {count} overdue", count=self.overdue)
        self.tabs.setTabText(1, title)
        self.tabs.tabBar().setTabTextColor(1, RED if self.overdue else QColor())  # invalid: the usual colour

    def apply_filter(self, status: str | None) -> None:
        """Shows the deadlines of one status (``"overdue"`` from the start page); None shows all."""
        self.tabs.setCurrentIndex(1)
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def refresh(self) -> None:
        running = self.running.currentData() == RUNNING
        self.model.set_rows(grants.list_grants(active_on=clock.today() if running else None,
                                               donor_kind=self.donor_kind.currentData()))
        self._show_totals()
        self.refresh_deadlines()

    def _show_totals(self) -> None:
        rows = self.model.rows
        sums = {name: money.totals_by_currency((r.currency, value(r)) for r in rows) for name, value in (
            ("total", lambda r: r.total), ("received", lambda r: r.received), ("spent", lambda r: r.spent))}
        lines = [tr("{currency}: total {total} · received {received} · spent {spent} · balance {balance}",
                    currency=currency, total=amount_text(total, currency),
                    received=amount_text(sums["received"][currency], currency),
                    spent=amount_text(sums["spent"][currency], currency),
                    balance=amount_text(sums["received"][currency] - sums["spent"][currency], currency))
                 for currency, total in sums["total"].items()]
        self.totals.setText("\n".join(lines) if lines else tr("No grants to show."))

    def refresh_deadlines(self) -> None:
        every = grants.deadlines()
        self.overdue = sum(1 for d in every if d.status == "overdue")
        status = self.status.currentData()
        self.deadlines_model.set_rows([d for d in every if status is None or d.status == status])
        self._show_tab_titles()

    # Actions ------------------------------------------------------------------------------------

    def current_row(self) -> grants.GrantRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def current_deadline(self) -> grants.DeadlineView | None:
        index = self.deadlines_view.currentIndex()
        return self.deadlines_model.row(index.row()) if index.isValid() else None

    def new_grant(self) -> None:
        self._open(None)

    new = new_grant  # the window's Ctrl+N

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self._open(row.id)

    def open_deadline_grant(self) -> None:
        deadline = self.current_deadline()
        if deadline is not None:
            self._open(deadline.grant_id)

    def _open(self, grant_id: int | None) -> None:
        from app.ui.grant_editor import GrantEditor

        GrantEditor(grant_id, self.notices, parent=self).exec()

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, tr("Delete…"),
            tr("Delete the grant {donor}: {number} with its budget lines, tranches and deadlines? "
               "This cannot be undone.", donor=row.donor, number=row.agreement_number))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: grants.delete_grant(row.id), changes=Area.GRANTS)

    def mark_submitted(self) -> None:
        deadline = self.current_deadline()
        if deadline is not None:
            ask(self, SubmittedForm, deadline.grant_id, deadline)  # the form announces what it saved

    def edit_donors(self) -> None:
        from app.ui.donors_dialog import DonorsDialog

        DonorsDialog(self.notices, parent=self).exec()

    def print_report(self) -> None:
        report_dialog(self).exec()

    print = print_report  # the window's Ctrl+P
