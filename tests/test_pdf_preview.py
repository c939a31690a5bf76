"""The print preview on a real report: the member register of a demo village, written by the printing
layer, shown page by page, printed to a PDF printer (all pages, or a range), and shown even where the
system has no PDF program."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from app import demo, i18n
from app.printing.members import print_register
from app.ui import application, language, pdf_preview
from tests.conftest import built_copy


def demo_people() -> None:
    demo.generate(members=150, seed=3, activity=False)


@pytest.fixture
def register(qtbot, template_db, tmp_path_factory, tmp_path):
    application.application()
    language.apply("en")
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db"):
        yield print_register("kk", tmp_path / "register.pdf")[0]


@pytest.fixture
def preview(qtbot, register):
    shown = pdf_preview.show(None, register)
    qtbot.waitExposed(shown)
    yield shown
    if isValid(shown):  # Escape has closed and deleted it
        shown.close()


def previews() -> list[pdf_preview.PdfPreview]:
    return [widget for widget in QApplication.topLevelWidgets()
            if isinstance(widget, pdf_preview.PdfPreview) and widget.isVisible()]


def printed_to(preview, path, pages: tuple[int, int] | None = None) -> int:
    printer = preview.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if pages:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(*pages)
    assert preview.print_to(printer)
    return len(PdfReader(path).pages)


def test_the_preview_shows_every_page_of_the_report(preview, register, qtbot):
    count = len(PdfReader(register).pages)
    assert count >= 3 and preview.page_count() == count
    qtbot.waitUntil(lambda: not preview.pages[0].pixmap().isNull())
    assert preview.page_label.text() == f"Page 1 of {count}"
    preview.go_to(count)
    qtbot.waitUntil(lambda: preview.page_label.text() == f"Page {count} of {count}")
    qtbot.waitUntil(lambda: not preview.pages[-1].pixmap().isNull())
    assert not preview.next_button.isEnabled() and preview.previous_button.isEnabled()
    width = preview.pages[0].width()
    preview.zoom_choice.setCurrentIndex(preview.zoom_choice.findData(2.0))
    assert preview.pages[0].width() != width


def test_printing_sends_every_page_to_the_printer(preview, register, tmp_path):
    assert printed_to(preview, tmp_path / "printed.pdf") == len(PdfReader(register).pages)


def test_a_page_range_prints_only_those_pages(preview, tmp_path):
    assert printed_to(preview, tmp_path / "two.pdf", (2, 3)) == 2
    assert printed_to(preview, tmp_path / "last.pdf", (preview.page_count(), 99)) == 1


def test_without_a_pdf_program_the_report_is_still_shown(register, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(pdf_preview, "system_viewer", lambda: False)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    parent = QWidget()
    qtbot.addWidget(parent)
    pdf_preview.offer(parent, str(register))
    [shown] = previews()
    assert shown.page_count() == len(PdfReader(register).pages)
    assert not shown.open_button.isVisible() and opened == []
    shown.close()


def test_with_a_pdf_program_the_preview_also_opens_it_there(preview, register, qtbot, monkeypatch):
    monkeypatch.setattr(pdf_preview, "system_viewer", lambda: True)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    shown = pdf_preview.show(None, register)
    qtbot.waitExposed(shown)
    assert shown.open_button.isVisible()
    shown.open_button.click()
    assert opened == [str(register)]
    shown.close()


def test_a_workbook_is_offered_to_its_own_program_not_previewed(tmp_path, qtbot, monkeypatch, register):
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(b"PK")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pdf_preview.offer(None, str(workbook), ("Report", "Open it?"))
    assert opened == [str(workbook)] and previews() == []


def test_ctrl_p_asks_for_the_printer_and_escape_closes(preview, qtbot, monkeypatch):
    asked = []

    def print_dialog(dialog):
        asked.append((dialog.minPage(), dialog.maxPage()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(pdf_preview.QPrintDialog, "exec", print_dialog)
    preview.activateWindow()
    qtbot.keyClick(preview.scroll, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == [(1, preview.page_count())]
    qtbot.keyClick(preview.scroll, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def test_saving_a_copy_writes_the_same_pdf(preview, register, tmp_path, monkeypatch):
    target = tmp_path / "copy"
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview.save_button.click()
    assert (tmp_path / "copy.pdf").read_bytes() == register.read_bytes()


def test_a_file_that_is_no_pdf_is_refused_with_a_message(tmp_path, qtbot, monkeypatch, register):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    assert pdf_preview.show(None, broken) is None
    assert warned == [f"{broken} cannot be shown: it is not a PDF file this program can read."]


def test_the_preview_follows_a_language_switch(preview):
    language.apply("ru")
    QApplication.processEvents()  # the LanguageChange events
    try:
        assert preview.print_button.text() == i18n.translate("Print…", "ru")
        assert preview.page_label.text() == i18n.translate("Page {page} of {pages}", "ru", page=1,
                                                           pages=preview.page_count())
    finally:
        language.apply("en")
