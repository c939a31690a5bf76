"""Every import is a batch that can be undone whole, on SQLite and PostgreSQL: the people it added go,
the people it updated (a flagged row taken later included) get their earlier values back, the villages
it added go when nothing uses them; refused, naming them and changing nothing, when any of them changed
since; an undone batch or an unknown number is said plainly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.errors import Cancelled, Conflict, NotFound, ValidationError
from app.main import main
from app.models import Member
from app.printing.members import import_people
from app.rules import iin as iin_rules
from app.services import audit, import_batches, member_import, members, settings
from tests.test_member_import import csv_file, reopen

pytestmark = pytest.mark.every_database

HEADERS = ["Фамилия", "Имя", "ИИН", "Село", "Телефон", "Улица"]


def village_id(name_kk: str) -> int:
    return next(v.id for v in settings.villages() if v.name_kk == name_kk)


def nurlan() -> tuple[int, str]:
    """Сәрсенбаев Нұрлан in the register before any import: (id, IIN)."""
    number = next(n for serial in range(100) if (n := iin_rules.make(date(1985, 6, 11), "M", serial)))
    member_id = members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", iin=number,
                                                  village_id=village_id("Жарлыөзек"), phone="87011112233",
                                                  street="Абай"))
    return member_id, number


def people() -> list[dict]:
    """Every column of every person: what an undo must put back."""
    with db.unit_of_work() as session:
        return [dict(row._mapping) for row in session.execute(select(Member.__table__).order_by(Member.id))]


def village_names() -> list[str]:
    return [village.name_kk for village in settings.villages()]


def story(tmp_path: Path, number: str) -> Path:
    """Nurlan's new phone and street, a man added into a new village, a woman added (her sex read from
    her name)."""
    return csv_file(tmp_path / "тізім.csv", HEADERS, [
        ["Сәрсенбаев", "Нұрлан", number, "Жарлыөзек", "87019998877", "Жастар"],
        ["Мұқанов", "Ерлан", "791028302728", "Жаңа ауыл", "", ""],
        ["Омарова", "Сәуле", "", "Бозтоған", "", ""],
    ])


def test_an_import_undone_removes_whom_it_added_and_puts_back_whom_it_updated(database, tmp_path):
    nurlan_id, number = nurlan()
    before, villages = people(), village_names()
    result = import_people(story(tmp_path, number), add_villages=True)
    assert (result.added, result.updated, result.new_villages) == (2, 1, ["Жаңа ауыл"])
    [batch] = import_batches.batches()
    assert (batch.id, batch.file_name, batch.user_name) == (result.batch_id, "тізім.csv", audit.acting_user())
    assert (batch.added, batch.updated, batch.flagged, batch.rejected, batch.undone_at) == (2, 1, 0, 0, None)
    assert (batch.people_added, batch.people_updated) == (2, 1)
    assert members.get(nurlan_id).street == "Жастар"

    done = import_batches.undo(result.batch_id)
    assert (done.removed, done.restored, done.villages) == (2, 1, ["Жаңа ауыл"])
    after = people()
    assert [row["id"] for row in after] == [nurlan_id]
    # Every value as it was; only the version counter moved on, as for any change.
    assert after[0]["version"] > before[0]["version"]
    assert [{**row, "version": 0} for row in after] == [{**row, "version": 0} for row in before]
    assert village_names() == villages
    [batch] = import_batches.batches()
    assert batch.undone_at is not None and batch.undone_by == audit.acting_user()

    with pytest.raises(ValidationError, match=f"Import number {result.batch_id} was already undone"):
        import_batches.undo(result.batch_id)
    with pytest.raises(NotFound, match="There is no import number 999"):
        import_batches.undo(999)
    assert people() == after


def test_a_flagged_row_taken_later_belongs_to_its_import_and_is_undone_with_it(database, tmp_path):
    nurlan_id, number = nurlan()
    before = members.get(nurlan_id)
    path = csv_file(tmp_path / "typo.csv", HEADERS, [["Ахметов", "Серік", number, "Жарлыөзек", "", ""],
                                                     ["Омарова", "Сәуле", "", "Бозтоған", "", ""]])
    result = import_people(path)
    [flagged] = result.flagged
    member_import.apply_reviewed(flagged.member_id, {change.name: change.new for change in flagged.fields},
                                 flagged.version, batch_id=result.batch_id)
    assert members.get(nurlan_id).surname == "Ахметов"
    assert [(b.people_added, b.people_updated, b.flagged) for b in import_batches.batches()] == [(1, 1, 1)]

    assert (import_batches.undo(result.batch_id).removed, members.count()) == (1, 1)
    back = members.get(nurlan_id)
    assert (back.surname, back.given_name, back.phone) == (before.surname, before.given_name, before.phone)
    # An undone import takes no more rows.
    with pytest.raises(ValidationError, match="already undone"):
        member_import.apply_reviewed(nurlan_id, {"surname": "Ахметов"}, back.version, batch_id=result.batch_id)


def test_an_undo_is_refused_naming_the_people_changed_or_recorded_since_and_changes_nothing(database, tmp_path):
    nurlan_id, number = nurlan()
    result = import_people(story(tmp_path, number), add_villages=True)
    nurlan_now = members.get(nurlan_id)
    members.update(nurlan_id, replace(nurlan_now, phone="87015550000", version=nurlan_now.version))
    erlan = members.search("Мұқанов")[0].id
    members.record_consent(erlan, date(2026, 12, 7), "written", "")
    saule = members.search("Омарова")[0].id
    before, villages = people(), village_names()
    with pytest.raises(Conflict) as refused:
        import_batches.undo(result.batch_id)
    message = refused.value.message("en")
    assert message.startswith(f"Import number {result.batch_id} cannot be undone: ")
    assert f"Сәрсенбаев Нұрлан (№ {nurlan_id})" in message and f"Мұқанов Ерлан (№ {erlan})" in message
    assert f"№ {saule}" not in message and message.endswith("Nothing was undone.")
    assert people() == before and village_names() == villages
    assert import_batches.batches()[0].undone_at is None


def test_an_undo_cancelled_changes_nothing(database, tmp_path):
    nurlan_id, number = nurlan()
    result = import_people(story(tmp_path, number), add_villages=True)
    before, villages = people(), village_names()
    with pytest.raises(Cancelled):
        import_batches.undo(result.batch_id, cancelled=lambda: True)
    assert people() == before and village_names() == villages and import_batches.batches()[0].undone_at is None


def test_a_village_the_import_added_stays_while_someone_else_lives_there(database, tmp_path):
    path = csv_file(tmp_path / "new.csv", HEADERS, [["Омарова", "Сәуле", "", "Жаңа ауыл", "", ""]])
    result = import_people(path, add_villages=True)
    members.create(members.MemberData(surname="Қасымов", given_name="Ғалым", sex="M",
                                      village_id=village_id("Жаңа ауыл")))
    assert import_batches.undo(result.batch_id).villages == []
    assert "Жаңа ауыл" in village_names() and [m.surname for m in members.rows()] == ["Қасымов"]


def test_a_dry_run_makes_no_batch(database, tmp_path):
    _nurlan_id, number = nurlan()
    plan = import_people(story(tmp_path, number), add_villages=True, dry_run=True)
    assert plan.added == 2 and plan.batch_id is None and import_batches.batches() == []


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_lists_the_imports_and_undoes_one(database, tmp_path, capsys):
    _nurlan_id, number = nurlan()
    path = story(tmp_path, number)
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path), "--add-villages"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "This is import number 1: «auyl members import --undo 1» undoes it."
    assert main(["--lang", "en", "--db", str(database), "members", "imports"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    number_, at, file_name, who, counts = line.split("\t")
    assert (number_, file_name, counts) == ("1", "тізім.csv", "added 2, updated 1, flagged 0, rejected 0")
    assert at.startswith("07.12.2026 ") and who

    assert main(["--lang", "en", "--db", str(database), "members", "import", "--undo", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Import number 1 undone: 2 people removed, 1 person put back as they were.", "Villages removed: Жаңа ауыл"]
    assert main(["--lang", "en", "--db", str(database), "members", "imports"]) == 0
    assert capsys.readouterr().out.split("\t")[-1].startswith("undone 07.12.2026 ")

    for args, said in ((["--undo", "1"], "Import number 1 was already undone ("),
                       (["--undo", "7"], "There is no import number 7: «auyl members imports» lists them."),
                       ([str(path), "--undo", "1"], "--undo takes only the number of an import"),
                       ([], "Give the file to import, or --undo")):
        assert main(["--lang", "en", "--db", str(database), "members", "import", *args]) == 1
        assert said in capsys.readouterr().err
    reopen(database)
    assert members.count() == 1 and len(import_batches.batches()) == 1


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_says_when_there_is_no_import_yet(database, capsys):
    assert main(["--lang", "ru", "--db", str(database), "members", "imports"]) == 0
    assert capsys.readouterr().out.strip() == "Импортов пока не было."
