"""The meetings list: newest first, filtered by year, kind, village and words of the agenda; new,
open, delete (refused for a signed protocol) and print, driven through qtbot on a real database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from app import demo, i18n
from app.services import meetings, settings
from app.ui import application, language
from app.ui.meeting_editor import MeetingEditor
from app.ui.notices import ChangeNotices
from app.ui.pages import PageContext
from app.ui.pages.meetings import MeetingsPage


@pytest.fixture
def page(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    demo.generate(members=200, seed=1, activity=False)
    villages = settings.villages()
    one = meetings.create(meetings.MeetingData(meetings.GATHERING, datetime(2025, 11, 2, 11, 0),
                                               village_id=villages[0].id, area="Абай көшесі",
                                               chair="Мұқанов Е.", secretary="Сейітова Ә."),
                          [meetings.ItemData("Көшелерді жарықтандыру")])
    meetings.create(meetings.MeetingData(meetings.ASSEMBLY, datetime(2026, 3, 20, 15, 0)),
                    [meetings.ItemData("Бюджет"), meetings.ItemData("Әкімнің есебі")])
    meetings.create(meetings.MeetingData(meetings.GATHERING, datetime(2026, 2, 1, 10, 0),
                                         village_id=villages[1].id))
    meetings.sign(one, date(2025, 11, 3))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    widget = MeetingsPage(PageContext(ChangeNotices(), QAction()), i18n.N_("Meetings"))
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def shown(page) -> list[tuple[str, str, str]]:
    model = page.model
    return [tuple(model.data(model.index(r, c)) for c in (0, 1, 3)) for r in range(model.rowCount())]


def test_the_list_shows_meetings_newest_first_with_their_figures(page):
    assert [row[0] for row in shown(page)] == ["20.03.2026 15:00", "01.02.2026 10:00", "02.11.2025 11:00"]
    last = page.model.row(2)
    assert page.model.data(page.model.index(2, 3)).endswith("Абай көшесі")
    assert page.model.data(page.model.index(2, 5)) == "✓" and last.items == 1
    assert page.model.data(page.model.index(0, 4)) == "2"
    assert page.count.text() == "Meetings shown: 3"


def test_filters_by_year_kind_village_and_words(page, qtbot):
    page.year.setCurrentIndex(page.year.findData(2025))
    assert len(shown(page)) == 1
    page.year.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData(meetings.ASSEMBLY))
    assert [r.kind for r in page.model.rows] == [meetings.ASSEMBLY]
    page.kind.setCurrentIndex(0)
    page.village.setCurrentIndex(page.village.findData(settings.villages()[1].id))
    assert [r.starts_at.month for r in page.model.rows] == [2]
    page.village.setCurrentIndex(0)
    page.search.setText("жарыктандыру")  # without the Kazakh letters, as staff often type
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0).items == 1


def test_a_signed_meeting_cannot_be_deleted_and_others_are_deleted_after_asking(page, monkeypatch):
    page.view.selectRow(2)
    assert page.current_row().signed and not page.delete_button.isEnabled()
    page.view.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.delete_current()
    assert len(meetings.list_meetings()) == 3
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1])
    page.delete_current()
    assert "№ 1 of 01.02.2026 10:00" in asked[0]
    assert len(meetings.list_meetings()) == 2 and page.model.rowCount() == 2


def test_new_and_open_bring_up_the_editor_and_changes_refresh_the_list(page):
    page.view.selectRow(0)
    editor = page.open_current()
    assert isinstance(editor, MeetingEditor) and editor.meeting_id == page.model.row(0).id
    assert page.open_current() is editor  # one editor per meeting
    editor.inputs["chair"].setText("Омаров Б.")
    editor.agenda.add_item()
    editor.agenda.inputs["title"].setText("Жер учаскелері")
    assert editor.save()
    assert page.model.data(page.model.index(0, 4)) == "3"  # refreshed by the change notice
    editor.close()
    new = page.new_meeting()
    assert new.meeting_id is None and new.windowTitle() == "New meeting"
    new.close()


def test_assembly_members_button_opens_the_dialog(page, monkeypatch):
    from app.ui import assembly_dialog

    opened = []
    monkeypatch.setattr(assembly_dialog.AssemblyDialog, "exec", lambda self: opened.append(self) or 0)
    assert not page.assembly_button.isHidden()
    page.assembly_button.click()
    assert len(opened) == 1


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_label_of_the_page_is_translated(page, lang):
    i18n.missing.clear()
    language.apply(lang)
    QApplication.processEvents()
    page.view.selectRow(0)
    editor = page.open_current()
    QApplication.processEvents()
    untranslated = sorted(msgid for code, msgid in i18n.missing if code == lang)
    assert not untranslated, untranslated
    assert page.new_button.text() == i18n.translate("New meeting", lang) != "New meeting"
    editor.close()


def test_an_open_editor_with_unsaved_changes_keeps_the_window_asking(page):
    editor = page.new_meeting()
    assert not page.has_unsaved_changes()
    editor.inputs["chair"].setText("Омаров Б.")
    assert page.has_unsaved_changes()
    assert page.save_changes() and not page.has_unsaved_changes()
    assert len(meetings.list_meetings()) == 4
    editor.close()


def test_printing_the_protocol_from_the_list_writes_the_pdf_in_the_background(page, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from app.ui import meeting_print, pdf_preview

    target = tmp_path / "protocol.pdf"
    suggested = []
    monkeypatch.setattr(meeting_print.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (suggested.append(a[2]), (str(target), ""))[1])
    opened = []  # a PDF goes to the print preview, unasked
    monkeypatch.setattr(pdf_preview, "show", lambda _parent, path: opened.append(str(path)))
    page.view.selectRow(2)  # the signed gathering of 2025
    with qtbot.waitSignal(page.printed, timeout=20_000) as blocker:
        page.print_actions["minutes", "kk"].trigger()
    assert blocker.args == [str(target)] and opened == [str(target)]
    assert suggested[0].endswith("protocol-1-2025-kk.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "ХАТТАМА" in text and "Көшелерді жарықтандыру" in text
