"""Change notices: after a service call changes data, the UI announces which area changed and
the pages that show that area refresh. No page reaches into another page."""

from PySide6.QtCore import QObject, Signal

ALL = "*"  # everything changed: a restore, another database


class ChangeNotices(QObject):
    changed = Signal(str)

    def announce(self, area: str) -> None:
        self.changed.emit(area)
