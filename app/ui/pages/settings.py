"""The settings page: the district's names, rules, villages, rooms and MCI values."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from app.errors import DomainError, ValidationError
from app.i18n import N_, tr
from app.rules.dates import parse_date
from app.services import settings
from app.ui.editable_table import EditableTable
from app.ui.errors import show_error
from app.ui.pages import Page

DISTRICT_FIELDS = ("district_name_kk", "district_name_ru", "district_kato", "centre_name_kk", "centre_name_ru")
HIDDEN_FIELDS = ("setup_completed",)
VILLAGE_HEADERS = [N_("Name in Kazakh"), N_("Name in Russian"), N_("KATO code")]


def villages_from(editor: EditableTable) -> list[settings.VillageRow]:
    return [settings.VillageRow(village_id, *values) for village_id, values in editor.rows()]


def village_values(rows: list[settings.VillageRow]):
    return [(v.id, [v.name_kk, v.name_ru, v.kato_code]) for v in rows]


def _rooms_from(editor: EditableTable) -> list[settings.RoomRow]:
    rows = []
    for room_id, (name, capacity, notes) in editor.rows():
        if capacity and not capacity.isdigit():
            raise ValidationError("A room's capacity is a whole number: “{value}”.", field="rooms", value=capacity)
        rows.append(settings.RoomRow(room_id, name, int(capacity) if capacity else None, notes))
    return rows


def _mci_from(editor: EditableTable) -> list[settings.MciRow]:
    rows = []
    for rate_id, (day, amount) in editor.rows():
        try:
            effective = parse_date(day)
        except ValueError:
            raise ValidationError("“{value}” is not a date; write it as 2026-03-14 or 14.03.2026",
                                  field="mci", value=day) from None
        try:
            value = Decimal(amount.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError("“{value}” is not an amount.", field="mci", value=amount) from None
        rows.append(settings.MciRow(rate_id, effective, value))
    return rows


class SettingsPage(Page):
    areas = ("settings",)

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
            label = QLabel()
            label.setWordWrap(True)
            self.inputs[field.name], self.labels[field.name] = widget, label
            (district_form if field.name in DISTRICT_FIELDS else rules_form).addRow(label, widget)
        self.villages = EditableTable(VILLAGE_HEADERS, movable=True)
        self.rooms = EditableTable([N_("Room"), N_("Seats"), N_("Notes")])
        self.mci = EditableTable([N_("In force from"), N_("MCI, tenge")])
        for editor in (self.villages, self.rooms, self.mci):
            editor.edited.connect(self._mark_dirty)
        for tab in (self.district_tab, self.rules_tab, self.villages, self.rooms, self.mci):
            self.tabs.addTab(tab, "")

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.save_button, self.revert_button = QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save_changes)
        self.revert_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
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
        else:
            widget = QLineEdit()
            widget.textEdited.connect(self._mark_dirty)
        widget.setObjectName(name)
        return widget

    def retranslate(self) -> None:
        self.heading.setText(tr(self.title))
        for name, label in self.labels.items():
            label.setText(tr(settings.LABELS[name]))
        for index, text in enumerate((N_("District"), N_("Rules"), N_("Villages"), N_("Rooms"), N_("MCI"))):
            self.tabs.setTabText(index, tr(text))
        self.save_button.setText(tr("Save"))
        self.revert_button.setText(tr("Undo changes"))
        self.error.setText("")

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
        self.villages.set_rows(village_values(settings.villages()))
        self.rooms.set_rows([(r.id, [r.name, "" if r.capacity is None else str(r.capacity), r.notes])
                             for r in settings.rooms(include_inactive=False)])
        self.mci.set_rows([(r.id, [r.effective_from.strftime("%d.%m.%Y"), f"{r.amount:.0f}"])
                           for r in settings.mci_rates()])
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
        try:
            settings.save_district(self.values(), villages_from(self.villages), _rooms_from(self.rooms),
                                   _mci_from(self.mci))
        except ValidationError as error:
            self._show_invalid(error)
            return False
        except DomainError as error:
            show_error(self, error)
            return False
        self._set_dirty(False)
        self.notices.announce("settings")
        return True

    def _show_invalid(self, error: ValidationError) -> None:
        # Nothing is lost: the form keeps what was typed; the message says what to mend and where.
        self.error.setText(error.message())
        tabs = {"villages": self.villages, "rooms": self.rooms, "mci": self.mci}
        if error.field in tabs:
            self.tabs.setCurrentWidget(tabs[error.field])
        elif error.field in self.inputs:
            self.tabs.setCurrentWidget(self.district_tab if error.field in DISTRICT_FIELDS else self.rules_tab)
            self.inputs[error.field].setFocus()

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _on_changed(self, area: str) -> None:
        if not self._dirty:  # never throw away what the user is typing
            super()._on_changed(area)
