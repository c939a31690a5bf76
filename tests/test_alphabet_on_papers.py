"""People on the papers in each language's alphabet (docs/domain.md, Language): the printed register
puts «Ысқақов» after «Шәріпов» in Kazakh, not among the И names as the search key would."""

from __future__ import annotations

import pytest

from app.printing import members as member_reports
from app.services import members, settings

pytestmark = pytest.mark.every_database

SURNAMES = ("Ысқақов", "Иванов", "Шәріпов", "Ілиясов", "Әбенов", "Абенов")


def test_the_printed_register_lists_people_in_the_documents_alphabet(database):
    village = settings.villages()[0].id
    for surname in SURNAMES:
        members.create(members.MemberData(surname=surname, given_name="Ерлан", sex="M", village_id=village))
    kk = [row.full_name.split()[0] for row in member_reports.register_data("kk").sections[0].rows]
    assert kk == ["Абенов", "Әбенов", "Иванов", "Шәріпов", "Ысқақов", "Ілиясов"]
    ru = [row.full_name.split()[0] for row in member_reports.register_data("ru").sections[0].rows]
    assert ru == ["Абенов", "Әбенов", "Иванов", "Ілиясов", "Шәріпов", "Ысқақов"]
    assert [row.number for row in member_reports.register_data("kk").sections[0].rows] == [1, 2, 3, 4, 5, 6]
