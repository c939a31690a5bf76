"""The agenda of a meeting, edited in the window and saved in one go (meetings.save_agenda keeps
each item's id, so votes and decisions stay with their items when items are moved)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, tr
from app.services import meetings
from app.ui.editable_table import EditableTable

# An item's title and decision may also be typed in the other protocol language, which that protocol
# prints instead (docs/domain.md, Minutes).
TEXTS = {"heard": N_("Heard"), "proposal": N_("Proposed"), "decision_text": N_("Decided"),
         "decision_text_second": N_("Decided, in the other language (for its protocol)")}
LINES = {"title": N_("Item"), "title_second": N_("Item in the other language (for its protocol)"),
         "rapporteur": N_("Rapporteur")}


class AgendaPanel(QWidget):
    edited = Signal()
    item_chosen = Signal(object)  # the saved item's id, or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[meetings.ItemData] = []
        self.current = -1
        self.dirty = False
        self.editable = True
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._choose)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.inputs: dict = {name: QLineEdit() for name in LINES}
        self.inputs.update({name: QPlainTextEdit() for name in TEXTS})
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
            widget.textChanged.connect(self._typed)
        for name in TEXTS:
            self.inputs[name].setMinimumHeight(70)
        # A full name; what they said takes the rest.
        self.speakers = EditableTable([N_("Name"), N_("What they said")], main=1)
        self.speakers.table.setMinimumHeight(110)
        self.speakers.edited.connect(self._typed)
        self.labels = {name: QLabel() for name in (*LINES, *TEXTS, "speakers")}
        form = QFormLayout()
        for name in ("title", "title_second", "rapporteur", "heard"):
            form.addRow(self.labels[name], self.inputs[name])
        form.addRow(self.labels["speakers"], self.speakers)
        for name in ("proposal", "decision_text", "decision_text_second"):
            form.addRow(self.labels[name], self.inputs[name])
        self.form = QWidget()
        self.form.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([380, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()
        self._choose(-1)

    def retranslate(self) -> None:
        for name, label in self.labels.items():
            label.setText(tr("Speakers") if name == "speakers" else tr({**LINES, **TEXTS}[name]))
        self.add_button.setText(tr("Add item"))
        self.remove_button.setText(tr("Remove"))
        self.up_button.setText(tr("Move up"))
        self.down_button.setText(tr("Move down"))
        self.inputs["title"].setPlaceholderText(tr("What the item is about"))
        self._relabel()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Loading and reading ------------------------------------------------------------------------

    def load(self, items: tuple[meetings.ItemView, ...] | list) -> None:
        self.items = [meetings.ItemData(i.title, i.rapporteur, i.heard, i.proposal, i.decision_text, i.speakers, i.id,
                                        title_second=i.title_second, decision_text_second=i.decision_text_second)
                      for i in items]
        self.current = -1
        self._refill(0 if self.items else -1)
        self.dirty = False

    def data(self) -> list[meetings.ItemData]:
        self._store()
        return list(self.items)

    def retype(self, items: list[meetings.ItemData]) -> None:
        """Items typed earlier (a draft a crash left behind) over those loaded: unsaved."""
        self.items = list(items)
        self.current = -1
        self._refill(0 if self.items else -1)
        self.dirty = True

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QPlainTextEdit):
                widget.setReadOnly(not editable)  # still scrolls and copies
            else:
                widget.setEnabled(editable)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(editable)
        self.speakers.setEnabled(editable)
        self.editable = editable

    # Editing ----------------------------------------------------------------------------------

    def _typed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._store()
        if 0 <= self.current < len(self.items):
            self._relabel(self.current)
        self.edited.emit()

    def _store(self) -> None:
        """Keeps what is in the form as the current item's data."""
        if not 0 <= self.current < len(self.items):
            return
        speakers = tuple(meetings.SpeakerData(name, summary) for _id, (name, summary) in self.speakers.rows()
                         if name or summary)
        self.items[self.current] = meetings.ItemData(
            self.inputs["title"].text(), self.inputs["rapporteur"].text(), self.inputs["heard"].toPlainText(),
            self.inputs["proposal"].toPlainText(), self.inputs["decision_text"].toPlainText(), speakers,
            self.items[self.current].id, title_second=self.inputs["title_second"].text(),
            decision_text_second=self.inputs["decision_text_second"].toPlainText())

    _loading = False

    def _choose(self, row: int) -> None:
        self._store()
        self.current = row
        self._loading = True
        item = self.items[row] if 0 <= row < len(self.items) else None
        for name in LINES:
            self.inputs[name].setText(getattr(item, name) if item else "")
        for name in TEXTS:
            self.inputs[name].setPlainText(getattr(item, name) if item else "")
        self.speakers.set_rows([(None, [s.name, s.summary]) for s in item.speakers] if item else [])
        self._loading = False
        self.form.setEnabled(item is not None)
        self.item_chosen.emit(item.id if item else None)

    def _refill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for _item in self.items:
            self.list.addItem("")
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self.current = -1
        self._choose(row)
        self._relabel()

    def _relabel(self, only: int | None = None) -> None:
        for row, item in enumerate(self.items):
            if only is None or row == only:
                self.list.item(row).setText(f"{row + 1}. {item.title or tr('(no title yet)')}")

    def add_item(self) -> None:
        self._store()
        self.items.append(meetings.ItemData(""))
        self._refill(len(self.items) - 1)
        self.inputs["title"].setFocus()
        self.dirty = True
        self.edited.emit()

    def remove_item(self) -> None:
        if 0 <= self.current < len(self.items):
            self.items.pop(self.current)
            self.current = -1  # the removed item's form is not stored back
            self._refill(min(self.list.currentRow(), len(self.items) - 1))
            self.dirty = True
            self.edited.emit()

    def move_item(self, step: int) -> None:
        row = self.current
        target = row + step
        if row < 0 or not 0 <= target < len(self.items):
            return
        self._store()
        self.items[row], self.items[target] = self.items[target], self.items[row]
        self.current = -1
        self._refill(target)
        self.dirty = True
        self.edited.emit()
