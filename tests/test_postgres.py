"""The same services on PostgreSQL (ARCHITECTURE.md: SQLAlchemy only, no SQLite-only SQL in the
domain code). Runs when AUYL_TEST_POSTGRES_URL names an empty database it may wipe; .ci/run sets
one up."""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from app import db, migrate
from app.services import audit, demo, member_import, members, settings

URL = os.environ.get("AUYL_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="AUYL_TEST_POSTGRES_URL is not set")


@pytest.fixture
def postgres():
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate.open_database(URL)
    yield
    db.dispose()


def test_migrations_and_the_register_work_on_postgresql(postgres, tmp_path):
    assert migrate.current_revision(db.engine()) == migrate.head_revision()
    assert [v.name_kk for v in settings.villages()] == ["Жарлыөзек", "Бозтоған", "Мұқаншы"]
    settings.save(voting_age=19)
    assert settings.load().voting_age == 19
    demo.generate(120, seed=3)
    someone = members.rows(limit=1)[0]
    assert someone.id in [r.id for r in members.search(someone.surname, limit=None)]
    member_id = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", iin="791028302728",
                                                  village_id=settings.villages()[0].id, phone="8 701 123 45 67"))
    assert [r.id for r in members.search("Mukanov Erlan")] == [member_id]
    assert members.count(age_min=18, today=date(2026, 6, 1)) > 0
    path, written = members.export(tmp_path / "register.xlsx")
    result = member_import.import_file(path)
    assert (result.added, result.updated, result.rejected) == (0, written, [])
    members.erase(member_id)
    assert members.get(member_id).iin == ""
    assert any(e.table_name == "members" and e.action == "update" for e in audit.entries(limit=50))


def test_meetings_issues_grants_and_events_work_on_postgresql(postgres):
    from datetime import datetime
    from decimal import Decimal

    from sqlalchemy.exc import IntegrityError

    from app.models import Booking
    from app.services import activity, events, grants, meetings

    demo.generate(150, seed=2)
    report = activity.period(date(2025, 1, 1), date(2027, 12, 31))
    assert report.meetings.held > 0 and report.issues.received > 0 and report.events.events_held > 0
    assert report.grants.totals and all(isinstance(v, Decimal) for v in report.grants.totals.values())
    assert meetings.decisions() and grants.deadlines()
    # The exclusion constraint refuses an overlap the service did not see.
    hall = settings.rooms()[0].id
    [event_id] = events.create(events.EventData("Концерт", "Мереке (праздник)", datetime(2030, 1, 5, 10),
                                                datetime(2030, 1, 5, 12), (hall,)))
    with pytest.raises(IntegrityError):
        with db.unit_of_work() as session:
            session.add(Booking(room_id=hall, starts_at=datetime(2030, 1, 5, 11), ends_at=datetime(2030, 1, 5, 13),
                                event_id=event_id))
    events.create(events.EventData("Next", "Мереке (праздник)", datetime(2030, 1, 5, 12),
                                   datetime(2030, 1, 5, 13), (hall,)))  # touching is not a clash
    # Money comes back exact to the tiyn.
    donor = grants.save_donor(grants.DonorData("Akimat", "akimat"))
    grant = grants.create_grant(grants.GrantData(donor, "1", date(2030, 1, 1), date(2030, 1, 1), date(2030, 12, 31),
                                                 "KZT", "1 000 000,10"), [grants.LineData("A", "Works", "0.10")])
    line = grants.get(grant).lines[0].id
    for _ in range(3):
        grants.add_expense(grant, grants.ExpenseData(line, date(2030, 2, 1), "0,10"))
    assert grants.get(grant).spent == Decimal("0.30")
