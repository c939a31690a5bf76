"""Every record's versions: the whole row before and after each insert, update and delete made through
the ORM, written by one flush listener in the same transaction as the change, so an import can be
undone, a person's earlier values shown and restored, and a deleted record brought back
(docs/architecture.md: Record versions). The law behind it: docs/domain.md, Personal data.

The values are personal data: only roles that may read the register read them, and erasing a person
removes every version about them. The audit log (app/services/audit.py) stays the record everyone
may read: which fields changed, never a personal value."""

from __future__ import annotations

import base64
import functools
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import LargeBinary, UniqueConstraint, event, insert, inspect, select
from sqlalchemy.orm import Session

from app import clock
from app.areas import Area
from app.db import unit_of_work
from app.errors import Label, NotFound, PermissionDenied, ValidationError
from app.i18n import N_, format_date, format_datetime, local_name, tr
from app.models import AuditEntry, Member, RecordVersion, Village
from app.services import access, audit, bulk, members, versions
from app.services.audit import acting_user, version_of

VERSIONS_TABLE = RecordVersion.__table__
# The import a flush writes for (session.info key): its versions carry the batch's number.
IMPORT_BATCH = "import_batch_id"
# A restore of a deleted record writes its versions under the deletion's change set (session.info
# key), so the deletion is known to be undone and leaves the list of deleted records.
CHANGE_SET = "history_change_set"
_UNRECORDED = (AuditEntry, RecordVersion)
# Nobody edits these in a form: the office's key (never copied into a version) and the centres'
# packages, replaced whole by the next file (docs/domain.md, Packages for the district).
_UNRECORDED_TABLES = frozenset({"centre_identity", "district_centres", "district_packages"})


def encode(value):
    """A column's value as JSON holds it."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def _encoded(value):
    encoded = encode(value)
    if encoded is value:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return encoded


# json.dumps(..., ensure_ascii=False) of an image whose values ``encode`` has not seen yet: the
# encoder calls it only for what JSON cannot hold (a date, a Decimal, bytes), and is made once.
_JSON = json.JSONEncoder(ensure_ascii=False, default=_encoded).encode


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
    if action == "insert":
        # A new row's image is every value it holds, as its history would give them: read straight
        # from the object, since each attribute's history took most of a large import's flush.
        values = state.dict
        return None, {attr.columns[0].name: encode(values[attr.key]) for attr in state.mapper.column_attrs
                      if attr.key in values}
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


@functools.cache
def _cascaded_by_database(mapper) -> list:
    """The ORM classes and link columns of rows the database deletes with one of ``mapper``'s
    (ON DELETE CASCADE) that no relationship of it deletes through the session."""
    from app.models import Base

    covered = {rel.mapper.local_table for rel in mapper.relationships if rel.cascade.delete}
    found = []
    for other in Base.registry.mappers:
        if other.local_table in covered:
            continue
        for key in other.local_table.foreign_keys:
            if key.ondelete == "CASCADE" and key.column.table is mapper.local_table:
                found.append((other.class_, key.parent))
    return found


def _delete_cascades(session: Session) -> None:
    """Rows the database would delete by itself (a meeting's room booking) are deleted through the
    session instead, so their versions are kept and a restore brings them back."""
    done: set[int] = set()
    with session.no_autoflush:
        while pending := [obj for obj in session.deleted if id(obj) not in done]:
            for obj in pending:
                done.add(id(obj))
                state = inspect(obj)
                key = state.mapper.primary_key_from_instance(obj)
                for model, column in _cascaded_by_database(state.mapper):
                    for row in session.scalars(select(model).where(column == key[0])):
                        session.delete(row)


def _before_flush(session: Session, _flush_context, _instances) -> None:
    # The version counter moves inside the flush, outside the attribute history: noted before.
    session.info["history_versions"] = {id(obj): version_of(obj, committed=True) for obj in session.dirty}
    _delete_cascades(session)
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
    change_set = session.info.get(CHANGE_SET) or uuid.uuid4().hex
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            state = inspect(obj)
            if isinstance(obj, _UNRECORDED) or state.mapper.local_table.name in _UNRECORDED_TABLES:
                continue
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


def write_inserted(connection, model, rows: list[dict], given, batch_id: int | None = None) -> None:
    """The audit entries and record versions the flush listeners write for an insert, for ``rows`` of
    ``model`` written with Core in one batch (one change set, as one flush): each row as stored (column
    name -> value, its id and version too), ``given`` the columns the caller set, as a form would. A
    large import or the demo would take minutes through ORM objects and their listeners."""
    if not rows:
        return
    now, user, change_set = clock.now(), acting_user(), uuid.uuid4().hex
    mapper, table = inspect(model), str(model.__table__.name)  # a plain str, which the driver takes as it is
    names = [attr.columns[0].name for attr in mapper.column_attrs]
    changes = audit.inserted_changes(mapper, given)
    audit_rows, version_rows = [], []
    for row in rows:
        after = {name: row[name] for name in names if name in row}  # encoded as JSON is written
        row_id = row["id"]
        audit_rows.append((now, user, "insert", table, row_id, changes(row)))
        version_rows.append((now, user, "insert", table, row_id, _person(table, row_id, None, after), change_set,
                             batch_id, None, _JSON(after)))
    bulk.insert_rows(connection, AuditEntry.__table__, _AUDIT_COLUMNS, audit_rows)
    bulk.insert_rows(connection, VERSIONS_TABLE, _VERSION_COLUMNS, version_rows)


_AUDIT_COLUMNS = ("at", "user_name", "action", "table_name", "row_id", "changes")
_VERSION_COLUMNS = ("at", "user_name", "action", "table_name", "row_id", "member_id", "change_set", "import_batch_id",
                    "before", "after")


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
    _assign(record, image)
    return record


def _assign(record, image: dict) -> None:
    mapper = inspect(type(record))
    for column_attr in mapper.column_attrs:
        column = column_attr.columns[0]
        if column.name not in image or column is mapper.version_id_col:
            continue
        setattr(record, column_attr.key, decode(column, image[column.name]))


# Reading and restoring ---------------------------------------------------------------------------

# Columns that keep the books, not what anyone reads about a person.
_BOOKKEEPING = ("id", "version", "search_text")
_MEMBER_LABELS = {**dict(members.EXPORT_COLUMNS), "village_id": N_("Village"), "household_id": N_("Household"),
                  "erased_at": N_("Data erased on request")}
# What an administrator may bring back once deleted: the areas whose services delete records, and
# people (deleted only by undoing their import).
DELETED_KINDS = {"members": N_("Person"), "meetings": N_("Meeting"), "local_issues": N_("Local issue"),
                 "grants": N_("Grant"), "events": N_("Event")}


@dataclass(frozen=True)
class FieldChange:
    label: str  # the field's name, untranslated (for ``tr``)
    old: str  # the value as people read it, "" for none
    new: str


@dataclass(frozen=True)
class Version:
    """One change of a record: when, who, what (insert / update / delete), each field old → new."""

    id: int
    at: datetime
    user_name: str
    action: str
    fields: tuple[FieldChange, ...]

    @property
    def restorable(self) -> bool:
        """A change whose earlier values can be put back (an addition has none, a deletion is undone
        from the deleted records)."""
        return self.action == "update"


@dataclass(frozen=True)
class Deleted:
    """A deleted record that can be brought back, from its deletion's version."""

    version_id: int
    kind: str  # a key of DELETED_KINDS
    row_id: int
    title: str
    at: datetime
    user_name: str


def _may_read() -> None:
    """The versions hold personal values: only roles that may work with the register read them."""
    if access.may(Area.REGISTER):
        return
    current = access.role()
    if current is None:
        raise PermissionDenied("Sign in first: this office's data needs a name and password.")
    raise PermissionDenied("Your role ({role}) may not read the history of people's records: it holds their "
                           "personal data. Ask the administrator.", role=Label(access.ROLES.get(current, current)))


def _administrator() -> None:
    if access.role() != "administrator":
        raise PermissionDenied("Only an administrator may restore an earlier version or a deleted record.")


def _image(text: str | None) -> dict:
    return json.loads(text) if text else {}


def _shown(column, value, villages: dict[int, str]) -> str:
    """A stored value as staff read it."""
    value = decode(column, value)
    if value is None or value == "":
        return ""
    if column.name == "village_id":
        return villages.get(value, str(value))
    if column.name == "sex":
        return tr(members.SEXES[value]) if value in members.SEXES else value
    if column.name == "status":
        return tr(members.STATUSES[value]) if value in members.STATUSES else value
    if column.name == "categories":
        return ", ".join(members.category_names(value))
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _version(row: RecordVersion, villages: dict[int, str]) -> Version:
    before, after = _image(row.before), _image(row.after)
    changes = []
    for column in Member.__table__.columns:
        name = column.name
        if name in _BOOKKEEPING or name not in _MEMBER_LABELS:
            continue
        old = _shown(column, before.get(name), villages)
        new = _shown(column, after.get(name), villages)
        # An update lists what it changed; an addition what it wrote, a deletion what it took.
        if old != new and (row.action != "update" or (name in before and name in after)):
            changes.append(FieldChange(_MEMBER_LABELS[name], old, new))
    return Version(row.id, row.at, row.user_name, row.action, tuple(changes))


def member_history(member_id: int) -> list[Version]:
    """A person's versions, newest first, each with its date, who made it and every field old → new."""
    _may_read()
    with unit_of_work() as session:
        rows = session.scalars(select(RecordVersion).where(
            RecordVersion.table_name == "members", RecordVersion.row_id == member_id).order_by(
            RecordVersion.id.desc())).all()
        if not rows and session.get(Member, member_id) is None:
            raise NotFound("No person with number {id} in the register.", id=member_id)
        villages = {v.id: local_name(v.name_kk, v.name_ru) for v in session.scalars(select(Village))}
        return [_version(row, villages) for row in rows]


def _clash(session, model, image: dict, row_id: int | None = None) -> str | None:
    """The first unique column (or set of them) whose values ``image`` would take from another row."""
    for constraint in model.__table__.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        columns = list(constraint.columns)
        values = [decode(column, image.get(column.name)) for column in columns]
        if any(value is None for value in values):
            continue
        query = select(model).where(*(column == value for column, value in zip(columns, values)))
        if row_id is not None:
            query = query.where(model.__table__.c.id != row_id)
        if session.scalars(query.limit(1)).first() is not None:
            return columns[0].name
    return None


@contextmanager
def _restoring():
    """A unit of work an administrator's restore writes in (past the role guard, as any service)."""
    _administrator()
    with access.granted(Area.SETTINGS), unit_of_work() as session:
        yield session


def restore_version(version_id: int, expected_version: int | None) -> None:
    """Puts a record back as it was before one change: the values that change replaced. Refused over a
    record changed after ``expected_version`` (the version the user saw; None: not compared). The
    restore is itself a change, recorded in the audit log and the versions."""
    with _restoring() as session:
        version = session.get(RecordVersion, version_id)
        if version is None:
            raise NotFound("No version with number {id}.", id=version_id)
        if version.action != "update":
            raise ValidationError("Only a change of a record can be restored; an addition has no earlier values, "
                                  "and a deleted record is restored from the deleted records.")
        model = model_of(version.table_name)
        record = session.get(model, version.row_id)
        if record is None:
            raise NotFound("The record of this version has been deleted: restore it from the deleted records.")
        if inspect(model).version_id_col is not None:
            versions.check(session, record, expected_version)
        before = _image(version.before)
        clash = _clash(session, model, before, version.row_id)
        if clash is not None:
            raise ValidationError("This version cannot be restored: its {field} now belongs to another record. "
                                  "Nothing was changed.", field=Label(_MEMBER_LABELS.get(clash, clash)))
        put_back(session, version.table_name, version.row_id, before)


def _title(kind: str, image: dict) -> str:
    """How people name a deleted record in a list."""
    model = model_of(kind)
    values = {name: decode(model.__table__.c[name], value) for name, value in image.items()
              if name in model.__table__.c}
    if kind == "members":
        return " ".join(values.get(part) or "" for part in ("surname", "given_name", "patronymic")).strip()
    if kind == "meetings":
        from app.services.meetings.common import KINDS

        name = values.get("kind_name") or tr(KINDS.get(values.get("kind"), N_("Meeting")))
        return tr("{kind} No. {number}/{year}, {date}", kind=name, number=values.get("number"),
                  year=values.get("year"), date=format_datetime(values.get("starts_at")))
    if kind == "local_issues":
        return tr("No. {number}/{year}: {title}", number=values.get("number"), year=values.get("year"),
                  title=values.get("title") or "")
    if kind == "grants":
        return tr("Agreement {number} of {date}", number=values.get("agreement_number") or "",
                  date=format_date(values.get("agreement_date")))
    return f"{values.get('title') or ''}, {format_datetime(values.get('starts_at'))}"


def _restore_mark(version_id: int) -> str:
    return f"restore-{version_id}"


def deleted_records(kind: str | None = None) -> list[Deleted]:
    """The last deletion of each meeting, local issue, grant, event and person (or of one ``kind``)
    not restored since, newest first. For an administrator: they name people."""
    _administrator()
    if kind is not None and kind not in DELETED_KINDS:
        raise ValidationError("Deleted records are kept of {kinds}, not {kind}.", field="kind", kind=kind,
                              kinds=", ".join(DELETED_KINDS))
    with unit_of_work() as session:
        rows = session.scalars(select(RecordVersion).where(
            RecordVersion.action == "delete",
            RecordVersion.table_name.in_([kind] if kind else list(DELETED_KINDS))).order_by(
            RecordVersion.id.desc())).all()
        marks = {_restore_mark(row.id) for row in rows}
        restored = set(session.scalars(select(RecordVersion.change_set).where(
            RecordVersion.change_set.in_(marks)).distinct())) if marks else set()
        listed, seen = [], set()
        for row in rows:
            if (row.table_name, row.row_id) in seen:
                continue  # an earlier deletion of a record restored and deleted again
            seen.add((row.table_name, row.row_id))
            if _restore_mark(row.id) not in restored:
                listed.append(Deleted(row.id, row.table_name, row.row_id, _title(row.table_name, _image(row.before)),
                                      row.at, row.user_name))
        return listed


def _hanging(session, deletion: RecordVersion) -> list[RecordVersion]:
    """The deleted record and the rows its deletion took with it (deleted in the same flush and
    referring to it, or to one of them), parents first."""
    taken = [row for row in session.scalars(select(RecordVersion).where(
        RecordVersion.change_set == deletion.change_set, RecordVersion.action == "delete").order_by(
        RecordVersion.id)) if row.id != deletion.id]
    order, keys = [deletion], {(deletion.table_name, deletion.row_id)}
    found = True
    while found:
        found = False
        for row in list(taken):
            image = _image(row.before)
            if any((key.column.table.name, image.get(key.parent.name)) in keys
                   for key in model_of(row.table_name).__table__.foreign_keys):
                order.append(row)
                keys.add((row.table_name, row.row_id))
                taken.remove(row)
                found = True
    return order


def _linked(session, model, image: dict, numbers: dict) -> bool:
    """Points ``image``'s links at the rows restored with it (under their numbers now) or at rows that
    still exist; a link to a row that is gone is dropped (set empty), or False if it may not be empty."""
    for key in model.__table__.foreign_keys:
        name, target = key.parent.name, key.column.table.name
        value = image.get(name)
        if value is None:
            continue
        if (target, value) in numbers:
            image[name] = numbers[(target, value)]
        elif session.get(model_of(target), value) is None:
            if not key.parent.nullable:
                return False
            image[name] = None
    return True


def restore_deleted(version_id: int) -> int:
    """Adds a deleted record again from its last version, with the rows its deletion took with it
    (agenda, attendance, decisions, attachments...) where what they refer to still exists. Under its
    own number when that is free. Refused, with nothing changed, when its number (or a person's IIN)
    is now another record's. Returns the record's number."""
    with _restoring() as session:
        deletion = session.get(RecordVersion, version_id)
        if deletion is None or deletion.action != "delete" or deletion.table_name not in DELETED_KINDS:
            raise NotFound("No deleted record with number {id}.", id=version_id)
        mark = _restore_mark(version_id)
        if session.scalar(select(RecordVersion.id).where(RecordVersion.change_set == mark).limit(1)):
            raise ValidationError("This record has already been restored.")
        session.info[CHANGE_SET] = mark
        title = _title(deletion.table_name, _image(deletion.before))
        numbers: dict[tuple[str, int], int] = {}
        for position, row in enumerate(_hanging(session, deletion)):
            model, image = model_of(row.table_name), _image(row.before)
            if not _linked(session, model, image, numbers):
                if position == 0:
                    raise ValidationError("{record} cannot be restored: a record it needs has been deleted too. "
                                          "Nothing was restored.", record=title)
                continue  # a row of it that hung from another record, gone since
            clash = _clash(session, model, image)
            if clash == "iin":
                raise ValidationError("{record} cannot be restored: their IIN now belongs to someone else in the "
                                      "register. Nothing was restored.", record=title)
            if clash is not None:
                raise ValidationError("{record} cannot be restored: its number is now taken by another record. "
                                      "Nothing was restored.", record=title)
            record = model()
            _assign(record, image)
            if session.get(model, row.row_id) is not None:
                record.id = None  # its number went to a record added since: it takes a new one
            session.add(record)
            session.flush()
            numbers[(row.table_name, row.row_id)] = record.id
        return numbers[(deletion.table_name, deletion.row_id)]
