"""Shared fixtures: a private user folder for every test, and a migrated database per test.

One template database is migrated once per session; each test that asks for ``database`` gets a
fresh copy of it, configured as the database every service uses.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from logging.handlers import RotatingFileHandler
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app import db, i18n, migrate

# An existing PostgreSQL database whose user may create databases (.ci/run sets one up); tests that
# need a server database get a new one of their own and drop it afterwards.
POSTGRES_URL = os.environ.get("AUYL_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """AUYL_HOME is a fresh folder; nothing reads AUYL_DB / AUYL_DATABASE_URL from the real machine."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AUYL_HOME", str(home))
    monkeypatch.delenv("AUYL_DB", raising=False)
    monkeypatch.delenv("AUYL_DATABASE_URL", raising=False)
    i18n.set_language("en")
    yield home
    db.dispose()
    i18n.set_language("en")
    # The command line adds a log file handler in AUYL_HOME; do not let it outlive the test.
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """An empty SQLite file migrated to head, once per test session."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate.open_database(db.sqlite_url(path))
    db.dispose()
    return path


def copy_database(template: Path, target: Path) -> Path:
    """A copy of a closed SQLite database (with its write-ahead log, if one was left)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{template}{suffix}")
        if extra.exists():
            shutil.copyfile(extra, Path(f"{target}{suffix}"))
    return target


@pytest.fixture
def database(template_db, tmp_path) -> Path:
    """A fresh copy of the template, configured as the database every service uses."""
    path = copy_database(template_db, tmp_path / "db" / "auyl.sqlite")
    migrate.open_database(db.sqlite_url(path))
    yield path
    db.dispose()


def _server_admin():
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def empty_postgres() -> str:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    if not POSTGRES_URL:
        pytest.skip("AUYL_TEST_POSTGRES_URL is not set")
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"auyl_test_{uuid.uuid4().hex[:12]}"
    admin = _server_admin()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
