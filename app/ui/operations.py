"""One way for the window to call a service: ``ServiceCall(parent, fn, changes=Area.X | Area.Y)``.

The call runs at once, or off the UI thread with progress and Cancel (``background=True``, through
app/ui/work.py). Whatever the service refuses is answered in one place, the same way everywhere:

- a ValidationError naming a field goes to that field: the field gets focus and the message shows
  beside it (or in a box naming the field), and what was typed stays;
- a Conflict (someone else saved the same record) opens the conflict dialog (app/ui/conflict.py) when
  the form can read its record again (``conflict=Reconcile(...)``), else it is said in a box;
- any other DomainError is said in a box, anything else in the generic error dialog (app/ui/errors.py);
- a call the user cancelled ends without a word.

On success the call announces the areas it changed (app/ui/notices.py), so every list showing them
refreshes itself, then hands the result to ``on_success``. A form with something special to do for one
kind of refusal (ask the user to confirm, then call again) gives a hook in ``handlers``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QTabWidget, QWidget

from app.areas import Area, areas
from app.errors import Conflict, ValidationError
from app.i18n import tr
from app.ui import conflict as conflict_dialog
from app.ui.errors import show_error
from app.ui.notices import notices_of


@dataclass
class Fields:
    """Where a form shows what the service refused. ``inputs`` are the widgets fields are typed in,
    ``beside`` the labels beside them, ``general`` the label for a refusal naming no field of the form;
    ``names`` maps the service's field names to the form's where they differ."""

    inputs: Mapping[str, QWidget]
    beside: Mapping[str, QLabel] = field(default_factory=dict)
    general: QLabel | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    def clear(self) -> None:
        """Before another try: the messages of the last one are hidden."""
        for label in (*self.beside.values(), *([self.general] if self.general is not None else [])):
            label.hide()

    def show(self, parent: QWidget, error: ValidationError) -> None:
        name = self.names.get(error.field, error.field)
        widget = self.inputs.get(name)
        label = self.beside.get(name, self.general)
        if label is not None:
            label.setText(error.message())
            label.show()
        else:
            named = _label_of(widget)
            QMessageBox.warning(parent, tr("Auyl Office"),
                                f"{named}: {error.message()}" if named else error.message())
        if widget is not None:
            _reveal(widget)
            widget.setFocus()


@dataclass
class Reconcile:
    """How a form answers a Conflict: it reads its record again (``fresh``), the user chooses in the
    conflict dialog, and the form shows the record as it is now (``reload``) or keeps the typing and
    takes the record's current version (``keep``), so the next Save knowingly replaces theirs.
    ``inputs`` (or a function of the fresh record giving them) show the changed values as the form does."""

    fresh: Callable[[], Any]
    reload: Callable[[Any], None]
    keep: Callable[[Any], None]
    labels: Mapping[str, str] = field(default_factory=dict)
    inputs: Mapping[str, conflict_dialog.Shows] | Callable[[Any], Mapping[str, conflict_dialog.Shows]] = \
        field(default_factory=dict)
    people: Collection[str] = ()

    def answer(self, parent: QWidget, error: Conflict) -> None:
        fresh = self.fresh()
        inputs = self.inputs(fresh) if callable(self.inputs) else self.inputs
        if conflict_dialog.reload_theirs(parent, error, self.labels, inputs, self.people):
            self.reload(fresh)
        else:
            self.keep(fresh)


class ServiceCall:
    """One call of a service from the window; runs as soon as it is made. ``ok`` is True once it
    succeeded, False once it failed, None while it runs in the background; ``result`` and ``error``
    hold what it gave.

    ``fn`` takes no arguments, or with ``background=True`` the ``progress(done, total)`` and
    ``cancelled()`` callables of app/ui/work.py. ``changes`` are the areas it changes (or a function
    of its result saying which, for a call that may change nothing). ``partial``: a
    call that may have saved part of its work before a refusal announces its changes either way.
    ``handlers`` maps error types to hooks that answer them instead; ``on_failure`` hears every failure
    after it was answered (to put back a tick the service refused)."""

    def __init__(self, parent: QWidget, fn: Callable, *,
                 changes: Area | Iterable[Area] | Callable[[Any], Iterable[Area]] = (),
                 on_success: Callable[[Any], None] | None = None, fields: Fields | None = None,
                 conflict: Reconcile | None = None,
                 handlers: Mapping[type[BaseException], Callable[[Any], None]] | None = None,
                 on_failure: Callable[[BaseException], None] | None = None, partial: bool = False,
                 background: bool = False, title: str | None = None):
        self.parent, self.changes = parent, changes if callable(changes) else areas(changes)
        self.on_success, self.on_failure = on_success, on_failure
        self.fields, self.conflict, self.handlers = fields, conflict, handlers or {}
        self.partial = partial
        self.ok: bool | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.task = None
        if fields is not None:
            fields.clear()
        if background:
            from app.ui.work import run_task

            # A closure, not the bound method: it keeps this call alive until the task is done.
            self.task = run_task(parent, fn, title=title, on_done=lambda result, error: self._done(result, error),
                                 shows_errors=False)
            return
        try:
            result = fn()
        except Exception as error:  # noqa: BLE001 (every failure is answered below, in one place)
            self._failed(error)
        else:
            self._succeeded(result)

    def _done(self, result, error) -> None:
        if error is None:
            self._succeeded(result)
        elif self.task is not None and self.task.cancel.is_set():
            self.ok, self.error = False, error  # the user asked to stop: nothing to say
            self._announce_partial()
        else:
            self._failed(error)

    def _succeeded(self, result) -> None:
        self.ok, self.result = True, result
        self._announce()
        if self.on_success is not None:
            self.on_success(result)

    def _failed(self, error: BaseException) -> None:
        self.ok, self.error = False, error
        self._announce_partial()
        self._answer(error)
        if self.on_failure is not None:
            self.on_failure(error)

    def _answer(self, error: BaseException) -> None:
        for kind, hook in self.handlers.items():
            if isinstance(error, kind):
                hook(error)
                return
        if isinstance(error, ValidationError) and self.fields is not None:
            self.fields.show(self.parent, error)
        elif isinstance(error, Conflict) and self.conflict is not None:
            self.conflict.answer(self.parent, error)
        else:  # another refusal in a box; anything unforeseen in the generic dialog, logged
            show_error(self.parent, error)

    def _announce_partial(self) -> None:
        if self.partial:
            self._announce()

    def _announce(self) -> None:
        changed = areas(self.changes(self.result)) if callable(self.changes) else self.changes
        notices = notices_of(self.parent)
        if notices is not None and changed:
            notices.announce(changed)


def _label_of(widget: QWidget | None) -> str:
    """The text of the label a form put before ``widget`` (its buddy), without its mnemonic and colon."""
    if widget is None:
        return ""
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget:
            return label.text().replace("&", "").rstrip(": ")
    return ""


def _reveal(widget: QWidget) -> None:
    """Brings the tab holding ``widget`` to the front, so the field with the message is seen."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            parent.parentWidget().setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
