"""Deleted meetings, local issues, grants, events and people, for an administrator to bring back with
what their deletion took along (docs/architecture.md: Record versions). Opened from the Settings page."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.areas import Area
from app.errors import DomainError
from app.i18n import N_, format_datetime, tr
from app.services import history
from app.ui.operations import ServiceCall

HEADERS = (N_("When"), N_("Who"), N_("Kind"), N_("Record"))
# The area whose lists show a restored record again.
AREAS = {"members": Area.REGISTER, "meetings": Area.MEETINGS, "local_issues": Area.ISSUES,
         "grants": Area.GRANTS, "events": Area.EVENTS}


class DeletedRecordsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.resize(760, 420)
        self.rows: list[history.Deleted] = []
        self.kind = QComboBox()
        self.kind.addItem("", None)
        for kind in history.DELETED_KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("deleted")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._enable)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        self.kind_label = QLabel()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Deleted records"))
        self.kind.setItemText(0, tr("All kinds"))
        for index, label in enumerate(history.DELETED_KINDS.values(), start=1):
            self.kind.setItemText(index, tr(label))
        self.table.setHorizontalHeaderLabels([tr(text) for text in HEADERS])
        self.restore_button.setText(tr("Restore…"))
        self.kind_label.setText(tr("Kind"))
        self.refresh()  # the rows' kinds and the message are words too

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        try:
            self.rows = history.deleted_records(self.kind.currentData())
        except DomainError as error:  # a role that may not restore
            self.rows = []
            self.message.setText(error.message())
        else:
            self.message.setText("" if self.rows else tr("No deleted records to restore."))
        self.message.setVisible(bool(self.message.text()))
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            for column, text in enumerate((format_datetime(row.at), row.user_name,
                                           tr(history.DELETED_KINDS[row.kind]), row.title)):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._enable()

    def selected(self) -> history.Deleted | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, tr("Restore…"),
            tr("Bring back {kind} «{record}» with what was deleted with it, where what it refers to still "
               "exists?", kind=tr(history.DELETED_KINDS[row.kind]), record=row.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: history.restore_deleted(row.version_id), changes=AREAS[row.kind],
                    on_success=lambda _number: self.refresh())
