"""The window's side of import batches, through qtbot on real widgets and a real database: the import
dialog shows whose sex is to confirm in the plan and after the import, a flagged row taken joins its
import, and the imports dialog lists the imports and undoes one after asking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from app.areas import Area
from app.rules import iin as iin_rules
from app.services import import_batches, members, settings
from app.ui import application, language
from app.ui.import_batches_dialog import ImportBatchesDialog
from app.ui.import_dialog import ImportDialog
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage


@pytest.fixture
def page(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    window = MainWindow(application.preferences())
    window.show()
    qtbot.waitExposed(window)
    yield window.show_page(MembersPage)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def nurlan() -> tuple[int, str]:
    number = next(n for serial in range(100) if (n := iin_rules.make(date(1985, 6, 11), "M", serial)))
    return members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", iin=number,
                                             village_id=settings.villages()[0].id, phone="87011112233")), number


def imported(qtbot, dialog: ImportDialog) -> None:
    """The plan, then the import confirmed."""
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10_000)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.batch_id is not None, timeout=10_000)


def test_the_plan_and_the_result_show_whose_sex_is_to_confirm(page, qtbot, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Фамилия,Имя,Село\nОмарова,Сәуле,Жарлыөзек\nКим,Виктор,Жарлыөзек\n", encoding="utf-8")
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10_000)
    plan = dialog.plan.toPlainText()
    assert "The sex of 2 people it adds is to confirm." in plan
    assert "row 2: to confirm: The sex (female) was read from the ending of the name" in plan
    assert "row 3: to confirm: The sex is not known" in plan
    closed: list[bool] = []
    dialog.accepted.connect(lambda: closed.append(True))
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.batch_id is not None, timeout=10_000)
    # Written, and the dialog stays open on the people to check rather than close on a summary.
    assert not closed and dialog.review.isHidden() and not dialog.plan.isHidden()
    assert "2 people were added whose sex is to confirm:" in dialog.note.text()
    assert dialog.plan.toPlainText().splitlines() == [
        "row 2: The sex (female) was read from the ending of the name: please confirm it.",
        "row 3: The sex is not known: neither the file, an IIN nor the ending of the name tells it. Please fill it in."]
    assert members.count() == 2


def test_a_row_taken_in_the_review_is_undone_with_its_import(page, qtbot, tmp_path, monkeypatch):
    nurlan_id, number = nurlan()
    path = tmp_path / "typo.csv"
    path.write_text(f"Фамилия,Имя,ИИН\nАхметов,Серік,{number}\n", encoding="utf-8")
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    imported(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.take_file.click()
    assert members.get(nurlan_id).surname == "Ахметов"
    [batch] = import_batches.batches()
    assert (batch.id, batch.people_updated) == (dialog.batch_id, 1)


def test_the_imports_dialog_lists_the_imports_and_undoes_one_after_asking(page, qtbot, tmp_path, monkeypatch):
    nurlan_id, number = nurlan()
    path = tmp_path / "тізім.csv"
    path.write_text(f"Фамилия,Имя,ИИН,Телефон,Село\nСәрсенбаев,Нұрлан,{number},87019998877,Жарлыөзек\n"
                    "Омарова,Сәуле,061211600012,,Жарлыөзек\n", encoding="utf-8")
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    said: list[str] = []
    imported(qtbot, dialog)

    monkeypatch.setattr(ImportBatchesDialog, "exec", lambda self: opened.append(self))
    opened: list[ImportBatchesDialog] = []
    page.imports_button.click()
    [imports] = opened
    qtbot.addWidget(imports)
    assert imports.model.rowCount() == 1 and imports.empty.isHidden()
    shown = [imports.model.index(0, column).data() for column in range(imports.model.columnCount())]
    assert shown[0] == "1" and shown[2:8] == ["тізім.csv", shown[3], "1", "1", "0", "0"] and shown[8] == ""
    assert imports.undo_button.isEnabled()

    asked: list[str] = []

    def answer(reply):
        return lambda _parent, _title, text, *rest: asked.append(text) or reply

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    imports.undo_button.click()  # asked, and told no: nothing changes
    assert "Undo import number 1 (тізім.csv, " in asked[0]
    assert "1 person it added will be removed" in asked[0] and "1 person it updated will get back" in asked[0]
    assert members.count() == 2

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.notices.changed, timeout=10_000) as blocker:
        imports.undo_button.click()
    assert blocker.args == [frozenset({Area.REGISTER})]
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
    assert said[-1] == "Import number 1 undone: 1 person removed, 1 person put back as they were."
    assert members.count() == 1 and members.get(nurlan_id).phone == "+77011112233"
    assert imports.model.index(0, 8).data().endswith(import_batches.batches()[0].undone_by)
    assert not imports.undo_button.isEnabled()


def test_an_undo_refused_says_whom_someone_changed_since(page, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "new.csv"
    path.write_text("Фамилия,Имя,ИИН,Село\nОмарова,Сәуле,061211600012,Жарлыөзек\n", encoding="utf-8")
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    imported(qtbot, dialog)
    saule = members.rows()[0].id
    members.update(saule, replace(members.get(saule), phone="87015550000"))
    imports = ImportBatchesDialog(page)
    qtbot.addWidget(imports)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    imports.undo_button.click()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert warned == [f"Import number 1 cannot be undone: these people were changed or recorded elsewhere after "
                      f"it: Омарова Сәуле (№ {saule}). Nothing was undone."]
    assert members.count() == 1 and imports.undo_button.isEnabled()
