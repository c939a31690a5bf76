"""The pages of the main window: one module per area, each a Page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QWidget

from app.i18n import tr
from app.services import access
from app.ui.notices import Area, ChangeNotices
from app.ui.table_model import RowsModel


@dataclass(frozen=True)
class PageContext:
    """What the window lends its pages: the change notices and the shared actions."""

    notices: ChangeNotices
    backup_action: QAction


class Page(QWidget):
    """A page of the office. ``title`` is a catalogue message; ``areas`` are the change notices
    that make it refresh. A hidden page refreshes when next shown, not at every change.

    ``area`` is what the page changes (app/services/access.py). A role that may not change it is not
    offered the page's actions that would (``guard``) and reads a note saying so; reading and printing
    stay. The window builds its pages again when another person signs in, so this is decided once.

    The window's Ctrl+F, Ctrl+N and Ctrl+P call the shown page's ``find()``, ``new()`` and ``print()``
    where it has them; ``find()`` goes to the page's search box, ``search``, if it has one. A page
    listing records in ``view`` over ``model`` and opening one with ``_open(id)`` has ``current_row()``
    and ``open_current()`` from here."""

    areas: frozenset[Area] = frozenset()
    area: Area | None = None

    def __init__(self, context: PageContext, title: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.notices = context.notices
        self.title = title
        self._stale = True
        self.may_change = self.area is None or access.may(self.area)
        self.read_only_note: QLabel | None = None
        self.notices.changed.connect(self._on_changed)

    def guard(self, *actions: QWidget | QAction) -> None:
        """Buttons and actions that change the page's area: switched off for a role without it."""
        if self.may_change:
            return
        for action in actions:
            action.setEnabled(False)
        if self.read_only_note is None:
            self.read_only_note = QLabel()
            self.read_only_note.setObjectName("readOnly")
            self.read_only_note.setWordWrap(True)
            self._show_read_only()

    def _show_read_only(self) -> None:
        role = access.role()
        self.read_only_note.setText(tr("Read only: your role ({role}) may not change {area}.",
                                       role=tr(access.ROLES.get(role, role or "")),
                                       area=tr(access.AREAS[self.area])))

    def _on_changed(self, changed: frozenset[Area]) -> None:
        if changed & self.areas:
            self._stale = True
            if self.isVisible():
                with self._place_kept():
                    self.reload()

    @contextmanager
    def _place_kept(self) -> Iterator[None]:
        """A list refreshed for a change made elsewhere (often on another computer: the watcher) keeps
        the rows read so far, the selected rows and the scroll position, rather than jump to the top."""
        kept = []
        for view in self.findChildren(QTableView):
            model = view.model()
            if isinstance(model, RowsModel) and view.selectionModel() is not None:
                selected = {getattr(model.row(i.row()), "id", None) for i in view.selectionModel().selectedRows()}
                kept.append((view, model, len(model.rows), selected - {None},
                             view.verticalScrollBar().value(), view.horizontalScrollBar().value()))
        yield
        for view, model, loaded, selected, down, across in kept:
            while len(model.rows) < loaded and model.canFetchMore():
                model.fetchMore()
            if selected:
                selection = QItemSelection()
                for number, row in enumerate(model.rows):
                    if getattr(row, "id", None) in selected:
                        selection.select(model.index(number, 0), model.index(number, model.columnCount() - 1))
                view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            view.verticalScrollBar().setValue(down)
            view.horizontalScrollBar().setValue(across)

    def showEvent(self, event):
        if self.read_only_note is not None and self.read_only_note.parent() is None:
            self.layout().insertWidget(1, self.read_only_note)  # under the page's heading
            self.read_only_note.show()  # now, not after the page's first paint
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.refresh()

    def refresh(self) -> None:
        """Reads the page's data from the services again."""

    def retranslate(self) -> None:
        """Re-sets every visible text in the current language."""

    def find(self) -> None:
        search = getattr(self, "search", None)
        if isinstance(search, QLineEdit):
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    def current_row(self):
        """The row under the cursor of the page's list (its ``view`` over its ``model``), or None."""
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        """Opens the current row's record in its form, through the page's ``_open(id)``."""
        row = self.current_row()
        if row is not None:
            self._open(row.id)

    def has_unsaved_changes(self) -> bool:
        return False

    def save_changes(self) -> bool:
        """Saves what the user typed; False (with the reason shown) when it cannot be saved."""
        return True

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.read_only_note is not None:
                self._show_read_only()
        super().changeEvent(event)
