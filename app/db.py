"""One engine factory and the unit of work every service uses.

The database is, in this order: the ``--db PATH`` file, any SQLAlchemy URL in
``AUYL_DATABASE_URL`` (PostgreSQL later, without code changes), the file in ``AUYL_DB``, or
``auyl.sqlite`` in the user's data folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.paths import data_dir, default_db_path, names_a_server, private_dir, private_file

BUSY_TIMEOUT_MS = 10_000
# The office's own marker (docs/architecture.md, Backups and moving the database): a SQLite file
# carries it in its header (PRAGMA application_id, "Auyl" in ASCII), a server database as the comment
# of its alembic_version table, which pg_dump keeps and no data query sees.
APPLICATION_ID = 0x4175796C
MARKER = "Auyl Office"

_engine: Engine | None = None
_sessions: sessionmaker[Session] | None = None


def resolve_url(db_path: str | os.PathLike | None = None) -> str:
    if db_path:
        return str(db_path) if names_a_server(db_path) else sqlite_url(Path(db_path))
    url = os.environ.get("AUYL_DATABASE_URL")
    if url:
        return url
    file = os.environ.get("AUYL_DB")
    return sqlite_url(Path(file) if file else default_db_path())


def sqlite_url(path: Path) -> str:
    # Quoted, so a '?' or '%' in a folder name stays part of the path.
    quoted = quote(str(path.expanduser().resolve()), safe="/:\\")
    return f"sqlite:///{quoted}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def logs_in_per_user(url: str) -> bool:
    """A server address kept without a login name: each user connects as their own login, with the
    password typed at sign-in (docs/architecture.md, PostgreSQL roles)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def _plan_for_the_words_typed(dbapi_connection, _record) -> None:
    # psycopg prepares a statement after five runs, and PostgreSQL may then plan it once for any
    # value; the register's search needs a plan for the word typed (its trigram index, migration 0009).
    cursor = dbapi_connection.cursor()
    cursor.execute("SET plan_cache_mode = force_custom_plan")
    cursor.close()
    dbapi_connection.commit()


def create(url: str) -> Engine:
    """A new engine; SQLite gets WAL, foreign keys, a busy timeout and real transactions."""
    path = sqlite_path(url)
    if path is None:
        # hide_parameters: personal data must never reach an error message or a log.
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=True)
        event.listen(engine, "handle_error", _unanswered_is_lost)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _plan_for_the_words_typed)
        return engine
    if path.parent == data_dir():
        private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file is path or file.exists():
            private_file(file)
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, open transactions, so DDL and DML are all-or-nothing
        # (the pysqlite recipe in SQLAlchemy's SQLite dialect docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def _unanswered_is_lost(context) -> None:
    # A server that does not answer a new connection is as gone as one that dropped an open one
    # (context.connection is None only then): unit_of_work says the same for both.
    if context.connection is None:
        context.is_disconnect = True


def configure(url: str) -> Engine:
    """Points every service at this database (once at start-up, or per test)."""
    global _engine, _sessions
    dispose()
    _engine = create(url)
    _sessions = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def dispose() -> None:
    global _engine, _sessions
    if _engine is not None:
        _engine.dispose()
    _engine = None
    _sessions = None


def engine_or_none() -> Engine | None:
    return _engine


def engine() -> Engine:
    if _engine is None:
        raise RuntimeError("database not configured")
    return _engine


def url() -> str:
    return engine().url.render_as_string(hide_password=False)


def location() -> str:
    """The database as a person would name it: its file, or its URL without the password."""
    file = sqlite_path(url())
    return str(file) if file else engine().url.render_as_string(hide_password=True)


# The session of an enclosing ``batch()``, which every unit of work inside it joins.
_batch: ContextVar[Session | None] = ContextVar("batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Runs many units of work as one transaction: all of them are kept, or none (the demo district
    is written this way, and a thousand small commits become one). Each unit of work inside is a
    savepoint, so one that fails and is handled leaves the others standing."""
    if _batch.get() is not None:
        yield
        return
    with unit_of_work() as session:
        token = _batch.set(session)
        try:
            yield
        finally:
            _batch.reset(token)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One session per unit of work: commits on success, rolls back on any error."""
    outer = _batch.get()
    if outer is not None:
        with outer.begin_nested():
            yield outer
        return
    if _sessions is None:
        raise RuntimeError("database not configured")
    session = _sessions()
    try:
        yield session
        session.commit()
    except StaleDataError:
        # Two saves of one record at the same moment: the version counter let only one through.
        session.rollback()
        from app.errors import Conflict

        raise Conflict("Someone else saved this record at the same moment, so your changes were not saved. "
                       "Reload it to see theirs, then make yours again.") from None
    except exc.DBAPIError as error:
        session.rollback()
        if error.connection_invalidated:
            # The server went away (restarted, network down): the transaction died with the
            # connection, so nothing of it is kept; the pool's pre-ping reconnects on the next one.
            from app.errors import DatabaseError

            raise DatabaseError("The connection to the database server was lost, so nothing of this change "
                                "was saved. Save again when the server is back.") from None
        if isinstance(error, exc.OperationalError) and "locked" in str(error.orig):
            # Another window wrote between this one's reading and writing (SQLite has one writer at a
            # time): this change is refused whole rather than written over stale data.
            from app.errors import DatabaseError

            raise DatabaseError("Another window changed the data at the same moment, so nothing of "
                                "this change was saved. Look again and repeat it.") from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
