"""The window, driven through qtbot on real widgets and a real temporary database."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import demo, i18n
from app.areas import Area
from app.services import audit, backup, settings
from app.ui import application, language
from app.ui.main_window import PAGES, MainWindow
from app.ui.pages.audit import AuditPage
from app.ui.pages.settings import SettingsPage
from app.ui.setup_dialog import SetupDialog


def type_text(widget, text: str) -> None:
    """Types text the way a keyboard does. qtbot.keyClicks aborts on non-ASCII text
    (docs/architecture.md, Machine facts, Traps met), so the events carry the text themselves."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def window(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.show()
    qtbot.waitExposed(main)
    yield main
    # Close without asking about unsaved changes (not through qtbot.addWidget, which closes
    # windows before this teardown runs).
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


def test_navigation_lists_only_real_pages(window):
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == ["Start", "Members", "Meetings", "Decisions", "Local issues", "Appeals", "Grants", "Events",
                      "District", "Settings", "Audit log"]
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[row]


SETTINGS_ROW, AUDIT_ROW = ([name for _title, _module, name in PAGES].index(page) for page in ("SettingsPage", "AuditPage"))


def switch(window, code: str) -> None:
    window.set_language(code)
    QApplication.processEvents()  # Qt delivers LanguageChange as a posted event


def test_language_switches_live_and_is_remembered(window):
    switch(window, "kk")
    assert window.windowTitle() == i18n.translate("Auyl Office", "kk")
    assert window.navigation.item(SETTINGS_ROW).text() == i18n.translate("Settings", "kk") != "Settings"
    settings_page = window.show_page(SettingsPage)
    assert settings_page.save_button.text() == i18n.translate("Save", "kk")
    switch(window, "ru")
    assert window.navigation.item(AUDIT_ROW).text() == i18n.translate("Audit log", "ru") != "Audit log"
    assert application.preferences().value("language") == "ru"
    # Qt's own dialogs speak the language too (qtbase_ru shipped with PySide6).
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    switch(window, "en")
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert window.navigation.item(SETTINGS_ROW).text() == "Settings"


def test_every_shown_text_has_kazakh_and_russian(window):
    i18n.missing.clear()
    for code in ("kk", "ru"):
        switch(window, code)
        for row in range(window.navigation.count()):
            window.navigation.setCurrentRow(row)
            QApplication.processEvents()
        dialog = SetupDialog(window)
        dialog.close()
    untranslated = sorted(msgid for lang, msgid in i18n.missing if lang in ("kk", "ru"))
    assert not untranslated, f"shown without a translation: {untranslated}"


def test_settings_page_saves_rules_and_villages(window):
    page = window.show_page(SettingsPage)
    page.inputs["akim_answer_working_days"].setValue(15)
    page.inputs["gathering_quorum_percent"].setValue(12.5)
    page.villages.add_row(["Қаратал", "Каратал", "334255400"])
    assert page.save_button.isEnabled()
    page.save_button.click()
    stored = settings.load()
    assert stored.akim_answer_working_days == 15
    assert str(stored.gathering_quorum_percent) == "12.5"
    assert [v.name_kk for v in settings.villages()][-1] == "Қаратал"
    assert not page.has_unsaved_changes()


def test_settings_page_refuses_a_bad_kato_code_and_keeps_what_was_typed(window):
    page = window.show_page(SettingsPage)
    field = page.inputs["district_kato"]
    field.clear()
    type_text(field, "33425")
    page.inputs["district_name_kk"].clear()
    type_text(page.inputs["district_name_kk"], "Жарлыөзек ауылдық округі ӘҒҚҢӨҰҮҺІ")
    page.save_button.click()
    assert "9 digits" in page.error.text()
    assert field.text() == "33425"
    assert page.inputs["district_name_kk"].text().endswith("ӘҒҚҢӨҰҮҺІ")
    assert settings.load().district_kato == "334255000"  # nothing was saved
    assert page.has_unsaved_changes()


def test_settings_page_refuses_a_bad_mci_date_and_saves_nothing(window):
    page = window.show_page(SettingsPage)
    page.inputs["voting_age"].setValue(19)
    page.mci.add_row(["31.02.2027", "4500"])
    page.save_button.click()
    assert "not a date" in page.error.text()
    assert page.tabs.currentWidget() is page.mci
    assert settings.load().voting_age == 18
    assert len(settings.mci_rates()) == 4


def test_closing_with_unsaved_settings_asks_and_can_stay_open(window, monkeypatch):
    page = window.show_page(SettingsPage)
    page.inputs["voting_age"].setValue(20)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.close()
    assert settings.load().voting_age == 20


def test_audit_page_shows_changes_and_pages_in_more(window, monkeypatch):
    monkeypatch.setattr("app.ui.pages.audit.PAGE_SIZE", 50)
    demo.generate(100, seed=1, activity=False)
    page = window.show_page(AuditPage)
    page.reload()
    assert page.model.rowCount() == 50
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 100
    first = page.model.row(0)
    assert first.id == max(row.id for row in audit.entries(limit=5))
    assert page.model.index(0, 2).data() == "added"
    page.table_filter.setCurrentIndex(page.table_filter.findData("households"))
    assert {page.model.row(r).table_name for r in range(page.model.rowCount())} == {"households"}


def test_backup_from_the_menu_runs_in_the_background(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr("app.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.notices.changed, timeout=10_000) as blocker:
        window.backup_action.trigger()
    assert blocker.args == [{Area.SETTINGS}]  # backups belong to the settings
    assert backup.check_auyl_file(target)


def test_first_start_asks_for_district_villages_and_language(qtbot, database, monkeypatch):
    application.application()
    language.apply("en")
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.name_kk.text() == "" and dialog.villages.rows() == []  # no other district pre-filled
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    QApplication.processEvents()
    assert dialog.windowTitle() == i18n.translate("Welcome to Auyl Office", "ru")
    for widget, text in ((dialog.name_kk, "Жаңа ауылдық округ"), (dialog.name_ru, "Новый сельский округ"),
                         (dialog.centre_kk, "Жаңа орталық"), (dialog.centre_ru, "Новый центр")):
        type_text(widget, text)
    dialog.villages.add_row(["Жаңа", "Новый", ""])
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = settings.load()
    assert stored.setup_completed and stored.district_name_kk == "Жаңа ауылдық округ"


def test_start_shows_setup_once_then_the_office(qtbot, database, monkeypatch):
    application.application()
    shown = []

    def accept(dialog):
        shown.append(dialog)
        dialog.try_sample()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SetupDialog, "exec", accept)
    window = application.start(str(database), "kk")
    qtbot.addWidget(window)
    assert len(shown) == 1 and window.isVisible()
    window.close()
    again = application.start(str(database), None)
    qtbot.addWidget(again)
    assert len(shown) == 1
    assert i18n.current_language() == "kk"  # remembered from the first start
    again.close()


def test_unexpected_error_shows_a_dialog_and_logs_no_personal_data(qtbot, database, monkeypatch):
    from app import logs
    from app.ui.errors import show_error

    logs.setup()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    try:
        raise RuntimeError("failed for 791028302728, phone +7 701 123 45 67")
    except RuntimeError as error:
        show_error(None, error)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert shown and str(logs.log_file()) in shown[0]
    text = logs.log_file().read_text(encoding="utf-8")
    assert "RuntimeError" in text
    assert "791028302728" not in text and "123 45 67" not in text


def test_audit_page_shows_values_of_ordinary_fields_but_never_personal_ones(window):
    settings.save(voting_age=19)
    settings.save(voting_age=20)
    demo.generate(5, seed=9, activity=False)
    page = window.show_page(AuditPage)
    page.reload()
    cells = [page.model.index(r, 5).data() for r in range(page.model.rowCount())]
    assert "Value: 19 → 20" in cells
    assert "Setting: Voting age; Value: 19" in cells
    from app.db import unit_of_work
    from app.models import Member
    with unit_of_work() as session:
        surnames = [m.surname for m in session.query(Member)]
    shown = " ".join(cells)
    assert "Surname" in shown and not any(surname in shown for surname in surnames)
