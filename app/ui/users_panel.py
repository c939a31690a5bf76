"""The administrator's list of the office's users (Settings → Users): who may sign in with what role,
their passwords given anew, and the switch between one person without sign-in and several with it.

Each change is saved at once through app/services/users.py, which refuses what the role may not do."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.areas import Area
from app.errors import NotFound
from app.i18n import N_, format_datetime, tr
from app.services import access, drafts, users
from app.ui.grant_form import FormDialog
from app.ui.operations import ServiceCall
from app.ui.sign_in import intro_label, password_edit, same_twice, show_recovery_code
from app.ui.table_model import Column, RowsModel, list_view


def _roles() -> QComboBox:
    combo = QComboBox()
    for code, label in access.ROLES.items():
        combo.addItem(tr(label), code)
    return combo


class UserDialog(FormDialog):
    """A new user (with the first password, which they change at their first sign-in) or an existing
    one's name, role and whether they may sign in. ``draft``: typing a crash left behind
    (app/ui/drafts.py), without the password, which is never kept."""

    changes = frozenset({Area.SETTINGS})  # users belong to the settings
    draft_kind = "user"

    def __init__(self, row: users.UserRow | None = None, parent=None, draft: drafts.Draft | None = None):
        self.row = row
        self.login, self.full_name, self.role = QLineEdit(), QLineEdit(), _roles()
        self.active = QCheckBox(tr("May sign in"))
        self.active.setChecked(True)
        fields = [("login", N_("Sign-in name"), self.login), ("full_name", N_("Full name"), self.full_name),
                  ("role", N_("Role"), self.role), ("active", N_("Active"), self.active)]
        if row is None:
            self.password, self.repeat = password_edit(), password_edit()
            fields += [("password", N_("Password"), self.password), ("repeat", N_("Password again"), self.repeat)]
        else:
            self.login.setText(row.login)
            self.full_name.setText(row.full_name)
            self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
            self.active.setChecked(row.active)
        super().__init__(tr("New user") if row is None else tr("User {login}", login=row.login), fields, parent)
        if row is None:
            intro_label(self, tr("The user changes this password for their own at the first sign-in."))
        self.keep_drafts(lambda: self.row.id if self.row else None, self._draft_title, draft)

    @classmethod
    def reopen(cls, draft: drafts.Draft, parent=None) -> UserDialog:
        """The form of a draft's user, with the draft's typing."""
        row = None
        if draft.key is not None:
            row = next((user for user in users.users() if user.id == draft.key), None)
            if row is None:
                raise NotFound("This user no longer exists.")
        return cls(row, parent=parent, draft=draft)

    def draft_values(self) -> dict:
        return {"version": self.row.version if self.row else None}

    def retyped(self, values: dict) -> None:
        if self.row is not None:  # typed over that version: a save over a newer one is refused, not lost
            self.row = replace(self.row, version=values["version"])

    def _draft_title(self) -> str:
        login = self.login.text().strip()
        return tr("the user «{login}»", login=login) if login else tr("a new user")

    def data(self) -> users.UserData:
        return users.UserData(self.login.text(), self.full_name.text(), self.role.currentData(),
                              self.active.isChecked(), None if self.row is None else self.row.version)

    recovery: tuple[str, str] | None = None  # a new administrator's sign-in name and recovery code

    def save(self) -> None:
        data = self.data()
        if self.row is None:
            user_id = users.create(data, same_twice(self.password.text(), self.repeat.text()))
        else:
            users.update(self.row.id, data)
            user_id = self.row.id
        was_administrator = self.row is not None and self.row.role == "administrator" and self.row.active
        if data.role == "administrator" and data.active and not was_administrator:
            self.recovery = (users.user(user_id).login, users.new_recovery_code(user_id))


class ResetPasswordDialog(FormDialog):
    """A forgotten password given anew; the user must change it at the next sign-in."""

    changes = frozenset({Area.SETTINGS})  # users belong to the settings

    def __init__(self, row: users.UserRow, parent=None):
        self.row = row
        self.password, self.repeat = password_edit(), password_edit()
        super().__init__(tr("New password for {login}", login=row.login),
                         [("password", N_("New password"), self.password),
                          ("repeat", N_("New password again"), self.repeat)], parent)
        intro_label(self, tr("Tell {name} this password in person. They choose their own at the next sign-in.",
                             name=row.full_name or row.login))

    def save(self) -> None:
        users.reset_password(self.row.id, same_twice(self.password.text(), self.repeat.text()))


class SignInOnDialog(FormDialog):
    """From one person without sign-in to several with it: the first administrator, who is the person
    at the computer now."""

    changes = frozenset({Area.SETTINGS})  # users belong to the settings

    def __init__(self, parent=None):
        self.login, self.full_name = QLineEdit(), QLineEdit()
        self.password, self.repeat = password_edit(), password_edit()
        super().__init__(tr("Turn sign-in on"), [
            ("login", N_("Administrator's sign-in name"), self.login),
            ("full_name", N_("Full name"), self.full_name),
            ("password", N_("Password"), self.password),
            ("repeat", N_("Password again"), self.repeat),
        ], parent)
        intro_label(self, tr("From now on everyone signs in with a name and password. You become the "
                             "administrator named here, who adds the others and gives them their roles."))
        self.buttons.button(self.buttons.StandardButton.Save).setText(tr("Turn sign-in on"))

    recovery: tuple[str, str] | None = None  # the administrator's sign-in name and recovery code

    def save(self) -> None:
        user_id = users.turn_sign_in_on(self.login.text(), self.full_name.text(),
                                        same_twice(self.password.text(), self.repeat.text()))
        self.recovery = (users.user(user_id).login, users.new_recovery_code(user_id))


class UsersPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.switch_note = QLabel()
        self.switch_note.setWordWrap(True)
        self.switch_button = QPushButton()
        self.switch_button.clicked.connect(self.switch_sign_in)
        self.add_button, self.edit_button, self.reset_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_current)
        self.reset_button.clicked.connect(self.reset_password)
        self.code_button = QPushButton()
        self.code_button.clicked.connect(self.new_recovery_code)
        self.model = RowsModel([
            Column(N_("Sign-in name"), lambda r: r.login),
            Column(N_("Full name"), lambda r: r.full_name),
            Column(N_("Role"), lambda r: tr(access.ROLES.get(r.role, r.role))),
            Column(N_("Active"), lambda r: "✓" if r.active else "—"),
            Column(N_("Last sign-in"), lambda r: format_datetime(r.last_sign_in)),
        ], self)
        self.view = list_view(self.model, 1)
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        switch = QHBoxLayout()
        switch.addWidget(self.switch_note, 1)
        switch.addWidget(self.switch_button)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button, self.code_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(tr("Add a user…"))
        self.edit_button.setText(tr("Edit…"))
        self.reset_button.setText(tr("New password…"))
        self.code_button.setText(tr("New recovery code…"))
        self.model.retranslate()
        self._show_switch()

    def refresh(self) -> None:
        current = self.current_row()
        rows = users.users()
        self.model.set_rows(rows)
        ids = [row.id for row in rows]
        if current is not None and current.id in ids:
            self.view.selectRow(ids.index(current.id))
        self._show_switch()
        self._enable()

    def _show_switch(self) -> None:
        if access.sign_in_required():
            self.switch_note.setText(tr("Sign-in is on: everyone signs in with a name and password, and "
                                        "their role decides what they may change."))
            self.switch_button.setText(tr("Turn sign-in off…"))
        else:
            self.switch_note.setText(tr("Sign-in is off: one person works here, as administrator, without "
                                        "a name and password."))
            self.switch_button.setText(tr("Turn sign-in on…"))

    def _enable(self) -> None:
        chosen = self.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.reset_button.setEnabled(chosen)
        row = self.current_row()
        self.code_button.setEnabled(row is not None and row.role == "administrator" and row.active)

    def current_row(self) -> users.UserRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _run(self, dialog: FormDialog) -> bool:
        saved = dialog.exec() == FormDialog.DialogCode.Accepted
        self.refresh()  # also after a refusal: what someone else changed meanwhile shows
        if saved and getattr(dialog, "recovery", None):
            show_recovery_code(self, *dialog.recovery)
        return saved

    def add_user(self) -> bool:
        return self._run(UserDialog(parent=self))

    def edit_current(self) -> bool:
        row = self.current_row()
        return row is not None and self._run(UserDialog(row, parent=self))

    def reset_password(self) -> bool:
        row = self.current_row()
        return row is not None and self._run(ResetPasswordDialog(row, parent=self))

    def new_recovery_code(self) -> bool:
        """An administrator's code given anew (lost, or seen by someone else): the old one stops working."""
        row = self.current_row()
        if row is None:
            return False
        call = ServiceCall(self, lambda: users.new_recovery_code(row.id), changes=Area.SETTINGS)
        if call.ok:
            show_recovery_code(self, row.login, call.result)
        return bool(call.ok)

    def switch_sign_in(self) -> bool:
        if not access.sign_in_required():
            return self._run(SignInOnDialog(parent=self))
        answer = QMessageBox.question(
            self, tr("Turn sign-in off"),
            tr("Turn sign-in off? Whoever opens Auyl Office on this computer will then work as administrator, "
               "without a name and password. The users stay, for when sign-in is turned on again."))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        call = ServiceCall(self, users.turn_sign_in_off, changes=Area.SETTINGS)
        self.refresh()
        return bool(call.ok)
