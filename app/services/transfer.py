"""Copies the whole office database into an empty one: a SQLite file to PostgreSQL and back.

The target is built by the same migrations and filled in the same transaction, table by table in
foreign-key order, so a copy that fails or whose counts differ leaves the target as empty as it
was. Rows are copied as they are (ids, the audit log, binary attachments); the services' own
checks are not run again, the data already passed them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, LargeBinary, Table, and_, bindparam, func, inspect, or_, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.schema import sort_tables_and_constraints

from app import db, migrate
from app.errors import DatabaseError, ValidationError
from app.models import Base, load_all
from app.services.access import requires

Progress = Callable[[int, int], None]

CHUNK_ROWS = 5000
CHUNK_ROWS_BINARY = 20  # rows with files in them (scans, photos): a few megabytes at a time


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


@dataclass(frozen=True)
class TransferResult:
    target: str  # named as a person would: the file, or the URL without its password
    tables: tuple[TableCount, ...]
    kept: bool  # False: the counts differed and the target was left empty

    @property
    def rows(self) -> int:
        return sum(t.source for t in self.tables)


def target_url(target: str) -> URL:
    """A SQLAlchemy URL, or a plain file path taken as a SQLite database; never one in memory."""
    if "://" not in target:
        url = make_url(db.sqlite_url(Path(target)))
    else:
        try:
            url = make_url(target)
        except ArgumentError:
            raise ValidationError("“{target}” is not a database URL or a file name.", target=target) from None
    if url.drivername == "postgresql":  # the driver the program ships (the [postgres] extra)
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite" and (not url.database or ":memory:" in url.database
                                               or url.query.get("mode") == "memory"):
        # The copy would be checked, reported and gone with the command.
        raise ValidationError("{target} is a database in memory, which keeps nothing once the command ends; "
                              "nothing was copied. Copy into a file or a PostgreSQL database.", target=target)
    return url


def _name(url: URL) -> str:
    file = db.sqlite_path(url.render_as_string(hide_password=False))
    return str(file) if file else url.render_as_string(hide_password=True)


def _tables() -> tuple[list[Table], dict[str, list[str]]]:
    """Every table in an order that satisfies foreign keys, and the columns of each that close a
    cycle (a household's head is one of its members): copied empty first, filled in at the end."""
    load_all()
    ordered = sort_tables_and_constraints(Base.metadata.tables.values())
    tables = [table for table, _fks in ordered if table is not None]
    later: dict[str, list[str]] = {}
    for fk in ordered[-1][1] if ordered[-1][0] is None else ():
        later.setdefault(fk.parent.name, []).extend(column.key for column in fk.columns)
    return tables, later


@requires("settings")
def copy_to(target: str, progress: Progress | None = None) -> TransferResult:
    """Copies the open database into the empty database at ``target``; the counts of every table
    in both, and whether the copy was kept (only when all of them are equal)."""
    url = target_url(target)
    name = _name(url)
    source = db.engine()
    if migrate.current_revision(source) != migrate.head_revision():
        raise DatabaseError("The database must be brought up to date before it is copied (auyl init).")
    try:
        engine = db.create(url.render_as_string(hide_password=False))
    except (ImportError, ArgumentError) as error:  # a driver that is not installed
        raise DatabaseError("Could not connect to the database {url}: {reason}", url=name,
                            reason=str(error)) from None
    try:
        _refuse_unless_empty(engine, url, name)
        return _copy(source, engine, name, progress)
    finally:
        engine.dispose()


def _refuse_unless_empty(engine: Engine, url: URL, name: str) -> None:
    try:
        with engine.connect() as connection:
            existing = inspect(connection).get_table_names()
    except DBAPIError as error:
        raise migrate.unreachable(url, error) from None
    if migrate.VERSION_TABLE in existing:
        raise ValidationError("{target} already holds an Auyl Office database; nothing was changed. "
                              "Copy into a new, empty database.", target=name)
    if existing:
        raise ValidationError("{target} is not empty: it has tables of another program ({tables}); "
                              "nothing was changed. Copy into a new, empty database.",
                              target=name, tables=", ".join(sorted(existing)[:5]))


def _copy(source: Engine, target: Engine, name: str, progress: Progress | None) -> TransferResult:
    tables, later = _tables()
    with source.connect() as reading, target.connect() as writing:
        if reading.dialect.name == "postgresql":
            reading = reading.execution_options(isolation_level="REPEATABLE READ")  # one snapshot
        with reading.begin():
            writing_transaction = writing.begin()
            try:
                migrate.run_migrations(writing)
                for table in reversed(tables):  # what the migrations put in (villages, rooms, rates)
                    writing.execute(table.delete())
                totals = {table.name: _count(reading, table) for table in tables}
                done, total = 0, sum(totals.values())
                set_aside = _set_aside(writing)
                if set_aside:  # no foreign key to wait for: a household's head comes with it
                    later = {}
                for table in tables:
                    for copied in _copy_table(reading, writing, table, later.get(table.name, [])):
                        done += copied
                        if progress:
                            progress(done, total)
                for table in tables:
                    if table.name in later:
                        _fill_later(reading, writing, table, later[table.name])
                for statement in set_aside:
                    writing.execute(text(statement))
                if writing.dialect.name == "postgresql":
                    reset_sequences(writing, tables)
                    # Fresh statistics, so the first searches use the trigram index (0009) at once
                    # rather than after autovacuum gets round to the new tables.
                    quote = writing.dialect.identifier_preparer
                    writing.execute(text("ANALYZE " + ", ".join(quote.format_table(t) for t in tables)))
                counts = tuple(TableCount(table.name, totals[table.name], _count(writing, table))
                               for table in tables)
                kept = all(c.source == c.target for c in counts)
                if kept:
                    writing_transaction.commit()
                else:
                    writing_transaction.rollback()
            except DBAPIError as error:
                writing_transaction.rollback()
                raise DatabaseError("The copy to {target} failed, so nothing was written there: {reason}",
                                    target=name, reason=_first_line(error)) from None
            except BaseException:
                writing_transaction.rollback()
                raise
    if kept and target.dialect.name == "postgresql":
        _mark_all_visible(target, tables)
    return TransferResult(name, counts, kept)


def _mark_all_visible(target: Engine, tables) -> None:
    """VACUUM the copied tables once they are committed (it cannot run inside the copy's transaction):
    until autovacuum does it, an index-only scan fetches every row it passes over to learn whether it
    is visible, so the register's search walked the heap of a new server database."""
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        quote = connection.dialect.identifier_preparer
        connection.execute(text("VACUUM " + ", ".join(quote.format_table(t) for t in tables)))


def _set_aside(connection: Connection) -> list[str]:
    """On PostgreSQL, drops the foreign keys and the indexes no constraint needs, and returns the
    statements that put them back, to check and build each once after the rows are in (PostgreSQL's
    advice for a bulk load): checked and kept up row by row, they cost more than the copy itself. They
    are put back in the same transaction, so a copy that fails leaves the target as empty as it was,
    and a row that breaks one fails the copy as it would have. SQLite's copies are small: left as they are."""
    if connection.dialect.name != "postgresql":
        return []
    schema = "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
    keys = connection.execute(text(
        "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
        f"JOIN pg_class c ON c.oid = k.conrelid {schema} AND k.contype = 'f'")).all()
    indexes = connection.execute(text(
        "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        f"JOIN pg_class c ON c.oid = x.indexrelid {schema} "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)")).all()
    quote = connection.dialect.identifier_preparer
    for table, name, _definition in keys:
        connection.execute(text(f"ALTER TABLE {quote.quote(table)} DROP CONSTRAINT {quote.quote(name)}"))
    for name, _definition in indexes:
        connection.execute(text(f"DROP INDEX {quote.quote(name)}"))
    # Memory for building them: a trigram index over a million names is built in a few passes.
    connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    return ([definition for _name, definition in indexes]
            + [f"ALTER TABLE {quote.quote(table)} ADD CONSTRAINT {quote.quote(name)} {definition}"
               for table, name, definition in keys])


def _count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table))


def _first_line(error: DBAPIError) -> str:
    # Only the first line: the driver's DETAIL lines quote the row's values, personal data.
    return (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]


def _copy_table(reading: Connection, writing: Connection, table: Table, later: list[str]):
    """Copies ``table`` in chunks (the ``later`` columns left empty); yields the rows of each chunk."""
    chunk = CHUNK_ROWS_BINARY if any(isinstance(c.type, LargeBinary) for c in table.columns) else CHUNK_ROWS
    order = list(table.primary_key.columns) or list(table.columns)
    result = reading.execution_options(stream_results=True, max_row_buffer=chunk).execute(
        select(*table.columns).order_by(*order))
    if writing.dialect.name == "postgresql":
        yield from _copy_rows(writing, table, later, result.partitions(chunk))
        return
    keys = [column.key for column in table.columns]
    for rows in result.partitions(chunk):
        values = [dict(zip(keys, row)) for row in rows]
        for row in values:
            row.update(dict.fromkeys(later))
        writing.execute(table.insert(), values)
        yield len(values)


def _copy_rows(writing: Connection, table: Table, later: list[str], chunks):
    """PostgreSQL's COPY through the driver, one per table: several times faster than INSERTs, which
    a district server's million people need. The values go through each column type's own bind
    processing (JSON, numbers), as an INSERT would send them."""
    dialect = writing.dialect
    quote = dialect.identifier_preparer
    processors = [None if column.key in later else column.type.dialect_impl(dialect).bind_processor(dialect)
                  for column in table.columns]
    empty = [column.key in later for column in table.columns]
    names = ", ".join(quote.quote(column.name) for column in table.columns)
    statement = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    driver_error = dialect.loaded_dbapi.Error
    try:
        with writing.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for rows in chunks:
                for row in rows:
                    copy.write_row([None if blank else process(value) if process else value
                                    for value, process, blank in zip(row, processors, empty)])
                yield len(rows)
    except driver_error as error:  # as SQLAlchemy reports an INSERT's
        raise DBAPIError.instance(statement, None, error, driver_error) from None


def _fill_later(reading: Connection, writing: Connection, table: Table, later: list[str]) -> None:
    key = list(table.primary_key.columns)
    columns = [table.c[name] for name in later]
    rows = reading.execute(select(*key, *columns).where(or_(*(c.is_not(None) for c in columns)))).all()
    if not rows:
        return
    update = (table.update().where(and_(*(c == bindparam(f"pk_{c.key}") for c in key)))
              .values({c.key: bindparam(f"new_{c.key}") for c in columns}))
    writing.execute(update, [{**{f"pk_{c.key}": row[i] for i, c in enumerate(key)},
                              **{f"new_{c.key}": row[len(key) + i] for i, c in enumerate(columns)}}
                             for row in rows])


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """Rows came with their ids (a copy, the demo's bulk inserts): on PostgreSQL each id sequence goes on
    after the largest, so new rows get fresh ones. SQLite takes the largest id plus one by itself."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        column = quote.quote(key[0].name)
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), coalesce(max({column}), 0) + 1, false) "
            f"FROM {quote.format_table(table)}"), {"table": quote.format_table(table), "column": key[0].name})
