"""The import dialog shows the encoding a .csv was read in and reads the rows again in the one
chosen, through qtbot on the real dialog and a real database; a workbook has no encoding to show."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.services import members
from app.ui import application, language
from app.ui.import_dialog import ImportDialog


@pytest.fixture
def english(database):
    application.application()
    language.apply("en")


def dialog_for(qtbot, path) -> ImportDialog:
    dialog = ImportDialog(str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(dialog: ImportDialog) -> list[str]:
    return [dialog.table.item(1, column).text() for column in range(dialog.table.columnCount())]


def test_the_preview_shows_the_encoding_and_reads_the_rows_again_in_another(english, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)  # the summary once imported
    path = tmp_path / "koi.csv"
    path.write_bytes("Фамилия,Имя,Пол,Село\nПетрова,Мария,Ж,Жарлыозек\n".encode("koi8-r"))
    dialog = dialog_for(qtbot, path)
    assert dialog.encoding_row.isVisible()
    assert (dialog.encoding.currentData(), dialog.encoding.currentText()) == ("koi8-r", "KOI8-R (Cyrillic)")
    assert cells(dialog) == ["Петрова", "Мария", "Ж", "Жарлыозек"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("cp1251"))  # what a wrong guess would show
    assert dialog.preview.encoding == "cp1251"
    assert cells(dialog) == [text.encode("koi8-r").decode("cp1251") for text in ("Петрова", "Мария", "Ж", "Жарлыозек")]
    assert not ok.isEnabled()  # the garbled header names no column: nothing to import

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("utf-8"))  # these bytes are no UTF-8
    assert dialog.table.columnCount() == 0
    assert "does not read cleanly as UTF-8 (Unicode)" in dialog.problem.text()
    assert not ok.isEnabled()

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("koi8-r"))
    assert cells(dialog) == ["Петрова", "Мария", "Ж", "Жарлыозек"]
    assert ok.isEnabled() and dialog.problem.text() == ""
    dialog.start_import()  # the plan, in the encoding chosen
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10_000)
    dialog.start_import()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert [row.surname for row in members.rows()] == ["Петрова"]


def test_a_workbook_has_no_encoding_to_choose(english, qtbot, tmp_path):
    book = Workbook()
    book.active.append(["Тегі", "Аты"])
    book.active.append(["Омарова", "Сәуле"])
    book.save(tmp_path / "list.xlsx")
    dialog = dialog_for(qtbot, tmp_path / "list.xlsx")
    assert dialog.encoding_row.isHidden()
    assert cells(dialog) == ["Омарова", "Сәуле"]
