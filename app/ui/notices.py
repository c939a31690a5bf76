"""Change notices: after a service call changes data, the UI says which areas changed (app/areas.py)
and the pages that show them refresh. No page reaches into another page.

Only two places speak: app/ui/operations.py after a call of this window, and app/ui/watcher.py for
changes other windows and computers made."""

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from app.areas import ALL, Area, areas

__all__ = ["ALL", "Area", "ChangeNotices", "notices_of"]


class ChangeNotices(QObject):
    changed = Signal(object)  # frozenset[Area]: one notice however many areas a change touched

    def announce(self, changed: Area | Iterable[Area]) -> None:
        changed = areas(changed)
        if changed:
            self.changed.emit(changed)


def notices_of(widget) -> ChangeNotices | None:
    """The notices of the window ``widget`` lives in: the nearest widget up its parents that holds
    them (a page, an editor opened with them, the main window); None for a form opened on its own."""
    while widget is not None:
        found = getattr(widget, "notices", None)
        if isinstance(found, ChangeNotices):
            return found
        widget = widget.parentWidget()
    return None
