"""A read-only table model fed with plain rows (``set_rows``), with columns described once.

Headers are catalogue messages translated when asked for, so a language switch only needs
``retranslate()``. ``fetch_more`` (optional) pages in further rows as the view scrolls down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from app.i18n import tr


@dataclass(frozen=True)
class Column:
    header: str  # catalogue message
    value: Callable[[Any], Any]
    align_right: bool = False


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list = []
        self.fetch_more: Callable[[list], list] | None = None  # given the rows so far, the next page
        # Sorting is the service's job (the rows held are only the first pages): given a column and
        # whether descending, it reloads the rows in that order.
        self.sort_by: Callable[[int, bool], None] | None = None
        self._exhausted = True

    def set_rows(self, rows: list, more: bool = False) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._exhausted = not more
        self.endResetModel()

    def row(self, index: int):
        return self.rows[index]

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.columns[section].header)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self.sort_by is not None:
            self.sort_by(column, order == Qt.SortOrder.DescendingOrder)

    def canFetchMore(self, parent=QModelIndex()):
        return not parent.isValid() and not self._exhausted and self.fetch_more is not None

    def fetchMore(self, parent=QModelIndex()):
        page = self.fetch_more(self.rows)
        if not page:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()


def list_view(model: RowsModel, stretch: int) -> QTableView:
    """The office's list: whole rows picked one at a time, columns as wide as their content but
    ``stretch``, which takes the width left."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
