"""The lists' column widths are measured from the texts themselves (fast enough for every keystroke of a
search) and come out as Qt's own per-cell measure would: wide enough for the widest text, bold included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QTableView

from app.ui.table_model import CONTENT_MOST, Column, RowsModel, _ColumnFitter

TEXTS = ["Әбілқайырұлы Шаһизада", "", "Ұлжан Ғабитқызы Өмірбекова", "7", "Line one\nand a much longer second line",
         "Жарлыөзек ауылдық округінің Тұрақты даму орталығы"]


class _Bold(RowsModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and index.row() % 2:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


@pytest.mark.parametrize("model_class", [RowsModel, _Bold])
def test_a_columns_width_is_what_qt_measures_cell_by_cell(qtbot, model_class):
    model = model_class([Column("Name", lambda row: row), Column("Count", lambda row: len(row), align_right=True)])
    model.set_rows(TEXTS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    fitter = _ColumnFitter(view, 1, 100, {})
    for column in (0, 1):
        assert view.sizeHintForColumn(column) <= fitter._content_width(column) <= view.sizeHintForColumn(column) + 3


def test_the_widest_text_of_a_column_is_shown_whole_not_elided(qtbot):
    model = RowsModel([Column("Name", lambda row: row), Column("Village", lambda row: "Жарлыозек")])
    model.set_rows(TEXTS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    _ColumnFitter(view, 0, 100, {})
    index = model.index(0, 1)
    room = view.visualRect(index).width() - 2 * (view.style().pixelMetric(
        view.style().PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    assert QFontMetricsF(view.font()).horizontalAdvance("Жарлыозек") < room


def test_rows_fetched_while_scrolling_widen_their_columns_by_their_own_texts_only(qtbot, monkeypatch):
    pages = {200: ["Ли", "Ан"] * 100, 400: ["Әбілқайырұлы Шаһизада Ғабитұлы"] + ["Ли"] * 199}
    model = RowsModel([Column("Name", lambda row: row), Column("Village", lambda row: "Жарлыозек")])
    model.fetch_more = lambda loaded: pages.get(len(loaded), [])
    model.set_rows(["Ан"] * 200, more=True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    fitter = _ColumnFitter(view, 1, 100, {})
    narrow = view.horizontalHeader().sectionSize(0)
    measured = []
    original = fitter._content_width
    monkeypatch.setattr(fitter, "_content_width", lambda column, first=0, end=None: (
        measured.append((first, end)) or original(column, first, end)))
    model.fetchMore()
    model.fetchMore()
    assert len(model.rows) == 600
    # Each page's own rows were measured, never the whole list again.
    assert set(measured) == {(200, 400), (400, 600)}
    assert view.horizontalHeader().sectionSize(0) > narrow
    # As wide as a full measure of the list makes it (a long name is capped, whole in its tooltip).
    assert view.horizontalHeader().sectionSize(0) == min(original(0), CONTENT_MOST)
