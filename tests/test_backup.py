"""Backups: on demand, daily (the last 14 kept), and restore with a safety copy."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db, migrate
from app.errors import DomainError, ValidationError
from app.models import Member
from app.services import backup, demo


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
    for day in range(1, 17):
        (folder / f"auto-2026-01-{day:02d}.sqlite").write_text("old")
    other = folder / "before-restore-20260101-120000.sqlite"
    other.write_text("not an automatic backup")

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
