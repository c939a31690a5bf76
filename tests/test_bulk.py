"""Bulk loads (app/services/bulk.py): rows given as tuples are stored as a Core insert stores them; a
load's dropped indexes come back as they were, after the load or with its rollback; the larger page
cache and the temporary files in memory are given back with the connection."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert, inspect, select

from app import db
from app.models import AuditEntry, Household, Member, Village
from app.services import bulk

pytestmark = pytest.mark.every_database

AUDIT = AuditEntry.__table__


def _indexes(table: str) -> list[tuple]:
    with db.engine().connect() as connection:
        return sorted((i["name"], tuple(i["column_names"])) for i in inspect(connection).get_indexes(table))


def test_rows_given_as_tuples_are_stored_as_a_core_insert_stores_them(database):
    at = datetime(2026, 3, 2, 10, 5)
    with db.unit_of_work() as session:
        connection = session.connection()
        connection.execute(insert(AUDIT), [dict(at=at, user_name="аудит", action="insert", table_name="members",
                                                row_id=1, changes="{}")])
        bulk.insert_rows(connection, AUDIT, ("at", "user_name", "action", "table_name", "row_id", "changes"),
                         [(at, "аудит", "insert", "members", 2, "{}")])
        stored = connection.exec_driver_sql("SELECT at, user_name, row_id FROM audit_entries "
                                            "WHERE row_id IN (1, 2) AND user_name = 'аудит' ORDER BY row_id").all()
        read = session.scalars(select(AuditEntry.at).where(AuditEntry.user_name == "аудит")).all()

    assert [row.row_id for row in stored] == [1, 2]
    assert stored[0].at == stored[1].at  # the same text (or timestamp) as Core writes
    assert read == [at, at]


def test_a_loads_indexes_come_back_as_they_were_after_it_and_with_its_rollback(database):
    before = _indexes("members")
    with db.unit_of_work() as session:
        village = session.scalar(select(Village.id).limit(1))

    with db.unit_of_work() as session:
        connection = session.connection()
        with bulk.loading(connection, [Member.__table__, Household.__table__]):
            if connection.dialect.name == "sqlite":  # dropped meanwhile; a server keeps them
                assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                                  "AND tbl_name = 'members' AND sql IS NOT NULL").scalar() == 0
            bulk.insert_rows(connection, Member.__table__,
                             ("surname", "given_name", "patronymic", "village_id", "street", "house", "flat", "phone",
                              "notes", "birth_date"),
                             [("Мұқанов", "Ерлан", "", village, "", "", "", "", "", date(1990, 5, 1))])
    with pytest.raises(ZeroDivisionError), db.unit_of_work() as session:
        with bulk.loading(session.connection(), [Member.__table__]):
            1 / 0

    assert _indexes("members") == before
    with db.unit_of_work() as session:
        assert session.scalars(select(Member.birth_date).where(Member.surname == "Мұқанов",
                                                               Member.given_name == "Ерлан")).all() == [date(1990, 5, 1)]


@pytest.mark.every_database(only="sqlite")
def test_the_larger_cache_and_temporary_files_in_memory_are_given_back(database):
    def settings(connection) -> tuple:
        return tuple(connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("cache_size", "temp_store"))

    with db.unit_of_work() as session:
        connection = session.connection()
        before = settings(connection)
        with bulk.large_cache(connection):
            meanwhile = settings(connection)
        after = settings(connection)

    assert meanwhile == (-bulk.LOAD_CACHE_KIB, 2)  # 2: memory
    assert after == before


@pytest.mark.every_database(only="sqlite")
def test_a_connection_with_temporary_tables_keeps_its_temporary_files_where_they_were(database):
    with db.unit_of_work() as session:
        connection = session.connection()
        connection.exec_driver_sql("CREATE TEMP TABLE kept (a)")
        before = connection.exec_driver_sql("PRAGMA temp_store").scalar()
        with bulk.large_cache(connection):
            meanwhile = connection.exec_driver_sql("PRAGMA temp_store").scalar()
            connection.exec_driver_sql("INSERT INTO kept VALUES (1)")
        kept = connection.exec_driver_sql("SELECT a FROM kept").scalar()
        connection.exec_driver_sql("DROP TABLE kept")

    assert meanwhile == before
    assert kept == 1
