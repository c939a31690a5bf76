"""What only a PostgreSQL server has. Every service and report test runs on PostgreSQL too (the modules
marked every_database, see tests/conftest.py); these check the server's own parts: the exclusion
constraint behind room bookings, an upgrade that fails undone whole by the server's transaction, and the
start page naming the server without its password."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app import db, migrate
from app.errors import DatabaseError
from app.models import Booking
from app.services import dashboard, events, members, settings
from tests.conftest import query
from tests.test_migrations import FAILING_REVISION, next_revision  # noqa: F401 (the fixture)

pytestmark = pytest.mark.every_database(only="postgresql")


def test_an_overlap_the_service_did_not_see_is_refused_by_the_exclusion_constraint(database):
    hall = settings.rooms()[0].id
    [event_id] = events.create(events.EventData("Концерт", "Мереке (праздник)", datetime(2030, 1, 5, 10),
                                                datetime(2030, 1, 5, 12), (hall,)))
    with pytest.raises(IntegrityError, match="ex_bookings_no_overlap"):
        with db.unit_of_work() as session:
            session.add(Booking(room_id=hall, starts_at=datetime(2030, 1, 5, 11), ends_at=datetime(2030, 1, 5, 13),
                                event_id=event_id))
    assert query(database, "SELECT contype FROM pg_constraint WHERE conname = 'ex_bookings_no_overlap'") == [("x",)]


def test_a_failed_upgrade_leaves_the_server_database_as_it_was(database, next_revision):  # noqa: F811
    member_id = members.create(members.MemberData(surname="Сейітов", given_name="Ерлан", sex="M",
                                                  village_id=settings.villages()[0].id))
    old_head = migrate.head_revision()
    db.dispose()
    next_revision(FAILING_REVISION)
    with pytest.raises(DatabaseError, match=r"could not be upgraded and was left as it was\.$"):
        migrate.open_database(database)
    # The revision's table, its village rename and its delete are all undone with the failed transaction.
    assert migrate.current_revision(db.engine()) == old_head
    assert query(database, "SELECT to_regclass('half_done')") == [(None,)]
    assert [v.name_kk for v in settings.villages()] == ["Жарлыөзек", "Бозтоған", "Мұқаншы"]
    assert [row.id for row in members.rows()] == [member_id]


def test_the_start_page_names_the_server_database_without_its_password(database):
    summary = dashboard.summary()
    assert summary.database == make_url(database).render_as_string(hide_password=True)
    assert "***" in summary.database and summary.last_backup is None
