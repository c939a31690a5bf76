"""A list refreshed for a change made elsewhere keeps its place (lists follow others' changes)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from app import demo
from app.areas import Area
from app.services import members
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.pages.members import PAGE_SIZE, MembersPage


@pytest.fixture
def page(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    demo.generate(450, seed=7, activity=False)
    window = MainWindow(application.preferences())
    window.resize(1000, 600)
    window.show()
    qtbot.waitExposed(window)
    yield window.show_page(MembersPage)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def test_a_change_made_elsewhere_keeps_the_rows_read_the_selection_and_the_scroll(page, qtbot):
    page.model.fetchMore()  # the user scrolled into the second page
    chosen = page.model.row(PAGE_SIZE + 10)
    page.view.selectionModel().select(page.model.index(PAGE_SIZE + 10, 0),
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    page.view.scrollTo(page.model.index(PAGE_SIZE + 10, 0))
    scrolled = page.view.verticalScrollBar().value()
    assert scrolled > 0
    # Someone else renames a person near the top of the list.
    first = members.rows(limit=1)[0]
    data = members.get(first.id)
    members.update(first.id, data.__class__(**{**data.__dict__, "notes": "changed elsewhere"}))
    page.notices.announce(Area.REGISTER)
    assert page.model.rowCount() >= 2 * PAGE_SIZE
    selected = [page.model.row(i.row()).id for i in page.view.selectionModel().selectedRows()]
    assert selected == [chosen.id]
    assert page.view.verticalScrollBar().value() == scrolled


def test_typing_a_search_still_starts_at_the_top(page, qtbot):
    page.model.fetchMore()
    page.view.scrollToBottom()
    page.search.setText("а")
    qtbot.waitUntil(lambda: page.view.verticalScrollBar().value() == 0, timeout=3000)
