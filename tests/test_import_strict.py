"""The import reads a .csv strictly and in the right encoding, and refuses what is too big before
reading it whole: a quote left open, a row with a wrong number of cells or text its encoding does not
read stops with the row's number and nothing imported; the encoding is detected (UTF-8 with or without
BOM, UTF-16, Windows-1251, KOI8-R, Windows-1252) and shown in the preview, and the one chosen wins; a
cell past 10,000 characters and a workbook whose shared strings unpack past the limit are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app import db, migrate
from app.errors import ValidationError
from app.main import main
from app.printing.members import import_people, rejects_path
from app.services import audit, member_import, members, settings
from app.services.member_import import ENCODINGS, detect_encoding, preview

pytestmark = pytest.mark.every_database

HEADER = "Фамилия,Имя,Пол,Село,Примечание\n"
VILLAGE = "Жарлыозек"  # Жарлыөзек as a Russian keyboard types it: every encoding here has it


def state() -> tuple:
    return (tuple(members.rows(sort="name")), tuple(settings.villages()),
            len([entry for entry in audit.entries() if entry.table_name != "import_batches"]))


def people(count: int, start: int = 0) -> str:
    return "".join(f"Ахметов{n},Серик,М,{VILLAGE},\n" for n in range(start, start + count))


def refused(path: Path, *words: str, **options) -> str:
    """The import of ``path`` refused, with a message holding ``words``, and nothing changed."""
    before = state()
    with pytest.raises(ValidationError) as caught:
        import_people(path, **options)
    message = caught.value.message("en")
    for word in words:
        assert word in message
    assert state() == before
    assert not rejects_path(path).exists()
    return message


def test_a_quote_left_open_stops_the_import_at_its_row(database, tmp_path):
    path = tmp_path / "open.csv"
    # Row 7 opens a quote in the notes that nothing closes: the other 95 people would be its notes.
    path.write_text(HEADER + people(5) + f'Омаров,Асхат,М,{VILLAGE},"живёт у сына\n' + people(94, 5),
                    encoding="utf-8")
    refused(path, "Row 7 of open.csv", "never closed")


def test_a_quote_closed_rows_later_swallowing_them_is_refused(database, tmp_path):
    path = tmp_path / "swallow.csv"
    # The quote of row 3 closes at row 5's last cell: rows 4 and 5 would be row 3's notes.
    path.write_text(HEADER + people(1) + f'Омаров,Асхат,М,{VILLAGE},"живёт у сына\n' + people(1, 1)
                    + f'Ким,Виктор,М,{VILLAGE},"\n' + people(3, 2), encoding="utf-8")
    refused(path, "Row 3 of swallow.csv", "column “Примечание”", "quote is left open")


def test_a_quote_inside_a_cell_is_refused(database, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(HEADER + people(2) + f'Омаров,"Асхат" Серікұлы,М,{VILLAGE},\n', encoding="utf-8")
    refused(path, "Row 4 of quote.csv", "written twice")


@pytest.mark.parametrize("line, count", [("Омаров,Асхат,М,{v},,жоқ\n", 6), ("Омаров;Асхат;М;{v};\n", 1)])
def test_a_row_with_a_wrong_number_of_cells_is_refused(database, tmp_path, line, count):
    path = tmp_path / "width.csv"
    path.write_text(HEADER + people(12) + line.format(v=VILLAGE) + people(2, 12), encoding="utf-8")
    refused(path, f"Row 14 of width.csv has {count} cells and the header row 5")


def test_a_cell_with_lines_of_its_own_is_kept(database, tmp_path):
    """An address typed over two lines in Excel (Alt+Enter) is a cell, not an open quote."""
    path = tmp_path / "lines.csv"
    path.write_text(HEADER + f'Омаров,Асхат,М,{VILLAGE},"Абай көшесі 5\nпәтер 2"\n' + people(2), encoding="utf-8")
    result = import_people(path)
    assert (result.added, result.rejected) == (3, [])


SAMPLES = {
    "utf-8": ("utf-8", "Сәрсенбаев", "Нұрлан"),
    "utf-8-sig": ("utf-8", "Сәрсенбаев", "Нұрлан"),
    "utf-16": ("utf-16", "Сәрсенбаев", "Нұрлан"),
    "cp1251": ("cp1251", "Петрова", "Мария"),
    "koi8-r": ("koi8-r", "Петрова", "Мария"),
    "cp1252": ("cp1252", "Müller", "Jürgen"),
    "latin-1": ("cp1252", "Müller", "Jürgen"),  # Latin-1 text reads the same in Windows-1252
}


@pytest.mark.parametrize("written", list(SAMPLES))
def test_the_encoding_is_detected_and_shown_in_the_preview(tmp_path, written):
    detected, surname, given_name = SAMPLES[written]
    latin = detected == "cp1252"
    header = "Surname,Given name,Village,Notes\n" if latin else "Фамилия,Имя,Отчество,Село\n"
    rows = [(surname, given_name, "Straße", "Dorf"), ("Dupont", "Frédéric", "Rue", "Café")] if latin else \
        [(surname, given_name, "Сергеевна", "Жарлыөзек" if detected.startswith("utf") else "Жарлыозек"),
         ("Иванов", "Иван", "Иванович", "Бозтоган")]
    path = tmp_path / f"{written}.csv"
    path.write_bytes((header + "".join(",".join(row) + "\n" for row in rows)).encode(written))
    assert detect_encoding(path) == detected
    shown = preview(path)
    assert shown.encoding == detected
    assert shown.rows[0] == (2, list(rows[0]))
    assert shown.problem is None


def test_the_chosen_encoding_wins(tmp_path):
    path = tmp_path / "koi.csv"
    path.write_bytes("Фамилия,Имя\nПетрова,Мария\nИванов,Иван\n".encode("koi8-r"))
    assert preview(path).rows[0] == (2, ["Петрова", "Мария"])
    misread = preview(path, encoding="cp1251")
    assert misread.encoding == "cp1251"
    assert misread.rows[0][1][0] == "Петрова".encode("koi8-r").decode("cp1251")
    with pytest.raises(ValidationError, match="Unknown encoding “ebcdic”"):
        preview(path, encoding="ebcdic")


def test_text_the_chosen_encoding_does_not_read_stops_the_import(database, tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes((HEADER + people(3)).encode("cp1251"))
    message = refused(path, "Row 1 of win.csv, column “1”", "does not read cleanly as UTF-8 (Unicode)",
                      encoding="utf-8")
    assert "choose the file's encoding" in message
    shown = preview(path, encoding="utf-8")  # the window shows why, and can read it again in another
    assert (shown.rows, shown.encoding) == ([], "utf-8")
    assert "does not read cleanly" in shown.problem
    assert import_people(path, encoding="cp1251").added == 3


def test_a_control_character_in_the_text_stops_the_import(database, tmp_path):
    path = tmp_path / "ctl.csv"
    path.write_text(HEADER + people(2) + f"Омаров,Ас\x1bхат,М,{VILLAGE},\n", encoding="utf-8")
    refused(path, "Row 4 of ctl.csv, column “Имя”", "does not read cleanly")


def test_a_cell_past_the_limit_is_refused_with_its_row_and_column(database, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + people(2) + f"Омаров,Асхат,М,{VILLAGE},{'ә' * 10_001}\n", encoding="utf-8")
    refused(path, "Row 4, column “Примечание”: a cell holds at most 10000 characters; this one has 10001.")


def test_a_200000_character_cell_is_refused_before_it_is_read_whole(database, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + people(2) + f"Омаров,Асхат,М,{VILLAGE},\"{'x' * 200_000}\"\n", encoding="utf-8")
    refused(path, "Row 4 of huge.csv holds more text than any list of people")


def test_a_csv_past_the_size_limit_is_refused_unread(database, tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"a,b,c,d\n" * 200_000)
    monkeypatch.setattr(member_import, "MAX_CSV_BYTES", 2**20)
    monkeypatch.setattr(member_import, "detect_encoding", lambda path: pytest.fail("the file was read"))
    refused(path, "The file big.csv holds 2 MB of data; the import reads at most 1 MB")


def workbook(path: Path, rows) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_workbook_cell_past_the_limit_is_refused(database, tmp_path):
    path = workbook(tmp_path / "long.xlsx", [["Тегі", "Аты", "Жынысы", "Ауыл", "Ескерту"], ["Омаров", "Асхат", "Е", VILLAGE,
                                                                              "ә" * 10_001]])
    refused(path, "Row 2, column “Ескерту”: a cell holds at most 10000 characters")


def test_a_workbook_with_a_huge_shared_string_is_refused_before_openpyxl_reads_it(database, tmp_path, monkeypatch):
    """A few hundred kilobytes of zip that unpack to a 101 MB shared string: refused from the
    zip's directory, without unpacking it."""
    small = workbook(tmp_path / "small.xlsx", [["Тегі", "Аты"], ["Омаров", "Асхат"]])
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename != "xl/sharedStrings.xml":
                target.writestr(part, source.read(part))
        with target.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"a" * 2**20
            for _ in range(101):
                strings.write(chunk)
            strings.write(b"</t></si></sst>")
    assert path.stat().st_size < 2**20
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the workbook"))
    refused(path, "The file bomb.xlsx holds 102 MB of data; the import reads at most 100 MB")
    with pytest.raises(ValidationError, match="holds 102 MB"):
        preview(path)


def test_the_encodings_are_named_in_the_interface_language():
    from app.i18n import translate

    for label in ENCODINGS.values():
        assert translate(label, "kk") and translate(label, "ru")


@pytest.mark.every_database(only="sqlite")  # the command line takes the file
def test_the_command_line_takes_the_encoding(database, tmp_path, capsys):
    path = tmp_path / "koi.csv"
    path.write_bytes((HEADER + people(2)).encode("koi8-r"))
    base = ["--lang", "en", "--db", str(database), "members", "import", str(path)]
    assert main(base + ["--encoding", "UTF-8"]) == 1
    assert "Row 1 of koi.csv, column “1”: the text does not read cleanly as UTF-8 (Unicode)" in capsys.readouterr().err
    assert main(base + ["--encoding", "latin-9"]) == 1
    assert "Unknown encoding “latin-9”: choose one of utf-8, utf-16, cp1251, koi8-r, cp1252." in capsys.readouterr().err
    assert main(base + ["--encoding", "koi8-r"]) == 0
    assert "Added 2, updated 0, rejected 0, flagged 0." in capsys.readouterr().out
    migrate.open_database(db.sqlite_url(database))  # the command line closed it
    assert {row.surname for row in members.rows()} == {"Ахметов0", "Ахметов1"}
