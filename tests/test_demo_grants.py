"""The demo grants: the same seed and day give the same grants, every kind of donor and every state
of deadline is there, the checks have something to show (an overspent line, money spent before it
came), foreign receipts have their tax notices, two expenses carry scans, grants pay for local
issues, and a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import demo
from app.demo import grants as demo_grants
from app.services import grants
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

TODAY = date.today() - timedelta(days=3)


def contents() -> list[tuple]:
    return [(v.data, v.lines, v.tranches, tuple((e.line_code, e.spent_on, e.amount, e.payee, e.scan_name)
                                                for e in v.expenses),
             tuple((d.kind, d.title, d.due_on, d.submitted_on) for d in v.deadlines), v.issue_ids)
            for v in (grants.get(row.id, today=TODAY) for row in grants.list_grants())]


def test_the_same_seed_and_day_give_the_same_grants(database, migrated_template, tmp_path):
    assert demo_grants.generate_grants(4, TODAY) == len(demo_grants.PLANS)
    first = contents()
    with opened_copy(migrated_template, tmp_path / "again"):
        demo_grants.generate_grants(4, TODAY)
        assert contents() == first
    assert len(first) == len(demo_grants.PLANS)


def test_grants_of_every_kind_with_deadlines_in_every_state_and_warnings(database):
    demo.generate(120, seed=2, today=TODAY)
    views = [grants.get(row.id, today=TODAY) for row in grants.list_grants()]
    assert {v.donor_kind for v in views} == set(grants.DONOR_KINDS)
    assert {v.data.currency for v in views} == {"KZT", "USD"}
    assert min(v.data.starts_on for v in views) >= TODAY - timedelta(days=550)
    assert {d.status for d in grants.deadlines(today=TODAY)} == set(grants.DEADLINE_STATUSES)
    state = next(r for r in grants.donors() if r.kind == "state")
    assert state.bin == "940140000385"

    texts = [w.msgid for v in views for w in v.warnings]
    assert grants.OVERSPENT_LINE in texts
    assert grants.SPENT_BEFORE_RECEIVED in texts or grants.SPENT_BEFORE_ANY_RECEIVED in texts
    for v in views:
        assert sum(line.planned for line in v.lines) == v.total  # budgets add up to the tenge
        assert sum(t.planned_amount for t in v.tranches) == v.total
        assert all(e.spent_on <= TODAY and v.data.starts_on <= e.spent_on <= v.data.ends_on for e in v.expenses)
        receipts = [t for t in v.tranches if t.received_on]
        taxes = [d for d in v.deadlines if d.kind == "tax"]
        assert len(taxes) == (len(receipts) if v.donor_kind == "foreign" else 0)
        assert all(d.submitted_on is None or d.submitted_on <= TODAY for d in v.deadlines)
    scans = [e for v in views for e in v.expenses if e.scan_name]
    assert sorted(e.scan_name for e in scans) == ["акт-выполненных-работ.pdf", "чек-0412.png"]
    assert grants.expense_scan(next(e.id for e in scans if e.scan_name.endswith(".pdf")))[2].startswith(b"%PDF-1.4")
    assert any(v.issue_ids for v in views)


def test_a_second_run_adds_nothing(database):
    demo_grants.generate_grants(1, TODAY)
    before = contents()
    assert demo_grants.generate_grants(1, TODAY) == 0
    assert contents() == before
