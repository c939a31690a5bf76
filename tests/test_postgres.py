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
