"""Signing in where the office has sign-in: the sign-in dialog, and the dialog in which a
user changes their own password (asked at once when the administrator gave it).

Loaded only when someone signs in, so an office without sign-in starts without it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.areas import Area
from app.errors import DatabaseError, DomainError, SignInFailed, ValidationError
from app.i18n import N_, tr
from app.services import users
from app.ui import language
from app.ui.grant_form import FormDialog, error_label


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def same_twice(password: str, repeat: str) -> str:
    """A new password typed twice: a slip of the finger is caught before it is stored."""
    if password != repeat:
        raise ValidationError("The two passwords differ; nothing was changed.", field="repeat")
    return password


def intro_label(dialog: QWidget, text: str) -> QLabel:
    """A short explanation above a form's fields."""
    label = QLabel(text)
    label.setWordWrap(True)
    dialog.layout().insertWidget(0, label)
    return label


def show_recovery_code(parent: QWidget | None, login: str, code: str) -> None:
    """The one time a recovery code is seen: only its hash is kept."""
    QMessageBox.information(parent, tr("Recovery code"), tr(
        "The recovery code of {login}:\n\n{code}\n\nWrite it down now and keep the paper away from the "
        "computer: it is shown only this once. If the password is forgotten, «Forgot the password?» in the "
        "sign-in window sets a new one with this code.", login=login, code=code))


class RecoveryDialog(FormDialog):
    """An administrator's forgotten password set anew with the recovery code written down at set-up;
    the code is then used up and a new one shown."""

    def __init__(self, login: str = "", parent=None):
        self.login, self.code = QLineEdit(login), QLineEdit()
        self.password, self.repeat = password_edit(), password_edit()
        self.new_code = ""
        super().__init__(tr("Forgot the password?"), [
            ("login", N_("Sign-in name"), self.login),
            ("code", N_("Recovery code"), self.code),
            ("password", N_("New password"), self.password),
            ("repeat", N_("New password again"), self.repeat),
        ], parent)
        self.setMinimumWidth(520)
        intro_label(self, tr("An administrator sets a new password with the recovery code shown when sign-in was "
                             "turned on or the administrator was added. Anyone else: ask an administrator for "
                             "a new password."))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Set the new password"))
        (self.code if login else self.login).setFocus()

    def handlers(self) -> dict:
        return {SignInFailed: self._refused}

    def _refused(self, error: SignInFailed) -> None:
        self.error.setText(error.message())
        self.error.show()
        self.code.setFocus()

    def save(self) -> None:
        self.new_code = users.recover_password(self.login.text(), self.code.text(),
                                               same_twice(self.password.text(), self.repeat.text()))


class SignInDialog(QDialog):
    """Name and password. A refusal (wrong password, a locked or switched-off name) shows beside the
    password; the name stays. Cancel leaves the office. With ``server_url``, the address of a server
    office kept without a login, the name and password connect as the user's own login; a forgotten
    password is then given anew by the administrator."""

    def __init__(self, login: str = "", preferences: QSettings | None = None, parent=None,
                 server_url: str | None = None):
        super().__init__(parent)
        self.preferences = preferences
        self.server_url = server_url
        self.failure: DomainError | None = None  # shown again in a newly chosen language
        self.setMinimumWidth(440)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.login = QLineEdit(login)
        self.login.setObjectName("login")
        self.password = password_edit()
        self.password.setObjectName("password")
        self.problem = error_label()
        self.labels = [QLabel() for _ in range(3)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.language)
        form.addRow(self.labels[1], self.login)
        form.addRow(self.labels[2], self.password)
        form.addRow("", self.problem)
        self.forgot = QPushButton()
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.recover)
        form.addRow("", self.forgot)
        self.forgot.setVisible(server_url is None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        (self.password if login else self.login).setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Sign in"))
        self.heading.setText(tr("Auyl Office"))
        self.intro.setText(tr("Sign in with the name and password the administrator gave you."))
        for label, text in zip(self.labels, (N_("Interface language"), N_("Sign-in name"), N_("Password"))):
            label.setText(tr(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quit"))
        self.forgot.setText(tr("Forgot the password?"))
        if self.failure is not None:
            self.problem.setText(self.failure.message())

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_chosen(self, _index: int) -> None:
        code = self.language.currentData()
        language.apply(code)
        if self.preferences is not None:
            self.preferences.setValue("language", code)

    def try_sign_in(self) -> bool:
        try:
            if self.server_url:
                users.sign_in_to_server(self.server_url, self.login.text(), self.password.text())
            else:
                users.sign_in(self.login.text(), self.password.text())
        except (SignInFailed, DatabaseError) as error:  # a server that cannot be reached, too
            self.failure = error
            self.problem.setText(error.message())
            self.problem.show()
            self.password.clear()
            self.password.setFocus()
            return False
        self.accept()
        return True


    def recover(self) -> bool:
        """The new password is set; the new code is shown once, then the name waits for the password."""
        dialog = RecoveryDialog(self.login.text(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        show_recovery_code(self, dialog.login.text().strip(), dialog.new_code)
        self.login.setText(dialog.login.text().strip())
        self.failure = None
        self.problem.clear()
        self.password.clear()
        self.password.setFocus()
        return True


class ChangePasswordDialog(FormDialog):
    """The signed-in user's own password: the current one, then the new one twice."""

    changes = frozenset({Area.SETTINGS})  # users belong to the settings

    def __init__(self, forced: bool = False, parent=None):
        self.old, self.new, self.repeat = password_edit(), password_edit(), password_edit()
        super().__init__(tr("Change my password"), [
            ("old_password", N_("Current password"), self.old),
            ("password", N_("New password"), self.new),
            ("repeat", N_("New password again"), self.repeat),
        ], parent)
        self.setMinimumWidth(480)
        if forced:
            intro_label(self, tr("The administrator gave you this password. Choose your own, known only "
                                 "to you, before you start work."))
        self.old.setFocus()

    def save(self) -> None:
        users.change_own_password(self.old.text(), same_twice(self.new.text(), self.repeat.text()))


def sign_in(preferences: QSettings | None = None, login: str = "", parent=None, server_url: str | None = None) -> bool:
    """Signs someone in, and has them replace a password the administrator gave; False when they
    gave up (nobody is signed in then). ``server_url``: see SignInDialog."""
    if SignInDialog(login, preferences, parent, server_url).exec() != QDialog.DialogCode.Accepted:
        return False
    if users.must_change_password() and ChangePasswordDialog(True, parent).exec() != QDialog.DialogCode.Accepted:
        users.sign_out()
        return False
    return True
