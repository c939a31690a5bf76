"""Every change keeps the whole row before and after it, in the same transaction, on both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.db import unit_of_work
from app.models import Member
from app.services import members, settings
from tests.conftest import query

pytestmark = pytest.mark.every_database


def person(**changes) -> members.MemberData:
    village = next(v.id for v in settings.villages() if v.name_kk == "Жарлыөзек")
    values = dict(surname="Сәрсенбаев", given_name="Нұрлан", patronymic="", iin="791028302728",
                  village_id=village, street="Абай көшесі", house="12", phone="8 701 123 45 67")
    values.update(changes)
    return members.MemberData(**values)


def versions(database, member_id: int) -> list[tuple]:
    return query(database, "SELECT action, before, after, member_id FROM record_versions "
                           f"WHERE table_name = 'members' AND row_id = {member_id} ORDER BY id")


def test_an_edit_keeps_the_earlier_values_and_a_delete_the_last_ones(database):
    member_id = members.create(person())
    stored = members.get(member_id)
    members.update(member_id, person(surname="Ахметов", phone="+77017654321", version=stored.version))
    with unit_of_work() as session:  # the program deletes people only by undoing their import
        session.delete(session.get(Member, member_id))
    (add, _add_before, add_after, who), (edit, before, after, _), (drop, last, gone, _) = versions(database, member_id)
    assert (add, edit, drop) == ("insert", "update", "delete") and who == member_id
    assert json.loads(add_after)["surname"] == "Сәрсенбаев"
    before, after = json.loads(before), json.loads(after)
    assert (before["surname"], after["surname"]) == ("Сәрсенбаев", "Ахметов")
    assert (before["phone"], after["phone"]) == ("+77011234567", "+77017654321")
    assert before["birth_date"] == date(1979, 10, 28).isoformat() and after["version"] == before["version"] + 1
    assert json.loads(last)["surname"] == "Ахметов" and gone is None
