"""Others' changes, shown as they happen: every few seconds the window asks the audit log which
tables changed since it last looked (every change writes its audit entry in the same transaction)
and announces their areas through the change notices, one notice per look, so the lists of this
window refresh when another window or another computer saved something. Changes this window made itself are announced
again: a list read twice is harmless, and it keeps this simple.

Entries are numbered when written but seen when committed, and on a server a transaction that took
its number first may commit last. So the entries of the last minute are asked for again at every
look, and only the ones not seen before are announced.

The question runs off the UI thread: on a server that went away, a new connection can wait for the
network's timeout, and the window must not freeze meanwhile. A failure is logged (never the data)
and asked again at the next tick."""

from __future__ import annotations

import logging
import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QProgressDialog, QPushButton
from shiboken6 import isValid

from app.i18n import tr
from app.ui.notices import ALL, Area, ChangeNotices

if TYPE_CHECKING:
    from app.services import audit

log = logging.getLogger(__name__)

INTERVAL_MS = 5000
FIRST_MS = 1000  # the first look, which only notes where the log stands, once the window is up
SETTLING_LOOKS = 12  # how many looks an entry's number stays open to a late commit (a minute)

# The area of each table's changes (app/models), as the change notices carry them.
AREAS = {
    "members": Area.REGISTER, "households": Area.REGISTER, "consents": Area.REGISTER,
    "import_batches": Area.REGISTER,
    "meetings": Area.MEETINGS, "agenda_items": Area.MEETINGS, "speakers": Area.MEETINGS,
    "attendance": Area.MEETINGS, "roll_call_votes": Area.MEETINGS, "amendments": Area.MEETINGS,
    "assembly_memberships": Area.MEETINGS, "decisions": Area.MEETINGS,
    "local_issues": Area.ISSUES, "local_issue_events": Area.ISSUES, "local_issue_attachments": Area.ISSUES,
    "appeals": Area.ISSUES, "appeal_steps": Area.ISSUES, "appeal_attachments": Area.ISSUES,
    "donors": Area.GRANTS, "grants": Area.GRANTS, "budget_lines": Area.GRANTS, "tranches": Area.GRANTS,
    "expenses": Area.GRANTS, "grant_deadlines": Area.GRANTS,
    "event_series": Area.EVENTS, "events": Area.EVENTS, "bookings": Area.EVENTS, "registrations": Area.EVENTS,
    "settings": Area.SETTINGS, "villages": Area.SETTINGS, "rooms": Area.SETTINGS, "mci_rates": Area.SETTINGS,
    "holidays": Area.SETTINGS, "users": Area.SETTINGS,
    # The district's packages and keys are taken in and trusted by the administrator (the District page).
    "centre_identity": Area.SETTINGS, "district_centres": Area.SETTINGS, "district_packages": Area.SETTINGS,
}
# Tables no page lists (grant_issues is a link table the audit log does not record; the record
# versions are written beside the audit log, not through the ORM).
UNLISTED = frozenset({"audit_entries", "record_versions", "grant_issues", "alembic_version"})

_current: Watcher | None = None


def current() -> Watcher | None:
    """The running watcher of this program's window, if one is running."""
    return _current if _current is not None and isValid(_current) else None


def _look(floor: int | None, rows: set[tuple[str, int]]) -> tuple:
    """On the worker thread: the newest entry, the table of each entry above ``floor``, and the newest
    change of each followed row whose table is among them; or the error that stopped the look."""
    from app.services import audit  # here: the window is made, and painted, before the ORM loads

    try:
        newest, entries = audit.changed_since(floor)
        tables = set(entries.values())
        changed = {(table, row_id): audit.last_change(table, row_id, floor)
                   for table, row_id in rows if table in tables}
    except Exception as error:  # an unreachable server, a database being restored: try next tick
        return None, error
    return (newest, entries, {key: change for key, change in changed.items() if change}), None


class _Answer(QObject):
    looked = Signal(object)


class _Look(QRunnable):
    """The look on a worker thread. Not app.ui.work's Task: nothing here is shown (no progress, no error
    dialog), and the answer goes to the watcher's own slot, which Qt drops if the window is gone by then."""

    def __init__(self, watcher: Watcher, floor: int | None, rows: set[tuple[str, int]]):
        super().__init__()
        self.answer = _Answer()
        self.answer.looked.connect(watcher._looked)
        self.floor, self.rows = floor, rows

    def run(self) -> None:
        found = _look(self.floor, self.rows)
        try:
            self.answer.looked.emit(found)
        except RuntimeError:  # the program closed meanwhile: nobody is left to tell
            pass


class Watcher(QObject):
    rows_changed = Signal(object)  # {(table, row id): audit.RowChange} of rows open forms follow

    def __init__(self, notices: ChangeNotices, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.notices = notices
        self.floor: int | None = None  # entries up to here are settled; those above are asked again
        self.seen: set[int] = set()  # entries above the floor already announced
        self.newest = 0
        self.heads: deque[int] = deque()  # the newest entry at each of the last looks
        self.busy = False
        self.failing = False
        self.notes: weakref.WeakSet[ChangedElsewhere] = weakref.WeakSet()
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        global _current
        _current = self
        self.timer.start(FIRST_MS)

    def _followed(self) -> set[tuple[str, int]]:
        return {note.key for note in list(self.notes)
                if isValid(note) and note.key is not None and note.window().isVisible()}

    def tick(self) -> None:
        """Asks the audit log in the background (one question at a time, none while a long task such
        as a restore holds the window)."""
        if self.timer.interval() != self.interval_ms:  # after the first look, the usual pace
            self.timer.setInterval(self.interval_ms)
        if self.busy or isinstance(QApplication.activeModalWidget(), QProgressDialog):
            return
        self.busy = True
        QThreadPool.globalInstance().start(_Look(self, self.floor, self._followed()))

    def _looked(self, result) -> None:
        self.busy = False
        found, error = result
        if error is not None:
            if not self.failing:  # once per outage, not every few seconds
                log.warning("Could not look for changes made elsewhere (%s); trying again", type(error).__name__)
            self.failing = True
            return
        if self.failing:
            log.info("Looking for changes made elsewhere again")
        self.failing = False
        newest, entries, rows = found
        if self.floor is None or newest < self.newest:
            if self.floor is not None:  # another database, or this one restored: anything may differ
                self.notices.announce(ALL)
            self.floor, self.newest, self.seen = newest, newest, set()
            self.heads.clear()
            return
        new = {entry: table for entry, table in entries.items() if entry not in self.seen}
        self.seen.update(new)
        self.newest = newest
        self.heads.append(newest)
        if len(self.heads) > SETTLING_LOOKS:
            self.floor = self.heads.popleft()
            self.seen = {entry for entry in self.seen if entry > self.floor}
        self.notices.announce({AREAS[table] for table in new.values() if table in AREAS})
        if rows:
            self.rows_changed.emit(rows)


class ChangedElsewhere(QFrame):
    """What an open form does when its record was saved elsewhere since it was read: a form holding
    nothing typed is reloaded at once (``reload`` without a word); one holding the user's typing shows
    "X changed this record at 14:32" and a Reload button, which emits ``reload``. ``clean`` tells
    the two apart."""

    reload = Signal()

    def __init__(self, table: str, clean: Callable[[], bool], parent=None):
        super().__init__(parent)
        self.table = table
        self.clean = clean
        self.key: tuple[str, int] | None = None
        self.version: int | None = None
        self.change: audit.RowChange | None = None
        self.setStyleSheet("QFrame { background: #fde2c8; border-radius: 4px; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.reload.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()
        watcher = current()
        if watcher is not None:
            watcher.notes.add(self)
            watcher.rows_changed.connect(self._rows_changed)

    def follow(self, row_id: int | None, version: int | None) -> None:
        """The record the form shows now, as read (after a load, a reload or its own save)."""
        self.key = None if row_id is None else (self.table, row_id)
        self.version = version
        self.change = None
        self.hide()

    def _rows_changed(self, rows: dict) -> None:
        if not isValid(self) or not self.window().isVisible():  # a form closed is not read again
            return
        change = rows.get(self.key)
        if change is None or change.version is None or self.version is None or change.version <= self.version:
            return
        if self.clean():
            self.reload.emit()
            return
        self.change = change
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.button.setText(tr("Reload"))
        if self.change is not None:
            self.text.setText(tr("{user} changed this record at {time}. Saving now will show what they "
                                 "changed first.", user=self.change.user_name,
                                 time=self.change.at.strftime("%H:%M")))
