"""Switching the language leaves nothing of the old one: with a demo district, every page of the window,
the windows that stay open beside it (the guide, meeting editors) and every form the pages open (shown
rather than run modally), switched from Kazakh to Russian and back, no visible text (labels, buttons,
tabs, headers, window titles, tooltips, placeholders, combo and list items, menus) is a translation in
the old language that the new one says otherwise.

A leftover is a text equal to an old-language message of the catalogues whose new-language message
differs, and equal to no new-language message (a word both languages spell alike is no leftover).
The hall screen is not among them: it shows the meeting in the meeting's language, whatever the
interface's."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app import i18n
from app.ui import application
from app.ui.main_window import PAGES, MainWindow
from tests.conftest import demo_copy
from tests.test_no_text_cut import DEMO, dialogs, open_dialog

# The hall screen speaks the meeting's language (above); every other form a page opens is shown here beside
# the window instead of run modally, and must follow the switch as the window does.
NOT_SWITCHED = ("hall screen",)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _catalogue(code: str) -> dict[str, str]:
    with open(i18n.I18N_DIR / code / "LC_MESSAGES" / "auyl.po", "rb") as file:
        catalogue = read_po(file)
    found = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, text in zip(ids, texts, strict=False):
            if text:
                found[msgid] = text
    return found


def leftovers_finder(old: str, new: str):
    """A test of a text: True when it is the old language's and not the new one's."""
    old_texts, new_texts = _catalogue(old), _catalogue(new)
    new_plain = {_plain(text) for text in new_texts.values()} | {_plain(msgid) for msgid in new_texts}
    left = {_plain(text) for msgid, text in old_texts.items()
            if _plain(text) != _plain(new_texts.get(msgid, msgid))} - new_plain
    return lambda text: _plain(text) in left


def _header_texts(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    return [str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
            for section in range(model.columnCount() if header.orientation() == Qt.Orientation.Horizontal
                                 else 0)]


def texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible text of the window or dialog and the widgets in it."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.window() is not top and not isinstance(widget, QMenu):
            continue  # a dialog over the window is walked as its own
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        found += [(where, widget.toolTip())]
        if widget.isWindow():
            found.append((where, widget.windowTitle()))
        if isinstance(widget, QLabel):
            found.append((where, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((where, widget.text()))
        elif isinstance(widget, QLineEdit):
            found.append((where, widget.placeholderText()))
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            found.append((where, widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found += [(where, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QGroupBox):
            found.append((where, widget.title()))
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                found += [(where, widget.tabText(i)), (where, widget.tabToolTip(i))]
        elif isinstance(widget, QHeaderView):
            found += [(where, text) for text in _header_texts(widget)]
        elif isinstance(widget, QMenu):
            found.append((where, widget.title()))
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.model():
            model = widget.model()
            found += [(where, str(model.index(row, 0).data() or "")) for row in range(min(model.rowCount(), 50))]
    for action in top.findChildren(QAction):
        found += [("QAction", action.text()), ("QAction", action.toolTip())]
    return [(where, text) for where, text in found if text]


@pytest.fixture
def window(template_db, made_once, tmp_path, monkeypatch):
    with demo_copy(made_once, template_db, tmp_path / "db", **DEMO):
        application.application()
        main = MainWindow(application.preferences())
        main.resize(1366, 698)
        main.show()
        _settle()
        yield main
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        main.close()
        main.deleteLater()


@pytest.mark.parametrize(("old", "new"), [("kk", "ru"), ("ru", "kk")])
def test_switching_the_language_leaves_no_text_of_the_old_one(window, monkeypatch, old, new):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.set_language(old)
    _settle()
    for row in range(len(PAGES)):  # every page built, the last one shown
        window.navigation.setCurrentRow(row)
        _settle()
    window.guide()
    opened = [(name, open_dialog(make())) for name, make in dialogs(window) if name not in NOT_SWITCHED]
    window.set_language(new)
    _settle()
    is_old = leftovers_finder(old, new)
    tops = [("window", window), ("guide", window.help_dialog), *opened]
    found = [f"[{name}] {where}: {text!r}" for name, top in tops for where, text in texts(top) if is_old(text)]
    for _name, dialog in opened:
        if isinstance(dialog, QDialog):
            dialog.done(QDialog.DialogCode.Rejected)
        else:
            dialog.close()
        dialog.deleteLater()
    found = list(dict.fromkeys(found))
    assert not found, "\n".join([f"{len(found)} texts left in {old} after switching to {new}:", *found])
