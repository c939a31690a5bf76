"""The kit writes a table row's text as PDF operators from the codes the canvas gave its characters in
the font's first subset (app/reports/kit.py): a character past that subset, or one the font lacks,
is left to reportlab. Every row reads back whole and in order either way."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from app.reports.kit import Column, PageFrame, TableWriter

COLUMNS = (Column("No.", 0.1, "right"), Column("Name", 0.6), Column("Date", 0.3, "center"))
# More letters than one subset of 256 codes holds: Latin Extended-A, Greek, Cyrillic and Kazakh.
LETTERS = ([chr(c) for c in range(0x100, 0x180)] + [chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2]
           + [chr(c) for c in range(0x410, 0x450)] + list("ӘәҒғҚқҢңӨөҰұҮүҺһІі"))


def render(path, rows) -> list[str]:
    frame = PageFrame(path, title="Rows", district="District", printed_on=date(2026, 3, 14), lang="en")
    table = TableWriter(frame, COLUMNS)
    table.section("Section", rows)
    frame.save()
    return [page.extract_text() for page in PdfReader(path).pages]


def test_rows_past_the_first_subset_read_back_whole_and_in_order(tmp_path):
    assert len(set(LETTERS)) > 256
    names = ["".join(LETTERS[i:i + 12]) for i in range(0, len(LETTERS), 12)]
    rows = [(str(n), name, "14.03.2026") for n, name in enumerate(names, start=1)]
    text = "\n".join(render(tmp_path / "letters.pdf", rows))
    at = -1
    for number, name, day in rows:
        line = f"{number}\n{name}\n{day}"
        assert text.find(line, at + 1) > at, line
        at = text.find(line, at + 1)


def test_a_character_the_font_lacks_leaves_the_rest_of_the_row(tmp_path):
    rows = [("1", "Омаров 漢 Асхат", "14.03.2026"), ("2", "Сейітова Айгүл", "02.01.2010")]
    text = "\n".join(render(tmp_path / "missing.pdf", rows))
    assert "Омаров" in text and "Асхат" in text
    assert "2\nСейітова Айгүл\n02.01.2010" in text
