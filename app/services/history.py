"""Every record's versions: the whole row before and after each insert, update and delete made through
the ORM, written by one flush listener in the same transaction as the change, so an import can be
undone, a person's earlier values shown and restored, and a deleted record brought back
(docs/domain.md: Personal data; docs/architecture.md: Record versions).

The values are personal data: only roles that may read the register read them, and erasing a person
removes every version about them. The audit log (app/services/audit.py) stays the record everyone
may read: which fields changed, never a personal value."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import LargeBinary, event, insert, inspect
from sqlalchemy.orm import Session

from app import clock
from app.models import AuditEntry, RecordVersion
from app.services.audit import acting_user, version_of

VERSIONS_TABLE = RecordVersion.__table__
# The import a flush writes for (session.info key): its versions carry the batch's number.
IMPORT_BATCH = "import_batch_id"
_UNRECORDED = (AuditEntry, RecordVersion)


def encode(value):
    """A column's value as JSON holds it."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def decode(column, value):
    """A value ``encode`` wrote, back as ``column`` holds it."""
    if value is None:
        return None
    if isinstance(value, dict) and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _images(state, action: str) -> tuple[dict | None, dict | None]:
    """The row before and after the flush, column name -> encoded value; a column whose value the
    session never loaded (a deferred scan) is left out, and a restore keeps what is there."""
    before: dict = {}
    after: dict = {}
    for column_attr in state.mapper.column_attrs:
        column = column_attr.columns[0]
        history = state.attrs[column_attr.key].history
        if history.added:
            after[column.name] = encode(history.added[0])
            if history.deleted:
                before[column.name] = encode(history.deleted[0])
        elif history.unchanged:
            after[column.name] = before[column.name] = encode(history.unchanged[0])
        elif history.deleted:
            before[column.name] = encode(history.deleted[0])
        elif column_attr.key in state.dict:
            after[column.name] = encode(state.dict[column_attr.key])
    if action == "insert":
        return None, after
    if action == "delete":
        return before, None
    return before, after


def _person(table: str, row_id, before: dict | None, after: dict | None):
    if table == "members":
        return row_id
    for image in (after, before):
        if image and image.get("member_id") is not None:
            return image["member_id"]
    return None


def _before_flush(session: Session, _flush_context, _instances) -> None:
    # The version counter moves inside the flush, outside the attribute history: noted before.
    session.info["history_versions"] = {id(obj): version_of(obj, committed=True) for obj in session.dirty}
    # A deleted attachment's or scan's bytes are deferred: read them now, so its version keeps them.
    for obj in session.deleted:
        state = inspect(obj)
        for column_attr in state.mapper.column_attrs:
            if isinstance(column_attr.columns[0].type, LargeBinary) and column_attr.key not in state.dict:
                getattr(obj, column_attr.key)


def _record_flush(session: Session, _flush_context) -> None:
    now = clock.now()
    user = acting_user()
    batch = session.info.get(IMPORT_BATCH)
    versions_before = session.info.pop("history_versions", {})
    change_set = uuid.uuid4().hex
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, _UNRECORDED):
                continue
            state = inspect(obj)
            before, after = _images(state, action)
            if action == "update" and versions_before.get(id(obj)) is not None:
                before["version"] = versions_before[id(obj)]
            if action == "update" and before == after:
                continue
            key = state.mapper.primary_key_from_instance(obj)
            table = state.mapper.local_table.name
            row_id = key[0] if key and len(key) == 1 else None
            rows.append({
                "at": now, "user_name": user, "action": action, "table_name": table, "row_id": row_id,
                "member_id": _person(table, row_id, before, after), "change_set": change_set,
                "import_batch_id": batch,
                "before": None if before is None else json.dumps(before, ensure_ascii=False),
                "after": None if after is None else json.dumps(after, ensure_ascii=False),
            })
    if rows:
        session.connection().execute(insert(VERSIONS_TABLE), rows)


def install() -> None:
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _record_flush)


def model_of(table_name: str):
    """The ORM class of a table the versions name."""
    from app.models import Base, load_all

    load_all()
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise LookupError(table_name)


def put_back(session: Session, table_name: str, row_id: int, image: dict):
    """Sets the row to the values of one version's ``image`` (as ``_images`` wrote it), adding it again
    under its number when it was deleted; its version counter moves on as for any change, so a form
    open on the row meanwhile is refused. Columns the image does not hold keep what is there. The
    change is itself recorded (audit log and versions). Returns the record."""
    model = model_of(table_name)
    record = session.get(model, row_id)
    if record is None:
        record = model()
        session.add(record)
    mapper = inspect(model)
    for column_attr in mapper.column_attrs:
        column = column_attr.columns[0]
        if column.name not in image or column is mapper.version_id_col:
            continue
        setattr(record, column_attr.key, decode(column, image[column.name]))
    return record
