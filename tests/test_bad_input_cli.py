"""Impossible values and broken input on the command line, through app.main.main: each is refused
with a message of its own (never the "unexpected error" line), a non-zero exit code, and nothing
changed; on both databases, since each value would be stored (app/rules/ranges.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app import db
from app.errors import ValidationError
from app.main import main
from app.models import AuditEntry, Grant
from app.services import events, grants, meetings, members, settings
from app.services.events import EventData
from app.services.grants import DonorData, GrantData
from app.services.meetings import ItemData, MeetingData

pytestmark = pytest.mark.every_database

DAY = datetime(2026, 12, 20, 10, 0)
TOO_LONG_ID = "12345678901234567890123"


@pytest.fixture
def auyl(database, capsys, monkeypatch):
    """Runs `auyl --lang en ARGS…` on the test's database; returns (exit code, stdout, stderr)."""
    url = db.sqlite_url(database) if not isinstance(database, str) else database
    monkeypatch.setenv("AUYL_DATABASE_URL", url)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--lang", "en", *args])
        except SystemExit as stop:  # argparse refuses what it cannot read
            code = stop.code
        db.configure(url)  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def office(database) -> dict:
    """Five residents of Жарлыөзек, a gathering there, an event for 10 and a grant in tenge."""
    village = settings.villages()[0].id
    for n in range(5):
        members.create(members.MemberData(surname=f"Тұрғын{n}", given_name="Ерлан", village_id=village,
                                          birth_date=date(1980, 1, 1), sex="M"))
    meeting = meetings.create(MeetingData("gathering", DAY, village_id=village, chair="Chair Person",
                                          secretary="Secretary Person"), [ItemData("Roads")])
    event = events.create(EventData("Домбыра үйірмесі", settings.load().event_kinds.split(";")[0].strip(),
                                    datetime(2026, 12, 21, 10), datetime(2026, 12, 21, 12), capacity=10))[0]
    donor = grants.save_donor(DonorData("Азаматтық бастамаларды қолдау орталығы", "state"))
    grant = grants.create_grant(GrantData(donor, "ГГ-1", date(2026, 1, 10), date(2026, 2, 1), date(2026, 12, 31),
                                          "KZT", "3 000 000"))
    return dict(meeting=meeting, event=event, grant=grant)


def changes() -> tuple:
    """The audit log's size and last entry: any write to any table adds to it."""
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)), session.scalar(
            select(func.max(AuditEntry.id)))


def refused(result, message: str, code: int) -> None:
    got, out, err = result
    assert "unexpected error" not in err and "Traceback" not in err, err
    assert got == code and out == "", (got, out, err)
    assert message in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("args, message, code", [
    (("report", "issues", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "{tmp}/missing/issues.pdf"),
     "/missing does not exist: create it first", 2),
    (("report", "members", "-o", "{tmp}/missing/register.pdf"), "/missing does not exist: create it first", 2),
    (("report", "activity", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "{tmp}"),
     "is a folder: give the name of the file to write", 2),
    (("report", "events", "--from", "0001-01-01", "--to", "2026-12-31", "-o", "{tmp}/events.pdf"),
     "0001-01-01 is outside the years 1900–2100 the office keeps records for.", 2),
    (("report", "activity", "--from", "2026-01-01", "--to", "9999-12-31", "-o", "{tmp}/activity.pdf"),
     "9999-12-31 is outside the years 1900–2100", 2),
    (("audit", "--since", "9999-12-31"), "9999-12-31 is outside the years 1900–2100", 2),
    (("meetings", "show", TOO_LONG_ID), f"argument ID: “{TOO_LONG_ID}” is too big: a number here is at most "
                                        "2147483647.", 2),
    (("report", "minutes", "--meeting", TOO_LONG_ID, "-o", "{tmp}/minutes.pdf"),
     f"argument --meeting: “{TOO_LONG_ID}” is too big", 2),
    (("grants", "show", "NaN"), "argument ID: “NaN” is not a whole number.", 2),
    (("meetings", "headcount", "{meeting}", "99999999999"), "“99999999999” is too big", 2),
    (("meetings", "headcount", "{meeting}", "448"), "A head count of 448 is more than the 5 people entitled to "
                                                     "attend or living in the village", 1),
    (("meetings", "entitled", "{meeting}", "inf", "--reason", "the sheet"), "is not a whole number from 0", 2),
    (("settings", "--add-mci", "2027-01-01=Infinity"), "“Infinity” is not an MCI value", 1),
    (("settings", "--add-mci", "2027-01-01=NaN"), "“NaN” is not an MCI value", 1),
    (("settings", "--add-mci", "1800-01-01=4500"), "1800-01-01 is outside the years 1900–2100", 2),
    (("grants", "edit", "{grant}", "--total", "NaN"), "“NaN” is not an amount", 1),
    (("grants", "edit", "{grant}", "--total", "100000000000000000000000"), "An amount is at most 9999999999999.99.",
     1),
    (("grants", "edit", "{grant}", "--total", "99999999999999.99"), "An amount is at most 9999999999999.99.", 1),
    (("events", "edit", "{event}", "--capacity", "0"), "A capacity is at least 1 person", 1),
    (("events", "edit", "{event}", "--grant", TOO_LONG_ID), f"argument --grant: “{TOO_LONG_ID}” is too big", 2),
    (("decisions", "update", TOO_LONG_ID, "--status", "done"), f"“{TOO_LONG_ID}” is not a record number", 1),
    (("settings", "--add-room", "Зал\x00"), "a NUL character (code 0)", 2),
    (("settings", "--add-room", "Зал\udcd0"), "a broken character", 2),  # a byte that is not UTF-8
    (("members", "search", "\ud800"), "a broken character", 2),
])
def test_each_impossible_input_has_its_own_message_and_changes_nothing(auyl, office, tmp_path, args, message,
                                                                       code):
    before = changes()
    refused(auyl(*(arg.format(tmp=tmp_path, **office) for arg in args)), message, code)
    assert changes() == before
    assert not (tmp_path / "missing").exists()


def test_an_imported_file_with_nul_is_refused_whole(auyl, office, tmp_path):
    path = tmp_path / "тізім.csv"
    path.write_text("Surname,Given name,Sex\nАй\x00гүл,Ерлан,M\nСейітов,Марат,M\n", encoding="utf-8")
    before = changes()
    code, out, err = auyl("members", "import", str(path))
    assert (code, out) == (1, "") and "тізім.csv" in err and "unexpected error" not in err, err
    assert changes() == before


def test_a_head_count_up_to_the_villages_residents_is_taken(auyl, office):
    # The register lags behind the village: as many as live there may come, not one more.
    assert auyl("meetings", "headcount", str(office["meeting"]), "5")[0] == 0
    assert meetings.quorum(office["meeting"]).present == 5
    assert auyl("meetings", "entitled", str(office["meeting"]), "448", "--reason", "the akimat's list")[0] == 0
    assert auyl("meetings", "headcount", str(office["meeting"]), "448")[0] == 0
    assert meetings.quorum(office["meeting"]).present == 448


@pytest.mark.parametrize("born", [date(1, 1, 1), date(1800, 1, 1), date(1899, 12, 31)])
def test_a_birth_date_before_1900_is_refused(database, born):
    with pytest.raises(ValidationError) as error:
        members.create(members.MemberData(surname="Ескі", given_name="Адам", village_id=settings.villages()[0].id,
                                          birth_date=born, sex="M"))
    assert (error.value.field, error.value.msgid) == ("birth_date", "A birth date before {first} cannot be right: "
                                                                    "check the year.")
    assert members.count() == 0


@pytest.mark.parametrize("total", ["9999999999999.99", "9999999999999.01", "1234567890123.45", "0.01"])
def test_money_up_to_the_limit_is_kept_to_the_tiyn(office, total):
    data = grants.get(office["grant"]).data
    grants.update_grant(office["grant"], GrantData(**{**data.__dict__, "total": total}))
    assert grants.get(office["grant"]).total == D(total)
    with db.unit_of_work() as session:  # as stored, not as the service reads it
        assert session.scalar(select(Grant.total).where(Grant.id == office["grant"])) == D(total)


def test_text_with_nul_is_refused_before_the_database_sees_it(office):
    with pytest.raises(ValidationError) as error:
        members.create(members.MemberData(surname="Ай\x00гүл", given_name="Ерлан",
                                          village_id=settings.villages()[0].id, sex="F"))
    assert error.value.field == "surname"
    assert members.count() == 5
