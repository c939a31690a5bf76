"""Backups of the SQLite database: on demand, daily, before an upgrade, and restore.

Copies use SQLite's online backup, which is consistent even while the window has the database
open. A server database (PostgreSQL) is backed up on its server, not here.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from app import db
from app.errors import DatabaseError, DomainError, ValidationError
from app.paths import backups_dir

log = logging.getLogger(__name__)

KEEP_DAILY = 14
AUTO_PREFIX = "auto-"
Progress = Callable[[int, int], None]


def _current_file() -> Path:
    path = db.sqlite_path(db.url())
    if path is None:
        raise DomainError("Backups of a server database are made on the server, not in Auyl Office.")
    return path


def _read_only(path: Path) -> sqlite3.Connection:
    # as_uri() escapes characters such as '#' and '?' that would cut a plain file: URI short.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)


def _copy(source: Path, target: Path, progress: Progress | None = None, live: bool = False) -> None:
    """SQLite's online backup from one file to another, a few hundred pages at a time.

    ``live``: the target is the database the office works on (restore), so it keeps its journal
    mode, and another program holding it open is reported instead of waited on forever."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _read_only(source)
    try:
        dst = sqlite3.connect(target, timeout=db.BUSY_TIMEOUT_MS / 1000)
        try:
            if live:
                # Take the write lock first, with the busy timeout: backup() itself would retry forever.
                dst.execute("BEGIN IMMEDIATE")
                dst.rollback()

            def report(_status, remaining, total):
                if progress:
                    progress(total - remaining, total)

            src.backup(dst, pages=256, progress=report)
            if not live:
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def _copy_live(source: Path, target: Path, progress: Progress | None = None) -> None:
    try:
        _copy(source, target, progress, live=True)
    except sqlite3.Error:
        raise DatabaseError("The database is in use by another program (another Auyl Office window?). "
                            "Close it and try again; nothing was changed.") from None


def backup(target: str | Path, progress: Progress | None = None) -> Path:
    """Copies the open database to ``target`` (a file; a folder gets a dated file name)."""
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"auyl-{datetime.now():%Y-%m-%d-%H%M%S}.sqlite"
    if target.resolve() == _current_file().resolve():
        raise ValidationError("A backup cannot overwrite the database it copies.")
    try:
        _copy(_current_file(), target, progress)
    except sqlite3.Error as error:
        raise DatabaseError("The backup could not be written to {path}: {reason}",
                            path=str(target), reason=str(error)) from None
    except OSError as error:
        raise DatabaseError("The backup could not be written to {path}: {reason}",
                            path=str(target), reason=error.strerror or str(error)) from None
    return target


def daily_backups() -> list[Path]:
    return sorted(backups_dir().glob(f"{AUTO_PREFIX}*.sqlite"))


def daily_backup(today: date | None = None) -> Path | None:
    """Makes today's automatic backup if there is none yet, and keeps only the last 14."""
    today = today or date.today()
    if db.sqlite_path(db.url()) is None:
        return None
    target = backups_dir() / f"{AUTO_PREFIX}{today.isoformat()}.sqlite"
    made = None
    if not target.exists():
        made = backup(target)
    for old in daily_backups()[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def last_backup() -> Path | None:
    files = [p for p in backups_dir().glob("*.sqlite")] if backups_dir().is_dir() else []
    return max(files, key=lambda p: p.stat().st_mtime, default=None)


def pre_upgrade_copy(revision: str) -> Path | None:
    path = db.sqlite_path(db.url())
    if path is None or not path.exists():
        return None
    target = backups_dir() / f"pre-upgrade-{revision}-{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite"
    _copy(path, target)
    return target


def put_back(copy: Path) -> None:
    """Replaces the current database file with ``copy`` (after a failed upgrade)."""
    path = _current_file()
    db.engine().dispose()
    _copy_live(copy, path)


def check_auyl_file(path: Path) -> str:
    """The schema revision of an Auyl database file, or a clear error saying why it is not one."""
    from app.migrate import revisions

    if not path.is_file():
        raise ValidationError("File not found: {path}", path=str(path))
    try:
        connection = _read_only(path)
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


def restore(source: str | Path, progress: Progress | None = None) -> Path:
    """Replaces the open database with a backup: checks it, keeps a safety copy of the current
    database, copies it in and migrates it if it is older. Returns the safety copy."""
    from app.migrate import upgrade

    source = Path(source).expanduser()
    check_auyl_file(source)
    current = _current_file()
    safety = backups_dir() / f"before-restore-{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite"
    _copy(current, safety)
    db.engine().dispose()
    _copy_live(source, current, progress)
    try:
        upgrade()
    except Exception:
        log.exception("restore failed; putting the previous database back")
        db.engine().dispose()
        _copy_live(safety, current)
        raise
    return safety
