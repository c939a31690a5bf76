"""What the grants screens share: amounts shown as the reader's language writes them, an amount field
that says at once what is wrong with what was typed (the service still decides when saving), and a
small form saved through one service call whose refusal shows beside its field, the form kept as typed,
asking before typing is thrown away, and kept as a draft while open where the form says so."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import i18n
from app.areas import Area
from app.i18n import tr
from app.rules import money
from app.services import drafts
from app.ui.drafts import DraftKeeper, retype, typed_values
from app.ui.language import FollowsLanguage
from app.ui.operations import Fields, ServiceCall
from app.ui.unsaved import may_close

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


class FormDialog(FollowsLanguage, QDialog):
    """A small form (a donor, a tranche, an expense, a deadline) saved by ``save`` through the service.
    ``fields`` are (name, label msgid, widget); a ValidationError naming a field shows beside it.
    Closing over typed fields asks first (Save / Discard / Cancel); a password typed is not asked about,
    nor ever kept."""

    field_of: dict[str, str] = {}  # the service's field names where they differ from the form's
    changes: frozenset[Area] = frozenset()  # the areas a save changes, announced once it is saved
    draft_kind = ""  # a form whose typing is kept as a draft names its kind (app/ui/drafts.py)
    not_typed: frozenset[str] = frozenset()  # fields nobody types in (a file picked), left out of the typing

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
        self.as_opened: dict | None = None  # the fields as the record filled them, to tell typing from it
        self.keeper: DraftKeeper | None = None

    def keep_drafts(self, key: Callable[[], int | None], title: Callable[[], str], draft: drafts.Draft | None) -> None:
        """Called once the form shows its record: from now on its typing is kept as a draft, and
        ``draft`` (typing a crash left behind) goes back over the record."""
        self.as_opened = self.typed_fields()
        if draft is not None:
            retype(self.typed_inputs(), draft.values)
            self.retyped(draft.values)
        self.keeper = DraftKeeper(self, self.draft_kind, key, self._typed, title, draft)

    def typed_inputs(self) -> dict[str, QWidget]:
        return {name: widget for name, widget in self.inputs.items() if name not in self.not_typed}

    def typed_fields(self) -> dict:
        return typed_values(self.typed_inputs())

    def draft_values(self) -> dict[str, Any]:
        """What a draft keeps besides the fields (the version typed over)."""
        return {}

    def retyped(self, values: dict) -> None:
        """Takes back what ``draft_values`` kept."""

    def has_unsaved_changes(self) -> bool:
        return self.as_opened is not None and self.typed_fields() != self.as_opened

    def _typed(self) -> dict | None:
        return {**self.typed_fields(), **self.draft_values()} if self.has_unsaved_changes() else None

    def showEvent(self, event):
        if self.as_opened is None:  # a form without drafts: as first shown
            self.as_opened = self.typed_fields()
        super().showEvent(event)

    def done(self, result: int) -> None:
        if self.keeper is not None:  # saved, or closed on purpose: the typing's draft goes
            self.keeper.discard()
        super().done(result)

    def closeEvent(self, event):
        # A form off the screen (saved, or never shown) has no typing to ask about.
        if self.isVisible() and self.has_unsaved_changes() and may_close(
                self, tr("What was typed in this form is not saved. Save it?"), self.try_save) is False:
            event.ignore()
            return
        event.accept()
        if self.result() != QDialog.DialogCode.Accepted:
            self.done(QDialog.DialogCode.Rejected)

    def reject(self):
        self.close()  # Escape and Cancel ask about unsaved changes too

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
