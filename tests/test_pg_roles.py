"""On PostgreSQL the database itself enforces the roles (docs/architecture.md, PostgreSQL roles): each
user's own server login may do only what their role may, whatever program or psql it uses; a change
made outside the program is in the audit log all the same."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app import db
from app.errors import PermissionDenied, SignInFailed, ValidationError
from app.main import main
from app.services import access, backup, dashboard, exchange, grants, meetings, members, settings, users
from app.services.meetings import ItemData, MeetingData

pytestmark = pytest.mark.every_database(only="postgresql")

PASSWORD = "pass-word-1"
ROLES = ("administrator", "secretary", "staff", "accountant", "viewer")


def _pg_roles():
    from app.services import pg_roles  # psycopg: only where PostgreSQL is

    return pg_roles


def _drop_roles(url: str) -> None:
    """Roles are the whole server's: a test drops the ones it made (its database's name starts each)."""
    owner = create_engine(url, poolclass=NullPool)
    try:
        with owner.begin() as connection:
            _pg_roles().drop_office_roles(connection)
    finally:
        owner.dispose()


@pytest.fixture
def office(database):
    """A secured server office with sign-in on: a user of each role (named by it), all with PASSWORD."""
    with db.engine().begin() as connection:
        _pg_roles().secure(connection)
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", PASSWORD)
    for role in ROLES[1:]:
        users.create(users.UserData(role, role.title(), role), PASSWORD)
    users.sign_out()
    yield database
    db.dispose()
    _drop_roles(database)


def _without_login(url: str) -> str:
    """The address a staff computer keeps: the server and the database, no name, no password."""
    parsed = make_url(url)
    return URL.create(parsed.drivername, host=parsed.host, port=parsed.port, database=parsed.database,
                      query=parsed.query).render_as_string(hide_password=False)


def _plain_sql(url: str, login: str, statement: str, password: str = PASSWORD) -> list[tuple]:
    """A statement as psql would send it, connected as the user's own login."""
    engine = create_engine(_pg_roles().login_url(url, login, password), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _refused(url: str, login: str, statement: str) -> bool:
    try:
        _plain_sql(url, login, statement)
    except DBAPIError as error:
        return error.orig.sqlstate == "42501"  # insufficient privilege
    return False


def test_a_viewers_own_login_cannot_change_the_users_nor_read_their_password_hashes(office):
    for statement in ("UPDATE users SET role = 'administrator' WHERE login = 'viewer'",
                      "UPDATE users SET active = false WHERE login = 'administrator'",
                      "INSERT INTO users (login, full_name, role, password_hash, recovery_hash, active, "
                      "must_change_password, failed_sign_ins, version) "
                      "VALUES ('me', '', 'administrator', '', '', true, false, 0, 1)",
                      "DELETE FROM users",
                      "SELECT password_hash FROM users",
                      "SELECT recovery_hash FROM users",
                      "SELECT * FROM users",
                      "SELECT before, after FROM record_versions"):
        assert _refused(office, "viewer", statement), statement
    # Its own row is all it sees of the users; the others' counters it cannot touch either.
    assert _plain_sql(office, "viewer", "SELECT login, role FROM users") == [("viewer", "viewer")]
    _plain_sql(office, "viewer", "UPDATE users SET failed_sign_ins = 99 WHERE login = 'administrator'")
    assert _plain_sql(office, "administrator", "SELECT failed_sign_ins FROM users WHERE login = 'administrator'") \
        == [(0,)]
    # Nor can it join the administrators' group.
    groups = _pg_roles().group_name(make_url(office).database, "administrator")
    assert _refused(office, "viewer", f'GRANT "{groups}" TO CURRENT_USER')


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_login_may_change_the_tables_of_its_areas_and_only_read_the_others(office, role):
    pg_roles = _pg_roles()
    login = pg_roles.login_name(make_url(office).database, role)
    rights = {table: tuple(granted) for table, *granted in _plain_sql(
        office, "administrator",
        f"SELECT tablename, has_table_privilege('{login}', tablename, 'INSERT'), "
        f"has_table_privilege('{login}', tablename, 'UPDATE'), has_table_privilege('{login}', tablename, 'DELETE') "
        "FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")}
    tables = sorted(rights)
    areas = access.ROLE_AREAS[role]
    for table in tables:
        if table in pg_roles.APPEND_ONLY:
            expected = (True, False, False)  # the audit log: changed by the database's owner alone
        elif role == "administrator":
            expected = (True, True, True)
        elif table in pg_roles.SHARED:
            expected = (True, False, table == "record_versions" and "register" in areas)
        elif table == "users":
            expected = (False, False, False)  # its own row's counters only: a column grant
        else:
            writes = bool(pg_roles.TABLE_AREAS.get(table, frozenset()) & areas)
            expected = (writes, writes, writes)
        assert rights[table] == expected, table
    # Everyone reads what the program shows (the users without their hashes), and nobody alters the log.
    assert _plain_sql(office, role, "SELECT count(*) FROM members") == [(0,)]
    assert _plain_sql(office, role, "SELECT count(*) > 0 FROM settings") == [(True,)]
    assert _refused(office, role, "UPDATE audit_entries SET user_name = 'nobody'")
    assert _refused(office, role, "DELETE FROM audit_entries")


def _sign_in_as(url: str, role: str, password: str = PASSWORD) -> None:
    db.dispose()
    users.sign_in_to_server(_without_login(url), role, password)


def test_each_role_works_through_its_own_login_and_the_database_refuses_what_the_role_may_not(office):
    village = settings.villages()[0].id
    _sign_in_as(office, "staff")
    assert access.current().role == "staff" and users.must_change_password()
    member = members.create(members.MemberData(surname="Сәрсенова", given_name="Гүлнар", village_id=village))

    _sign_in_as(office, "secretary")
    assert meetings.create(MeetingData("assembly", datetime(2030, 1, 10, 10)), [ItemData("Жол")])
    # A program fooled into taking the secretary for an administrator: the database still refuses.
    access.begin(access.Login(0, "secretary", "", "administrator"), True)
    with pytest.raises(DBAPIError, match="permission denied"):
        grants.save_donor(grants.DonorData("Қор", "private"))

    _sign_in_as(office, "accountant")
    assert grants.save_donor(grants.DonorData("Қор", "private"))

    _sign_in_as(office, "viewer")
    assert [row.id for row in members.search("Сәрсенова")] == [member]
    dashboard.summary(), dashboard.figures()  # the start page
    # Any role may export its figures: the office's signing identity is made by whoever asks first.
    assert exchange.identity().centre_id
    # pg_dump needs the whole database: the administrator's computer makes the daily backup.
    assert backup.daily_backup() is None and not backup.daily_backups()


def test_a_change_made_outside_the_program_is_in_the_audit_log_once_and_the_programs_own_once(office):
    village = settings.villages()[0].id
    _sign_in_as(office, "staff")
    member = members.create(members.MemberData(surname="Ахметов", given_name="Нұрлан", village_id=village))
    _plain_sql(office, "staff", f"UPDATE members SET phone = '+77010000000' WHERE id = {member}")
    rows = _plain_sql(office, "administrator", "SELECT user_name, action, changes FROM audit_entries "
                      f"WHERE table_name = 'members' AND row_id = {member} ORDER BY id")
    assert [(who, action) for who, action, _ in rows] == [("staff", "insert"), ("staff", "update")]
    # Which fields changed, never what they hold.
    assert json.loads(rows[1][2]) == {"phone": None}
    # The owner's psql session is recorded under the server's name.
    owner = make_url(office).username
    engine = create_engine(office, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET full_name = 'X' WHERE login = 'viewer'"))
    engine.dispose()
    assert _plain_sql(office, "administrator", "SELECT user_name, changes FROM audit_entries "
                      "WHERE table_name = 'users' AND action = 'update' ORDER BY id DESC LIMIT 1") \
        == [(owner, '{"full_name": null}')]


def _member_entries(url: str, member: int) -> list[tuple]:
    return _plain_sql(url, "administrator", "SELECT user_name, action, changes FROM audit_entries "
                      f"WHERE table_name = 'members' AND row_id = {member} ORDER BY id")


def test_no_setting_of_a_session_keeps_a_change_out_of_the_audit_log(office):
    village = settings.villages()[0].id
    _sign_in_as(office, "staff")
    member = members.create(members.MemberData(surname="Ахметов", given_name="Нұрлан", village_id=village))
    members.update(member, members.MemberData(surname="Ахметов", given_name="Нұрлан", village_id=village,
                                              phone="+77010000001", version=1))
    # The program's own changes once each, in people's words.
    assert [(who, action) for who, action, _ in _member_entries(office, member)] == [("staff", "insert"),
                                                                                     ("staff", "update")]
    # None of the database's own (they carry no transaction): sign-ins, users and settings included.
    assert _plain_sql(office, "administrator", "SELECT count(*) FROM audit_entries WHERE transaction_id IS NULL") \
        == [(0,)]
    # The setting that once switched the trigger off, the trigger run at once instead of at commit,
    # two changes of one row: each change is recorded, under the login that made it.
    _plain_sql(office, "staff", "SET auyl.program = 'on'; SET CONSTRAINTS ALL IMMEDIATE; "
               f"UPDATE members SET phone = '+77010000002' WHERE id = {member}; "
               f"UPDATE members SET notes = 'x' WHERE id = {member}")
    # An entry made up to pass for the program's names the login that made the change all the same.
    _plain_sql(office, "staff", "INSERT INTO audit_entries (at, user_name, action, table_name, row_id, changes) "
               f"VALUES (now(), 'administrator', 'update', 'members', {member}, '{{}}'); "
               f"UPDATE members SET phone = '+77010000003' WHERE id = {member}")
    rows = _member_entries(office, member)
    assert [(who, json.loads(changes)) for who, _, changes in rows[2:]] == [
        ("staff", {"phone": None}), ("staff", {"notes": None}), ("staff", {})]
    # Only the database's owner may switch the trigger off or change the log.
    for statement in ("ALTER TABLE members DISABLE TRIGGER ALL",
                      "DROP TRIGGER auyl_audit_outside_members ON members",
                      "SET session_replication_role = replica",
                      "CREATE OR REPLACE FUNCTION auyl_audit_outside() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN RETURN NULL; END $$",
                      "UPDATE audit_entries SET user_name = 'nobody'",
                      "DELETE FROM audit_entries"):
        assert _refused(office, "staff", statement), statement
    assert len(_member_entries(office, member)) == 5


def test_the_server_checks_the_password_and_follows_every_change_of_the_user(office):
    url = _without_login(office)
    with pytest.raises(SignInFailed):
        users.sign_in_to_server(url, "viewer", "wrong-password")
    with pytest.raises(SignInFailed):
        users.sign_in_to_server(url, "nobody", PASSWORD)
    _sign_in_as(office, "viewer")
    users.change_own_password(PASSWORD, "my-own-pass-2")
    assert not users.must_change_password()  # the connection goes on with the new password
    with pytest.raises(ValidationError):
        users.change_own_password("wrong-password", "my-own-pass-3")
    _sign_in_as(office, "viewer", "my-own-pass-2")
    with pytest.raises(SignInFailed):
        _sign_in_as(office, "viewer")
    # Signed out and in again on the same connection: the server checks the password once more, and
    # another name connects as its own login.
    _sign_in_as(office, "viewer", "my-own-pass-2")
    users.sign_out()
    with pytest.raises(SignInFailed):
        users.sign_in("viewer", "wrong-password")
    assert access.role() is None
    users.sign_in("staff", PASSWORD)
    assert access.current().role == "staff"
    assert db.engine().url.username.endswith("_u_staff")
    with pytest.raises(SignInFailed, match="administrator's computer"):
        users.recover_password("administrator", "AAAA-BBBB-CCCC-DDDD", "new-pass-word-5")

    # The administrator's computer connects as the owner: role, switch-off and password reset.
    db.configure(office)
    users.sign_in("administrator", PASSWORD)
    viewer = next(row for row in users.users() if row.login == "viewer")
    users.update(viewer.id, users.UserData("viewer", "", "staff", True, viewer.version))
    assert _plain_sql(office, "viewer", "SELECT has_table_privilege('members', 'INSERT')",
                      "my-own-pass-2") == [(True,)]
    users.reset_password(viewer.id, "given-pass-4")
    viewer = users.user(viewer.id)
    users.update(viewer.id, users.UserData("viewer", "", "staff", False, viewer.version))
    with pytest.raises(SignInFailed):
        _sign_in_as(office, "viewer", "given-pass-4")


def test_only_the_owners_connection_adds_users_and_the_message_says_where(office):
    _sign_in_as(office, "administrator")
    with pytest.raises(PermissionDenied, match="administrator's computer"):
        users.create(users.UserData("newcomer", "", "viewer"), PASSWORD)
    assert [row.login for row in users.users()] == ["accountant", "administrator", "secretary", "staff", "viewer"]


def test_a_long_name_is_the_same_login_in_the_program_and_in_the_row_rules(office):
    login = "әлия " * 10 + "жанұзақова"
    assert len(login) <= 60
    db.configure(office)
    users.sign_in("administrator", PASSWORD)
    users.create(users.UserData(login, "", "viewer"), PASSWORD)
    name = _pg_roles().login_name(make_url(office).database, login)
    assert len(name.encode()) <= 63
    assert _plain_sql(office, login, "SELECT login FROM users") == [(login,)]


def test_secure_database_gives_logins_and_new_passwords_to_the_users_of_an_office(database, capsys, monkeypatch):
    users.turn_sign_in_on("boss", "", PASSWORD)
    users.create(users.UserData("aigerim", "", "staff"), PASSWORD)
    users.sign_out()
    db.dispose()
    monkeypatch.setenv("AUYL_DATABASE_URL", database)
    monkeypatch.setenv("AUYL_USER", "boss")
    monkeypatch.setenv("AUYL_PASSWORD", PASSWORD)
    try:
        assert main(["--lang", "en", "users", "secure-database"]) == 0
        given = dict(re.findall(r"New password of (\S+): (\S+)\.", capsys.readouterr().out))
        assert set(given) == {"boss", "aigerim"}
        assert _plain_sql(database, "aigerim", "SELECT login FROM users", given["aigerim"]) == [("aigerim",)]
        # Run again (after an upgrade): nothing new to hand over. Whoever ran it got a new password too.
        monkeypatch.setenv("AUYL_PASSWORD", given["boss"])
        assert main(["--lang", "en", "users", "secure-database"]) == 0
        assert "aigerim" not in capsys.readouterr().out
        # A staff computer keeps the address without a login: the user's name and password sign in.
        monkeypatch.setenv("AUYL_DATABASE_URL", _without_login(database))
        monkeypatch.setenv("AUYL_USER", "aigerim")
        monkeypatch.setenv("AUYL_PASSWORD", given["aigerim"])
        assert main(["--lang", "en", "users", "list"]) == 0
        monkeypatch.setenv("AUYL_PASSWORD", "wrong-password")
        assert main(["--lang", "en", "users", "list"]) == 1
        assert "Wrong name or password" in capsys.readouterr().err
    finally:
        db.dispose()
        _drop_roles(database)


def test_an_office_without_sign_in_is_not_secured(database):
    with pytest.raises(ValidationError, match="Turn sign-in on first"):
        users.secure_database()
    with db.engine().connect() as connection:
        assert not _pg_roles().secured(connection)


@pytest.mark.every_database(only="sqlite")
def test_a_file_office_has_no_server_logins_to_secure(database):
    with pytest.raises(ValidationError, match="Only a server"):
        users.secure_database()


def test_the_sign_in_window_connects_as_the_users_own_login(office, qtbot):
    from app.ui.sign_in import SignInDialog

    dialog = SignInDialog("viewer", server_url=_without_login(office))
    qtbot.addWidget(dialog)
    assert dialog.forgot.isHidden()  # a forgotten password is given anew by the administrator
    dialog.password.setText("wrong-password")
    assert not dialog.try_sign_in() and dialog.problem.text()
    dialog.password.setText(PASSWORD)
    assert dialog.try_sign_in() and access.current().role == "viewer"


def test_the_owners_first_sign_in_after_an_upgrade_brings_the_grants_up_to_date(office):
    engine = create_engine(office, poolclass=NullPool)
    with engine.begin() as connection:  # as an upgrade would: a new table, a trigger lost
        connection.execute(text("DROP TRIGGER auyl_audit_outside_members ON members"))
        connection.execute(text("UPDATE alembic_version SET version_num = version_num || '_next'"))
    engine.dispose()
    db.configure(office)
    users.sign_in("administrator", PASSWORD)
    assert _plain_sql(office, "administrator", "SELECT count(*) FROM pg_trigger "
                      "WHERE tgname = 'auyl_audit_outside_members'") == [(1,)]


def test_the_window_of_a_staff_computer_signs_in_as_the_users_own_login_before_it_opens(office, qtbot,
                                                                                        monkeypatch):
    from app.ui import application, language
    from tests.test_sign_in import answer_sign_in

    users.sign_in("administrator", PASSWORD)
    settings.save(setup_completed=True)
    users.sign_out()
    _plain_sql(office, "administrator", "UPDATE users SET must_change_password = false")
    db.dispose()
    application.application()
    language.apply("en")
    monkeypatch.setenv("AUYL_DATABASE_URL", _without_login(office))
    shown = []
    answer_sign_in(monkeypatch, ("viewer", "wrong-password"), ("viewer", PASSWORD), shown=shown)
    window = application.start(None, "en")
    qtbot.addWidget(window)
    assert len(shown) == 1 and shown[0].problem.text() == "Wrong name or password."
    assert window.isVisible() and window.user_label.text() == "Signed in: Viewer (Viewer)"
    assert db.engine().url.username.endswith("_u_viewer")
    window.close()
