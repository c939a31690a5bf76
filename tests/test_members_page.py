"""The members page and the member form, through qtbot on real widgets and a real database."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from app import demo
from app.areas import Area
from app.printing.members import rejects_path
from app.services import members, settings
from app.ui import application, language
from app.ui.main_window import MainWindow
from app.ui.member_dialog import MemberDialog
from app.ui.pages.members import PAGE_SIZE, MembersPage
from tests.test_window import type_text


@pytest.fixture
def page(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    demo.generate(450, seed=7, activity=False)
    window = MainWindow(application.preferences())
    window.show()
    qtbot.waitExposed(window)
    members_page = window.show_page(MembersPage)
    yield members_page
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def test_the_list_pages_rows_in_as_it_scrolls(page, qtbot):
    assert page.model.rowCount() == PAGE_SIZE
    qtbot.waitUntil(lambda: page.count.text() == f"People shown: {members.count()}", timeout=3000)
    page.model.fetchMore()
    assert page.model.rowCount() == 2 * PAGE_SIZE
    assert "••••" in page.model.index(0, 2).data()


def test_typing_in_kazakh_searches_across_spellings(page, qtbot):
    target = members.rows(limit=1)[0]
    type_text(page.search, target.surname)
    qtbot.waitUntil(lambda: page.model.rowCount() < PAGE_SIZE, timeout=3000)
    names = [page.model.row(r).surname for r in range(page.model.rowCount())]
    assert target.surname in names
    page.search.setText("Mukanov")
    from app.rules.text import fold

    # Latin typing finds Мұқанов and Муканов alike
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and all(
        fold(page.model.row(r).surname).startswith(fold("Мұқанов")) for r in range(page.model.rowCount())),
        timeout=3000)


def test_the_village_filter_updates_list_and_count(page, qtbot):
    first = settings.villages()[0].id
    page.village.setCurrentIndex(page.village.findData(first))
    qtbot.waitUntil(lambda: page.count.text() == f"People shown: {members.count(village_id=first)}",
                    timeout=3000)
    assert {page.model.row(r).village_id for r in range(page.model.rowCount())} == {first}


def test_adding_a_person_through_the_form(page, qtbot):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    type_text(dialog.inputs["surname"], "Әбдіқадырова")
    type_text(dialog.inputs["given_name"], "Гүлнар")
    type_text(dialog.inputs["iin"], "061211600012")
    assert dialog.inputs["birth_date"].date().toPython().isoformat() == "2006-12-11"
    assert dialog.inputs["sex"].currentData() == "F"
    dialog.inputs["phone"].setText("+7 (777) 123-45-67")
    dialog.save()
    assert dialog.result() == MemberDialog.DialogCode.Accepted
    stored = members.get(dialog.saved_id)
    assert stored.surname == "Әбдіқадырова" and stored.phone == "+77771234567"


def test_a_bad_iin_is_explained_and_nothing_typed_is_lost(page, qtbot):
    dialog = MemberDialog(parent=page)
    qtbot.addWidget(dialog)
    type_text(dialog.inputs["surname"], "Сейітов")
    type_text(dialog.inputs["given_name"], "Нұрлан")
    type_text(dialog.inputs["iin"], "791028302729")
    assert "check digit" in dialog.iin_hint.text()
    before = members.count()
    dialog.save()
    assert dialog.result() != MemberDialog.DialogCode.Accepted
    assert "check digit" in dialog.error.text()
    assert dialog.inputs["surname"].text() == "Сейітов"
    assert members.count() == before


def test_editing_a_person_opens_their_record(page, qtbot):
    page.view.selectRow(0)
    member_id = page.current_member_id()
    dialog = MemberDialog(member_id, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.inputs["surname"].text() == members.get(member_id).surname
    dialog.inputs["occupation"].setText("мұғалім")
    dialog.save()
    assert members.get(member_id).occupation == "мұғалім"


def test_the_form_records_consent_exports_and_erases_a_person(page, qtbot, monkeypatch, tmp_path):
    from app.ui import member_dialog

    page.view.selectRow(0)
    member_id = page.current_member_id()
    dialog = MemberDialog(member_id, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.consent_state.text() == "No consent recorded."
    monkeypatch.setattr(member_dialog.ConsentDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog.record_consent()
    assert dialog.consent_state.text().startswith("Consent: ")
    target = tmp_path / "person.json"
    monkeypatch.setattr(member_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.export_person()
    assert members.get(member_id).surname in target.read_text(encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.erase_person()
    assert members.get(member_id).surname == ""


def test_printing_the_register_runs_in_the_background_and_writes_the_pdf(page, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from app.ui.pages import members as members_page

    target = tmp_path / "register.pdf"
    monkeypatch.setattr(members_page.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    with qtbot.waitSignal(page.printed, timeout=20_000) as blocker:
        page.print_register()
    assert blocker.args == [str(target)]
    assert members.rows(limit=1)[0].surname in PdfReader(target).pages[0].extract_text()


def test_the_form_shows_and_edits_the_household(page, qtbot):
    family = next(h for h in (members.household_of(r.id) for r in members.rows(limit=100))
                  if h and len(h.people) >= 2)
    other_id = family.people[1][0]
    dialog = MemberDialog(other_id, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.household_people.count() == len(family.people)
    assert dialog.household_people.item(0).text().endswith("— head")
    dialog.head_button.click()
    assert members.household_of(other_id).head_id == other_id
    dialog.new_household_button.click()
    assert dialog.household_people.count() == 1
    assert members.household_of(other_id).id != family.id


def test_the_import_dialog_matches_columns_lets_staff_correct_them_and_imports(page, qtbot, tmp_path, monkeypatch):
    from openpyxl import Workbook

    from app.ui.import_dialog import ImportDialog

    path = tmp_path / "people.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["Тегі", "Аты", "Дерек", "Ауыл", "ЖСН"])
    sheet.append(["Омарова", "Әсем", "x", "Жарлыөзек", "061211600012"])
    sheet.append(["Қасымов", "Ғалым", "y", "Атлантида", ""])
    book.save(path)
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    assert dialog.mapping() == {0: "surname", 1: "given_name", 3: "village", 4: "iin"}
    dialog.choices[0].setCurrentIndex(dialog.choices[0].findData("given_name"))
    assert "one column only" in dialog.problem.text()
    dialog.choices[0].setCurrentIndex(dialog.choices[0].findData("surname"))
    assert dialog.problem.text() == ""
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    before = members.count()
    dialog.start_import()  # the plan first, and nothing written
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10_000)
    assert dialog.plan.toPlainText().startswith("Nothing was written. The import would add 1, update 0, reject 1,")
    assert "row 2: add Омарова Әсем" in dialog.plan.toPlainText() and members.count() == before
    assert not rejects_path(path).exists()
    with qtbot.waitSignal(page.notices.changed, timeout=10_000) as blocker:
        dialog.start_import()
    assert blocker.args == [frozenset({Area.REGISTER})]
    qtbot.waitUntil(lambda: bool(shown))
    assert members.count() == before + 1
    assert "Added: 1" in shown[0] and "Not imported: 1" in shown[0]
    assert str(rejects_path(path)) in shown[0]


def test_the_import_dialog_shows_a_row_naming_someone_else_and_takes_the_files_version(page, qtbot, tmp_path):
    from datetime import date

    from PySide6.QtCore import Qt

    from app.rules import iin as iin_rules
    from app.ui.import_dialog import ImportDialog

    number = next(n for serial in range(100) if (n := iin_rules.make(date(1985, 6, 11), "M", serial)))
    nurlan = members.create(members.MemberData(surname="Сәрсенбаев", given_name="Нұрлан", iin=number,
                                               village_id=settings.villages()[0].id, phone="87011112233"))
    path = tmp_path / "three.csv"
    path.write_text("Фамилия,Имя,ИИН,Телефон\n"
                    f"Ахметов,Серік,{number},87017778899\n"
                    "Сәрсенбаев,Нұрлан,{},87019998877\n".format(number), encoding="utf-8")
    dialog = ImportDialog(str(path), page)
    qtbot.addWidget(dialog)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10_000)
    plan = dialog.plan.toPlainText()
    assert "row 2: flagged: The IIN " in plan and "the file names Ахметов Серік" in plan
    assert "row 3: update Сәрсенбаев Нұрлан: Phone: " in plan
    dialog.start_import()
    qtbot.waitUntil(lambda: not dialog.review.isHidden(), timeout=10_000)
    # Row 3 (the same man) updated his phone; row 2 waits, the register's values beside the file's.
    assert members.get(nurlan).surname == "Сәрсенбаев" and members.get(nurlan).phone.endswith("98877")
    assert dialog.review_list.count() == 1
    sides = {dialog.review_table.item(row, 0).text(): (dialog.review_table.item(row, 1).text(),
                                                       dialog.review_table.item(row, 2).text())
             for row in range(dialog.review_table.rowCount())}
    assert sides["Surname"] == ("Сәрсенбаев", "Ахметов") and sides["Given name"] == ("Нұрлан", "Серік")
    phone = [row for row in range(dialog.review_table.rowCount())
             if dialog.review_table.item(row, 0).text() == "Phone"][0]
    dialog.review_table.item(phone, 2).setCheckState(Qt.CheckState.Unchecked)  # keep the register's phone
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.take_file.click()
    taken = members.get(nurlan)
    assert (taken.surname, taken.given_name) == ("Ахметов", "Серік") and taken.phone.endswith("98877")


def test_the_form_marks_social_categories_and_the_list_filters_by_them(page, qtbot):
    from PySide6.QtCore import Qt

    from app.services import settings as district

    page.view.selectRow(0)
    member_id = page.current_member_id()
    dialog = MemberDialog(member_id, parent=page)
    qtbot.addWidget(dialog)
    box = dialog.inputs["categories"]
    assert box.count() == len(district.category_list())
    box.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    assert members.category_names(members.get(member_id).categories) == [box.item(1).text()]
    page.reload()
    page.category.setCurrentIndex(page.category.findData(box.item(1).text()))
    assert [page.model.row(r).id for r in range(page.model.rowCount())] == [member_id]


def test_every_column_sorts_the_whole_register(page):
    from PySide6.QtCore import Qt

    from app.ui.pages.members import COLUMN_SORTS

    for column, key in enumerate(COLUMN_SORTS):
        page.model.sort(column, Qt.SortOrder.DescendingOrder)
        assert (page.sort, page.descending) == (key, True)
        assert page.model.rowCount() == PAGE_SIZE
    page.model.sort(1, Qt.SortOrder.AscendingOrder)
    births = [page.model.row(r).birth_date for r in range(page.model.rowCount())]
    assert births == sorted(births)
