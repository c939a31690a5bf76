"""Word copies of the protocol, the notice and the decisions register: reopened with python-docx,
each says what its PDF says, paragraph by paragraph in the same order, in Kazakh and Russian, with
the Kazakh letters and the font that has them; ``auyl report`` writes .docx when the file's name
ends so; and LibreOffice, where installed, opens the protocol and prints its Kazakh letters."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from app import db, migrate
from app.main import main
from app.printing import meetings as meeting_reports
from tests import test_minutes_report as base
from tests.test_minutes_report import DAY, gathering, text_of, vote_all

demo_district, people = base.demo_district, base.people  # the fixtures: the demo's people, a copy each test
KAZAKH = set("әғқңөұүі")  # the letters of the test meeting; һ is rare


def docx_texts(path) -> list[str]:
    """The copy's paragraphs and table cells, in the document's order, the empty ones left out."""
    document = Document(str(path))
    texts = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            texts.append(Paragraph(element, document).text)
        elif element.tag == qn("w:tbl"):
            texts += [cell.text for row in Table(element, document).rows for cell in row.cells]
    return [text for text in texts if text.strip()]


def squeezed(text: str) -> str:
    """The text without spaces or line breaks: the PDF justifies and wraps lines, Word does its own."""
    return "".join(text.replace("\u00a0", " ").split())


def assert_same_text_in_order(docx_path, pdf_path) -> list[str]:
    texts = docx_texts(docx_path)
    pdf = squeezed(text_of(pdf_path))
    position = 0
    for text in texts:
        found = pdf.find(squeezed(text), position)
        assert found >= 0, f"{text!r} is not in the PDF after what came before it"
        position = found + len(squeezed(text))
    return texts


def assert_font_has_kazakh_letters(path) -> None:
    fonts = Document(str(path)).styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Noto Sans"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_protocol_in_word_says_what_the_pdf_says(people, tmp_path, lang):
    meeting_id = gathering(people, present=10)
    pdf = meeting_reports.print_minutes(meeting_id, lang, tmp_path / "protocol.pdf")
    word = meeting_reports.print_minutes(meeting_id, lang, tmp_path / "protocol.DOCX")
    texts = assert_same_text_in_order(word, pdf)
    joined = " ".join(texts)
    assert ("ХАТТАМАСЫ" in joined) if lang == "kk" else ("ПРОТОКОЛ" in joined)
    assert "2026 жылғы бюджет туралы" in joined  # the agenda's Kazakh title, letters intact
    assert KAZAKH <= set(joined.lower()) or lang == "ru"
    assert_font_has_kazakh_letters(word)
    assert len(texts) > 30  # the whole protocol, registration sheet included


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notice_in_word_says_what_the_pdf_says(people, tmp_path, lang):
    meeting_id = gathering(people)
    pdf = meeting_reports.print_notice(meeting_id, lang, tmp_path / "notice.pdf")
    word = meeting_reports.print_notice(meeting_id, lang, tmp_path / "notice.docx")
    texts = assert_same_text_in_order(word, pdf)
    assert texts[1] == ("ХАБАРЛАНДЫРУ" if lang == "kk" else "ОБЪЯВЛЕНИЕ")
    assert "2. Абай көшесіндегі жолды жөндеу туралы" in texts
    assert_font_has_kazakh_letters(word)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_decisions_register_in_word_says_what_the_pdf_says(people, tmp_path, lang):
    vote_all(gathering(people))
    pdf = meeting_reports.print_decisions(date(2026, 1, 1), None, lang, tmp_path / "register.pdf")
    word = meeting_reports.print_decisions(date(2026, 1, 1), None, lang, tmp_path / "register.docx")
    texts = assert_same_text_in_order(word, pdf)
    assert texts[0] == ("Шешімдер тізілімі" if lang == "kk" else "Реестр решений")
    assert "Жол мамырда жөнделсін." in texts
    assert_font_has_kazakh_letters(word)


def test_the_cli_writes_word_by_the_extension(people, tmp_path, capsys):
    meeting_id = gathering(people, present=10)
    db.dispose()
    database = tmp_path / "db" / "auyl.sqlite"
    try:
        assert main(["--db", str(database), "--lang", "en", "report", "minutes", "--meeting", str(meeting_id),
                     "--lang", "kk", "-o", str(tmp_path / "protocol.docx")]) == 0
        for args in (["notice", "--meeting", str(meeting_id), "--lang", "ru", "-o", str(tmp_path / "notice.docx")],
                     ["decisions", "--from", "2026-01-01", "--lang", "kk", "-o", str(tmp_path / "register.docx")]):
            assert main(["--db", str(database), "--lang", "en", "report", *args]) == 0
        assert main(["--db", str(database), "--lang", "en", "report", "sheet", "--meeting", str(meeting_id),
                     "-o", str(tmp_path / "sheet.docx")]) == 1
    finally:
        migrate.open_database(db.sqlite_url(database))
    captured = capsys.readouterr()
    assert "protocol.docx" in captured.out and "notice.docx" in captured.out and "register.docx" in captured.out
    assert "registration sheet is printed as a PDF" in captured.err
    assert not (tmp_path / "sheet.docx").exists()
    assert any("ХАТТАМАСЫ" in text for text in docx_texts(tmp_path / "protocol.docx"))
    assert "ОБЪЯВЛЕНИЕ" in docx_texts(tmp_path / "notice.docx")
    assert "Шешімдер тізілімі" in docx_texts(tmp_path / "register.docx")


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the Word copy is not converted to PDF here")
def test_libreoffice_opens_the_kazakh_protocol(people, tmp_path):
    meeting_id = gathering(people, present=10)
    word = meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "protocol.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(word)],
                   check=True, capture_output=True, timeout=180)
    text = text_of(tmp_path / "out" / "protocol.pdf")
    assert "ХАТТАМАСЫ" in text and "2026 жылғы бюджет туралы" in text
    assert KAZAKH <= set(text.lower())
    assert DAY.strftime("%H:%M") in text


def test_the_window_offers_word_beside_pdf_and_writes_what_is_chosen(people, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from app.ui import meeting_print

    meeting_id = gathering(people, present=10)
    offered, written = [], []

    def save_dialog(_parent, _title, _path, types):
        offered.append(types)
        return str(tmp_path / "protocol"), meeting_print.WORD  # no extension typed: the type chosen gives it

    monkeypatch.setattr(meeting_print.QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    parent = QWidget()
    qtbot.addWidget(parent)
    meeting_print.print_document(parent, meeting_id, 3, 2026, "minutes", "kk", on_written=written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=30000)
    assert offered == ["PDF (*.pdf);;Word (*.docx)"]
    assert written == [str(tmp_path / "protocol.docx")]
    assert any("ХАТТАМАСЫ" in text for text in docx_texts(tmp_path / "protocol.docx"))
    # The blank registration sheet is a form: a PDF only.
    monkeypatch.setattr(meeting_print.QFileDialog, "getSaveFileName",
                        lambda _parent, _title, _path, types: offered.append(types) or ("", ""))
    meeting_print.print_document(parent, meeting_id, 3, 2026, "sheet", "kk")
    assert offered[-1] == "PDF (*.pdf)"
