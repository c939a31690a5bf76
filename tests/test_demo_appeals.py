"""The demo year of appeals: the same seed and day give the same appeals, every state is there (answered
with each result, on time and late, extended, sent on, open, overdue and due within days, anonymous and
not considered, a crime reported, through e-Otinish), some join a local issue, and a second run adds
nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from app.demo.appeals import generate_appeals
from app.demo.issues import generate_issues
from app.demo.members import add_people
from app.services import appeals
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

TODAY = date(2026, 12, 4)  # a Friday before the session's day


def build() -> int:
    add_people(200, 4, None, None)
    generate_issues(4, TODAY)
    return generate_appeals(4, TODAY)


def contents() -> list[tuple]:
    return [(v.label, v.data, v.status, v.due, v.extended_to, v.redirected_to, v.answered_on, v.result,
             v.local_issue_id, tuple((s.at, s.kind, s.value, s.comment) for s in v.steps))
            for v in (appeals.get(row.id, TODAY) for row in appeals.rows(today=TODAY))]


@pytest.fixture
def added(migrated_template, made_once, tmp_path):
    """A copy of one build (made once per session: it takes seconds; tests/test_appeal_papers.py starts
    from it too) as the services' database; the number of appeals the build added."""
    made, added = made_once(migrated_template, build)
    with opened_copy(made, tmp_path / "db"):
        yield added


def test_a_year_of_appeals_in_every_state(added):
    views = [appeals.get(row.id, TODAY) for row in appeals.rows(today=TODAY)]
    assert 50 <= added == len(views) <= 100
    assert set(Counter(v.status for v in views)) == {"open", "answered", "redirected", "not_considered"}
    assert set(appeals.RESULTS) == {v.result for v in views if v.result}
    rows = appeals.rows(today=TODAY)
    assert any(r.overdue for r in rows) and any(r.due_soon for r in rows)
    assert any(v.answered_late for v in views)
    assert any(v.extended_on and v.status == "open" for v in views)
    assert any(v.extended_on and v.status == "answered" for v in views)
    assert any(v.data.reports_crime and v.status != "not_considered" for v in views)
    assert any(v.data.channel == "otinish" and v.data.otinish_number for v in views)
    assert any(v.data.member_id for v in views) and any(v.data.applicant_name for v in views)
    assert any(v.local_issue_id for v in views)
    for v in views:  # every step on a day already past, in order
        assert all(s.at.date() <= TODAY for s in v.steps)
        assert [s.at for s in v.steps] == sorted(s.at for s in v.steps)


def test_the_same_seed_and_day_give_the_same_appeals_and_a_second_run_adds_nothing(added, migrated_template,
                                                                                   tmp_path):
    first = contents()
    assert generate_appeals(4, TODAY) == 0
    assert contents() == first
    with opened_copy(migrated_template, tmp_path / "again"):
        build()
        assert contents() == first
