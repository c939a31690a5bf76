"""Long work off the UI thread: one small helper, results and errors delivered on the UI thread.

The service takes plain ``progress(done, total)`` and ``cancelled()`` callables; this helper
wires them to a progress dialog with Cancel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.i18n import ptr
from app.ui.errors import show_error

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel

    def run(self):
        try:
            result = self.fn(progress=lambda done, total: self.signals.progress.emit(done, total),
                             cancelled=self.cancel.is_set)
        except BaseException as error:  # delivered to the UI thread, shown there
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """A running piece of work; ``done`` fires on the UI thread with the result or the error."""

    done = Signal(object, object)  # result, error

    def __init__(self, parent: QWidget, fn: Callable, title: str | None, on_done: Callable | None,
                 shows_errors: bool = True):
        super().__init__(parent)
        self.parent_widget = parent
        self.shows_errors = shows_errors
        self.cancel = threading.Event()
        self.signals = _Signals()
        self.dialog = None
        if title:
            # Translators: stops the work under way (Kazakh «Болдырмау»).
            self.dialog = QProgressDialog(title, ptr("dialog button", "Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.canceled.connect(self.cancel.set)
            self.signals.progress.connect(self._on_progress)
        self.signals.finished.connect(lambda result: self._finish(result, None))
        self.signals.failed.connect(lambda error: self._finish(None, error))
        if on_done:
            self.done.connect(on_done)
        QThreadPool.globalInstance().start(_Task(fn, self.signals, self.cancel))

    def _on_progress(self, done: int, total: int):
        if self.dialog:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total - 1) if done < total else total)

    def _finish(self, result, error):
        if self.dialog:
            self.dialog.reset()
            self.dialog.deleteLater()
        if error is not None and self.shows_errors:
            show_error(self.parent_widget, error)
        self.done.emit(result, error)
        self.deleteLater()


def run_task(parent: QWidget, fn: Callable, *, title: str | None = None,
             on_done: Callable | None = None, shows_errors: bool = True) -> Task:
    """Runs ``fn(progress=..., cancelled=...)`` on a worker thread; errors are shown in a dialog, unless
    the caller answers them itself (``shows_errors=False``: app/ui/operations.py)."""
    return Task(parent, fn, title, on_done, shows_errors)
