"""Signing in to the window: the sign-in dialog, a given password changed before work,
the first start with several people, and the window as each role sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import i18n
from app.services import access, settings, users
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.pages.meetings import MeetingsPage
from app.ui.pages.members import MembersPage
from app.ui.pages.settings import SettingsPage
from app.ui.pages.start import StartPage
from app.ui.setup_dialog import SetupDialog
from app.ui.sign_in import ChangePasswordDialog, RecoveryDialog, SignInDialog
from tests.test_window import type_text


@pytest.fixture
def office(database):
    """Sign-in on: an administrator, a viewer and a staff member with their own passwords, and a
    secretary whose password the administrator gave."""
    settings.save(setup_completed=True)
    users.turn_sign_in_on("admin", "Әсем Төлегенова", "admin-pass-1")
    for login, full_name, role in (("viewer", "Бақыт Көруші", "viewer"), ("staff", "Нұрлан Ахметов", "staff"),
                                   ("secretary", "Гүлнар Сәрсенова", "secretary")):
        users.create(users.UserData(login, full_name, role), "given-pass-1")
        if login != "secretary":
            users.sign_in(login, "given-pass-1")
            users.change_own_password("given-pass-1", f"{login}-pass-1")
            users.sign_in("admin", "admin-pass-1")
    users.sign_out()
    application.application()
    language.apply("en")
    return database


def answer_sign_in(monkeypatch, *attempts: tuple[str, str], shown: list | None = None):
    """The sign-in dialog, when shown, is filled with each (name, password) in turn until one is taken;
    if none is, it is cancelled."""

    def run(dialog):
        if shown is not None:
            shown.append(dialog)
        for login, password in attempts:
            dialog.login.setText(login)
            dialog.password.setText(password)
            if dialog.try_sign_in():
                return QDialog.DialogCode.Accepted
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", run)


def test_a_wrong_password_is_said_beside_the_field_and_the_name_stays(office, qtbot):
    dialog = SignInDialog("staff")
    qtbot.addWidget(dialog)
    dialog.password.setText("not-the-one")
    assert not dialog.try_sign_in()
    assert dialog.problem.text() == "Wrong name or password."
    assert not dialog.problem.isHidden()
    assert dialog.login.text() == "staff" and dialog.password.text() == ""
    assert access.current() is None
    dialog.password.setText("staff-pass-1")
    assert dialog.try_sign_in()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert access.current().login == "staff"


def test_repeated_wrong_passwords_say_how_long_to_wait_and_a_switched_off_user_is_told(office, qtbot):
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.login.setText("viewer")
    for _ in range(users.FREE_ATTEMPTS):
        dialog.password.setText("wrong")
        dialog.try_sign_in()
    dialog.password.setText("viewer-pass-1")
    assert not dialog.try_sign_in()
    assert dialog.problem.text().startswith("Too many wrong passwords. Try again in ")
    users.sign_in("admin", "admin-pass-1")
    row = next(u for u in users.users() if u.login == "staff")
    users.update(row.id, users.UserData("staff", row.full_name, "staff", active=False, version=row.version))
    users.sign_out()
    dialog.login.setText("staff")
    dialog.password.setText("staff-pass-1")
    assert not dialog.try_sign_in()
    assert dialog.problem.text() == "This user is switched off. Ask the administrator."


def test_the_sign_in_speaks_the_language_chosen_in_it_and_remembers_it(office, qtbot):
    dialog = SignInDialog(preferences=application.preferences())
    qtbot.addWidget(dialog)
    dialog.login.setText("nobody")
    dialog.try_sign_in()
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    QApplication.processEvents()
    assert dialog.windowTitle() == i18n.translate("Sign in", "kk") != "Sign in"
    assert dialog.problem.text() == i18n.translate("Wrong name or password.", "kk")
    assert application.preferences().value("language") == "kk"


def test_the_office_opens_only_after_a_sign_in_and_the_user_name_is_offered(office, qtbot, monkeypatch):
    shown = []
    answer_sign_in(monkeypatch, ("viewer", "wrong"), ("viewer", "viewer-pass-1"), shown=shown)
    window = application.start(str(office), "en", user="viewer")
    qtbot.addWidget(window)
    assert len(shown) == 1 and shown[0].problem.text() == "Wrong name or password."
    assert window.isVisible()
    assert window.user_label.text() == "Signed in: Бақыт Көруші (Viewer)"
    window.close()


def test_giving_up_at_the_sign_in_opens_nothing(office, monkeypatch):
    answer_sign_in(monkeypatch, ("admin", "wrong"))
    assert application.start(str(office), "en") is None
    assert access.current() is None


def test_a_password_the_administrator_gave_is_changed_before_the_window_opens(office, qtbot, monkeypatch):
    answer_sign_in(monkeypatch, ("secretary", "given-pass-1"))
    forms = []

    def change(dialog):
        forms.append(dialog)
        dialog.old.setText("given-pass-1")
        dialog.new.setText("secretary-own-1")
        dialog.repeat.setText("secretary-own-2")  # a slip: said beside the field, nothing changed
        assert not dialog.try_save()
        assert not dialog.errors["repeat"].isHidden()
        dialog.repeat.setText("secretary-own-1")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    window = application.start(str(office), "en")
    qtbot.addWidget(window)
    assert len(forms) == 1 and window.isVisible()
    assert not users.must_change_password()
    users.sign_in("secretary", "secretary-own-1")
    window.close()


def test_refusing_to_change_a_given_password_opens_nothing(office, monkeypatch):
    answer_sign_in(monkeypatch, ("secretary", "given-pass-1"))
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert application.start(str(office), "en") is None
    assert access.current() is None


def test_first_start_with_several_people_creates_the_administrator_and_signs_in(qtbot, database, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    application.application()
    language.apply("en")
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.several.setChecked(True)
    assert not dialog.administrator.isHidden()
    dialog.login.setText("asem")
    dialog.full_name.setText("Әсем Төлегенова")
    dialog.password.setText("admin-pass-1")
    dialog.repeat.setText("admin-pass-2")
    dialog.try_sample()
    assert dialog.errors["repeat"].text() == "The two passwords differ; nothing was changed."
    assert not settings.load().setup_completed and settings.load().single_user
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.try_sample()
    assert "at least 8" in dialog.errors["password"].text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.full_name.text() == "Әсем Төлегенова"  # what was typed stays
    assert settings.load().single_user and not users.users()
    dialog.password.setText("admin-pass-1")
    dialog.repeat.setText("admin-pass-1")
    dialog.try_sample()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not settings.load().single_user and settings.load().setup_completed
    assert access.current().login == "asem" and access.current().role == "administrator"
    assert len(told) == 1 and "The recovery code of asem:" in told[0]  # shown once, at set-up


def test_first_start_alone_keeps_the_office_without_sign_in(qtbot, database):
    application.application()
    language.apply("en")
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.alone.isChecked() and dialog.administrator.isHidden()
    dialog.try_sample()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.load().single_user and not users.users()


def test_an_office_without_sign_in_starts_without_loading_it(database):
    """Start-up speed: the sign-in's dialog and the users' service are loaded only where needed."""
    settings.save(setup_completed=True)
    code = ("import sys; from app.ui import application; application.application(); "
            "window = application.start(sys.argv[1], 'en'); "
            "print(window is not None, 'app.ui.sign_in' in sys.modules, 'app.services.users' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(database)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.split() == ["True", "False", "False"], done.stderr


# The window as each role sees it -----------------------------------------------------------------

@pytest.fixture
def window(office, qtbot, monkeypatch):
    users.sign_in("viewer", "viewer-pass-1")
    main = MainWindow(application.preferences())
    main.show()
    qtbot.waitExposed(main)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def test_a_viewer_reads_the_register_but_is_not_offered_changes(window):
    page = window.show_page(MembersPage)
    assert not page.add_button.isEnabled() and not page.import_button.isEnabled()
    assert page.print_button.isEnabled()
    assert not page.export_button.isEnabled()  # the register's data leaves only with a role that keeps it
    assert page.read_only_note.isVisible()
    assert page.read_only_note.text() == "Read only: your role (Viewer) may not change the register of people."
    meetings = window.show_page(MeetingsPage)
    assert not meetings.new_button.isEnabled()
    settings_page = window.show_page(SettingsPage)
    assert settings_page.users is None  # the users tab is the administrator's
    assert settings_page.inputs["voting_age"].isReadOnly() and settings_page.inputs["district_kato"].isReadOnly()
    assert not settings_page.villages.isEnabled() and not settings_page.save_button.isEnabled()
    assert not window.restore_action.isEnabled() and not window.backup_action.isEnabled()
    assert not window.show_page(StartPage).backup_button.isEnabled()
    assert window.user_label.text() == "Signed in: Бақыт Көруші (Viewer)"


def test_signing_out_and_in_as_another_role_builds_the_pages_for_that_role(window, monkeypatch):
    old_page = window.show_page(MembersPage)
    assert window.sign_out_action.isVisible()
    answer_sign_in(monkeypatch, ("staff", "staff-pass-1"))
    window.sign_out_action.trigger()
    page = window.show_page(MembersPage)
    assert page is not old_page
    assert page.add_button.isEnabled() and page.read_only_note is None
    assert window.user_label.text() == "Signed in: Нұрлан Ахметов (Staff)"
    assert not window.show_page(MeetingsPage).new_button.isEnabled()  # meetings are the secretary's
    answer_sign_in(monkeypatch, ("admin", "admin-pass-1"))
    window.sign_out_action.trigger()
    assert window.show_page(SettingsPage).users is not None
    assert window.restore_action.isEnabled() and window.show_page(StartPage).backup_button.isEnabled()


def test_giving_up_after_signing_out_closes_the_window(window, monkeypatch):
    answer_sign_in(monkeypatch)
    window.sign_out_action.trigger()
    assert not window.isVisible()
    assert access.current() is None


def test_the_menu_changes_my_own_password(window, monkeypatch):
    def change(dialog):
        dialog.old.setText("wrong-one")
        dialog.new.setText("viewer-new-1")
        dialog.repeat.setText("viewer-new-1")
        assert not dialog.try_save()
        assert dialog.errors["old_password"].text() == "The current password is not right."
        dialog.old.setText("viewer-pass-1")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    assert window.password_action.isVisible()
    window.password_action.trigger()
    assert window.statusBar().currentMessage() == "Your password is changed."
    assert users.sign_in("viewer", "viewer-new-1").login == "viewer"


def test_a_window_without_sign_in_shows_no_user_and_no_sign_out(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    qtbot.addWidget(main)
    assert main.user_label is None
    assert not main.sign_out_action.isVisible() and not main.password_action.isVisible()
    assert main.show_page(MembersPage).add_button.isEnabled()


def test_typed_kazakh_names_reach_the_sign_in(office, qtbot):
    users.sign_in("admin", "admin-pass-1")
    users.create(users.UserData("Әсел", "Әсел Қасымова", "viewer"), "given-pass-1")
    users.sign_out()
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    type_text(dialog.login, "Әсел")
    dialog.password.setText("given-pass-1")
    assert dialog.try_sign_in()
    assert access.current().full_name == "Әсел Қасымова"


def test_a_forgotten_administrators_password_is_recovered_in_the_sign_in_window(office, qtbot, monkeypatch):
    users.sign_in("admin", "admin-pass-1")
    code = users.new_recovery_code(access.current().user_id)
    users.sign_out()
    dialog = SignInDialog("admin")
    qtbot.addWidget(dialog)
    assert dialog.forgot.text() == "Forgot the password?"
    refusals = []

    def run(recovery):
        assert recovery.login.text() == "admin"
        recovery.code.setText("AAAA-BBBB-CCCC-DDDD")
        recovery.password.setText("new-pass-123")
        recovery.repeat.setText("new-pass-123")
        assert not recovery.try_save()
        refusals.append(recovery.error.text())
        recovery.code.setText(code)
        recovery.try_save()
        return recovery.result()

    monkeypatch.setattr(RecoveryDialog, "exec", run)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    assert dialog.recover()
    assert refusals == ["Wrong name or recovery code."]
    fresh = told[0].split("\n\n")[1]
    assert "The recovery code of admin:" in told[0] and fresh != code
    dialog.password.setText("new-pass-123")
    assert dialog.try_sign_in() and access.current().login == "admin"
    users.sign_out()
    assert users.recover_password("admin", fresh, "newer-pass-123")  # the new code is the one that works


def test_the_recovery_window_speaks_kazakh_and_russian(office, qtbot):
    for code in ("kk", "ru"):
        language.apply(code)
        dialog = RecoveryDialog("admin")
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == i18n.translate("Forgot the password?", code) != "Forgot the password?"
        sign_in_dialog = SignInDialog("admin")
        qtbot.addWidget(sign_in_dialog)
        assert sign_in_dialog.forgot.text() == dialog.windowTitle()
    language.apply("en")
