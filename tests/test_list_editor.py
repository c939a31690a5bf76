"""Lists of kinds and categories on the settings page, edited as lists (add, rename in both languages,
remove, reorder) and stored in the services' own «Kazakh (Russian); …» text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from app.services import settings
from app.ui.list_editor import ListEditor, items_of, text_of
from app.ui.pages.settings import LIST_LABELS, SettingsPage
from tests.test_window import window  # noqa: F401 (the fixture)


def test_the_stored_text_reads_as_names_in_both_languages_and_back():
    stored = settings.DistrictSettings().social_categories
    items = items_of(stored)
    assert items[0] == ("Зейнеткер", "пенсионер")
    assert items[2] == ("Мүгедектігі бар адам", "лицо с инвалидностью")
    assert text_of(items) == stored
    assert items_of("Той; Кеңес (совет);; ") == [("Той", ""), ("Кеңес", "совет")]


@pytest.mark.parametrize("name", list(LIST_LABELS))
def test_each_list_is_edited_as_a_list_and_saved(window, name):  # noqa: F811 (the fixture)
    page = window.show_page(SettingsPage)
    editor = page.inputs[name]
    assert isinstance(editor, ListEditor) and page.labels[name].text() == LIST_LABELS[name]
    before = editor.items()
    table = editor.table
    table.add_row(["Жаңа түр", "Новый вид"])
    table.table.setItem(0, 1, QTableWidgetItem("переименовано"))  # renamed in Russian
    table.table.setCurrentCell(1, 0)
    table.remove_row()
    table.table.setCurrentCell(table.table.rowCount() - 1, 0)
    table.move_row(-1)  # the new one moved up
    assert page.save_button.isEnabled()
    page.save_button.click()
    expected = [(before[0][0], "переименовано"), *before[2:], ("Жаңа түр", "Новый вид")]
    expected[-2:] = expected[:-3:-1]  # what the moves did: the last two swapped
    stored = getattr(settings.load(), name)
    assert items_of(stored) == expected
    page.refresh()
    assert editor.items() == expected


def test_a_name_that_would_break_the_list_is_refused_beside_it(window):  # noqa: F811 (the fixture)
    page = window.show_page(SettingsPage)
    editor = page.inputs["event_kinds"]
    editor.table.add_row(["Той; жиын", ""])
    page.save_button.click()
    assert page.error.text() == "A name in the list cannot hold «;» or brackets."
    assert "Той" not in settings.load().event_kinds
