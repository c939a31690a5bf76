"""District settings, villages, rooms and MCI values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app import db
from app.errors import ValidationError
from app.models import Member, Setting
from app.services import settings
from app.services.settings import MciRow, RoomRow, VillageRow

pytestmark = pytest.mark.every_database


def _stored_settings() -> dict[str, str]:
    with db.unit_of_work() as session:
        return {row.key: row.value for row in session.scalars(select(Setting))}


# Typed settings ---------------------------------------------------------------------------------

def test_defaults_are_the_ones_domain_md_gives(database):
    current = settings.load()
    assert current.gathering_quorum_percent == Decimal("10")
    assert current.assembly_quorum_percent == Decimal("50")  # more than half of the members
    assert current.majority_percent == Decimal("50")  # simple majority of those present
    assert current.akim_answer_working_days == 10
    assert current.decision_send_working_days == 5
    assert current.assembly_meetings_per_year == 4  # at least once a quarter
    assert current.assembly_term_years == 4
    assert current.registration_sheet_shows_iin is False
    assert current.district_kato == "334255000"


def test_saved_values_come_back_with_their_types(database):
    saved = settings.save(gathering_quorum_percent="12,5", voting_age="18 ", registration_sheet_shows_iin="yes",
                          district_name_kk="  Жаңа округ ", assembly_quorum_percent=Decimal("66.67"))
    loaded = settings.load()
    assert saved == loaded
    assert loaded.gathering_quorum_percent == Decimal("12.5")
    assert isinstance(loaded.gathering_quorum_percent, Decimal)
    assert loaded.assembly_quorum_percent == Decimal("66.67")
    assert loaded.voting_age == 18 and isinstance(loaded.voting_age, int)
    assert loaded.registration_sheet_shows_iin is True
    assert loaded.district_name_kk == "Жаңа округ"
    settings.save(registration_sheet_shows_iin=False, voting_age=21)
    again = settings.load()
    assert (again.registration_sheet_shows_iin, again.voting_age) == (False, 21)
    assert again.gathering_quorum_percent == Decimal("12.5")


@pytest.mark.parametrize("field, value", [
    ("voting_age", "abc"),
    ("voting_age", "99"),
    ("gathering_quorum_percent", "0"),
    ("gathering_quorum_percent", "NaN"),
    ("gathering_quorum_percent", "ten"),
    ("assembly_quorum_percent", "100"),
    ("akim_answer_working_days", "0"),
    ("registration_sheet_shows_iin", "maybe"),
    ("district_kato", "12345"),
    ("district_name_ru", "   "),
])
def test_bad_value_is_refused_naming_its_field(database, field, value):
    with pytest.raises(ValidationError) as caught:
        settings.save(**{field: value})
    assert caught.value.field == field
    assert caught.value.message("en")
    assert _stored_settings() == {}


def test_unknown_setting_is_refused(database):
    with pytest.raises(ValidationError) as caught:
        settings.save(colour="red")
    assert caught.value.field == "colour"


def test_one_bad_value_stores_none_of_the_changes(database):
    settings.save(voting_age=19)
    with pytest.raises(ValidationError) as caught:
        settings.save(akim_answer_working_days=15, voting_age="abc")
    assert caught.value.field == "voting_age"
    current = settings.load()
    assert (current.akim_answer_working_days, current.voting_age) == (10, 19)


def test_a_damaged_stored_value_falls_back_to_its_default(database):
    with db.unit_of_work() as session:
        session.add(Setting(key="voting_age", value='"abc"'))
        session.add(Setting(key="akim_answer_working_days", value="not json"))
    current = settings.load()
    assert (current.voting_age, current.akim_answer_working_days) == (18, 10)


# Villages ---------------------------------------------------------------------------------------

def _member_in(village_id: int) -> None:
    with db.unit_of_work() as session:
        session.add(Member(surname="Омаров", given_name="Марат", sex="M", village_id=village_id))


def test_villages_can_be_renamed_added_and_reordered(database):
    first, second, third = settings.villages()
    rows = settings.save_villages([
        third,
        replace(first, name_kk="Жарлыөзек ауылы", name_ru="с. Жарлыозек"),
        VillageRow(None, "Жаңаауыл", "Жанаауыл", "334255400"),
        second,
    ])
    assert [r.name_kk for r in rows] == ["Мұқаншы", "Жарлыөзек ауылы", "Жаңаауыл", "Бозтоған"]
    assert rows[1].id == first.id and rows[1].name_ru == "с. Жарлыозек"
    assert rows[2].id is not None and rows[2].kato_code == "334255400"
    assert settings.villages() == rows


def test_a_village_without_people_can_be_removed(database):
    first, second, third = settings.villages()
    assert settings.save_villages([first, third]) == [first, third]


def test_removing_a_village_that_has_members_is_refused(database):
    first, second, third = settings.villages()
    _member_in(second.id)
    with pytest.raises(ValidationError) as caught:
        settings.save_villages([replace(first, name_kk="Renamed"), third])
    assert caught.value.field == "villages"
    assert caught.value.params["name"] == "Бозтоған"
    assert settings.villages() == [first, second, third]


@pytest.mark.parametrize("rows", [
    [],
    [VillageRow(None, "", "Пусто")],
    [VillageRow(None, "Ауыл", "Аул", "12")],
    [VillageRow(None, "Ауыл", "Аул"), VillageRow(None, "АУЫЛ", "Аул 2")],
])
def test_bad_village_lists_are_refused(database, rows):
    before = settings.villages()
    with pytest.raises(ValidationError) as caught:
        settings.save_villages(rows)
    assert caught.value.field == "villages"
    assert settings.villages() == before


# Rooms ------------------------------------------------------------------------------------------

def test_removed_room_becomes_inactive_and_keeps_its_row(database):
    rooms = settings.rooms()
    kept, removed = rooms[1:], rooms[0]
    result = settings.save_rooms(kept + [RoomRow(None, "  Спорт залы ", 60)])
    assert len(result) == len(rooms) + 1
    by_id = {room.id: room for room in result}
    assert by_id[removed.id].active is False
    assert by_id[removed.id].name == removed.name
    assert all(by_id[room.id].active for room in kept)
    assert result[-1].name == "Спорт залы" and result[-1].capacity == 60 and result[-1].active
    assert removed.id not in {room.id for room in settings.rooms(include_inactive=False)}


def test_room_without_a_name_or_with_negative_capacity_is_refused(database):
    before = settings.rooms()
    for bad in (RoomRow(None, "  "), RoomRow(None, "Зал", -1)):
        with pytest.raises(ValidationError) as caught:
            settings.save_rooms(before + [bad])
        assert caught.value.field == "rooms"
    assert settings.rooms() == before


# MCI --------------------------------------------------------------------------------------------

def test_two_mci_values_on_one_day_are_refused(database):
    before = settings.mci_rates()
    with pytest.raises(ValidationError) as caught:
        settings.save_mci_rates(before + [MciRow(None, date(2026, 1, 1), Decimal("4400"))])
    assert caught.value.field == "mci"
    assert settings.mci_rates() == before


def test_mci_value_must_be_positive(database):
    before = settings.mci_rates()
    with pytest.raises(ValidationError):
        settings.save_mci_rates(before + [MciRow(None, date(2027, 1, 1), Decimal("0"))])
    assert settings.mci_rates() == before


def test_mci_on_a_day_is_the_value_in_force_that_day(database):
    # 2022 had two values (docs/domain.md, Grants).
    settings.save_mci_rates(settings.mci_rates() + [MciRow(None, date(2022, 1, 1), Decimal("3063")),
                                                    MciRow(None, date(2022, 4, 1), Decimal("3180"))])
    assert settings.mci_on(date(2021, 12, 31)) is None
    assert settings.mci_on(date(2022, 1, 1)) == Decimal("3063")
    assert settings.mci_on(date(2022, 3, 31)) == Decimal("3063")
    assert settings.mci_on(date(2022, 4, 1)) == Decimal("3180")
    assert settings.mci_on(date(2023, 6, 15)) == Decimal("3450")
    assert settings.mci_on(date(2024, 12, 31)) == Decimal("3692")
    assert settings.mci_on(date(2025, 1, 1)) == Decimal("3932")
    assert settings.mci_on(date(2030, 1, 1)) == Decimal("4325")


def test_mci_table_is_replaced_exactly(database):
    rows = settings.mci_rates()
    result = settings.save_mci_rates([rows[0], replace(rows[-1], amount=Decimal("4400")),
                                      MciRow(None, date(2027, 1, 1), Decimal("4500"))])
    assert [(r.effective_from, r.amount) for r in result] == [
        (date(2023, 1, 1), Decimal("3450")), (date(2026, 1, 1), Decimal("4400")),
        (date(2027, 1, 1), Decimal("4500"))]
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Setting)) == 0


def test_mci_dates_can_be_shifted_in_one_save(database):
    rows = settings.mci_rates()  # 2023, 2024, 2025, 2026
    # The 2025 value really took effect in 2026 and the 2026 one in 2027: one edit of two rows.
    result = settings.save_mci_rates(rows[:2] + [replace(rows[2], effective_from=date(2026, 1, 1)),
                                                 replace(rows[3], effective_from=date(2027, 1, 1))])
    assert [(r.effective_from.year, r.amount) for r in result][2:] == [(2026, Decimal("3932")),
                                                                       (2027, Decimal("4325"))]
