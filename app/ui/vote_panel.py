"""The votes of a meeting, item by item: counts (for / against / abstained) or, at an assembly,
each present member's choice by name. The service decides what passes; this shows it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.areas import Area
from app.errors import NeedsConfirmation, ValidationError
from app.i18n import current_language, format_number, tr, translate
from app.rules import quorum as quorum_rules
from app.services import meetings, settings
from app.ui.operations import ServiceCall

ID_ROLE = Qt.ItemDataRole.UserRole


def result_text(item: meetings.ItemView, quorum: meetings.QuorumState, lang: str | None = None) -> str:
    """The vote's outcome and why: no quorum, too few votes for, or adopted by how many."""
    lang = lang or current_language()
    vote = item.vote
    if vote is None:
        return translate("No vote recorded", lang)
    if quorum.applies and not quorum.reached:
        counts = dict(present=format_number(quorum.present, lang), entitled=format_number(quorum.entitled, lang))
        if quorum.needed is None:
            return translate("Not adopted: no quorum ({present} / {entitled})", lang, **counts)
        return translate("Not adopted: no quorum ({present} / {entitled}, {needed} needed)", lang,
                         needed=format_number(quorum.needed, lang), **counts)
    votes = dict(for_=format_number(vote.for_, lang), needed=format_number(vote.needed, lang))
    if not vote.adopted:
        return translate("Not adopted: {for_} for, {needed} needed", lang, **votes)
    if item.decision:
        return translate("Adopted: {for_} for, {needed} needed — decision № {number}", lang,
                         number=item.decision.label, **votes)
    return translate("Adopted: {for_} for, {needed} needed", lang, **votes)


class VotePanel(QWidget):
    changed = Signal()
    item_chosen = Signal(object)  # the agenda item's id, or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.meeting: meetings.MeetingView | None = None
        self.editable = True
        self.items = QListWidget()
        self.items.currentRowChanged.connect(self._show_item)
        self.title = QLabel()
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.needed = QLabel()
        self.result = QLabel()
        self.result.setObjectName("vote_result")
        self.result.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        # Counts.
        self.counts = QWidget()
        self.spins = {name: QSpinBox() for name in ("for", "against", "abstained")}
        self.count_labels = {name: QLabel() for name in self.spins}
        counts = QFormLayout(self.counts)
        counts.setContentsMargins(0, 0, 0, 0)
        counts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for name, spin in self.spins.items():
            spin.setRange(0, 1_000_000)
            spin.setObjectName(name)
            spin.setMinimumWidth(140)
            counts.addRow(self.count_labels[name], spin)
        # Roll call: present members, each with a choice.
        self.roll = QTableWidget(0, 2)
        self.roll.verticalHeader().hide()
        self.roll.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.roll.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.roll.horizontalHeader().resizeSection(1, 200)
        self.mode = QStackedWidget()
        self.mode.addWidget(self.counts)
        self.mode.addWidget(self.roll)
        self.record_button, self.clear_button = QPushButton(), QPushButton()
        self.record_button.clicked.connect(lambda: self.record())
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        right = QWidget()
        detail = QVBoxLayout(right)
        detail.addWidget(self.title)
        detail.addWidget(self.needed)
        detail.addWidget(self.mode)
        detail.addLayout(buttons)
        detail.addWidget(self.message)
        detail.addWidget(self.result)
        self.below = detail.count()
        detail.addStretch(1)
        self.detail = detail
        splitter = QSplitter()
        splitter.addWidget(self.items)
        splitter.addWidget(right)
        splitter.setSizes([420, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()

    def retranslate(self) -> None:
        self.count_labels["for"].setText(tr("For"))
        self.count_labels["against"].setText(tr("Against"))
        self.count_labels["abstained"].setText(tr("Abstained"))
        self.roll.setHorizontalHeaderLabels([tr("Name"), tr("Vote")])
        for row in range(self.roll.rowCount()):
            combo = self.roll.cellWidget(row, 1)
            for index, code in enumerate(("",) + tuple(meetings.CHOICES)):
                combo.setItemText(index, tr(meetings.CHOICES[code]) if code else tr("did not vote"))
        self.record_button.setText(tr("Record the vote"))
        self.clear_button.setText(tr("Clear the vote"))
        if self.meeting is not None:
            self._fill_items()
            self._show_item(self.items.currentRow())

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self, meeting: meetings.MeetingView) -> None:
        self.meeting = meeting
        self.editable = not meeting.signed
        if meeting.kind == meetings.ASSEMBLY:
            self._fill_roll()
        row = max(0, self.items.currentRow())
        self._fill_items()
        self.items.setCurrentRow(min(row, len(meeting.items) - 1))
        self._show_item(self.items.currentRow())

    def _fill_items(self) -> None:
        self.items.blockSignals(True)
        row = self.items.currentRow()
        self.items.clear()
        for item in self.meeting.items:
            entry = QListWidgetItem(f"{item.position}. {item.title}\n    {result_text(item, self.meeting.quorum)}")
            entry.setData(ID_ROLE, item.id)
            self.items.addItem(entry)
        self.items.setCurrentRow(row)
        self.items.blockSignals(False)

    def _fill_roll(self) -> None:
        self.roll.setRowCount(0)
        for member_id, name, _address, _iin in meetings.present_people(self.meeting.id):
            row = self.roll.rowCount()
            self.roll.insertRow(row)
            cell = QTableWidgetItem(name or tr("(data erased on request)"))
            cell.setData(ID_ROLE, member_id)
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.roll.setItem(row, 0, cell)
            combo = QComboBox()
            combo.addItem(tr("did not vote"), "")
            for code, label in meetings.CHOICES.items():
                combo.addItem(tr(label), code)
            self.roll.setCellWidget(row, 1, combo)

    def current_item(self) -> meetings.ItemView | None:
        row = self.items.currentRow()
        return self.meeting.items[row] if self.meeting and 0 <= row < len(self.meeting.items) else None

    def _show_item(self, _row: int) -> None:
        item = self.current_item()
        self.message.clear()
        for widget in (self.mode, self.record_button, self.clear_button):
            widget.setEnabled(item is not None and self.editable)
        if item is None:
            self.title.setText(tr("Add agenda items first: each item gets its vote here."))
            self.needed.clear()
            self.result.clear()
            self.item_chosen.emit(None)
            return
        self.title.setText(f"{item.position}. {item.title}")
        present = self.meeting.quorum.present
        needed = item.vote.needed if item.vote else quorum_rules.needed_to_pass(
            present, settings.load().majority_percent)
        self.needed.setText(tr("Present: {present}. Needed to pass: {needed}", present=format_number(present),
                               needed=format_number(needed)))
        vote = item.vote
        # An assembly votes by name, unless its vote on this item was recorded as counts.
        by_name = self.meeting.kind == meetings.ASSEMBLY and (vote is None or vote.mode == "roll_call")
        shown = self.roll if by_name else self.counts
        self.mode.setCurrentWidget(shown)
        for page in (self.counts, self.roll):  # the hidden page claims no height
            policy = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        # A roll call takes the height; counts stay at the top with the result just below them.
        self.detail.setStretchFactor(self.mode, 1 if by_name else 0)
        self.detail.setStretch(self.below, 0 if by_name else 1)
        for name, value in zip(self.spins, (vote.for_, vote.against, vote.abstained) if vote else (0, 0, 0)):
            self.spins[name].setValue(value)
        if by_name:
            choices = meetings.roll_call(item.id) if vote else {}
            for row in range(self.roll.rowCount()):
                combo = self.roll.cellWidget(row, 1)
                combo.setCurrentIndex(max(0, combo.findData(choices.get(self.roll.item(row, 0).data(ID_ROLE), ""))))
        self.clear_button.setEnabled(self.editable and vote is not None)
        self.result.setText(result_text(item, self.meeting.quorum))
        colour = "#1b5e20" if vote and vote.adopted else "#b00020" if vote else "#555"
        self.result.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {colour};")
        self.item_chosen.emit(item.id)

    def record(self, without_quorum: bool = False) -> None:
        item = self.current_item()
        if item is None:
            return
        def record() -> None:
            if self.mode.currentWidget() is self.roll:
                choices = {self.roll.item(row, 0).data(ID_ROLE): self.roll.cellWidget(row, 1).currentData()
                           for row in range(self.roll.rowCount())}
                meetings.record_roll_call(item.id, {m: c for m, c in choices.items() if c},
                                          without_quorum=without_quorum)
            else:
                meetings.record_vote(item.id, *(spin.value() for spin in self.spins.values()),
                                     without_quorum=without_quorum)

        def confirm(error: NeedsConfirmation) -> None:
            # Without quorum the vote is kept only when asked for; the protocol then says nothing was adopted.
            answer = QMessageBox.question(self, tr("No quorum"), error.message(),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.record(without_quorum=True)

        # A refusal is said beside the numbers, which stay as typed; nothing was recorded.
        ServiceCall(self, record, changes=Area.MEETINGS, on_success=lambda _r: self.changed.emit(),
                    handlers={NeedsConfirmation: confirm,
                              ValidationError: lambda error: self.message.setText(error.message())})

    def clear(self) -> None:
        item = self.current_item()
        if item is None:
            return
        ServiceCall(self, lambda: meetings.clear_vote(item.id), changes=Area.MEETINGS,
                    on_success=lambda _r: self.changed.emit())
