"""The собрание's elected members: who is in office and until when, electing a person from the
register (found in any spelling) and ending a membership. ``changed`` fires after each change."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app import clock
from app.areas import Area
from app.errors import ValidationError
from app.i18n import N_, format_date, local_name, tr
from app.services import meetings, members, settings
from app.ui.combo import refill
from app.ui.hall_screen import meeting_caption
from app.ui.language import FollowsLanguage
from app.ui.operations import ServiceCall

HEADERS = (N_("Name"), N_("Village"), N_("Elected on"), N_("Term ends"), N_("Left on"))
FORMER = QColor("#777777")
TYPING_PAUSE_MS = 150


def _day_edit() -> QDateEdit:
    edit = QDateEdit(QDate(clock.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


class AssemblyDialog(FollowsLanguage, QDialog):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Members of the assembly"))
        self.resize(980, 660)
        self.rows: list[meetings.AssemblyMemberRow] = []
        self.villages = {v.id: local_name(v.name_kk, v.name_ru) for v in settings.villages()}
        self.summary = QLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        # Electing: a person found in the register, the day, and the сход that elected them.
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Find a person by name, in any spelling…"))
        self.search.setClearButtonEnabled(True)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.found = QListWidget()
        self.found.setMaximumHeight(110)
        self.elected_on = _day_edit()
        self.elected_at = QComboBox()
        refill(self.elected_at, [(tr("(not recorded)"), None)] + [
            (meeting_caption(m.kind, m.kind_name, m.number, m.starts_at.date(), m.village_kk, m.village_ru), m.id)
            for m in meetings.list_meetings(kind=meetings.GATHERING)])
        self.elect_button = QPushButton(tr("Elect"))
        self.elect_button.clicked.connect(self.elect)
        self.elect_error = _error_label()
        elect_box = QGroupBox(tr("Elect a member"))
        form = QFormLayout(elect_box)
        form.addRow(tr("Person"), self.search)
        form.addRow("", self.found)
        form.addRow(tr("Elected on"), self.elected_on)
        form.addRow(tr("Elected at"), self.elected_at)
        form.addRow("", self.elect_button)
        form.addRow("", self.elect_error)

        # Ending: the chosen member leaves on a day.
        self.left_on = _day_edit()
        self.end_button = QPushButton(tr("End the membership"))
        self.end_button.clicked.connect(self.end_membership)
        self.end_error = _error_label()
        end_box = QGroupBox(tr("End a membership"))
        end_row = QFormLayout()
        end_row.addRow(tr("Left on"), self.left_on)
        end_row.addRow("", self.end_button)
        end_layout = QVBoxLayout(end_box)
        end_layout.addLayout(end_row)
        end_layout.addWidget(self.end_error)
        end_layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        forms = QHBoxLayout()
        forms.addWidget(elect_box, 3)
        forms.addWidget(end_box, 2)
        layout.addLayout(forms)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self.found.itemSelectionChanged.connect(self._enable)
        self.refresh()

    def refresh(self) -> None:
        today = clock.today()
        in_office = {r.id for r in meetings.assembly_members(on=today)}
        everyone = meetings.assembly_members()
        # Those in office first, each part in name order (as the service gives it).
        self.rows = [r for r in everyone if r.id in in_office] + [r for r in everyone if r.id not in in_office]
        self.table.setRowCount(0)
        for row in self.rows:
            current = row.id in in_office
            values = (row.name, self.villages.get(row.village_id, ""), format_date(row.elected_on),
                      format_date(row.term_ends_on), format_date(row.left_on))
            index = self.table.rowCount()
            self.table.insertRow(index)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not current:
                    item.setForeground(QBrush(FORMER))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(tr("In office: {count}; former members: {former}", count=len(in_office),
                                former=len(self.rows) - len(in_office)))
        self._enable()

    def _find(self) -> None:
        self.found.clear()
        for person in members.search(self.search.text(), limit=30):
            details = ", ".join(part for part in (format_date(person.birth_date),
                                                  self.villages.get(person.village_id, ""), person.address) if part)
            item = QListWidgetItem(f"{person.full_name} ({details})" if details else person.full_name)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.found.addItem(item)
        if self.found.count() == 1:
            self.found.setCurrentRow(0)
        self._enable()

    def chosen_membership(self) -> meetings.AssemblyMemberRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _enable(self) -> None:
        self.elect_button.setEnabled(self.found.currentItem() is not None)
        chosen = self.chosen_membership()
        self.end_button.setEnabled(chosen is not None and chosen.left_on is None)

    def elect(self) -> None:
        item = self.found.currentItem()
        if item is None:
            return
        self._change(self.elect_error, meetings.elect, item.data(Qt.ItemDataRole.UserRole),
                     self.elected_on.date().toPython(), self.elected_at.currentData())

    def end_membership(self) -> None:
        chosen = self.chosen_membership()
        if chosen is not None:
            self._change(self.end_error, meetings.end_membership, chosen.id, self.left_on.date().toPython())

    def _change(self, error_label: QLabel, action, *args) -> None:
        self.elect_error.setText("")
        self.end_error.setText("")
        # A refusal is said beside the part of the form it is about; nothing chosen is lost.
        ServiceCall(self, lambda: action(*args), changes=Area.MEETINGS, on_success=lambda _r: self._changed(),
                    handlers={ValidationError: lambda error: error_label.setText(error.message())})

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
