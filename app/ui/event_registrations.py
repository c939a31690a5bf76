"""Who is coming to an event: people from the register (found in any spelling) or guests by name and
phone, up to the places with a waiting list after; attendance ticked on the day; the counts.
Every action is written at once through the events service."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
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
    QWidget,
)

from app.areas import Area
from app.errors import DomainError, ValidationError
from app.i18n import N_, format_datetime, tr
from app.services import events, members
from app.ui.operations import ServiceCall

COLUMNS = (N_("Person"), N_("Phone"), N_("Registered on"), N_("Status"), N_("Came"))
ATTENDED = 4
SEARCH_PAUSE_MS = 200
FOUND_LIMIT = 30


class RegistrationsPanel(QWidget):
    changed = Signal()

    def __init__(self, event_id: int, parent=None):
        super().__init__(parent)
        self.event_id = event_id
        self.view: events.EventView | None = None
        self.counts = QLabel()
        self.counts.setObjectName("heading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.found = QListWidget()
        self.found.setMaximumHeight(90)
        self.found.itemDoubleClicked.connect(lambda _item: self.register_member())
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(SEARCH_PAUSE_MS)
        self.typing.timeout.connect(self.find_people)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self.register_member)
        self.guest_name, self.guest_phone = QLineEdit(), QLineEdit()
        self.guest_button = QPushButton()
        self.guest_button.clicked.connect(self.register_guest)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._attendance_ticked)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_current)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.member_label, self.guest_label, self.phone_label = QLabel(), QLabel(), QLabel()

        add = QGridLayout()
        add.addWidget(self.member_label, 0, 0)
        add.addWidget(self.search, 0, 1, 1, 3)
        add.addWidget(self.register_button, 0, 4)
        add.addWidget(self.found, 1, 1, 1, 3)
        add.addWidget(self.guest_label, 2, 0)
        add.addWidget(self.guest_name, 2, 1)
        add.addWidget(self.phone_label, 2, 2)
        add.addWidget(self.guest_phone, 2, 3)
        add.addWidget(self.guest_button, 2, 4)
        add.setColumnStretch(1, 2)
        add.setColumnStretch(3, 1)
        below = QHBoxLayout()
        below.addWidget(self.cancel_button)
        below.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(add)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.member_label.setText(tr("From the register:"))
        self.search.setPlaceholderText(tr("Search by name, IIN or phone, in any spelling…"))
        self.register_button.setText(tr("Register"))
        self.guest_label.setText(tr("A guest:"))
        self.guest_name.setPlaceholderText(tr("Name"))
        self.phone_label.setText(tr("Phone"))
        self.guest_button.setText(tr("Register the guest"))
        self.cancel_button.setText(tr("Cancel the registration"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        if self.isVisible():  # the places and counts are texts too
            self.refresh()

    def refresh(self) -> None:
        view = self._show_counts()
        self.table.blockSignals(True)
        self.table.setRowCount(len(view.registrations))
        waiting_no = 0
        for row, r in enumerate(view.registrations):
            if r.waiting:
                waiting_no += 1
            place = tr("waiting list, No. {n}", n=waiting_no) if r.waiting else tr("registered")
            for column, text in enumerate((r.name, r.phone, format_datetime(r.registered_at), place)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if r.waiting:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
            tick = QTableWidgetItem()
            tick.setData(Qt.ItemDataRole.UserRole, r.id)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            tick.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable if not r.waiting else flags)
            tick.setCheckState(Qt.CheckState.Checked if r.attended else Qt.CheckState.Unchecked)
            self.table.setItem(row, ATTENDED, tick)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _show_counts(self) -> events.EventView:
        self.view = view = events.get(self.event_id)
        places = tr("no limit") if view.data.capacity is None else str(view.data.capacity)
        self.counts.setText(tr("Registered {registered} of {places} · waiting {waiting} · came {attended}",
                               registered=view.registered, places=places, waiting=view.waiting,
                               attended=view.attended))
        return view

    def hideEvent(self, event):  # noqa: N802 (Qt's name)
        self.typing.stop()  # a search typed into a closed form has no one to show it to
        super().hideEvent(event)

    def find_people(self) -> None:
        self.found.clear()
        for person in members.search(self.search.text(), limit=FOUND_LIMIT):
            item = QListWidgetItem(" · ".join(p for p in (person.full_name, person.phone) if p))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.found.addItem(item)
        self.found.setCurrentRow(0)

    def _act(self, action, *args, **kwargs) -> bool:
        self.error.setText("")
        return bool(ServiceCall(self, lambda: action(*args, **kwargs), changes=Area.EVENTS,
                                on_success=lambda _r: self._changed(),
                                handlers={ValidationError: lambda error: self.error.setText(error.message())}).ok)

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def register_member(self) -> None:
        item = self.found.currentItem()
        if item is None:
            self.error.setText(tr("Find the person in the register first."))
            return
        self._act(events.register, self.event_id, member_id=item.data(Qt.ItemDataRole.UserRole))

    def register_guest(self) -> None:
        if self._act(events.register, self.event_id, guest_name=self.guest_name.text(),
                     guest_phone=self.guest_phone.text()):
            self.guest_name.clear()
            self.guest_phone.clear()

    def current_registration(self) -> int | None:
        row = self.table.currentRow()
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) if row >= 0 else None

    def cancel_current(self) -> None:
        registration = self.current_registration()
        if registration is not None:
            self._act(events.cancel_registration, registration)

    def _attendance_ticked(self, item: QTableWidgetItem) -> None:
        """A tick is written at once; the list stays as it is (the item is in the middle of its own
        signal), only the counts are read again."""
        if item.column() != ATTENDED:
            return
        came = item.checkState() == Qt.CheckState.Checked
        self.error.setText("")

        def refused(error: BaseException) -> None:  # the tick goes back to what is saved
            self.table.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked if came else Qt.CheckState.Checked)
            self.table.blockSignals(False)

        ServiceCall(self, lambda: events.set_attended(item.data(Qt.ItemDataRole.UserRole), came),
                    changes=Area.EVENTS, on_success=lambda _r: self._counted(), on_failure=refused,
                    handlers={DomainError: lambda error: self.error.setText(error.message())})

    def _counted(self) -> None:
        self._show_counts()
        self.changed.emit()
