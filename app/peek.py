"""A first look at the office's SQLite file with the standard library alone, so the window can be
painted before SQLAlchemy and the models load (about half a second of the start).

The look answers one question: may the window open at once, its services following the first paint?
Only for a file that exists, is at the shipped schema's head and needs neither the sign-in nor the
first-start questions. Anything else (a new or older database, a server, sign-in, an unreadable file)
takes the full start before the window, which migrates, signs in and explains; the services open the
file again after the paint all the same (app/migrate.py), so the look decides nothing else.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from app.paths import MIGRATIONS_DIR, default_db_path, names_a_server

_HEADER = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def revisions(folder: Path) -> dict[str, str | None]:
    """Every revision of the migrations in ``folder``, mapped to the one it follows (read from the
    files' headers: importing alembic to ask costs about 0.1 s)."""
    chain: dict[str, str | None] = {}
    for path in (folder / "versions").glob("*.py"):
        fields = {name: value.strip() for name, value in _HEADER.findall(path.read_text(encoding="utf-8"))}
        if "revision" in fields:
            down = fields.get("down_revision", "None").strip("'\"")
            chain[fields["revision"].strip("'\"")] = None if down == "None" else down
    return chain


def head(chain: dict[str, str | None]) -> str:
    heads = set(chain) - set(chain.values())
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def office_file(db_path: str | os.PathLike | None = None) -> Path | None:
    """The SQLite file the office opens, chosen as app.db.resolve_url chooses; None for a server."""
    if db_path:
        return None if names_a_server(db_path) else Path(db_path).expanduser().resolve()
    if os.environ.get("AUYL_DATABASE_URL"):
        return None
    file = os.environ.get("AUYL_DB")
    return (Path(file) if file else default_db_path()).expanduser().resolve()


def opens_at_once(db_path: str | os.PathLike | None = None) -> bool:
    """True when the office may show its window before its services load (see the module's note)."""
    path = office_file(db_path)
    if path is None or not path.is_file():
        return False
    try:
        # mode=rw: a file gone meanwhile is not made anew here (the full start makes and migrates it).
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=10)) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            # All of it, as the full start reads it: a damaged page here sends the start the long way.
            stored = dict(connection.execute("SELECT key, value FROM settings").fetchall())
    except (sqlite3.Error, ValueError):
        return False
    if revision is None or revision[0] != head(revisions(MIGRATIONS_DIR)):
        return False
    # Only the values the settings service itself writes; anything else is left to it to read.
    return stored.get("setup_completed") == "true" and stored.get("single_user", "true") == "true"
