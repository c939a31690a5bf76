"""The meeting editor: details and agenda typed and saved together; attendance, votes, signing and
amendments recorded at once through the meetings service. Once the protocol is signed every edit
control is off and the editor says why."""

from __future__ import annotations

import importlib.util
from dataclasses import asdict
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.errors import ValidationError
from app.i18n import LANGUAGE_NAMES, N_, format_date, local_name, tr
from app.services import drafts, meetings, settings
from app.ui import conflict
from app.ui.agenda_panel import AgendaPanel
from app.ui.attendance_panel import AttendancePanel
from app.ui.combo import refill
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.errors import show_error
from app.ui.language import FollowsLanguage
from app.ui.meeting_print import LANGUAGE_LABELS, print_document
from app.ui.operations import Reconcile, ServiceCall
from app.ui.unsaved import may_close
from app.ui.vote_panel import VotePanel
from app.ui.watcher import ChangedElsewhere

LABELS = {
    "kind": N_("Kind"), "separate": N_("Separate gathering"), "number": N_("Number"),
    "starts_at": N_("Date and time"), "village": N_("Village"), "area": N_("Street"), "room": N_("Room"),
    "address": N_("Address"), "language": N_("Meeting language"), "convened_by": N_("Convened by"),
    "chair": N_("Chair"), "secretary": N_("Secretary"), "guests": N_("Invited guests"), "notes": N_("Notes"),
    "ends_at": N_("Closed at"), "guests_second": N_("Invited guests in the other language (for its protocol)"),
    "representatives": N_("Representatives elected by a separate gathering, one a line"),
}
LEFT = ("kind", "separate", "number", "starts_at", "ends_at", "village", "area", "room", "address", "language")
RIGHT = ("convened_by", "chair", "secretary", "guests", "guests_second", "representatives", "notes")
# The service's error fields shown beside a field of the details tab.
FIELD_OF = {"kind": "kind", "kind_name": "kind", "village": "village", "room": "room", "language": "language",
            "number": "number", "chair": "chair", "ends_at": "ends_at"}
TAB_DETAILS, TAB_AGENDA, TAB_ATTENDANCE, TAB_VOTES, TAB_PROTOCOL = range(5)
# The meeting's columns a refused save names, where they differ from the form's fields.
COLUMN_OF = {"village_id": "village", "room_id": "room", "kind_name": "kind"}
COLUMN_LABELS = {**LABELS, **{column: LABELS[name] for column, name in COLUMN_OF.items()},
                 "year": N_("Year"), "ends_at": N_("Ends"), "signed_on": N_("Signed on"),
                 "head_count": N_("Head count instead of names"), "entitled_override": N_("Entitled to attend"),
                 "entitled_override_reason": N_("Reason")}
OTHER_PREFIX = meetings.OTHER + ":"


def kind_key(kind: str, kind_name: str = "") -> str:
    """One combo data value for a kind and, for another kind, its name."""
    return OTHER_PREFIX + kind_name if kind == meetings.OTHER else kind


def kind_of(key: str | None) -> tuple[str, str]:
    key = key or meetings.GATHERING
    return (meetings.OTHER, key[len(OTHER_PREFIX):]) if key.startswith(OTHER_PREFIX) else (key, "")


TABS = (N_("Details"), N_("Agenda"), N_("Attendance"), N_("Votes"), N_("Protocol"))


class MeetingEditor(QDialog):
    """Prepares a new meeting (``meeting_id`` None) or carries an existing one through the day.
    ``draft``: details and agenda typed before a crash (app/ui/drafts.py), put back over the meeting."""

    printed = Signal(str)  # a PDF just written

    def __init__(self, meeting_id: int | None = None, notices=None, parent=None, draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.meeting_id = meeting_id
        self.notices = notices
        self.view: meetings.MeetingView | None = None
        self.version: int | None = None  # of the details and agenda the form holds (app/services/versions.py)
        self.hall = None
        self._loading = False
        self.details_dirty = False
        self.number_auto = meeting_id is None
        self.inputs: dict = {
            "kind": QComboBox(), "separate": QCheckBox(), "number": QSpinBox(), "starts_at": QDateTimeEdit(),
            "village": QComboBox(), "area": QComboBox(), "room": QComboBox(), "address": QLineEdit(),
            "language": QComboBox(), "convened_by": QLineEdit(), "chair": QLineEdit(), "secretary": QLineEdit(),
            "guests": QPlainTextEdit(), "notes": QPlainTextEdit(), "ends_at": QLineEdit(),
            "guests_second": QPlainTextEdit(), "representatives": QPlainTextEdit(),
        }
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.inputs["number"].setRange(1, 99_999)
        self.inputs["starts_at"].setCalendarPopup(True)
        self.inputs["starts_at"].setDisplayFormat("dd.MM.yyyy HH:mm")
        self.inputs["area"].setEditable(True)
        self.inputs["guests"].setMinimumHeight(90)
        for name in ("guests_second", "representatives"):
            self.inputs[name].setMinimumHeight(60)
        self.inputs["notes"].setMinimumHeight(90)
        for code in meetings.LANGUAGES:
            self.inputs["language"].addItem(LANGUAGE_NAMES[code], code)
        self.inputs["kind"].currentIndexChanged.connect(self._kind_changed)
        self.inputs["village"].currentIndexChanged.connect(self._village_changed)
        self.inputs["starts_at"].dateTimeChanged.connect(lambda _d: self._renumber())
        self.inputs["number"].valueChanged.connect(self._number_typed)
        for widget in self.inputs.values():
            for signal in ("textChanged", "currentIndexChanged", "toggled", "valueChanged", "dateTimeChanged",
                           "editTextChanged"):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(self._details_edited)
        self.labels = {name: QLabel() for name in LABELS}
        self.errors = {name: QLabel() for name in LABELS}
        details = QWidget()
        columns = QHBoxLayout(details)
        for names in (LEFT, RIGHT):
            form = QFormLayout()
            for name in names:
                cell = QVBoxLayout()
                cell.setSpacing(2)
                cell.addWidget(self.inputs[name])
                error = self.errors[name]
                error.setStyleSheet("color: #b00020;")
                error.setWordWrap(True)
                error.hide()
                cell.addWidget(error)
                form.addRow(self.labels[name], cell)
            columns.addLayout(form, 1)
        self.agenda = AgendaPanel()
        self.attendance = AttendancePanel()
        self.votes = VotePanel()
        self.protocol = self._build_protocol()
        self.agenda.item_chosen.connect(self._show_on_hall)
        self.votes.item_chosen.connect(self._show_on_hall)
        self.attendance.changed.connect(lambda _state: self._changed(refresh=False))
        self.votes.changed.connect(self._changed)
        self.tabs = QTabWidget()
        for page in (details, self.agenda, self.attendance, self.votes, self.protocol):
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab = TAB_DETAILS
        self.signed_banner = QLabel()
        self.signed_banner.setWordWrap(True)
        self.signed_banner.setStyleSheet("background: #fff3cd; padding: 6px; border-radius: 4px;")
        self.signed_banner.hide()
        self.elsewhere = ChangedElsewhere("meetings", clean=lambda: not self.has_unsaved_changes())
        self.elsewhere.reload.connect(self.reload_theirs)
        self.hall_button = QPushButton()
        self.hall_button.clicked.connect(self.open_hall_screen)
        self.hall_button.setVisible(importlib.util.find_spec("app.ui.hall_screen") is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hall_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signed_banner)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1220, 690)  # an office screen of 1366×768, with the taskbar
        self._fill_choices()
        if meeting_id is None:
            self._loading = True
            start = QDateTime(QDate(clock.today()).addDays(7), QTime(11, 0))
            self.inputs["starts_at"].setDateTime(start)
            self.inputs["village"].setCurrentIndex(min(1, self.inputs["village"].count() - 1))
            self._village_changed(0)
            self._loading = False
            self._renumber()
        else:
            self._load(meetings.get(meeting_id))
        self.details_dirty = False
        self.retranslate()
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "meeting", lambda: self.meeting_id, self._typed, self._draft_title, draft)

    def _build_protocol(self) -> QWidget:
        page = QWidget()
        self.sign_state = QLabel()
        self.sign_state.setWordWrap(True)
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(self.sign)
        self.amendments_box = QGroupBox()
        self.amendments = QTableWidget(0, 3)
        self.amendments.verticalHeader().hide()
        self.amendments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.amendments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.amend_button = QPushButton()
        self.amend_button.clicked.connect(self.add_amendment)
        box = QVBoxLayout(self.amendments_box)
        box.addWidget(self.amendments)
        box.addWidget(self.amend_button)
        self.print_box = QGroupBox()
        self.print_buttons = {}
        grid = QFormLayout(self.print_box)
        self.print_labels = {}
        for what in ("minutes", "sheet", "notice"):
            row = QHBoxLayout()
            for lang in meetings.LANGUAGES:
                button = QPushButton()
                button.clicked.connect(lambda _c=False, w=what, l=lang: self.print_file(w, l))
                self.print_buttons[what, lang] = button
                row.addWidget(button)
            row.addStretch(1)
            self.print_labels[what] = QLabel()
            grid.addRow(self.print_labels[what], row)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_state, 1)
        sign_row.addWidget(self.sign_button)
        layout = QVBoxLayout(page)
        layout.addLayout(sign_row)
        layout.addWidget(self.print_box)
        layout.addWidget(self.amendments_box, 1)
        return page

    # Language -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(tr("New meeting") if self.view is None else self._title())
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.inputs["separate"].setText(tr("it elects representatives to the district's gathering"))
        self.inputs["area"].lineEdit().setPlaceholderText(tr("Whole village"))
        self.inputs["address"].setPlaceholderText(tr("Where the meeting is held, if not a room of the centre"))
        self.inputs["ends_at"].setPlaceholderText(tr("HH:MM, as the protocol records it"))
        self.inputs["guests_second"].setPlaceholderText(tr("Name — position, in the other language"))
        for index, text in enumerate(TABS):
            self.tabs.setTabText(index, tr(text))
        self.hall_button.setText(tr("Hall screen"))
        self.sign_button.setText(tr("Sign the protocol…"))
        self.amendments_box.setTitle(tr("Amendments"))
        self.amendments.setHorizontalHeaderLabels([tr("Date"), tr("Text"), tr("Made by")])
        self.amend_button.setText(tr("Add an amendment…"))
        self.print_box.setTitle(tr("Print"))
        self.print_labels["minutes"].setText(tr("Protocol"))
        self.print_labels["notice"].setText(tr("Notice of the meeting"))
        self.print_labels["sheet"].setText(tr("Blank registration sheet"))
        for (_what, lang), button in self.print_buttons.items():
            button.setText(tr(LANGUAGE_LABELS[lang]))
        self._fill_choices()
        self._show_signed()
        self.elsewhere.retranslate()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _title(self) -> str:
        return meeting_title(self.view)

    def _fill_choices(self) -> None:
        was_loading, self._loading = self._loading, True
        kinds = [(tr(meetings.KINDS[meetings.GATHERING]), meetings.GATHERING),
                 (tr(meetings.KINDS[meetings.ASSEMBLY]), meetings.ASSEMBLY)]
        others = meetings.other_kinds()
        if self.view and self.view.kind == meetings.OTHER and self.view.kind_name not in others:
            others.append(self.view.kind_name)
        kinds += [(name, kind_key(meetings.OTHER, name)) for name in others]
        refill(self.inputs["kind"], kinds)
        refill(self.inputs["village"], [(tr("(none)"), None)]
               + [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])
        rooms = [(r.name, r.id) for r in settings.rooms() if r.active or (self.view and r.id == self.view.room_id)]
        refill(self.inputs["room"], [(tr("(no room)"), None)] + rooms)
        self._loading = was_loading
        self._show_kind()

    # Details ----------------------------------------------------------------------------------

    def _details_edited(self, *_args) -> None:
        if not self._loading:
            self.details_dirty = True

    def _kind_changed(self, _index: int) -> None:
        self._show_kind()
        self._renumber()

    def _show_kind(self) -> None:
        kind = kind_of(self.inputs["kind"].currentData())[0]
        for name in ("separate", "area"):
            self.inputs[name].setVisible(kind == meetings.GATHERING)
            self.labels[name].setVisible(kind == meetings.GATHERING)
        self.inputs["village"].setVisible(kind != meetings.ASSEMBLY)
        self.labels["village"].setVisible(kind != meetings.ASSEMBLY)

    def _village_changed(self, _index: int) -> None:
        village_id = self.inputs["village"].currentData()
        area = self.inputs["area"]
        typed = area.currentText()
        was_loading, self._loading = self._loading, True
        area.clear()
        area.addItem("")
        if village_id is not None:
            area.addItems(meetings.streets(village_id))
        area.setEditText(typed)
        self._loading = was_loading

    def _number_typed(self, _value: int) -> None:
        if not self._loading:
            self.number_auto = False

    def _renumber(self) -> None:
        """A new meeting takes the next number of its kind in its year, until someone types another."""
        if not self.number_auto or self._loading:
            return
        kind, kind_name = kind_of(self.inputs["kind"].currentData())
        year = self.inputs["starts_at"].dateTime().toPython().year
        self._loading = True
        self.inputs["number"].setValue(meetings.next_number(kind, year, kind_name))
        self._loading = False

    def data(self) -> meetings.MeetingData:
        kind, kind_name = kind_of(self.inputs["kind"].currentData())
        moment = self.inputs["starts_at"].dateTime().toPython().replace(second=0, microsecond=0)
        return meetings.MeetingData(
            kind=kind, kind_name=kind_name, starts_at=moment, separate=self.inputs["separate"].isChecked(),
            village_id=self.inputs["village"].currentData(), area=self.inputs["area"].currentText(),
            room_id=self.inputs["room"].currentData(), address=self.inputs["address"].text(),
            convened_by=self.inputs["convened_by"].text(), chair=self.inputs["chair"].text(),
            secretary=self.inputs["secretary"].text(), guests=self.inputs["guests"].toPlainText(),
            language=self.inputs["language"].currentData(), notes=self.inputs["notes"].toPlainText(),
            number=None if self.number_auto else self.inputs["number"].value(), ends_at=self._ends_at(moment),
            guests_second=self.inputs["guests_second"].toPlainText(),
            representatives=self.inputs["representatives"].toPlainText(), version=self.version)

    def _ends_at(self, starts_at: datetime) -> datetime | None:
        """The closing time typed (HH:MM) on the meeting's day; nothing typed: not known yet."""
        text = self.inputs["ends_at"].text().strip()
        if not text:
            return None
        try:
            return datetime.combine(starts_at.date(), datetime.strptime(text.replace(".", ":"), "%H:%M").time())
        except ValueError:
            raise ValidationError("“{value}” is not a time; write it as 12:30.", field="ends_at", value=text) from None

    def _load(self, view: meetings.MeetingView) -> None:
        self.view = view
        self.meeting_id = view.id
        if not self.has_unsaved_changes():  # the details and agenda shown are now this version's
            self.version = view.version
            self.elsewhere.follow(view.id, view.version)
        if not self.details_dirty:
            self._loading = True
            self._fill_choices()
            kind = self.inputs["kind"]
            kind.setCurrentIndex(max(0, kind.findData(kind_key(view.kind, view.kind_name))))
            self._show_kind()
            self.inputs["separate"].setChecked(view.separate)
            self.inputs["number"].setValue(view.number)
            self.inputs["starts_at"].setDateTime(QDateTime(view.starts_at))
            self.inputs["village"].setCurrentIndex(max(0, self.inputs["village"].findData(view.village_id)))
            self._village_changed(0)
            self.inputs["area"].setEditText(view.area)
            self.inputs["room"].setCurrentIndex(max(0, self.inputs["room"].findData(view.room_id)))
            self.inputs["language"].setCurrentIndex(max(0, self.inputs["language"].findData(view.language)))
            for name in ("address", "convened_by", "chair", "secretary"):
                self.inputs[name].setText(getattr(view, name))
            self.inputs["ends_at"].setText(view.ends_at.strftime("%H:%M") if view.ends_at else "")
            for name in ("guests", "guests_second", "representatives", "notes"):
                self.inputs[name].setPlainText(getattr(view, name))
            self._loading = False
            self.number_auto = False
        if not self.agenda.dirty:
            self.agenda.load(view.items)
        self.attendance.load(view.id, view.kind, view.quorum, not view.signed)
        self.votes.load(view)
        self._show_amendments()
        self._set_editable(not view.signed)
        self.setWindowTitle(self._title())
        self._show_signed()

    def _set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QPlainTextEdit):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self.agenda.set_editable(editable)
        self.save_button.setEnabled(editable)
        self.sign_button.setEnabled(editable)
        self.amend_button.setEnabled(not editable)

    def _show_signed(self) -> None:
        signed = self.view is not None and self.view.signed
        self.signed_banner.setVisible(signed)
        if signed:
            self.signed_banner.setText(tr(
                "The protocol was signed on {date}: it can no longer change. Corrections are added as dated "
                "amendments on the Protocol tab.", date=format_date(self.view.signed_on)))
            self.sign_state.setText(tr("Signed on {date}.", date=format_date(self.view.signed_on)))
        else:
            self.sign_state.setText(tr("Not signed yet. Once the chair and the secretary have signed the "
                                       "printed protocol, mark it signed here: then it can no longer change."))

    def _show_amendments(self) -> None:
        self.amendments.setRowCount(0)
        for amendment in self.view.amendments:
            row = self.amendments.rowCount()
            self.amendments.insertRow(row)
            for column, text in enumerate((format_date(amendment.made_on), amendment.text, amendment.made_by)):
                self.amendments.setItem(row, column, QTableWidgetItem(text))
        self.amendments.resizeRowsToContents()

    # Saving -----------------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.details_dirty or self.agenda.dirty

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def _show_error(self, error: ValidationError) -> None:
        """Beside its field when the details tab has it; otherwise in a dialog. What was typed stays."""
        name = FIELD_OF.get(error.field)
        if name is None:
            show_error(self, error)
            if error.field == "items":
                self.tabs.setCurrentIndex(TAB_AGENDA)
            return
        self.errors[name].setText(error.message())
        self.errors[name].show()
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(TAB_DETAILS)
        self.tabs.blockSignals(False)
        self._tab = TAB_DETAILS
        self.inputs[name].setFocus()

    def save(self) -> bool:
        """Saves the details and the agenda; False, with the reason shown, when they cannot be saved."""
        self._clear_errors()

        def save() -> None:
            if self.meeting_id is None:
                self.meeting_id = meetings.create(self.data(), self.agenda.data())
                self.details_dirty = self.agenda.dirty = False
            else:
                if self.details_dirty:
                    self.version = meetings.update(self.meeting_id, self.data())
                    self.details_dirty = False
                if self.agenda.dirty:
                    meetings.save_agenda(self.meeting_id, self.agenda.data(), self.version)
                    self.agenda.dirty = False

        def keep(fresh) -> None:
            self.version = fresh.version
            self.elsewhere.follow(self.meeting_id, fresh.version)

        inputs = {**self.inputs, **{column: self.inputs[name] for column, name in COLUMN_OF.items()}}
        return ServiceCall(self, save, changes=Area.MEETINGS, on_success=lambda _r: self._saved(),
                           handlers={ValidationError: self._show_error},
                           conflict=Reconcile(lambda: meetings.get(self.meeting_id), self._reload, keep,
                                              COLUMN_LABELS, inputs)).ok

    # Drafts -----------------------------------------------------------------------------------

    def _typed(self) -> dict | None:
        """The details and agenda typed (each only if typed), with the version typed over; None if nothing."""
        if not self.has_unsaved_changes():
            return None
        return {"version": self.version, "number_auto": self.number_auto,
                "details": typed_values(self.inputs) if self.details_dirty else None,
                "agenda": [asdict(item) for item in self.agenda.data()] if self.agenda.dirty else None}

    def _retype(self, values: dict) -> None:
        if values["details"] is not None:
            retype(self.inputs, values["details"])
            self.number_auto = values["number_auto"]  # a typed number stays; an automatic one follows
            self._renumber()
            self.details_dirty = True
        if values["agenda"] is not None:
            self.agenda.retype([meetings.ItemData(**{**item, "speakers": tuple(
                meetings.SpeakerData(**speaker) for speaker in item["speakers"])}) for item in values["agenda"]])
        if self.meeting_id is not None:
            # Typed over that version: a save over a newer one shows what changed, nothing silently lost.
            self.version = values["version"]
            self.elsewhere.follow(self.meeting_id, self.version)

    def _draft_title(self) -> str:
        return tr("a new meeting") if self.view is None else self._title()

    def _saved(self) -> None:
        self.keeper.discard()
        self._changed()

    def _changed(self, refresh: bool = True) -> None:
        """After a change the service accepted (and announced): show the result."""
        if refresh:
            self._load(meetings.get(self.meeting_id))
        else:
            self._stale = True

    _stale = False

    def reload_theirs(self) -> None:
        """The meeting as it is now; unsaved details and agenda are dropped (after asking)."""
        if self.has_unsaved_changes() and not conflict.drop_typing(self):
            return
        self._reload()

    def _reload(self, view: meetings.MeetingView | None = None) -> None:
        self.details_dirty = self.agenda.dirty = False
        self._clear_errors()
        self._stale = False
        self._load(view or meetings.get(self.meeting_id))

    def _tab_changed(self, index: int) -> None:
        """Attendance, votes and the protocol work on the saved meeting: unsaved details and agenda
        are saved first (and the tab stays where the error is when they cannot be)."""
        if index >= TAB_ATTENDANCE and (self.meeting_id is None or self.has_unsaved_changes()):
            if not self.save():
                if self.tabs.currentIndex() == index:
                    self.tabs.blockSignals(True)
                    self.tabs.setCurrentIndex(self._tab)
                    self.tabs.blockSignals(False)
                return
        elif self._stale and self.meeting_id is not None:
            self._stale = False
            self._load(meetings.get(self.meeting_id))
        self._tab = index
        if index == TAB_VOTES:
            self._show_on_hall(self.votes.current_item().id if self.votes.current_item() else None)

    def closeEvent(self, event):
        if self.has_unsaved_changes() and may_close(self, tr("The meeting has changes that are not saved. Save them?"), self.save) is False:
            event.ignore()
            return
        self.keeper.discard()
        if self.hall is not None:
            self.hall.close()
        event.accept()

    def reject(self):
        self.close()  # Escape asks about unsaved changes too

    # Signing and amendments --------------------------------------------------------------------

    def sign(self) -> None:
        if self.has_unsaved_changes() and not self.save():
            return
        dialog = DateTextDialog(N_("Sign the protocol…"), N_("Signed on"), with_text=False, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not self._confirm_signing(dialog.day()):
            return
        ServiceCall(self, lambda: meetings.sign(self.meeting_id, dialog.day()), changes=Area.MEETINGS,
                    on_success=lambda _r: self._changed(),
                    handlers={ValidationError: self._show_error})  # a missing chair is shown beside the field

    def _confirm_signing(self, day) -> bool:
        """Signing cannot be undone: the question says so, what it locks, the date and who signs."""
        view = self.view
        question = tr("Mark {meeting} as signed on {date} by the chair {chair} and the secretary {secretary}?\n\n"
                      "This cannot be undone: its details, attendance, votes and decisions will never change "
                      "again; a correction can only be added as a dated amendment.",
                      meeting=self._title(), date=format_date(day), chair=view.chair or "—",
                      secretary=view.secretary or "—")
        answer = QMessageBox.question(self, tr("Sign the protocol…"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def add_amendment(self) -> None:
        if ask_amendment(self, self.meeting_id):
            self._changed()

    # Printing and the hall screen ---------------------------------------------------------------

    def print_file(self, what: str, lang: str) -> None:
        if self.has_unsaved_changes() and not self.save():
            return
        if self.meeting_id is None and not self.save():
            return
        print_document(self, self.meeting_id, self.view.number, self.view.year, what, lang,
                       on_written=self.printed.emit)

    def open_hall_screen(self) -> None:
        if self.meeting_id is None and not self.save():
            return
        from app.ui.hall_screen import open_hall_screen

        self.hall = open_hall_screen(self.meeting_id, self.notices, self)
        self.hall.destroyed.connect(self._hall_closed)
        item = self.votes.current_item() if self.tabs.currentIndex() == TAB_VOTES else None
        self.hall.set_current_item(item.id if item else None)

    def _hall_closed(self, *_args) -> None:
        self.hall = None

    def _show_on_hall(self, item_id: int | None) -> None:
        if self.hall is not None:
            self.hall.set_current_item(item_id)


def meeting_title(view: meetings.MeetingView) -> str:
    return tr("{kind} № {number} of {date}", kind=tr(meetings.kind_label(view.kind, view.kind_name)),
              number=view.number, date=format_date(view.starts_at.date()))


def ask_amendment(parent: QWidget | None, meeting_id: int, draft: drafts.Draft | None = None) -> bool:
    """The amendment form for a signed protocol, added on OK; True when added. Its typing is kept as a
    draft keyed by the meeting; ``draft``: typing a crash left behind (app/ui/drafts.py)."""
    view = meetings.get(meeting_id)  # a meeting deleted meanwhile is refused here
    dialog = DateTextDialog(N_("Add an amendment…"), N_("Dated"), with_text=True, parent=parent)
    dialog.keep_drafts(meeting_id, tr("an amendment to {meeting}", meeting=meeting_title(view)), draft)
    while dialog.exec() == QDialog.DialogCode.Accepted:  # a refusal brings it back with what was typed
        if ServiceCall(parent, lambda: meetings.add_amendment(meeting_id, dialog.text(), dialog.day()),
                       changes=Area.MEETINGS).ok:
            dialog.keeper.discard()
            return True
    return False


class DateTextDialog(FollowsLanguage, QDialog):
    """A date, and a text when asked for: the signing date, or an amendment. ``title`` and ``date_label``
    are catalogue messages, translated here so that a language switch finds them."""

    def __init__(self, title: str, date_label: str, with_text: bool, parent=None):
        super().__init__(parent)
        self.keeper: DraftKeeper | None = None
        self.setWindowTitle(tr(title))
        self.date = QDateEdit(QDate(clock.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.body = QPlainTextEdit()
        self.body.setVisible(with_text)
        self.body.setPlaceholderText(tr("What the amendment corrects, as it will be printed"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr(date_label), self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        if with_text:
            self.resize(520, 300)

    def keep_drafts(self, meeting_id: int, title: str, draft: drafts.Draft | None) -> None:
        """From now on the typing is kept as a draft of the meeting, ``draft`` put back first."""
        self.inputs = {"date": self.date, "body": self.body}
        self.as_opened = typed_values(self.inputs)
        if draft is not None:
            retype(self.inputs, draft.values)
        self.keeper = DraftKeeper(self, "amendment", lambda: meeting_id, self._typed, lambda: title, draft)

    def _typed(self) -> dict | None:
        values = typed_values(self.inputs)
        return values if values != self.as_opened else None

    def reject(self) -> None:
        if self.keeper is not None:  # closed on purpose: the typing goes
            self.keeper.discard()
        super().reject()

    def day(self):
        return self.date.date().toPython()

    def text(self) -> str:
        return self.body.toPlainText()
