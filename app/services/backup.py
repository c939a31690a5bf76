"""Backups of the database: on demand, daily, before an upgrade, and restore.

A SQLite file is copied with SQLite's online backup, which is consistent even while the window has
the database open. A PostgreSQL database is dumped with PostgreSQL's own pg_dump (custom format,
``.dump``) and restored with pg_restore, when this computer has PostgreSQL's client tools; the
password reaches them through PGPASSWORD, never their command line.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from app import clock, db, db_files
from app.db_files import Progress
from app.errors import DatabaseError, DomainError, ValidationError
from app.migrate import VERSION_TABLE, revisions, upgrade
from app.paths import MIGRATIONS_DIR, backups_dir, private_dir, private_file
from app.services.access import requires

log = logging.getLogger(__name__)

KEEP_DAILY = 14
AUTO_PREFIX = "auto-"
SQLITE_SUFFIX, DUMP_SUFFIX = ".sqlite", ".dump"
# A backup is written under this suffix and renamed once checked; one older than an hour was cut short.
PARTIAL_SUFFIX = ".partial"
PARTIAL_MAX_AGE_S = 3600
# A restore waits this long for other windows' transactions on a table before it gives up.
RESTORE_LOCK_TIMEOUT = "10s"


def _by_hand_note() -> Path:
    """Where the last backup made by hand is noted, beside the daily ones."""
    return backups_dir() / "last-by-hand.txt"


def _current_file() -> Path:
    path = db.sqlite_path(db.url())
    if path is None:
        raise DomainError("Backups of a server database are made on the server, not in Auyl Office.")
    return path


def _server() -> URL | None:
    """The URL of the open database when it is a PostgreSQL server's; None for a SQLite file."""
    if db.sqlite_path(db.url()) is not None:
        return None
    url = make_url(db.url())
    if url.get_backend_name() != "postgresql":
        raise DomainError("Backups of a server database are made on the server, not in Auyl Office.")
    return url


def file_suffix() -> str:
    """What a backup of the open database is: a SQLite file, or a pg_dump archive."""
    return SQLITE_SUFFIX if db.sqlite_path(db.url()) is not None else DUMP_SUFFIX


@requires("settings")
def backup(target: str | Path, progress: Progress | None = None) -> Path:
    """Copies the open database to ``target`` (a file; a folder gets a dated file name). A copy of
    everyone's personal data, so the administrator's to make; the daily one is made for everybody."""
    made = _backup(target, progress)
    _note_by_hand(made)
    return made


def _backup(target: str | Path, progress: Progress | None = None) -> Path:
    """Writes the copy under a temporary name, checks it, and only then gives it the backup's name:
    a copy that failed, was cut short or does not pass the check leaves nothing that looks like a backup."""
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"auyl-{clock.now():%Y-%m-%d-%H%M%S}{file_suffix()}"
    server = _server()
    if server is None and target.resolve() == _current_file().resolve():
        raise ValidationError("A backup cannot overwrite the database it copies.")
    try:
        partial = _partial_name(target)
    except OSError as error:
        raise _unwritable(target, error) from None
    try:
        if server is not None:
            _dump(server, partial)
            _check_dump(partial)
        else:
            _copy(partial, target, progress)
        os.replace(partial, target)
    except OSError as error:
        raise _unwritable(target, error) from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def _unwritable(target: Path, error: OSError) -> DatabaseError:
    return DatabaseError("The backup could not be written to {path}: {reason}",
                         path=str(target), reason=error.strerror or str(error))


def _folder_of(target: Path) -> None:
    if target.parent == backups_dir():
        private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)


def _partial_name(target: Path) -> Path:
    """A new file beside the target, readable by its owner only, whose name no backup has."""
    _folder_of(target)
    handle, name = tempfile.mkstemp(prefix=f"{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    os.close(handle)
    return Path(name)


def _copy(partial: Path, target: Path, progress: Progress | None) -> None:
    try:
        db_files.copy(_current_file(), partial, progress)
        finding = db_files.check(partial)
    except sqlite3.Error as error:
        raise DatabaseError("The backup could not be written to {path}: {reason}",
                            path=str(target), reason=str(error)) from None
    if finding is not None:
        log.error("a backup failed its integrity check: %s", finding)
        raise DatabaseError("The copy of the database failed SQLite's check ({reason}), so no backup was written. "
                            "The database itself may be damaged: restore the newest good backup.", reason=finding)


def _check_dump(partial: Path) -> None:
    listing = _run("pg_restore", "--list", str(partial))
    if listing.returncode != 0:
        log.error("a backup failed pg_restore --list: %s", _first_line(listing))
        raise DatabaseError("pg_dump's backup could not be read back ({reason}), so no backup was written.",
                            reason=_first_line(listing))


def _looks_whole(path: Path) -> bool:
    """A cheap look at a backup in the backups folder: a SQLite copy as long as its header says, a
    pg_dump archive with its signature. A copy cut short by an earlier version fails it."""
    if path.suffix == SQLITE_SUFFIX:
        return db_files.looks_whole(path)
    try:
        with path.open("rb") as file:
            return file.read(5) == b"PGDMP"
    except OSError:  # removed meanwhile by another window's daily backup
        return False


def _backups(pattern: str) -> list[Path]:
    if not backups_dir().is_dir():
        return []
    return [p for p in backups_dir().glob(pattern) if p.suffix in (SQLITE_SUFFIX, DUMP_SUFFIX) and _looks_whole(p)]


def daily_backups() -> list[Path]:
    return sorted(_backups(f"{AUTO_PREFIX}*"))


def daily_backup(today: date | None = None) -> Path | None:
    """Makes today's automatic backup if there is none yet, and keeps only the last 14. On a
    server database it needs pg_dump; without it the day is skipped (its server keeps the data)."""
    today = today or clock.today()
    if file_suffix() == DUMP_SUFFIX and shutil.which("pg_dump") is None:
        log.info("no automatic backup today: pg_dump (PostgreSQL's client tools) is not installed")
        return None
    if file_suffix() == DUMP_SUFFIX and _users_own_login():
        log.info("no automatic backup here: a user's own server login may not read the whole database "
                 "(docs/architecture.md, PostgreSQL roles); the administrator's computer backs it up")
        return None
    _remove_broken()
    target = backups_dir() / f"{AUTO_PREFIX}{today.isoformat()}{file_suffix()}"
    made = None
    if not target.exists():
        made = _backup(target)
    for old in daily_backups()[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def _users_own_login() -> bool:
    from app.services import pg_roles  # psycopg: a server database's only

    return pg_roles.is_users_login(db.url())


def _remove_broken() -> None:
    """Daily copies cut short (by an earlier version, which wrote under the backup's own name), and
    temporary files a kill left behind: not backups, and each holds personal data."""
    if not backups_dir().is_dir():
        return
    for path in backups_dir().glob(f"{AUTO_PREFIX}*"):
        if path.suffix in (SQLITE_SUFFIX, DUMP_SUFFIX) and not _looks_whole(path):
            log.warning("removing a daily backup that was cut short: %s", path.name)
            path.unlink(missing_ok=True)
    # One being written by another window right now is younger than this.
    cutoff = time.time() - PARTIAL_MAX_AGE_S
    for path in backups_dir().glob(f"*{PARTIAL_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass  # renamed or removed meanwhile by the window that wrote it


def _note_by_hand(made: Path) -> None:
    """Keeps where the last backup made by hand went: it may be written anywhere (a flash drive), and
    the start page's «last backup» counts it too."""
    note = _by_hand_note()
    try:
        private_dir(note.parent)
        private_file(note).write_text(str(made.resolve()), encoding="utf-8")
    except OSError as error:
        log.warning("where the backup went could not be noted: %s", error)


def _by_hand() -> list[Path]:
    note = _by_hand_note()
    try:
        made = Path(note.read_text(encoding="utf-8").strip())
        return [made] if made.is_file() else []  # a flash drive taken away, or the copy removed
    except OSError:
        return []


def last_backup() -> Path | None:
    """The newest backup: in the backups folder (the daily ones), or the last one made by hand."""
    found = _backups("*") + _by_hand()
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def check_auyl_file(path: Path) -> str:
    """The schema revision of a sound Auyl database file, or a clear error saying why it is not one:
    SQLite's integrity check, then the office's marker
    (docs/architecture.md, Backups and moving the database)."""
    if not path.is_file():
        raise ValidationError("File not found: {path}", path=str(path))
    try:
        finding = db_files.check(path)
        if finding is not None:
            log.warning("a file to restore failed its integrity check: %s", finding)
            raise ValidationError("{path} is damaged ({reason}), so it cannot be restored.",
                                  path=str(path), reason=finding)
        connection = db_files.read_only(path)
        try:
            marker = connection.execute("PRAGMA application_id").fetchone()[0]
            schema = _schema(connection)
            revision = None
            if VERSION_TABLE in schema:
                revision = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise ValidationError("{path} is not a database file.", path=str(path)) from None
    if not revision or marker not in (0, db.APPLICATION_ID):
        raise ValidationError("{path} is not an Auyl Office database.", path=str(path))
    if revision[0] not in revisions():
        raise ValidationError("{path} was made by a newer version of Auyl Office; install it first.",
                              path=str(path))
    if marker == 0 and schema != released_schema(revision[0]):
        raise ValidationError("{path} is not an Auyl Office database.", path=str(path))
    return revision[0]


def _schema(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each table of a SQLite database with its columns, SQLite's own tables left out."""
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: tuple(row[1] for row in connection.execute(f'PRAGMA table_info("{table}")'))
            for table in tables}


@cache
def released_schema(revision: str) -> dict[str, tuple[str, ...]]:
    """The tables and columns the migrations build up to ``revision``, in a database in memory. A file
    without the marker (made before it) must have exactly these to be taken for an office's."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            return _schema(connection.connection.driver_connection)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Damage:
    """What the start's check found wrong with the open database, and the newest backup that passes
    the restore's own check (None: there is none)."""

    finding: str
    backup: Path | None


@dataclass(frozen=True)
class StartCheck:
    damage: Damage | None
    backup: Path | None  # today's automatic backup, when this start made it


def start_check(today: date | None = None) -> StartCheck:
    """Once the window shows: SQLite's quick check of the open database, then the daily backup, which
    a damaged database would not pass (and must not push a good one out of the fourteen)."""
    damage = check_office()
    return StartCheck(damage, None if damage else daily_backup(today))


def check_office() -> Damage | None:
    """SQLite's quick check of the open database file; None when it is sound, or on a server database,
    whose server keeps its own pages."""
    path = db.sqlite_path(db.url())
    if path is None:
        return None
    try:
        finding = db_files.check(path, quick=True)
    except sqlite3.Error as error:  # not damage (that is a finding) but a check that could not run
        log.warning("the database's quick check could not run: %s", error)
        return None
    if finding is None:
        return None
    log.error("the database failed its quick check: %s", finding)
    return Damage(finding, newest_good_backup())


def newest_good_backup() -> Path | None:
    """The newest SQLite backup in the backups folder that a restore would take."""
    for path in sorted(_backups(f"*{SQLITE_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            check_auyl_file(path)
        except ValidationError:
            continue
        return path
    return None


@requires("settings")
def restore(source: str | Path, progress: Progress | None = None) -> Path:
    """Replaces the open database with a backup: checks it, keeps a safety copy of the current
    database, copies it in and migrates it if it is older. Returns the safety copy."""
    source = Path(source).expanduser()
    server = _server()
    if server is not None:
        return _restore_server(server, source)
    check_auyl_file(source)
    current = _current_file()
    safety = db_files.safety_copy_path(backups_dir(), "before-restore-", ".sqlite")
    db_files.copy(current, safety)
    db.engine().dispose()
    db_files.copy_live(source, current, progress)
    try:
        upgrade()
    except Exception:
        log.exception("restore failed; putting the previous database back")
        db.engine().dispose()
        db_files.copy_live(safety, current)
        raise
    return safety


# PostgreSQL: pg_dump and pg_restore ------------------------------------------------------------

def _tool(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise DomainError(
            "{tool} is not installed on this computer, so the server database cannot be backed up or "
            "restored from here. Install PostgreSQL's client tools of the server's version (the "
            "“postgresql-client” package on Debian or Ubuntu, the PostgreSQL installer on Windows), or ask "
            "the server's administrator to back the database up.", tool=name)
    return program


def _conninfo(url: URL) -> str:
    """libpq's connection string for the URL, without the password (that goes in PGPASSWORD)."""
    fields = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database,
              **{key: value for key, value in url.query.items() if isinstance(value, str)}}
    quoted = {key: str(value).replace("\\", "\\\\").replace("'", "\\'") for key, value in fields.items() if value}
    return " ".join(f"{key}='{value}'" for key, value in quoted.items())


def _run(tool: str, *args: str, server: URL | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs a PostgreSQL client tool (on ``server``'s database, if given); its output as text."""
    command = [_tool(tool), *args]
    environment = dict(os.environ, **(env or {}))
    if server is not None:
        command += ["--no-password", f"--dbname={_conninfo(server)}"]
        if server.password:
            environment["PGPASSWORD"] = server.password
    log.info("running %s %s", tool, args[0] if args else "")
    return subprocess.run(command, env=environment, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))


def _first_line(done: subprocess.CompletedProcess) -> str:
    return next((line.strip() for line in done.stderr.splitlines() if line.strip()), f"exit code {done.returncode}")


def _dump(server: URL, target: Path) -> None:
    _folder_of(target)
    private_file(target)  # pg_dump keeps the mode of the file it writes over
    done = _run("pg_dump", "--format=custom", f"--file={target}", server=server)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        log.error("pg_dump failed: %s", _first_line(done))
        if "version mismatch" in done.stderr:
            raise DatabaseError("pg_dump could not back up the database: {reason}. Install PostgreSQL's client "
                                "tools of the server's version.", reason=_first_line(done))
        raise DatabaseError("pg_dump could not back up the database: {reason}", reason=_first_line(done))


def _archive_tables(source: Path) -> set[str]:
    """The tables in a pg_dump archive of an Auyl database that this program can open; or a clear
    error saying why it is not one. The whole archive is read through first: a damaged one stops here."""
    if not source.is_file():
        raise ValidationError("File not found: {path}", path=str(source))
    listing = _run("pg_restore", "--list", str(source))
    if listing.returncode != 0:
        raise ValidationError("{path} is not a backup of a server database (a pg_dump file).", path=str(source))
    read = _run("pg_restore", f"--file={os.devnull}", str(source))
    if read.returncode != 0:
        log.warning("a file to restore could not be read through: %s", _first_line(read))
        raise ValidationError("{path} is damaged ({reason}), so it cannot be restored.",
                              path=str(source), reason=_first_line(read))
    tables = {line.split(" TABLE public ", 1)[1].split()[0] for line in listing.stdout.splitlines()
              if " TABLE public " in line}
    if not {VERSION_TABLE, "settings"} <= tables:
        raise ValidationError("{path} is not an Auyl Office database.", path=str(source))
    versions = _archive_rows(source, VERSION_TABLE)
    if len(versions) != 1 or versions[0]["version_num"] not in revisions():
        raise ValidationError("{path} was made by a newer version of Auyl Office; install it first.",
                              path=str(source))
    schema = _run("pg_restore", "--section=pre-data", "--file=-", str(source)).stdout
    marked = f"COMMENT ON TABLE public.{VERSION_TABLE} IS '{db.MARKER}';" in schema
    if not marked and tables != set(released_schema(versions[0]["version_num"])):
        raise ValidationError("{path} is not an Auyl Office database.", path=str(source))
    return tables


def _archive_rows(source: Path, table: str) -> list[dict[str, str]]:
    """The rows of one table in a pg_dump archive, as COPY writes them (text, tab-separated)."""
    lines = _run("pg_restore", "--data-only", f"--table={table}", "--file=-", str(source)).stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"COPY public.{table} ")), None)
    if start is None:
        return []
    columns = [name.strip().strip('"') for name in lines[start].split("(", 1)[1].split(")", 1)[0].split(",")]
    rows = []
    for line in lines[start + 1:]:
        if line == "\\.":
            break
        rows.append(dict(zip(columns, line.split("\t"))))
    return rows


def _load(server: URL, source: Path, tables: set[str]) -> None:
    """Replaces the server database's tables with the archive's, in one transaction of pg_restore;
    tables the archive lacks (a newer schema's) are dropped first, so the upgrade can make them again."""
    engine = db.engine()
    engine.dispose()
    with engine.begin() as connection:
        connection.execute(text(f"SET LOCAL lock_timeout = '{RESTORE_LOCK_TIMEOUT}'"))
        quote = connection.dialect.identifier_preparer.quote
        for table in set(inspect(connection).get_table_names()) - tables:
            connection.execute(text(f"DROP TABLE IF EXISTS {quote(table)} CASCADE"))
    engine.dispose()
    done = _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source),
                server=server, env={"PGOPTIONS": f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}"})
    if done.returncode != 0:
        log.error("pg_restore failed: %s", _first_line(done))
        raise DatabaseError("pg_restore could not restore the database from {path}, so the data was left as "
                            "it was: {reason}", path=str(source), reason=_first_line(done))


def _restore_server(server: URL, source: Path) -> Path:
    tables = _archive_tables(source)
    safety = db_files.safety_copy_path(backups_dir(), "before-restore-", DUMP_SUFFIX)
    _dump(server, safety)
    try:
        _load(server, source, tables)
        upgrade()
    except Exception:
        log.exception("restore failed; putting the previous database back")
        _load(server, safety, _archive_tables(safety))
        raise
    return safety
