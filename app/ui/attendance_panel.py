"""Attendance at a meeting: the live quorum banner, the checklist of those who may attend (paged
from the service, never all 30,000 residents of a large village at once), a head count instead of
names, and the number entitled when it differs from the register."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.areas import Area
from app.i18n import N_, format_number, tr
from app.services import meetings
from app.ui.operations import ServiceCall

PAGE_SIZE = 200
TYPING_PAUSE_MS = 150
COLORS = {"reached": "#d7f0d8", "not_reached": "#f8d7d7", "none": "#e6e6e6"}


def quorum_text(state: meetings.QuorumState) -> tuple[str, str]:
    """The banner's words and colour key for a quorum state."""
    present = tr("Present {present} of {entitled}", present=format_number(state.present),
                 entitled=format_number(state.entitled))
    if not state.applies:
        return f"{present} — {tr('no quorum rule for this kind of meeting')}", "none"
    if state.needed is None:
        return f"{present} — {tr('no one is entitled: enter the number entitled')}", "not_reached"
    needed = tr("{needed} needed", needed=format_number(state.needed))
    if state.reached:
        return f"{present} — {needed} — {tr('quorum reached')}", "reached"
    return f"{present} — {needed} — {tr('quorum not reached')}", "not_reached"


class QuorumBanner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("quorum")
        self.setWordWrap(True)
        self.state: meetings.QuorumState | None = None
        self.colour = "none"

    def show_state(self, state: meetings.QuorumState) -> None:
        self.state = state
        text, self.colour = quorum_text(state)
        self.setText(text)
        self.setStyleSheet(f"QLabel#quorum {{ background: {COLORS[self.colour]}; padding: 8px; "
                           "font-size: 15px; font-weight: bold; border-radius: 4px; }")

    def retranslate(self) -> None:
        if self.state is not None:
            self.show_state(self.state)


class PeopleModel(QAbstractTableModel):
    """Those who may be ticked present: a tick, the name, the address. Ticking asks ``tick``
    (which calls the service) and shows the result only when the service accepted it."""

    HEADERS = ("", N_("Name"), N_("Address"))

    def __init__(self, tick, parent=None):
        super().__init__(parent)
        self.rows: list[meetings.PersonRow] = []
        self.tick = tick
        self.editable = True

    def set_rows(self, rows: list[meetings.PersonRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: list[meetings.PersonRow]) -> None:
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 3

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if row.present else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return (None, row.name or tr("(data erased on request)"), row.address)[index.column()]
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        row = self.rows[index.row()]
        present = Qt.CheckState(value) == Qt.CheckState.Checked
        if not self.tick(row.member_id, present):
            return False
        self.rows[index.row()] = meetings.PersonRow(row.member_id, row.name, row.address, present)
        self.dataChanged.emit(index, index)
        return True

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section]) if self.HEADERS[section] else ""
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)


class AttendancePanel(QWidget):
    """Every change goes to the service at once (and is announced); ``changed`` tells the editor."""

    changed = Signal(object)  # the new QuorumState

    def __init__(self, parent=None):
        super().__init__(parent)
        self.meeting_id: int | None = None
        self.kind = meetings.GATHERING
        self.banner = QuorumBanner()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.present_only = QCheckBox()
        self.present_only.toggled.connect(lambda _on: self.refresh())
        self.model = PeopleModel(self._tick, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.shown = QLabel()
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.show_more)
        # A head count for a large сход, instead of ticking names.
        self.head_box = QGroupBox()
        self.head_count = QSpinBox()
        self.head_count.setRange(0, 1_000_000)
        self.head_apply, self.head_clear = QPushButton(), QPushButton()
        self.head_apply.clicked.connect(lambda: self._change(meetings.set_head_count, self.head_count.value()))
        self.head_clear.clicked.connect(lambda: self._change(meetings.set_head_count, None))
        head = QHBoxLayout(self.head_box)
        head.addWidget(self.head_count)
        head.addWidget(self.head_apply)
        head.addWidget(self.head_clear)
        head.addStretch(1)
        # The number entitled, when the register is known to be off (people moved away, not yet updated).
        self.entitled_box = QGroupBox()
        self.counted = QLabel()
        self.counted.setWordWrap(True)
        self.entitled = QSpinBox()
        self.entitled.setRange(0, 1_000_000)
        self.reason = QLineEdit()
        self.entitled_apply, self.entitled_clear = QPushButton(), QPushButton()
        self.entitled_apply.clicked.connect(
            lambda: self._change(meetings.set_entitled, self.entitled.value(), self.reason.text()))
        self.entitled_clear.clicked.connect(lambda: self._change(meetings.set_entitled, None))
        entitled = QVBoxLayout(self.entitled_box)
        entitled.addWidget(self.counted)
        entitled.addWidget(self.reason)
        override = QHBoxLayout()
        override.addWidget(self.entitled)
        override.addWidget(self.entitled_apply)
        override.addWidget(self.entitled_clear)
        override.addStretch(1)
        entitled.addLayout(override)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.present_only)
        footer = QHBoxLayout()
        footer.addWidget(self.shown)
        footer.addStretch(1)
        footer.addWidget(self.more_button)
        side = QVBoxLayout()
        side.addWidget(self.head_box)
        side.addWidget(self.entitled_box)
        side.addStretch(1)
        people = QVBoxLayout()
        people.addLayout(bar)
        people.addWidget(self.view, 1)
        people.addLayout(footer)
        body = QHBoxLayout()
        body.addLayout(people, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.banner.retranslate()
        self.search.setPlaceholderText(tr("Find a person by name, in any spelling…"))
        self.present_only.setText(tr("Present only"))
        self.more_button.setText(tr("Show more"))
        self.head_box.setTitle(tr("Head count instead of names"))
        self.head_apply.setText(tr("Apply"))
        self.head_clear.setText(tr("Back to names"))
        self.entitled_box.setTitle(tr("Entitled to attend"))
        self.reason.setPlaceholderText(tr("Why the number differs from the register"))
        self.entitled_apply.setText(tr("Override"))
        self.entitled_clear.setText(tr("Use the register"))
        self.model.retranslate()
        self._show_counts()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event):
        self.typing.stop()  # a search typed as the editor closed is not run on a meeting left behind
        super().hideEvent(event)

    def load(self, meeting_id: int, kind: str, state: meetings.QuorumState, editable: bool) -> None:
        self.meeting_id, self.kind = meeting_id, kind
        self.head_box.setVisible(kind != meetings.ASSEMBLY)
        self.model.editable = editable
        for widget in (self.head_box, self.entitled_box):
            widget.setEnabled(editable)
        self._show_state(state)
        self.refresh()

    def refresh(self) -> None:
        if self.meeting_id is None:
            return
        rows = meetings.attendance_candidates(self.meeting_id, self.search.text(), self.present_only.isChecked(),
                                              limit=PAGE_SIZE)
        self.model.set_rows(rows)
        self.more_button.setEnabled(len(rows) == PAGE_SIZE)
        self._show_counts()

    def show_more(self) -> None:
        rows = meetings.attendance_candidates(self.meeting_id, self.search.text(), self.present_only.isChecked(),
                                              offset=len(self.model.rows), limit=PAGE_SIZE)
        self.model.add_rows(rows)
        self.more_button.setEnabled(len(rows) == PAGE_SIZE)
        self._show_counts()

    def _tick(self, member_id: int, present: bool) -> bool:
        return bool(ServiceCall(self, lambda: meetings.set_present(self.meeting_id, [member_id], present),
                                changes=Area.MEETINGS, on_success=self._took).ok)

    def _change(self, change, *args) -> None:
        # A refusal leaves the typed numbers for mending.
        ServiceCall(self, lambda: change(self.meeting_id, *args), changes=Area.MEETINGS, on_success=self._took)

    def _took(self, state: meetings.QuorumState) -> None:
        self._show_state(state)
        self.changed.emit(state)

    def _show_state(self, state: meetings.QuorumState) -> None:
        self.state = state
        self.banner.show_state(state)
        if state.head_count:
            self.head_count.setValue(state.present)
        if state.overridden:
            self.entitled.setValue(state.entitled)
            self.reason.setText(state.override_reason)
        else:
            self.entitled.setValue(state.entitled_counted)
        self.head_clear.setEnabled(state.head_count)
        self.entitled_clear.setEnabled(state.overridden)
        # With a head count the ticks do not count: the list is shown, but not ticked.
        self.view.setEnabled(not state.head_count)
        self._show_counts()

    def _show_counts(self) -> None:
        state = getattr(self, "state", None)
        if state is None:
            return
        self.shown.setText(tr("Shown: {count}", count=format_number(len(self.model.rows))))
        counted = tr("Counted from the register: {count}", count=format_number(state.entitled_counted))
        if state.overridden:
            counted += " — " + tr("overridden: {count}", count=format_number(state.entitled))
        self.counted.setText(counted)
