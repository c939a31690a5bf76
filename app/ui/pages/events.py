"""Events of the centre: the rooms' calendar (week and month) and the list of events with its
filters; planning, opening, moving and deleting events; the day sheet and the events report."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from app import clock, i18n
from app.areas import Area
from app.i18n import N_, format_date, tr
from app.services import events
from app.ui.combo import refill
from app.ui.dates import date_edit, date_of
from app.ui.event_calendar import EventCalendar, Item
from app.ui.event_dialog import EventDialog
from app.ui.meeting_editor import MeetingEditor
from app.ui.operations import ServiceCall
from app.ui.pages import Page
from app.ui.table_model import Column, RowsModel, list_view

VIEWS = (("week", N_("Week")), ("month", N_("Month")), ("list", N_("List")))


def _when(row: events.EventRow) -> str:
    return f"{format_date(row.starts_at)} {row.starts_at:%H:%M}–{row.ends_at:%H:%M}"


class EventsPage(Page):
    areas = Area.EVENTS | Area.MEETINGS | Area.SETTINGS
    area = Area.EVENTS
    printed = Signal(str)  # a day sheet just written

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        views = QHBoxLayout()
        views.setSpacing(0)
        for number, (_code, _label) in enumerate(VIEWS):
            button = QPushButton()
            button.setCheckable(True)
            self.view_buttons.addButton(button, number)
            views.addWidget(button)
        self.view_buttons.button(0).setChecked(True)
        self.view_buttons.idClicked.connect(self._view_chosen)
        self.previous_button, self.next_button = QPushButton("‹"), QPushButton("›")
        self.today_button = QPushButton()
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.previous_button.clicked.connect(lambda: self.calendar.step(False))
        self.next_button.clicked.connect(lambda: self.calendar.step(True))
        self.today_button.clicked.connect(lambda: self.calendar.show_day(clock.today()))
        self.range_label = QLabel()
        self.range_label.setObjectName("heading")
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        today = clock.today()
        self.date_from, self.date_to = date_edit(), date_edit()
        self.date_from.setDate(QDate(today.replace(day=1)))
        self.date_to.setDate(QDate(today.replace(day=1) + timedelta(days=92)))
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.refresh_list())
        self.period_label = QLabel()
        self.new_button, self.open_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        self.day_sheet_button, self.report_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(lambda: self.new_event())
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.day_sheet_button.clicked.connect(self.print_day_sheet)
        self.report_button.clicked.connect(self.print_report)
        self.guard(self.new_button, self.delete_button)

        self.calendar = EventCalendar()
        self.calendar.opened.connect(self.open_item)
        # A double click on a free time does what the button offers (not offered to a role without events).
        self.calendar.new_requested.connect(lambda when: self.new_button.isEnabled() and self.new_event(when))
        self.calendar.range_changed.connect(self._show_range)
        self.model = RowsModel([
            Column(N_("When"), _when),
            Column(N_("Title"), lambda r: r.title),
            Column(N_("Kind"), lambda r: r.kind),
            Column(N_("Rooms"), lambda r: r.rooms),
            Column(N_("Places"), lambda r: "" if r.capacity is None else r.capacity, align_right=True),
            Column(N_("Registered / came"), lambda r: f"{r.registered} / {r.attended}", align_right=True),
            Column(N_("Series"), lambda r: "↻" if r.series else ""),
        ], self)
        self.table = list_view(self.model, 1)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.calendar)
        self.stack.addWidget(self.table)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addLayout(views)
        top.addStretch(1)
        for button in (self.new_button, self.open_button, self.delete_button, self.day_sheet_button,
                       self.report_button):
            top.addWidget(button)
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.today_button, self.next_button, self.range_label,
                       self.period_label, self.date_from, self.date_to):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._view_chosen(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        for number, (_code, label) in enumerate(VIEWS):
            self.view_buttons.button(number).setText(tr(label))
        self.today_button.setText(tr("Today"))
        self.previous_button.setToolTip(tr("Earlier"))
        self.next_button.setToolTip(tr("Later"))
        self.period_label.setText(tr("From–to:"))
        self.new_button.setText(tr("New event…"))
        self.open_button.setText(tr("Open"))
        self.delete_button.setText(tr("Delete…"))
        self.day_sheet_button.setText(tr("Day sheet…"))
        self.report_button.setText(tr("Report…"))
        self.day_sheet_button.setToolTip(tr("The bookings of the day chosen in the calendar, room by room"))
        self.report_button.setToolTip(tr("Events report"))
        self._fill_kinds()
        self.model.retranslate()
        self._show_range()
        self.calendar.update()

    def _fill_kinds(self) -> None:
        refill(self.kind, [(tr("All kinds"), None)] + [(kind, kind) for kind in events.kinds()])

    def reload(self) -> None:
        self._fill_kinds()
        super().reload()

    def refresh(self) -> None:
        self.calendar.refresh()
        self.refresh_list()

    def refresh_list(self) -> None:
        self.model.set_rows(events.rows(date_of(self.date_from), date_of(self.date_to), self.kind.currentData()))

    def _show_range(self) -> None:
        self.range_label.setText(self.calendar.title())

    def _view_chosen(self, number: int) -> None:
        code = VIEWS[number][0]
        listing = code == "list"
        self.stack.setCurrentWidget(self.table if listing else self.calendar)
        for widget in (self.previous_button, self.today_button, self.next_button, self.range_label):
            widget.setVisible(not listing)
        for widget in (self.period_label, self.date_from, self.date_to):
            widget.setVisible(listing)
        if not listing and code != self.calendar.mode:
            self.calendar.set_mode(code)

    def show_view(self, code: str) -> None:
        number = [c for c, _label in VIEWS].index(code)
        self.view_buttons.button(number).setChecked(True)
        self._view_chosen(number)

    def _kind_chosen(self, _index: int) -> None:
        self.calendar.set_kind(self.kind.currentData())
        self.refresh_list()

    # Opening and changing ------------------------------------------------------------------------

    def current_event_id(self) -> int | None:
        if self.stack.currentWidget() is self.table:
            index = self.table.currentIndex()
            return self.model.row(index.row()).id if index.isValid() else None
        return self.calendar.current.event_id if self.calendar.current is not None else None

    def _run(self, dialog: EventDialog) -> EventDialog:
        dialog.exec()  # what it saved it announced itself
        return dialog

    def new_event(self, starts_at: datetime | None = None) -> EventDialog:
        return self._run(EventDialog(starts_at=starts_at, parent=self))

    new = new_event  # the window's Ctrl+N

    def open_event(self, event_id: int) -> EventDialog:
        return self._run(EventDialog(event_id, parent=self))

    def open_current(self) -> None:
        event_id = self.current_event_id()
        if event_id is not None:
            self.open_event(event_id)

    def open_item(self, item: Item) -> None:
        if item.event_id is None:
            self.open_meeting(item.meeting_id)
            return
        self.open_event(item.event_id)

    def open_meeting(self, meeting_id: int) -> MeetingEditor | None:
        """A meeting booked in a room opens in its own editor, as from the meetings page; one editor
        a meeting, brought to the front when already open."""
        editor = next((e for e in self.findChildren(MeetingEditor) if e.meeting_id == meeting_id), None)
        if editor is None:
            opened = ServiceCall(self, lambda: MeetingEditor(meeting_id, notices=self.notices, parent=self))
            if not opened.ok:  # deleted meanwhile
                self.calendar.refresh()
                return None
            editor = opened.result
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def delete_current(self) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            return
        view = events.get(event_id)
        box = QMessageBox(QMessageBox.Icon.Question, tr("Delete…"),
                          tr("Delete the event «{title}» of {date} with its registrations?", title=view.data.title,
                             date=format_date(view.data.starts_at)), parent=self)
        if view.series_id is not None:
            box.setText(tr("«{title}» is one of a series. Delete only this one, or every event of the series?",
                           title=view.data.title))
            one = box.addButton(tr("Only this one"), QMessageBox.ButtonRole.DestructiveRole)
            every = box.addButton(tr("The whole series"), QMessageBox.ButtonRole.DestructiveRole)
        else:
            one, every = box.addButton(tr("Delete"), QMessageBox.ButtonRole.DestructiveRole), None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (one, every):
            return
        ServiceCall(self, lambda: events.delete(event_id, whole_series=box.clickedButton() is every),
                    changes=Area.EVENTS, on_success=lambda _r: setattr(self.calendar, "current", None))

    # Printing ------------------------------------------------------------------------------------

    def print_day_sheet(self) -> None:
        """The chosen day's bookings, room by room, in the interface language; written off the UI
        thread, then shown in the print preview."""
        day = self.calendar.selected_day
        if self.stack.currentWidget() is self.table and self.table.currentIndex().isValid():
            day = self.model.row(self.table.currentIndex().row()).starts_at.date()
        path, _filter = QFileDialog.getSaveFileName(self, tr("Print the day sheet…"),
                                                    f"rooms-{day:%Y-%m-%d}.pdf", "PDF (*.pdf)")
        if not path:
            return
        lang = i18n.current_language()

        def work(progress, cancelled):
            from app.reports import day_sheet  # loaded on first use: reportlab is heavy

            return day_sheet.render(events.day_sheet(day), path, lang, clock.today())

        def done(result, error):
            if error is None:
                self.printed.emit(str(result))
                pdf_preview.show(self, result)

        from app.ui import pdf_preview
        from app.ui.work import run_task

        run_task(self, work, title=tr("Printing the day sheet…"), on_done=done)

    print = print_day_sheet  # the window's Ctrl+P

    def print_report(self) -> None:
        from app.ui.period_report import PeriodReportDialog

        def write(*args):
            from app.printing.events import print_events  # loaded on first use: reportlab is heavy

            return print_events(*args)

        PeriodReportDialog(N_("Events report"), "events", write, months=True, parent=self).exec()

    def apply_filter(self, date_from: date | None = None, date_to: date | None = None,
                     kind: str | None = None) -> None:
        """Shows the list of events from one day to another, of one kind or all (the start page's
        figures for the coming week open it so)."""
        self.show_view("list")
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        if date_from is not None:
            self.date_from.setDate(QDate(date_from))
        if date_to is not None:
            self.date_to.setDate(QDate(date_to))
