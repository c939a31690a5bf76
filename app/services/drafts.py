"""Unsaved typing kept while a form is open, so that a crash or a power cut loses seconds of it, not all.

Drafts live in one file in the user's data folder, beside the database (app.paths.data_dir), not in the
``settings`` table: that table is shared by every computer of an office working on a server, while a
crash is one computer's; and a form writing the shared database every few seconds would compete with
real saves for SQLite's one writer. The file holds personal data, so it is replaced whole (a half-written
file is never read), readable only by its user, and its contents never go to the logs."""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import clock, paths
from app.services import access

log = logging.getLogger(__name__)

FILE_NAME = "drafts.json"


@dataclass(frozen=True)
class Draft:
    """One form's typing: ``kind`` names the form, ``key`` its record (None for a new one)."""

    id: str
    kind: str
    key: int | None
    values: dict
    title: str
    saved_at: datetime


def _path() -> Path:
    return paths.data_dir() / FILE_NAME


def _read() -> dict[str, dict]:
    try:
        stored = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("The drafts file could not be read; it is ignored")  # never its contents
        return {}
    return stored if isinstance(stored, dict) else {}


def _write(stored: dict[str, dict]) -> None:
    target = _path()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not stored:
        target.unlink(missing_ok=True)
        return
    temporary = target.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    # Created readable by its user alone (POSIX), before any personal data is written into it.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(stored, file, ensure_ascii=False)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, target)


def save(kind: str, key: int | None, values: dict, title: str = "", draft_id: str | None = None) -> str:
    """Keeps ``values`` (plain JSON data) as the draft ``draft_id``, or a new draft; returns its id."""
    draft_id = draft_id or uuid.uuid4().hex
    stored = _read()
    stored[draft_id] = {"kind": kind, "key": key, "values": values, "title": title,
                        "user": access.acting_name(), "saved_at": clock.now().isoformat(timespec="seconds")}
    _write(stored)
    return draft_id


def drafts() -> list[Draft]:
    """The acting user's drafts, oldest first (a computer shared by several signed-in users keeps each
    one's typing to themselves)."""
    found = []
    for draft_id, entry in _read().items():
        try:
            if entry["user"] != access.acting_name():
                continue
            found.append(Draft(draft_id, entry["kind"], entry["key"], dict(entry["values"]), entry["title"],
                               datetime.fromisoformat(entry["saved_at"])))
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry is skipped rather than stop the start
    return sorted(found, key=lambda draft: draft.saved_at)


def discard(draft_id: str) -> None:
    stored = _read()
    if stored.pop(draft_id, None) is not None:
        _write(stored)
