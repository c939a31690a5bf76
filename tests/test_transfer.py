"""`auyl migrate-to`: the whole office copied into an empty database, SQLite to PostgreSQL and back,
with the counts of every table compared; a target that is not empty or does not connect refused."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from app import db, demo, migrate
from app.errors import DatabaseError, ValidationError
from app.main import main
from app.models import Base, load_all
from app.services import members, settings, transfer
from tests.conftest import _create_postgres, _drop_postgres, copy_database

KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _rows(url: str, table: str) -> list:
    load_all()
    t = Base.metadata.tables[table]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(t).order_by(*t.primary_key.columns)).all()
    finally:
        engine.dispose()


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_file(template_db, tmp_path_factory):
    """The demo district: people, households with heads, a year of meetings, issues (with attached
    files), grants and events; made once (it takes seconds), copied for each test."""
    path = copy_database(template_db, tmp_path_factory.mktemp("demo") / "auyl.sqlite")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUYL_HOME", str(tmp_path_factory.mktemp("demo-home")))
        migrate.open_database(db.sqlite_url(path))
        demo.generate(150, seed=2)
        db.dispose()
    return path


@pytest.fixture
def district(demo_file, tmp_path):
    """The URL of a fresh copy of the demo district, open as the database the services use."""
    url = db.sqlite_url(copy_database(demo_file, tmp_path / "db" / "auyl.sqlite"))
    migrate.open_database(url)
    yield url
    db.dispose()


def test_a_demo_district_moves_to_postgresql_and_back_with_every_count_equal(district, empty_postgres, tmp_path):
    progress = []
    result = transfer.copy_to(empty_postgres, progress=lambda done, total: progress.append((done, total)))

    assert result.kept
    assert {c.table for c in result.tables} >= {"members", "households", "audit_entries", "local_issue_attachments",
                                                "expenses", "bookings", "decisions"}
    assert all(c.source == c.target for c in result.tables)
    assert next(c for c in result.tables if c.table == "members").source == 150
    assert "auyl_ci:***@" in result.target  # named without its password
    assert progress[-1][0] == progress[-1][1] == result.rows
    assert "alembic_version" not in {c.table for c in result.tables}
    assert db.location() == str(Path(db.sqlite_path(district)))  # the services still work on the source

    # Every value as it was: names in Kazakh, exact money, dates and times, files' bytes, households' heads.
    for table in ("members", "households", "expenses", "local_issue_attachments", "meetings", "audit_entries"):
        assert _rows(empty_postgres, table) == _rows(district, table), table
    people = _rows(empty_postgres, "members")
    assert any(KAZAKH & set(p.surname) for p in people)
    assert any(h.head_id for h in _rows(empty_postgres, "households"))
    money = [e.amount for e in _rows(empty_postgres, "expenses")]
    assert money and all(isinstance(a, Decimal) and a == a.quantize(Decimal("0.01")) for a in money)
    files = _rows(empty_postgres, "local_issue_attachments")
    assert files and all(hashlib.sha256(f.content).digest() == hashlib.sha256(s.content).digest()
                         for f, s in zip(files, _rows(district, "local_issue_attachments")))
    with closing(create_engine(empty_postgres).connect()) as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == migrate.head_revision()

    # The server database is an office like any other: a new person gets a new id.
    migrate.open_database(empty_postgres)
    newcomer = members.create(members.MemberData(surname="Жаңабаев", given_name="Нұрлан",
                                                 village_id=settings.villages()[0].id, sex="M"))
    assert newcomer > max(p.id for p in people)
    assert members.get(newcomer).surname == "Жаңабаев"

    # And back, to a new file, named as a plain path.
    back = tmp_path / "back" / "auyl.sqlite"
    result = transfer.copy_to(str(back))
    assert result.kept and result.target == str(back)
    assert next(c for c in result.tables if c.table == "members").target == 151
    assert _rows(db.sqlite_url(back), "expenses") == _rows(district, "expenses")
    assert _rows(db.sqlite_url(back), "local_issue_attachments") == _rows(district, "local_issue_attachments")


def test_a_copy_to_a_new_sqlite_file_needs_no_server(district, tmp_path):
    result = transfer.copy_to(f"sqlite:///{tmp_path}/copy.sqlite")
    assert result.kept and all(c.source == c.target for c in result.tables)
    assert _rows(db.sqlite_url(tmp_path / "copy.sqlite"), "members") == _rows(district, "members")


def _auyl_file(tmp_path: Path, template_db: Path) -> tuple[str, str]:
    path = tmp_path / "other-office.sqlite"
    path.write_bytes(template_db.read_bytes())
    return str(path), "already holds an Auyl Office database"


def _other_program(empty_postgres: str) -> tuple[str, str]:
    engine = create_engine(empty_postgres)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE customers (id integer PRIMARY KEY, name text)"))
        connection.execute(text("INSERT INTO customers VALUES (1, 'Асқар')"))
    engine.dispose()
    return empty_postgres, "tables of another program (customers)"


def _snapshot(target: str) -> list:
    url = target if "://" in target else db.sqlite_url(Path(target))
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return [(name, connection.execute(text(f"SELECT * FROM {name} ORDER BY 1")).all()) for name in names]
    finally:
        engine.dispose()


@pytest.mark.parametrize("make", ["auyl file", "another program's tables"])
def test_a_target_that_is_not_empty_is_refused_and_left_as_it_was(district, tmp_path, template_db, request, make):
    if make == "auyl file":
        target, wording = _auyl_file(tmp_path, template_db)
    else:
        target, wording = _other_program(request.getfixturevalue("empty_postgres"))
    before = _snapshot(target)

    with pytest.raises(ValidationError) as caught:
        transfer.copy_to(target)

    assert wording in str(caught.value) and "nothing was changed" in str(caught.value)
    assert _snapshot(target) == before


@pytest.mark.parametrize("url, wording", [
    ("postgresql+psycopg://nobody:secret@localhost:1/none", "postgresql+psycopg://nobody:***@localhost:1/none"),
    ("nosuchdb://somewhere/x", "nosuchdb://somewhere/x"),
])
def test_a_url_that_does_not_connect_gets_a_clear_message(database, url, wording):
    with pytest.raises(DatabaseError) as caught:
        transfer.copy_to(url)
    message = str(caught.value)
    assert message.startswith("Could not connect to the database ") and wording in message
    assert "secret" not in message and "\n" not in message


def test_a_copy_that_fails_half_way_leaves_the_target_empty(district, empty_postgres):
    # SQLite keeps a text longer than its column; PostgreSQL refuses it, deep into the copy.
    with closing(sqlite3.connect(db.sqlite_path(district))) as connection:
        connection.execute("UPDATE decisions SET status = 'much too long for its column' WHERE id = "
                           "(SELECT max(id) FROM decisions)")
        connection.commit()

    with pytest.raises(DatabaseError) as caught:
        transfer.copy_to(empty_postgres)

    assert "nothing was written there" in str(caught.value) and "too long" in str(caught.value)
    assert _tables(empty_postgres) == []


def test_counts_that_differ_keep_nothing(district, empty_postgres, monkeypatch):
    counted = transfer._count

    def one_short(connection, table):
        n = counted(connection, table)
        return n - 1 if table.name == "members" and connection.dialect.name == "postgresql" else n

    monkeypatch.setattr(transfer, "_count", one_short)
    result = transfer.copy_to(empty_postgres)
    assert not result.kept
    assert [(c.source, c.target) for c in result.tables if c.source != c.target] == [(150, 149)]
    assert _tables(empty_postgres) == []


def test_auyl_migrate_to_prints_every_table_and_the_result(district, empty_postgres, capsys):
    path = db.sqlite_path(district)
    db.dispose()
    assert main(["--lang", "en", "--db", str(path), "migrate-to", empty_postgres]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["table", "here", "in", "the", "copy"]
    assert any(line.split() == ["members", "150", "150"] for line in out)
    assert out[-1].startswith("Copied ") and out[-1].endswith("every count matches.")
    assert "auyl_ci:***@" in out[-1]

    # Again into the same database: refused in one line, exit 1.
    assert main(["--lang", "en", "--db", str(path), "migrate-to", empty_postgres]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "already holds an Auyl Office database" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def _schema(url: str) -> tuple[set, set]:
    """A PostgreSQL database's indexes and constraints, each by name with its definition."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            indexes = set(connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")).all())
            constraints = set(connection.execute(text(
                "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()")).all())
        return indexes, constraints
    finally:
        engine.dispose()


def test_a_copy_to_postgresql_keeps_every_index_and_foreign_key_the_migrations_make(district, empty_postgres):
    # The copy drops the foreign keys and the plain indexes to load the rows, then puts them back:
    # the target ends as a database the migrations made.
    migrated = _create_postgres()
    try:
        engine = create_engine(migrated)
        with engine.begin() as connection:
            migrate.run_migrations(connection)
        engine.dispose()
        assert transfer.copy_to(empty_postgres).kept
        indexes, constraints = _schema(empty_postgres)
        assert (indexes, constraints) == _schema(migrated)
        assert any(name == "ix_pg_members_search_trgm" for name, _definition in indexes)
        assert any(name == "ix_pg_members_search_after_first_trgm" for name, _definition in indexes)
        assert sum(" FOREIGN KEY " in f" {definition}" for _name, definition in constraints) > 20
        # Vacuumed once committed: the register's pages are marked all-visible, so the name order's
        # index-only scans read the index alone from the first search on.
        engine = create_engine(empty_postgres)
        with engine.connect() as connection:
            visible = connection.scalar(text("SELECT relallvisible FROM pg_class WHERE relname = 'members'"))
        engine.dispose()
        assert visible > 0
    finally:
        _drop_postgres(migrated)
