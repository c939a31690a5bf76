"""The events page, the event form and its registrations, driven through qtbot on a real database:
planning through the form, a clash offering the free rooms, series saved one or all, bad input beside
its field, the waiting list, attendance ticks, deleting, printing, and every text in kk and ru."""

from __future__ import annotations

import sys
import types
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox
from test_event_calendar import CELEBRATION, HALL, MONDAY, MUSEUM, WORKSHOP, at, offer_free_rooms, plan

import app.printing
from app import i18n
from app.areas import Area
from app.services import events, members, settings
from app.services.events import Repeat
from app.ui import application, language
from app.ui.dates import date_of
from app.ui.event_dialog import EventDialog
from app.ui.event_registrations import ATTENDED, RegistrationsPanel
from app.ui.notices import ChangeNotices
from app.ui.pages import PageContext
from app.ui.pages.events import EventsPage


@pytest.fixture
def ui(qtbot, database):
    """Makes widgets that qtbot closes after the test (so no form outlives its database)."""
    application.application()
    language.apply("en")

    def make(kind, *args, **kwargs):
        widget = kind(*args, **kwargs)
        qtbot.addWidget(widget)
        return widget

    return make


@pytest.fixture
def page(qtbot, ui):
    notices = ChangeNotices()
    widget = EventsPage(PageContext(notices, QAction()), "Events")
    qtbot.addWidget(widget)
    widget.resize(1166, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.calendar.show_day(MONDAY)
    return widget


def fill(dialog: EventDialog, title: str, start, end, rooms=(HALL,), kind_row: int = 0, capacity: int = 0) -> None:
    """Types into the form as a person would (texts set and their signals emitted: no keyClicks of
    Kazakh letters, docs/architecture.md, Machine facts)."""
    dialog.inputs["title"].setText(title)
    dialog.inputs["kind"].setCurrentIndex(kind_row)
    dialog.inputs["starts_at"].setDateTime(QDateTime(start))
    dialog.inputs["ends_at"].setDateTime(QDateTime(end))
    dialog.inputs["capacity"].setValue(capacity)
    dialog.set_rooms(rooms)


def answer_with(monkeypatch, text: str) -> list[str]:
    """Message boxes built by hand answer with the button labelled ``text``; their texts are kept."""
    asked = []

    def exec_(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


@pytest.mark.hard_days
def test_an_event_planned_through_the_form_is_booked_and_shown(page, ui, qtbot, today):
    dialog = ui(EventDialog, starts_at=at(2, 11), parent=page)
    fill(dialog, "Наурыз мейрамы", at(2, 11), at(2, 14), rooms=(HALL, MUSEUM), kind_row=1, capacity=100)
    dialog.inputs["organiser"].setText("Мәдениет үйі")
    with qtbot.waitSignal(page.notices.changed) as blocker:  # the form opened from the page tells it
        assert dialog.save()
    assert blocker.args == [{Area.EVENTS}]
    [row] = events.rows()
    assert (row.title, row.kind, row.capacity, row.rooms) == ("Наурыз мейрамы", CELEBRATION, 100,
                                                             "Мәжіліс залы, Мұражай")
    assert events.get(row.id).data.organiser == "Мәдениет үйі"
    page.calendar.grab()
    assert [item.title for _rect, item in page.calendar._hits] == ["Наурыз мейрамы"]
    page.show_view("list")
    # The list shows this month and the three after it: March 2027 is in it only from December on.
    first = today.replace(day=1)
    assert (date_of(page.date_from), date_of(page.date_to)) == (first, first + timedelta(days=92))
    assert page.model.rowCount() == (first <= MONDAY <= first + timedelta(days=92))
    page.date_from.setDate(MONDAY)
    page.date_to.setDate(MONDAY + timedelta(days=30))
    assert page.model.rowCount() == 1 and page.model.row(0).title == "Наурыз мейрамы"


def test_the_free_rooms_hint_follows_the_time(ui):
    plan("Pottery", start=at(1, 10), end=at(1, 12), rooms=(WORKSHOP,))
    dialog = ui(EventDialog, starts_at=at(1, 10))
    fill(dialog, "Chess", at(1, 10), at(1, 12))
    dialog.show_free_rooms()
    assert dialog.free_hint.text() == "Free at this time: Мәжіліс залы, Мұражай, Шайхана"
    items = [dialog.rooms.item(row) for row in range(dialog.rooms.count())]
    taken = next(item for item in items if item.text().startswith("Шеберхана"))
    assert taken.toolTip() == "Taken at this time"
    dialog.inputs["starts_at"].setDateTime(QDateTime(at(1, 12)))  # the end follows: 12:00 to 14:00
    assert dialog.inputs["ends_at"].dateTime().toPython() == at(1, 14)
    dialog.show_free_rooms()
    assert "Шеберхана" in dialog.free_hint.text()


def test_a_clash_names_the_other_event_offers_the_free_rooms_and_books_the_one_picked(ui, monkeypatch):
    plan("Wedding", start=at(5, 12), end=at(5, 18), rooms=(HALL,))
    dialog = ui(EventDialog, starts_at=at(5, 15))
    fill(dialog, "Table tennis", at(5, 15), at(5, 17), rooms=(HALL,))
    shown = offer_free_rooms(monkeypatch, pick=MUSEUM)
    assert dialog.save()
    message = shown[0].message.text()
    assert "«Wedding»" in message and "12:00" in message and "18:00" in message
    offered = [shown[0].rooms.item(r).text() for r in range(shown[0].rooms.count())]
    assert offered == ["Шеберхана, 15 places", "Мұражай, 30 places", "Шайхана, 40 places"]
    [event_id] = dialog.saved_ids
    assert events.get(event_id).rooms == ("Мұражай",)
    assert dialog.chosen_rooms() == (MUSEUM,)


def test_giving_up_on_a_clash_keeps_what_was_typed_and_says_why_beside_the_rooms(ui, monkeypatch):
    plan("Wedding", start=at(5, 12), end=at(5, 18), rooms=(HALL,))
    dialog = ui(EventDialog, starts_at=at(5, 15))
    fill(dialog, "Table tennis", at(5, 15), at(5, 17), rooms=(HALL,))
    offer_free_rooms(monkeypatch, pick=None)
    assert not dialog.save()
    assert "«Wedding»" in dialog.errors["rooms"].text() and not dialog.errors["rooms"].isHidden()
    assert dialog.inputs["title"].text() == "Table tennis" and dialog.chosen_rooms() == (HALL,)
    assert [r.title for r in events.rows()] == ["Wedding"]


@pytest.mark.parametrize("change, field, message", [
    (lambda d: d.inputs["title"].setText("  "), "title", "The event has no title."),
    (lambda d: d.inputs["ends_at"].setDateTime(QDateTime(at(1, 9))), "ends_at", "The event ends before it starts."),
])
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(ui, change, field, message):
    dialog = ui(EventDialog, starts_at=at(1, 10))
    fill(dialog, "Chess", at(1, 10), at(1, 12))
    change(dialog)
    assert not dialog.save()
    assert dialog.errors[field].text() == message and not dialog.errors[field].isHidden()
    assert events.rows() == []


def test_a_series_planned_in_the_form_then_changed_whole_or_one_at_a_time(ui, monkeypatch):
    dialog = ui(EventDialog, starts_at=at(1, 10))
    fill(dialog, "Computer course", at(1, 10), at(1, 12), rooms=(WORKSHOP,))
    dialog.repeat_box.setChecked(True)
    for day, box in enumerate(dialog.weekdays):
        box.setChecked(day in (1, 3))
    dialog.until.setDate(MONDAY + timedelta(weeks=8))
    assert dialog.save() and len(dialog.saved_ids) == 16
    first, second = dialog.saved_ids[:2]
    # All of the series: a new time for every one, each on its own day.
    whole = ui(EventDialog, first)
    assert not whole.series_note.isHidden()
    whole.inputs["starts_at"].setDateTime(QDateTime(at(1, 14)))
    asked = answer_with(monkeypatch, "The whole series")
    assert whole.save()
    assert "one of a series" in asked[0]
    assert {(r.starts_at.hour, r.ends_at.hour) for r in events.rows()} == {(14, 16)}
    # Only this one: the Thursday moves, the others stay and it leaves the series.
    one = ui(EventDialog, second)
    one.inputs["title"].setText("Computer course: the exam")
    answer_with(monkeypatch, "Only this one")
    assert one.save()
    titles = [r.title for r in events.rows()]
    assert titles.count("Computer course: the exam") == 1 and titles.count("Computer course") == 15
    assert not events.get(second).series_id


def test_closing_with_unsaved_changes_asks_first(ui, monkeypatch):
    [event_id] = plan()
    dialog = ui(EventDialog, event_id)
    dialog.show()
    dialog.inputs["title"].setText("Pottery for beginners")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible() and events.get(event_id).data.title == "Pottery"


def person(surname: str, given: str) -> int:
    return members.create(members.MemberData(surname, given, settings.villages()[0].id, sex="M"))


def test_registrations_past_the_places_wait_and_a_cancelled_place_goes_to_the_first_waiting(ui):
    [event_id] = events.create(events.EventData("Felt making", "Курс (курс)", at(1, 10), at(1, 12), (WORKSHOP,),
                                                capacity=2))
    person("Мұқанов", "Ерлан")
    person("Сейітова", "Әйгерім")
    panel = ui(RegistrationsPanel, event_id)
    panel.search.setText("муканов")  # Kazakh names found from a Russian spelling
    panel.find_people()
    assert panel.found.count() == 1
    panel.register_member()
    panel.search.setText("Сейітова")
    panel.find_people()
    panel.register_member()
    panel.guest_name.setText("Гүлназ Омарова")
    panel.guest_phone.setText("8 701 123 45 67")
    panel.guest_button.click()
    assert panel.guest_name.text() == ""
    assert panel.counts.text() == "Registered 2 of 2 · waiting 1 · came 0"
    assert [panel.table.item(row, 3).text() for row in range(3)] == ["registered", "registered",
                                                                       "waiting list, No. 1"]
    assert not panel.table.item(2, ATTENDED).flags() & Qt.ItemFlag.ItemIsUserCheckable
    panel.table.selectRow(0)
    panel.cancel_button.click()
    assert panel.counts.text() == "Registered 2 of 2 · waiting 0 · came 0"
    names = [panel.table.item(row, 0).text() for row in range(2)]
    assert names == ["Сейітова Әйгерім", "Гүлназ Омарова"]
    view = events.get(event_id)
    assert [r.waiting for r in view.registrations] == [False, False]


def test_a_guest_without_a_name_is_refused_in_words_and_nothing_is_added(ui):
    [event_id] = plan()
    panel = ui(RegistrationsPanel, event_id)
    panel.guest_phone.setText("8 701 123 45 67")
    panel.guest_button.click()
    assert panel.error.text() == "Choose a person from the register or write the guest's name."
    assert events.get(event_id).registrations == ()


def test_attendance_is_ticked_on_the_day_and_counted(ui):
    [event_id] = plan()
    for name in ("Асқар", "Дина"):
        events.register(event_id, guest_name=name)
    panel = ui(RegistrationsPanel, event_id)
    panel.table.item(1, ATTENDED).setCheckState(Qt.CheckState.Checked)
    assert [r.attended for r in events.get(event_id).registrations] == [False, True]
    assert panel.counts.text() == "Registered 2 of no limit · waiting 0 · came 1"
    panel.table.item(1, ATTENDED).setCheckState(Qt.CheckState.Unchecked)
    assert events.get(event_id).attended == 0


def test_deleting_an_event_of_a_series_asks_one_or_all(page, monkeypatch):
    ids = plan(repeat=Repeat((1, 3), MONDAY + timedelta(weeks=2)))
    page.show_view("list")
    page.date_from.setDate(MONDAY)
    page.date_to.setDate(MONDAY + timedelta(days=30))
    page.table.selectRow(0)
    asked = answer_with(monkeypatch, "Only this one")
    page.delete_current()
    assert "one of a series" in asked[0]
    assert [r.id for r in events.rows()] == ids[1:]
    page.table.selectRow(0)
    answer_with(monkeypatch, "The whole series")
    page.delete_current()
    assert events.rows() == []


def test_the_page_follows_changes_of_events_and_meetings(page):
    from app.services import meetings

    plan()
    meetings.create(meetings.MeetingData(kind="assembly", starts_at=at(3, 15), ends_at=at(3, 17), room_id=HALL))
    page.notices.announce(Area.MEETINGS)
    assert [item.title.split(" №")[0] for item in page.calendar.items] == ["Pottery", "Assembly (собрание)"]
    page.show_view("list")
    page.date_from.setDate(MONDAY)
    page.date_to.setDate(MONDAY + timedelta(days=30))
    events.delete(events.rows()[0].id)
    page.notices.announce(Area.EVENTS)
    assert page.model.rowCount() == 0 and [item.title for item in page.calendar.items][0].startswith("Assembly")


def test_a_meeting_in_the_calendar_opens_its_editor_once(page):
    from app.services import meetings
    from app.ui.meeting_editor import MeetingEditor

    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=at(3, 15), ends_at=at(3, 17),
                                                      room_id=HALL))
    page.refresh()
    page.calendar.grab()
    item = page.calendar._hits[0][1]
    assert item.caption.startswith("15:00–17:00 Assembly (собрание) №") and item.caption.endswith("(Мәжіліс залы)")
    page.open_item(item)
    page.open_item(item)
    [editor] = page.findChildren(MeetingEditor)
    assert editor.meeting_id == meeting_id and editor.isVisible()
    editor.close()


def test_the_day_sheet_lists_the_day_room_by_room(page, qtbot, tmp_path, monkeypatch):
    plan("Pottery", start=at(1, 10), end=at(1, 12), rooms=(WORKSHOP,))
    plan("Wedding", start=at(1, 17), end=at(1, 23), rooms=(HALL,))
    page.calendar.selected_day = at(1, 0).date()
    target = tmp_path / "day.pdf"
    monkeypatch.setattr("app.ui.pages.events.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    previewed = []
    monkeypatch.setattr("app.ui.pdf_preview.show", lambda _parent, path: previewed.append(str(path)))
    with qtbot.waitSignal(page.printed, timeout=20_000):
        page.day_sheet_button.click()
    assert previewed == [str(target)]
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    for expected in ("Rooms for the day", "2 March 2027", "Мәжіліс залы", "17:00–23:00", "Wedding",
                     "Шеберхана", "Pottery", "Free all day"):
        assert expected in text


@pytest.mark.hard_days
def test_the_events_report_is_written_in_the_background_with_the_chosen_period_and_language(
        page, qtbot, tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("app.printing.events")
    fake.print_events = lambda *args: calls.append(args) or args[3]
    monkeypatch.setitem(sys.modules, "app.printing.events", fake)
    monkeypatch.setattr(app.printing, "events", fake, raising=False)  # if another test imported it
    monkeypatch.setattr("app.ui.period_report.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "events"), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    failures = []  # an error would be shown in a modal box: kept here instead, so the test cannot hang
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: failures.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: failures.append(a[2]))

    def choose(dialog):
        dialog.preset.setCurrentIndex(1)  # last month
        dialog.language.setCurrentIndex(dialog.language.findData("ru"))
        dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
        dialog.print_report()
        return 1

    monkeypatch.setattr("app.ui.period_report.PeriodReportDialog.exec", choose)
    page.report_button.click()
    qtbot.waitUntil(lambda: bool(calls or failures), timeout=10_000)
    assert not failures
    date_from, date_to, lang, path = calls[0]
    last_month = date.today().replace(day=1) - timedelta(days=1)
    assert (date_from, date_to, lang) == (last_month.replace(day=1), last_month, "ru")
    assert path == str(tmp_path / "events.xlsx")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_text_of_the_events_area_is_translated(page, lang, monkeypatch):
    [event_id] = events.create(events.EventData("Felt making", "Курс (курс)", at(1, 10), at(1, 12), (WORKSHOP,),
                                                capacity=1))
    events.register(event_id, guest_name="Асқар")
    events.register(event_id, guest_name="Дина")
    i18n.missing.clear()
    language.apply(lang)
    QApplication.processEvents()
    for code in ("week", "month", "list"):
        page.show_view(code)
        page.grab()
    dialog = EventDialog(event_id, parent=page)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        dialog.grab()
    EventDialog(starts_at=at(1, 10), parent=page).grab()
    from app.ui.period_report import PeriodReportDialog

    PeriodReportDialog("Events report", "events", print, months=True, parent=page).grab()
    untranslated = sorted(msgid for code, msgid in i18n.missing if code == lang)
    assert not untranslated, untranslated
    assert page.view_buttons.button(0).text() == i18n.translate("Week", lang) != "Week"
