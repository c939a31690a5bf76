"""Brings a database to the schema this program expects, before anything touches its data.

The start-up path reads the schema version with one query and compares it with the head
revision read from the migration files' headers, so alembic (about 0.1 s to import) loads only
when an upgrade is due. Before an upgrade touches an existing SQLite database it is copied to the
backups folder; the upgrade runs in one transaction, and if it fails the copy is put back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from app import db, db_files, peek
from app.errors import DatabaseError
from app.paths import MIGRATIONS_DIR, backups_dir

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"


@cache
def revisions() -> dict[str, str | None]:
    """Every revision of the shipped migrations, mapped to the one it follows."""
    return peek.revisions(MIGRATIONS_DIR)


def head_revision() -> str:
    return peek.head(revisions())


def current_revision(engine: Engine) -> str | None:
    # One plain query on the start-up path; reflecting the schema costs more.
    with engine.connect() as connection:
        try:
            return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        except DBAPIError:
            return None


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(engine: Engine | None = None) -> UpgradeResult | None:
    """Migrates the configured database to head; None when it was already there."""
    engine = engine or db.engine()
    if _sqlite_marker(engine) not in (None, 0, db.APPLICATION_ID):
        raise DatabaseError("This file is not an Auyl Office database: {name}", name=str(engine.url.database))
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        _mark(engine)
        return None
    if current is not None and current not in revisions():
        raise DatabaseError(
            "This database was made by a newer version of Auyl Office (schema {revision}). "
            "Install the newer version to open it.", revision=current)
    if current is None and _has_tables(engine):
        if _sqlite_marker(engine) == db.APPLICATION_ID:  # the office's file, its schema version unreadable
            raise DamagedDatabase("The database {name} is damaged: {reason}", name=str(engine.url.database),
                                  reason="alembic_version")
        raise DatabaseError("This file is not an Auyl Office database: {name}", name=str(engine.url.database))

    safety_copy = _pre_upgrade_copy(current) if current is not None else None
    try:
        _run_alembic(engine)
    except Exception:
        log.exception("upgrade from %s to %s failed", current, head)
        if safety_copy is None:  # a server database: its one transaction was undone whole
            raise DatabaseError("The database could not be upgraded and was left as it was.") from None
        _put_back(safety_copy)
        raise DatabaseError(
            "The database could not be upgraded and was left as it was. A copy is kept in {path}.",
            path=str(safety_copy)) from None
    log.info("database upgraded from %s to %s", current, head)
    _mark(engine)
    return UpgradeResult(current, head, safety_copy)


def _sqlite_marker(engine: Engine) -> int | None:
    """The application id in a SQLite file's header (0: none set); None for a server database."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("PRAGMA application_id").scalar()
    except DBAPIError:
        return 0  # not readable as a database: the revision's check below says so


def _mark(engine: Engine) -> None:
    """Puts the office's own marker on a database at head (new, upgraded, or of a release made before
    the marker), so a restore can tell an office's backup from a file that only has its table names."""
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                if connection.exec_driver_sql("PRAGMA application_id").scalar() != db.APPLICATION_ID:
                    connection.exec_driver_sql(f"PRAGMA application_id = {db.APPLICATION_ID}")
            elif connection.scalar(text(f"SELECT obj_description('{VERSION_TABLE}'::regclass, 'pg_class')")) \
                    != db.MARKER:
                connection.execute(text(f"COMMENT ON TABLE {VERSION_TABLE} IS '{db.MARKER}'"))
    except DBAPIError:
        # A sign-in that may not write (a read-only file, a server login without the right) opens the
        # office all the same; the next one that may write marks it.
        log.warning("the database could not be marked as an Auyl Office database")


def _pre_upgrade_copy(revision: str) -> Path | None:
    """A copy of the SQLite file in the backups folder; None for a server database, whose upgrade is
    one transaction undone whole if it fails."""
    path = db.sqlite_path(db.url())
    if path is None or not path.exists():
        return None
    target = db_files.safety_copy_path(backups_dir(), f"pre-upgrade-{revision}-", ".sqlite")
    db_files.copy(path, target)
    return target


def _put_back(copy: Path) -> None:
    """Replaces the database file with the copy made before a failed upgrade."""
    path = db.sqlite_path(db.url())
    db.engine().dispose()
    db_files.copy_live(copy, path)


def _run_alembic(engine: Engine) -> None:
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                run_migrations(connection)
            return
        # A migration that rebuilds a SQLite table (copy, drop, rename) would, with foreign keys on,
        # let the drop delete or orphan the rows referring to it (an agenda item's decision and votes).
        # SQLite changes the setting only outside a transaction; the keys are checked before commit.
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                run_migrations(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"the upgrade left rows of {broken[0]} that refer to nothing")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")


def run_migrations(connection: Connection) -> None:
    """Migrates the database of ``connection`` to head inside its transaction (any engine, not
    only the configured one: ``auyl migrate-to`` builds its target this way)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def unreachable(url: URL, error: DBAPIError) -> DatabaseError:
    """A database that does not connect, named without its password, with the driver's reason."""
    lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    return DatabaseError("Could not connect to the database {url}: {reason}",
                         url=url.render_as_string(hide_password=True), reason=lines[0].strip())


class DamagedDatabase(DatabaseError):
    """SQLite reports the office's file damaged (SQLITE_CORRUPT) as it is opened; the services stay
    configured on it, so the window can restore a backup over it."""


def _damage(engine: Engine, error: DBAPIError) -> DamagedDatabase | None:
    if getattr(error.orig, "sqlite_errorcode", 0) & 0xFF != db_files.SQLITE_CORRUPT:
        return None
    return DamagedDatabase("The database {name} is damaged: {reason}", name=str(engine.url.database),
                           reason=str(error.orig).strip().splitlines()[0])


def open_database(url: str | None = None) -> Engine:
    """Configures the services on this database and migrates it to head (creating it if new)."""
    engine = db.configure(url or db.resolve_url())
    try:
        engine.connect().close()  # the pool keeps it: the first query below reuses it
    except DBAPIError as error:
        damage = _damage(engine, error)
        if damage is not None:
            raise damage from None
        db.dispose()
        raise unreachable(engine.url, error) from None
    try:
        upgrade(engine)
        if engine.dialect.name == "sqlite":
            # The start reads the settings next: a damaged page there is said as such, not as a crash.
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT key, value FROM settings").fetchall()
    except DBAPIError as error:
        damage = _damage(engine, error)
        if damage is None:
            raise
        raise damage from None
    return engine


class DowngradeNotSupported(RuntimeError):
    """A migration was asked to go back: the program never downgrades (docs/architecture.md, Migrations)."""


def refuse_downgrade() -> NoReturn:
    """Every migration's ``downgrade()``: the way back is the copy taken before the upgrade."""
    raise DowngradeNotSupported("Downgrades are not supported: restore the copy of the database taken before the "
                                "upgrade (the backups folder, or the server's backup) instead.")


def in_models(name, type_, _parent_names) -> bool:
    """alembic's include_name: indexes named ix_pg_* are made by migrations on PostgreSQL only
    (0009's trigram index), so comparing the schema with the models leaves them out."""
    return not (type_ == "index" and name and name.startswith("ix_pg_"))
