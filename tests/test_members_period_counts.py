"""The period's residents are counted as everyone less the few who are not (erased, gone by the
end, joined after it), each through an index: the same figures, village by village, as the plain
«not erased, living and joined by the end» query."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import db, demo
from app.models import Member
from app.services import members, periods

pytestmark = pytest.mark.every_database


def _plain_residents(on: date) -> dict[int, int]:
    living = (Member.status == "resident") | (Member.status_date > on)
    joined_by = Member.member_since.is_(None) | (Member.member_since <= on)
    query = (select(Member.village_id, func.count()).where(Member.erased_at.is_(None), living, joined_by)
             .group_by(Member.village_id))
    with db.unit_of_work() as session:
        return dict(session.execute(query).all())


def _person(surname, village_id, since=None, status="resident", status_date=None) -> int:
    return members.create(members.MemberData(surname=surname, given_name="T", village_id=village_id, sex="F",
                                             member_since=since, status=status, status_date=status_date))


def test_residents_are_the_plain_querys_on_every_day(database):
    demo.generate(300, seed=5, activity=False)
    # Beside the demo: people gone before, on and after a day, joined after it, and erased ones
    # (an erased person who had moved away, or joined later, is counted once, as erased).
    _person("Gone", 1, status="moved", status_date=date(2026, 3, 1))
    _person("GoneOnTheDay", 2, status="deceased", status_date=date(2026, 3, 31))
    _person("GoneAfter", 2, status="moved", status_date=date(2026, 4, 1))
    _person("JoinedAfter", 3, since=date(2026, 4, 2))
    _person("JoinedAfterAndGone", 1, since=date(2026, 4, 2), status="moved", status_date=date(2026, 5, 1))
    for erased in (_person("Erased", 1), _person("ErasedGone", 2, status="moved", status_date=date(2026, 1, 5)),
                   _person("ErasedLater", 3, since=date(2026, 6, 1))):
        members.erase(erased)
    for day in (date(2025, 12, 31), date(2026, 3, 31), date(2026, 4, 1), date(2026, 5, 1), date(2026, 12, 31)):
        figures = members.period(periods.of(day.replace(day=1), day, day))
        plain = _plain_residents(day)
        assert {v.village_id: v.residents for v in figures.villages} == {
            v.village_id: plain.get(v.village_id, 0) for v in figures.villages}
        assert figures.residents == sum(plain.values()) > 0
