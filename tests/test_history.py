"""Record versions read and restored: a person's history, an earlier version put back, deleted records
brought back with what their deletion took along, erasure, and who may do each
(docs/architecture.md: Record versions)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app import db
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.i18n import local_name, tr
from app.main import main
from app.services import history, local_issues, meetings, members, settings, users
from app.services.local_issues import IssueData
from app.services.meetings import ItemData, MeetingData
from tests.conftest import database_url, query

pytestmark = pytest.mark.every_database

PASSWORD = "pass-word-1"
MEETING_DAY = datetime(2026, 3, 14, 10, 0)
HALL = 1  # a room seeded by migration 0001


def person(**changes) -> members.MemberData:
    village = next(v.id for v in settings.villages() if v.name_kk == "Жарлыөзек")
    values = dict(surname="Сәрсенбаев", given_name="Нұрлан", patronymic="", iin="791028302728",
                  village_id=village, street="Абай көшесі", house="12", phone="8 701 123 45 67")
    values.update(changes)
    return members.MemberData(**values)


def edited() -> int:
    """A person added, then given another surname and phone."""
    member_id = members.create(person())
    members.update(member_id, person(surname="Ахметов", phone="+77017654321", version=members.get(member_id).version))
    return member_id


def test_a_persons_history_shows_each_change_newest_first_with_who_and_old_to_new(database):
    member_id = edited()
    change, added = history.member_history(member_id)
    assert (change.action, added.action) == ("update", "insert") and change.at >= added.at and change.user_name
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("Surname", "Сәрсенбаев", "Ахметов"), ("Phone", "+77011234567", "+77017654321")]
    shown = {f.label: f.new for f in added.fields}
    # As people read them: the village's name, the date as a date; no bookkeeping columns.
    village = next(v for v in settings.villages() if v.name_kk == "Жарлыөзек")
    assert shown["Village"] == local_name(village.name_kk, village.name_ru) and shown["Birth date"] == "28.10.1979"
    assert shown["Sex"] == tr("male")
    assert "version" not in shown and "search_text" not in shown
    assert change.restorable and not added.restorable


def test_restoring_a_version_puts_back_the_values_before_that_change_as_a_change_itself(database):
    member_id = edited()
    change = history.member_history(member_id)[0]
    history.restore_version(change.id, members.get(member_id).version)
    back = members.get(member_id)
    assert (back.surname, back.phone, back.version) == ("Сәрсенбаев", "+77011234567", 3)
    assert members.search("Сәрсенбаев")[0].id == member_id  # its search text went back too
    newest = history.member_history(member_id)[0]
    assert (newest.action, [(f.old, f.new) for f in newest.fields][0]) == ("update", ("Ахметов", "Сәрсенбаев"))


def test_a_restore_over_a_newer_change_is_refused_and_changes_nothing(database):
    member_id = edited()
    change = history.member_history(member_id)[0]
    seen = members.get(member_id).version
    members.update(member_id, person(surname="Омаров", version=seen))
    with pytest.raises(Conflict):
        history.restore_version(change.id, seen)
    assert members.get(member_id).surname == "Омаров" and len(history.member_history(member_id)) == 3


def test_an_addition_or_an_unknown_version_or_person_is_refused_with_a_message(database):
    member_id = edited()
    added = history.member_history(member_id)[-1]
    with pytest.raises(ValidationError, match="no earlier values"):
        history.restore_version(added.id, None)
    with pytest.raises(NotFound, match="No version"):
        history.restore_version(999_999, None)
    with pytest.raises(NotFound, match="No person with number 999999"):
        history.member_history(999_999)


def meeting_with_agenda() -> tuple[int, int]:
    resident = members.create(person(village_id=1, iin="", birth_date=date(1980, 5, 1), sex="M"))
    meeting_id = meetings.create(MeetingData(kind="gathering", starts_at=MEETING_DAY, village_id=1, chair="Chair Person"),
                                 [ItemData("Roads"), ItemData("Water supply")])
    meetings.set_present(meeting_id, [resident])
    return meeting_id, resident


def test_a_deleted_meeting_comes_back_with_its_agenda_and_attendance(database):
    meeting_id, resident = meeting_with_agenda()
    before = meetings.get(meeting_id)
    meetings.delete_meeting(meeting_id)
    (deleted,) = history.deleted_records("meetings")
    assert (deleted.kind, deleted.row_id) == ("meetings", meeting_id) and "No. 1/2026" in deleted.title
    assert history.restore_deleted(deleted.version_id) == meeting_id
    back = meetings.get(meeting_id)
    assert [item.title for item in back.items] == [item.title for item in before.items] == ["Roads", "Water supply"]
    assert [person_id for person_id, *_ in meetings.present_people(meeting_id)] == [resident]
    assert history.deleted_records() == []  # restored: no longer listed, and not restored twice
    with pytest.raises(ValidationError, match="already been restored"):
        history.restore_deleted(deleted.version_id)


def test_a_deleted_meeting_comes_back_with_its_room_booked_again(database):
    meeting_id = meetings.create(MeetingData(kind="gathering", starts_at=MEETING_DAY, village_id=1, room_id=HALL))
    booked = "SELECT room_id, starts_at FROM bookings WHERE meeting_id = {}"
    before = query(database, booked.format(meeting_id))
    meetings.delete_meeting(meeting_id)
    assert query(database, booked.format(meeting_id)) == []
    (deleted,) = history.deleted_records("meetings")
    history.restore_deleted(deleted.version_id)
    assert query(database, booked.format(meeting_id)) == before and before[0][0] == HALL


def test_a_deleted_meeting_whose_number_was_taken_since_is_refused(database):
    meeting_id, _ = meeting_with_agenda()
    meetings.delete_meeting(meeting_id)
    meetings.create(MeetingData(kind="gathering", starts_at=MEETING_DAY, village_id=1), [])  # No. 1 again
    (deleted,) = history.deleted_records("meetings")
    with pytest.raises(ValidationError, match="number is now taken"):
        history.restore_deleted(deleted.version_id)
    assert len(query(database, "SELECT id FROM meetings")) == 1


def test_a_deleted_local_issue_comes_back_with_its_attachments_and_history(database, tmp_path: Path):
    photo = tmp_path / "pothole.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 4)
    issue_id = local_issues.create(IssueData(title="Pothole on Abai street", category="Жолдар (дороги)",
                                             raised_on=date(2026, 3, 2), village_id=1, raiser_name="Асқар"))
    attachment = local_issues.add_attachment(issue_id, photo)
    events = [e.kind for e in local_issues.get(issue_id).events]
    local_issues.delete(issue_id)
    (deleted,) = history.deleted_records("local_issues")
    assert history.restore_deleted(deleted.version_id) == issue_id
    view = local_issues.get(issue_id)
    assert [e.kind for e in view.events] == events and view.data.title == "Pothole on Abai street"
    assert local_issues.attachment_content(attachment) == ("pothole.jpg", "image/jpeg", photo.read_bytes())


def test_erasing_a_person_removes_every_version_about_them(database):
    member_id = edited()
    members.record_consent(member_id, date(2026, 3, 1), "written", "register")
    members.erase(member_id)
    assert query(database, f"SELECT id FROM record_versions WHERE member_id = {member_id}") == []
    assert history.member_history(member_id) == []
    assert not query(database, "SELECT id FROM record_versions WHERE before LIKE '%Ахметов%' "
                               "OR after LIKE '%Ахметов%'")


@pytest.fixture
def office(database):
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", PASSWORD)
    for role in ("secretary", "staff", "viewer"):
        users.create(users.UserData(role, role.title(), role), PASSWORD)
    return database


@pytest.mark.parametrize("role", ["viewer", "secretary"])
def test_roles_without_the_register_may_not_read_a_persons_history(office, role):
    member_id = edited()
    users.sign_in(role, PASSWORD)
    with pytest.raises(PermissionDenied, match="may not read the history"):
        history.member_history(member_id)


def test_only_an_administrator_restores(office):
    member_id = edited()
    meeting_id, _ = meeting_with_agenda()
    meetings.delete_meeting(meeting_id)
    users.sign_in("staff", PASSWORD)
    change = history.member_history(member_id)[0]  # staff read the register's history
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        history.restore_version(change.id, None)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        history.deleted_records()
    users.sign_in("administrator", PASSWORD)
    (deleted,) = history.deleted_records()
    history.restore_deleted(deleted.version_id)
    history.restore_version(change.id, None)
    assert members.get(member_id).surname == "Сәрсенбаев"


@pytest.fixture
def auyl(database, capsys, monkeypatch):
    """Runs `auyl --lang en ARGS…` on the test database; returns (exit code, stdout, stderr)."""
    if isinstance(database, Path):
        monkeypatch.setenv("AUYL_DB", str(database))
    else:
        monkeypatch.setenv("AUYL_DATABASE_URL", database)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--lang", "en", *args])
        db.configure(database_url(database))  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_the_command_line_prints_a_history_and_restores(auyl):
    member_id = edited()
    code, out, err = auyl("members", "history", str(member_id))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Person No. {member_id}, version 2"
    assert lines[1].split("\t")[3] == "changed" and lines[2:4] == [
        "    Surname: Сәрсенбаев → Ахметов", "    Phone: +77011234567 → +77017654321"]
    change = lines[1].split("\t")[0]
    assert auyl("members", "history", str(member_id), "--restore", change, "--expect", "1")[0] == 1  # stale
    code, out, err = auyl("members", "history", str(member_id), "--restore", change, "--expect", "2")
    assert code == 0 and "is back as before change" in out and members.get(member_id).surname == "Сәрсенбаев"
    code, out, err = auyl("members", "history", "999999")
    assert code == 1 and err.strip() == "auyl: error: No person with number 999999 in the register."


def test_the_command_line_lists_and_restores_deleted_records(auyl):
    meeting_id, _ = meeting_with_agenda()
    assert auyl("deleted")[1].strip() == "No deleted records to restore."
    meetings.delete_meeting(meeting_id)
    code, out, err = auyl("deleted", "--kind", "meetings")
    assert code == 0, err
    (line,) = out.splitlines()
    number, _at, _who, kind, title = line.split("\t")
    assert kind == "Meeting" and "No. 1/2026" in title
    assert auyl("deleted", "--restore", number)[1].strip() == f"Restored under number {meeting_id}."
    assert meetings.get(meeting_id).items
