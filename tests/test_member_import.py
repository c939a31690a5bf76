"""Importing people from .xlsx and .csv files, on a real database: headers in three
languages, rejects with their row numbers, updates by IIN, look-alikes flagged, bad files refused,
cancel and crash leave the register as it was, and the speed target."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app import db, demo, i18n, migrate
from app.errors import Cancelled, Conflict, NotFound, ValidationError
from app.main import main
from app.models import Member
from app.printing.members import export_list, import_people, rejects_path
from app.rules import iin as iin_rules
from app.services import audit, member_import, members, settings
from app.services.member_import import FIELD_LABELS, SYNONYMS, match_columns, preview

pytestmark = pytest.mark.every_database

KK_HEADERS = ["Тегі", "Аты", "Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Ауыл", "Көше", "Үй", "Пәтер",
              "Телефон"]
EN_HEADERS = ["Surname", "Given name", "IIN", "Birth date", "Sex", "Village", "Phone"]


def xlsx(path: Path, headers, rows) -> Path:
    book = Workbook()
    sheet = book.active
    if headers is not None:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def csv_file(path: Path, headers, rows, encoding="utf-8-sig", delimiter=",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def read_rejects(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def village_id(name_kk: str) -> int:
    return next(v.id for v in settings.villages() if v.name_kk == name_kk)


def state() -> tuple:
    """Everything an import could change: the people, the villages, the audit log (but the import's
    own batch, which lists every import, even one that changed nobody)."""
    return (tuple(members.rows(sort="name")), tuple(settings.villages()),
            len([entry for entry in audit.entries() if entry.table_name != "import_batches"]))


def iins(count: int, seed: int = 7) -> list[tuple[str, date]]:
    """``count`` distinct valid IINs with their birth dates."""
    import random

    rng = random.Random(seed)
    found: dict[str, date] = {}
    while len(found) < count:
        born = date.fromordinal(date(1940, 1, 1).toordinal() + rng.randint(0, 30000))
        number = iin_rules.make(born, rng.choice("MF"), rng.randint(0, 9999))
        if number:
            found[number] = born
    return list(found.items())


def reopen(database: Path) -> None:
    """The command line closes the database when it ends; the services need it again."""
    migrate.open_database(db.sqlite_url(database))


# Headers ------------------------------------------------------------------------------------------

def test_every_label_and_synonym_names_its_own_field():
    for name, label in FIELD_LABELS.items():
        for lang in i18n.LANGUAGES:
            assert match_columns([i18n.translate(label, lang)]) == {0: name}, (name, lang)
    for name, words in SYNONYMS.items():
        for word in words:
            assert match_columns([word]) == {0: name}, word
    # Across spellings, punctuation and bilingual headers.
    assert match_columns(["Туган куни", "Ф.И.О.", "Тегі / Фамилия", "ИИН*", "Дата рождения (дд.мм.гггг)",
                          "Населенный пункт", "Shoe size"]) == {
        0: "birth_date", 1: "full_name", 2: "surname", 3: "iin", 4: "birth_date", 5: "village"}


# Reading files in three languages -----------------------------------------------------------------

def test_kazakh_headers_in_an_xlsx_add_people_with_all_their_fields(database, tmp_path):
    path = xlsx(tmp_path / "тізім.xlsx", KK_HEADERS, [
        # An IIN typed as a number; the Russian spelling of the village.
        ["Мұқанов", "Ерлан", "Серікұлы", 791028302728, None, None, "Жарлыозек", "Абай көшесі", 12, None,
         "8 701 123 45 67"],
        # Excel dropped the leading zero of an IIN of someone born in 2006; a date cell.
        ["Сейітова", "Айгүл", "", 61211600012, datetime(2006, 12, 11), "ә", "Мұқаншы ауылы", "", "", "", ""],
        ["Иванова", "Ольга", "Петровна", None, "14.03.1980", "Ж", "с. Бозтоган", "Жастар", "3", "7",
         "+7 (747) 555-12-34"],
    ])
    result = import_people(path)
    assert (result.added, result.updated, result.rejected, result.flagged) == (3, 0, [], [])
    assert result.rejects_path is None and result.unknown == []
    erlan = members.get(members.search("Mukanov Erlan")[0].id)
    assert erlan.iin == "791028302728" and erlan.birth_date == date(1979, 10, 28) and erlan.sex == "M"
    assert erlan.village_id == village_id("Жарлыөзек") and erlan.house == "12"
    assert erlan.phone == "+77011234567" and erlan.patronymic == "Серікұлы"
    aigul = members.get(members.search("сейитова")[0].id)
    assert aigul.iin == "061211600012" and aigul.sex == "F" and aigul.village_id == village_id("Мұқаншы")
    olga = members.get(members.search("иванова ольга")[0].id)
    assert olga.birth_date == date(1980, 3, 14) and olga.sex == "F" and olga.flat == "7"
    assert olga.village_id == village_id("Бозтоған") and olga.phone == "+77475551234"


def test_russian_headers_in_a_windows_1251_csv_with_semicolons(database, tmp_path):
    headers = ["Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Пол", "Село", "Улица", "Дом",
               "Квартира", "Телефон", "Примечание", "Статус"]
    path = csv_file(tmp_path / "жители.csv", headers, [
        ["Петров", "Сергей", "Иванович", "", "1975-05-02", "муж", "Жарлыозек", "Абая", "5", "", "", "староста",
         "проживающий"],
        ["Кузнецова", "Елена", "", "", "02.02.1990", "жен", "Бозтоган", "", "", "", "87071234567", "", ""],
    ], encoding="cp1251", delimiter=";")
    result = import_people(path)
    assert (result.added, result.rejected) == (2, [])
    petrov = members.get(members.search("петров")[0].id)
    assert (petrov.sex, petrov.notes, petrov.street, petrov.status) == ("M", "староста", "Абая", "resident")
    assert members.get(members.search("кузнецова")[0].id).phone == "+77071234567"


def test_english_headers_a_full_name_column_and_unknown_columns(database, tmp_path):
    path = csv_file(tmp_path / "people.csv", ["Full name", "IIN", "Date of birth", "Gender", "Village",
                                              "Shoe size"], [
        ["Мұқанов Ерлан Серікұлы", "791028302728", "", "", "Boztogan", "42"],
        ["Ivanova Olga", "", "14/03/1980", "female", "Жарлыөзек", "38"],
    ], encoding="utf-8", delimiter="\t")
    result = import_people(path)
    assert (result.added, result.rejected, result.unknown) == (2, [], ["Shoe size"])
    erlan = members.get(members.search("мұқанов")[0].id)
    assert (erlan.surname, erlan.given_name, erlan.patronymic) == ("Мұқанов", "Ерлан", "Серікұлы")
    assert erlan.village_id == village_id("Бозтоған")  # written in Latin letters
    olga = members.get(members.search("ivanova")[0].id)
    assert (olga.surname, olga.given_name, olga.patronymic, olga.sex) == ("Ivanova", "Olga", "", "F")


def test_a_title_above_the_headers_keeps_excel_row_numbers(database, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Жарлыөзек ауылының тұрғындары"
    sheet.append([])
    sheet.append(EN_HEADERS)
    sheet.append(["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None])
    sheet.append([])
    sheet.append(["Мұқанов", "Нұрлан", "791028302729", None, None, "Жарлыөзек", None])
    book.save(tmp_path / "titled.xlsx")
    result = import_people(tmp_path / "titled.xlsx")
    assert result.added == 1 and [number for number, _reason in result.rejected] == [6]


@pytest.mark.parametrize("lang, suffix", [("kk", ".xlsx"), ("ru", ".csv"), ("en", ".xlsx")])
def test_an_exported_register_imports_again_as_updates_changing_nothing(database, tmp_path, lang, suffix):
    demo.generate(300, seed=3, activity=False)  # about 3 % of them have no IIN
    i18n.set_language(lang)
    path, count = export_list(tmp_path / f"register{suffix}")
    before = state()
    i18n.set_language("en")
    result = import_people(path)
    assert (result.added, result.updated, result.rejected, result.flagged) == (0, count, [], [])
    assert result.rejects_path is None and result.unknown == []
    assert state() == before  # not even an audit entry: nothing was rewritten


def test_an_exported_and_corrected_register_updates_the_people_changed(database, tmp_path):
    demo.generate(50, seed=3, activity=False)
    path, _count = export_list(tmp_path / "register.xlsx")
    book = load_workbook(path)
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("IIN")].value)
    row[headers.index("Phone")].value = "8 777 000 11 22"
    row[headers.index("Occupation")].value = "мұғалім"
    number = row[headers.index("IIN")].value
    book.save(path)
    result = import_people(path)
    assert (result.added, result.rejected, result.flagged) == (0, [], [])
    person = members.get(next(r.id for r in members.search(number)))
    assert person.phone == "+77770001122" and person.occupation == "мұғалім"
    changes = [e for e in audit.entries(table="members") if e.action == "update"]
    assert len(changes) == 1 and set(changes[0].fields) == {"phone", "occupation", "search_text"}


# Rows that are wrong -----------------------------------------------------------------------------

def test_bad_rows_are_rejected_with_their_row_numbers_and_the_rest_imported(database, tmp_path):
    rows = [
        ["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None],  # row 2: good
        ["Сейітов", "Асқар", "791028302729", None, None, "Жарлыөзек", None],  # 3: check digit
        ["", "Нұрлан", None, "01.01.1990", "М", "Жарлыөзек", None],  # 4: no surname
        ["Омаров", "Серік", None, "01.01.1990", "М", "Алматы", None],  # 5: no such village
        ["Әлиев", "Марат", None, "31.02.1990", "М", "Бозтоған", None],  # 6: no such day
        ["Иванова", "Ольга", None, "14.03.1980", "Ж", "Бозтоған", "8 701 123 45 67"],  # 7: good
        ["Петров", "Павел", None, "14.03.1980", "X", "Бозтоған", "12345"],  # 8: sex and phone
    ]
    path = xlsx(tmp_path / "list.xlsx", EN_HEADERS, rows)
    result = import_people(path)
    assert (result.added, result.updated, result.flagged) == (2, 0, [])
    reasons = dict(result.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 8]
    assert "check digit" in reasons[3]
    assert reasons[4] == "The surname is missing."
    assert "no village called “Алматы”" in reasons[5]
    assert reasons[6] == "“31.02.1990” in the column “Birth date” is not a date; write it as 2026-03-14 or 14.03.2026."
    assert "not a sex" in reasons[8]
    assert members.count() == 2
    # The rejects file: the rows as they were, with the reason, beside the source.
    assert result.rejects_path == tmp_path / "list.rejects.csv"
    lines = read_rejects(result.rejects_path)
    assert lines[0] == EN_HEADERS + ["Reason"]
    assert [line[0] for line in lines[1:]] == ["Сейітов", "", "Омаров", "Әлиев", "Петров"]
    assert lines[1][2] == "791028302729" and lines[1][-1] == reasons[3]
    # Staff correct the rejects file and import it again; the «Reason» column is left out quietly.
    fixed = [line[:-1] for line in lines[1:]]
    fixed[0][2] = iins(1)[0][0]
    fixed[1][0] = "Нұрланов"
    fixed[2][5] = "Мұқаншы"
    fixed[3][3] = "28.02.1990"
    fixed[4][4], fixed[4][6] = "М", "87011234567"
    corrected = csv_file(tmp_path / "list.rejects.csv", lines[0], [line + ["old reason"] for line in fixed])
    again = import_people(corrected)
    assert (again.added, again.rejected, again.flagged, again.unknown) == (5, [], [], [])
    assert members.count() == 7


def test_a_foreign_resident_iin_is_not_imported_without_confirmation(database, tmp_path):
    first = "8501010" + "1234"
    number = first + str(iin_rules.check_digit(first))
    path = xlsx(tmp_path / "f.xlsx", EN_HEADERS, [["Smith", "John", number, "1985-01-01", "M", "Жарлыөзек", None]])
    result = import_people(path)
    assert result.added == 0 and "century digit" in result.rejected[0][1]


def test_unknown_villages_are_added_when_asked_once_for_all_their_spellings(database, tmp_path):
    path = xlsx(tmp_path / "new.xlsx", EN_HEADERS, [
        ["Мұқанов", "Ерлан", "791028302728", None, None, "Жаңатұрмыс ауылы", None],
        ["Иванова", "Ольга", None, "14.03.1980", "Ж", "с. Жанатурмыс", None],
        ["Петров", "Павел", None, "1979-01-01", "М", "Жарлыөзек", None],
    ])
    assert len(import_people(path).rejected) == 2 and members.count() == 1
    result = import_people(path, add_villages=True)
    assert result.new_villages == ["Жаңатұрмыс ауылы"] and result.rejected == []
    assert (result.added, result.updated) == (2, 1)  # Петров was imported the first time
    new = [v for v in settings.villages() if v.name_kk == "Жаңатұрмыс ауылы"]
    assert len(new) == 1 and len(settings.villages()) == 4
    assert {r.village_id for r in members.search("мукан")} | {r.village_id for r in members.search("иванова")} \
        == {new[0].id}


# People already in the register ------------------------------------------------------------------

def test_a_row_whose_iin_is_in_the_register_updates_that_person(database, tmp_path):
    member_id = members.create(members.MemberData(
        surname="Мұқанов", given_name="Ерлан", village_id=village_id("Жарлыөзек"), iin="791028302728",
        phone="8 701 123 45 67", occupation="мұғалім", street="Абай көшесі"))
    path = xlsx(tmp_path / "u.xlsx", ["ЖСН", "Тегі", "Аты", "Телефон", "Ауыл"],
                [["791028302728", "Муканов", "Ерлан", "8 777 111 22 33", "Бозтоған"]])
    result = import_people(path)
    assert (result.added, result.updated, result.rejected) == (0, 1, [])
    assert members.count() == 1
    person = members.get(member_id)
    assert (person.surname, person.phone, person.village_id) == ("Муканов", "+77771112233", village_id("Бозтоған"))
    assert person.occupation == "мұғалім" and person.street == "Абай көшесі"  # columns the file lacks stay
    assert members.search("муканов 7771112233")[0].id == member_id


def test_the_same_iin_twice_in_a_file_is_rejected_the_second_time(database, tmp_path):
    path = xlsx(tmp_path / "twice.xlsx", EN_HEADERS, [
        ["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None],
        ["Мұқанов", "Ерлан", "791028302728", None, None, "Бозтоған", None],
    ])
    result = import_people(path)
    assert result.added == 1 and result.rejected == [(3, "Row 2 has the same IIN.")]


def test_a_look_alike_of_two_people_in_the_register_names_the_first_of_them(database, tmp_path):
    def olga() -> int:
        return members.create(members.MemberData(surname="Иванова", given_name="Ольга", sex="F",
                                                 birth_date=date(1980, 3, 14), village_id=village_id("Бозтоған")))

    first, _second = olga(), olga()
    with db.unit_of_work() as session:  # on PostgreSQL the changed row now lies behind the other
        session.get(Member, first).notes = "Көшіп келді"
    path = xlsx(tmp_path / "look.xlsx", EN_HEADERS, [["Иванова", "Ольга", None, "14.03.1980", "F", "Бозтоған",
                                                       "87011234567"]])
    result = import_people(path)
    assert f"person number {first} in the register" in dict(result.flagged)[2]


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_a_look_alike_without_an_iin_is_flagged_not_merged(database, tmp_path, capsys):
    olga = members.create(members.MemberData(surname="Иванова", given_name="Ольга", sex="F",
                                             birth_date=date(1980, 3, 14), village_id=village_id("Бозтоған")))
    olga_iin = next(n for serial in range(100) if (n := iin_rules.make(date(1980, 3, 14), "F", serial)))
    path = xlsx(tmp_path / "look.xlsx", EN_HEADERS, [
        ["Ivanova", "Olga", None, "14.03.1980", "F", "Бозтоған", "87011234567"],  # like the one there
        ["Сейітова", "Айгүл", None, "1990-01-01", "Ж", "Жарлыөзек", None],  # new
        ["Сейитова", "Айгуль", None, "01.01.1990", "Ж", "Жарлыөзек", None],  # like row 3
        ["Иванова", "Ольга", olga_iin, None, None, "Бозтоған", None],  # an IIN; the one there has none
        ["Иванова", "Ольга", None, "14.03.1980", "Ж", "Бозтоған", None],  # says nothing new: no change
    ])
    result = import_people(path)
    assert (result.added, result.updated, result.rejected) == (1, 1, [])
    flagged = dict(result.flagged)
    assert sorted(flagged) == [2, 4, 5]
    assert f"person number {olga} in the register" in flagged[2] and "no IIN" in flagged[2]
    assert "as row 3" in flagged[4]
    assert f"person number {olga}" in flagged[5] and "add the IIN to them" in flagged[5]
    assert members.count() == 2 and members.get(olga).phone == ""
    lines = read_rejects(result.rejects_path)
    assert [line[0] for line in lines[1:]] == ["Ivanova", "Сейитова", "Иванова"]
    # Through the command line, again: row 3 is in the register now, and says nothing new.
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Added 0, updated 2, rejected 0, flagged 3." in out and "row 2: Same name" in out


# Files that cannot be imported --------------------------------------------------------------------

def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty_book = Workbook()
    empty_book.save(tmp_path / "blank.xlsx")
    (tmp_path / "zero.csv").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("Фамилия,Имя\nМұқанов,Ерлан\n", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    xlsx(tmp_path / "renamed.xlsx", EN_HEADERS, [["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None]])
    (tmp_path / "renamed.csv").write_bytes((tmp_path / "renamed.xlsx").read_bytes())
    return {
        "empty csv": (tmp_path / "zero.csv", "is empty"),
        "empty workbook": (tmp_path / "blank.xlsx", "is empty"),
        "text file": (tmp_path / "notes.txt", "Import reads .xlsx and .csv files, not notes.txt"),
        "old excel": (tmp_path / "old.xls", "not old.xls"),
        "damaged workbook": (tmp_path / "broken.xlsx", "not an Excel workbook"),
        "workbook named csv": (tmp_path / "renamed.csv", "not a text file"),
        "missing": (tmp_path / "nowhere.csv", "could not be read"),
        "one column twice": (xlsx(tmp_path / "dup.xlsx", ["Фамилия", "Имя", "Фамилия"],
                                  [["Мұқанов", "Ерлан", "Мұқанов"]]), "“Surname”: “Фамилия” and “Фамилия”"),
        "two names for one column": (csv_file(tmp_path / "syn.csv", ["Тегі", "Аты", "Фамилия"],
                                              [["Мұқанов", "Ерлан", "Муканов"]]), "“Тегі” and “Фамилия”"),
        "only unknown headers": (xlsx(tmp_path / "unknown.xlsx", ["Колонка 1", "Колонка 2"], [["a", "b"]]),
                                 "No column of the file"),
        "no name columns": (xlsx(tmp_path / "noname.xlsx", ["ИИН", "Телефон"], [["791028302728", ""]]),
                            "needs a surname column"),
        "headers only": (xlsx(tmp_path / "headers.xlsx", EN_HEADERS, []), "no rows to import"),
    }


def test_files_that_cannot_be_imported_get_a_clear_message_and_change_nothing(database, tmp_path):
    demo.generate(20, seed=1, activity=False)
    before = state()
    for case, (path, message) in _bad_files(tmp_path).items():
        with pytest.raises(ValidationError) as caught:
            import_people(path)
        assert message in str(caught.value), case
        assert caught.value.field == "file", case
        assert not rejects_path(path).exists(), case
    assert state() == before


def test_ten_thousand_bad_rows_are_all_rejected_and_nothing_changes(database, tmp_path):
    path = tmp_path / "bad.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(EN_HEADERS)
    for _ in range(10_000):
        sheet.append(["Мұқанов", "Ерлан", "79102830272", None, None, "Жарлыөзек", None])  # 11 digits
    book.save(path)
    before = state()
    result = import_people(path)
    assert len(result.rejected) == 10_000 and result.added == 0
    assert result.rejected[0] == (2, "An IIN has 12 digits.") and result.rejected[-1][0] == 10_001
    assert len(read_rejects(result.rejects_path)) == 10_001
    assert state() == before


def test_a_cancelled_import_leaves_the_register_as_it_was(database, tmp_path):
    numbers = iins(2000)
    path = xlsx(tmp_path / "long.xlsx", EN_HEADERS,
                [["Мұқанов", "Ерлан", number, None, None, "Жаңа ауыл", None] for number, _born in numbers])
    before = state()
    reports = []
    with pytest.raises(Cancelled):
        import_people(path, add_villages=True, progress=lambda done, total: reports.append((done, total)),
                    cancelled=lambda: len(reports) > 2)
    assert reports[-1][0] < 2000 and reports[-1][1] == 2000
    assert state() == before
    assert not rejects_path(path).exists()


def test_a_crash_midway_leaves_the_register_and_no_rejects_file(database, tmp_path, monkeypatch):
    numbers = iins(1500)
    rows = [["Мұқанов", "Ерлан", number, None, None, "Жарлыөзек", None] for number, _born in numbers]
    rows.append(["", "", "", None, None, "Жарлыөзек", "x"])  # one reject, so a rejects file would be due
    path = xlsx(tmp_path / "crash.xlsx", EN_HEADERS, rows)
    before = state()
    real_fill, calls = members.fill, []

    def failing_fill(member, data):
        calls.append(1)
        if len(calls) == 1200:
            raise RuntimeError("disk on fire")
        real_fill(member, data)

    monkeypatch.setattr(members, "fill", failing_fill)
    with pytest.raises(RuntimeError):
        import_people(path)
    assert state() == before
    assert not rejects_path(path).exists()


# The dialog's half ------------------------------------------------------------------------------

def test_preview_shows_the_columns_found_and_the_first_rows(database, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", EN_HEADERS + ["Shoe size"],
                [["Мұқанов", f"Ерлан {i}", None, None, "M", "Жарлыөзек", None, 42] for i in range(30)])
    shown = preview(path)
    assert shown.mapping == {0: "surname", 1: "given_name", 2: "iin", 3: "birth_date", 4: "sex", 5: "village",
                             6: "phone"}
    assert shown.unknown == ["Shoe size"] and shown.problem is None
    assert len(shown.rows) == 20 and shown.rows[0] == (2, ["Мұқанов", "Ерлан 0", "", "", "M", "Жарлыөзек", "", "42"])
    twice = preview(xlsx(tmp_path / "twice.xlsx", ["Тегі", "Аты", "Фамилия"], [["a", "b", "c"]]))
    assert twice.mapping == {0: "surname", 1: "given_name"} and "Фамилия" in twice.problem
    assert members.count() == 0


def test_columns_chosen_in_the_dialog_replace_the_headers(database, tmp_path):
    path = csv_file(tmp_path / "plain.csv", ["A", "B", "C", "D"],
                    [["Мұқанов", "Ерлан", "791028302728", "Жарлыөзек"]])
    with pytest.raises(ValidationError):
        import_people(path)
    result = import_people(path, mapping={0: "surname", 1: "given_name", 2: "iin", 3: "village"})
    assert result.added == 1 and result.unknown == []


@pytest.mark.parametrize("word, sex", [
    ("М", "M"), ("Ж", "F"), ("Е", "M"), ("Ә", "F"), ("M", "M"), ("F", "F"), ("ер", "M"), ("әйел", "F"),
    ("муж", "M"), ("жен", "F"), ("мужской", "M"), ("женский", "F"), ("male", "M"), ("Female", "F"),
])
def test_the_sex_column_reads_what_staff_write(database, tmp_path, word, sex):
    path = csv_file(tmp_path / "s.csv", ["Фамилия", "Имя", "Пол", "Дата рождения", "Село"],
                    [["Омаров", "Бала", word, "2010-05-05", "Жарлыөзек"]])
    assert import_people(path).added == 1
    assert members.get(members.rows()[0].id).sex == sex


# Command line -----------------------------------------------------------------------------------

@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_prints_a_summary_and_each_rejected_row(database, tmp_path, capsys):
    good = xlsx(tmp_path / "good.xlsx", EN_HEADERS + ["Shoe size"],
                [["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None, 42]])
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(good)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Columns left out: Shoe size", "Added 1, updated 0, rejected 0, flagged 0.",
                   "This is import number 1: «auyl members import --undo 1» undoes it."]

    bad = xlsx(tmp_path / "bad.xlsx", EN_HEADERS, [
        ["Мұқанов", "Ерлан", "791028302728", None, None, "Жарлыөзек", None],
        ["Омаров", "Серік", None, "1990-01-01", "М", "Жаңа ауыл", None],
        ["Омарова", "Сәуле", None, "1991-01-01", "Ж", "Жарлыөзек", "123"],
    ])
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Added 0, updated 1, rejected 2, flagged 0. The rows not imported are in {tmp_path / 'bad.rejects.csv'}"
    assert out[1].startswith("row 3: The district has no village called “Жаңа ауыл”")
    assert out[2].startswith("row 4: A phone number")

    assert main(["--lang", "en", "--db", str(database), "members", "import", str(bad), "--add-villages"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Villages added: Жаңа ауыл" and out[1].startswith("Added 1, updated 1, rejected 1,")

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["--lang", "kk", "--db", str(database), "members", "import", str(empty)]) == 1
    assert capsys.readouterr().err.strip().endswith("empty.csv файлы бос.")
    reopen(database)
    assert members.count() == 2


def test_ten_thousand_good_rows_all_go_in(database, tmp_path):
    # How long it takes is measured by bench/run.py against openpyxl alone, not here.
    path = tmp_path / "big.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([label for _field, label in members.EXPORT_COLUMNS])
    places = ("Жарлыөзек", "Бозтоған", "Мұқаншы")
    for i, (number, born) in enumerate(iins(10_000)):
        values = dict(surname="Мұқанов", given_name="Ерлан", patronymic="Серікұлы", iin=number, birth_date=born,
                      village=places[i % 3], street="Абай көшесі", house=str(i % 200), phone=f"+7701{i:07d}",
                      status="resident")
        sheet.append([values.get(field) for field, _label in members.EXPORT_COLUMNS])
    book.save(path)
    result = import_people(path)
    assert (result.added, result.rejected, result.flagged) == (10_000, [], [])
    assert members.count() == 10_000 and members.search("+77010009999")


# A row naming someone else than its IIN's owner; the plan before anything is written ------------

NURLAN_BORN = date(1985, 6, 11)


def nurlan() -> tuple[int, str]:
    """Сәрсенбаев Нұрлан in the register, with his phone and address: (id, IIN)."""
    number = next(n for serial in range(100) if (n := iin_rules.make(NURLAN_BORN, "M", serial)))
    member_id = members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", iin=number,
                                                  village_id=village_id("Жарлыөзек"), phone="87011112233",
                                                  street="Абай", house="5"))
    return member_id, number


def story_file(path: Path, iin: str) -> Path:
    """Three rows; the first one has Nurlan's IIN by one mistyped digit elsewhere in Excel."""
    return csv_file(path, ["Фамилия", "Имя", "ИИН", "Село", "Телефон", "Улица"], [
        ["Ахметов", "Серік", iin, "Жарлыөзек", "87017778899", "Жастар"],
        ["Мұқанов", "Ерлан", "791028302728", "Жарлыөзек", "", ""],
        ["Сейітова", "Айгүл", "061211600012", "Бозтоған", "", ""],
    ])


def register_rows() -> list[tuple]:
    """Every column of every person and the audit log's length: what a write would change."""
    with db.unit_of_work() as session:
        people = [tuple(row) for row in session.execute(select(Member.__table__).order_by(Member.id))]
    return [*people, len(audit.entries())]


def test_a_row_naming_someone_else_than_its_iins_owner_is_flagged_with_both_versions(database, tmp_path):
    member_id, number = nurlan()
    before = members.get(member_id)
    path = story_file(tmp_path / "three.csv", number)
    result = import_people(path)
    assert (result.added, result.updated, result.rejected) == (2, 0, [])
    assert members.get(member_id) == before  # Nurlan keeps his name, phone and address
    [flagged] = result.flagged
    assert flagged.row == 2 and flagged.member_id == member_id and flagged.version == before.version
    assert "belongs to Сәрсенбаев Нұрлан; the file names Ахметов Серік" in flagged.reason
    assert number not in flagged.reason  # the IIN masked, as lists show it
    sides = {change.name: (change.old_text, change.new_text) for change in flagged.fields}
    assert sides["surname"] == ("Сәрсенбаев", "Ахметов") and sides["given_name"] == ("Нұрлан", "Серік")
    assert sides["street"] == ("Абай", "Жастар") and sides["phone"][1] != sides["phone"][0]
    assert sides["village_id"][0] == sides["village_id"][1] != ""  # the village by name
    lines = read_rejects(result.rejects_path)
    assert lines[0][-1] == "Reason" and [line[0] for line in lines[1:]] == ["Ахметов"]
    assert "belongs to Сәрсенбаев Нұрлан" in lines[1][-1]
    assert sorted(row.surname for row in members.rows()) == ["Мұқанов", "Сейітова", "Сәрсенбаев"]


def test_a_reviewed_row_takes_the_files_version_only_over_the_version_it_saw(database, tmp_path):
    member_id, number = nurlan()
    [flagged] = import_people(story_file(tmp_path / "three.csv", number)).flagged
    chosen = {change.name: change.new for change in flagged.fields if change.name in ("phone", "street")}
    member_import.apply_reviewed(member_id, chosen, flagged.version)
    after = members.get(member_id)
    # Field by field: the name stays the register's, the phone and street are the file's.
    assert (after.surname, after.street, after.phone.replace(" ", "")) == ("Сәрсенбаев", "Жастар", "+77017778899")
    with pytest.raises(Conflict):  # the person changed after the import read them
        member_import.apply_reviewed(member_id, {change.name: change.new for change in flagged.fields},
                                     flagged.version)
    assert members.get(member_id) == after
    with pytest.raises(NotFound):
        member_import.apply_reviewed(10**6, {}, 1)


def test_spelling_variants_of_the_same_person_still_update(database, tmp_path):
    member_id = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", iin="791028302728",
                                                  village_id=village_id("Жарлыөзек")))
    path = csv_file(tmp_path / "variants.csv", ["Фамилия", "Имя", "ИИН", "Дата рождения", "Телефон"],
                    [["Муканов", "Ерлан", "791028302728", "28.10.1979", "87011234567"]])
    result = import_people(path)
    assert (result.added, result.updated, result.flagged, result.rejected) == (0, 1, [], [])
    [update] = result.changes
    changed = {change.name: (change.old_text, change.new_text) for change in update.fields}
    assert update.member_id == member_id and changed["surname"] == ("Мұқанов", "Муканов")
    assert changed["phone"][0] == "" and members.get(member_id).surname == "Муканов"


def test_a_dry_run_gives_the_plan_and_writes_nothing(database, tmp_path):
    member_id, number = nurlan()
    path = csv_file(tmp_path / "plan.csv", ["Фамилия", "Имя", "ИИН", "Село", "Телефон", "Улица"], [
        ["Ахметов", "Серік", number, "Жарлыөзек", "", ""],
        ["Сәрсенбаев", "Нурлан", number, "Жарлыөзек", "87019998877", "Абай"],  # the same man, a new phone
        ["Сейітова", "Айгүл", "061211600012", "Жаңа ауыл", "", ""],
        ["Омаров", "Серік", "12345", "Жарлыөзек", "", ""],  # not an IIN: rejected
    ])
    before = register_rows()
    plan = import_people(path, add_villages=True, dry_run=True)
    assert register_rows() == before and len(settings.villages()) == 3
    assert not rejects_path(path).exists()
    assert plan.dry_run and (plan.added, plan.updated, plan.rejects_path) == (1, 1, None)
    assert plan.new_people == [(4, "Сейітова Айгүл")] and plan.new_villages == ["Жаңа ауыл"]
    [update] = plan.changes
    assert (update.row, update.member_id) == (3, member_id)
    assert [change.name for change in update.fields] == ["given_name", "phone"]
    assert [row for row, _reason in plan.flagged] == [2] and [row for row, _reason in plan.rejected] == [5]
    # The same file imported for real does what the plan said.
    done = import_people(path, add_villages=True)
    assert (done.added, done.updated, len(done.flagged), len(done.rejected)) == (1, 1, 1, 1)
    assert done.changes == plan.changes and done.new_people == plan.new_people


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_flags_rows_into_the_review_file_and_dry_runs(database, tmp_path, capsys):
    member_id, number = nurlan()
    path = story_file(tmp_path / "three.csv", number)
    before = register_rows()
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out.splitlines()
    reopen(database)
    assert register_rows() == before and not rejects_path(path).exists()
    assert out[0] == "Nothing was written. The import would add 2, update 0, reject 0, flag 1."
    assert out[1].startswith("row 2: flagged: The IIN ") and "belongs to Сәрсенбаев Нұрлан" in out[1]
    assert out[2:] == ["row 3: add Мұқанов Ерлан", "row 4: add Сейітова Айгүл"]

    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    reopen(database)
    assert out[0] == f"Added 2, updated 0, rejected 0, flagged 1. The rows not imported are in {rejects_path(path)}"
    assert out[1].startswith("row 2: The IIN ")
    lines = read_rejects(rejects_path(path))
    assert lines[1][:2] == ["Ахметов", "Серік"] and "the file names Ахметов Серік" in lines[1][-1]
    assert members.get(member_id).surname == "Сәрсенбаев"

    # A dry run of an update prints each changed field, old → new.
    again = csv_file(tmp_path / "phone.csv", ["Фамилия", "Имя", "ИИН", "Телефон"],
                     [["Сәрсенбаев", "Нұрлан", number, "87019998877"]])
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(again), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("row 2: update Сәрсенбаев Нұрлан: Phone: ") and " → " in out[1]


# Files as village offices keep them -----------------------------------------------------------------

OFFICE_HEADERS = ["№", "Фамилия", "Имя", "Отчество", "ИИН", "Дата рождения", "Село", "Телефон"]


def office_workbook(path: Path, rows) -> Path:
    """A list as an office keeps it: a merged title, blank rows, then the header and the rows."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Жарлыөзек ауылдық округінің тізімі"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "2026 жыл"  # a second title line, naming no column
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_an_office_workbook_with_titles_numbers_and_no_sex_column(database, tmp_path):
    path = office_workbook(tmp_path / "тізім.xlsx", [
        [],  # row 3: blank
        OFFICE_HEADERS,  # 4
        [1, "Сейітова", "Айгүл", "", 61211600012, None, "Жарлыөзек", None],  # 5: a zero lost, F from the IIN
        [2, "Мұқанов", "Ерлан", "Серікұлы", 791028302728.0, datetime(1979, 10, 28), "Жарлыөзек", 87011234567.0],
        [],  # 7: blank
        [3, "Омарова", "Сәуле", "Серікқызы", None, datetime(1990, 5, 1), "Бозтоған", 87071234567],  # 8
        [4, "Петров", "Павел", None, None, "1.3.1980", "Мұқаншы", "8 747 555 12 34"],  # 9
        [5, "Әлиев", "Марат", "", 6121160001, None, "Жарлыөзек", None],  # 10: two digits lost
        [6, "Ким", "Виктор", "", None, "2001-07-15", "Жарлыөзек", None],  # 11: nothing tells the sex
    ])
    result = import_people(path)
    assert (result.added, result.updated, result.flagged) == (5, 0, [])
    assert result.guessed == [
        (8, "The sex (female) was read from the ending of the name: please confirm it."),
        (9, "The sex (male) was read from the ending of the name: please confirm it."),
        (11, "The sex is not known: neither the file, an IIN nor the ending of the name tells it. Please fill it in.")]
    assert result.rejected == [(10, "An IIN has 12 digits.")]
    people = {m.surname: members.get(m.id) for m in members.rows()}
    assert set(people) == {"Сейітова", "Мұқанов", "Омарова", "Петров", "Ким"}
    assert people["Ким"].sex is None  # kept, the sex left for staff to fill in
    aigul, erlan = people["Сейітова"], people["Мұқанов"]
    assert (aigul.iin, aigul.sex, aigul.birth_date) == ("061211600012", "F", date(2006, 12, 11))
    assert (erlan.iin, erlan.sex, erlan.phone, erlan.patronymic) == ("791028302728", "M", "+77011234567", "Серікұлы")
    saule, pavel = people["Омарова"], people["Петров"]
    assert (saule.sex, saule.birth_date, saule.phone, saule.iin) == ("F", date(1990, 5, 1), "+77071234567", "")
    assert saule.village_id == village_id("Бозтоған")
    assert (pavel.sex, pavel.birth_date, pavel.phone) == ("M", date(1980, 3, 1), "+77475551234")
    # The rejects file starts at the real header and keeps the rows as they were.
    lines = read_rejects(result.rejects_path)
    assert lines[0] == OFFICE_HEADERS + ["Reason"]
    assert [line[1:5] for line in lines[1:]] == [["Әлиев", "Марат", "", "6121160001"]]


def test_a_guess_is_not_made_over_the_iin_or_a_sex_written(database, tmp_path):
    # A woman whose surname reads male: the IIN says F; a written sex stays as written.
    path = office_workbook(tmp_path / "t.xlsx", [
        ["Фамилия", "Имя", "ИИН", "Пол", "Село"],
        ["Сейітов", "Айгүл", "061211600012", "", "Жарлыөзек"],
        ["Иванов", "Ольга", "", "Ж", "Жарлыөзек"],
        ["Иванова", "Саша", "", "", "Жарлыөзек"],  # a blank sex cell is read from the name
    ])
    result = import_people(path)
    assert (result.added, result.rejected, [number for number, _note in result.guessed]) == (3, [], [6])
    assert {m.given_name: members.get(m.id).sex for m in members.rows()} == {"Айгүл": "F", "Ольга": "F",
                                                                           "Саша": "F"}


def test_the_header_is_the_row_naming_columns_not_a_title_naming_one(database, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Тізім", "Ауыл: Жарлыөзек"])
    sheet.append(["Село", "Список жителей"])  # one column's word in a title line
    sheet.append(["Фамилия", "Имя", "Пол", "Село"])
    sheet.append(["Омаров", "Серік", "М", "Жарлыөзек"])
    book.save(tmp_path / "h.xlsx")
    shown = preview(tmp_path / "h.xlsx")
    assert shown.headers == ["Фамилия", "Имя", "Пол", "Село"] and shown.rows == [(4, ["Омаров", "Серік", "М",
                                                                                        "Жарлыөзек"])]
    assert import_people(tmp_path / "h.xlsx").added == 1


def test_a_russian_excel_csv_in_windows_1251_with_a_title_line(database, tmp_path):
    path = tmp_path / "жители.csv"
    path.write_bytes("\r\n".join([
        "Список жителей, Жарлыозек;;;;",  # a title with a comma: the delimiter is still «;»
        ";;;;",
        "ФИО;ИИН;Дата рождения;Село;Телефон",
        "Иванова Ольга Петровна;;14.03.1980;Бозтоган;87071234567",
        "Сейтова Айгуль;61211600012;;Жарлыозек;",  # Excel saved the number without its zero
        "Ахметов Серик;;5.6.1970;Жарлыозек;",
        "Ким Виктор;;;Бозтоган;",
        "",
    ]).encode("cp1251"))
    result = import_people(path)
    assert (result.added, result.rejected) == (4, [])
    assert [number for number, _note in result.guessed] == [4, 6, 7]  # Ким Виктор: the sex unknown
    olga = members.get(members.search("иванова")[0].id)
    assert (olga.patronymic, olga.sex, olga.birth_date, olga.phone) == ("Петровна", "F", date(1980, 3, 14),
                                                                        "+77071234567")
    assert olga.village_id == village_id("Бозтоған")
    aigul = members.get(members.search("сейтова")[0].id)
    assert (aigul.iin, aigul.sex) == ("061211600012", "F")
    serik = members.get(members.search("ахметов")[0].id)
    assert (serik.given_name, serik.sex, serik.birth_date) == ("Серик", "M", date(1970, 6, 5))


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_lists_the_people_whose_sex_was_guessed(database, tmp_path, capsys):
    path = office_workbook(tmp_path / "t.xlsx", [
        ["Фамилия", "Имя", "Отчество", "ИИН", "Село"],
        ["Омарова", "Сәуле", "", "", "Жарлыөзек"],
        ["Мұқанов", "Ерлан", "", 791028302728, "Жарлыөзек"],
        ["Әлі", "Бақыт", "Серікұлы", "", "Жарлыөзек"],
    ])
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Added 3, updated 0, rejected 0, flagged 0.",
        "2 people were added whose sex is to confirm:",
        "row 4: The sex (female) was read from the ending of the name: please confirm it.",
        "row 6: The sex (male) was read from the ending of the name: please confirm it.",
        "This is import number 1: «auyl members import --undo 1» undoes it."]


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_a_dry_run_lists_whose_sex_is_to_confirm(database, tmp_path, capsys):
    path = office_workbook(tmp_path / "t.xlsx", [
        ["Фамилия", "Имя", "Отчество", "ИИН", "Село"],
        ["Омарова", "Сәуле", "", "", "Жарлыөзек"],
        ["Ким", "Виктор", "", "", "Жарлыөзек"],
    ])
    assert main(["--lang", "en", "--db", str(database), "members", "import", str(path), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Nothing was written. The import would add 2, update 0, reject 0, flag 0. The sex of 2 people it adds "
        "is to confirm.",
        "row 4: add Омарова Сәуле",
        "row 4: to confirm: The sex (female) was read from the ending of the name: please confirm it.",
        "row 5: add Ким Виктор",
        "row 5: to confirm: The sex is not known: neither the file, an IIN nor the ending of the name tells it. "
        "Please fill it in."]
