"""Imports of people as batches: the list of them (``auyl members imports``, the imports dialog), and
undoing one whole (``auyl members import --undo N``).

Every version of a record an import writes carries its batch's number (app/services/history.py), a
flagged row taken later too (``member_import.apply_reviewed``). Undoing the batch reads those
versions: the people it added are removed, the people it updated get the values they had before it,
and the villages it added go when nothing else uses them; all in one unit of work. If anyone it
touched was changed after it (their version moved on, or they are gone), or someone it added was
recorded elsewhere since (a consent, a household, a meeting's attendance...), nothing is undone and
the refusal names them (docs/domain.md: Personal data) (docs/architecture.md: Record versions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import selectinload

from app import clock
from app.db import unit_of_work
from app.errors import Cancelled, Conflict, NotFound, ValidationError
from app.i18n import format_datetime, local_name
from app.models import Base, ImportBatch, Member, RecordVersion, Village
from app.services import audit, history
from app.services.access import requires

# Ids per IN (...) query: well under every database's limit on parameters.
CHUNK = 500


@dataclass(frozen=True)
class BatchRow:
    """One import as the list shows it: the counts it reported, and the people its versions hold."""

    id: int
    at: datetime
    file_name: str
    user_name: str
    added: int
    updated: int
    flagged: int
    rejected: int
    undone_at: datetime | None
    undone_by: str | None
    people_added: int  # what an undo removes
    people_updated: int  # what an undo puts back (a flagged row taken later included)


@dataclass(frozen=True)
class Undone:
    """What an undo did."""

    batch_id: int
    removed: int
    restored: int
    villages: list[str] = field(default_factory=list)  # the villages removed with it


def batches() -> list[BatchRow]:
    """Every import, the latest first."""
    with unit_of_work() as session:
        people: dict[tuple[int, str], int] = {
            (batch_id, action): count for batch_id, action, count in session.execute(
                select(RecordVersion.import_batch_id, RecordVersion.action, func.count(distinct(RecordVersion.row_id)))
                .where(RecordVersion.import_batch_id.is_not(None), RecordVersion.table_name == "members")
                .group_by(RecordVersion.import_batch_id, RecordVersion.action))}
        return [BatchRow(b.id, b.at, b.file_name, b.user_name, b.added, b.updated, b.flagged, b.rejected,
                         b.undone_at, b.undone_by, people.get((b.id, "insert"), 0), people.get((b.id, "update"), 0))
                for b in session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))]


def still_open(session, batch_id: int) -> ImportBatch:
    """The batch, refused when there is none with this number or it was undone."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("There is no import number {id}: «auyl members imports» lists them.", id=batch_id)
    if batch.undone_at is not None:
        raise ValidationError("Import number {id} was already undone ({time}, {user}).", id=batch_id,
                              time=format_datetime(batch.undone_at), user=batch.undone_by or "?")
    return batch


@dataclass
class _Touched:
    """A row the batch wrote: its image before the batch's first version and its version after the
    last (None: the batch added it; the batch never deletes)."""

    before: dict | None
    after: dict | None


@requires("register")
def undo(batch_id: int, cancelled: Callable[[], bool] | None = None) -> Undone:
    """Removes the people import ``batch_id`` added and puts the people it updated back to their earlier
    values, in one unit of work; refused (a Conflict naming them, nothing changed) when any of them was
    changed since or someone it added was recorded elsewhere. ``cancelled()`` true before it commits
    (the window's Cancel) undoes nothing (Cancelled)."""
    with unit_of_work() as session:
        batch = still_open(session, batch_id)
        touched: dict[tuple[str, int], _Touched] = {}
        for version in session.scalars(select(RecordVersion).where(RecordVersion.import_batch_id == batch_id)
                                       .order_by(RecordVersion.id)):
            after = json.loads(version.after) if version.after else None
            entry = touched.get((version.table_name, version.row_id))
            if entry is None:
                before = json.loads(version.before) if version.before else None
                touched[(version.table_name, version.row_id)] = _Touched(before, after)
            else:
                entry.after = after
        people = {row_id: entry for (table, row_id), entry in touched.items() if table == "members"}
        # Their consents read with them: deleting a person cascades to them, else read one person at a time.
        current = _loaded(session, Member, list(people), selectinload(Member.consents))
        added = [member_id for member_id, entry in people.items() if entry.before is None]
        blocked = [member_id for member_id, entry in people.items() if _changed(current.get(member_id), entry)]
        blocked += sorted(_used(session, "members", [m for m in added if m in current]) - set(blocked))
        if blocked:
            names = ", ".join(_name(current.get(member_id), people[member_id].after, member_id)
                              for member_id in sorted(blocked))
            raise Conflict("Import number {id} cannot be undone: these people were changed or recorded elsewhere "
                           "after it: {names}. Nothing was undone.", id=batch_id, names=names)
        if cancelled and cancelled():
            raise Cancelled()
        restored = 0
        with session.no_autoflush:  # one flush for them all
            for member_id in added:
                session.delete(current[member_id])
            for member_id, entry in people.items():
                if entry.before is not None:
                    history.put_back(session, "members", member_id, entry.before)
                    restored += 1
        session.flush()
        villages = _remove_villages(session, {row_id: entry for (table, row_id), entry in touched.items()
                                              if table == "villages" and entry.before is None})
        batch.undone_at = clock.now()
        batch.undone_by = audit.acting_user()
        if cancelled and cancelled():
            raise Cancelled()
        return Undone(batch_id, len(added), restored, villages)


def _changed(record, entry: _Touched) -> bool:
    """Whether the row is gone or its version moved on since the batch's last version of it."""
    return record is None or entry.after is None or record.version != entry.after.get("version")


def _remove_villages(session, added: dict[int, _Touched]) -> list[str]:
    """The villages the batch added, removed unless someone changed or used them since; their names."""
    villages = _loaded(session, Village, list(added))
    kept = _used(session, "villages", list(villages))
    removed = []
    for village_id, village in sorted(villages.items()):
        if village_id in kept or _changed(village, added[village_id]):
            continue
        removed.append(local_name(village.name_kk, village.name_ru))
        session.delete(village)
    return removed


def _loaded(session, model, ids: list[int], *options) -> dict[int, object]:
    found = {}
    for start in range(0, len(ids), CHUNK):
        for record in session.scalars(select(model).options(*options).where(model.id.in_(ids[start:start + CHUNK]))):
            found[record.id] = record
    return found


def _used(session, table_name: str, ids: list[int]) -> set[int]:
    """Those of ``ids`` some row of any table refers to (a consent, an attendance, a household...)."""
    target = Base.metadata.tables[table_name]
    used: set[int] = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not any(key.column.table is target for key in column.foreign_keys):
                continue
            for start in range(0, len(ids), CHUNK):
                used.update(session.scalars(select(column).where(column.in_(ids[start:start + CHUNK])).distinct()))
    return used


def _name(member: Member | None, image: dict | None, member_id: int) -> str:
    values = image or {}
    if member is not None:
        values = {"surname": member.surname, "given_name": member.given_name, "patronymic": member.patronymic}
    name = " ".join(part for part in (values.get(key) for key in ("surname", "given_name", "patronymic")) if part)
    return f"{name} (№ {member_id})" if name else f"№ {member_id}"
