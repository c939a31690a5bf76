"""Migrations: an empty file reaches head, head matches the models, and an upgrade that cannot
be done leaves the database as it was."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text

from app import db, migrate
from app.errors import DatabaseError
from app.models import Base, MciRate, Member, Room, Village, load_all
from app.services import settings

pytestmark = pytest.mark.every_database

load_all()  # every area's tables, to compare with what the migrations made


def _query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def _sqlite_tables(path: Path) -> set[str]:
    return {row[0] for row in _query(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def _add_member(surname: str = "Мұқанов", iin: str | None = None) -> int:
    with db.unit_of_work() as session:
        village_id = session.scalar(select(Village.id).order_by(Village.position))
        member = Member(surname=surname, given_name="Ерлан", sex="M", village_id=village_id, iin=iin)
        session.add(member)
        session.flush()
        return member.id


def _member_surnames() -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(Member.surname).order_by(Member.id)))


def test_empty_file_is_migrated_to_head_with_every_table(tmp_path):
    path = tmp_path / "new.sqlite"
    engine = migrate.open_database(db.sqlite_url(path))
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.VERSION_TABLE in tables
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_new_database_starts_as_zharlyozek_district(database):
    with db.unit_of_work() as session:
        villages = [(v.name_kk, v.name_ru, v.kato_code) for v in
                    session.scalars(select(Village).order_by(Village.position))]
        rooms = session.scalar(select(func.count()).select_from(Room).where(Room.active.is_(True)))
        rates = {r.effective_from: r.amount for r in session.scalars(select(MciRate))}
    assert [v[0] for v in villages] == ["Жарлыөзек", "Бозтоған", "Мұқаншы"]
    assert [v[2] for v in villages] == ["334255100", "334255200", "334255300"]
    assert rooms >= 1
    assert rates == {date(2023, 1, 1): Decimal("3450"), date(2024, 1, 1): Decimal("3692"),
                     date(2025, 1, 1): Decimal("3932"), date(2026, 1, 1): Decimal("4325")}


def test_migrated_schema_matches_the_models(database):
    with db.engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True,
                                                               "include_name": migrate.in_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_head_revision_read_from_file_headers_is_alembics_head():
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [migrate.head_revision()]
    # The chain read from the headers is alembic's chain.
    assert migrate.revisions() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}


def test_database_at_current_head_is_not_upgraded_again(database):
    assert migrate.upgrade() is None


@pytest.mark.every_database(only="sqlite")  # the file itself is compared
def test_database_from_a_newer_program_is_refused(database):
    with db.unit_of_work() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    db.dispose()
    before = database.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        migrate.open_database(db.sqlite_url(database))
    assert "newer version" in str(caught.value)
    assert caught.value.params["revision"] == "ffff9999"
    db.dispose()
    assert database.read_bytes() == before


def test_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers (name) VALUES ('Acme')")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseError, match="not an Auyl Office database"):
        migrate.open_database(db.sqlite_url(path))
    db.dispose()
    assert _sqlite_tables(path) == {"customers"}


# An upgrade to a revision after head ------------------------------------------------------------

FAILING_REVISION = '''
    """a revision that fails half-way"""

    from alembic import op
    import sqlalchemy as sa

    revision = "9001"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
        op.execute("UPDATE villages SET name_kk = 'CHANGED'")
        op.execute("DELETE FROM members")
        raise RuntimeError("the migration fails half-way")


    def downgrade() -> None:
        pass
'''

WORKING_REVISION = '''
    """a revision that adds a column"""

    from alembic import op
    import sqlalchemy as sa

    revision = "9001"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("rooms") as batch_op:
            batch_op.add_column(sa.Column("floor", sa.Integer(), nullable=True))
        op.execute("UPDATE rooms SET floor = 1")


    def downgrade() -> None:
        with op.batch_alter_table("rooms") as batch_op:
            batch_op.drop_column("floor")
'''


@pytest.fixture
def next_revision(tmp_path, monkeypatch):
    """Installs a copy of the shipped migrations plus one more revision after head."""
    head = migrate.head_revision()

    def install(source: str) -> Path:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "versions" / "9001_next.py").write_text(
            textwrap.dedent(source).format(head=head), encoding="utf-8")
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        migrate.revisions.cache_clear()
        return folder

    yield install
    migrate.revisions.cache_clear()


@pytest.mark.every_database(only="sqlite")  # a file and its copy (test_postgres.py has the server's)
def test_failed_upgrade_leaves_the_previous_database_usable(database, next_revision, private_home):
    _add_member("Сейітов")
    settings.save(voting_age=20)
    old_head = migrate.head_revision()
    db.dispose()

    next_revision(FAILING_REVISION)
    assert migrate.head_revision() == "9001"
    with pytest.raises(DatabaseError, match="could not be upgraded"):
        migrate.open_database(db.sqlite_url(database))

    # The data, the villages and the schema revision are as they were ...
    engine = db.engine()
    assert migrate.current_revision(engine) == old_head
    assert "half_done" not in _sqlite_tables(database)
    assert _member_surnames() == ["Сейітов"]
    assert [v.name_kk for v in settings.villages()] == ["Жарлыөзек", "Бозтоған", "Мұқаншы"]
    assert settings.load().voting_age == 20
    # ... the database can still be read and written ...
    _add_member("Омаров")
    assert _member_surnames() == ["Сейітов", "Омаров"]
    assert _query(database, "PRAGMA integrity_check") == [("ok",)]
    # ... and the copy made before the upgrade is kept.
    copies = list((private_home / "backups").glob(f"pre-upgrade-{old_head}-*.sqlite"))
    assert len(copies) == 1
    assert _query(copies[0], "SELECT surname FROM members") == [("Сейітов",)]


@pytest.mark.every_database(only="sqlite")  # a file and its copy
def test_upgrade_keeps_the_data_and_a_copy_of_the_old_database(database, next_revision, private_home):
    _add_member("Қасымов")
    old_head = migrate.head_revision()
    db.dispose()

    next_revision(WORKING_REVISION)
    db.configure(db.sqlite_url(database))
    result = migrate.upgrade()
    assert (result.from_revision, result.to_revision) == (old_head, "9001")
    assert result.backup is not None and result.backup.parent == private_home / "backups"
    assert migrate.current_revision(db.engine()) == "9001"
    assert _member_surnames() == ["Қасымов"]
    with db.engine().connect() as connection:
        assert set(connection.execute(text("SELECT floor FROM rooms")).scalars()) == {1}
    assert _query(result.backup, "SELECT version_num FROM alembic_version") == [(old_head,)]
    assert _query(result.backup, "SELECT surname FROM members") == [("Қасымов",)]


def test_failed_upgrade_keeps_the_data_of_a_database_in_a_folder_with_a_hash(
        template_db, tmp_path, next_revision):
    path = tmp_path / "Office #2" / "auyl.sqlite"
    path.parent.mkdir()
    shutil.copyfile(template_db, path)
    migrate.open_database(db.sqlite_url(path))
    _add_member("Сейітов")
    db.dispose()

    next_revision(FAILING_REVISION)
    with pytest.raises(DatabaseError):
        migrate.open_database(db.sqlite_url(path))
    db.dispose()
    assert _query(path, "SELECT surname FROM members") == [("Сейітов",)]
