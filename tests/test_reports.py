"""Reports are tested by reading the PDF back (pypdf, and pdftotext when it is installed): the
Kazakh letters come back, every page carries its header and "Page N of M", long text wraps in its
column (never cut), and the fonts are the shipped Noto Sans, embedded."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.i18n import format_date_long, format_number, translate
from app.reports import kit
from app.reports.kit import (
    ELLIPSIS,
    FONT,
    FONT_BOLD,
    Column,
    PageFrame,
    TableWriter,
    fit_text,
    register_fonts,
    string_width,
    wrap_text,
)
from app.reports.members_register import (
    COLUMNS,
    TITLE,
    MembersRegister,
    RegisterRow,
    VillageSection,
    render,
    total_line,
)

PRINTED_ON = date(2026, 3, 14)
KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"

# Names as the office types them: Kazakh ones with every Kazakh letter, upper and lower case (one
# surname in capitals, as some registers print them), and Russian ones.
NAMES = (
    "Әбілқасымова Гауһар Ғаниқызы",
    "Өтеғұлов Үмбет Іңкәрұлы",
    "Құрманғазы Ұлан Нұрғалиұлы",
    "ЖАҢБЫРШИН Һади Өміржанұлы",
    "Төлегенов Дәурен Түймебайұлы",
    "Иванова Мария Сергеевна",
    "Сергеев Пётр Алексеевич",
)
IINS = ("791028••••28", "061211••••12", "850315••••47", "920101••••05", "011130••••31",
        "770707••••70", "650505••••56")
VILLAGES = {"kk": ("Жарлыөзек", "Бозтоған", "Мұқаншы"), "ru": ("Жарлыозек", "Бозтоган", "Муканшы")}
DISTRICT = {"kk": "Жарлыөзек ауылдық округі", "ru": "Жарлыозекский сельский округ"}


def register(lang: str, per_village: tuple[int, ...] = (4, 2, 1), names=NAMES) -> MembersRegister:
    sections = []
    number = 0
    for village, count in zip(VILLAGES[lang], per_village):
        rows = []
        for _ in range(count):
            i = number % len(names)
            number += 1
            rows.append(RegisterRow(number=number, full_name=names[i],
                                    birth_date=date(1979, 10, 28) if i % 3 else None,
                                    iin_masked=IINS[i % len(IINS)],
                                    address=f"Абай көшесі, {number}",
                                    phone=f"+7 701 123 45 {number % 100:02d}"))
        sections.append(VillageSection(village, tuple(rows)))
    return MembersRegister(DISTRICT[lang], PRINTED_ON, lang, tuple(sections))


def big_register(lang: str, people: int) -> MembersRegister:
    return register(lang, per_village=(people,), names=NAMES)


def pages_text(path: Path) -> list[str]:
    """The text of each page, with no-break spaces read as spaces."""
    return [normal(page.extract_text()) for page in PdfReader(path).pages]


def normal(text: str) -> str:
    return text.replace("\u00a0", " ")


def pdftotext(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return normal(result.stdout.decode("utf-8"))


def expected_texts(data: MembersRegister) -> list[str]:
    lang = data.lang
    texts = [translate(TITLE, lang), data.district,
             translate("Printed: {date}", lang, date=format_date_long(data.printed_on, lang)),
             total_line(data.people, len(data.sections), lang)]
    for section in data.sections:
        texts.append(translate("{village} village", lang, village=section.village))
        texts.append(translate("Total for {village} village: {count}", lang, village=section.village,
                               count=format_number(len(section.rows), lang)))
        for row in section.rows:
            texts += [row.full_name, row.iin_masked, row.address, row.phone]
            if row.birth_date:
                texts.append(row.birth_date.strftime("%d.%m.%Y"))
    return [normal(text) for text in texts]


# --- the register, read back


def test_test_names_use_every_kazakh_letter_in_both_cases():
    assert set(KAZAKH_LETTERS) <= set("".join(NAMES) + "".join(VILLAGES["kk"]))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_reads_back_with_names_villages_masked_iins_dates_and_totals(tmp_path, lang):
    data = register(lang, per_village=(40, 30, 12))
    path = render(data, tmp_path / f"register-{lang}.pdf")
    assert path == tmp_path / f"register-{lang}.pdf" and path.is_file()
    pages = pages_text(path)
    assert len(pages) == 2
    text = "\n".join(pages)
    for expected in expected_texts(data):
        assert expected in text, expected
    for number, page in enumerate(pages, start=1):
        assert translate("Page {page} of {pages}", lang, page=number, pages=2) in page
        assert translate(TITLE, lang) in page and data.district in page
    if lang == "kk":
        assert "2 беттің 1-беті" in pages[0]
        assert re.search(r"2026 жылғы 14 наурыз", pages[0])
        assert "Барлығы: 3 ауылда 82 адам" in text
    else:
        assert "Страница 1 из 2" in pages[0]
        assert re.search(r"14 марта 2026 года", pages[0])
        assert "Всего: 82 человека в 3 сёлах" in text
    # No full IIN is printed: every 12-character IIN on the page is masked.
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", text)

    poppler = pdftotext(path)
    if poppler is not None:
        for expected in expected_texts(data):
            assert expected in poppler, expected
        assert set(KAZAKH_LETTERS) <= set(poppler)
        assert translate("Page {page} of {pages}", lang, page=2, pages=2) in poppler


def test_register_puts_each_village_under_its_heading_in_order(tmp_path):
    data = register("kk", per_village=(3, 2, 2))
    text = "\n".join(pages_text(render(data, tmp_path / "r.pdf")))
    positions = []
    for section in data.sections:
        heading = text.index(translate("{village} village", "kk", village=section.village))
        rows = [text.index(row.full_name + "\n", heading) for row in section.rows[:1]]
        subtotal = text.index(translate("Total for {village} village: {count}", "kk", village=section.village,
                                        count=len(section.rows)))
        assert heading < rows[0] < subtotal
        positions.append(heading)
    assert positions == sorted(positions)


def test_long_register_repeats_the_header_row_and_numbers_its_pages(tmp_path):
    data = big_register("ru", 3000)
    path = render(data, tmp_path / "long.pdf")
    pages = pages_text(path)
    count = len(pages)

    # The page count follows from the geometry: the rows that fit under the header row and the
    # (continued) village heading, and the last page also holds the totals.
    frame = PageFrame(tmp_path / "probe.pdf", title="", district="", printed_on=PRINTED_ON, lang="ru")
    table = TableWriter(frame, COLUMNS)
    per_page = math.floor((frame.top - frame.bottom - table.header_height - table.heading_height)
                          / table.row_height)
    expected = math.ceil(3000 / per_page)
    last_rows = 3000 - (expected - 1) * per_page
    tail = (table.header_height + table.heading_height + last_rows * table.row_height + table.total_height
            + table.row_height * 0.6 + table.total_height)
    if tail > frame.top - frame.bottom:  # the grand total goes over to a page of its own
        expected += 1
    assert count == expected >= 40

    headers = [translate(column.msgid, "ru") for column in COLUMNS if column.msgid != "Date of birth"]
    continued = translate("{heading} (continued)", "ru",
                          heading=translate("{village} village", "ru", village=VILLAGES["ru"][0]))
    numbers_seen = []
    for number, page in enumerate(pages, start=1):
        assert translate("Page {page} of {pages}", "ru", page=number, pages=count) in page
        for header in headers:
            assert header in page.splitlines(), (number, header)
        if number > 1:
            assert continued in page
        numbers_seen += [int(line) for line in page.splitlines() if re.fullmatch(r"\d{1,4}", line)]
    row_numbers = [n for n in numbers_seen if n >= 1]
    assert row_numbers[:3000] == list(range(1, 3001))
    # Every full page holds the same number of rows.
    lines = [[line for line in page.splitlines() if re.fullmatch(r"\d{1,4}", line)] for page in pages]
    assert {len(page_rows) for page_rows in lines[:-1]} == {per_page}
    assert "Всего: 3 000 человек в 1 селе" in pages[-1]
    reader = PdfReader(path)
    assert len(reader.pages) == count


def test_empty_register_prints_one_page_saying_there_is_no_one(tmp_path):
    for lang in ("kk", "ru"):
        data = MembersRegister(DISTRICT[lang], PRINTED_ON, lang, ())
        pages = pages_text(render(data, tmp_path / f"empty-{lang}.pdf"))
        assert len(pages) == 1
        assert translate("There is no one in the register.", lang) in pages[0]
        assert translate("Page {page} of {pages}", lang, page=1, pages=1) in pages[0]
        assert translate(TITLE, lang) in pages[0]
    assert translate("There is no one in the register.", "kk") == "Тізілімде ешкім жоқ."


def test_very_long_names_wrap_in_their_column_and_are_never_cut(tmp_path):
    long_name = "Әбілқасымова-Нұрмағамбетова Гауһар-Шаһизада Ғаниқызы " * 5
    long_address = "Жарлыөзек ауылы, Абай көшесі, 12-үй, 4-пәтер, " * 4
    row = RegisterRow(1, long_name, date(1961, 12, 11), "611211••••12", long_address, "+7 701 123 45 67")
    data = MembersRegister(DISTRICT["kk"], PRINTED_ON, "kk", (VillageSection("Бозтоған", (row,)),))
    text = pages_text(render(data, tmp_path / "long-name.pdf"))[0]
    assert ELLIPSIS not in text
    words = " ".join(text.split())
    assert " ".join(long_name.split()) in words
    # The address beside it wraps in its own column: its lines come back between the name's.
    assert all(part in text for part in ("Жарлыөзек ауылы,", "12-үй,", "4-пәтер,"))
    lines = text.splitlines()
    for whole in ("11.12.1961", "611211••••12", "+7 701 123 45 67"):
        assert whole in lines
    # Every line of the name fits its column.
    room = TableWriter(PageFrame(tmp_path / "p.pdf", title="", district="", printed_on=PRINTED_ON, lang="kk"),
                       COLUMNS).rooms[1]
    name_lines = [line for line in lines if line.startswith(("Әбілқасымова", "Гауһар", "Ғаниқызы"))]
    assert name_lines and all(string_width(line, FONT, 8.5) <= room for line in name_lines)


@pytest.mark.parametrize("text", ["", "Ә", "Мұқанов", "Әбілқасымова Гауһар Ғаниқызы" * 3, "W" * 200,
                                  "Нұрмағамбетова\tҮміт  Іңкәрқызы"])
@pytest.mark.parametrize("width", [0.5, 8, 30, 60, 140, 1000])
@pytest.mark.parametrize("font", [FONT, FONT_BOLD])
def test_fit_text_never_overflows_and_keeps_what_fits(text, width, font):
    register_fonts()
    fitted = fit_text(text, width, font, 9)
    assert string_width(fitted, font, 9) <= width
    if string_width(text, font, 9) <= width:
        assert fitted == text
    elif fitted:
        assert fitted.endswith(ELLIPSIS)
        assert text.startswith(fitted[:-1].rstrip())


@pytest.mark.parametrize("text", ["Сейтқали-Нұрмағамбетова-Әбдірахманова Гүлжаһан Серікқызы",
                                  "KAZ/SGP/OP7/Y3/CORE/2026/07", "W" * 60, "Барлығы 12\u00a0345\u00a0678,00\u00a0₸"])
@pytest.mark.parametrize("width", [20, 45, 70, 120, 400])
def test_wrap_text_keeps_every_letter_and_every_line_fits(text, width):
    register_fonts()
    lines = wrap_text(text, width, FONT, 9)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(string_width(line, FONT, 9) <= width or len(line) == 1 for line in lines)


def test_wrap_text_breaks_a_word_after_a_hyphen_or_a_slash_and_never_inside_an_amount_that_fits():
    register_fonts()
    name = "Сейтқали-Нұрмағамбетова-Әбдірахманова Гүлжаһан Серікқызы"
    assert wrap_text(name, 120, FONT, 9) == ["Сейтқали-", "Нұрмағамбетова-", "Әбдірахманова", "Гүлжаһан Серікқызы"]
    assert wrap_text("KAZ/SGP/OP7/Y3/CORE/2026/07", 70, FONT, 9) == ["KAZ/SGP/OP7/", "Y3/CORE/2026/", "07"]
    assert wrap_text("Барлығы 12\u00a0345\u00a0678,00\u00a0₸", 90, FONT, 9) == ["Барлығы", "12\u00a0345\u00a0678,00\u00a0₸"]
    assert wrap_text("   ", 90, FONT, 9) == []


def test_string_width_matches_reportlab():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    for text in ("Әбілқасымова Гауһар", "ҢҰРЫМ ҺӘДІ", "+7 701 123 45 67", "791028••••28", "€😀"):
        for font in (FONT, FONT_BOLD):
            assert string_width(text, font, 8.5) == pytest.approx(stringWidth(text, font, 8.5))


def test_fonts_are_the_shipped_noto_sans_embedded(tmp_path):
    path = render(register("kk"), tmp_path / "fonts.pdf")
    reader = PdfReader(path)
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]  # a TrueType font embedded
    assert names and all("NotoSans" in name for name in names), names
    assert any(name.endswith("NotoSans-Bold") for name in names)
    assert any(name.endswith("NotoSans-Regular") for name in names)


def test_register_fonts_is_idempotent():
    from reportlab.pdfbase import pdfmetrics

    assert register_fonts() == ("AuylSans", "AuylSans-Bold")
    assert register_fonts() == ("AuylSans", "AuylSans-Bold")
    assert {"AuylSans", "AuylSans-Bold"} <= set(pdfmetrics.getRegisteredFontNames())


def test_pdf_carries_title_author_subject_and_compressed_pages(tmp_path):
    data = register("ru")
    path = render(data, tmp_path / "meta.pdf")
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == f"{translate(TITLE, 'ru')} — {DISTRICT['ru']}"
    assert meta.author == "Auyl Office"
    assert meta.subject == translate(TITLE, "ru")
    contents = reader.pages[0]["/Contents"].get_object()
    assert contents["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
    assert str(reader.trailer["/Root"].get("/Lang")) == "ru"


def test_a_full_iin_given_by_mistake_is_masked(tmp_path):
    row = RegisterRow(1, "Мұқанов Әлихан", date(1979, 10, 28), "791028302728", "Мұқаншы", "")
    data = MembersRegister(DISTRICT["kk"], PRINTED_ON, "kk", (VillageSection("Мұқаншы", (row,)),))
    text = pages_text(render(data, tmp_path / "iin.pdf"))[0]
    assert "791028302728" not in text
    assert "••••••••2728" in text and "791028" not in text


def test_render_reports_progress_and_can_be_cancelled_without_writing(tmp_path):
    seen = []
    data = big_register("kk", 1200)
    render(data, tmp_path / "ok.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (500, 1200) and seen[-1] == (1200, 1200)

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(kit.Cancelled):
        render(data, target, cancelled=lambda: True)
    assert list(tmp_path.glob("*cancelled*")) == []


def test_render_replaces_an_older_file(tmp_path):
    target = tmp_path / "register.pdf"
    target.write_bytes(b"old")
    render(register("kk"), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["register.pdf"]


# --- the kit on its own


def frame(tmp_path, **options) -> PageFrame:
    defaults = dict(title="Тізілім", district="Жарлыөзек ауылдық округі", printed_on=PRINTED_ON, lang="kk")
    return PageFrame(tmp_path / "kit.pdf", **{**defaults, **options})


def test_a_heading_never_sits_alone_at_the_bottom_of_a_page(tmp_path):
    page = frame(tmp_path)
    table = TableWriter(page, [Column("No.", 1, "right"), Column("Full name", 4)])
    number = 0
    # Fill the page until a heading would still fit, but not the heading and one row.
    while page.y - table.heading_height - table.row_height >= page.bottom:
        number += 1
        table.row([number, f"Мұқанов {number}"])
    assert page.y - table.heading_height >= page.bottom  # the heading alone would fit
    table.heading("Бозтоған ауылы")
    assert page.page == 2
    table.row([number + 1, "Өтеғұлов"])
    path = page.save()
    first, second = pages_text(path)
    assert "Бозтоған ауылы" not in first
    assert second.index("Бозтоған ауылы") < second.index("Өтеғұлов")


def test_section_keeps_its_last_row_with_its_total(tmp_path):
    page = frame(tmp_path)
    table = TableWriter(page, [Column("No.", 1, "right"), Column("Full name", 4)])
    table.heading("Жарлыөзек ауылы")
    rows = 0
    # Leave room for a heading and three rows, but not for a heading, three rows and the totals line.
    while page.y - table.heading_height - 3 * table.row_height - table.total_height >= page.bottom:
        rows += 1
        table.row([rows, f"Мұқанов {rows}"])
    assert page.y - table.heading_height - 3 * table.row_height >= page.bottom
    table.section("Бозтоған ауылы", [[1, "Нұрлан"], [2, "Гүлнұр"], [3, "Әсем"]], total="Барлығы: 3")
    first, second = pages_text(page.save())
    assert "Бозтоған ауылы" in first and "Нұрлан" in first and "Гүлнұр" in first
    assert "Әсем" not in first and "Барлығы: 3" not in first
    continued = translate("{heading} (continued)", "kk", heading="Бозтоған ауылы")
    assert continued == "Бозтоған ауылы (жалғасы)"
    assert second.index(continued) < second.index("Әсем") < second.index("Барлығы: 3")


def test_a_one_row_section_keeps_its_heading_row_and_total_together(tmp_path):
    page = frame(tmp_path)
    table = TableWriter(page, [Column("No.", 1, "right"), Column("Full name", 4)])
    rows = 0
    # Room for a heading and a row, but not for a heading, a row and the totals line.
    while page.y - table.heading_height - table.row_height - table.total_height >= page.bottom:
        rows += 1
        table.row([rows, f"Мұқанов {rows}"])
    assert page.y - table.heading_height - table.row_height >= page.bottom
    table.section("Мұқаншы ауылы", [[1, "Һадиша"]], total="Барлығы: 1")
    first, second = pages_text(page.save())
    assert "Мұқаншы ауылы" not in first and "Һадиша" not in first
    assert second.index("Мұқаншы ауылы") < second.index("Һадиша") < second.index("Барлығы: 1")
    assert "жалғасы" not in second


def test_the_draft_mark_is_on_every_page_when_asked(tmp_path):
    page = frame(tmp_path, draft=True)
    page.new_page()
    pages = pages_text(page.save())
    assert len(pages) == 2 and all(translate("DRAFT", "kk") in text for text in pages)
    assert translate("DRAFT", "kk") == "ЖОБА" and translate("DRAFT", "ru") == "ПРОЕКТ"

    plain = PageFrame(tmp_path / "plain.pdf", title="Тізілім", district="", printed_on=PRINTED_ON, lang="kk")
    assert "ЖОБА" not in pages_text(plain.save())[0]


def test_landscape_pages_and_a_wide_table_fit_them(tmp_path):
    page = frame(tmp_path, landscape=True)
    assert page.width > page.height
    table = TableWriter(page, [Column("No.", 1, "right"), Column("Full name", 6), Column("Phone", 3, "center")])
    assert table.lefts[0] == page.left
    assert table.lefts[-1] + table.widths[-1] == pytest.approx(page.right)
    table.row([1, "Гауһар", "+7 701 123 45 67"])
    reader = PdfReader(page.save())
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_paragraphs_wrap_and_break_across_pages(tmp_path):
    page = frame(tmp_path)
    words = " ".join(["Қоғамдастық"] * 2500)
    page.paragraph(words)
    pages = pages_text(page.save())
    assert len(pages) >= 2
    assert all(translate("Page {page} of {pages}", "kk", page=i, pages=len(pages)) in text
               for i, text in enumerate(pages, start=1))


def test_columns_check_their_alignment_and_width():
    with pytest.raises(ValueError):
        Column("No.", 1, "justify")
    with pytest.raises(ValueError):
        Column("No.", 0)


def test_reports_import_neither_qt_nor_services_nor_models():
    code = ("import sys, app.reports.members_register, app.reports.kit\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')"
            " or m.startswith(('app.services', 'app.models', 'app.ui'))]\n"
            "print(bad)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "[]"
