"""Filling a combo box again (a language switch, changed settings) without losing the choice."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox


def refill(combo: QComboBox, choices: Iterable[tuple[str, object]]) -> None:
    """Replaces the items with ``(text, data)`` pairs, keeps the chosen data where it still exists,
    and emits no change: the same choice re-labelled is not a new filter."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
