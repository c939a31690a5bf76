"""What the grants screens share: amounts shown as the reader's language writes them, an amount field
that says at once what is wrong with what was typed (the service still decides when saving), and a
small form saved through one service call whose refusal shows beside its field, the form kept as typed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import i18n
from app.areas import Area
from app.i18n import tr
from app.rules import money
from app.ui.operations import Fields, ServiceCall

RED = QColor("#b00020")
AMBER = QColor("#8a5a00")  # amber text dark enough to read on white
AMBER_PANEL = "background: #fff1cc; color: #5c3d00; border: 1px solid #e0b84a; border-radius: 4px; padding: 6px;"
WARNING_SIGN = "⚠"


def amount_text(amount: Decimal | None, currency: str | None = None) -> str:
    """1 250 000,50 ₸ (kk, ru) or 1,250,000.50 ₸ (en); empty for no amount."""
    return "" if amount is None else money.format_amount(amount, currency, i18n.current_language())


def typed_amount(text: str) -> tuple[Decimal | None, str]:
    """(the amount, "") or (None, why not) for what is typed; empty text is (None, "")."""
    if not text.strip():
        return None, ""
    try:
        return money.parse_amount(text), ""
    except money.InvalidAmount as error:
        return None, tr(error.reason, **error.params)


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.hide()
    return label


class AmountEdit(QLineEdit):
    """Money typed as text («1 250 000,50»): never a float spin box. ``problem`` (a label) says at once
    what is wrong with the text; the service parses it again when saving."""

    def __init__(self, problem: QLabel | None = None, parent=None):
        super().__init__(parent)
        self.problem = problem
        self.setPlaceholderText("1 250 000,00")
        self.textChanged.connect(self._check)

    def amount(self) -> Decimal | None:
        return typed_amount(self.text())[0]

    def _check(self, text: str) -> None:
        if self.problem is None:
            return
        reason = typed_amount(text)[1]
        self.problem.setText(reason)
        self.problem.setVisible(bool(reason))


class FormDialog(QDialog):
    """A small form (a donor, a tranche, an expense, a deadline) saved by ``save`` through the service.
    ``fields`` are (name, label msgid, widget); a ValidationError naming a field shows beside it."""

    field_of: dict[str, str] = {}  # the service's field names where they differ from the form's
    changes: frozenset[Area] = frozenset()  # the areas a save changes, announced once it is saved

    def __init__(self, title: str, fields: list[tuple[str, str, QWidget]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        for name, label, widget in fields:
            widget.setObjectName(name)
            self.inputs[name] = widget
            self.errors[name] = error_label()
            self.form.addRow(tr(label), widget)
            self.form.addRow("", self.errors[name])
            if isinstance(widget, AmountEdit) and widget.problem is None:
                widget.problem = self.errors[name]
        self.error = error_label()  # a refusal that names no field of the form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        """Calls the service; raises what it refuses."""
        raise NotImplementedError

    def try_save(self) -> bool:
        return ServiceCall(self, self.save, changes=self.changes, on_success=lambda _saved: self.accept(),
                           fields=Fields(self.inputs, self.errors, self.error, self.field_of),
                           handlers=self.handlers()).ok

    def handlers(self) -> dict:
        """Hooks for refusals this form answers its own way (app/ui/operations.py); a Conflict is said
        in a box unless the form knows how to read its record again."""
        return {}


def ask(parent: QWidget, dialog_type: Callable[..., FormDialog], *args) -> bool:
    """Opens a form; True when it saved."""
    return dialog_type(*args, parent=parent).exec() == QDialog.DialogCode.Accepted
