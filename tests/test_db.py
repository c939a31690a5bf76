"""The engine factory and the unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app import db
from app.models import Member, Setting, Village

pytestmark = pytest.mark.every_database


def _pragma(name: str):
    with db.engine().connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


@pytest.mark.every_database(only="sqlite")  # SQLite's own settings
def test_sqlite_engine_uses_wal_foreign_keys_and_a_busy_timeout(database):
    assert _pragma("journal_mode").lower() == "wal"
    assert _pragma("foreign_keys") == 1
    assert _pragma("busy_timeout") == db.BUSY_TIMEOUT_MS > 0


def test_foreign_keys_are_enforced(database):
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        with db.unit_of_work() as session:
            session.add(Member(surname="A", given_name="B", sex="M", village_id=9999))
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_database_path_option_beats_every_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("AUYL_DATABASE_URL", "postgresql+psycopg://u:p@localhost/auyl")
    monkeypatch.setenv("AUYL_DB", str(tmp_path / "env.sqlite"))
    assert db.sqlite_path(db.resolve_url(tmp_path / "option.sqlite")) == tmp_path / "option.sqlite"


def test_a_server_address_given_as_the_database_option_is_the_server_not_a_new_file(tmp_path, monkeypatch):
    from app import peek

    monkeypatch.chdir(tmp_path)
    server = "postgresql+psycopg://u:p@localhost/auyl"
    assert db.resolve_url(server) == server
    assert peek.office_file(server) is None  # the quick start leaves a server to the full start
    assert list(tmp_path.iterdir()) == []


def test_database_url_variable_beats_database_file_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("AUYL_DATABASE_URL", "postgresql+psycopg://u:p@localhost/auyl")
    monkeypatch.setenv("AUYL_DB", str(tmp_path / "env.sqlite"))
    assert db.resolve_url() == "postgresql+psycopg://u:p@localhost/auyl"
    assert db.resolve_url(None) == "postgresql+psycopg://u:p@localhost/auyl"


def test_database_file_variable_beats_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("AUYL_DB", str(tmp_path / "env.sqlite"))
    assert db.sqlite_path(db.resolve_url()) == tmp_path / "env.sqlite"


def test_default_database_lives_in_the_user_data_folder(private_home):
    assert db.sqlite_path(db.resolve_url()) == private_home / "auyl.sqlite"


def test_sqlite_path_is_none_for_server_databases():
    assert db.sqlite_path("postgresql+psycopg://u:p@localhost/auyl") is None
    assert db.sqlite_path("sqlite://") is None
    assert db.sqlite_path("sqlite:///:memory:") is None


@pytest.mark.parametrize("folder", ["Әсем құжаттары", "Backups #2", "a@b"])
def test_database_path_with_unusual_characters_names_that_file(tmp_path, folder):
    path = tmp_path / folder / "auyl.sqlite"
    assert db.sqlite_path(db.resolve_url(path)) == path


@pytest.mark.parametrize("folder", ["a%20b", "what?"])
def test_database_path_with_url_characters_names_that_file(tmp_path, folder):
    path = tmp_path / folder / "auyl.sqlite"
    assert db.sqlite_path(db.resolve_url(path)) == path


def test_unit_of_work_commits_on_success(database):
    with db.unit_of_work() as session:
        session.add(Setting(key="x", value='"1"'))
    with db.unit_of_work() as session:
        assert session.scalar(select(Setting.value).where(Setting.key == "x")) == '"1"'


def test_unit_of_work_rolls_back_on_an_exception(database):
    with pytest.raises(ZeroDivisionError):
        with db.unit_of_work() as session:
            session.add(Setting(key="x", value='"1"'))
            session.execute(text("UPDATE villages SET name_kk = 'CHANGED'"))
            session.flush()
            1 / 0
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Setting)) == 0
        assert "CHANGED" not in set(session.scalars(select(Village.name_kk)))


def test_services_refuse_to_run_before_a_database_is_configured():
    db.dispose()
    with pytest.raises(RuntimeError):
        db.engine()
    with pytest.raises(RuntimeError):
        with db.unit_of_work():
            pass
