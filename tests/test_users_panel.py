"""Settings → Users, the administrator's list of the office's users, through qtbot on real
widgets and a real database."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app import i18n
from app.services import access, settings, users
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.pages.settings import SettingsPage
from app.ui.users_panel import ResetPasswordDialog, SignInOnDialog, UserDialog


def answer(monkeypatch, dialog_type, *fillings):
    """The dialog, when shown, is filled by each function in turn and saved, until a save is taken.
    Returns the dialogs shown."""
    shown = []

    def run(dialog):
        shown.append(dialog)
        for fill in fillings:
            fill(dialog)
            if dialog.try_save():
                break
        return dialog.result()

    monkeypatch.setattr(dialog_type, "exec", run)
    return shown


def open_users(qtbot, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.show()
    qtbot.waitExposed(main)
    page = main.show_page(SettingsPage)
    page.tabs.setCurrentWidget(page.users)
    return main, page, page.users


@pytest.fixture
def panel(database, qtbot, monkeypatch):
    settings.save(setup_completed=True)
    users.turn_sign_in_on("admin", "Әсем Төлегенова", "admin-pass-1")
    users.create(users.UserData("staff", "Нұрлан Ахметов", "staff"), "given-pass-1")
    main, _page, users_panel = open_users(qtbot, monkeypatch)
    yield users_panel
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def select(panel, login: str) -> None:
    rows = [panel.model.row(r).login for r in range(panel.model.rowCount())]
    panel.view.selectRow(rows.index(login))


def shown_rows(panel) -> list[list[str]]:
    return [[panel.model.index(r, c).data() for c in range(panel.model.columnCount())]
            for r in range(panel.model.rowCount())]


def test_the_users_tab_lists_name_full_name_role_active_and_last_sign_in(panel):
    rows = shown_rows(panel)
    assert [row[:4] for row in rows] == [["admin", "Әсем Төлегенова", "Administrator", "✓"],
                                         ["staff", "Нұрлан Ахметов", "Staff", "✓"]]
    assert rows[1][4] == ""  # never signed in
    assert panel.switch_button.text() == "Turn sign-in off…"


def test_single_user_is_not_an_ordinary_setting_field(panel):
    page = panel.window().show_page(SettingsPage)
    assert "single_user" not in page.inputs and "setup_completed" not in page.inputs


def test_adding_a_user_refuses_bad_input_beside_the_field_and_adds_nobody_until_it_is_right(panel, monkeypatch):
    def short(dialog):
        dialog.login.setText("Гүлнар")
        dialog.full_name.setText("Гүлнар Сәрсенова")
        dialog.role.setCurrentIndex(dialog.role.findData("secretary"))
        dialog.password.setText("short")
        dialog.repeat.setText("short")

    def taken_name(dialog):
        dialog.login.setText("Staff")
        dialog.password.setText("given-pass-2")
        dialog.repeat.setText("given-pass-2")

    refusals = []

    def remember(dialog):
        refusals.append({name: label.text() for name, label in dialog.errors.items() if not label.isHidden()})

    def right(dialog):
        dialog.login.setText("Гүлнар")

    shown = answer(monkeypatch, UserDialog, short, remember, taken_name, remember, right)
    assert panel.add_user()
    assert refusals == [{"password": "A password needs at least 8 characters."},
                        {"login": "There is already a user named staff."}]
    assert shown[0].full_name.text() == "Гүлнар Сәрсенова"  # kept through the refusals
    added = next(u for u in users.users() if u.login == "гүлнар")
    assert added.role == "secretary" and added.must_change_password
    assert ["гүлнар", "Гүлнар Сәрсенова", "Secretary", "✓", ""] in shown_rows(panel)


def test_editing_a_user_changes_role_and_active_and_keeps_the_last_administrator(panel, monkeypatch):
    def staff_to_viewer(dialog):
        dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
        dialog.active.setChecked(False)

    answer(monkeypatch, UserDialog, staff_to_viewer)
    select(panel, "staff")
    assert panel.edit_current()
    staff = next(u for u in users.users() if u.login == "staff")
    assert staff.role == "viewer" and not staff.active
    assert ["staff", "Нұрлан Ахметов", "Viewer", "—"] == shown_rows(panel)[1][:4]

    def demote(dialog):
        dialog.role.setCurrentIndex(dialog.role.findData("staff"))

    shown = answer(monkeypatch, UserDialog, demote)
    select(panel, "admin")
    assert not panel.edit_current()
    assert shown[0].errors["role"].text() == "The office needs at least one active administrator."
    assert access.current().role == "administrator"
    assert next(u for u in users.users() if u.login == "admin").role == "administrator"


def test_a_record_someone_else_changed_meanwhile_is_not_saved_over(panel, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    select(panel, "staff")
    staff = panel.current_row()
    users.update(staff.id, users.UserData("staff", "Нұрлан Ахметұлы", "staff", version=staff.version))

    def rename(dialog):
        dialog.full_name.setText("Нұрлан Басқа")

    answer(monkeypatch, UserDialog, rename)
    assert not panel.edit_current()
    assert warnings and "admin changed this record" in warnings[0]
    assert users.user(staff.id).full_name == "Нұрлан Ахметұлы"
    assert shown_rows(panel)[1][1] == "Нұрлан Ахметұлы"  # the list shows theirs


def test_a_new_password_given_by_the_administrator_must_be_changed_at_sign_in(panel, monkeypatch):
    def differ(dialog):
        dialog.password.setText("given-again-1")
        dialog.repeat.setText("given-again-2")

    def same(dialog):
        dialog.repeat.setText("given-again-1")

    shown = answer(monkeypatch, ResetPasswordDialog, differ, same)
    select(panel, "staff")
    assert panel.reset_password()
    assert shown[0].errors["repeat"].text() == "The two passwords differ; nothing was changed."
    users.sign_in("staff", "given-again-1")
    assert users.must_change_password()


def test_turning_sign_in_off_asks_first_and_then_the_office_opens_without_it(panel, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not panel.switch_sign_in()
    assert not settings.load().single_user
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert panel.switch_sign_in()
    assert settings.load().single_user and not users.sign_in_needed()
    assert panel.switch_button.text() == "Turn sign-in on…"
    assert not panel.window().sign_out_action.isVisible()


def test_sign_in_turned_on_from_a_one_person_office_makes_the_first_administrator(database, qtbot, monkeypatch):
    settings.save(setup_completed=True)
    main, _page, panel = open_users(qtbot, monkeypatch)
    qtbot.addWidget(main)
    assert main.user_label is None and not main.sign_out_action.isVisible()
    assert panel.switch_button.text() == "Turn sign-in on…"

    def mismatch(dialog):
        dialog.login.setText("asem")
        dialog.full_name.setText("Әсем Төлегенова")
        dialog.password.setText("admin-pass-1")
        dialog.repeat.setText("admin-pass-x")

    def right(dialog):
        dialog.repeat.setText("admin-pass-1")

    shown = answer(monkeypatch, SignInOnDialog, mismatch, right)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    assert panel.switch_sign_in()
    code = told[0].split("\n\n")[1]  # the recovery code, shown this once
    assert "shown only this once" in told[0] and users.recover_password("asem", code, "new-pass-123")
    assert shown[0].errors["repeat"].text() == "The two passwords differ; nothing was changed."
    assert not settings.load().single_user
    assert access.current().login == "asem"
    assert main.user_label.text() == "Signed in: Әсем Төлегенова (Administrator)"
    assert main.sign_out_action.isVisible() and main.password_action.isVisible()
    assert [row[:3] for row in shown_rows(panel)] == [["asem", "Әсем Төлегенова", "Administrator"]]


def test_the_users_tab_speaks_kazakh_and_russian(panel):
    for code in ("kk", "ru"):
        panel.window().set_language(code)
        QApplication.processEvents()
        assert panel.add_button.text() == i18n.translate("Add a user…", code) != "Add a user…"
        assert panel.model.index(0, 2).data() == i18n.translate("Administrator", code)


def test_an_administrator_added_gets_a_recovery_code_shown_once(panel, monkeypatch):
    def fill(dialog):
        dialog.login.setText("erlan")
        dialog.full_name.setText("Ерлан Мұқанов")
        dialog.role.setCurrentIndex(dialog.role.findData("administrator"))
        dialog.password.setText("given-pass-2")
        dialog.repeat.setText("given-pass-2")

    answer(monkeypatch, UserDialog, fill)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    assert panel.add_user()
    assert len(told) == 1 and "The recovery code of erlan:" in told[0]
    assert users.recover_password("erlan", told[0].split("\n\n")[1], "own-pass-123")


def test_an_administrators_recovery_code_is_given_anew_from_the_list(panel, monkeypatch):
    select(panel, "staff")
    assert not panel.code_button.isEnabled()  # only an administrator has one
    select(panel, "admin")
    assert panel.code_button.isEnabled() and panel.code_button.text() == "New recovery code…"
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    assert panel.new_recovery_code()
    assert "The recovery code of admin:" in told[0]
    assert users.recover_password("admin", told[0].split("\n\n")[1], "own-pass-123")
