"""A read-only table model fed with plain rows (``set_rows``), with columns described once.

Headers are catalogue messages translated when asked for, so a language switch only needs
``retranslate()``. ``fetch_more`` (optional) pages in further rows as the view scrolls down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTableView, QToolTip
from shiboken6 import isValid

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
        # A text elided in its column is whole in the tooltip (shown only then: _WholeTextTips).
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
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


MAIN_MINIMUM = 260  # pixels: a title, a name or a decision reads as words, not as «Фел…»
CONTENT_MOST = 180  # pixels: a longer category or address is elided, whole in its tooltip


def list_view(model: RowsModel, stretch: int, minimum: int = MAIN_MINIMUM,
              wrapped: dict[int, int] | None = None) -> QTableView:
    """The office's list: whole rows picked one at a time, columns fitted by ``fit_columns`` with
    ``stretch`` the main one."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    fit_columns(view, stretch, minimum, wrapped)
    return view


def fit_columns(view: QTableView, main: int, minimum: int = MAIN_MINIMUM,
                wrapped: dict[int, int] | None = None) -> None:
    """The column policy of every list: each column is as wide as its content (up to
    ``CONTENT_MOST``) and never narrower than its header, the ``main`` one takes the width left but
    never less than ``minimum``, and when the sum is wider than the view the list scrolls sideways
    instead of squeezing a column. ``wrapped`` columns (column → width) keep that width and wrap
    their text on the lines the row has; without them rows keep one line, and a text elided in its
    column is whole in its tooltip."""
    _ColumnFitter(view, main, minimum, wrapped or {})


ADVANCES_KEPT = 20_000


class _ColumnFitter(QObject):
    def __init__(self, view: QTableView, main: int, minimum: int, wrapped: dict[int, int]):
        super().__init__(view)
        self.view, self.main, self.minimum, self.wrapped = view, main, minimum, wrapped
        # Widths of texts already measured in the view's font: a register's names, villages and
        # dates come back keystroke after keystroke.
        self.advances: dict[str, int] = {}
        self.advances_font = ""
        model = view.model()
        view.setWordWrap(bool(wrapped))
        view.setItemDelegate(_WholeTextTips(view))
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for signal in (model.modelReset, model.layoutChanged, model.headerDataChanged):
            signal.connect(self.fit)
        # Rows added at the end of a long list (scrolling) widen the columns by their own texts only:
        # measuring every loaded row again made scrolling 100,000 people take minutes, not seconds.
        model.rowsInserted.connect(self.fit_added)
        # Cells typed or filled one by one: fitted once, when the changes are done.
        self.pending = QTimer(self, singleShot=True, interval=0)
        self.pending.timeout.connect(self.fit)
        model.dataChanged.connect(self.pending.start)
        view.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self._fit_main()
        return False

    def fit(self, *_args) -> None:
        if not isValid(self.view):  # the view's own model empties as the view goes
            return
        header = self.view.horizontalHeader()
        for column in range(header.count()):
            if column != self.main:
                width = self.wrapped.get(column) or min(self._content_width(column), CONTENT_MOST)
                header.resizeSection(column, max(width, self._header_width(column)))
        self._fit_main()

    def fit_added(self, _parent, first: int, last: int) -> None:
        if not isValid(self.view):
            return
        header = self.view.horizontalHeader()
        for column in range(header.count()):
            if column != self.main and column not in self.wrapped:
                width = min(self._content_width(column, first, last + 1), CONTENT_MOST)
                if width > header.sectionSize(column):
                    header.resizeSection(column, width)
        self._fit_main()

    def _content_width(self, column: int, first: int = 0, end: int | None = None) -> int:
        """What the view's sizeHintForColumn gives for a column of plain text (rows ``first`` to
        ``end``), measured from the texts alone: asking the delegate cell by cell cost most of a search
        keystroke's refresh."""
        model, view = self.view.model(), self.view
        rows = model.rowCount()
        end = rows if end is None else end
        if rows and model.index(0, column).data(Qt.ItemDataRole.CheckStateRole) is not None:
            return view.sizeHintForColumn(column)  # a check box's room is the style's to say
        metrics: dict[str, QFontMetrics] = {"": view.fontMetrics()}
        widest = 0
        if isinstance(model, RowsModel) and type(model).data is RowsModel.data:  # plain texts in one font
            value = model.columns[column].value
            texts = {str(v) for v in map(value, model.rows[first:end]) if v is not None and v != ""}
            advance = self._advance()
            return self._with_margins(max((advance(line) for text in texts for line in text.split("\n")),
                                          default=0))
        for row in range(first, end):
            index = model.index(row, column)
            text = index.data()
            if text is None or text == "":
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            key = font.key() if font is not None else ""
            if key not in metrics:
                metrics[key] = QFontMetrics(font)
            widest = max(widest, *(metrics[key].horizontalAdvance(line) for line in str(text).split("\n")))
        return self._with_margins(widest)

    def _advance(self):
        """A text's width in the view's font, remembered."""
        font = self.view.font().key()
        if font != self.advances_font or len(self.advances) > ADVANCES_KEPT:
            self.advances, self.advances_font = {}, font
        advances, measure = self.advances, self.view.fontMetrics().horizontalAdvance

        def advance(text: str) -> int:
            width = advances.get(text)
            if width is None:
                width = advances[text] = measure(text)
            return width
        return advance

    def _with_margins(self, widest: int) -> int:
        if not widest:
            return 0
        view = self.view
        text_margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        # Two pixels over Qt's own size hint: on it, a text's fractional advance tipped it into «…».
        return widest + 2 * text_margin + (1 if view.showGrid() else 0) + 2

    def _fit_main(self) -> None:
        if not isValid(self.view):
            return
        header = self.view.horizontalHeader()
        if not 0 <= self.main < header.count():
            return
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self.main and not header.isSectionHidden(c))
        width = max(self.minimum, self._header_width(self.main), self.view.viewport().width() - others)
        if header.sectionSize(self.main) != width:
            header.resizeSection(self.main, width)

    def _header_width(self, column: int) -> int:
        """The room the header's text needs: a header set to wrap (its page makes it two lines high)
        needs its text on two lines, any other its whole line."""
        header = self.view.horizontalHeader()
        text = str(header.model().headerData(column, Qt.Orientation.Horizontal) or "")
        metrics = header.fontMetrics()
        style = header.style()
        margins = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        if self.view.isSortingEnabled():
            margins += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margins // 2
        if not header.defaultAlignment().value & Qt.TextFlag.TextWordWrap.value:
            return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0) + margins
        width = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        while metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap.value,
                                   text).height() > 2 * metrics.lineSpacing():
            width += 4
        return width + margins


class _WholeTextTips(QStyledItemDelegate):
    """Shows a cell's tooltip that only repeats its text when the text is elided."""

    def helpEvent(self, event, view, option, index):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ToolTip and index.data(Qt.ItemDataRole.ToolTipRole) == index.data():
            self.initStyleOption(option, index)
            room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).width()
            if option.fontMetrics.horizontalAdvance(option.text) <= room:
                QToolTip.hideText()
                return True
        return super().helpEvent(event, view, option, index)
