"""Copies of a SQLite database file with SQLite's online backup, which is consistent even while the
window has the database open, and SQLite's own checks of a file. Used by the upgrade's safety copy
(app.migrate) and by backups and restores (app.services.backup), so neither imports the other for it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app import clock, db
from app.errors import DatabaseError
from app.paths import backups_dir, private_dir, private_file

HEADER = b"SQLite format 3\x00"
SQLITE_CORRUPT = 11

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
    if target.parent == backups_dir():
        private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    if not live:
        private_file(target)
    src = read_only(source)
    try:
        dst = sqlite3.connect(target, timeout=db.BUSY_TIMEOUT_MS / 1000)
        try:
            if live:
                # Take the write lock first, with the busy timeout: backup() itself would retry forever.
                dst.execute("BEGIN IMMEDIATE")
                dst.rollback()
                if _page_size(src) != _page_size(dst):
                    # SQLite's backup cannot change the page size of a database in write-ahead-log mode
                    # (a backup made with 8 KiB pages, say): the copy goes in without it, and the
                    # program's next connection turns it on again (app/db.py).
                    dst.execute("PRAGMA journal_mode=DELETE")

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


def _page_size(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA page_size").fetchone()[0]


def check(path: Path, quick: bool = False) -> str | None:
    """SQLite's check of a whole file (``quick``: without comparing indexes with their tables, which
    costs most of the time); None when it is sound, else its first finding. A file that is not a
    database at all, or cannot be opened, raises sqlite3.DatabaseError."""
    connection = read_only(path)
    try:
        rows = connection.execute("PRAGMA quick_check(1)" if quick else "PRAGMA integrity_check(1)").fetchall()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != SQLITE_CORRUPT:
            raise
        return str(error)  # too damaged for the check to read its way through
    finally:
        connection.close()
    if rows == [("ok",)]:
        return None
    # One finding, without the "*** in database main ***" line SQLite puts before it.
    return "; ".join(line for line in str(rows[0][0]).splitlines() if line and not line.startswith("***"))


def looks_whole(path: Path) -> bool:
    """Whether a closed SQLite file is as long as its header says: a copy cut short (a backup made by
    an earlier version and killed) is not. Reads 100 bytes, so it may run on every backup at start."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(HEADER):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid when the change counter matches the one it was written with.
    if header[24:28] != header[92:96] or pages == 0:
        return size > 0 and size % page_size == 0
    return size == pages * page_size
