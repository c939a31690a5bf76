"""The sex a name's ending tells, for lists without a sex column."""

from __future__ import annotations

import pytest

from app.rules.names import sex_from_name


@pytest.mark.parametrize("patronymic, sex", [
    ("Серікқызы", "F"), ("Серік қызы", "F"), ("Серіккызы", "F"), ("Петровна", "F"), ("Сергеевна", "F"),
    ("Серікұлы", "M"), ("Серік ұлы", "M"), ("Серикулы", "M"), ("Петрович", "M"), ("Сергеевич", "M"),
    ("  СЕРІКҚЫЗЫ ", "F"), ("ПЕТРОВИЧ", "M"),
])
def test_the_patronymic_tells_first(patronymic, sex):
    # The surname says the other sex: the patronymic wins.
    assert sex_from_name("Мұқанова" if sex == "M" else "Мұқанов", patronymic) == sex


@pytest.mark.parametrize("surname, sex", [
    ("Мұқанова", "F"), ("Сергеева", "F"), ("Королёва", "F"), ("Пушкина", "F"), ("Ахметова-Иванова", "F"),
    ("Мұқанов", "M"), ("Сергеев", "M"), ("Королёв", "M"), ("Пушкин", "M"), ("ИВАНОВ", "M"),
])
def test_without_a_patronymic_the_surname_tells(surname, sex):
    assert sex_from_name(surname) == sex
    assert sex_from_name(surname, "Әлі") == sex  # a patronymic of no known pattern tells nothing


@pytest.mark.parametrize("surname, patronymic", [
    ("Ким", ""), ("Әлі", ""), ("Смағұл", "Нұрлан"), ("", ""), ("Тоқтар", "  "),
])
def test_names_of_other_patterns_tell_nothing(surname, patronymic):
    assert sex_from_name(surname, patronymic) is None
