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
from datetime import date
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from app import clock, db, db_files
from app.db_files import Progress
from app.errors import DatabaseError, DomainError, ValidationError
from app.migrate import VERSION_TABLE, revisions, upgrade
from app.paths import backups_dir
from app.services.access import requires

log = logging.getLogger(__name__)

KEEP_DAILY = 14
AUTO_PREFIX = "auto-"
SQLITE_SUFFIX, DUMP_SUFFIX = ".sqlite", ".dump"
# A restore waits this long for other windows' transactions on a table before it gives up.
RESTORE_LOCK_TIMEOUT = "10s"


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
    return _backup(target, progress)


def _backup(target: str | Path, progress: Progress | None = None) -> Path:
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"auyl-{clock.now():%Y-%m-%d-%H%M%S}{file_suffix()}"
    server = _server()
    if server is not None:
        _dump(server, target)
        return target
    if target.resolve() == _current_file().resolve():
        raise ValidationError("A backup cannot overwrite the database it copies.")
    try:
        db_files.copy(_current_file(), target, progress)
    except sqlite3.Error as error:
        raise DatabaseError("The backup could not be written to {path}: {reason}",
                            path=str(target), reason=str(error)) from None
    except OSError as error:
        raise DatabaseError("The backup could not be written to {path}: {reason}",
                            path=str(target), reason=error.strerror or str(error)) from None
    return target


def daily_backups() -> list[Path]:
    return sorted(p for p in backups_dir().glob(f"{AUTO_PREFIX}*") if p.suffix in (SQLITE_SUFFIX, DUMP_SUFFIX))


def daily_backup(today: date | None = None) -> Path | None:
    """Makes today's automatic backup if there is none yet, and keeps only the last 14. On a
    server database it needs pg_dump; without it the day is skipped (its server keeps the data)."""
    today = today or clock.today()
    if file_suffix() == DUMP_SUFFIX and shutil.which("pg_dump") is None:
        log.info("no automatic backup today: pg_dump (PostgreSQL's client tools) is not installed")
        return None
    target = backups_dir() / f"{AUTO_PREFIX}{today.isoformat()}{file_suffix()}"
    made = None
    if not target.exists():
        made = _backup(target)
    for old in daily_backups()[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def last_backup() -> Path | None:
    files = [p for p in backups_dir().glob("*") if p.suffix in (SQLITE_SUFFIX, DUMP_SUFFIX)] \
        if backups_dir().is_dir() else []
    return max(files, key=lambda p: p.stat().st_mtime, default=None)


def check_auyl_file(path: Path) -> str:
    """The schema revision of an Auyl database file, or a clear error saying why it is not one."""
    if not path.is_file():
        raise ValidationError("File not found: {path}", path=str(path))
    try:
        connection = db_files.read_only(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if {"alembic_version", "settings", "audit_entries"} <= tables:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise ValidationError("{path} is not a database file.", path=str(path)) from None
    if not revision:
        raise ValidationError("{path} is not an Auyl Office database.", path=str(path))
    if revision[0] not in revisions():
        raise ValidationError("{path} was made by a newer version of Auyl Office; install it first.",
                              path=str(path))
    return revision[0]


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
    target.parent.mkdir(parents=True, exist_ok=True)
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
    error saying why it is not one."""
    if not source.is_file():
        raise ValidationError("File not found: {path}", path=str(source))
    listing = _run("pg_restore", "--list", str(source))
    if listing.returncode != 0:
        raise ValidationError("{path} is not a backup of a server database (a pg_dump file).", path=str(source))
    tables = {line.split(" TABLE public ", 1)[1].split()[0] for line in listing.stdout.splitlines()
              if " TABLE public " in line}
    if not {VERSION_TABLE, "settings", "audit_entries"} <= tables:
        raise ValidationError("{path} is not an Auyl Office database.", path=str(source))
    data = _run("pg_restore", "--data-only", f"--table={VERSION_TABLE}", "--file=-", str(source)).stdout.splitlines()
    copy = next((i for i, line in enumerate(data) if line.startswith(f"COPY public.{VERSION_TABLE} ")), None)
    if copy is None or copy + 1 >= len(data) or data[copy + 1] not in revisions():
        raise ValidationError("{path} was made by a newer version of Auyl Office; install it first.",
                              path=str(source))
    return tables


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
