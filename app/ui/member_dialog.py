"""The member form: one person's record, checked by the members service when saved."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.areas import Area
from app.errors import NeedsConfirmation
from app.i18n import N_, format_date, local_name, tr
from app.rules import iin as iin_rules
from app.services import drafts, members, settings
from app.ui import conflict
from app.ui.combo import refill
from app.ui.dates import EMPTY_DATE, date_edit, date_of
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.history_tab import HistoryTab
from app.ui.language import FollowsLanguage
from app.ui.operations import Fields, Reconcile, ServiceCall
from app.ui.unsaved import close_asking
from app.ui.watcher import ChangedElsewhere

LABELS = {
    "surname": N_("Surname"), "given_name": N_("Given name"), "patronymic": N_("Patronymic"),
    "iin": N_("IIN"), "birth_date": N_("Birth date"), "sex": N_("Sex"), "village_id": N_("Village"),
    "street": N_("Street"), "house": N_("House"), "flat": N_("Flat"), "phone": N_("Phone"),
    "occupation": N_("Occupation"), "categories": N_("Social categories"), "status": N_("Status"), "status_date": N_("Status date"),
    "member_since": N_("Member since"), "notes": N_("Notes"),
}
DATES = ("birth_date", "status_date", "member_since")


class MemberDialog(QDialog):
    """Adds a person (``member_id`` None) or edits one; ``saved_id`` holds the record's number.
    ``draft``: typing a crash left behind (app/ui/drafts.py), put back over the record."""

    def __init__(self, member_id: int | None = None, parent=None, draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.member_id = member_id
        self.saved_id: int | None = None
        self.loaded: members.MemberData | None = None  # the record as read: its version, and what was typed since
        self.setMinimumWidth(520)
        self.inputs: dict = {}
        for name in ("surname", "given_name", "patronymic", "iin", "street", "house", "flat", "phone",
                     "occupation"):
            self.inputs[name] = QLineEdit()
        for name in ("birth_date", "status_date", "member_since"):
            self.inputs[name] = date_edit()
        self.inputs["sex"], self.inputs["village_id"], self.inputs["status"] = QComboBox(), QComboBox(), QComboBox()
        self.inputs["categories"] = QListWidget()  # the district's categories, each with a checkbox
        self.inputs["categories"].setMaximumHeight(80)
        self.inputs["notes"] = QPlainTextEdit()
        self.inputs["notes"].setMaximumHeight(70)
        self.inputs["iin"].setMaxLength(12)
        self.inputs["iin"].textEdited.connect(self._read_iin)
        self.iin_hint = QLabel()
        for name, widget in self.inputs.items():
            widget.setObjectName(name)
        self.labels = {name: QLabel() for name in LABELS}
        form = QFormLayout()
        for name in LABELS:
            form.addRow(self.labels[name], self.inputs[name])
            if name == "iin":
                form.addRow("", self.iin_hint)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        # The person's rights (Law 94-V): consent, a copy of their data, erasure. Only for a saved record.
        self.consent_state = QLabel()
        self.consent_button, self.export_button, self.erase_button = QPushButton(), QPushButton(), QPushButton()
        self.consent_button.clicked.connect(self.record_consent)
        self.export_button.clicked.connect(self.export_person)
        self.erase_button.clicked.connect(self.erase_person)
        # The household: who lives together at one address, and who heads it.
        self.household_box = QGroupBox()
        self.household_people = QListWidget()
        self.household_people.setMaximumHeight(90)
        self.head_button, self.new_household_button, self.join_button = QPushButton(), QPushButton(), QPushButton()
        self.nearby = QComboBox()
        # Its items are addresses with names, as long as they come: the combo takes the room the row
        # leaves rather than widen the form past a laptop's screen.
        self.nearby.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.nearby.setMinimumContentsLength(12)
        self.head_button.clicked.connect(lambda: self._household_change(members.make_head, self.member_id))
        self.new_household_button.clicked.connect(
            lambda: self._household_change(members.move_to_household, self.member_id, None))
        self.join_button.clicked.connect(
            lambda: self._household_change(members.move_to_household, self.member_id, self.nearby.currentData()))
        household_buttons = QHBoxLayout()
        for widget in (self.head_button, self.new_household_button, self.nearby, self.join_button):
            household_buttons.addWidget(widget)
        box = QVBoxLayout(self.household_box)
        box.addWidget(self.household_people)
        box.addLayout(household_buttons)
        self.household_box.setVisible(member_id is not None)
        # Consent on its own row, the data's copy and erasure below: in one row the three are wider in
        # Russian than the form on a laptop.
        rights = QVBoxLayout()
        for row in ((self.consent_button,), (self.export_button, self.erase_button)):
            buttons = QHBoxLayout()
            for button in row:
                button.setVisible(member_id is not None)
                buttons.addWidget(button)
            buttons.addStretch(1)
            rights.addLayout(buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # The record scrolls, so the form fits a 1366×768 office screen with its buttons in view.
        record = QWidget()
        inner = QVBoxLayout(record)
        inner.addLayout(form)
        inner.addWidget(self.household_box)
        inner.addWidget(self.consent_state)
        inner.addLayout(rights)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(record)
        self.resize(760, 640)
        self.elsewhere = ChangedElsewhere("members", clean=lambda: self.data() == self.loaded)
        self.elsewhere.reload.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.elsewhere)
        # A saved person's History tab (app/ui/history_tab.py) beside the record.
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.history = None
        if member_id is not None:
            self.history = HistoryTab(member_id, lambda: self.loaded.version if self.loaded else None)
            self.history.restored.connect(self.reload)
            self.tabs.addTab(self.history, "")
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fill_categories([])
        self.blank = self.data()  # a new person's form as opened, to tell typing from nothing
        if member_id is not None:
            self._load(members.get(member_id))
        if draft is not None:
            self._retype(draft.values)
        self.keeper = DraftKeeper(self, "member", lambda: self.member_id, self._typed, self._draft_title, draft)
        self._show_people()

    def retranslate(self) -> None:
        self._show_title()
        for name, label in self.labels.items():
            label.setText(tr(LABELS[name]))
        self.household_box.setTitle(tr("Household"))
        self.head_button.setText(tr("Make head"))
        self.new_household_button.setText(tr("Start a new household"))
        self.join_button.setText(tr("Join"))
        self.inputs["phone"].setPlaceholderText(tr("8 701 123 45 67; several separated by «;»"))
        self.consent_button.setText(tr("Record consent…"))
        self.export_button.setText(tr("Export this person's data…"))
        self.erase_button.setText(tr("Erase this person…"))
        self.tabs.setTabText(0, tr("Details"))
        if self.history is not None:
            self.tabs.setTabText(1, tr("History"))
            self.history.retranslate()
        self._fill_choices()
        self.elsewhere.retranslate()
        if self.isVisible():  # a closed form keeps no claim on the database
            self._show_people()

    def _show_title(self) -> None:
        """A new person, or the person's name as read (the number only where the name was erased)."""
        if self.member_id is None:
            self.setWindowTitle(tr("New person"))
            return
        name = " ".join(part for part in (self.loaded.surname, self.loaded.given_name, self.loaded.patronymic)
                        if part) if self.loaded else ""
        self.setWindowTitle(tr("Person: {name}", name=name) if name else tr("Person No. {id}", id=self.member_id))

    def _show_people(self) -> None:
        self._show_household()
        self._show_consent()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_household(self) -> None:
        if self.member_id is None:
            return
        self.household_people.clear()
        household = members.household_of(self.member_id)
        if household is None:
            self.household_people.addItem(tr("Not in a household."))
        else:
            for person_id, name in household.people:
                mark = f" — {tr('head')}" if person_id == household.head_id else ""
                self.household_people.addItem(f"{name or tr('(data erased on request)')}{mark}")
        self.head_button.setEnabled(household is not None and household.head_id != self.member_id)
        self.nearby.clear()
        for other in members.households_near(self.member_id):
            head = dict(other.people).get(other.head_id, "")
            self.nearby.addItem(tr("{address}: {head} and others ({count})", address=other.address,
                                   head=head, count=len(other.people)), other.id)
        self.nearby.setEnabled(self.nearby.count() > 0)
        self.join_button.setEnabled(self.nearby.count() > 0)

    def _household_change(self, change, *args) -> None:
        ServiceCall(self, lambda: change(*args), changes=Area.REGISTER, on_success=lambda _r: self._took_own_step())
        self._show_household()

    def _took_own_step(self) -> None:
        """A household change saved the record itself (its version went one up): the form takes that
        step as its own, unless someone else saved meanwhile, whose change a Save must still show."""
        now = members.get(self.member_id).version
        if self.loaded is not None and now == self.loaded.version + 1:
            self._take_version(now)

    def _take_version(self, version: int) -> None:
        self.loaded = replace(self.loaded, version=version)
        self.elsewhere.follow(self.member_id, version)

    def _show_consent(self) -> None:
        if self.member_id is None:
            self.consent_state.setText(tr("Consent can be recorded once the person is saved."))
            return
        given = members.consents(self.member_id)
        self.consent_state.setText(
            tr("Consent: {date}, {method}", date=format_date(given[-1].given_on),
               method=tr(members.CONSENT_METHODS[given[-1].method])) if given else tr("No consent recorded."))

    def record_consent(self) -> None:
        ask_consent(self, self.member_id)
        self._show_consent()

    def export_person(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, tr("Export this person's data…"),
                                                    f"person-{self.member_id}.json", "JSON (*.json)")
        if not path:
            return
        ServiceCall(self, lambda: members.export_person(self.member_id, path))

    def erase_person(self) -> None:
        answer = QMessageBox.question(
            self, tr("Erase this person…"),
            tr("Erase the personal data of this person (names, IIN, birth date, address, phone, notes)? "
               "The anonymous record stays so that counts of attendance and votes stay true. "
               "This cannot be undone."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ServiceCall(self, lambda: members.erase(self.member_id), changes=Area.REGISTER,
                    on_success=lambda _r: self._erased())

    def _erased(self) -> None:
        self.saved_id = self.member_id
        super().accept()

    def _fill_categories(self, chosen: list[str]) -> None:
        box = self.inputs["categories"]
        box.clear()
        for name in settings.category_list():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            box.addItem(item)

    def _chosen_categories(self) -> str:
        box = self.inputs["categories"]
        return ";".join(box.item(i).text() for i in range(box.count())
                        if box.item(i).checkState() == Qt.CheckState.Checked)

    def _fill_choices(self) -> None:
        refill(self.inputs["sex"], [(tr(members.SEX_NOT_KNOWN), "")] + [(tr(text), code) for code, text in members.SEXES.items()])
        refill(self.inputs["status"], [(tr(text), code) for code, text in members.STATUSES.items()])
        refill(self.inputs["village_id"], [(local_name(v.name_kk, v.name_ru), v.id) for v in settings.villages()])

    def _fill(self, data: members.MemberData) -> None:
        for name, widget in self.inputs.items():
            value = getattr(data, name)
            if name == "categories":
                self._fill_categories(members.category_names(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
            elif isinstance(widget, QDateEdit):
                widget.setDate(QDate(value) if value else EMPTY_DATE)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            else:
                widget.setPlainText(value or "")

    def _load(self, data: members.MemberData) -> None:
        self._fill(data)
        self._read_iin(data.iin)
        # As the form reads it back, to tell later typing from the record.
        self.loaded = replace(self.data(), version=data.version)
        self.elsewhere.follow(self.member_id, data.version)
        self._show_title()

    def has_unsaved_changes(self) -> bool:
        return self.data() != (self.loaded or self.blank)

    def _typed(self) -> dict | None:
        """What was typed, as plain data for a draft (with the version it was typed over); None if nothing."""
        if not self.has_unsaved_changes():
            return None
        values = asdict(self.data())
        for name in DATES:
            values[name] = values[name].isoformat() if values[name] else None
        del values["confirm_foreign_iin"]
        return values

    def _retype(self, values: dict) -> None:
        values = dict(values)
        version = values.pop("version", None)
        for name in DATES:
            values[name] = date.fromisoformat(values[name]) if values[name] else None
        data = members.MemberData(**values)
        self._read_iin(data.iin)  # its hint; the typed birth date and sex then win over what it reads
        self._fill(data)
        if self.loaded is not None and version is not None:
            # Typed over that version: a save over a newer one is refused and shown, not silently lost.
            self._take_version(version)

    def _draft_title(self) -> str:
        name = " ".join(part for part in (self.inputs["surname"].text().strip(),
                                          self.inputs["given_name"].text().strip()) if part)
        return tr("the person «{name}»", name=name) if name else tr("a new person")

    def reload(self) -> None:
        """The record as it is now; what was typed is dropped (after asking, if anything was)."""
        if self.data() != self.loaded and not conflict.drop_typing(self):
            return
        self._load(members.get(self.member_id))
        self.error.setText("")

    def _read_iin(self, text: str) -> None:
        """As the IIN is typed: what it says, or what is wrong with it."""
        self.iin_hint.setText("")
        if len(text.strip()) < 12:
            return
        try:
            parsed = iin_rules.parse(text)
        except iin_rules.InvalidIin as error:
            self.iin_hint.setText(tr(error.reason))
            return
        if parsed.birth_date:
            self.inputs["birth_date"].setDate(QDate(parsed.birth_date))
            self.inputs["sex"].setCurrentIndex(self.inputs["sex"].findData(parsed.sex))

    def data(self, confirm_foreign_iin: bool = False) -> members.MemberData:
        values = {}
        for name, widget in self.inputs.items():
            if name == "categories":
                values[name] = self._chosen_categories()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QDateEdit):
                values[name] = date_of(widget)
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            else:
                values[name] = widget.toPlainText()
        values["village_id"] = values["village_id"] or 0
        return members.MemberData(**values, confirm_foreign_iin=confirm_foreign_iin,
                                  version=self.loaded.version if self.loaded else None)

    def save(self, confirm_foreign_iin: bool = False) -> bool:
        """Saves the record and closes; a refusal is shown and what was typed stays in the form."""
        def saved() -> int:
            if self.member_id is None:
                return members.create(self.data(confirm_foreign_iin))
            members.update(self.member_id, self.data(confirm_foreign_iin))
            return self.member_id

        def confirm(error: NeedsConfirmation) -> None:
            if QMessageBox.question(self, tr("IIN"), error.message()) == QMessageBox.StandardButton.Yes:
                self.save(confirm_foreign_iin=True)

        return ServiceCall(self, saved, changes=Area.REGISTER, on_success=self._saved,
                    fields=Fields(self.inputs, general=self.error), handlers={NeedsConfirmation: confirm},
                    conflict=Reconcile(lambda: members.get(self.member_id), self._load,
                                       lambda fresh: self._take_version(fresh.version), LABELS, self.inputs)).ok

    def _saved(self, member_id: int) -> None:
        self.saved_id = member_id
        self.keeper.discard()
        self.accept()

    def closeEvent(self, event):
        close_asking(self, event, tr("The person has changes that are not saved. Save them?"))

    def reject(self):
        self.close()  # Escape and Cancel ask about unsaved changes too


def ask_consent(parent: QWidget | None, member_id: int, draft: drafts.Draft | None = None) -> bool:
    """The consent form for a person, recorded on OK; True when recorded. ``draft``: typing a crash left
    behind (app/ui/drafts.py)."""
    dialog = ConsentDialog(parent, member_id, draft)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if not ServiceCall(parent, lambda: members.record_consent(member_id, *dialog.values()),
                       changes=Area.REGISTER).ok:
        return False  # refused: the draft stays for the next start
    dialog.keeper.discard()
    return True


class ConsentDialog(FollowsLanguage, QDialog):
    """When and how a person consented, and to what (Law 94-V, docs/domain.md). For a person
    (``member_id``) its typing is kept as a draft while open."""

    def __init__(self, parent=None, member_id: int | None = None, draft: drafts.Draft | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Record consent…"))
        self.given_on = date_edit()
        self.given_on.setDate(QDate(clock.today()))
        self.method = QComboBox()
        for code, label in members.CONSENT_METHODS.items():
            self.method.addItem(tr(label), code)
        self.scope = QLineEdit(tr("Keeping data in the register of the local community"))
        form = QFormLayout(self)
        form.addRow(tr("Date"), self.given_on)
        form.addRow(tr("How given"), self.method)
        form.addRow(tr("Scope"), self.scope)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.inputs = {"given_on": self.given_on, "method": self.method, "scope": self.scope}
        self.as_opened = typed_values(self.inputs)
        self.keeper: DraftKeeper | None = None
        if member_id is not None:
            person = members.get(member_id)  # a person erased meanwhile is refused here
            name = " ".join(part for part in (person.surname, person.given_name) if part)
            if draft is not None:
                retype(self.inputs, draft.values)
            self.keeper = DraftKeeper(self, "consent", lambda: member_id, self._typed,
                                      lambda: tr("the consent of «{name}»", name=name), draft)

    def _typed(self) -> dict | None:
        values = typed_values(self.inputs)
        return values if values != self.as_opened else None

    def reject(self) -> None:
        if self.keeper is not None:  # closed on purpose: the typing goes
            self.keeper.discard()
        super().reject()

    def values(self) -> tuple:
        return date_of(self.given_on) or clock.today(), self.method.currentData(), self.scope.text()
