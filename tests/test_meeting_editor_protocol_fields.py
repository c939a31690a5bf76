"""The meeting editor's fields for a complete protocol: the closing time, the guests, an item's title
and its decision in the other language, a separate сход's representatives; a mistyped time refused
beside its field; and the blank registration sheet printed from the editor's Print box."""

from __future__ import annotations

from datetime import datetime

from pypdf import PdfReader

from app.services import meetings
from app.ui.meeting_editor import TAB_AGENDA
from tests.test_meeting_editor import editor, notices, prepare  # noqa: F401 (the fixtures)


def test_the_other_languages_texts_closing_time_and_representatives_are_saved(editor):  # noqa: F811
    prepare(editor, items=("Өкілдерді сайлау туралы",))
    editor.inputs["separate"].setChecked(True)
    editor.inputs["ends_at"].setText("12.40")
    editor.inputs["guests_second"].setPlainText("Омаров Б. — аким села")
    editor.inputs["representatives"].setPlainText("Мұқанов Ерлан Серікұлы\nҚасымова Айгүл Бекзатқызы")
    editor.tabs.setCurrentIndex(TAB_AGENDA)
    editor.agenda.inputs["title_second"].setText("Об избрании представителей")
    editor.agenda.inputs["decision_text"].setPlainText("Екі өкіл сайлансын.")
    editor.agenda.inputs["decision_text_second"].setPlainText("Избрать двух представителей.")
    assert editor.save()
    view = meetings.get(editor.meeting_id)
    assert (view.ends_at, view.guests_second) == (datetime(2026, 3, 14, 12, 40), "Омаров Б. — аким села")
    assert view.representatives.splitlines() == ["Мұқанов Ерлан Серікұлы", "Қасымова Айгүл Бекзатқызы"]
    item = view.items[0]
    assert (item.title_second, item.decision_text_second) == ("Об избрании представителей",
                                                              "Избрать двух представителей.")
    # Opened again, the editor shows them and saving the agenda keeps them.
    editor._load(view)
    assert editor.inputs["ends_at"].text() == "12:40"
    editor.agenda.inputs["rapporteur"].setText("Омаров Б. Қ.")
    assert editor.save()
    assert meetings.get(editor.meeting_id).items[0].title_second == "Об избрании представителей"


def test_a_mistyped_closing_time_is_shown_beside_its_field(editor):  # noqa: F811
    prepare(editor)
    editor.inputs["ends_at"].setText("25:99")
    assert not editor.save()
    assert editor.meeting_id is None
    assert editor.errors["ends_at"].isVisibleTo(editor) and "25:99" in editor.errors["ends_at"].text()


def test_the_blank_registration_sheet_is_printed_from_the_editor(editor, qtbot, monkeypatch, tmp_path):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    from app.ui import meeting_print

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(meeting_print.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    prepare(editor)
    editor.save()
    with qtbot.waitSignal(editor.printed, timeout=20_000):
        editor.print_buttons["sheet", "kk"].click()
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "ҚАТЫСУШЫЛАРДЫ ТІРКЕУ ПАРАҒЫ" in text
