"""The audit log: who changed what and when, newest first, paged in as the list scrolls."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QTableView, QVBoxLayout

from app import clock
from app.areas import ALL
from app.i18n import N_, format_datetime, tr
from app.services import audit
from app.ui.combo import refill
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, fit_columns

PAGE_SIZE = 500


def _fields(row: audit.AuditRow) -> str:
    """Changed fields by their labels, with their values unless they are personal data."""
    parts = []
    for text in row.texts:
        if text.new is None:
            parts.append(tr(text.label))
        elif text.old is not None:
            parts.append(f"{tr(text.label)}: {text.old} → {text.new}")
        else:
            parts.append(f"{tr(text.label)}: {text.new}")
    return "; ".join(parts)


def _user(row: audit.AuditRow) -> str:
    """The signed-in person's name; without sign-in the log knows only the computer's account, and says so."""
    if row.person:
        return row.person
    return tr("{account} (the computer's account: no sign-in)", account=row.user_name)


class AuditPage(Page):
    areas = ALL

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.since_check = QCheckBox()
        self.since = QDateEdit(QDate(clock.today()).addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setEnabled(False)
        self.since_check.toggled.connect(self.since.setEnabled)
        self.since_check.toggled.connect(self.reload)
        self.since.dateChanged.connect(self.reload)
        self.table_filter = QComboBox()
        self.table_filter.currentIndexChanged.connect(self.reload)
        self.model = RowsModel([
            Column(N_("When"), lambda r: format_datetime(r.at)),
            Column(N_("User"), _user),
            Column(N_("Action"), lambda r: tr(audit.ACTION_LABELS.get(r.action, r.action))),
            Column(N_("What"), lambda r: tr(audit.TABLE_LABELS[r.table_name])
                   if r.table_name in audit.TABLE_LABELS else r.table_name),
            Column(N_("Record"), lambda r: r.record),
            Column(N_("Fields"), _fields),
        ], self)
        self.model.fetch_more = self._next_page
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        # Names of people, areas and records are read whole; the fields take the rest of the row.
        fit_columns(self.view, 5)
        self.view.setAlternatingRowColors(True)
        filters = QHBoxLayout()
        filters.addWidget(self.since_check)
        filters.addWidget(self.since)
        filters.addWidget(self.table_filter)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.note.setText(tr("Every change to the data is recorded here. The values of personal data "
                             "(names, IIN, addresses, phones) are never shown, only that they changed."))
        self.since_check.setText(tr("Since"))
        refill(self.table_filter, [(tr("All records"), None)]
               + sorted(((tr(label), table) for table, label in audit.TABLE_LABELS.items()), key=lambda o: o[0]))
        self.model.retranslate()
        if self.model.rowCount():
            self.refresh()  # the entries' labels and values are read in the interface language

    def _query(self) -> dict:
        since: date | None = self.since.date().toPython() if self.since_check.isChecked() else None
        return dict(since=since, table=self.table_filter.currentData(), limit=PAGE_SIZE)

    def refresh(self) -> None:
        rows = audit.entries(**self._query())
        self.model.set_rows(rows, more=len(rows) == PAGE_SIZE)

    def _next_page(self, loaded: list[audit.AuditRow]) -> list:
        return audit.entries(**self._query(), before_id=loaded[-1].id if loaded else None)
