"""The register's page queries read less on a big register (on PostgreSQL: a look at the start of
the name order first, ids before rows) and still give the very rows, order and counts of the plain
query: every word typed, in name order, page after page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.models import Member
from app.rules.text import fold
from app.services import members
from tests.conftest import demo_copy
from tests.test_members import village_id

pytestmark = pytest.mark.every_database

# Words as staff type them: common and rare, short and long, at the start of the name order and
# near its end (the Үмбетовs), across spellings, digits of IINs and phones, two words.
WORDS = ("а", "Е", "Пе", "Үм", "Ум", "али", "Мұқ", "Мук", "Үмбетов", "Ерлан", "Айгүл", "Нурлан", "Smirn",
         "Qasym", "70", "7701", "99", "Есенова Д", "Жұмабаев Е", "Иванов", "ov", "zz", "Өтегенова Ж")


@pytest.fixture(params=[1200, 0], ids=["reading-on", "by-the-first-letter"])
def register(request, migrated_template, made_once, tmp_path, monkeypatch):
    # The register is made once per session and copied for each test (it takes seconds).
    with demo_copy(made_once, migrated_template, tmp_path / "db", members=1500, seed=3,
                   activity=False) as database:
        # A window smaller than the register, so every way of finding the first page is taken: the
        # window, reading on from it, and (with no reading on) the names starting with the word
        # together with those having it after their first letter.
        monkeypatch.setattr(members, "NAME_ORDER_WINDOW", 300)
        monkeypatch.setattr(members, "WIDEST_WINDOW", request.param)
        yield database


def _plain(text: str, village: int | None = None, offset: int = 0, limit: int = 200) -> list[int]:
    """The ids of the plain query: every word contained, name order, then the record number."""
    query = members._filtered(select(Member.id), text, village).order_by(Member.search_text, Member.id)
    with db.unit_of_work() as session:
        return list(session.scalars(query.offset(offset).limit(limit)))


@pytest.mark.parametrize("text", WORDS)
def test_a_page_of_the_register_is_the_plain_querys_page(register, text):
    first = members.rows(text, limit=200)
    assert [r.id for r in first] == _plain(text)
    following = members.rows(text, offset=200, limit=200)
    assert [r.id for r in following] == _plain(text, offset=200)
    assert members.count(text) == len(_plain(text, limit=100_000))
    assert [r.id for r in members.search(text, limit=50)] == _plain(text, limit=50)


def test_filters_and_a_small_page_keep_the_plain_order(register):
    village = village_id()
    for text in ("а", "Ерлан", "Үмбетов"):
        assert [r.id for r in members.rows(text, village_id=village, limit=40)] == _plain(text, village, limit=40)
    assert [r.id for r in members.rows("", limit=100)] == _plain("", limit=100)
    # The rows are whole: what the page shows of each person is what they are.
    for row in members.rows("Ерлан", limit=50):
        person = members.get(row.id)
        assert (row.surname, row.given_name, row.phone) == (person.surname, person.given_name, person.phone)
        assert fold("Ерлан") in fold(row.full_name)
