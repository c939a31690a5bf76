"""Faults of a server database: the server going away in the middle of a save, and a URL that does
not connect at start (from the command line and from the window)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from app import db, migrate
from app.errors import DatabaseError
from app.main import main
from app.models import AuditEntry, Member
from app.services import members, settings

UNREACHABLE = "postgresql+psycopg://nobody:secret@localhost:1/none"
LOST = "The connection to the database server was lost, so nothing of this change was saved."


def _count(url: str, model) -> int:
    engine = create_engine(url)  # a new connection, not the services' own
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model.__table__))
    finally:
        engine.dispose()


def _person(surname: str) -> Member:
    return Member(surname=surname, given_name="Айгүл", sex="F", village_id=settings.villages()[0].id)


def test_a_server_that_drops_the_connection_mid_save_keeps_nothing_of_it(empty_postgres):
    migrate.open_database(empty_postgres)
    audit_before = _count(empty_postgres, AuditEntry)
    admin = create_engine(empty_postgres, isolation_level="AUTOCOMMIT")
    try:
        with pytest.raises(DatabaseError) as caught:
            with db.unit_of_work() as session:
                session.add(_person("Сәрсенова"))
                session.flush()  # the first row is written inside the transaction
                backend = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as connection:  # e.g. the server restarted by its administrator
                    connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
                session.add(_person("Бекова"))
    finally:
        admin.dispose()

    assert str(caught.value).startswith(LOST) and "Save again when the server is back" in str(caught.value)
    assert _count(empty_postgres, Member) == 0
    assert _count(empty_postgres, AuditEntry) == audit_before
    # The next save works: the pool checks its connections before it hands them out.
    member_id = members.create(members.MemberData(surname="Бекова", given_name="Айгүл",
                                                  village_id=settings.villages()[0].id, sex="F"))
    assert members.get(member_id).surname == "Бекова"


def test_a_save_while_the_server_does_not_answer_says_the_connection_was_lost(database):
    db.configure(UNREACHABLE)  # as if the server went down after the office opened
    with pytest.raises(DatabaseError) as caught:
        with db.unit_of_work() as session:
            session.execute(select(Member.id)).all()
    assert str(caught.value).startswith(LOST)


def test_a_url_that_does_not_connect_at_start_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setenv("AUYL_DATABASE_URL", UNREACHABLE)
    assert main(["--lang", "en", "members", "search", "Бек"]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert line.startswith("auyl: error: Could not connect to the database "
                           "postgresql+psycopg://nobody:***@localhost:1/none: ")
    assert "secret" not in captured.err and captured.out == ""
    assert db.engine_or_none() is None


def test_the_window_shows_a_url_that_does_not_connect_in_a_dialog(qapp, monkeypatch):
    from app.ui import application, errors

    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, message: shown.append(message))
    monkeypatch.setenv("AUYL_DATABASE_URL", UNREACHABLE)
    # Switching the language would retranslate windows earlier tests left open, with no database.
    monkeypatch.setattr(application.language, "apply", lambda _lang: None)

    assert application.start(lang="en") is None

    [message] = shown
    assert message.startswith("Could not connect to the database postgresql+psycopg://nobody:***@localhost:1/none")
    assert db.engine_or_none() is None  # run_window then exits with 1
