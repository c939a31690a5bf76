"""The settings page: the district's names, rules, villages, rooms and MCI values, and for the
administrator the office's users."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock, i18n
from app.areas import Area
from app.errors import ValidationError
from app.i18n import N_, format_date, tr
from app.rules.dates import parse_date
from app.services import calendar, exchange, settings
from app.ui.editable_table import EditableTable
from app.ui.list_editor import ListEditor
from app.ui.operations import Fields, ServiceCall
from app.ui.pages import Page

DISTRICT_FIELDS = ("district_name_kk", "district_name_ru", "district_kato", "centre_name_kk", "centre_name_ru",
                   "centre_address_kk", "centre_address_ru", "centre_phone", "centre_head")
# Not fields to type in: the first start sets one, the users tab's sign-in switch the other.
HIDDEN_FIELDS = ("setup_completed", "single_user")
# Lists of kinds and categories, edited as lists rather than typed with «;» (app/ui/list_editor.py).
LIST_LABELS = {"social_categories": N_("Social categories"), "other_meeting_kinds": N_("Other kinds of meeting"),
               "issue_categories": N_("Categories of local issues"), "event_kinds": N_("Kinds of events")}
VILLAGE_HEADERS = [N_("Name in Kazakh"), N_("Name in Russian"), N_("KATO code")]


def villages_from(editor: EditableTable) -> list[settings.VillageRow]:
    return [settings.VillageRow(village_id, *values) for village_id, values in editor.rows()]


def village_values(rows: list[settings.VillageRow]):
    return [(v.id, [v.name_kk, v.name_ru, v.kato_code]) for v in rows]


def _rooms_from(editor: EditableTable) -> list[settings.RoomRow]:
    rows = []
    for room_id, (name, name_ru, capacity, kind, bookable, notes) in editor.rows():
        if capacity and not capacity.isdigit():
            raise ValidationError("A room's capacity is a whole number: “{value}”.", field="rooms", value=capacity)
        rows.append(settings.RoomRow(room_id, name, int(capacity) if capacity else None, notes, kind=kind,
                                     bookable=bool(bookable), name_ru=name_ru))
    return rows


def _date_in(text: str, field: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise ValidationError("“{value}” is not a date; write it as 2026-03-14 or 14.03.2026",
                              field=field, value=text) from None


def _mci_from(editor: EditableTable) -> list[settings.MciRow]:
    rows = []
    for rate_id, (day, amount) in editor.rows():
        effective = _date_in(day, "mci")
        try:
            value = Decimal(amount.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError("“{value}” is not an amount.", field="mci", value=amount) from None
        rows.append(settings.MciRow(rate_id, effective, value))
    return rows


def _shown_name(name: str) -> str:
    """A law's holiday is a catalogue message, shown translated; the office's own words as typed
    (the catalogue is read directly so that they do not count as untranslated messages)."""
    return i18n.catalogue(i18n.current_language()).get(name, name)


def _untouched(stored_name: str | None, shown: str) -> bool:
    """Whether a law's day still shows its catalogue name, in whichever language."""
    return bool(stored_name) and shown in {i18n.catalogue(lang).get(stored_name, stored_name)
                                           for lang in i18n.LANGUAGES}


class HolidayTable(EditableTable):
    """The year's holidays: date, name and whether the day is a weekend made a working day (a
    checkbox). Each row keeps the name it was stored with, so a law's day keeps its catalogue name
    while the translation shown is left as it is."""

    def __init__(self, parent=None):
        super().__init__([N_("Date"), N_("Holiday"), N_("Working day")], parent=parent)
        header = self.table.horizontalHeader()  # the name takes the width, not the date
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 120)

    def _append(self, stored_name: str | None, values: list[str]) -> int:
        blocked = self.table.blockSignals(True)  # a row is one edit, announced once it is whole
        row = super()._append(stored_name, values[:2])
        flag = QTableWidgetItem()
        flag.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        flag.setCheckState(Qt.CheckState.Checked if values[2:] and values[2] else Qt.CheckState.Unchecked)
        self.table.setItem(row, 2, flag)
        self.table.blockSignals(blocked)
        return row

    def show_days(self, rows: list[calendar.HolidayRow]) -> None:
        self.set_rows([(r.name, [format_date(r.day), _shown_name(r.name), "1" if r.working else ""]) for r in rows])

    def retranslate_names(self) -> None:
        for row, (stored_name, (_day, name, _flag)) in enumerate(self.rows()):
            if _untouched(stored_name, name):
                self.table.item(row, 1).setText(_shown_name(stored_name))

    def rows_with_flags(self) -> list[tuple[str | None, list[str]]]:
        return [(stored_name, [day, name, "1" if self._working(row) else ""])
                for row, (stored_name, (day, name, _flag)) in enumerate(self.rows())]

    def _working(self, row: int) -> bool:
        return self.table.item(row, 2).checkState() == Qt.CheckState.Checked

    def days(self) -> list[calendar.HolidayRow]:
        result = []
        for row, (stored_name, (day, name, _flag)) in enumerate(self.rows()):
            if _untouched(stored_name, name):
                name = stored_name
            result.append(calendar.HolidayRow(_date_in(day, "holidays"), name, self._working(row)))
        return result


class HolidaysTab(QWidget):
    """The working-day calendar by year: the law's list until the office edits a year. Edits of
    several years are kept until the page is saved."""

    changed = Signal()  # the user edited a year's list

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edited: dict[int, list] = {}  # year -> the table's rows, for years changed and not saved
        self.own = False  # the shown year has the office's own list
        self.year_label, self.note = QLabel(), QLabel()
        self.note.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.shown_year = self.year.value()
        self.year.valueChanged.connect(self.show_year)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.back_to_law)
        self.table = HolidayTable()
        self.table.edited.connect(self._on_edited)
        self.loading = False
        bar = QHBoxLayout()
        bar.addWidget(self.year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.year_label.setText(tr("Year"))
        self.reset_button.setText(tr("Back to the law's list"))
        self.loading = True
        self.table.retranslate_names()
        self.loading = False
        self._show_note()

    def _on_edited(self) -> None:
        if not self.loading:
            self.edited[self.shown_year] = self.table.rows_with_flags()
            self._show_note()
            self.changed.emit()

    def show_year(self, year: int) -> None:
        self.loading = True
        self.shown_year = year
        self.year.blockSignals(True)  # showing a year is not a choice of year
        self.year.setValue(year)
        self.year.blockSignals(False)
        if year in self.edited:
            self.table.set_rows(self.edited[year])
        else:
            self.table.show_days(calendar.holidays(year))
        self.own = calendar.is_edited(year)
        self.loading = False
        self._show_note()

    def _show_note(self) -> None:
        year, own = self.shown_year, self.own
        note = (tr("{year}: the office's own list of holidays and moved working days.", year=year) if own
                else tr("{year}: the public holidays the law fixes.", year=year))
        if year in self.edited:
            note += " " + tr("Changes not saved yet.")
        self.note.setText(note)
        self.reset_button.setEnabled(own or year in self.edited)

    def reload(self) -> None:
        self.edited.clear()
        self.show_year(self.shown_year)

    def save(self) -> None:
        """Saves every year edited; on a refusal the table shows that year and keeps what was typed."""
        for year in sorted(self.edited):
            self.show_year(year)
            calendar.save_holidays(year, self.table.days())
            del self.edited[year]
        self.show_year(self.shown_year)

    def back_to_law(self) -> None:
        year = self.shown_year
        answer = QMessageBox.question(self, tr("Holidays"),
                                      tr("Go back to the law's list of holidays for {year}? The office's own "
                                         "days for that year are removed.", year=year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: calendar.save_holidays(year, []), changes=Area.SETTINGS,  # saved at once
                    on_success=lambda _r: self._back_to_law(year))

    def _back_to_law(self, year: int) -> None:
        self.edited.pop(year, None)
        self.show_year(year)


class SettingsPage(Page):
    areas = frozenset({Area.SETTINGS})
    area = Area.SETTINGS

    def __init__(self, context, title, parent=None):
        super().__init__(context, title, parent)
        self._dirty = False
        self._loading = False
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self.district_tab, self.rules_tab = QWidget(), QWidget()
        district_form, rules_form = QFormLayout(self.district_tab), QFormLayout(self.rules_tab)
        for field in fields(settings.DistrictSettings):
            if field.name in HIDDEN_FIELDS:
                continue
            widget = self._input_for(field.name, type(field.default))
            label = QLabel()  # on one line: a form's row does not grow for a label's second line
            self.inputs[field.name], self.labels[field.name] = widget, label
            form = district_form if field.name in DISTRICT_FIELDS else rules_form
            if field.name in LIST_LABELS:  # a list takes the form's whole width, its name above it
                form.addRow(label)
                form.addRow(widget)
            else:
                form.addRow(label, widget)
        # The district compares this with the fingerprint of the office's first package (docs/domain.md,
        # Packages for the district).
        self.fingerprint, self.fingerprint_label = QLineEdit(readOnly=True), QLabel()
        district_form.addRow(self.fingerprint_label, self.fingerprint)
        self.villages = EditableTable(VILLAGE_HEADERS, movable=True)
        # A room's Russian name for the Russian protocol and notice; empty: the one name serves both.
        self.rooms = EditableTable([N_("Room"), N_("Name in Russian (for Russian papers)"), N_("Seats"), N_("Kind"),
                                    N_("Booked for events"), N_("Notes")],
                                   choices={3: settings.ROOM_KINDS}, checks=(4,))
        self.mci = EditableTable([N_("In force from"), N_("MCI, tenge")])
        for editor in (self.villages, self.rooms, self.mci):
            editor.edited.connect(self._mark_dirty)
        self.holidays = HolidaysTab()
        self.holidays.changed.connect(self._mark_dirty)
        for tab in (self.district_tab, self.rules_tab):  # long forms scroll rather than squeeze their rows
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(tab)
            self.tabs.addTab(scroll, "")
        for tab in (self.villages, self.rooms, self.mci, self.holidays):
            self.tabs.addTab(tab, "")
        self.guard(self.villages, self.rooms, self.mci, self.holidays)
        if not self.may_change:  # read-only fields stay legible, where greyed-out ones would not
            for widget in self.inputs.values():
                if isinstance(widget, QCheckBox):
                    widget.setEnabled(False)
                else:
                    widget.setReadOnly(True)
        self.users = None  # the users tab, for the administrator only
        if self.may_change:
            from app.ui.users_panel import UsersPanel

            self.users = UsersPanel()
            self.tabs.addTab(self.users, "")

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.save_button, self.revert_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save_changes)
        self.revert_button.clicked.connect(self.reload)
        # Deleted records are brought back by an administrator, the role this page lets change.
        self.deleted_button = QPushButton()
        self.deleted_button.setVisible(self.may_change)
        self.deleted_button.clicked.connect(self.show_deleted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.deleted_button)
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._set_dirty(False)

    def _input_for(self, name: str, kind: type) -> QWidget:
        if kind is bool:
            widget = QCheckBox()
            widget.toggled.connect(self._mark_dirty)
        elif kind is int:
            widget = QSpinBox()
            widget.setRange(0, 1000)
            widget.valueChanged.connect(self._mark_dirty)
        elif kind is Decimal:
            widget = QDoubleSpinBox()
            widget.setRange(0, 100)
            widget.setDecimals(2)
            widget.setSuffix(" %")
            widget.valueChanged.connect(self._mark_dirty)
        elif name in LIST_LABELS:
            widget = ListEditor(name)
            widget.edited.connect(self._mark_dirty)
        else:
            widget = QLineEdit()
            widget.textEdited.connect(self._mark_dirty)
        widget.setObjectName(name)
        return widget

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        for name, label in self.labels.items():
            label.setText(tr(LIST_LABELS.get(name, settings.LABELS[name])))
        self.fingerprint_label.setText(tr("Fingerprint of this office's signing key"))
        for index, text in enumerate((N_("District"), N_("Rules"), N_("Villages"), N_("Rooms"), N_("MCI"),
                                      N_("Holidays"), N_("Users"))[:self.tabs.count()]):
            self.tabs.setTabText(index, tr(text))
        self.holidays.retranslate()
        if self.users is not None:
            self.users.retranslate()
        self.save_button.setText(tr("Save"))
        self.revert_button.setText(tr("Undo changes"))
        self.deleted_button.setText(tr("Deleted records…"))
        self.error.setText("")

    def show_deleted(self) -> None:
        from app.ui.deleted_records import DeletedRecordsDialog

        DeletedRecordsDialog(self).exec()

    def refresh(self) -> None:
        self._loading = True
        current = settings.load()
        for name, widget in self.inputs.items():
            value = getattr(current, name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, QSpinBox):
                widget.setValue(value)
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(float(value))
            else:
                widget.setText(value)
        self.fingerprint.setText(exchange.own_fingerprint())
        self.villages.set_rows(village_values(settings.villages()))
        self.rooms.set_rows([(r.id, [r.name, r.name_ru, "" if r.capacity is None else str(r.capacity), r.kind,
                                     "1" if r.bookable else "", r.notes])
                             for r in settings.rooms(include_inactive=False)])
        self.mci.set_rows([(r.id, [r.effective_from.strftime("%d.%m.%Y"), f"{r.amount:.0f}"])
                           for r in settings.mci_rates()])
        self.holidays.reload()
        if self.users is not None:
            self.users.refresh()
        self._loading = False
        self.error.setText("")
        self._set_dirty(False)

    def values(self) -> dict:
        result = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                result[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                result[name] = widget.value()
            elif isinstance(widget, QDoubleSpinBox):
                result[name] = Decimal(str(round(widget.value(), 2)))
            else:
                result[name] = widget.text()
        return result

    def save_changes(self) -> bool:
        def save() -> None:
            villages, rooms, mci = villages_from(self.villages), _rooms_from(self.rooms), _mci_from(self.mci)
            self.holidays.save()  # each year's list is checked whole before it is written
            settings.save_district(self.values(), villages, rooms, mci)

        # Nothing is lost: the form keeps what was typed; the message says what to mend, on its tab.
        tabs = {"villages": self.villages, "rooms": self.rooms, "mci": self.mci, "holidays": self.holidays}
        return bool(ServiceCall(self, save, changes=Area.SETTINGS, on_success=lambda _r: self._set_dirty(False),
                                fields=Fields({**self.inputs, **tabs}, general=self.error,
                                              names={"day": "holidays", "working": "holidays"}),
                                partial=True).ok)  # holidays saved before a refusal stay saved

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _on_changed(self, changed: frozenset[Area]) -> None:
        if not self._dirty:  # never throw away what the user is typing
            super()._on_changed(changed)
