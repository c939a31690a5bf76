"""The people an import adds are written without ORM objects, a few thousand to a statement, with the
audit entries and record versions the flush listeners write for a person the form adds, and with ids
from where the database gives them (after them, the form adds the next person), on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from app import db
from app.models import AuditEntry, Member, RecordVersion
from app.rules import iin as iin_rules
from app.services import member_import, members, settings
from tests.test_member_import import csv_file

pytestmark = pytest.mark.every_database

BORN = date(1985, 6, 11)
# Their values as the form and the file give them; the IIN, the birth date and the folded search text
# are each person's own.
HEADERS = ["Фамилия", "Имя", "Отчество", "ИИН", "Село", "Улица", "Дом", "Телефон", "Род занятий",
           "Примечание", "Дата вступления"]


def iins(count: int) -> list[str]:
    return [n for serial in range(200) if (n := iin_rules.make(BORN, "M", serial))][:count]


def records(member_id: int) -> tuple[dict, RecordVersion]:
    with db.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "members",
                                                         AuditEntry.row_id == member_id)).one()
        version = session.scalars(select(RecordVersion).where(RecordVersion.table_name == "members",
                                                              RecordVersion.row_id == member_id)).one()
        session.expunge_all()
    assert entry.action == version.action == "insert"
    return json.loads(entry.changes), version


def test_an_added_persons_log_and_version_are_the_ones_the_form_writes(database, tmp_path):
    village = next(v for v in settings.villages() if v.name_kk == "Жарлыөзек")
    imported, other, typed = iins(3)
    path = csv_file(tmp_path / "тізім.csv", HEADERS, [
        ["Мұқанов", "Ерлан", "Серікұлы", imported, village.name_kk, "Абай", "5", "87011112233", "мұғалім",
         "ескерту", "01.03.2019"],
        ["Омаров", "Дәулет", "", other, village.name_kk, "", "", "", "", "", ""],
    ])

    result = member_import.import_file(path)
    typed_id = members.create(members.MemberData(
        surname="Мұқанов", given_name="Ерлан", patronymic="Серікұлы", iin=typed, village_id=village.id,
        street="Абай", house="5", phone="87011112233", occupation="мұғалім", notes="ескерту",
        member_since=date(2019, 3, 1)))

    assert result.added == 2
    with db.unit_of_work() as session:
        added = dict(session.execute(select(Member.iin, Member.id).where(Member.iin.in_([imported, other]))).all())
    assert typed_id > max(added.values())  # the database's next id, past the imported people
    file_changes, file_version = records(added[imported])
    form_changes, form_version = records(typed_id)
    assert file_changes == form_changes
    file_after, form_after = json.loads(file_version.after), json.loads(form_version.after)
    own = ("id", "iin", "search_text")
    assert {k: v for k, v in file_after.items() if k not in own} == \
        {k: v for k, v in form_after.items() if k not in own}
    assert list(file_after) == list(form_after)  # the same columns in the same order
    assert (file_after["id"], file_after["iin"], file_after["birth_date"]) == (added[imported], imported,
                                                                                 BORN.isoformat())
    assert file_version.member_id == added[imported]
    assert file_version.import_batch_id == result.batch_id and form_version.import_batch_id is None
    assert file_version.before is None and file_version.user_name == form_version.user_name
    _changes, other_version = records(added[other])
    assert other_version.change_set == file_version.change_set  # one batch of rows, as one flush


def test_a_row_that_changes_nothing_writes_nothing_and_a_changed_one_only_its_change(database, tmp_path):
    village = next(v for v in settings.villages() if v.name_kk == "Жарлыөзек")
    first, second = iins(2)
    rows = [["Мұқанов", "Ерлан", "", first, village.name_kk, "Абай", "5", "87011112233", "", "", ""],
            ["Омаров", "Дәулет", "", second, village.name_kk, "", "", "", "", "", ""]]
    member_import.import_file(csv_file(tmp_path / "бірінші.csv", HEADERS, rows))
    with db.unit_of_work() as session:
        logged = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "members"))
    rows[1][7] = "87017776655"

    again = member_import.import_file(csv_file(tmp_path / "екінші.csv", HEADERS, rows))

    assert again.updated == 2 and [change.fields[0].name for change in again.changes] == ["phone"]
    with db.unit_of_work() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "members")
                                  .order_by(AuditEntry.id).offset(logged)).all()
        updated = session.scalars(select(RecordVersion).where(RecordVersion.import_batch_id == again.batch_id,
                                                              RecordVersion.table_name == "members")).all()
        assert [(e.action, json.loads(e.changes)) for e in entries] == [
            ("update", {"phone": None, "search_text": None, "version": [1, 2]})]
        assert [v.member_id for v in updated] == [entries[0].row_id]
