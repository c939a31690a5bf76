"""The demo's year of meetings: what it holds, that it follows the rules, and that a seed repeats it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import db, demo
from app.errors import ValidationError
from app.services import meetings, members, settings
from tests.conftest import opened_copy, query

pytestmark = pytest.mark.every_database

TODAY = date(2026, 11, 20)


def _rows(database: Path | str, table: str) -> list[tuple]:
    return query(database, f"SELECT * FROM {table} ORDER BY id")


@pytest.fixture(scope="module")
def demo_year(migrated_template, tmp_path_factory) -> tuple[Path | str, demo.DemoSummary]:
    """One demo year for the module (building it takes seconds); each test gets its own copy."""
    with opened_copy(migrated_template, tmp_path_factory.mktemp("demo-year")) as district:
        summary = demo.generate(400, seed=3, today=TODAY)
        db.dispose()
        yield district, summary


@pytest.fixture
def year(demo_year, tmp_path):
    district, summary = demo_year
    with opened_copy(district, tmp_path):
        yield summary, [meetings.get(row.id, today=TODAY) for row in meetings.list_meetings()]


def test_each_village_gathers_and_the_assembly_meets_every_quarter(year):
    summary, views = year
    assert summary.meetings == len(views)
    kinds = Counter(m.kind for m in views)
    villages = settings.villages()
    assert kinds["assembly"] == 5  # four held, one to come
    per_village = Counter(m.village_id for m in views if m.kind == "gathering")
    assert set(per_village) == {v.id for v in villages}
    assert all(2 <= count <= 4 for count in per_village.values())  # the first village also elects the assembly
    assert all(TODAY - timedelta(days=366) <= m.starts_at.date() for m in views)
    assert sum(m.starts_at.date() > TODAY for m in views) == 1
    # Numbers run per kind and year in date order.
    for kind in ("gathering", "assembly"):
        for year_ in {m.year for m in views}:
            numbers = [m.number for m in sorted(views, key=lambda m: (m.starts_at, m.id)) if (m.kind, m.year) == (kind, year_)]
            assert numbers == list(range(1, len(numbers) + 1))


def test_the_assembly_is_elected_at_a_gathering_for_the_district_term(year):
    _, views = year
    elected = meetings.assembly_members()
    assert 7 <= len(elected) <= 9
    where = {row.elected_at_meeting_id for row in elected}
    assert len(where) == 1
    election = next(m for m in views if m.id in where)
    assert election.kind == "gathering" and election.starts_at.date() == elected[0].elected_on
    term = settings.load().assembly_term_years
    assert all(row.term_ends_on == row.elected_on.replace(year=row.elected_on.year + term) for row in elected)
    for m in views:
        if m.kind == "assembly" and m.starts_at.date() < TODAY:
            assert m.quorum.entitled == len(elected) and m.quorum.reached


def test_decisions_are_in_every_status(year):
    rows = meetings.decisions(today=TODAY)
    statuses = Counter(row.status for row in rows)
    assert set(statuses) == {"in_progress", "done", "rejected", "overdue"}, statuses
    for row in rows:
        if row.status in ("done", "rejected"):
            assert row.sent_on and row.answer_on and row.answer_text and row.responsible
        if row.status == "overdue":
            assert (row.sent_on is None and TODAY > row.send_by) or row.answer_on is None
    assert any(row.sent_on and not row.answer_on and row.answer_due < TODAY for row in rows)  # an unanswered one


def test_one_meeting_lacked_quorum_and_adopted_nothing(year):
    _, views = year
    held = [m for m in views if m.starts_at.date() < TODAY]
    without = [m for m in held if not m.quorum.reached]
    assert len(without) == 1
    assert without[0].items and all(item.decision is None for item in without[0].items)
    assert all(not item.vote.adopted for item in without[0].items if item.vote)
    assert all(m.quorum.present > 0 for m in held)
    assert any(m.quorum.head_count for m in held) and any(not m.quorum.head_count for m in held)


def test_protocols_are_signed_once_old_enough_and_one_has_an_amendment(year):
    _, views = year
    amended = [m for m in views if m.amendments]
    assert len(amended) == 1 and amended[0].signed
    assert amended[0].amendments[0].made_on > amended[0].signed_on
    for m in views:
        if m.starts_at.date() < TODAY - timedelta(days=30):
            assert m.signed and m.chair and m.secretary
        else:
            assert not m.signed


def test_the_meeting_to_come_has_an_agenda_and_no_attendance(year):
    _, views = year
    planned = next(m for m in views if m.starts_at.date() > TODAY)
    assert planned.kind == "assembly" and planned.items
    assert planned.quorum.present == 0 and all(item.vote is None for item in planned.items)


def test_no_meeting_hears_the_same_item_twice(year):
    _, views = year
    for view in views:
        titles = [item.title for item in view.items]
        assert len(titles) == len(set(titles)), (view.number, titles)


def test_speakers_and_votes_are_filled_in(year):
    _, views = year
    held = [m for m in views if m.starts_at.date() < TODAY]
    items = [item for m in held for item in m.items]
    assert all(item.title and item.rapporteur and item.proposal and item.decision_text for item in items)
    assert all(item.speakers for item in items)
    assert all(item.vote for item in items)
    assert {m.language for m in views} == {"kk", "ru"}
    assert any(item.vote.mode == "roll_call" for m in held for item in m.items)


def test_a_second_demo_is_refused_and_adds_nothing(year):
    _, views = year
    people = members.count()
    with pytest.raises(ValidationError, match="already has people in its register"):
        demo.generate(50, seed=9, today=TODAY)
    assert len(meetings.list_meetings()) == len(views) and members.count() == people


def test_same_seed_and_day_give_the_same_meetings(demo_year, migrated_template, tmp_path):
    district, first = demo_year  # the module's year is the first run
    with opened_copy(migrated_template, tmp_path / "other") as other:
        second = demo.generate(400, seed=3, today=TODAY)
        db.dispose()
        assert first == second and first.meetings > 10
        for table in ("meetings", "agenda_items", "speakers", "attendance", "roll_call_votes", "decisions",
                      "amendments", "assembly_memberships"):
            assert _rows(district, table) == _rows(other, table), table
