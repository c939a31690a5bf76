"""Edits that never overwrite each other.

A form keeps the version of the record it read; the service saving it calls ``check``. If someone
else saved the record since, the save is refused with a Conflict that says who, when and what they
changed (read from the audit log, which records every version step), and the form offers to reload.
Two saves at the very same moment are caught by the version counter itself (StaleDataError in
app/db.py)."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import inspect, select

from app.errors import Conflict
from app.models import AuditEntry


def _shown(value) -> str | None:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, bytes):
        return None
    return str(value)


def check(session, record, expected: int | None) -> None:
    """Refuses to save over a record someone changed after ``expected`` (None: nothing to compare)."""
    if expected is None or record.version == expected:
        return
    raise conflict(session, record, expected)


def conflict(session, record, expected: int) -> Conflict:
    state = inspect(record)
    table = state.mapper.local_table
    row_id = state.mapper.primary_key_from_instance(record)[0]
    names: list[str] = []
    by, at = "", None
    query = (select(AuditEntry).where(AuditEntry.table_name == table.name, AuditEntry.row_id == row_id,
                                      AuditEntry.action == "update").order_by(AuditEntry.id))
    for entry in session.scalars(query):
        changes = json.loads(entry.changes or "{}")
        step = changes.get("version")
        if not step or step[1] is None or step[1] <= expected:
            continue
        by, at = entry.user_name, entry.at
        names.extend(name for name in changes if name != "version" and name not in names)
    fields = []
    for name in names:
        column = table.c.get(name)
        if column is None:
            continue
        attribute = state.mapper.get_property_by_column(column).key
        value = None if column.info.get("personal") else _shown(getattr(record, attribute))
        fields.append((name, value))
    return Conflict("{changed_by} changed this record at {time} while you were editing it, so your changes "
                    "were not saved. Reload it to see theirs, then make yours again.",
                    changed_by=by or "?", changed_at=at, fields=tuple(fields),
                    time=at.strftime("%H:%M") if at else "?")
