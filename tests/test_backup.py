"""Backups: on demand, daily (the last 14 kept), and restore with a safety copy; on PostgreSQL with
pg_dump and pg_restore."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from app import db, db_files, demo, migrate
from app.errors import DatabaseError, DomainError, ValidationError
from app.models import Member
from app.services import backup


def _members_in(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM members").fetchone()[0]


def _surnames() -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(Member.surname).order_by(Member.id)))


def test_backup_is_an_auyl_database_with_the_same_people(database, tmp_path):
    demo.generate(200, seed=3, activity=False)
    progress = []
    path = backup.backup(tmp_path / "copy.sqlite", progress=lambda done, total: progress.append((done, total)))
    assert path == tmp_path / "copy.sqlite"
    assert backup.check_auyl_file(path) == migrate.head_revision()
    assert _members_in(path) == 200
    assert progress and progress[-1][0] == progress[-1][1]
    # A backup is one self-contained file.
    assert not Path(f"{path}-wal").exists()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_into_a_folder_gets_a_dated_name(database, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    path = backup.backup(folder)
    assert path.parent == folder and path.name.startswith("auyl-") and path.suffix == ".sqlite"
    backup.check_auyl_file(path)


def test_backup_cannot_overwrite_the_database_it_copies(database):
    with pytest.raises(ValidationError):
        backup.backup(database)
    assert _surnames() == []


def test_daily_backup_keeps_only_the_last_fourteen(database, private_home):
    folder = private_home / "backups"
    folder.mkdir(parents=True)
    old = backup.backup(private_home / "old.sqlite").read_bytes()
    for day in range(1, 17):
        (folder / f"auto-2026-01-{day:02d}.sqlite").write_bytes(old)
    other = folder / "before-restore-20260101-120000.sqlite"
    other.write_bytes(old)

    made = backup.daily_backup(today=date(2026, 2, 1))

    assert made == folder / "auto-2026-02-01.sqlite"
    backup.check_auyl_file(made)
    kept = [p.name for p in backup.daily_backups()]
    assert len(kept) == backup.KEEP_DAILY == 14
    assert kept[0] == "auto-2026-01-04.sqlite" and kept[-1] == "auto-2026-02-01.sqlite"
    assert other.exists()
    assert backup.last_backup() is not None


def test_daily_backup_is_made_once_a_day(database):
    first = backup.daily_backup(today=date(2026, 3, 14))
    assert first is not None
    assert backup.daily_backup(today=date(2026, 3, 14)) is None
    assert [p.name for p in backup.daily_backups()] == ["auto-2026-03-14.sqlite"]


def test_restore_replaces_the_data_and_keeps_a_safety_copy(database, tmp_path, private_home):
    demo.generate(50, seed=1, activity=False)
    saved = backup.backup(tmp_path / "saved.sqlite")
    before_restore = _surnames()
    demo.generate(70, seed=2, activity=False)
    assert len(_surnames()) == 120

    safety = backup.restore(saved)

    assert _surnames() == before_restore
    assert safety.parent == private_home / "backups"
    assert _members_in(safety) == 120
    backup.check_auyl_file(safety)
    # The restored database is open and writable.
    demo.generate(10, seed=3, activity=False)
    assert len(_surnames()) == 60
    assert _members_in(saved) == 50


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    path.write_text("Жиналыс хаттамасы: бұл дерекқор емес.\n" * 50, encoding="utf-8")
    return path


def _other_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.commit()
    return path


def _empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    return path


def _newer_auyl(tmp_path: Path) -> Path:
    path = backup.backup(tmp_path / "newer.sqlite")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
        connection.commit()
    return path


@pytest.mark.parametrize("make, wording", [
    (lambda tmp_path: tmp_path / "missing.sqlite", "not found"),
    (_text_file, "not a database"),
    (_other_sqlite, "not an Auyl Office database"),
    (_empty_file, "not an Auyl Office database"),
    (_newer_auyl, "newer version"),
])
def test_restore_rejects_a_file_that_is_not_a_usable_backup(database, tmp_path, private_home, make, wording):
    demo.generate(40, seed=4, activity=False)
    before = _surnames()
    source = make(tmp_path)
    content = source.read_bytes() if source.exists() else None

    with pytest.raises(ValidationError) as caught:
        backup.restore(source)

    assert wording in str(caught.value)
    assert caught.value.params["path"] == str(source)
    assert _surnames() == before
    assert migrate.current_revision(db.engine()) == migrate.head_revision()
    assert not list((private_home / "backups").glob("before-restore-*"))
    assert (source.read_bytes() if source.exists() else None) == content


def test_backup_of_a_database_in_a_folder_with_a_hash_holds_its_people(tmp_path, template_db):
    path = tmp_path / "Backups #2" / "auyl.sqlite"
    path.parent.mkdir()
    path.write_bytes(template_db.read_bytes())
    migrate.open_database(db.sqlite_url(path))
    demo.generate(30, seed=1, activity=False)
    copy = backup.backup(tmp_path / "copy.sqlite")
    assert _members_in(copy) == 30


def test_restore_while_another_program_has_the_database_open(database, tmp_path, monkeypatch):
    demo.generate(20, seed=1, activity=False)
    saved = backup.backup(tmp_path / "saved.sqlite")
    restored = _surnames()
    demo.generate(20, seed=2, activity=False)
    previous = _surnames()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    with closing(sqlite3.connect(database)) as window:  # e.g. the window, open in another process
        window.execute("SELECT count(*) FROM members").fetchone()
        try:
            backup.restore(saved)
        except DomainError:
            assert _surnames() == previous  # refused with a clear message, nothing changed
        else:
            assert _surnames() == restored


# PostgreSQL: pg_dump and pg_restore ------------------------------------------------------------

def _migrate_to(revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from app.paths import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_a_postgresql_database_is_backed_up_with_pg_dump_and_restored(empty_postgres, tmp_path, private_home,
                                                                     caplog):
    migrate.open_database(empty_postgres)
    demo.generate(40, seed=4, activity=False)
    saved = _surnames()
    assert backup.file_suffix() == ".dump"

    path = backup.backup(tmp_path)  # a folder: a dated .dump inside
    assert path.parent == tmp_path and path.suffix == ".dump" and path.read_bytes()[:5] == b"PGDMP"
    demo.generate(25, seed=5, activity=False)
    assert len(_surnames()) == 65

    safety = backup.restore(path)

    assert _surnames() == saved
    assert safety.parent == private_home / "backups" and safety.name.startswith("before-restore-")
    assert migrate.current_revision(db.engine()) == migrate.head_revision()
    demo.generate(5, seed=6, activity=False)  # open and writable again
    assert len(_surnames()) == 45
    # The safety copy holds what was there before: restoring it brings the 65 people back.
    backup.restore(safety)
    assert len(_surnames()) == 65
    password = make_url(empty_postgres).password
    assert password not in caplog.text


def test_a_postgresql_backup_of_an_older_schema_is_restored_and_upgraded(empty_postgres, tmp_path):
    def first_village(name: str | None = None) -> str:
        with db.engine().begin() as connection:
            if name:
                connection.execute(text("UPDATE villages SET name_kk = :name WHERE id = 1"), {"name": name})
            return connection.scalar(text("SELECT name_kk FROM villages WHERE id = 1"))

    db.configure(empty_postgres)
    _migrate_to(migrate.revisions()[migrate.head_revision()])  # the schema before the newest migration
    first_village("Ескі Жарлыөзек")
    older = backup.backup(tmp_path / "older.dump")
    migrate.upgrade()
    first_village("Жаңа Жарлыөзек")

    backup.restore(older)

    assert first_village() == "Ескі Жарлыөзек"
    assert migrate.current_revision(db.engine()) == migrate.head_revision()
    with db.engine().connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_a_file_that_is_not_a_postgresql_backup_is_refused_and_changes_nothing(empty_postgres, tmp_path,
                                                                              private_home):
    migrate.open_database(empty_postgres)
    demo.generate(10, seed=1, activity=False)
    before = _surnames()
    for source, wording in ((_text_file(tmp_path), "not a backup of a server database"),
                            (tmp_path / "missing.dump", "not found")):
        with pytest.raises(ValidationError) as caught:
            backup.restore(source)
        assert wording in str(caught.value)
    assert _surnames() == before
    assert not (private_home / "backups").exists() or not list((private_home / "backups").glob("before-restore-*"))


def test_without_pg_dump_a_backup_of_postgresql_says_what_to_do(empty_postgres, tmp_path, monkeypatch,
                                                                private_home):
    migrate.open_database(empty_postgres)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    (tmp_path / "saved.dump").write_bytes(b"PGDMP")

    for attempt in (lambda: backup.backup(tmp_path / "x.dump"), lambda: backup.restore(tmp_path / "saved.dump")):
        with pytest.raises(DomainError) as caught:
            attempt()
        message = str(caught.value)
        assert "is not installed on this computer" in message
        assert "postgresql-client" in message and "administrator" in message
    assert not (tmp_path / "x.dump").exists()
    # The daily backup skips the day quietly instead.
    assert backup.daily_backup(today=date(2026, 3, 14)) is None
    assert backup.daily_backups() == []


def test_the_daily_backup_of_postgresql_is_a_pg_dump(empty_postgres, private_home):
    migrate.open_database(empty_postgres)
    made = backup.daily_backup(today=date(2026, 3, 14))
    assert made == private_home / "backups" / "auto-2026-03-14.dump"
    assert backup.daily_backup(today=date(2026, 3, 14)) is None
    assert backup.last_backup() == made


def test_a_failing_pg_dump_is_one_clear_line(empty_postgres, tmp_path, monkeypatch):
    migrate.open_database(empty_postgres)
    # A stand-in pg_dump that fails as a client older than the server does.
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: aborting because of server version mismatch' >&2\n"
                    "echo 'pg_dump: detail: server version: 17.2; pg_dump version: 15.18' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))

    with pytest.raises(DatabaseError) as caught:
        backup.backup(tmp_path / "x.dump")

    assert str(caught.value) == ("pg_dump could not back up the database: pg_dump: error: aborting because of "
                                 "server version mismatch. Install PostgreSQL's client tools of the server's "
                                 "version.")
    assert not (tmp_path / "x.dump").exists()


def test_two_safety_copies_in_one_second_keep_both(tmp_path):
    """A restore and then the restore of its safety copy can fall in one second of the clock: the
    second copy gets a name of its own instead of overwriting the first."""
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, 0), tick=False):
        first = db_files.safety_copy_path(tmp_path, "before-restore-", ".sqlite")
        first.write_bytes(b"the office before the first restore")
        second = db_files.safety_copy_path(tmp_path, "before-restore-", ".sqlite")
    assert (first.name, second.name) == ("before-restore-20261207-100000.sqlite",
                                         "before-restore-20261207-100000-2.sqlite")
    assert first.read_bytes() == b"the office before the first restore"


def test_the_last_backup_counts_one_made_by_hand_outside_the_backups_folder(database, private_home, tmp_path):
    daily = backup.daily_backup(today=date(2026, 3, 14))
    assert backup.last_backup() == daily
    flash_drive = tmp_path / "flash"
    flash_drive.mkdir()
    by_hand = backup.backup(flash_drive)  # a folder: the copy gets a dated name there
    assert by_hand.parent == flash_drive and backup.last_backup() == by_hand
    by_hand.unlink()  # the drive taken away: the newest that is still there
    assert backup.last_backup() == daily
