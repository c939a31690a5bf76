"""Word copies of an appeal's letters (the notices of an extension and of a sending on, the answer)
opened again with python-docx, saying what their PDFs say; the talon stays a PDF; the register of a
period as an .xlsx workbook, its texts never formulas and set up to print; the `auyl report` commands
choosing the format by the file's extension. The session's day is Monday 7 December 2026."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from app import db
from app.errors import ValidationError
from app.i18n import translate
from app.main import main
from app.printing import appeals as papers
from app.services import appeals, settings

pytestmark = pytest.mark.every_database

HEAD = "Серікбаев Ерлан Маратұлы"
APPLICANT = "Асқар Нұрланов"


def docx_text(path) -> str:
    document = Document(str(path))
    return " ".join(" ".join(p.text for p in document.paragraphs).split())


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.fixture
def appeal(database) -> int:
    settings.save(centre_head=HEAD, centre_phone="8 (72840) 2-12-34")
    return appeals.create(appeals.AppealData(
        kind="complaint", received_at=datetime(2026, 11, 20, 10, 30), applicant_name=APPLICANT,
        applicant_address="Жарлыөзек, Бейбітшілік 4", addressed_to="Ауыл әкімі", text="Көшеде жарық жоқ"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_answer_letter_in_word_says_what_the_pdf_says(appeal, tmp_path, lang):
    appeals.answer(appeal, date(2026, 12, 7), "partly", number="01-12/345",
                   text="Шам бағаналары 2027 жылдың бюджетіне енгізілді.\nЖұмыс көктемде басталады.")
    word = docx_text(papers.print_paper("answer", appeal, lang, tmp_path / "answer.docx"))
    pdf = pdf_text(papers.print_paper("answer", appeal, lang, tmp_path / "answer.pdf"))
    for text in ("1/2026", "01-12/345", "07.12.2026", "20.11.2026", APPLICANT, "Жарлыөзек, Бейбітшілік 4",
                 "Шам бағаналары 2027 жылдың бюджетіне енгізілді.", "Жұмыс көктемде басталады.", HEAD,
                 {"kk": "ішінара", "ru": "частично"}[lang]):
        assert text in word and text in pdf, text
    document = Document(str(tmp_path / "answer.docx"))
    assert document.core_properties.language == lang and "1/2026" in document.core_properties.title


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notices_in_word(appeal, tmp_path, lang):
    appeals.extend(appeal, date(2027, 1, 15), "Жер учаскесін тексеру керек", on=date(2026, 12, 4))
    word = docx_text(papers.print_paper("extension", appeal, lang, tmp_path / "extension.docx"))
    for text in ("1/2026", "20.11.2026", "15.01.2027", "04.12.2026", APPLICANT, "Жер учаскесін тексеру керек", HEAD):
        assert text in word, text
    appeals.redirect(appeal, "Аудандық білім бөлімі", on=date(2026, 12, 7))
    word = docx_text(papers.print_paper("redirection", appeal, lang, tmp_path / "sent.docx"))
    for text in ("1/2026", "20.11.2026", "07.12.2026", APPLICANT, "Аудандық білім бөлімі", HEAD):
        assert text in word, text


def test_the_talon_is_only_a_pdf_and_a_letter_not_due_is_refused(appeal, tmp_path):
    with pytest.raises(ValidationError, match=r"\.pdf file, not talon\.docx"):
        papers.print_paper("talon", appeal, "kk", tmp_path / "talon.docx")
    with pytest.raises(ValidationError, match="no answer yet"):
        papers.print_paper("answer", appeal, "kk", tmp_path / "answer.docx")
    with pytest.raises(ValidationError, match=r"or \.docx for a Word copy"):
        papers.print_paper("answer", appeal, "kk", tmp_path / "answer.odt")
    assert not any(tmp_path.glob("talon*")) and not any(tmp_path.glob("answer*"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_register_as_a_workbook(database, tmp_path, lang):
    formula = "=HYPERLINK(\"http://x\",\"y\")"
    first = appeals.create(appeals.AppealData(kind="complaint", received_at=datetime(2026, 11, 20, 10, 30),
                                              applicant_name=APPLICANT, addressed_to=formula))
    appeals.answer(first, date(2026, 12, 1), "satisfied", number="5")
    appeals.create(appeals.AppealData(kind="request", received_at=datetime(2026, 12, 2, 15, 0), anonymous=True))
    path = papers.print_register(date(2026, 11, 1), date(2026, 12, 31), lang, tmp_path / "register.xlsx")
    ws = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == translate("No.", lang))
    first_row, second_row = rows[header + 1], rows[header + 2]
    assert first_row[:3] == ["1/2026", datetime(2026, 11, 20, 10, 30), APPLICANT]
    assert first_row[5] == formula and ws.cell(row=header + 2, column=6).data_type == "s"
    due = appeals.get(first).due
    assert first_row[6] == datetime(due.year, due.month, due.day) and first_row[8] == datetime(2026, 12, 1)
    assert ws.cell(row=header + 2, column=7).number_format == "DD.MM.YYYY"
    assert second_row[0] == "2/2026" and second_row[2] == translate("anonymous", lang)
    assert rows[header + 3][0].endswith("2")
    assert ws.print_title_rows == f"${header + 1}:${header + 1}" and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.freeze_panes == f"A{header + 2}"


def test_the_register_is_refused_for_another_kind_of_file(database, tmp_path):
    with pytest.raises(ValidationError, match=r"\.pdf or \.xlsx"):
        papers.print_register(date(2026, 1, 1), date(2026, 12, 31), "ru", tmp_path / "register.docx")


@pytest.fixture
def auyl(database, capsys):
    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", lang, *args])
        except SystemExit as stop:
            code = stop.code
        db.configure(db.sqlite_url(database))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.every_database(only="sqlite")  # `--db` takes a file
def test_the_commands_write_word_and_workbooks_by_the_extension(appeal, auyl, tmp_path):
    appeals.extend(appeal, date(2027, 1, 15), "Тексеру", on=date(2026, 12, 4))
    appeals.redirect(appeal, "Аудандық білім бөлімі", on=date(2026, 12, 7))
    for command in ("extension-notice", "redirection-notice"):
        code, out, err = auyl("report", command, "--appeal", str(appeal), "--lang", "kk",
                              "-o", str(tmp_path / f"{command}.docx"))
        assert code == 0 and f"{command}.docx" in out, err
        assert "1/2026" in docx_text(tmp_path / f"{command}.docx")
    code, out, err = auyl("report", "answer", "--appeal", str(appeal), "-o", str(tmp_path / "a.docx"))
    assert code == 1 and "no answer yet" in err and not (tmp_path / "a.docx").exists()
    code, out, err = auyl("report", "talon", "--appeal", str(appeal), "-o", str(tmp_path / "t.docx"))
    assert code == 1 and ".pdf" in err and not (tmp_path / "t.docx").exists()
    for suffix in ("pdf", "xlsx"):
        code, out, err = auyl("report", "appeals-register", "--from", "2026-11-01", "--to", "2026-12-31",
                              "--lang", "ru", "-o", str(tmp_path / f"register.{suffix}"))
        assert code == 0 and f"register.{suffix}" in out, err
    assert "1/2026" in pdf_text(tmp_path / "register.pdf")
    assert load_workbook(tmp_path / "register.xlsx").active.max_row > 5
