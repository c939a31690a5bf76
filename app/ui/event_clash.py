"""A room taken at that time: the service's message naming the other booking, and the rooms free for
the whole time to pick instead. Shared by the event form and the calendar's drag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from app.i18n import ntr, tr
from app.services import settings
from app.services.events import RoomClash
from app.ui.language import FollowsLanguage


class FreeRoomDialog(FollowsLanguage, QDialog):
    """Shows the clash; ``chosen()`` is the free room picked, or None."""

    def __init__(self, clash: RoomClash, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("The room is taken"))
        self.setMinimumWidth(460)
        self.message = QLabel(clash.message())
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        hint = QLabel(tr("Free for the whole time:") if clash.free_rooms else tr("No room is free at that time."))
        self.rooms = QListWidget()
        for room in clash.free_rooms:
            text = room.name if room.capacity is None else ntr("{room}, {n} place", "{room}, {n} places",
                                                                room.capacity, room=room.name)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, room.id)
            self.rooms.addItem(item)
        self.rooms.setVisible(bool(clash.free_rooms))
        self.rooms.setCurrentRow(0)
        self.rooms.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        if clash.free_rooms:
            self.use_button = self.buttons.addButton(tr("Book this room instead"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(self.rooms)
        layout.addWidget(self.buttons)

    def choose(self, room_id: int) -> None:
        for row in range(self.rooms.count()):
            if self.rooms.item(row).data(Qt.ItemDataRole.UserRole) == room_id:
                self.rooms.setCurrentRow(row)

    def chosen(self) -> int | None:
        item = self.rooms.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def book_with_free_room(parent, room_ids: tuple[int, ...], attempt: Callable[[tuple[int, ...]], object],
                        on_rooms: Callable[[tuple[int, ...]], None] | None = None) -> RoomClash | None:
    """Calls ``attempt(room_ids)``; on a clash asks for a free room to take the taken one's place and
    tries again with it. None once booked; the clash the user gave up on; other errors pass on."""
    while True:
        try:
            attempt(room_ids)
            return None
        except RoomClash as clash:
            dialog = FreeRoomDialog(clash, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                return clash
            taken = next((r.id for r in settings.rooms() if r.name == clash.params.get("room")), None)
            picked = dialog.chosen()
            swapped = [picked if room == taken else room for room in room_ids]
            room_ids = tuple(dict.fromkeys(swapped if taken in room_ids else [*room_ids, picked]))
            if on_rooms is not None:
                on_rooms(room_ids)
