"""Backups that are really backups: written under a temporary name and checked before they get their
name, restored only when sound and an Auyl office's (its own marker), the office checked at start, and
the files readable by their owner only (docs/architecture.md, Backups and moving the database)."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine, select, text

from app import db, demo, logs, migrate
from app.errors import DatabaseError, ValidationError
from app.models import Member
from app.services import backup

TODAY = date(2026, 12, 7)
FIXTURES = Path(__file__).parent / "fixtures"
needs_pg_tools = pytest.mark.skipif(shutil.which("pg_restore") is None or shutil.which("pg_dump") is None,
                                    reason="PostgreSQL's client tools are not installed")


def _surnames() -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(Member.surname).order_by(Member.id)))


def _pragma(path: Path, name: str):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]


def _garble(path: Path, table: str = "members") -> None:
    """Overwrites the root page of a table, as a failing disk or a cut-off copy would."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes([0x5A]) * size)


def _close_database() -> Path:
    """Closes the open test database, its write-ahead log folded in, so its file can be changed."""
    path = db.sqlite_path(db.url())
    db.dispose()
    assert not Path(f"{path}-wal").exists()
    return path


def _backups(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# Restore refuses what is not a sound Auyl office, before touching anything ------------------------

def _refused(source: Path, home: Path, wording: str) -> None:
    before, content = _surnames(), source.read_bytes()
    with pytest.raises(ValidationError) as caught:
        backup.restore(source)
    assert wording in str(caught.value)
    assert _surnames() == before
    assert not [name for name in _backups(home) if name.startswith("before-restore-")]
    assert source.read_bytes() == content


def test_a_backup_with_garbled_pages_is_refused_and_nothing_is_touched(database, tmp_path, private_home):
    demo.generate(60, seed=1, activity=False)
    saved = backup.backup(tmp_path / "saved.sqlite")
    demo.generate(10, seed=2, activity=False)
    _garble(saved)
    _refused(saved, private_home, "is damaged")


def test_a_foreign_sqlite_file_with_the_right_table_names_is_refused(database, tmp_path, private_home):
    demo.generate(10, seed=1, activity=False)
    foreign = tmp_path / "foreign.sqlite"
    with closing(sqlite3.connect(foreign)) as connection:
        for table in ("alembic_version", "settings", "audit_entries", "members", "households", "villages"):
            connection.execute(f"CREATE TABLE {table} (version_num TEXT, id INTEGER)")
        connection.execute("INSERT INTO alembic_version VALUES (?, 1)", (migrate.head_revision(),))
        connection.commit()
    _refused(foreign, private_home, "not an Auyl Office database")


def test_a_file_of_another_program_with_the_offices_schema_is_refused(database, tmp_path, private_home):
    """Its own application id says whose file it is, whatever its tables."""
    demo.generate(10, seed=1, activity=False)
    other = backup.backup(tmp_path / "other.sqlite")
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("PRAGMA application_id = 1234")
    _refused(other, private_home, "not an Auyl Office database")


def test_a_backup_of_an_office_made_before_the_marker_is_restored_and_marked(database, tmp_path):
    old = tmp_path / "schema-0005.sqlite"
    shutil.copyfile(FIXTURES / "schema-0005.sqlite", old)
    assert _pragma(old, "application_id") == 0 and _pragma(old, "page_size") == 512

    assert backup.check_auyl_file(old) == "0005"
    backup.restore(old)

    assert _surnames()  # the fixture's people
    assert migrate.current_revision(db.engine()) == migrate.head_revision()
    assert _pragma(database, "application_id") == db.APPLICATION_ID


def test_a_backup_with_8_kib_pages_is_restored(database, tmp_path):
    demo.generate(40, seed=3, activity=False)
    saved = backup.backup(tmp_path / "saved.sqlite")
    expected = _surnames()
    with closing(sqlite3.connect(saved)) as connection:
        connection.execute("PRAGMA page_size = 8192")
        connection.execute("VACUUM")
    assert _pragma(saved, "page_size") == 8192
    demo.generate(20, seed=4, activity=False)

    backup.restore(saved)

    assert _surnames() == expected
    assert _pragma(database, "page_size") == 8192
    demo.generate(5, seed=5, activity=False)  # open and writable, in write-ahead-log mode again
    with db.engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert len(_surnames()) == len(expected) + 5


def test_every_database_the_program_makes_or_upgrades_carries_the_marker(tmp_path):
    new = tmp_path / "new.sqlite"
    migrate.open_database(db.sqlite_url(new))
    db.dispose()
    old = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0002.sqlite", old)
    migrate.open_database(db.sqlite_url(old))
    db.dispose()
    assert _pragma(new, "application_id") == _pragma(old, "application_id") == db.APPLICATION_ID == 0x4175796C


def test_a_database_of_another_program_is_not_opened(tmp_path):
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("PRAGMA application_id = 1234")
    with pytest.raises(DatabaseError, match="not an Auyl Office database"):
        migrate.open_database(db.sqlite_url(other))
    db.dispose()
    assert _pragma(other, "application_id") == 1234


def test_the_command_line_says_a_backup_was_read_back_and_refuses_a_garbled_one(tmp_path, capsys):
    from app.main import main

    office, copy = tmp_path / "auyl.sqlite", tmp_path / "copy.sqlite"
    assert main(["--lang", "en", "--db", str(office), "demo", "--members", "40"]) == 0
    assert main(["--lang", "en", "--db", str(office), "backup", str(copy)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Backup written to {copy} and read back whole."
    _garble(copy)

    assert main(["--lang", "en", "--db", str(office), "restore", str(copy)]) == 1

    captured = capsys.readouterr()
    assert captured.err.startswith(f"auyl: error: {copy} is damaged (") and "Traceback" not in captured.err
    assert captured.err.endswith("), so it cannot be restored.\n") and "***" not in captured.err
    with closing(sqlite3.connect(office)) as connection:
        assert connection.execute("SELECT count(*) FROM members").fetchone()[0] > 0


# A backup is checked before it gets its name ------------------------------------------------------

def test_a_damaged_database_is_not_backed_up(database, tmp_path):
    demo.generate(60, seed=1, activity=False)
    _garble(_close_database())
    migrate.open_database(db.sqlite_url(database))

    with pytest.raises(DatabaseError) as caught:
        backup.backup(tmp_path / "copy.sqlite")

    assert "failed SQLite's check" in str(caught.value)
    assert list(tmp_path.glob("copy.sqlite*")) == []


_KILLED_BACKUP = """
import os, signal, sys
from datetime import date
from pathlib import Path
from app import db, db_files, migrate
from app.services import backup

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

url = sys.argv[1] if "://" in sys.argv[1] else db.sqlite_url(Path(sys.argv[1]))
migrate.open_database(url)
if sys.argv[2] == "while copying":
    copy = db_files.copy
    db_files.copy = lambda source, target, progress=None, live=False: copy(source, target, die, live)
else:  # written, before its check and its name
    db_files.check = die
    backup._check_dump = die
backup.daily_backup(date.fromisoformat(sys.argv[3]))
"""


@pytest.mark.parametrize("moment", ["while copying", "before its name"])
def test_a_daily_backup_killed_leaves_nothing_that_looks_like_a_backup_and_is_redone(database, private_home,
                                                                                     moment):
    demo.generate(300, seed=1, activity=False)
    done = subprocess.run([sys.executable, "-c", _KILLED_BACKUP, str(database), moment, TODAY.isoformat()],
                          env=dict(os.environ), capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    left = _backups(private_home)
    assert len(left) == 1 and left[0].startswith(f"auto-{TODAY}.sqlite.") and left[0].endswith(".partial")
    assert backup.daily_backups() == [] and backup.last_backup() is None

    made = backup.daily_backup(TODAY)

    assert made == private_home / "backups" / f"auto-{TODAY}.sqlite"
    assert backup.check_auyl_file(made) == migrate.head_revision()
    assert backup.last_backup() == made
    # The kill's leftover goes once it is older than any backup still being written.
    stale = private_home / "backups" / left[0]
    an_hour_ago = time.time() - backup.PARTIAL_MAX_AGE_S - 60
    os.utime(stale, (an_hour_ago, an_hour_ago))
    backup.daily_backup(TODAY)
    assert _backups(private_home) == [made.name]


@needs_pg_tools
def test_a_daily_pg_dump_killed_before_its_name_leaves_nothing_that_looks_like_a_backup(empty_postgres,
                                                                                      private_home):
    migrate.open_database(empty_postgres)
    demo.generate(100, seed=1, activity=False)
    done = subprocess.run([sys.executable, "-c", _KILLED_BACKUP, empty_postgres, "before its name",
                           TODAY.isoformat()], env=dict(os.environ), capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    left = _backups(private_home)
    assert len(left) == 1 and left[0].startswith(f"auto-{TODAY}.dump.") and left[0].endswith(".partial")
    assert backup.daily_backups() == [] and backup.last_backup() is None

    made = backup.daily_backup(TODAY)

    assert made == private_home / "backups" / f"auto-{TODAY}.dump" and backup.last_backup() == made


def test_a_daily_backup_cut_short_by_an_earlier_version_is_removed_and_redone(database, private_home):
    demo.generate(100, seed=1, activity=False)
    folder = private_home / "backups"
    whole = backup.backup(folder / "auto-2026-12-06.sqlite")
    cut = folder / f"auto-{TODAY}.sqlite"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert backup.last_backup() == whole  # the cut one is not shown as the last backup

    made = backup.daily_backup(TODAY)

    assert made == cut and backup.check_auyl_file(made)
    assert backup.daily_backups() == [whole, made]


# The office is checked at start -------------------------------------------------------------------

def test_the_start_check_finds_a_damaged_database_and_the_newest_good_backup(database, private_home):
    demo.generate(60, seed=1, activity=False)
    folder = private_home / "backups"
    good = backup.backup(folder / "auto-2026-12-05.sqlite")
    older = backup.backup(folder / "auto-2026-12-04.sqlite")
    os.utime(older, (time.time() - 86400, time.time() - 86400))
    damaged_copy = backup.backup(folder / "auto-2026-12-06.sqlite")
    _garble(damaged_copy)  # damaged after it was written: the newest, but not good

    assert backup.start_check(TODAY).damage is None  # a sound office: the daily backup is made
    assert (folder / f"auto-{TODAY}.sqlite").exists()
    (folder / f"auto-{TODAY}.sqlite").unlink()
    _garble(_close_database())
    migrate.open_database(db.sqlite_url(database))

    checked = backup.start_check(TODAY)

    assert checked.backup is None and not (folder / f"auto-{TODAY}.sqlite").exists()
    assert checked.damage is not None and checked.damage.finding
    assert checked.damage.backup == good


def test_the_window_offers_the_newest_good_backup_and_restores_it(qtbot, database, private_home, monkeypatch):
    from app.ui import application, language
    from app.ui.main_window import MainWindow

    demo.generate(60, seed=1, activity=False)
    expected = _surnames()
    good = backup.backup(private_home / "backups" / "auto-2026-12-06.sqlite")
    _garble(_close_database(), "consents")  # a table the start page does not read
    migrate.open_database(db.sqlite_url(database))
    application.application()
    language.apply("en")
    window = MainWindow(application.preferences())
    qtbot.addWidget(window)
    window.show()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, title, message, *a: asked.append(message) or QMessageBox.StandardButton.Yes)
    informed = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, message, *a: informed.append(message))

    application._start_check(window)
    qtbot.waitUntil(lambda: bool(informed), timeout=30_000)

    assert len(asked) == 1
    assert "failed SQLite's check" in asked[0] and good.name in asked[0]
    assert _surnames() == expected
    assert f"Database restored from {good.name}" in informed[0]
    kept = next((private_home / "backups").glob("before-restore-*"))
    assert kept.name in informed[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()


def test_a_database_too_damaged_to_open_is_said_so(database):
    _garble(_close_database(), "settings")
    with pytest.raises(migrate.DamagedDatabase) as caught:
        migrate.open_database(db.sqlite_url(database))
    assert str(caught.value) == f"The database {database} is damaged: database disk image is malformed"


def test_a_database_too_damaged_to_open_is_restored_before_the_window(qtbot, database, private_home,
                                                                      monkeypatch):
    from app.services import settings
    from app.ui import application

    settings.save(setup_completed=True)
    demo.generate(30, seed=1, activity=False)
    expected = _surnames()
    good = backup.backup(private_home / "backups" / "auto-2026-12-06.sqlite")
    _garble(_close_database(), "settings")
    application.application()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, title, message, *a: asked.append(message) or QMessageBox.StandardButton.Yes)

    window = application.start(str(database), "en")
    qtbot.addWidget(window)

    assert len(asked) == 1 and "database disk image is malformed" in asked[0] and good.name in asked[0]
    assert window.isVisible() and _surnames() == expected
    assert next((private_home / "backups").glob("before-restore-*"))  # the damaged file, kept
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()


def test_without_a_good_backup_the_window_says_so(qtbot, database, private_home, monkeypatch):
    from app.ui import application, language
    from app.ui.damaged import offer_restore

    application.application()
    language.apply("en")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, message, *a: shown.append(message))
    offer_restore(None, backup.Damage("page 7: btree page has an invalid type", None))
    assert shown == [f"The database failed SQLite's check: page 7: btree page has an invalid type.\n"
                     f"No good backup was found in {private_home / 'backups'}. Keep the database file as it is "
                     f"and ask for help to recover it."]


# Readable by their owner only ---------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_folder_database_backups_and_logs_are_the_owners_only(private_home):
    private_home.chmod(0o755)
    migrate.open_database(db.resolve_url())  # the data folder's auyl.sqlite
    demo.generate(10, seed=1, activity=False)
    path = private_home / "auyl.sqlite"
    made = backup.daily_backup(TODAY)
    log = logs.setup()
    logging.getLogger("test").warning("a line")

    assert _mode(private_home) == 0o700
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), made, log):
        assert _mode(file) == 0o600, file
    assert _mode(made.parent) == 0o700 and _mode(log.parent) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_database_an_earlier_version_left_readable_by_all_is_tightened(private_home, template_db):
    path = private_home / "auyl.sqlite"
    shutil.copyfile(template_db, path)
    path.chmod(0o644)
    private_home.chmod(0o755)
    log = private_home / "logs" / "auyl.log"
    log.parent.mkdir(mode=0o755)
    log.write_text("a line of an earlier version\n")
    log.chmod(0o644)
    migrate.open_database(db.resolve_url())
    logs.setup()
    assert _mode(path) == _mode(log) == 0o600
    assert _mode(private_home) == _mode(log.parent) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_safety_copies_and_backups_elsewhere_are_the_owners_only(database, tmp_path, private_home):
    saved = backup.backup(tmp_path / "saved.sqlite")
    safety = backup.restore(saved)
    assert _mode(saved) == _mode(safety) == 0o600


# PostgreSQL: pg_restore reads the archive back -----------------------------------------------------

@needs_pg_tools
def test_a_postgresql_backup_that_pg_restore_cannot_read_is_not_kept(empty_postgres, tmp_path, monkeypatch):
    migrate.open_database(empty_postgres)
    # A stand-in pg_dump that says it succeeded but wrote a file pg_restore cannot read.
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do case "$a" in --file=*) printf "PGDMP garbage" > "${a#--file=}";; '
                    "esac; done\nexit 0\n")
    fake.chmod(0o755)
    (tools / "pg_restore").symlink_to(shutil.which("pg_restore"))
    monkeypatch.setenv("PATH", str(tools))

    with pytest.raises(DatabaseError) as caught:
        backup.backup(tmp_path / "x.dump")

    assert "could not be read back" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tools"]


@needs_pg_tools
def test_a_postgresql_backup_is_written_checked_and_private(empty_postgres, private_home):
    migrate.open_database(empty_postgres)
    with db.engine().connect() as connection:
        assert connection.scalar(text("SELECT obj_description('alembic_version'::regclass, 'pg_class')")) \
            == db.MARKER == "Auyl Office"
    made = backup.daily_backup(TODAY)
    assert made.read_bytes()[:5] == b"PGDMP"
    assert _backups(private_home) == [made.name]
    if os.name == "posix":
        assert _mode(made) == 0o600


@needs_pg_tools
def test_a_garbled_postgresql_backup_is_refused_and_nothing_is_touched(empty_postgres, tmp_path, private_home):
    migrate.open_database(empty_postgres)
    demo.generate(300, seed=1, activity=False)
    saved = backup.backup(tmp_path / "saved.dump")
    before = _surnames()
    data = bytearray(saved.read_bytes())
    # The table of contents comes first, the tables' compressed rows after it: garble the rows.
    data[-2100:-100] = bytes([0x5A]) * 2000
    saved.write_bytes(bytes(data))

    with pytest.raises(ValidationError) as caught:
        backup.restore(saved)

    assert "is damaged" in str(caught.value)
    assert _surnames() == before
    assert not [name for name in _backups(private_home) if name.startswith("before-restore-")]


@needs_pg_tools
def test_a_postgresql_archive_with_only_the_right_table_names_is_refused(empty_postgres, tmp_path, private_home):
    from tests.conftest import _create_postgres, _drop_postgres

    other = _create_postgres()  # another program's database, with table names like the office's
    try:
        engine = create_engine(other)
        with engine.begin() as connection:
            for table in ("alembic_version", "settings", "audit_entries", "members"):
                connection.execute(text(f"CREATE TABLE {table} (version_num TEXT, key TEXT, value TEXT)"))
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"),
                               {"revision": migrate.head_revision()})
        engine.dispose()
        foreign = tmp_path / "foreign.dump"
        subprocess.run(["pg_dump", "--format=custom", f"--file={foreign}",
                        f"--dbname={other.replace('+psycopg', '')}"], check=True, capture_output=True)
    finally:
        _drop_postgres(other)
    migrate.open_database(empty_postgres)
    demo.generate(5, seed=1, activity=False)
    _refused(foreign, private_home, "not an Auyl Office database")
