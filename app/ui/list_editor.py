"""A list of kinds or categories (social categories, kinds of meetings and events, categories of local
issues) edited as a list: add, rename in Kazakh and Russian, remove, move up or down. The services keep
each list as one text, «Kazakh name (Russian name); …»; this widget reads and writes that text, so a name
is never typed with separators."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.i18n import N_
from app.ui.editable_table import EditableTable

SEPARATOR = ";"
# «Зейнеткер (пенсионер)»: the Kazakh name, then the Russian one in brackets at the end.
_BOTH = re.compile(r"^(?P<kk>.*?)\s*\((?P<ru>[^()]*)\)$")


def items_of(text: str) -> list[tuple[str, str]]:
    """The stored text as (Kazakh, Russian) names; a name without brackets has no Russian of its own."""
    result = []
    for part in (part.strip() for part in text.split(SEPARATOR)):
        if not part:
            continue
        both = _BOTH.match(part)
        result.append((both["kk"].strip(), both["ru"].strip()) if both and both["kk"].strip() else (part, ""))
    return result


def text_of(items: list[tuple[str, str]]) -> str:
    return f"{SEPARATOR} ".join(f"{kk} ({ru})" if ru and ru != kk else kk for kk, ru in items)


class ListEditor(QWidget):
    """Shown where a settings form has a line edit: ``setText``/``text`` take and give the stored text,
    ``setReadOnly`` keeps it legible for a role that may not change it. ``edited`` says the user changed it."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)  # the service's field: a refusal is shown beside this list
        self.table = EditableTable([N_("Name in Kazakh"), N_("Name in Russian")], movable=True, minimum=160)
        self.edited = self.table.edited
        self.table.table.setMinimumHeight(150)
        self._triggers = self.table.table.editTriggers()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def setText(self, text: str) -> None:  # noqa: N802 (a line edit's name, so the form treats both alike)
        self.table.set_rows([(None, [kk, ru]) for kk, ru in items_of(text)])

    def items(self) -> list[tuple[str, str]]:
        return [(kk, ru) for _id, (kk, ru) in self.table.rows() if kk or ru]

    def text(self) -> str:
        """The list as the service stores it; a name that would break that text is refused, on this field."""
        items = self.items()
        for kk, ru in items:
            if not kk:
                raise ValidationError("Each item of the list needs its name in Kazakh.", field=self.objectName())
            if any(mark in name for name in (kk, ru) for mark in (SEPARATOR, "(", ")")):
                raise ValidationError("A name in the list cannot hold «;» or brackets.", field=self.objectName())
        return text_of(items)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        for button in (self.table.add_button, self.table.remove_button, self.table.up_button,
                       self.table.down_button):
            button.setEnabled(not read_only)
        self.table.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                         else self._triggers)
