"""The members service on a real database: checks, search across spellings, lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from app import demo
from app.errors import NotFound, ValidationError
from app.services import audit, members, periods, settings

pytestmark = pytest.mark.every_database


def village_id(name_kk: str = "Жарлыөзек") -> int:
    return next(v.id for v in settings.villages() if v.name_kk == name_kk)


def person(**changes) -> members.MemberData:
    values = dict(surname="Мұқанов", given_name="Ерлан", patronymic="Серікұлы", iin="791028302728",
                  village_id=village_id(), street="Абай көшесі", house="12", phone="8 701 123 45 67")
    values.update(changes)
    return members.MemberData(**values)


def test_a_member_takes_birth_date_and_sex_from_the_iin_and_a_normalized_phone(database):
    member_id = members.create(person())
    stored = members.get(member_id)
    assert stored.birth_date == date(1979, 10, 28) and stored.sex == "M"
    assert stored.phone == "+77011234567"


@pytest.mark.parametrize("changes, field", [
    (dict(surname=" "), "surname"),
    (dict(given_name=""), "given_name"),
    (dict(iin="791028302729"), "iin"),
    (dict(iin="79102830272"), "iin"),
    (dict(birth_date=date(1980, 1, 1)), "birth_date"),
    (dict(iin="", sex="X"), "sex"),
    (dict(phone="12345"), "phone"),
    (dict(status="moved"), "status_date"),
    (dict(village_id=9999), "village_id"),
])
def test_bad_input_names_its_field_and_adds_nobody(database, changes, field):
    with pytest.raises(ValidationError) as caught:
        members.create(person(**changes))
    assert caught.value.field == field
    assert members.count() == 0


def test_a_text_longer_than_its_field_is_refused_naming_the_field(database):
    too_long = members.MemberData(surname="Жақсылықов" * 11, given_name="Ерлан", sex="M",
                                  village_id=settings.villages()[0].id)
    with pytest.raises(ValidationError, match="longer than the 100 characters") as caught:
        members.create(too_long)
    assert caught.value.field == "surname" and members.count() == 0


def test_an_iin_is_unique_in_the_register(database):
    members.create(person())
    with pytest.raises(ValidationError, match="already in the register"):
        members.create(person(given_name="Нұрлан"))


def test_a_foreign_resident_iin_with_century_digit_0_needs_confirmation(database):
    from app.rules.iin import check_digit

    first = "8501010" + "1234"
    number = first + str(check_digit(first))
    data = person(iin=number, sex="F", birth_date=date(1985, 1, 1))
    with pytest.raises(ValidationError, match="Confirm"):
        members.create(data)
    member_id = members.create(members.MemberData(**{**data.__dict__, "confirm_foreign_iin": True}))
    assert members.get(member_id).iin == number


def test_search_matches_across_kazakh_russian_and_latin_spellings(database):
    members.create(person())
    members.create(person(surname="Иванова", given_name="Ольга", patronymic="Петровна", iin="",
                          sex="F", phone=""))
    for typed in ("Мұқанов", "муканов", "Mukanov", "мук ерлан", "7011234567", "79102830"):
        assert [row.surname for row in members.search(typed)] == ["Мұқанов"], typed
    assert [row.surname for row in members.search("иванова")] == ["Иванова"]
    assert members.search("   ") == []
    assert members.search("%") == []


def test_lists_mask_the_iin(database):
    members.create(person())
    (row,) = members.rows()
    assert row.iin_masked == "••••••••2728"
    assert "302728" not in row.iin_masked


def test_update_changes_the_member_and_the_audit_names_the_fields_not_the_values(database):
    member_id = members.create(person())
    members.update(member_id, person(surname="Мұқанова", given_name="Айгүл", iin="", sex="F",
                                     status="moved", status_date=date(2026, 5, 1)))
    assert members.get(member_id).status == "moved"
    assert members.search("мұқанова")[0].id == member_id
    change = next(e for e in audit.entries(table="members") if e.action == "update")
    assert "surname" in change.fields and change.changes["surname"] is None
    assert change.changes["status"] == ["resident", "moved"]
    with pytest.raises(NotFound):
        members.update(99999, person())


def test_rows_and_count_filter_by_village_and_text(database):
    demo.generate(200, seed=4, activity=False)
    total = members.count()
    first = village_id()
    in_first = members.count(village_id=first)
    assert 0 < in_first < total
    page = members.rows(village_id=first, offset=0, limit=10)
    assert len(page) == 10 and all(row.village_id == first for row in page)
    from app.rules.text import fold

    # name order is the order of folded names: Әбдіқадыров beside Абдикадыров, not after Я
    assert [fold(r.surname) for r in page] == sorted(fold(r.surname) for r in page)
    surname = page[0].surname
    assert members.count(surname) == len(members.search(surname, limit=1000))


def test_demo_people_are_found_by_search(database):
    demo.generate(50, seed=2, activity=False)
    row = members.rows(limit=1)[0]
    assert row.id in [r.id for r in members.search(row.surname)]


def test_consent_is_recorded_and_the_list_shows_who_has_none(database):
    with_consent = members.create(person())
    without = members.create(person(surname="Иванова", given_name="Ольга", iin="", sex="F", phone=""))
    members.record_consent(with_consent, date(2026, 3, 1), "written", "register, meetings")
    (consent,) = members.consents(with_consent)
    assert consent.method == "written" and consent.recorded_by == audit.acting_user()
    assert [r.id for r in members.rows(without_consent=True)] == [without]
    assert members.count(without_consent=True) == 1
    with pytest.raises(ValidationError):
        members.record_consent(with_consent, date(2026, 3, 1), "telepathy", "")


def test_export_person_writes_everything_held_about_them(database, tmp_path):
    import json

    member_id = members.create(person())
    members.record_consent(member_id, date(2026, 3, 1), "oral", "register")
    path = members.export_person(member_id, tmp_path / "person.json")
    held = json.loads(path.read_text(encoding="utf-8"))
    assert held["surname"] == "Мұқанов" and held["iin"] == "791028302728"
    assert held["village"]["kk"] == "Жарлыөзек"
    assert held["consents"][0]["method"] == "oral"
    assert held["changes"][0]["action"] == "insert"


def test_erase_removes_personal_fields_but_keeps_the_record(database):
    demo.generate(20, seed=3, activity=False)
    target = members.rows(limit=1)[0]
    total = members.count()
    members.erase(target.id)
    assert members.count() == total  # the anonymous record still counts
    erased = members.get(target.id)
    assert (erased.surname, erased.given_name, erased.iin, erased.birth_date, erased.phone) == ("", "", "", None, "")
    assert erased.sex == target.sex and erased.village_id == target.village_id
    assert target.id not in [r.id for r in members.search(target.surname, limit=1000)]


def test_lists_sort_by_any_column_and_filter_by_status_and_age(database):
    demo.generate(150, seed=8, activity=False)
    by_birth = members.rows(sort="birth_date")
    dates = [r.birth_date for r in by_birth if r.birth_date]
    assert dates == sorted(dates)
    newest_first = members.rows(sort="birth_date", descending=True, limit=5)
    assert newest_first[0].birth_date == max(dates)
    some = members.rows(limit=1)[0]
    members.update(some.id, members.MemberData(**{**members.get(some.id).__dict__, "status": "moved",
                                                   "status_date": date(2026, 1, 5)}))
    assert [r.id for r in members.rows(status="moved")] == [some.id]
    today = date(2026, 6, 1)
    adults = members.rows(age_min=18, today=today)
    assert adults and all(r.birth_date <= date(2008, 6, 1) for r in adults)
    young = members.rows(age_max=17, today=today)
    assert young and all(r.birth_date > date(2008, 6, 1) for r in young)
    assert members.count(age_min=18, today=today) + members.count(age_max=17, today=today) == members.count()


def test_people_without_a_birth_date_or_iin_come_first_and_last_when_reversed(database):
    village = settings.villages()[0].id
    known = members.create(members.MemberData(surname="Әлиев", given_name="Нұрлан", iin="791028302728",
                                              village_id=village))
    unknown = members.create(members.MemberData(surname="Бекова", given_name="Сара", sex="F", village_id=village))
    for sort in ("birth_date", "iin"):
        assert [r.id for r in members.rows(sort=sort)] == [unknown, known], sort
        assert [r.id for r in members.rows(sort=sort, descending=True)] == [known, unknown], sort


def test_households_have_a_head_and_people_can_move_between_them(database):
    demo.generate(30, seed=5, activity=False)
    family = next(h for h in (members.household_of(r.id) for r in members.rows()) if h and len(h.people) >= 2)
    head_id, other_id = family.people[0][0], family.people[1][0]
    assert family.head_id == head_id
    members.make_head(other_id)
    assert members.household_of(head_id).head_id == other_id
    new_id = members.move_to_household(head_id, None)
    moved = members.household_of(head_id)
    assert moved.id == new_id and moved.head_id == head_id and len(moved.people) == 1
    assert head_id not in [p for p, _name in members.household_of(other_id).people]
    members.move_to_household(head_id, family.id)
    assert members.household_of(head_id).id == family.id
    assert members.household_of(head_id).head_id == other_id


def test_social_categories_come_from_the_district_list_and_filter_the_register(database):
    from app.services import settings as district

    names = district.category_list()
    assert len(names) >= 3
    member_id = members.create(person(categories=f"{names[0].upper()}; {names[1]}"))
    assert members.category_names(members.get(member_id).categories) == [names[0], names[1]]
    members.create(person(surname="Иванова", given_name="Ольга", iin="", sex="F", phone=""))
    assert [r.id for r in members.rows(category=names[1])] == [member_id]
    with pytest.raises(ValidationError) as caught:
        members.create(person(iin="", sex="M", surname="Омаров", categories="астронавт"))
    assert caught.value.field == "categories"
    district.save(social_categories=f"{names[0]}; астронавт")
    members.create(person(iin="", sex="M", surname="Омаров", categories="Астронавт"))
    assert members.count(category="астронавт") == 1


def test_categories_travel_through_export_and_import(database, tmp_path):
    from app.printing.members import export_list
    from app.services import member_import
    from app.services import settings as district

    first = district.category_list()[0]
    member_id = members.create(person(categories=first))
    path, _count = export_list(tmp_path / "register.xlsx")
    members.update(member_id, person(categories=""))
    result = member_import.import_file(path)
    assert result.updated == 1 and not result.rejected
    assert members.category_names(members.get(member_id).categories) == [first]


def test_a_member_may_have_several_phones_each_normalized_and_found(database):
    member_id = members.create(person(phone="8 701 123 45 67, +7(777)765-43-21; 87011234567"))
    assert members.get(member_id).phone == "+77011234567; +77777654321"
    assert [r.id for r in members.search("7777654321")] == [member_id]
    with pytest.raises(ValidationError) as caught:
        members.create(person(iin="", sex="M", phone="8 701 123 45 67; 12"))
    assert caught.value.field == "phone"


def test_the_period_counts_residents_joined_and_left_by_village(database):
    from datetime import date as day

    def person(surname, village_id=1, since=None, status="resident", status_date=None):
        return members.create(members.MemberData(surname=surname, given_name="T", village_id=village_id, sex="F",
                                                 member_since=since, status=status, status_date=status_date))

    person("Old")
    person("New", since=day(2026, 2, 10))
    person("Later", since=day(2026, 5, 1))
    person("Moved", status="moved", status_date=day(2026, 3, 1))
    person("MovedLater", village_id=2, status="moved", status_date=day(2026, 6, 1))
    person("Died", village_id=2, status="deceased", status_date=day(2026, 1, 15))
    figures = members.period(periods.of(day(2026, 1, 1), day(2026, 3, 31)))
    first, second = figures.villages[0], figures.villages[1]
    assert (first.residents, first.joined, first.moved_away, first.died) == (2, 1, 1, 0)
    assert (second.residents, second.joined, second.moved_away, second.died) == (1, 0, 0, 1)
    assert (figures.residents, figures.joined, figures.left) == (3, 1, 2)


def test_a_person_added_this_month_without_member_since_has_arrived_this_month(database):
    def person(surname, since=None):
        return members.create(members.MemberData(surname=surname, given_name="T", village_id=1, sex="F",
                                                 member_since=since))

    with time_machine.travel(datetime(2026, 4, 20, 10, 0), tick=False):
        person("Earlier")  # added last month, «member since» left empty
    with time_machine.travel(datetime(2026, 5, 12, 10, 0), tick=False):
        person("Empty")
        person("Dated", since=date(2026, 5, 3))
        person("Long ago", since=date(2019, 1, 1))  # added now, but here since 2019: not an arrival
        month = members.period(periods.of(date(2026, 5, 1), date(2026, 5, 12)))
    assert (month.joined, month.residents) == (2, 4)
    april = members.period(periods.of(date(2026, 4, 1), date(2026, 4, 30), date(2026, 5, 12)))
    assert april.joined == 1


def test_people_imported_this_month_were_there_before_and_have_not_arrived(database, tmp_path):
    from app.services import member_import

    path = tmp_path / "register.csv"
    path.write_text("Фамилия,Имя,Пол,Село\nПетров,Сергей,муж,Жарлыөзек\nКузнецова,Елена,жен,Жарлыөзек\n",
                    encoding="utf-8")
    with time_machine.travel(datetime(2026, 5, 12, 10, 0), tick=False):
        assert member_import.import_file(path).added == 2
        members.create(members.MemberData(surname="Ахметов", given_name="Болат", village_id=village_id(), sex="M"))
        month = members.period(periods.of(date(2026, 5, 1), date(2026, 5, 12)))
    assert (month.joined, month.residents) == (1, 3)
