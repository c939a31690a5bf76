"""An appeal's details corrected after registration and its attachments, through the appeals service
and `auyl appeals edit / attach / show`: each change a step of its history with who and when; the
number, the receipt and anonymity kept as registered (docs/domain.md, Appeals of residents); every
refusal clear, with nothing changed. The session's day is Monday 7 December 2026."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app import db
from app.errors import Conflict, NotFound, ValidationError
from app.main import main
from app.models import AppealAttachment, RecordVersion
from app.services import appeals, members
from tests.small_pdf import small_pdf

pytestmark = pytest.mark.every_database

RECEIVED = datetime(2026, 11, 20, 10, 30)


def register(**changes) -> int:
    values = dict(kind="complaint", received_at=RECEIVED, applicant_name="Асқар Нұрланов",
                  applicant_address="Жарлыөзек, Бейбітшілік 4", applicant_phone="87011234567",
                  addressed_to="Ауыл әкімі", text="Көшеде жарық жоқ")
    return appeals.create(appeals.AppealData(**{**values, **changes}))


@pytest.fixture
def appeal(database) -> int:
    return register()


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "өтініш скан.pdf"
    path.write_bytes(small_pdf("the scanned appeal"))
    return path


def test_corrected_details_are_kept_with_a_step_naming_what_changed(appeal):
    before = appeals.get(appeal)
    data = appeals.AppealData(**{**before.data.__dict__, "kind": "application", "handler": "Айгүл Сейітова",
                                 "applicant_name": "Асқар Нұрланұлы", "text": "Көше шамы жанбайды"})
    appeals.update(appeal, data, version=before.version, at=datetime(2026, 12, 7, 11, 0))
    after = appeals.get(appeal)
    assert (after.data.kind, after.data.handler, after.applicant, after.data.text) == (
        "application", "Айгүл Сейітова", "Асқар Нұрланұлы", "Көше шамы жанбайды")
    assert (after.label, after.registered_on, after.due) == (before.label, before.registered_on, before.due)
    step = after.steps[-1]
    assert (step.kind, step.at, step.user) == ("edited", datetime(2026, 12, 7, 11, 0), before.steps[0].user)
    assert appeals.edited_fields(step.value) == ["kind", "applicant", "text", "handler"]


def test_nothing_changed_takes_no_step(appeal):
    before = appeals.get(appeal)
    appeals.update(appeal, before.data, version=before.version)
    assert appeals.get(appeal).steps == before.steps


def test_the_applicant_moves_between_the_register_and_a_name(appeal):
    person = members.create(members.MemberData(surname="Сейітова", given_name="Айгүл", village_id=1, sex="F",
                                               birth_date=date(1985, 3, 8)))
    data = appeals.get(appeal).data
    appeals.update(appeal, appeals.AppealData(**{**data.__dict__, "member_id": person}))
    view = appeals.get(appeal)
    assert (view.data.member_id, view.applicant, view.data.applicant_name, view.data.applicant_phone) == (
        person, "Сейітова Айгүл", "", "")
    assert appeals.edited_fields(view.steps[-1].value) == ["applicant", "applicant's address", "applicant's phone"]


@pytest.mark.parametrize("change, field, message", [
    ({"received_at": datetime(2026, 11, 19, 10, 30)}, "received_at", "cannot change"),
    ({"anonymous": True}, "anonymous", "anonymous cannot change"),
    ({"kind": "petition"}, "kind", "Unknown kind"),
    ({"channel": "fax"}, "channel", "Unknown channel"),
    ({"channel": "otinish"}, "otinish_number", "e-Otinish number"),
    ({"applicant_name": " "}, "applicant_name", "Name the applicant"),
    ({"applicant_phone": "12"}, "applicant_phone", ""),
    ({"member_id": 999}, "member_id", "No person with number 999"),
])
def test_a_refused_correction_changes_nothing(appeal, change, field, message):
    before = appeals.get(appeal)
    with pytest.raises(ValidationError, match=message or None) as refusal:
        appeals.update(appeal, appeals.AppealData(**{**before.data.__dict__, **change}), version=before.version)
    assert refusal.value.field == field
    assert appeals.get(appeal) == before


def test_a_correction_over_a_newer_version_is_a_conflict(appeal):
    seen = appeals.get(appeal)
    appeals.update(appeal, appeals.AppealData(**{**seen.data.__dict__, "handler": "Айгүл"}), version=seen.version)
    with pytest.raises(Conflict):
        appeals.update(appeal, appeals.AppealData(**{**seen.data.__dict__, "text": "басқа"}), version=seen.version)
    assert appeals.get(appeal).data.text == "Көшеде жарық жоқ"


def test_attachments_are_kept_read_back_and_removed_each_a_step(appeal, scan, tmp_path):
    attachment = appeals.add_attachment(appeal, scan, at=datetime(2026, 12, 7, 9, 30))
    view = appeals.get(appeal)
    [shown] = view.attachments
    assert (shown.id, shown.file_name, shown.media_type, shown.size) == (
        attachment, "өтініш скан.pdf", "application/pdf", len(scan.read_bytes()))
    assert appeals.attachment_content(attachment) == ("өтініш скан.pdf", "application/pdf", scan.read_bytes())
    saved = appeals.save_attachment(attachment, tmp_path / "out")
    assert saved == tmp_path / "out" / "өтініш скан.pdf" and saved.read_bytes() == scan.read_bytes()
    assert (view.steps[-1].kind, view.steps[-1].value) == ("attachment", "өтініш скан.pdf")
    appeals.remove_attachment(attachment)
    view = appeals.get(appeal)
    assert view.attachments == () and (view.steps[-1].kind, view.steps[-1].value) == ("detached", "өтініш скан.pdf")
    with pytest.raises(NotFound):
        appeals.attachment_content(attachment)


def test_a_stored_name_with_folders_is_written_only_under_its_bare_name(appeal, scan, tmp_path):
    attachment = appeals.add_attachment(appeal, scan)
    with db.unit_of_work() as session:
        session.get(AppealAttachment, attachment).file_name = "../../evil.pdf"
    assert appeals.save_attachment(attachment, tmp_path / "out") == tmp_path / "out" / "evil.pdf"
    assert not (tmp_path / "evil.pdf").exists()


def test_an_empty_missing_or_unknown_attachment_is_refused(appeal, scan, tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    before = appeals.get(appeal)
    with pytest.raises(ValidationError, match="empty"):
        appeals.add_attachment(appeal, empty)
    with pytest.raises(ValidationError, match="cannot be read"):
        appeals.add_attachment(appeal, tmp_path / "missing.jpg")
    with pytest.raises(NotFound, match="No appeal with number 999"):
        appeals.add_attachment(999, scan)
    with pytest.raises(NotFound):
        appeals.remove_attachment(999)
    assert appeals.get(appeal) == before


def test_erasing_the_applicant_removes_the_attachments_and_their_versions(database, scan):
    person = members.create(members.MemberData(surname="Сейітова", given_name="Айгүл", village_id=1, sex="F",
                                               birth_date=date(1985, 3, 8)))
    appeal = register(applicant_name="", member_id=person)
    attachment = appeals.add_attachment(appeal, scan)
    members.erase(person)
    view = appeals.get(appeal)
    assert view.attachments == () and [s.value for s in view.steps if s.kind == "attachment"] == [""]
    with db.unit_of_work() as session:
        assert not session.query(RecordVersion).filter_by(table_name="appeal_attachments", row_id=attachment).count()


# The command line ---------------------------------------------------------------------------------

@pytest.fixture
def auyl(database, capsys):
    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", lang, *args])
        except SystemExit as stop:
            code = stop.code
        db.configure(db.sqlite_url(database))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.every_database(only="sqlite")  # `--db` takes a file
def test_attach_and_show_list_the_files(appeal, auyl, scan):
    code, out, err = auyl("appeals", "attach", str(appeal), str(scan))
    assert code == 0 and "өтініш скан.pdf" in out and "1/2026" in out, err
    code, out, err = auyl("appeals", "show", str(appeal))
    assert "Attachments:" in out and "өтініш скан.pdf\t1 KB" in out
    code, out, err = auyl("appeals", "attach", str(appeal), str(scan.parent / "none.pdf"))
    assert code == 1 and out == "" and "cannot be read" in err and len(appeals.get(appeal).attachments) == 1


@pytest.mark.every_database(only="sqlite")
def test_edit_changes_what_is_named_and_says_so(appeal, auyl):
    code, out, err = auyl("appeals", "edit", str(appeal), "--type", "ұсыныс", "--handler", "Айгүл Сейітова",
                          "--channel", "otinish", "--otinish", "ЖТ-2026-7")
    assert code == 0 and "1/2026" in out and "kind" in out and "handler" in out, err
    view = appeals.get(appeal)
    assert (view.data.kind, view.data.handler, view.data.channel, view.data.otinish_number) == (
        "proposal", "Айгүл Сейітова", "otinish", "ЖТ-2026-7")
    assert view.data.text == "Көшеде жарық жоқ"
    code, out, err = auyl("appeals", "edit", str(appeal), "--channel", "post")
    assert code == 0 and appeals.get(appeal).data.otinish_number == ""
    code, out, err = auyl("appeals", "edit", str(appeal), "--handler", "Айгүл Сейітова", lang="ru")
    assert code == 0 and "1/2026" in out and "нечего" in out, out
    code, out, err = auyl("appeals", "show", str(appeal))
    assert "details changed\tkind, channel, e-Otinish number, handler" in out


@pytest.mark.every_database(only="sqlite")
def test_a_refused_edit_is_one_line_and_changes_nothing(appeal, auyl):
    before = appeals.get(appeal)
    code, out, err = auyl("appeals", "edit", str(appeal), "--type", "petition")
    assert code == 1 and out == "" and "Unknown kind" in err and len(err.strip().splitlines()) == 1
    code, out, err = auyl("appeals", "edit", str(appeal), "--from", "A", "--member", "3")
    assert code == 2
    code, out, err = auyl("appeals", "edit", "999", "--text", "x")
    assert code == 1 and "999" in err
    assert appeals.get(appeal) == before
