"""Shared fixtures: a private user folder for every test, and a migrated database per test.

One template database is migrated once per session; each test that asks for ``database`` gets a
fresh copy of it, configured as the database every service uses.

Every database: a test module marked ``pytestmark = pytest.mark.every_database`` runs each test that
uses ``database`` (directly or through its fixtures) twice, as ``[sqlite]`` and ``[postgresql]``.
``database`` is then the SQLite file's Path or the PostgreSQL database's URL, so such tests must not
treat it as a file; ``database_url(database)`` gives the URL of either. The PostgreSQL copy is made
with ``CREATE DATABASE … TEMPLATE`` from a template migrated once per session, and dropped after the
test. A test of a marked module that needs the file itself (the command line's ``--db``, the file's
bytes) stays on SQLite alone with ``@pytest.mark.every_database(only="sqlite")``; what only the server
has is marked ``only="postgresql"`` (tests/test_postgres.py). Module fixtures that build a bigger
starting point once (a demo district) take ``migrated_template`` (the empty template of the engine the
test runs on) and give each test ``opened_copy`` of what they built (through ``made_once`` or
``demo_district``, made once per session for every module asking for the same); ``query`` reads a test database
past the services. Unmarked modules (the widgets', the command line's) run on SQLite alone.

The clock: the whole session runs on a fixed day, 7 December 2026 from 09:00 (time-machine, ticking),
never on the real calendar, so a test's figures do not change with the day it runs. AUYL_TEST_TODAY
(YYYY-MM-DD) runs the session on another day; the hard days (``HARD_DAYS``) are the ones the suite must
pass on as well. A test written around one day of its own says so with ``@pytest.mark.today("…")``, and a
test marked ``hard_days`` runs once on each hard day besides the session's.

PostgreSQL comes from AUYL_TEST_POSTGRES_URL, an existing database whose user may create databases
(.ci/run sets one up). Without it, or without a server answering, the PostgreSQL variants are skipped;
in CI (CI set in the environment) they fail instead, since CI must run them.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as dt_time
from logging.handlers import RotatingFileHandler
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import time_machine

from app import clock, db, i18n, migrate
from app.rules import passwords
from app.services import flush_listeners

# As app.main does when the program starts: every test's changes are recorded and checked.
flush_listeners.install()

# The suite makes many users: their passwords are hashed at a low scrypt cost (about 1 MB and 1 ms)
# instead of the program's (app/rules/passwords.py); a fixture's user (2^14) is rehashed at it on signing in.
passwords.COST = 2**10

# An existing PostgreSQL database whose user may create databases (.ci/run sets one up); tests that
# need a server database get a new one of their own and drop it afterwards.
POSTGRES_URL = os.environ.get("AUYL_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
ENGINES = ("sqlite", "postgresql")

SESSION_DAY = date.fromisoformat(os.environ.get("AUYL_TEST_TODAY") or "2026-12-07")
# Days that catch a calendar mistake: the last day of a year, the first (a holiday), the leap day, and
# the working day after a holiday (Independence Day, 16 December).
HARD_DAYS = {
    "year-end": date(2026, 12, 31),
    "new-year": date(2027, 1, 1),
    "leap-day": date(2028, 2, 29),
    "after-holiday": date(2026, 12, 17),
}
START_OF_DAY = dt_time(9, 0)


# Collection too runs on SESSION_DAY: a module's constants (YEAR = date.today().year) are the session's
# day, not the real calendar's.
_COLLECTION_CLOCK = None


def pytest_configure(config):
    global _COLLECTION_CLOCK
    config.addinivalue_line("markers", "today(day): the test runs on this day (YYYY-MM-DD) instead of the session's")
    config.addinivalue_line("markers", "hard_days: the test runs also on each of conftest's HARD_DAYS")
    _COLLECTION_CLOCK = travel_to(SESSION_DAY)
    _COLLECTION_CLOCK.start()


def pytest_unconfigure(config):
    if _COLLECTION_CLOCK is not None:
        _COLLECTION_CLOCK.stop()


# How the workers share the modules (pyproject: --dist loadscope). A unit of work is a module, or one
# engine's half of a marked module (each half builds its own module fixtures anyway), so the two halves
# of a slow module run side by side. Modules that start from the same build (made_once) go
# to one worker, which then makes it once. The slowest units are handed out first and the rest by their
# number of tests, so that no slow one is left to run alone at the end; a list gone stale costs only time.
SAME_WORKER = {
    "tests/test_demo_issues.py": "tests/test_demo_events.py",
    "tests/test_activity_report.py": "tests/test_period_reports_stable.py",
    "tests/test_local_issue_dialog.py": "tests/test_start_page.py",
    "tests/test_local_issues_page.py": "tests/test_start_page.py",
    "tests/test_appeal_papers.py": "tests/test_demo_appeals.py",
    "tests/test_minutes_complete.py": "tests/test_minutes_report.py",
    "tests/test_word_copies.py": "tests/test_minutes_report.py",
    "tests/test_language_switch.py": "tests/test_no_text_cut.py",
    "tests/test_papers_never_cut.py": "tests/test_no_text_cut.py",
    "tests/test_assembly_dialog.py": "tests/test_decisions_page.py",
    "tests/test_hall_screen.py": "tests/test_decisions_page.py",
    "tests/test_meeting_editor_protocol_fields.py": "tests/test_meeting_editor.py",
}
SLOW_FIRST = (
    "tests/test_period_reports_stable.py", "tests/test_minutes_report.py", "tests/test_start_page.py",
    "tests/test_demo_appeals.py", "tests/test_demo_events.py", "tests/test_kill_safety.py",
    "tests/test_demo_meetings.py", "tests/test_no_text_cut.py", "tests/test_local_issues.py", "tests/test_members.py",
    "tests/test_meetings.py", "tests/test_settings.py", "tests/test_roles.py", "tests/test_decisions_page.py",
    "tests/test_appeals.py", "tests/test_transfer.py", "tests/test_bad_input_cli.py", "tests/test_demo_grants.py",
    "tests/test_exchange.py", "tests/test_activity.py", "tests/test_member_import.py",
)
POSTGRESQL_PARAMETER = re.compile(r"[\[-]postgresql[\]-]")


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its module (or the one it shares a worker with), and
    "[postgresql]" for the PostgreSQL half of a marked module."""
    module, _, name = nodeid.partition("::")
    parameters = name[name.find("["):] if name.endswith("]") else ""
    return SAME_WORKER.get(module, module) + ("[postgresql]" if POSTGRESQL_PARAMETER.search(parameters) else "")


def _handed_out_before(unit: str) -> tuple[int, int]:
    module = unit.removesuffix("[postgresql]")
    if module not in SLOW_FIRST:
        return len(SLOW_FIRST), 0
    return SLOW_FIRST.index(module), 0 if unit.endswith("[postgresql]") else 1  # the server's half is slower


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            # The queue is in xdist's order (most tests first); the slow units go ahead of it.
            self.workqueue.move_to_end(min(self.workqueue, key=_handed_out_before), last=False)
            super()._assign_work_unit(node)

    return Scheduling(config, log)


def travel_to(day: date):
    """The clock set to ``day`` at the start of office hours, ticking from there."""
    return time_machine.travel(datetime.combine(day, START_OF_DAY), tick=True)


@pytest.fixture(scope="session", autouse=True)
def session_clock():
    """The whole session, module fixtures included, runs on SESSION_DAY, never on the real calendar."""
    with travel_to(SESSION_DAY):
        yield SESSION_DAY


@pytest.fixture(autouse=True)
def today(request, session_clock) -> Iterator[date]:
    """The day the test runs on: its ``today`` mark, a hard day, or the session's."""
    marker = request.node.get_closest_marker("today")
    day = getattr(request, "param", None) or (date.fromisoformat(marker.args[0]) if marker else None)
    if day is None or day == session_clock:
        yield session_clock
        return
    with travel_to(day):
        yield day


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("hard_days") and "today" in metafunc.fixturenames:
        days = {"session": SESSION_DAY, **HARD_DAYS}
        metafunc.parametrize("today", list(days.values()), ids=list(days), indirect=True)
    marker = metafunc.definition.get_closest_marker("every_database")
    if marker is None or "database_engine" not in metafunc.fixturenames:
        return
    engines = [marker.kwargs["only"]] if "only" in marker.kwargs else list(ENGINES)
    # Module scope: the tests of a module run engine by engine, so its module fixtures build once each.
    metafunc.parametrize("database_engine", engines, indirect=True, scope="module")


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """AUYL_HOME is a fresh folder; nothing reads AUYL_DB / AUYL_DATABASE_URL from the real machine."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AUYL_HOME", str(home))
    monkeypatch.delenv("AUYL_DB", raising=False)
    monkeypatch.delenv("AUYL_DATABASE_URL", raising=False)
    i18n.set_language("en")
    yield home
    _delete_leftover_windows()
    db.dispose()
    from app.services import access

    access.end()  # nobody stays signed in into the next test
    i18n.set_language("en")
    # The command line adds a log file handler in AUYL_HOME; do not let it outlive the test.
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


def _delete_leftover_windows() -> None:
    """Windows a test made without handing them to qtbot go with the test: left alive, a later test's
    language switch would make them read a database that is gone."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    for window in widgets.QApplication.topLevelWidgets():
        window.hide()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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


def database_url(database: Path | str) -> str:
    """The URL of a test database, a SQLite file or a PostgreSQL URL."""
    return db.sqlite_url(database) if isinstance(database, Path) else database


def query(database: Path | str, sql: str) -> list[tuple]:
    """The rows a query reads from a test database on a connection of its own, past the services."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url(database))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _require_postgres() -> None:
    """Skips the test without a PostgreSQL server (fails it in CI, which must have one)."""
    problem = None
    if not POSTGRES_URL:
        problem = "AUYL_TEST_POSTGRES_URL is not set"
    else:
        from sqlalchemy.exc import OperationalError

        admin = _server_admin()
        try:
            with admin.connect():
                pass
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0]
            problem = f"the PostgreSQL server of AUYL_TEST_POSTGRES_URL does not answer ({reason})"
        finally:
            admin.dispose()
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"{problem}: CI must run the PostgreSQL tests (.ci/run sets the server up)", pytrace=False)
    pytest.skip(f"{problem}: the PostgreSQL variants need a database whose user may create databases")


def _server_admin():
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 10})


@functools.cache
def _kept_admin():
    """One server connection per process for making and dropping the tests' databases (two sign-ins
    fewer for every PostgreSQL test), checked before each use."""
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True,
                         connect_args={"connect_timeout": 10})


def _create_postgres(template: str | None = None) -> str:
    """The URL of a new PostgreSQL database, empty or a copy of the template database's URL."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"auyl_test_{uuid.uuid4().hex[:12]}"
    copy_of = f' TEMPLATE "{make_url(template).database}"' if template else ""
    with _kept_admin().connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ProgrammingError

    db.dispose()
    for attempt in range(50):
        try:
            with _kept_admin().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            return
        except ProgrammingError as error:
            # FORCE may not end an autovacuum worker visiting the database (PostgreSQL asks for
            # pg_signal_backend); the worker is done with a test database within moments.
            if getattr(error.orig, "sqlstate", None) != "42501" or attempt == 49:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def postgres_template() -> str:
    """The URL of an empty PostgreSQL database migrated to head, once per session, dropped at its end."""
    _require_postgres()
    url = _create_postgres()
    try:
        migrate.open_database(url)
        db.dispose()  # CREATE DATABASE … TEMPLATE needs the template without connections
        yield url
    finally:
        _drop_postgres(url)


@pytest.fixture(scope="module")
def database_engine(request) -> str:
    """The engine this test runs on: "sqlite", or "postgresql" in the second run of a marked module."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="module")
def migrated_template(database_engine, request) -> Path | str:
    """The empty migrated template of the test's engine: the SQLite file's Path or the PostgreSQL URL."""
    return request.getfixturevalue("template_db" if database_engine == "sqlite" else "postgres_template")


@contextmanager
def opened_copy(template: Path | str, folder: Path) -> Iterator[Path | str]:
    """A copy of a closed template database (a SQLite file copied into folder, or a new PostgreSQL
    database), configured as the database every service uses; closed after, and a server copy dropped."""
    if isinstance(template, Path):
        path = copy_database(template, folder / "auyl.sqlite")
        try:
            migrate.open_database(db.sqlite_url(path))
            yield path
        finally:
            db.dispose()
        return
    url = _create_postgres(template)
    try:
        migrate.open_database(url)
        yield url
    finally:
        _drop_postgres(url)


@pytest.fixture
def database(migrated_template, tmp_path) -> Path | str:
    """A fresh copy of the template, configured as the database every service uses."""
    with opened_copy(migrated_template, tmp_path / "db") as database:
        yield database


_built_files: dict[tuple, Path] = {}


@contextmanager
def built_copy(build, template: Path, tmp_path_factory, folder: Path) -> Iterator[Path]:
    """A copy of the SQLite database that ``build()`` fills from the empty template on the test's day,
    configured as the services' database. A demo takes seconds, so it is made once per session and day
    (a hard day's ages and deadlines differ) and each test of the widget modules gets a copy."""
    # By name: a test module imported by another is a second module object, its build a second function.
    key = (build.__module__.rpartition(".")[2], build.__qualname__, template, clock.today())
    if key not in _built_files:
        with opened_copy(template, tmp_path_factory.mktemp("built")) as made:
            build()
        _built_files[key] = made
    with opened_copy(_built_files[key], folder) as database:
        yield database


@pytest.fixture(scope="session")
def made_once(tmp_path_factory):
    """``made_once(template, build, *arguments, **keywords)``: the closed database the build fills from the
    empty template on the test's day, and what the build returned. Each is made once per session (per
    worker) and kept until its end, so modules that start from the same build share one making of it (a
    demo takes seconds, more on PostgreSQL) and copy it per test with ``opened_copy``. A build is known
    by its module's and its own name; its attachments go to a home folder of its own."""
    made: dict[tuple, tuple[Path | str, object]] = {}
    on_server: list[str] = []

    def make(template: Path | str, build, *arguments, **keywords) -> tuple[Path | str, object]:
        name = (build.__module__.rpartition(".")[2], build.__qualname__)  # a test module has two names
        key = (template, name, arguments, tuple(sorted(keywords.items())), clock.today())
        if key not in made:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("AUYL_HOME", str(tmp_path_factory.mktemp("demo-home")))
                if isinstance(template, Path):
                    database = copy_database(template, tmp_path_factory.mktemp("demo") / "auyl.sqlite")
                else:
                    database = _create_postgres(template)
                    on_server.append(database)
                try:
                    migrate.open_database(database_url(database))
                    result = build(*arguments, **keywords)
                finally:
                    db.dispose()
            made[key] = database, result
        return made[key]

    yield make
    for url in on_server:
        _drop_postgres(url)


def demo_district(made_once, template: Path | str, **arguments) -> Path | str:
    """The closed database ``demo.generate(**arguments)`` fills from the template, made once per session."""
    from app import demo

    return made_once(template, demo.generate, **arguments)[0]


@contextmanager
def demo_copy(made_once, template: Path | str, folder: Path, **arguments) -> Iterator[Path | str]:
    """A copy of ``demo_district(made_once, template, **arguments)``, configured as the services' database."""
    with opened_copy(demo_district(made_once, template, **arguments), folder) as database:
        yield database


@pytest.fixture
def empty_postgres() -> str:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    _require_postgres()
    url = _create_postgres()
    try:
        yield url
    finally:
        _drop_postgres(url)
