"""A small editable list of records (villages, rooms, MCI values): a table with Add, Remove and
Move buttons. Each row keeps the id of the record it came from, so saving can tell an edit from
an addition. A column may hold a choice from a list (shown translated, read back as its code) or a
check box (read back as "1" or "")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.ui.table_model import fit_columns

ID_ROLE = Qt.ItemDataRole.UserRole
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class _ChoiceDelegate(QStyledItemDelegate):
    """Edits a choice column with a drop-down of its translated labels."""

    def __init__(self, choices: dict[str, str], parent=None):
        super().__init__(parent)
        self.choices = choices  # code → catalogue message

    def createEditor(self, parent, _option, _index):  # noqa: N802 (Qt's name)
        editor = QComboBox(parent)
        for code, label in self.choices.items():
            editor.addItem(tr(label), code)
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE))))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), CODE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class EditableTable(QWidget):
    edited = Signal()

    def __init__(self, headers: list[str], movable: bool = False, parent=None, *,
                 choices: dict[int, dict[str, str]] | None = None, checks: tuple[int, ...] = (),
                 main: int = 0, minimum: int = 200):
        super().__init__(parent)
        self.headers = headers  # catalogue messages
        self.choices = choices or {}  # column → {code: catalogue message}
        self.checks = checks
        self.table = QTableWidget(0, len(headers))
        for column, options in self.choices.items():
            self.table.setItemDelegateForColumn(column, _ChoiceDelegate(options, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._item_changed)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        if movable:
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()
        fit_columns(self.table, main, minimum)  # the list's column policy: ``main`` takes the room left

    def _item_changed(self, item: QTableWidgetItem) -> None:
        self._whole_in_tooltip(item)
        self.edited.emit()

    def _whole_in_tooltip(self, item: QTableWidgetItem) -> None:
        """A typed text longer than its column is elided: the tooltip holds it whole."""
        if item.column() not in self.choices and item.column() not in self.checks and item.toolTip() != item.text():
            blocked = self.table.blockSignals(True)
            item.setToolTip(item.text())
            self.table.blockSignals(blocked)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(h) for h in self.headers])
        self.add_button.setText(tr("Add"))
        self.remove_button.setText(tr("Remove"))
        self.up_button.setText(tr("Move up"))
        self.down_button.setText(tr("Move down"))
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            for column, options in self.choices.items():
                item = self.table.item(row, column)
                if item is not None and item.data(CODE_ROLE) in options:
                    item.setText(tr(options[item.data(CODE_ROLE)]))
        self.table.blockSignals(False)

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_rows(self, rows: list[tuple[int | None, list[str]]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for record_id, values in rows:
            self._append(record_id, values)
        self.table.blockSignals(False)

    def _append(self, record_id: int | None, values: list[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column in self.choices:
                code = value if value in self.choices[column] else next(iter(self.choices[column]))
                item.setData(CODE_ROLE, code)
                item.setText(tr(self.choices[column][code]))
            elif column in self.checks:
                item.setText("")
                item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            if column == 0:
                item.setData(ID_ROLE, record_id)
            self.table.setItem(row, column, item)
            self._whole_in_tooltip(item)
        return row

    def rows(self) -> list[tuple[int | None, list[str]]]:
        result = []
        for row in range(self.table.rowCount()):
            values = [self._value(row, c) for c in range(self.table.columnCount())]
            first = self.table.item(row, 0)
            result.append((first.data(ID_ROLE) if first else None, values))
        return result

    def _value(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        if item is None:
            return ""
        if column in self.choices:
            return item.data(CODE_ROLE) or ""
        if column in self.checks:
            return "1" if item.checkState() == Qt.CheckState.Checked else ""
        return item.text().strip()

    def add_row(self, values: list[str] | None = None) -> None:
        row = self._append(None, values or [""] * len(self.headers))
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self.edited.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        for column in range(self.table.columnCount()):
            a, b = self.table.takeItem(row, column), self.table.takeItem(target, column)
            self.table.setItem(target, column, a)
            self.table.setItem(row, column, b)
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, self.table.currentColumn())
        self.edited.emit()
