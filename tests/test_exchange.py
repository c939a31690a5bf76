"""A centre's period package (app/services/exchange.py; docs/exchange-format.md): made by export from a
demo office, it reads back signed and whole, holds every figure of the activity report under its flat
keys, and holds no resident's personal data. The session's day is 7 December 2026."""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import pytest

from app import demo
from app.errors import ValidationError
from app.models import Member
from app.printing import activity as activity_paper
from app.services import exchange, periods, settings
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

QUARTER = date(2026, 7, 1), date(2026, 9, 30)
YEAR = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def centre(migrated_template, tmp_path_factory):
    """A demo office's packages for a quarter and the year, with what its own services said then."""
    folder = tmp_path_factory.mktemp("centre")
    with opened_copy(migrated_template, folder) as database:
        demo.generate(members=120, seed=4)
        made = {"database": database, "identity": exchange.identity(), "people": _people()}
        for name, (start, end) in (("quarter", QUARTER), ("year", YEAR)):
            span = periods.of(start, end)
            made[name] = (exchange.export(start, end, folder / f"{name}.auylpkg"), exchange.figures_of(span),
                          exchange.lists_of(span), activity_paper.report_data(start, end, "kk"))
        yield made


def _people() -> list[Member]:
    from sqlalchemy import select

    from app.db import unit_of_work

    with unit_of_work() as session:
        people = list(session.scalars(select(Member)))
        session.expunge_all()
    return people


@pytest.fixture
def reopened(centre):
    """The demo office opened again as the services' database, for tests that call its services."""
    from app import db, migrate
    from tests.conftest import database_url

    migrate.open_database(database_url(centre["database"]))
    try:
        yield centre["database"]
    finally:
        db.dispose()


def payload_text(path: Path) -> str:
    envelope = json.loads(path.read_bytes())
    return base64.b64decode(envelope["payload"]).decode("utf-8")


def test_a_package_reads_back_signed_with_the_centres_identity_and_figures(centre):
    path, figures, lists, _paper = centre["quarter"]
    package = exchange.read_package(path)
    identity = centre["identity"]
    assert (package.version, package.kind, package.centre_id, package.date_from, package.date_to) == (
        exchange.FORMAT_VERSION, "centre", identity.centre_id, *QUARTER)
    assert (package.name_kk, package.name_ru, package.kato) == (identity.name_kk, identity.name_ru, identity.kato)
    assert package.public_key == identity.public_key and package.figures == figures and package.lists == lists
    assert re.fullmatch(r"([0-9a-f]{4} ){7}[0-9a-f]{4}", package.fingerprint)
    assert package.signed_bytes == path.read_bytes()


def test_every_figure_of_the_activity_report_is_in_the_package(centre):
    for name in ("quarter", "year"):
        path, figures, _lists, paper = centre[name]
        read = exchange.read_package(path).figures
        assert read == figures
        assert all(isinstance(v, int) and not isinstance(v, bool) or isinstance(v, str) for v in read.values())
        assert (read["members.residents"], read["members.joined"], read["meetings.held"], read["meetings.with_quorum"],
                read["meetings.present"], read["meetings.entitled"], read["meetings.decisions"],
                read["meetings.answered"]) == (paper.residents, paper.joined, paper.meetings_held, paper.with_quorum,
                                               paper.present, paper.entitled, paper.decisions, paper.answered)
        assert (read["issues.received"], read["issues.resolved"], read["issues.rejected"], read["issues.still_open"],
                read["issues.overdue"], read["grants.count"], read["events.held"]) == (
            paper.received, paper.resolved, paper.rejected, paper.still_open, paper.overdue, paper.grants,
            paper.events_held)
        assert read["members.moved_away"] == sum(v.moved_away for v in paper.villages)
        assert read["members.died"] == sum(v.died for v in paper.villages)
        assert [v["residents"] for v in exchange.read_package(path).lists["villages"]] == [
            v.residents for v in paper.villages]
        assert (read["appeals.received"], read["appeals.answered_on_time"], read["appeals.answered_late"],
                read["appeals.sent_on"], read["appeals.still_open"], read["appeals.overdue"]) == (
            paper.appeals.received, paper.appeals.answered_on_time, paper.appeals.answered_late,
            paper.appeals.sent_on, paper.appeals.still_open, paper.appeals.overdue)
        for row in paper.currencies:
            assert (read[f"grants.count_by_currency/{row.currency}"], read[f"grants.received/{row.currency}"],
                    read[f"grants.spent/{row.currency}"], read[f"grants.balance/{row.currency}"]) == (
                row.grants, f"{row.received:f}", f"{row.spent:f}", f"{row.balance:f}")
        assert sum(v for k, v in read.items() if k.startswith("meetings.held_by_kind/")) == paper.meetings_held
        assert sum(row.count for row in paper.decision_statuses) == sum(
            read[f"meetings.decisions_by_status/{status}"] for status in ("in_progress", "overdue", "done", "rejected"))
        assert sum(v for k, v in read.items() if k.startswith("events.held_by_kind/")) == paper.events_held
        assert sum(v for k, v in read.items() if k.startswith("issues.received_by_category/")) == paper.received
        assert sum(row.received for row in paper.categories) == paper.received
        assert sum(v for k, v in read.items() if k.startswith("appeals.received_by_kind/")) == paper.appeals.received
    assert centre["year"][1]["meetings.held"] > centre["quarter"][1]["meetings.held"] > 0


def test_a_package_holds_no_residents_personal_data(centre):
    people = centre["people"]
    assert len(people) >= 100
    for name in ("quarter", "year"):
        path, _figures, lists, _paper = centre[name]
        text = payload_text(path) + path.read_text(encoding="utf-8")
        found = []
        for person in people:
            for value in (person.iin, person.phone, f"{person.surname} {person.given_name}",
                          f"{person.given_name} {person.surname}"):
                if value and value in text:
                    found.append(value)
            if len(person.surname) >= 5 and person.surname in text:
                found.append(person.surname)
            if person.birth_date and person.birth_date < date(2025, 1, 1):
                # The package's own dates (meetings, terms, issues raised) are of the demo's year; a birth
                # date before them is not one of them.
                found += [day for day in (person.birth_date.isoformat(), person.birth_date.strftime("%d.%m.%Y"))
                          if day in text]
        assert found == []
        # No list item carries a field naming a person.
        fields = {field for items in lists.values() for item in items for field in item}
        assert not fields & {"applicant", "applicant_name", "raised_by", "responsible", "chair", "secretary",
                             "assignee", "handler", "description", "phone", "iin", "address"}


def test_the_identity_is_made_once_and_kept(reopened, centre):
    first = exchange.identity()
    assert first == exchange.identity() == centre["identity"]
    assert exchange.own_fingerprint() == exchange.fingerprint(first.public_key)
    assert first.kind == "centre" and first.name_kk == settings.load().centre_name_kk


def test_the_first_start_makes_the_identity(database):
    from sqlalchemy import func, select

    from app.db import unit_of_work
    from app.models import CentreIdentity

    settings.keep_sample_district()
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(CentreIdentity)) == 1
    made = exchange.identity()
    with unit_of_work() as session:
        assert session.scalar(select(CentreIdentity.centre_id)) == made.centre_id


def test_a_district_office_signs_with_its_district_names(database, tmp_path):
    settings.save(office_kind="district")
    identity = exchange.identity()
    assert (identity.kind, identity.name_kk) == ("district", settings.load().district_name_kk)
    path = exchange.write_package(tmp_path / "up.auylpkg", identity, QUARTER, {"members.residents": 5}, {})
    package = exchange.read_package(path)
    assert (package.kind, package.figures, package.centre_id) == ("district", {"members.residents": 5},
                                                                    identity.centre_id)


def test_the_office_kind_is_a_centre_or_a_district(database):
    with pytest.raises(ValidationError, match="centre .centre. or a district office"):
        settings.save(office_kind="village")
    assert settings.load().office_kind == "centre"


def test_export_refuses_a_period_ahead_or_upside_down(database, tmp_path):
    with pytest.raises(ValidationError, match="after today"):
        exchange.export(date(2027, 1, 1), date(2027, 3, 31), tmp_path / "ahead.auylpkg")
    with pytest.raises(ValidationError, match="ends before it starts"):
        exchange.export(date(2026, 9, 30), date(2026, 7, 1), tmp_path / "upside.auylpkg")
    assert list(tmp_path.glob("*.auylpkg*")) == []


def test_any_changed_byte_or_a_cut_is_refused_when_read(centre, tmp_path):
    data = centre["quarter"][0].read_bytes()
    for position in range(0, len(data), max(1, len(data) // 97)):
        changed = bytearray(data)
        changed[position] ^= 0x01
        with pytest.raises(ValidationError):
            exchange.parse_package(bytes(changed), "changed")
    for length in (0, 1, 20, len(data) // 2, len(data) - 2, len(data) - 1):
        with pytest.raises(ValidationError):
            exchange.parse_package(data[:length], "cut")
    assert exchange.parse_package(data, "whole").figures == centre["quarter"][1]
