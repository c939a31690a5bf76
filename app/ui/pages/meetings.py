"""Meetings of the local community, newest first: find one by year, kind, village or words of its
agenda; prepare a new one; open, delete or print one."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox, QPushButton, QVBoxLayout

from app import clock
from app.areas import Area
from app.i18n import N_, format_datetime, format_number, local_name, tr
from app.services import meetings, settings
from app.ui.combo import refill
from app.ui.meeting_editor import MeetingEditor
from app.ui.meeting_print import DOCUMENTS, LANGUAGE_LABELS, print_document
from app.ui.operations import ServiceCall
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, list_view

TYPING_PAUSE_MS = 150


def place(row: meetings.MeetingRow) -> str:
    return ", ".join(part for part in (local_name(row.village_kk, row.village_ru), row.area) if part)


class MeetingsPage(Page):
    areas = Area.MEETINGS | Area.SETTINGS | Area.REGISTER
    area = Area.MEETINGS
    printed = Signal(str)

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.editors: dict[int, MeetingEditor] = {}  # by meeting: one editor each
        self.open_editors: set[MeetingEditor] = set()  # new meetings' editors too
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.year, self.kind, self.village = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.year, self.kind, self.village):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.new_button, self.open_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        # Print protocol / notice, each in Kazakh or Russian, from a small menu.
        self.print_buttons, self.print_actions = {}, {}
        for what in DOCUMENTS:
            button = QPushButton()
            menu = QMenu(button)
            for lang in meetings.LANGUAGES:
                action = QAction(menu)
                action.triggered.connect(lambda _c=False, w=what, l=lang: self.print_current(w, l))
                menu.addAction(action)
                self.print_actions[what, lang] = action
            button.setMenu(menu)
            self.print_buttons[what] = button
        self.assembly_button = QPushButton()
        self.assembly_button.clicked.connect(self.open_assembly)
        self.assembly_button.setVisible(importlib.util.find_spec("app.ui.assembly_dialog") is not None)
        self.guard(self.new_button, self.delete_button, self.assembly_button)
        self.model = RowsModel([
            Column(N_("Date"), lambda r: format_datetime(r.starts_at)),
            Column(N_("Kind"), lambda r: tr(meetings.kind_label(r.kind, r.kind_name))),
            Column(N_("№"), lambda r: r.number, align_right=True),
            Column(N_("Village / street"), place),
            Column(N_("Items"), lambda r: r.items, align_right=True),
            Column(N_("Signed"), lambda r: "✓" if r.signed else ""),
        ], self)
        self.view = list_view(self.model, 3)
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        bar = QHBoxLayout()
        for widget in (self.new_button, self.open_button, self.delete_button, *self.print_buttons.values(),
                       self.assembly_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.year, self.kind, self.village):
            filters.addWidget(combo, 1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        self.search.setPlaceholderText(tr("Search the agenda, street or address…"))
        self.new_button.setText(tr("New meeting"))
        self.open_button.setText(tr("Open"))
        self.delete_button.setText(tr("Delete"))
        self.print_buttons["minutes"].setText(tr("Print the protocol"))
        self.print_buttons["notice"].setText(tr("Print the notice"))
        for (_what, lang), action in self.print_actions.items():
            action.setText(tr(LANGUAGE_LABELS[lang]))
        self.assembly_button.setText(tr("Assembly members…"))
        refill(self.kind, [(tr("All kinds"), None)] + [(tr(label), code) for code, label in meetings.KINDS.items()])
        self._fill_filters()
        self.model.retranslate()
        self._show_count()

    def _fill_filters(self) -> None:
        first = min((r.starts_at.year for r in meetings.list_meetings()), default=clock.today().year)
        years = range(max(clock.today().year + 1, first), first - 1, -1)
        refill(self.year, [(tr("All years"), None)] + [(str(y), y) for y in years])
        refill(self.village, [(tr("All villages"), None)]
               + [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])

    def reload(self) -> None:
        self._fill_filters()
        super().reload()

    def refresh(self) -> None:
        current = self.current_row()
        rows = meetings.list_meetings(self.year.currentData(), self.kind.currentData(), self.village.currentData(),
                                      self.search.text())
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        if current is not None and current.id in ids:
            self.view.selectRow(ids.index(current.id))
        self._show_count()
        self._enable()

    def _show_count(self) -> None:
        self.count.setText(tr("Meetings shown: {count}", count=format_number(self.model.rowCount())))

    def _enable(self) -> None:
        row = self.current_row()
        for button in (self.open_button, *self.print_buttons.values()):
            button.setEnabled(row is not None)
        self.delete_button.setEnabled(self.may_change and row is not None and not row.signed)

    def current_row(self) -> meetings.MeetingRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    # Actions ----------------------------------------------------------------------------------

    def new_meeting(self) -> MeetingEditor:
        editor = self._editor(None)
        editor.show()
        return editor

    new = new_meeting  # the window's Ctrl+N

    def _editor(self, meeting_id: int | None) -> MeetingEditor:
        editor = MeetingEditor(meeting_id, notices=self.notices, parent=self)
        editor.printed.connect(self.printed.emit)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_editors.add(editor)
        editor.destroyed.connect(lambda _object=None: self._forget(editor))
        return editor

    def _forget(self, editor: MeetingEditor) -> None:
        self.open_editors.discard(editor)
        for key in [key for key, open_one in self.editors.items() if open_one is editor]:
            del self.editors[key]

    # The window asks before it closes: an open editor's unsaved details or agenda count as the page's.
    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.open_editors)

    def save_changes(self) -> bool:
        return all(editor.save() for editor in list(self.open_editors) if editor.has_unsaved_changes())

    def open_current(self) -> MeetingEditor | None:
        row = self.current_row()
        return self.open_meeting(row.id) if row else None

    def open_meeting(self, meeting_id: int) -> MeetingEditor:
        """The meeting's editor; one per meeting, brought to the front when already open."""
        editor = self.editors.get(meeting_id)
        if editor is None:
            opened = ServiceCall(self, lambda: self._editor(meeting_id))
            if not opened.ok:  # deleted meanwhile
                self.refresh()
                return None
            editor = self.editors[meeting_id] = opened.result
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        kind = tr(meetings.kind_label(row.kind, row.kind_name))
        answer = QMessageBox.question(
            self, tr("Delete"), tr("Delete {kind} № {number} of {date} with its agenda, attendance and votes? "
                                   "This cannot be undone.", kind=kind, number=row.number,
                                   date=format_datetime(row.starts_at)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: meetings.delete_meeting(row.id), changes=Area.MEETINGS)  # a signed protocol stays

    def print_current(self, what: str, lang: str) -> None:
        row = self.current_row()
        if row is not None:
            print_document(self, row.id, row.number, row.starts_at.year, what, lang, on_written=self.printed.emit)

    def open_assembly(self) -> None:
        from app.ui.assembly_dialog import AssemblyDialog

        AssemblyDialog(self).exec()  # each change it made it announced itself

    def apply_filter(self, year: int | None = None, kind: str | None = None, village_id: int | None = None) -> None:
        """Shows the meetings of one year, kind and village (None: all), the search cleared (the start
        page's figures for the coming week open it so)."""
        self.search.clear()
        self.typing.stop()
        for combo, value in ((self.year, year), (self.kind, kind), (self.village, village_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
