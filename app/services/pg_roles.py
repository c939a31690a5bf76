"""On PostgreSQL the database itself enforces the roles (docs/architecture.md, PostgreSQL roles).

Each role of app/services/access.py is a group role of the office's database, without login, granted
per table what the role may change; each user signs in as their own login role, a member of their
role's group. Role names are the whole server's, so every name starts with the database's name. The
users table and the record versions show a non-administrator part of their rows (row-level security),
and a trigger on every table of personal data and on the users records a change made outside the
program in the audit log. The trigger runs at commit and skips a row the program's own audit listener
wrote an entry for in the same transaction, so nothing a session sets switches it off.

Everything here runs in the caller's transaction: a user added with their login is added whole, or
not at all. Making, altering and dropping roles needs the owner's connection (CREATEROLE)."""

from __future__ import annotations

import hashlib

from psycopg import sql
from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from app import db, migrate
from app.areas import Area
from app.errors import PermissionDenied, SignInFailed
from app.services.access import ROLE_AREAS, ROLES

# PostgreSQL cuts a name at 63 bytes; a prefix of at most 30 leaves room for the roles' suffixes.
NAME_BYTES = 63
PREFIX_BYTES = 30

# The tables a role may change, by the areas of app/areas.py. A table named nowhere here is changed by
# the administrator only; every role reads every table (but the users' password hashes).
TABLE_AREAS: dict[str, frozenset[Area]] = {
    **dict.fromkeys(("members", "households", "consents", "import_batches"), frozenset({Area.REGISTER})),
    **dict.fromkeys(("speakers", "attendance", "roll_call_votes", "decisions", "amendments",
                     "assembly_memberships"), frozenset({Area.MEETINGS})),
    # A local issue is put on a meeting's agenda from the issue.
    **dict.fromkeys(("meetings", "agenda_items"), frozenset({Area.MEETINGS, Area.ISSUES})),
    **dict.fromkeys(("local_issues", "local_issue_events", "local_issue_attachments", "appeal_attachments"),
                    frozenset({Area.ISSUES})),
    # Erasing a person empties their name from the appeals they wrote.
    **dict.fromkeys(("appeals", "appeal_steps"), frozenset({Area.ISSUES, Area.REGISTER})),
    # An import of people adds the villages it names.
    "villages": frozenset({Area.SETTINGS, Area.REGISTER}),
    **dict.fromkeys(("events", "event_series", "registrations"), frozenset({Area.EVENTS})),
    # A meeting books its room as an event does.
    "bookings": frozenset({Area.EVENTS, Area.MEETINGS}),
    **dict.fromkeys(("grants", "donors", "budget_lines", "tranches", "expenses", "grant_deadlines",
                     "grant_issues"), frozenset({Area.GRANTS})),
}
# Written by every role's changes: the program's audit log and the versions of every record; and the
# office's identity for its packages, made by whichever role first exports its figures.
SHARED = ("audit_entries", "record_versions", "centre_identity")
# Added to by every role, the administrator's too; changed or deleted by the database's owner alone.
APPEND_ONLY = ("audit_entries",)
# Never readable but by the administrator: a hash guessed at offline gives the password.
SECRET_COLUMNS = ("password_hash", "recovery_hash")
# A record version's row before and after: whole rows, personal values included.
VERSION_IMAGES = ("before", "after")
# What a signed-in user changes in their own row: the sign-in's counters and their own password.
OWN_ROW_COLUMNS = ("password_hash", "must_change_password", "failed_sign_ins", "locked_until", "last_sign_in",
                   "version")
# The tables of docs/domain.md: Personal data, whose changes outside the program are recorded too.
AUDITED_EXTRA = ("users", "consents")


def _bytes_cut(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def prefix(database: str) -> str:
    """The start of every role name of this office: its database's name, or a cut of it made unique."""
    if len(database.encode("utf-8")) <= PREFIX_BYTES:
        return database
    return f"{_bytes_cut(database, PREFIX_BYTES - 9)}_{_short_hash(database)[:8]}"


def group_name(database: str, role: str) -> str:
    return f"{prefix(database)}_{role}"


def login_name(database: str, login: str) -> str:
    """The PostgreSQL login of the office's user ``login``: readable when it fits, else a hash of it
    (the same rule as the SQL function ``auyl_login_role`` that the row-level rules use)."""
    name = f"{prefix(database)}_u_{login}"
    if len(name.encode("utf-8")) <= NAME_BYTES:
        return name
    return f"{prefix(database)}_u_{_short_hash(login)}"


def _run(connection: Connection, statement: sql.Composable | str, params: tuple = ()) -> list[tuple]:
    # Through the driver: role names and passwords are identifiers and literals quoted by psycopg.
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql.SQL(statement) if isinstance(statement, str) else statement, params or None)
        return cursor.fetchall() if cursor.description else []
    finally:
        cursor.close()


def on_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def _database(connection: Connection) -> str:
    return _run(connection, "SELECT current_database()")[0][0]


def _exists(connection: Connection, role: str) -> bool:
    return bool(_run(connection, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)))


def secured(connection: Connection) -> bool:
    """Whether this is a PostgreSQL office whose roles the database enforces."""
    return on_postgres(connection) and _exists(connection, group_name(_database(connection), "viewer"))


def signed_in_by_server(connection: Connection) -> bool:
    """Whether this connection is a user's own login: the server checked the password already."""
    if not on_postgres(connection):
        return False
    database, session_user = _run(connection, "SELECT current_database(), session_user")[0]
    return session_user.startswith(f"{prefix(database)}_u_")


def is_users_login(url: str) -> bool:
    """Whether this server address connects as a user's own login (not as the database's owner)."""
    parsed = make_url(url)
    return bool(parsed.username and parsed.database
                and parsed.username.startswith(f"{prefix(parsed.database)}_u_"))


def may_manage(connection: Connection) -> bool:
    """Whether this connection may make and change roles: the owner's, on the administrator's computer."""
    return _run(connection, "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")[0][0]


def _may_manage(connection: Connection) -> None:
    if not may_manage(connection):
        raise PermissionDenied("Users of this server database are added and changed on the administrator's "
                               "computer, which connects as the database's owner.")


def _tables(connection: Connection) -> list[str]:
    return [row[0] for row in _run(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                               "AND tablename <> 'alembic_version' ORDER BY tablename")]


def _columns(connection: Connection, table: str) -> list[str]:
    return [row[0] for row in _run(connection, "SELECT column_name FROM information_schema.columns WHERE "
                                               "table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                                   (table,))]


def _personal_tables() -> list[str]:
    from app.models import Base, load_all

    load_all()
    return sorted({table.name for table in Base.metadata.tables.values()
                   if any(column.info.get("personal") for column in table.columns)} | set(AUDITED_EXTRA))


def secure(connection: Connection) -> list[str]:
    """Makes the groups, grants, row-level rules and audit triggers of this office, or brings them up
    to date (after an upgrade added tables); run as the database's owner. Returns the users that have
    no login of their own yet, for ``add_missing_logins``."""
    _may_manage(connection)
    database = _database(connection)
    groups = {role: group_name(database, role) for role in ROLES}
    for group in groups.values():
        if not _exists(connection, group):
            _run(connection, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    everyone = sql.SQL(", ").join(sql.Identifier(group) for group in groups.values())
    _run(connection, sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(everyone))
    _run(connection, sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(everyone))
    _run(connection, sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(everyone))
    _run(connection, sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(everyone))
    # A table a later upgrade adds is read by every role and changed by the administrator until this
    # runs again and grants it by its area.
    readers = sql.SQL(", ").join(sql.Identifier(group) for role, group in groups.items() if role != "administrator")
    _run(connection, sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {}").format(readers))
    _run(connection, sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON "
                             "TABLES TO {}").format(sql.Identifier(groups["administrator"])))
    _run(connection, sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO {}").format(
        everyone))
    _functions(connection, database)
    # The schema's version, which every start reads.
    _run(connection, sql.SQL("GRANT SELECT ON alembic_version TO {}").format(everyone))
    for table in _tables(connection):
        _grant_table(connection, table, groups)
    _row_rules(connection, groups)
    _audit_triggers(connection)
    # Stamped with the schema it was made for: an upgrade since is seen at the owner's next sign-in.
    _run(connection, sql.SQL("COMMENT ON ROLE {} IS {}").format(
        sql.Identifier(groups["viewer"]), sql.Literal(_revision(connection))))
    return [row[0] for row in _run(connection, "SELECT login FROM users ORDER BY login")
            if not _exists(connection, login_name(database, row[0]))]


def _revision(connection: Connection) -> str:
    return _run(connection, "SELECT version_num FROM alembic_version")[0][0]


def up_to_date(connection: Connection) -> bool:
    """Whether the grants were made for this schema (not before an upgrade that changed tables)."""
    stamp = _run(connection, "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = %s",
                 (group_name(_database(connection), "viewer"),))
    return bool(stamp) and stamp[0][0] == _revision(connection)


def _grant_table(connection: Connection, table: str, groups: dict[str, str]) -> None:
    name = sql.Identifier(table)
    for role, group in groups.items():
        who = sql.Identifier(group)
        if role == "administrator":
            rights = "SELECT, INSERT" if table in APPEND_ONLY else "SELECT, INSERT, UPDATE, DELETE"
            _run(connection, sql.SQL("GRANT " + rights + " ON {} TO {}").format(name, who))
            continue
        if table == "users":
            readable = [column for column in _columns(connection, table) if column not in SECRET_COLUMNS]
            _run(connection, sql.SQL("GRANT SELECT ({}) ON users TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, readable)), who))
            _run(connection, sql.SQL("GRANT UPDATE ({}) ON users TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, OWN_ROW_COLUMNS)), who))
            continue
        if table == "record_versions" and Area.REGISTER not in ROLE_AREAS[role]:
            # The rows' images hold personal values: read only by roles that may change the register
            # (docs/architecture.md, Record versions); what was changed when is every report's.
            described = [column for column in _columns(connection, table) if column not in VERSION_IMAGES]
            _run(connection, sql.SQL("GRANT INSERT, SELECT ({}) ON {} TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, described)), name, who))
            continue
        _run(connection, sql.SQL("GRANT SELECT ON {} TO {}").format(name, who))
        if table in SHARED:
            _run(connection, sql.SQL("GRANT INSERT ON {} TO {}").format(name, who))
            if table == "record_versions":
                # Erasing a person removes every version about them.
                _run(connection, sql.SQL("GRANT DELETE ON {} TO {}").format(name, who))
        elif TABLE_AREAS.get(table, frozenset()) & ROLE_AREAS[role]:
            _run(connection, sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(name, who))


def _functions(connection: Connection, database: str) -> None:
    office = sql.Literal(prefix(database))
    # The same naming as login_name, for the row-level rules.
    _run(connection, sql.SQL("""
CREATE OR REPLACE FUNCTION auyl_login_role(login text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN octet_length({office} || '_u_' || login) <= {limit} THEN {office} || '_u_' || login
              ELSE {office} || '_u_' || left(encode(sha256(convert_to(login, 'UTF8')), 'hex'), 16) END
$$""").format(office=office, limit=sql.Literal(NAME_BYTES)))
    _run(connection, """
CREATE OR REPLACE FUNCTION auyl_own_user_id() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT id FROM users WHERE auyl_login_role(login) = session_user
$$""")
    # Run at commit (a deferred trigger): writes the audit row of a change made outside the program,
    # who by their office login (or the server's login when no user has it), which fields changed,
    # never their values. A row the program wrote its own entry for in this transaction is in the log
    # already, in people's words. The database's own entries carry no transaction, so two changes of
    # one row outside the program are two entries.
    _run(connection, """
CREATE OR REPLACE FUNCTION auyl_audit_outside() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  changed_id integer := (coalesce(new_row, old_row) ->> 'id')::integer;
  this_transaction bigint := txid_current();
  changed jsonb := '{}';
  field text;
  who text;
BEGIN
  IF EXISTS (SELECT 1 FROM audit_entries WHERE transaction_id = this_transaction AND table_name = TG_TABLE_NAME
             AND row_id = changed_id) THEN
    RETURN NULL;
  END IF;
  -- The program writes the record versions with the changes they keep, and never an entry of its own
  -- for them (they are a log as well): any entry of this transaction is theirs.
  IF TG_TABLE_NAME = 'record_versions' AND EXISTS (
      SELECT 1 FROM audit_entries WHERE transaction_id = this_transaction) THEN
    RETURN NULL;
  END IF;
  SELECT login INTO who FROM users WHERE auyl_login_role(login) = session_user;
  IF TG_OP <> 'DELETE' THEN
    FOR field IN SELECT jsonb_object_keys(new_row) LOOP
      IF field <> 'id' AND (old_row IS NULL OR old_row -> field IS DISTINCT FROM new_row -> field) THEN
        changed := changed || jsonb_build_object(field, NULL);
      END IF;
    END LOOP;
  END IF;
  INSERT INTO audit_entries (at, user_name, action, table_name, row_id, changes, transaction_id)
  VALUES (localtimestamp(0), left(coalesce(who, session_user), 100), lower(TG_OP), TG_TABLE_NAME, changed_id,
          changed::text, NULL);
  RETURN NULL;
END $$""")
    # Every entry written through a user's own login names that user, whatever the statement says: an
    # entry made up in psql to pass for the program's names who made it.
    _run(connection, """
CREATE OR REPLACE FUNCTION auyl_audit_signed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  who text;
BEGIN
  SELECT login INTO who FROM users WHERE auyl_login_role(login) = session_user;
  IF who IS NOT NULL THEN
    NEW.user_name := who;
  END IF;
  RETURN NEW;
END $$""")


def _policy(connection: Connection, table: str, name: str, command: str, using: str | None, check: str | None,
            to: str) -> None:
    _run(connection, sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(name), sql.Identifier(table)))
    statement = sql.SQL("CREATE POLICY {} ON {} FOR {} TO {}").format(
        sql.Identifier(name), sql.Identifier(table), sql.SQL(command), sql.Identifier(to))
    if using:
        statement = sql.Composed([statement, sql.SQL(f" USING ({using})")])
    if check:
        statement = sql.Composed([statement, sql.SQL(f" WITH CHECK ({check})")])
    _run(connection, statement)


def _row_rules(connection: Connection, groups: dict[str, str]) -> None:
    """The administrator sees every row; any other role only its own user, and the versions of records
    other than users (whose rows hold the password hashes) but its own."""
    for table in ("users", "record_versions"):
        _run(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table)))
    for role, group in groups.items():
        if role == "administrator":
            _policy(connection, "users", f"{group}_all", "ALL", "true", "true", group)
            _policy(connection, "record_versions", f"{group}_all", "ALL", "true", "true", group)
            continue
        _policy(connection, "users", f"{group}_own", "ALL", "auyl_login_role(login) = session_user", None, group)
        visible = "table_name <> 'users' OR row_id = auyl_own_user_id()"
        _policy(connection, "record_versions", f"{group}_add", "INSERT", None, "true", group)
        _policy(connection, "record_versions", f"{group}_read", "SELECT", visible, None, group)
        _policy(connection, "record_versions", f"{group}_erase", "DELETE", visible, None, group)


def _audit_triggers(connection: Connection) -> None:
    # Every entry the program writes carries its transaction, filled in by the server.
    _run(connection, "ALTER TABLE audit_entries ALTER COLUMN transaction_id SET DEFAULT txid_current()")
    _run(connection, "DROP TRIGGER IF EXISTS auyl_audit_signed ON audit_entries")
    _run(connection, "CREATE TRIGGER auyl_audit_signed BEFORE INSERT ON audit_entries FOR EACH ROW "
                     "EXECUTE FUNCTION auyl_audit_signed()")
    present = set(_tables(connection))
    for table in _personal_tables():
        if table not in present:
            continue
        trigger = sql.Identifier(f"auyl_audit_outside_{table}")
        _run(connection, sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, sql.Identifier(table)))
        # At commit, after the program's audit listener has written its entries: only the table's
        # owner drops or disables it, and no setting of a session skips it.
        _run(connection, sql.SQL("CREATE CONSTRAINT TRIGGER {} AFTER INSERT OR UPDATE OR DELETE ON {} DEFERRABLE "
                                 "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auyl_audit_outside()").format(
            trigger, sql.Identifier(table)))


def _password(connection: Connection, role: str, password: str) -> sql.Composable:
    # Hashed here (SCRAM, as the server would), so the password itself never reaches the server's log.
    pgconn = connection.connection.driver_connection.pgconn
    return sql.Literal(pgconn.encrypt_password(password.encode("utf-8"), role.encode("utf-8"),
                                               b"scram-sha-256").decode("ascii"))


def add_login(connection: Connection, login: str, role: str, password: str, active: bool = True) -> None:
    """The user's own login, in the group of their role, with their password."""
    _may_manage(connection)
    database = _database(connection)
    name = login_name(database, login)
    command = "ALTER" if _exists(connection, name) else "CREATE"
    _run(connection, sql.SQL(command + " ROLE {} {} PASSWORD {}").format(
        sql.Identifier(name), sql.SQL("LOGIN" if active else "NOLOGIN"), _password(connection, name, password)))
    set_role(connection, login, role, active)


def set_role(connection: Connection, login: str, role: str, active: bool) -> None:
    """Moves the login to the group of ``role``; a switched-off user may no longer log in."""
    _may_manage(connection)
    database = _database(connection)
    name = sql.Identifier(login_name(database, login))
    for other in ROLES:
        if other != role:
            _run(connection, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group_name(database, other)), name))
    _run(connection, sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_name(database, role)), name))
    _run(connection, sql.SQL("ALTER ROLE {} {}").format(name, sql.SQL("LOGIN" if active else "NOLOGIN")))


def rename_login(connection: Connection, old: str, new: str) -> None:
    _may_manage(connection)
    database = _database(connection)
    _run(connection, sql.SQL("ALTER ROLE {} RENAME TO {}").format(
        sql.Identifier(login_name(database, old)), sql.Identifier(login_name(database, new))))


def set_password(connection: Connection, login: str, password: str, own: bool = False) -> None:
    """The login's password: by the owner for anyone, or by a signed-in user for their own login."""
    if not own:
        _may_manage(connection)
    name = login_name(_database(connection), login)
    _run(connection, sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name),
                                                                 _password(connection, name, password)))


def drop_office_roles(connection: Connection) -> None:
    """Every login and group of this office, and what was granted to them (its database is dropped,
    or a test ends); run as the database's owner."""
    database = _database(connection)
    office = prefix(database)
    for policy, table in _run(connection, "SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public' "
                                          "AND starts_with(policyname, %s)", (f"{office}_",)):
        _run(connection, sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(policy), sql.Identifier(table)))
    groups = [group_name(database, role) for role in ROLES if _exists(connection, group_name(database, role))]
    if groups:
        everyone = sql.SQL(", ").join(map(sql.Identifier, groups))
        for statement in ("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}",
                          "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}",
                          "REVOKE ALL ON SCHEMA public FROM {}",
                          "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {}",
                          "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {}"):
            _run(connection, sql.SQL(statement).format(everyone))
    logins = [row[0] for row in _run(connection, "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)",
                                     (f"{office}_u_",))]
    for role in logins + groups:
        _run(connection, sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def has_login(connection: Connection, login: str) -> bool:
    return _exists(connection, login_name(_database(connection), login))


def login_url(url: str, login: str, password: str) -> str:
    """The server office's address as the user's own login, with the password typed at sign-in."""
    parsed = make_url(url)
    return parsed.set(username=login_name(parsed.database or "", login), password=password).render_as_string(
        hide_password=False)


def _connects(url: str) -> bool:
    """Whether the server lets this login in; False for a wrong name or password, and a clear error
    when the server cannot be reached at all."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        engine.connect().close()
        return True
    except OperationalError as error:
        if "authentication failed" in str(error.orig) or "is not permitted to log in" in str(error.orig):
            return False
        raise migrate.unreachable(engine.url, error) from None
    finally:
        engine.dispose()


def connect_as(url: str, login: str, password: str) -> None:
    """Points the services at the server office as the user's own login: a wrong name or password is
    refused as the program's own sign-in refuses it."""
    own = login_url(url, login, password)
    if not _connects(own):
        raise SignInFailed("Wrong name or password.")
    migrate.open_database(own)


def password_works(password: str) -> bool:
    """Whether the signed-in login's password is this one, as the server says."""
    return _connects(db.engine().url.set(password=password).render_as_string(hide_password=False))


def address_without_login() -> str:
    """The address of the server office the program is connected to, without its login."""
    url = db.engine().url
    return URL.create(url.drivername, host=url.host, port=url.port, database=url.database,
                      query=url.query).render_as_string(hide_password=False)


def reconnect(password: str) -> None:
    """The services' connections anew with the login's new password."""
    db.configure(db.engine().url.set(password=password).render_as_string(hide_password=False))
