"""The one answer every form gives when its save is refused because someone else saved the same
record meanwhile (app.errors.Conflict): who, when and what they changed, then a choice between their
record ("Reload theirs") and the user's own typing ("Keep editing": the form takes the record's
current version, so the next Save knowingly replaces what was just shown)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import Conflict
from app.i18n import format_date, format_datetime, tr
from app.ui.language import FollowsLanguage

RELOAD, KEEP = "reload", "keep"
Shows = QWidget | Callable[[str], str]  # how a form shows a stored value
# Columns the services keep up themselves (for searching, for "untouched since"): nobody typed them.
KEPT_BY_THE_PROGRAM = frozenset({"search_text", "touched_at"})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?")  # how app/services/versions.py gives dates


def shown(value: str | None, widget: Shows | None = None) -> str:
    """A changed value as the form shows it: a combo's item text, a date as dates are written, or what
    the form's own function makes of it (money); personal data (None) only as having changed."""
    if value is None:
        return tr("changed (personal data, not shown)")
    if value == "":
        return "—"
    if callable(widget) and not isinstance(widget, QWidget):
        return widget(value)
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            if str(widget.itemData(index)) == value:
                return widget.itemText(index)
    elif isinstance(widget, QCheckBox):
        return tr("yes") if value == "True" else tr("no")
    elif ISO_DATE.fullmatch(value):
        moment = datetime.fromisoformat(value)
        return format_date(moment.date()) if len(value) == 10 else format_datetime(moment)
    return value


def changes(error: Conflict, labels: Mapping[str, str] | None = None, inputs: Mapping[str, Shows] | None = None,
            people: Collection[str] = ()) -> list[tuple[str, str]]:
    """(field as the form names it, value now) for each field the other person changed. ``labels``
    maps column names to the form's catalogue labels (a column without one keeps its own name),
    ``inputs`` to the widgets that show them (or functions that write a value as the form does);
    ``people`` are columns naming a person of the register, shown like personal data."""
    labels, inputs = labels or {}, inputs or {}
    return [(tr(labels[name]) if name in labels else name, shown(None if name in people else value, inputs.get(name)))
            for name, value in error.fields if name not in KEPT_BY_THE_PROGRAM]


class ConflictDialog(FollowsLanguage, QDialog):
    def __init__(self, error: Conflict, rows: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.choice = KEEP
        self.setWindowTitle(tr("Changed by someone else"))
        self.setMinimumWidth(520)
        message = QLabel(error.message())
        message.setWordWrap(True)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([tr("What they changed"), tr("As it is now")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read, nothing to pick
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (label, value) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))  # a save refused at the very same moment knows no fields
        self.table.setMaximumHeight(self.table.horizontalHeader().height()
                                    + sum(self.table.rowHeight(r) for r in range(len(rows))) + 4)
        choices = QLabel(tr("“Reload theirs” shows the record as it is now: what you typed here is dropped.\n"
                            "“Keep editing” keeps what you typed: saving again replaces their changes "
                            "with yours."))
        choices.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.reload_button = QPushButton(tr("Reload theirs"))
        self.keep_button = QPushButton(tr("Keep editing"))
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        for button in (self.reload_button, self.keep_button):
            button.setAutoDefault(False)
        self.keep_button.setDefault(True)  # Enter never drops what was typed
        self.keep_button.setFocus()
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.table)
        layout.addWidget(choices)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def ask(parent: QWidget | None, error: Conflict, rows: list[tuple[str, str]]) -> str:
    """RELOAD or KEEP, as the user answers (closing the dialog keeps editing). Tests replace this."""
    dialog = ConflictDialog(error, rows, parent)
    dialog.exec()
    return dialog.choice


def reload_theirs(parent: QWidget | None, error: Conflict, labels: Mapping[str, str] | None = None,
                  inputs: Mapping[str, Shows] | None = None, people: Collection[str] = ()) -> bool:
    """Shows the refused save; True when the user chose to reload the record, False to keep editing.
    Either way the form then reads the record again: all of it, or only its version."""
    return ask(parent, error, changes(error, labels, inputs, people)) == RELOAD


def drop_typing(parent: QWidget | None) -> bool:
    """Asked before a reload the user chose while the form holds typing of their own."""
    answer = QMessageBox.question(parent, tr("Reload"), tr("Show the record as it is now? What you typed "
                                                           "here and did not save is dropped."))
    return answer == QMessageBox.StandardButton.Yes
