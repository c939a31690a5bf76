"""The event form: what, when, where (rooms with a hint of those free), who may come, the grant
that pays, a repeat when planning a series; and, once saved, its registrations and attendance.
Checked by the events service when saved; a taken room offers the free ones instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.i18n import N_, ntr, tr
from app.services import drafts, events, grants, settings
from app.services.events import EventData, Repeat
from app.ui.combo import refill
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.event_calendar import WEEKDAYS
from app.ui.event_clash import book_with_free_room
from app.ui.event_registrations import RegistrationsPanel
from app.ui.operations import Fields, Reconcile, ServiceCall
from app.ui.unsaved import close_asking

LABELS = {"title": N_("Title"), "kind": N_("Kind"), "organiser": N_("Organiser"), "starts_at": N_("Starts"),
          "ends_at": N_("Ends"), "public": N_("Who may come"), "capacity": N_("Places"), "grant": N_("Grant")}
HINT_PAUSE_MS = 250
# The event's columns a refused save names, as this form labels them.
COLUMN_LABELS = {**LABELS, "grant_id": LABELS["grant"], "description": N_("Description")}


def _datetime_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy  HH:mm")
    return edit


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.hide()
    return label


class EventDialog(QDialog):
    """Plans an event (``event_id`` None; ``starts_at`` proposes its time) or opens one.
    ``saved_ids`` are the events written; ``changed`` tells whether anything was written at all.
    ``draft``: typing a crash left behind (app/ui/drafts.py), put back over the event."""

    def __init__(self, event_id: int | None = None, starts_at: datetime | None = None, parent=None,
                 draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.event_id = event_id
        self.series_id: int | None = None
        self.version: int | None = None  # of the event as read (app/services/versions.py)
        self.saved_ids: list[int] = []
        self.changed = False
        self.resize(920, 620)
        self.inputs: dict[str, QWidget] = {
            "title": QLineEdit(), "kind": QComboBox(), "organiser": QLineEdit(),
            "starts_at": _datetime_edit(), "ends_at": _datetime_edit(), "public": QComboBox(),
            "capacity": QSpinBox(), "grant": QComboBox(),
        }
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.inputs["capacity"].setRange(0, 100000)
        self.description = QPlainTextEdit()
        self.series_note = QLabel()
        self.series_note.hide()
        self.rooms = QListWidget()
        self.rooms.setObjectName("rooms")
        self.free_hint = QLabel()
        self.free_hint.setWordWrap(True)
        self.repeat_box = QGroupBox()
        self.repeat_box.setCheckable(True)
        self.repeat_box.setChecked(False)
        self.weekdays = [QCheckBox() for _day in range(7)]
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd.MM.yyyy")
        self.until_label = QLabel()
        self.errors = {name: _error_label() for name in (*LABELS, "rooms", "repeat", "description")}
        self.error = _error_label()
        self.labels = {name: QLabel() for name in LABELS}
        self.rooms_label, self.description_label = QLabel(), QLabel()

        form = QFormLayout()
        for name in LABELS:
            form.addRow(self.labels[name], self.inputs[name])
            form.addRow("", self.errors[name])
        days = QGridLayout()
        for day, box in enumerate(self.weekdays):
            days.addWidget(box, 0, day)
        days.addWidget(self.until_label, 1, 0, 1, 2)
        days.addWidget(self.until, 1, 2, 1, 3)
        repeat_layout = QVBoxLayout(self.repeat_box)
        repeat_layout.addLayout(days)
        repeat_layout.addWidget(self.errors["repeat"])
        left = QVBoxLayout()
        left.addWidget(self.series_note)
        left.addLayout(form)
        left.addWidget(self.description_label)
        left.addWidget(self.description, 1)
        right = QVBoxLayout()
        right.addWidget(self.rooms_label)
        right.addWidget(self.rooms, 1)
        right.addWidget(self.free_hint)
        right.addWidget(self.errors["rooms"])
        right.addWidget(self.repeat_box)
        details = QWidget()
        columns = QHBoxLayout(details)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.registrations = RegistrationsPanel(event_id) if event_id is not None else None
        self.tabs = QTabWidget()
        self.tabs.addTab(details, "")
        if self.registrations is not None:
            self.tabs.addTab(self.registrations, "")
            self.registrations.changed.connect(self._registrations_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.hinting = QTimer(self)
        self.hinting.setSingleShot(True)
        self.hinting.setInterval(HINT_PAUSE_MS)
        self.hinting.timeout.connect(self.show_free_rooms)
        self.retranslate()
        self._fill_choices()
        self._fill_rooms(())
        if event_id is not None:
            self._load(events.get(event_id))
        else:
            starts = starts_at or datetime.combine(clock.today() + timedelta(days=1), time(10))
            self.inputs["starts_at"].setDateTime(QDateTime(starts))
            self.inputs["ends_at"].setDateTime(QDateTime(starts + timedelta(hours=2)))
            self.until.setDate(QDate(starts.date() + timedelta(weeks=8)))
            self.weekdays[starts.weekday()].setChecked(True)
        self.repeat_box.setVisible(event_id is None)  # a series is planned at once, then edited
        self._last_start = self.inputs["starts_at"].dateTime().toPython()
        self.inputs["starts_at"].dateTimeChanged.connect(self._start_moved)
        self.inputs["ends_at"].dateTimeChanged.connect(lambda _moment: self.hinting.start())
        self.show_free_rooms()
        self.snapshot = self._state()
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "event", lambda: self.event_id, self._typed, self._draft_title, draft)

    # Texts -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        if self.event_id is None:
            self.setWindowTitle(tr("New event"))
        else:
            self.setWindowTitle(tr("Event No. {id}", id=self.event_id))
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.rooms_label.setText(tr("Rooms"))
        self.description_label.setText(tr("Description"))
        self.series_note.setText(tr("↻ One of a weekly series: saving asks whether to change the whole series."))
        self.repeat_box.setTitle(tr("Repeat every week on"))
        for day, box in enumerate(self.weekdays):
            box.setText(tr(WEEKDAYS[day]))
        self.until_label.setText(tr("until"))
        self.inputs["capacity"].setSpecialValueText(tr("no limit"))
        self.tabs.setTabText(0, tr("Event"))
        if self.registrations is not None:
            self.tabs.setTabText(1, tr("Registrations"))
            self.registrations.retranslate()
            self.registrations.refresh()  # its rows' places and counts are words too
        if self.isVisible():  # a closed form keeps no claim on the database
            self._fill_choices()
            self.show_free_rooms()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_choices(self) -> None:
        kinds = events.kinds()
        current = self.inputs["kind"].currentData()
        if current and current not in kinds:  # a kind since taken off the district's list stays readable
            kinds.append(current)
        refill(self.inputs["kind"], [(kind, kind) for kind in kinds])
        refill(self.inputs["public"], [(tr("Open to everyone"), True), (tr("By invitation only"), False)])
        refill(self.inputs["grant"], [(tr("(no grant)"), None)] + [
            (tr("{number} — {donor}", number=g.agreement_number, donor=g.donor), g.id) for g in grants.list_grants()])

    def _fill_rooms(self, chosen: tuple[int, ...]) -> None:
        self.rooms.clear()
        for room in settings.rooms(include_inactive=False):
            if not room.bookable and room.id not in chosen:
                continue
            text = room.name if room.capacity is None else ntr("{room}, {n} place", "{room}, {n} places",
                                                                room.capacity, room=room.name)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, room.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if room.id in chosen else Qt.CheckState.Unchecked)
            self.rooms.addItem(item)

    def set_rooms(self, chosen: tuple[int, ...]) -> None:
        for row in range(self.rooms.count()):
            item = self.rooms.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)

    def chosen_rooms(self) -> tuple[int, ...]:
        return tuple(self.rooms.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.rooms.count())
                     if self.rooms.item(row).checkState() == Qt.CheckState.Checked)

    # Loading and reading -------------------------------------------------------------------------

    def _load(self, view: events.EventView) -> None:
        d = view.data
        self.version = d.version
        self.series_id = view.series_id
        self.series_note.setVisible(view.series_id is not None)
        self.inputs["title"].setText(d.title)
        kind = self.inputs["kind"]
        if kind.findData(d.kind) < 0:
            kind.addItem(d.kind, d.kind)
        kind.setCurrentIndex(kind.findData(d.kind))
        self.inputs["organiser"].setText(d.organiser)
        self.inputs["starts_at"].setDateTime(QDateTime(d.starts_at))
        self.inputs["ends_at"].setDateTime(QDateTime(d.ends_at))
        self.inputs["public"].setCurrentIndex(self.inputs["public"].findData(d.public))
        self.inputs["capacity"].setValue(d.capacity or 0)
        self.inputs["grant"].setCurrentIndex(max(0, self.inputs["grant"].findData(d.grant_id)))
        self.description.setPlainText(d.description)
        self._fill_rooms(d.room_ids)

    def data(self) -> EventData:
        i = self.inputs
        return EventData(i["title"].text(), i["kind"].currentData() or "", i["starts_at"].dateTime().toPython(),
                         i["ends_at"].dateTime().toPython(), self.chosen_rooms(), i["organiser"].text(),
                         self.description.toPlainText(), bool(i["public"].currentData()),
                         i["capacity"].value() or None, i["grant"].currentData(), version=self.version)

    def repeat(self) -> Repeat | None:
        if self.event_id is not None or not self.repeat_box.isChecked():
            return None
        return Repeat(tuple(day for day, box in enumerate(self.weekdays) if box.isChecked()),
                      self.until.date().toPython())

    def _state(self) -> tuple:
        return self.data(), self.repeat()

    def has_unsaved_changes(self) -> bool:
        return self._state() != self.snapshot

    # Drafts ------------------------------------------------------------------------------------

    def _typed(self) -> dict | None:
        """The form as typed, for a draft (with the version typed over); None if nothing differs."""
        if not self.has_unsaved_changes():
            return None
        return {**typed_values(self.inputs), "description": self.description.toPlainText(),
                "rooms": list(self.chosen_rooms()), "repeat": self.repeat_box.isChecked(),
                "weekdays": [box.isChecked() for box in self.weekdays], "until": self.until.date().toPython().isoformat(),
                "version": self.version}

    def _retype(self, values: dict) -> None:
        retype(self.inputs, values)  # the start before the end, which follows it
        self.description.setPlainText(values["description"])
        self.set_rooms(tuple(values["rooms"]))
        self.repeat_box.setChecked(values["repeat"])
        for box, checked in zip(self.weekdays, values["weekdays"]):
            box.setChecked(checked)
        self.until.setDate(QDate.fromString(values["until"], Qt.DateFormat.ISODate))
        self.version = values["version"]  # typed over it: a save over a newer one shows theirs
        self.show_free_rooms()

    def _draft_title(self) -> str:
        title = self.inputs["title"].text().strip()
        return tr("the event «{title}»", title=title) if title else tr("a new event")

    # Times and the free rooms ---------------------------------------------------------------------

    def _start_moved(self, moment: QDateTime) -> None:
        """The end follows the start, so moving an event keeps its length."""
        starts = moment.toPython()
        ends = self.inputs["ends_at"].dateTime().toPython() + (starts - self._last_start)
        self._last_start = starts
        self.inputs["ends_at"].setDateTime(QDateTime(ends))
        self.hinting.start()

    def show_free_rooms(self) -> None:
        data = self.data()
        if data.ends_at <= data.starts_at:
            self.free_hint.setText("")
            return
        free = events.free_rooms(data.starts_at, data.ends_at, event_id=self.event_id)
        free_ids = {room.id for room in free}
        for row in range(self.rooms.count()):
            item = self.rooms.item(row)
            taken = item.data(Qt.ItemDataRole.UserRole) not in free_ids
            item.setForeground(QColor("#9a9a9a") if taken else self.palette().text().color())
            item.setToolTip(tr("Taken at this time") if taken else "")
        self.free_hint.setText(tr("Free at this time: {rooms}", rooms=", ".join(r.name for r in free))
                               if free else tr("No room is free at that time."))

    # Saving ------------------------------------------------------------------------------------

    def fields(self) -> Fields:
        """Where a refusal shows: beside its field when it has one (what was typed stays), else under
        the form."""
        return Fields({**self.inputs, "rooms": self.rooms, "repeat": self.repeat_box}, self.errors, self.error)

    def _whole_series(self) -> bool | None:
        """For an event of a series: this occurrence (False), all of them (True), or neither (None)."""
        if self.event_id is None or self.series_id is None:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, tr("Event of a series"),
                          tr("This event is one of a series. Change only this one, or every event of the series?"),
                          parent=self)
        one = box.addButton(tr("Only this one"), QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(tr("The whole series"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {one: False, every: True}.get(box.clickedButton())

    def save(self) -> bool:
        fields = self.fields()
        fields.clear()
        whole = self._whole_series()
        if whole is None:
            return False
        data, repeat = self.data(), self.repeat()

        def attempt(rooms: tuple[int, ...]) -> None:
            if self.event_id is None:
                self.saved_ids = events.create(replace(data, room_ids=rooms), repeat)
            else:
                events.update(self.event_id, replace(data, room_ids=rooms), whole_series=whole)
                self.saved_ids = [self.event_id]

        def book() -> None:
            refused = book_with_free_room(self, data.room_ids, attempt, on_rooms=self.set_rooms)
            if refused is not None:  # the clash the user gave up on, shown beside the rooms
                raise refused

        def reload(fresh) -> None:
            self._load(fresh)
            self.snapshot = self._state()

        return ServiceCall(self, book, changes=Area.EVENTS, on_success=lambda _r: self._saved(), fields=fields,
                           conflict=Reconcile(lambda: events.get(self.event_id), reload,
                                              lambda fresh: setattr(self, "version", fresh.data.version),
                                              COLUMN_LABELS, {**self.inputs, "grant_id": self.inputs["grant"]})).ok

    def _saved(self) -> None:
        self.changed = True
        self.snapshot = self._state()
        self.keeper.discard()
        self.accept()

    def _registrations_changed(self) -> None:
        self.changed = True

    def closeEvent(self, event):
        close_asking(self, event, tr("Save the changes to this event?"))

    def reject(self) -> None:
        self.close()  # Escape and Cancel ask about unsaved changes too
