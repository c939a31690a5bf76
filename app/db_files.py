"""Copies of a SQLite database file with SQLite's online backup, which is consistent even while the
window has the database open. Used by the upgrade's safety copy (app.migrate) and by backups and
restores (app.services.backup), so neither imports the other for it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app import clock, db
from app.errors import DatabaseError

Progress = Callable[[int, int], None]


def safety_copy_path(folder: Path, prefix: str, suffix: str) -> Path:
    """A new file name in ``folder`` stamped with the program's clock, never one that is there already:
    two safety copies in the same second (a restore, then the restore of its safety copy) must not
    overwrite each other, and the clock keeps whole seconds."""
    stamp = f"{prefix}{clock.now():%Y%m%d-%H%M%S}"
    path, number = folder / f"{stamp}{suffix}", 1
    while path.exists():
        number += 1
        path = folder / f"{stamp}-{number}{suffix}"
    return path


def read_only(path: Path) -> sqlite3.Connection:
    # as_uri() escapes characters such as '#' and '?' that would cut a plain file: URI short.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)


def copy(source: Path, target: Path, progress: Progress | None = None, live: bool = False) -> None:
    """SQLite's online backup from one file to another, a few hundred pages at a time.

    ``live``: the target is the database the office works on (restore), so it keeps its journal
    mode, and another program holding it open is reported instead of waited on forever."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = read_only(source)
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


def copy_live(source: Path, target: Path, progress: Progress | None = None) -> None:
    try:
        copy(source, target, progress, live=True)
    except sqlite3.Error:
        raise DatabaseError("The database is in use by another program (another Auyl Office window?). "
                            "Close it and try again; nothing was changed.") from None
