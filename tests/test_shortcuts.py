"""F1 opens the short guide in the interface language; the usual keys work as in any desktop program:
Ctrl+F to the page's search, Ctrl+N a new record of the page, Ctrl+P the page's print, Ctrl+W and
Ctrl+Q close the window, Ctrl+S saves a form and Esc closes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from app import demo
from app.ui import application, language
from app.ui.main_window import PAGES, MainWindow


@pytest.fixture
def window(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    demo.generate(40, seed=5, activity=False)
    main = MainWindow(application.preferences())
    main.resize(1200, 700)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def _show(window, name: str):
    row = next(row for row, (_title, _module, page) in enumerate(PAGES) if page == name)
    window.navigation.setCurrentRow(row)
    return window.page(row)


def _opened(window, qtbot, monkeypatch, key) -> list[str]:
    """What the key opened from the window: dialogs run modally (not let block) or shown beside it,
    and file choosers (by their title)."""
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(type(dialog).__name__) or 0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, title, *a, **k: opened.append(title) or ("", ""))
    before = set(QApplication.topLevelWidgets())
    window.activateWindow()
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    for widget in set(QApplication.topLevelWidgets()) - before:
        if widget.isVisible():
            opened.append(type(widget).__name__)
            widget.close()
    return opened


@pytest.mark.parametrize(("code", "heading"), [("kk", "қысқаша нұсқаулық"), ("ru", "краткое руководство"),
                                               ("en", "a short guide")])
def test_f1_opens_the_guide_in_the_interface_language(window, qtbot, code, heading):
    window.set_language(code)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_dialog
    assert guide is not None and guide.isVisible()
    assert heading in guide.browser.toPlainText()
    assert heading in guide.windowTitle()
    other = "ru" if code != "ru" else "kk"
    window.set_language(other)  # left open, it follows the language
    QApplication.processEvents()  # the language change is posted to every widget
    assert guide.language == other
    assert heading not in guide.browser.toPlainText()


def test_the_guide_ships_in_every_language_with_every_section():
    from app import i18n
    from app.ui.help_dialog import guide_path

    for code in i18n.LANGUAGES:
        text = guide_path(code).read_text(encoding="utf-8")
        assert text.count("<h3>") == 7, code  # areas, first start, import, backups, appeals, keys, help
        assert "15" in text and "Ctrl+B" in text and "F1" in text


@pytest.mark.parametrize("name", ["MembersPage", "MeetingsPage", "LocalIssuesPage", "AppealsPage"])
def test_ctrl_f_puts_the_cursor_in_the_page_search(window, qtbot, name):
    page = _show(window, name)
    page.search.setText("Ab")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    assert page.search.selectedText() == "Ab"  # typing replaces the last search


@pytest.mark.parametrize(("name", "form"), [
    ("MembersPage", "MemberDialog"), ("MeetingsPage", "MeetingEditor"), ("LocalIssuesPage", "LocalIssueDialog"),
    ("AppealsPage", "AppealDialog"), ("GrantsPage", "GrantEditor"), ("EventsPage", "EventDialog"),
    ("StartPage", None), ("DecisionsPage", None), ("AuditPage", None),
])
def test_ctrl_n_opens_a_new_record_of_the_page(window, qtbot, monkeypatch, name, form):
    _show(window, name)
    assert _opened(window, qtbot, monkeypatch, Qt.Key.Key_N) == ([form] if form else [])


@pytest.mark.parametrize(("name", "printing"), [
    ("MembersPage", "Print the register…"), ("DecisionsPage", "Print the register…"),
    ("EventsPage", "Print the day sheet…"), ("LocalIssuesPage", "PeriodReportDialog"),
    ("GrantsPage", "PeriodReportDialog"), ("AppealsPage", "PeriodReportDialog"), ("StartPage", None),
    ("AuditPage", None),
])
def test_ctrl_p_prints_where_the_page_prints(window, qtbot, monkeypatch, name, printing):
    _show(window, name)
    assert _opened(window, qtbot, monkeypatch, Qt.Key.Key_P) == ([printing] if printing else [])


@pytest.mark.parametrize("key", [Qt.Key.Key_W, Qt.Key.Key_Q])
def test_ctrl_w_and_ctrl_q_close_the_window(window, qtbot, key):
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def _form(name: str, window):
    from app.ui.event_dialog import EventDialog
    from app.ui.local_issue_dialog import LocalIssueDialog
    from app.ui.meeting_editor import MeetingEditor
    from app.ui.member_dialog import MemberDialog

    return {"member": lambda: MemberDialog(parent=window),
            "meeting": lambda: MeetingEditor(notices=window.notices, parent=window),
            "local issue": lambda: LocalIssueDialog(None, window.notices, parent=window),
            "event": lambda: EventDialog(parent=window)}[name]()


@pytest.mark.parametrize("form", ["member", "meeting", "local issue", "event"])
def test_ctrl_s_presses_the_form_save_button_and_esc_closes_it(window, qtbot, form):
    dialog = _form(form, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    save = next(box.button(QDialogButtonBox.StandardButton.Save) for box in dialog.findChildren(QDialogButtonBox)
                if box.button(QDialogButtonBox.StandardButton.Save) is not None)
    pressed = []
    save.clicked.disconnect()  # the key is tested here, not the form's saving
    save.clicked.connect(lambda: pressed.append(True))
    field = next(edit for edit in dialog.findChildren(QLineEdit) if edit.isVisible() and edit.isEnabled())
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True]
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
