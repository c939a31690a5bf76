"""Writing many rows at once with Core, for the demo district and the audit entries and versions of
rows written without the ORM (app.services.history.write_inserted).

On SQLite, SQLAlchemy's handling of each row's parameters costs more than SQLite's own insert, so rows
go to the driver as tuples; a large load into a few tables is faster with their indexes built once
at its end, and with a larger page cache. Other databases get the ordinary Core insert and keep
their indexes and settings."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Date, DateTime, Table, exc, insert

# SQLite's page cache for a large load, in KiB (PRAGMA cache_size takes them as a negative number).
LOAD_CACHE_KIB = 65_536


def insert_rows(connection, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    """Inserts ``rows``, each a tuple of values in the order of ``columns``, in one executemany."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    # The values as SQLAlchemy would store them (a date as its text): each column's own conversion.
    converters = [(index, _remembered(converter) if isinstance(table.c[name].type, _REPEATING) else converter)
                  for index, name in enumerate(columns)
                  if (converter := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    if converters:
        rows = [_converted(row, converters) for row in rows]
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
           f"({', '.join(quote(name) for name in columns)}) VALUES ({', '.join('?' for _ in columns)})")
    connection.exec_driver_sql(sql, rows)


# Types whose values repeat from row to row (the moment of writing, the same few dates): each value
# is converted once.
_REPEATING = (Date, DateTime)


def _remembered(converter):
    return functools.lru_cache(maxsize=4096)(converter)


def _converted(row: tuple, converters) -> tuple:
    values = list(row)
    for index, converter in converters:
        values[index] = converter(values[index])
    return tuple(values)


@contextmanager
def large_cache(connection) -> Iterator[None]:
    """A larger SQLite page cache for the connection meanwhile (the default is 2 MB), and its
    temporary files kept in memory: a large load keeps coming back to the same pages, and so do the
    counts over the register that follow it; and inside a transaction each row's insert first copies
    the pages it changes to a statement journal (a temporary file), to undo that row alone on an error."""
    if connection.dialect.name != "sqlite":
        yield
        return
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    temp_store = connection.exec_driver_sql("PRAGMA temp_store").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
    in_memory = _temp_store(connection, "MEMORY")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        if in_memory:
            _temp_store(connection, str(int(temp_store)))


def _temp_store(connection, value: str) -> bool:
    """Sets where the connection keeps its temporary files; False when SQLite refuses inside a
    transaction, as it does once the connection has opened its temporary database (a temporary
    table, a look at sqlite_temp_master): the files then stay where they were, which only costs time."""
    try:
        connection.exec_driver_sql(f"PRAGMA temp_store = {value}")
    except exc.OperationalError:
        return False
    return True


@contextmanager
def loading(connection, tables: Sequence[Table]) -> Iterator[None]:
    """A large load into ``tables`` inside the caller's transaction: on SQLite their indexes are
    dropped at the start and made again, as they were, at the end, which is faster than keeping them
    up row by row. On an error they are not made again here: the caller's transaction (or savepoint)
    must be rolled back, which brings them back, since SQLite's schema changes are transactional.
    Uniqueness kept by a constraint is checked throughout (SQLite keeps those indexes)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    names = ", ".join("?" for _ in tables)
    indexes = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({names})",
        tuple(table.name for table in tables)).all()
    quote = connection.dialect.identifier_preparer.quote
    for name, _sql in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)
