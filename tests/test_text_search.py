"""The search's test of a word anywhere in a text (app.models.base.holds): the same answers on SQLite
(instr) and PostgreSQL (LIKE, which its trigram index serves), with LIKE's wildcards taken as letters."""

import pytest
from sqlalchemy import literal, select

from app.db import unit_of_work
from app.models.base import holds

pytestmark = pytest.mark.every_database

CASES = [
    ("мұқанов ерлан", "ерл", True),
    ("мұқанов ерлан", "ерлн", False),
    ("a%c", "%", True),
    ("abc", "%", False),
    ("a_c", "_", True),
    ("abc", "_", False),
    ("a/c", "/", True),
    ("a/%c", "/%", True),
    ("a%c", "/%", False),
    ("abc", "", True),
    ("мұқанов 870412300568 77011234567", "7011", True),
    ("мұқанов 870412300568", "7011", False),
    ("a1%2", "1%", True),
    ("a102", "1%", False),
]


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_a_word_is_found_anywhere_and_wildcards_are_letters(database, text, word, expected):
    with unit_of_work() as session:
        assert bool(session.scalar(select(holds(literal(text), word)))) is expected


def test_one_statement_serves_every_word(database):
    # The compiled statement is cached and reused: each word must still be its own.
    with unit_of_work() as session:
        found = [bool(session.scalar(select(holds(literal("абай"), word)))) for word in ("ба", "зз", "ай", "%")]
    assert found == [True, False, True, False]
