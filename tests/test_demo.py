"""Demo data: deterministic, believable, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import db, demo
from app.errors import Cancelled, ValidationError
from app.models import AuditEntry, Household, Member
from app.rules import iin as iin_rules
from app.services import settings
from tests.conftest import opened_copy, query

pytestmark = pytest.mark.every_database


def _rows(database: Path | str, table: str) -> list[tuple]:
    return query(database, f"SELECT * FROM {table} ORDER BY id")


def _count(model) -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_same_seed_gives_the_same_people_on_two_databases(database, migrated_template, tmp_path):
    first = demo.generate(300, seed=5, activity=False)
    with opened_copy(migrated_template, tmp_path / "other") as other:
        second = demo.generate(300, seed=5, activity=False)
        db.dispose()
        assert first == second
        assert first.members == 300 and 0 < first.households < 300
        for table in ("members", "households"):
            assert _rows(database, table) == _rows(other, table)
    assert len(_rows(database, "members")) == 300


def test_another_seed_gives_other_people(database):
    demo.generate(100, seed=1, activity=False)
    with db.unit_of_work() as session:
        first = list(session.execute(select(Member.surname, Member.given_name, Member.iin).order_by(Member.id)))
    demo.generate(100, seed=2, activity=False)
    with db.unit_of_work() as session:
        second = list(session.execute(select(Member.surname, Member.given_name, Member.iin)
                                      .order_by(Member.id).offset(100)))
    assert first != second


def test_every_demo_iin_is_valid_and_matches_birth_date_and_sex(database):
    demo.generate(1000, seed=5, activity=False)
    with db.unit_of_work() as session:
        people = list(session.execute(select(Member.iin, Member.birth_date, Member.sex)))
    with_iin = [p for p in people if p.iin]
    assert len(with_iin) > 900
    assert len({p.iin for p in with_iin}) == len(with_iin)
    for number, born, sex in with_iin:
        parsed = iin_rules.parse(number)
        assert (parsed.birth_date, parsed.sex, parsed.needs_confirmation) == (born, sex, False), number
    assert all(p.birth_date and p.sex in ("M", "F") for p in people)


def test_every_household_has_a_head_who_lives_in_it(database):
    demo.generate(500, seed=5, activity=False)
    with db.unit_of_work() as session:
        households = list(session.scalars(select(Household)))
        assert households
        for household in households:
            assert household.head_id is not None, household.id
            member_ids = {m.id for m in household.members}
            assert household.head_id in member_ids
            head = session.get(Member, household.head_id)
            assert (head.village_id, head.street, head.house) == (household.village_id, household.street,
                                                                  household.house)
        assert session.scalar(select(func.count()).select_from(Member).where(Member.household_id.is_(None))) == 0


def test_demo_people_live_in_the_district_villages(database):
    demo.generate(300, seed=5, activity=False)
    with db.unit_of_work() as session:
        used = set(session.scalars(select(Member.village_id).distinct()))
    assert used == {v.id for v in settings.villages()}


def test_demo_adds_to_existing_people_without_iin_clashes(database):
    demo.generate(300, seed=5, activity=False)
    demo.generate(300, seed=5, activity=False)
    assert _count(Member) == 600


def test_progress_reaches_the_total(database):
    calls = []
    demo.generate(2500, seed=1, progress=lambda done, total: calls.append((done, total)), activity=False)
    assert calls[-1] == (2500, 2500)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_cancel_leaves_no_member_and_no_audit_entry(database):
    asked = []

    def cancelled():
        asked.append(True)
        return True

    with pytest.raises(Cancelled):
        demo.generate(5000, seed=5, cancelled=cancelled, activity=False)
    assert asked
    assert _count(Member) == 0
    assert _count(Household) == 0
    assert _count(AuditEntry) == 0


def test_cancel_is_honoured_in_a_small_run(database):
    with pytest.raises(Cancelled):
        demo.generate(300, seed=5, cancelled=lambda: True, activity=False)
    assert _count(Member) == 0


@pytest.mark.parametrize("members", [0, -1, 1_000_001])
def test_demo_size_out_of_range_is_refused(database, members):
    with pytest.raises(ValidationError) as caught:
        demo.generate(members, activity=False)
    assert caught.value.field == "members"


def test_demo_writes_some_kazakh_names_without_the_kazakh_letters(database):
    from app.services import members

    demo.generate(600, seed=12, activity=False)
    names = {r.surname for r in members.rows()}
    plain = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
    pairs = [(n, n.translate(plain)) for n in names if n.translate(plain) != n and n.translate(plain) in names]
    assert pairs, "some surnames appear both with and without the Kazakh letters"
    kazakh, russian = pairs[0]
    found = {r.surname for r in members.search(russian, limit=2000)}
    assert {kazakh, russian} <= found  # one search finds both spellings
