"""Users, roles and sign-in in the services: the same refusals for the window and the CLI."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import db
from app.errors import Conflict, PermissionDenied, SignInFailed, ValidationError
from app.models import User
from app.services import access, audit, members, settings, users
from app.services.members import MemberData

pytestmark = pytest.mark.every_database


@pytest.fixture
def office(database):
    """An office with sign-in on: an administrator and one user of each other role, password «pass-word-1»."""
    users.turn_sign_in_on("admin", "Әсем Төлегенова", "admin-pass-1")
    for role in ("secretary", "staff", "accountant", "viewer"):
        users.create(users.UserData(role, role.title(), role), "pass-word-1")
    users.sign_out()
    return database


def test_first_administrator_turns_sign_in_on_and_is_signed_in(database):
    assert not users.sign_in_needed() and access.role() == "administrator"
    users.turn_sign_in_on("Admin", "Әсем", "admin-pass-1")
    assert access.current().login == "admin" and access.current().role == "administrator"
    assert settings.load().single_user is False
    users.sign_out()
    assert users.sign_in_needed() and access.role() is None


def test_passwords_are_stored_as_scrypt_hashes_never_plain(office):
    with db.unit_of_work() as session:
        stored = session.query(User).filter_by(login="staff").one().password_hash
    assert stored.startswith("scrypt$") and "pass-word-1" not in stored


def test_sign_in_is_case_blind_for_the_name_and_exact_for_the_password(office):
    assert users.sign_in("  STAFF ", "pass-word-1").role == "staff"
    with pytest.raises(SignInFailed, match="Wrong name or password"):
        users.sign_in("staff", "PASS-WORD-1")
    with pytest.raises(SignInFailed, match="Wrong name or password"):
        users.sign_in("nobody", "pass-word-1")


def test_repeated_wrong_passwords_lock_the_name_for_a_growing_while(office):
    now = datetime(2026, 11, 29, 10, 0)
    for _ in range(users.FREE_ATTEMPTS):
        with pytest.raises(SignInFailed, match="Wrong name"):
            users.sign_in("staff", "wrong", now=now)
    with pytest.raises(SignInFailed, match="Try again in 31 seconds"):
        users.sign_in("staff", "pass-word-1", now=now)  # even the right password waits
    later = now + timedelta(seconds=31)
    with pytest.raises(SignInFailed, match="Wrong name"):
        users.sign_in("staff", "wrong again", now=later)
    with pytest.raises(SignInFailed, match="Try again in 61 seconds"):
        users.sign_in("staff", "pass-word-1", now=later)
    assert users.sign_in("staff", "pass-word-1", now=later + timedelta(minutes=2)).login == "staff"
    with db.unit_of_work() as session:
        assert session.query(User).filter_by(login="staff").one().failed_sign_ins == 0


def test_a_switched_off_user_cannot_sign_in(office):
    users.sign_in("admin", "admin-pass-1")
    viewer = next(u for u in users.users() if u.login == "viewer")
    users.update(viewer.id, users.UserData("viewer", "Viewer", "viewer", active=False, version=viewer.version))
    with pytest.raises(SignInFailed, match="switched off"):
        users.sign_in("viewer", "pass-word-1")


@pytest.mark.parametrize("role, allowed", [("administrator", True), ("staff", True), ("secretary", False),
                                           ("accountant", False), ("viewer", False)])
def test_only_roles_with_the_register_change_it(office, role, allowed):
    users.sign_in("admin" if role == "administrator" else role, "admin-pass-1" if role == "administrator"
                  else "pass-word-1")
    village = settings.villages()[0].id
    data = MemberData(surname="Сәрсенова", given_name="Гүлнар", village_id=village, sex="F")
    if allowed:
        assert members.create(data)
    else:
        with pytest.raises(PermissionDenied) as refused:
            members.create(data)
        assert "does not allow changing the register of people" in str(refused.value)
        assert members.count() == 0
    assert isinstance(members.rows(), list)  # everyone may read


def test_the_refusal_is_translated_with_the_role_and_area(office):
    users.sign_in("viewer", "pass-word-1")
    with pytest.raises(PermissionDenied) as refused:
        users.create(users.UserData("x", "X", "staff"), "pass-word-1")
    assert refused.value.message("kk").startswith("Сіздің рөліңіз (Көруші) баптауларды")


def test_nobody_signed_in_may_change_nothing_when_sign_in_is_on(office):
    assert users.sign_in_needed()
    with pytest.raises(PermissionDenied, match="Sign in first"):
        members.create(MemberData(surname="A", given_name="B", village_id=settings.villages()[0].id))


def test_a_write_that_skips_the_services_is_refused_for_a_limited_role(office):
    users.sign_in("viewer", "pass-word-1")
    village = settings.villages()[0].id
    with pytest.raises(PermissionDenied, match="does not allow this change"):
        with db.unit_of_work() as session:
            from app.models import Member

            session.add(Member(surname="X", given_name="Y", village_id=village, search_text="x y"))
    users.sign_in("admin", "admin-pass-1")
    assert members.count() == 0


def test_the_audit_log_names_the_signed_in_user(office):
    users.sign_in("staff", "pass-word-1")
    members.create(MemberData(surname="Ахметов", given_name="Нұрлан", village_id=settings.villages()[0].id, sex="M"))
    entry = next(e for e in audit.entries(limit=20) if e.table_name == "members")
    assert entry.user_name == "staff"


def test_users_change_their_own_password_and_the_administrator_resets_a_forgotten_one(office):
    users.sign_in("staff", "pass-word-1")
    assert users.must_change_password()  # the administrator chose it
    with pytest.raises(ValidationError, match="current password is not right"):
        users.change_own_password("wrong", "new-pass-word")
    with pytest.raises(ValidationError, match="at least 8"):
        users.change_own_password("pass-word-1", "short")
    users.change_own_password("pass-word-1", "new-pass-word")
    assert not users.must_change_password()
    users.sign_in("admin", "admin-pass-1")
    staff = next(u for u in users.users() if u.login == "staff")
    users.reset_password(staff.id, "given-again-1")
    users.sign_in("staff", "given-again-1")
    assert users.must_change_password()


def test_the_last_administrator_cannot_be_demoted_or_switched_off(office):
    users.sign_in("admin", "admin-pass-1")
    admin = next(u for u in users.users() if u.login == "admin")
    with pytest.raises(ValidationError, match="at least one active administrator"):
        users.update(admin.id, users.UserData("admin", "Әсем", "staff", version=admin.version))
    assert users.user(admin.id).role == "administrator"


def test_sign_in_cannot_be_turned_on_without_an_administrator(database):
    with pytest.raises(ValidationError, match="Add an administrator"):
        settings.save(single_user=False)
    assert settings.load().single_user


def test_duplicate_names_and_unknown_roles_are_refused_clearly(office):
    users.sign_in("admin", "admin-pass-1")
    with pytest.raises(ValidationError, match="already a user named staff"):
        users.create(users.UserData("Staff", "Другой", "staff"), "pass-word-1")
    with pytest.raises(ValidationError, match="Unknown role"):
        users.create(users.UserData("new", "New", "boss"), "pass-word-1")


def test_a_second_save_over_an_older_version_is_refused_with_who_and_what(office):
    users.sign_in("admin", "admin-pass-1")
    viewer = next(u for u in users.users() if u.login == "viewer")
    users.update(viewer.id, users.UserData("viewer", "Бірінші", "viewer", version=viewer.version))
    with pytest.raises(Conflict) as conflict:
        users.update(viewer.id, users.UserData("viewer", "Екінші", "staff", version=viewer.version))
    assert conflict.value.changed_by == "admin"
    assert ("full_name", "Бірінші") in conflict.value.fields
    assert users.user(viewer.id).full_name == "Бірінші" and users.user(viewer.id).role == "viewer"


@pytest.mark.every_database(only="sqlite")
def test_only_the_administrator_copies_the_data_out_but_the_daily_backup_is_made_for_anyone(office, tmp_path):
    from app.services import backup

    users.sign_in("staff", "pass-word-1")
    with pytest.raises(PermissionDenied, match="settings, users and backups"):
        backup.backup(tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite").exists()
    assert backup.daily_backup() is not None
    users.sign_in("admin", "admin-pass-1")
    assert backup.backup(tmp_path / "copy.sqlite").exists()


def test_a_forgotten_administrators_password_is_set_anew_with_the_recovery_code(office):
    users.sign_in("admin", "admin-pass-1")
    admin_id = access.current().user_id
    code = users.new_recovery_code(admin_id)
    users.sign_out()
    with db.unit_of_work() as session:
        stored = session.query(User).filter_by(login="admin").one().recovery_hash
    assert stored.startswith("scrypt$") and code.replace("-", "") not in stored  # kept as a hash only
    logged = next(e for e in audit.entries(limit=5) if e.table_name == "users")
    assert [(t.label, t.old, t.new) for t in logged.texts] == [("Recovery code", None, None)]  # never its hash
    with pytest.raises(SignInFailed) as caught:
        users.recover_password("admin", "AAAA-BBBB-CCCC-DDDD", "new-pass-123")
    assert caught.value.message() == "Wrong name or recovery code."

    fresh = users.recover_password("ADMIN", code.lower().replace("-", " "), "new-pass-123")

    assert fresh != code and len(fresh) == 19
    users.sign_in("admin", "new-pass-123")  # the new password works, and is not one to change again
    assert not users.must_change_password()
    users.sign_out()
    with pytest.raises(SignInFailed):  # the code is used up
        users.recover_password("admin", code, "other-pass-123")
    assert users.recover_password("admin", fresh, "other-pass-123")


def test_only_an_active_administrator_has_a_recovery_code(office):
    users.sign_in("admin", "admin-pass-1")
    staff = next(u for u in users.users() if u.login == "staff")
    with pytest.raises(ValidationError):
        users.new_recovery_code(staff.id)
    users.sign_out()
    with pytest.raises(SignInFailed):  # nobody else's password is set this way
        users.recover_password("staff", "AAAA-BBBB-CCCC-DDDD", "new-pass-123")
    with pytest.raises(ValidationError):  # the new password is held to the same rules
        users.recover_password("admin", "AAAA-BBBB-CCCC-DDDD", "short")


def test_wrong_recovery_codes_lock_the_name_like_wrong_passwords(office):
    now = datetime(2026, 3, 16, 10, 0)
    for _ in range(users.FREE_ATTEMPTS + 1):
        with pytest.raises(SignInFailed):
            users.recover_password("admin", "AAAA-BBBB-CCCC-DDDD", "new-pass-123", now=now)
    with pytest.raises(SignInFailed) as caught:
        users.sign_in("admin", "admin-pass-1", now=now)
    assert "Try again in" in caught.value.message()
