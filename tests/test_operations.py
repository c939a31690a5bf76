"""The one way the window calls a service (app/ui/operations.py): refusals answered in one place,
changes announced, long work off the UI thread."""

from __future__ import annotations

import csv
import gc
import threading

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QMessageBox, QTabWidget, QWidget

from app import demo
from app.areas import ALL, Area
from app.errors import Cancelled, Conflict, DomainError, NeedsConfirmation, ValidationError
from app.printing import members as member_files
from app.services import members
from app.ui import application, conflict, language
from app.ui.notices import ChangeNotices
from app.ui.operations import Fields, Reconcile, ServiceCall
from tests.test_members_page import page as members_page  # noqa: F401 (a fixture: the page over a demo register)


class Form(QWidget):
    """A form as the window's forms are: its inputs, a label beside each, one for the rest; the office's
    notices lent to it as a page lends them to the dialogs it opens."""

    def __init__(self):
        super().__init__()
        self.notices = ChangeNotices(self)
        self.tabs = QTabWidget()
        first, second = QWidget(), QWidget()
        self.tabs.addTab(first, "First")
        self.tabs.addTab(second, "Second")
        self.inputs = {"name": QLineEdit(), "phone": QLineEdit()}
        self.errors = {"name": QLabel()}
        self.error = QLabel()
        QFormLayout(first).addRow("Name", self.inputs["name"])
        form = QFormLayout(second)
        form.addRow("&Phone:", self.inputs["phone"])
        first.layout().addRow("", self.errors["name"])
        layout = QFormLayout(self)
        layout.addRow(self.tabs)
        layout.addRow(self.error)
        self.heard: list[frozenset] = []
        self.notices.changed.connect(self.heard.append)

    def fields(self, general: bool = True) -> Fields:
        return Fields(self.inputs, self.errors, self.error if general else None)


@pytest.fixture
def form(qtbot):
    application.application()
    language.apply("en")
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str]]:
    shown = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, kind=kind, *a: shown.append((kind, text)))
    return shown


def refuse(error: BaseException):
    def call():
        raise error
    return call


def test_success_announces_exactly_the_areas_given_then_hands_over_the_result(form, boxes):
    got = []
    call = ServiceCall(form, lambda: 42, changes=Area.GRANTS | Area.ISSUES, on_success=got.append)
    assert call.ok and call.result == 42 and got == [42]
    assert form.heard == [{Area.GRANTS, Area.ISSUES}]
    ServiceCall(form, lambda: None)  # a call that changes nothing says nothing
    assert form.heard == [{Area.GRANTS, Area.ISSUES}] and boxes == []


def test_a_refused_call_announces_nothing_unless_it_saved_part_of_its_work(form, boxes):
    ServiceCall(form, refuse(DomainError("Not now.")), changes=Area.EVENTS)
    assert form.heard == []
    ServiceCall(form, refuse(DomainError("Not now.")), changes=ALL, partial=True)
    assert form.heard == [ALL]


def test_a_validation_error_lands_beside_its_field_and_the_field_gets_focus(form, boxes, qtbot):
    form.tabs.setCurrentIndex(1)  # the field is on the other tab: it is brought to the front
    call = ServiceCall(form, refuse(ValidationError("Write the name.", field="name")), changes=Area.REGISTER,
                       fields=form.fields())
    assert call.ok is False and isinstance(call.error, ValidationError)
    assert form.errors["name"].text() == "Write the name." and not form.errors["name"].isHidden()
    assert form.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: form.inputs["name"].hasFocus())
    assert form.heard == [] and boxes == []
    ServiceCall(form, lambda: None, fields=form.fields())  # the next try starts clean
    assert form.errors["name"].isHidden()


def test_a_field_without_a_label_beside_it_is_named_in_a_box(form, boxes, qtbot):
    ServiceCall(form, refuse(ValidationError("Not a phone number.", field="phone")), fields=form.fields(False))
    assert boxes == [("warning", "Phone: Not a phone number.")]
    assert form.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: form.inputs["phone"].hasFocus())


def test_a_refusal_naming_no_field_of_the_form_shows_under_it(form, boxes):
    ServiceCall(form, refuse(ValidationError("The period is closed.", field="period")), fields=form.fields())
    assert form.error.text() == "The period is closed." and boxes == []


def test_a_conflict_opens_the_conflict_dialog_and_the_form_follows_the_choice(form, boxes, monkeypatch):
    asked = []
    monkeypatch.setattr(conflict, "ask", lambda parent, error, rows: asked.append(rows) or conflict.RELOAD)
    shown = []
    error = Conflict("Aigul changed this record.", changed_by="aigul", fields=(("name", "Әсем"),))
    reconcile = Reconcile(lambda: {"name": "Әсем", "version": 3}, shown.append, pytest.fail,
                          {"name": "Name"}, form.inputs)
    ServiceCall(form, refuse(error), changes=Area.REGISTER, fields=form.fields(), conflict=reconcile)
    assert asked == [[("Name", "Әсем")]] and shown == [{"name": "Әсем", "version": 3}]
    monkeypatch.setattr(conflict, "ask", lambda *args: conflict.KEEP)
    kept = []
    ServiceCall(form, refuse(error), conflict=Reconcile(lambda: {"version": 4}, pytest.fail, kept.append))
    assert kept == [{"version": 4}]
    assert boxes == [] and form.heard == []


def test_a_conflict_a_form_cannot_reload_is_said_in_a_box(form, boxes):
    ServiceCall(form, refuse(Conflict("Aigul changed this record.")))
    assert boxes == [("warning", "Aigul changed this record.")]


def test_another_domain_error_goes_to_a_message_box_and_anything_else_to_the_error_dialog(form, boxes):
    ServiceCall(form, refuse(DomainError("The server went away; nothing was saved.")), fields=form.fields())
    assert boxes == [("warning", "The server went away; nothing was saved.")]
    assert form.error.isHidden()
    ServiceCall(form, refuse(RuntimeError("a bug")))
    assert boxes[1][0] == "critical" and "log file" in boxes[1][1]


def test_a_hook_answers_its_kind_of_refusal_instead(form, boxes):
    asked = []
    ServiceCall(form, refuse(NeedsConfirmation("An IIN of a foreign citizen: keep it?", field="iin")),
                fields=form.fields(), handlers={NeedsConfirmation: asked.append},
                on_failure=lambda error: asked.append("after"))
    assert [type(asked[0]), asked[1]] == [NeedsConfirmation, "after"]
    assert boxes == [] and form.error.isHidden()


def test_a_background_call_delivers_its_result_on_the_ui_thread(form, boxes, qtbot):
    threads = {}

    def work(progress, cancelled):
        threads["work"] = threading.current_thread()
        progress(1, 2)
        return "done"

    call = ServiceCall(form, work, changes=Area.SETTINGS, background=True, title="Working…",
                       on_success=lambda result: threads.setdefault("success", (threading.current_thread(), result)))
    assert call.ok is None  # running meanwhile
    qtbot.waitUntil(lambda: call.ok is not None, timeout=10_000)
    assert call.ok and threads["success"] == (threading.main_thread(), "done")
    assert threads["work"] is not threading.main_thread()
    assert form.heard == [{Area.SETTINGS}] and boxes == []


def test_a_background_call_nobody_keeps_still_delivers(form, qtbot):
    got = []
    ServiceCall(form, lambda progress, cancelled: 7, changes=Area.EVENTS, background=True, on_success=got.append)
    gc.collect()
    qtbot.waitUntil(lambda: got == [7], timeout=10_000)
    assert form.heard == [{Area.EVENTS}]


def test_a_background_refusal_is_answered_like_any_other(form, boxes, qtbot):
    call = ServiceCall(form, lambda progress, cancelled: refuse(ValidationError("Write the name.", field="name"))(),
                       background=True, fields=form.fields())
    qtbot.waitUntil(lambda: call.ok is not None, timeout=10_000)
    assert form.errors["name"].text() == "Write the name." and boxes == []


# The register's export ---------------------------------------------------------------------------

def test_the_members_export_runs_in_the_background_and_writes_the_file(members_page, qtbot, tmp_path, monkeypatch):  # noqa: F811 (a fixture)
    target = tmp_path / "register.csv"
    monkeypatch.setattr("app.ui.pages.members.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    reported = []
    original = member_files.export_list

    def export(*args, progress, cancelled, **kwargs):
        reported.append(threading.current_thread())
        return original(*args, progress=progress, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(member_files, "export_list", export)
    call = members_page.export()
    assert call.task is not None and call.ok is None
    qtbot.waitUntil(lambda: call.ok is not None, timeout=20_000)
    assert call.ok and reported[0] is not threading.main_thread()
    with open(target, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert len(rows) - 1 == members.count() == call.result[1]
    assert members_page.window().statusBar().currentMessage() == f"{members.count()} people written to {target}"


def test_the_export_reports_progress_and_a_cancelled_one_leaves_no_file(database, tmp_path):
    demo.generate(450, seed=7, activity=False)
    told = []
    member_files.export_list(tmp_path / "all.csv", progress=lambda done, total: told.append((done, total)), cancelled=lambda: False)
    assert told == [(0, members.count()), (members.count(), members.count())]
    target = tmp_path / "register.csv"
    with pytest.raises(Cancelled):
        member_files.export_list(target, progress=lambda done, total: None, cancelled=lambda: True)
    assert not target.exists()


def test_an_export_the_user_cancelled_ends_without_a_word(members_page, qtbot, tmp_path, monkeypatch, boxes):  # noqa: F811 (a fixture)
    target = tmp_path / "register.csv"
    monkeypatch.setattr("app.ui.pages.members.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    go, original = threading.Event(), member_files.export_list

    def export(*args, **kwargs):
        go.wait(10)  # until the user has pressed Cancel
        return original(*args, **kwargs)

    monkeypatch.setattr(member_files, "export_list", export)
    call = members_page.export()
    call.task.cancel.set()  # as the progress dialog's Cancel does
    go.set()
    qtbot.waitUntil(lambda: call.ok is not None, timeout=20_000)
    assert call.ok is False and isinstance(call.error, Cancelled)
    assert boxes == [] and not target.exists()
