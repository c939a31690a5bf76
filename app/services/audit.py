"""The audit log: every insert, update and delete made through the ORM, recorded in the same
transaction by one flush listener (Law 94-V, docs/domain.md: keep a log of who changed what)."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session

from app import clock
from app.db import unit_of_work
from app.i18n import N_
from app.models import AuditEntry
from app.services import access

AUDIT_TABLE = AuditEntry.__table__

ACTION_LABELS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("deleted")}
# What each table holds, as staff would name it; later areas add theirs.
TABLE_LABELS = {
    "members": N_("People"),
    "households": N_("Households"),
    "villages": N_("Villages"),
    "settings": N_("Settings"),
    "rooms": N_("Rooms"),
    "mci_rates": N_("MCI values"),
    "consents": N_("Consents"),
    "meetings": N_("Meetings"),
    "agenda_items": N_("Agenda items"),
    "speakers": N_("Speakers"),
    "attendance": N_("Attendance"),
    "roll_call_votes": N_("Roll-call votes"),
    "decisions": N_("Decisions"),
    "amendments": N_("Amendments"),
    "assembly_memberships": N_("Assembly members"),
    "holidays": N_("Holidays"),
    "users": N_("Users"),
    "import_batches": N_("Imports of people"),
}


# Who is acting, when a caller names someone for a while (tests, scripts); otherwise the signed-in
# user, or the computer's user in an office without sign-in (app/services/access.py).
current_user: ContextVar[str | None] = ContextVar("current_user", default=None)


def acting_user() -> str:
    return current_user.get() or access.acting_name()


def _plain(value):
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):  # a scan or photo: its size says enough
        return f"{len(value)} bytes"
    return value


def _changes(state, action: str) -> dict:
    changes = {}
    for column_attr in state.mapper.column_attrs:
        column = column_attr.columns[0]
        if column.primary_key:
            continue
        history = state.attrs[column_attr.key].history
        if action == "update" and not history.has_changes():
            continue
        if action == "insert" and not history.added:
            continue
        if column.info.get("personal"):
            changes[column.name] = None  # that it changed, never what it holds
        elif action != "delete":
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[column.name] = [_plain(old), _plain(new)]
    return changes


def version_of(obj, committed: bool = False) -> int | None:
    """The record's version counter (None for tables without one); ``committed``: as last stored,
    even if a service moved it by hand since."""
    state = inspect(obj)
    if state.mapper.version_id_col is None:
        return None
    key = state.mapper.get_property_by_column(state.mapper.version_id_col).key
    stored = state.attrs[key].history.deleted if committed else ()
    return stored[0] if stored else getattr(obj, key)


def _note_versions(session: Session, _flush_context, _instances) -> None:
    # The version counter moves inside the flush, outside the attribute history (also when a service
    # moves it by hand, for a change kept in other tables): noted before, compared after.
    session.info["audit_versions"] = {id(obj): version_of(obj, committed=True) for obj in session.dirty}


def _record_flush(session: Session, _flush_context) -> None:
    now = clock.now()
    user = acting_user()
    versions_before = session.info.pop("audit_versions", {})
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                continue
            state = inspect(obj)
            changes = _changes(state, action)
            if action == "update":
                before, after = versions_before.get(id(obj)), version_of(obj)
                if before is not None and after is not None and after != before:
                    # The step tells a refused save what changed since (app/services/versions.py).
                    changes["version"] = [before, after]
                if not changes:
                    continue
            key = state.mapper.primary_key_from_instance(obj)
            rows.append({
                "at": now,
                "user_name": user,
                "action": action,
                "table_name": state.mapper.local_table.name,
                "row_id": key[0] if key else None,
                "changes": json.dumps(changes, ensure_ascii=False),
            })
    if rows:
        session.connection().execute(insert(AUDIT_TABLE), rows)


def install() -> None:
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "before_flush", _note_versions)
        event.listen(Session, "after_flush", _record_flush)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str
    row_id: int | None
    fields: tuple[str, ...]
    changes: dict


def entries(since: date | None = None, table: str | None = None, limit: int | None = None,
            before_id: int | None = None) -> list[AuditRow]:
    """The log, newest first; ``before_id`` pages on from the oldest row of the previous page."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, datetime.min.time()))
    if table:
        query = query.where(AuditEntry.table_name == table)
    if limit:
        query = query.limit(limit)
    with unit_of_work() as session:
        result = []
        for entry in session.scalars(query):
            changes = json.loads(entry.changes or "{}")
            changes.pop("version", None)  # bookkeeping, not something a person changed
            result.append(AuditRow(entry.id, entry.at, entry.user_name, entry.action,
                                   entry.table_name, entry.row_id, tuple(changes), changes))
        return result


def changed_since(after_id: int | None) -> tuple[int, dict[int, str]]:
    """The newest entry's id, and the table each entry after ``after_id`` changed (None: only the id,
    to start from). Cheap enough to ask every few seconds: both queries walk the primary key."""
    with unit_of_work() as session:
        newest = session.scalar(select(func.max(AuditEntry.id))) or 0
        if after_id is None or newest <= after_id:
            return newest, {}
        query = select(AuditEntry.id, AuditEntry.table_name).where(AuditEntry.id > after_id)
        return newest, dict(session.execute(query).all())


@dataclass(frozen=True)
class RowChange:
    user_name: str
    at: datetime
    version: int | None


def last_change(table: str, row_id: int, after_id: int) -> RowChange | None:
    """The newest update of one row after entry ``after_id``, and the version it left the row at."""
    query = (select(AuditEntry).where(AuditEntry.id > after_id, AuditEntry.table_name == table,
                                      AuditEntry.row_id == row_id, AuditEntry.action == "update")
             .order_by(AuditEntry.id.desc()).limit(1))
    with unit_of_work() as session:
        entry = session.scalar(query)
        if entry is None:
            return None
        step = json.loads(entry.changes or "{}").get("version")
        return RowChange(entry.user_name, entry.at, step[1] if step else None)
