"""The rooms' calendar, driven through qtbot on a real database: a series in the week and month views,
dragging an event to another time (snapped to 15 minutes) with the clash check, meetings in their
own colour, clicks and double clicks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from app.services import events, meetings
from app.services.events import EventData, Repeat
from app.ui import application, language
from app.ui.event_calendar import MEETING_COLOURS, PALETTE, EventCalendar
from app.ui.event_clash import FreeRoomDialog

HALL, WORKSHOP, MUSEUM = 1, 3, 4
MONDAY = date(2027, 3, 1)
COURSE, CELEBRATION = "Курс (курс)", "Мереке (праздник)"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in the week of MONDAY (day 0) or later."""
    return datetime.combine(MONDAY + timedelta(days=day), datetime.min.time()).replace(hour=hour, minute=minute)


def plan(title="Pottery", start=at(1, 10), end=at(1, 12), rooms=(WORKSHOP,), kind=COURSE, repeat=None) -> list[int]:
    return events.create(EventData(title, kind, start, end, rooms), repeat)


def offer_free_rooms(monkeypatch, pick: int | None = None) -> list[FreeRoomDialog]:
    """The clash dialog answers by itself: the room ``pick`` chosen, or (None) given up."""
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        if pick is None:
            return QDialog.DialogCode.Rejected
        dialog.choose(pick)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FreeRoomDialog, "exec", exec_)
    return shown


@pytest.fixture
def calendar(qtbot, database):
    application.application()
    language.apply("en")
    widget = EventCalendar()
    qtbot.addWidget(widget)
    widget.resize(1000, 620)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_day(MONDAY)
    return widget


def drawn(calendar) -> list:
    """The items as last painted (their rectangles are where a click finds them)."""
    calendar.grab()
    return [item for _rect, item in calendar._hits]


def test_a_tuesday_thursday_series_for_eight_weeks_shows_in_the_week_and_the_month(calendar):
    ids = plan("Computer course", repeat=Repeat((1, 3), MONDAY + timedelta(weeks=8)))
    assert len(ids) == 16
    calendar.refresh()
    week = drawn(calendar)
    assert [(i.starts_at.weekday(), i.title) for i in week] == [(1, "Computer course"), (3, "Computer course")]
    calendar.set_mode("month")
    month = drawn(calendar)
    # March 2027 drawn on six weeks from Monday 1 March to 11 April: 9 in March, 1, 6 and 8 April.
    assert len(month) == 12
    assert {i.starts_at.weekday() for i in month} == {1, 3}
    assert calendar.title() == "March 2027"
    calendar.step(True)
    assert calendar.title() == "April 2027"
    assert len(drawn(calendar)) == 8  # from 30 March to the last, 22 April


def test_an_event_in_two_rooms_is_one_block_naming_both(calendar):
    plan("Nauryz", start=at(2, 11), end=at(2, 14), rooms=(HALL, MUSEUM), kind=CELEBRATION)
    calendar.refresh()
    [item] = drawn(calendar)
    assert item.rooms == ["Мәжіліс залы", "Мұражай"]


def test_kinds_have_their_colours_and_meetings_their_own(calendar):
    plan()
    plan("Nauryz", start=at(2, 11), end=at(2, 14), rooms=(HALL,), kind=CELEBRATION)
    meetings.create(meetings.MeetingData(kind="assembly", starts_at=at(3, 15), ends_at=at(3, 17), room_id=HALL))
    calendar.refresh()
    course, celebration, meeting = drawn(calendar)
    assert calendar.colours(course)[0].name() == PALETTE[0][0]
    assert calendar.colours(celebration)[0].name() == PALETTE[1][0]
    assert calendar.colours(meeting)[0].name() == MEETING_COLOURS[0]
    assert meeting.title.startswith("Assembly (собрание) №") and meeting.event_id is None


def test_a_click_opens_the_entry_and_a_double_click_on_free_time_plans_one(calendar, qtbot):
    plan()
    calendar.refresh()
    calendar.grab()
    rect, item = calendar._hits[0]
    with qtbot.waitSignal(calendar.opened) as opened:
        QTest.mouseClick(calendar, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert opened.args[0].title == "Pottery" and calendar.current.title == "Pottery"  # outlined, for Delete
    free = rect.center().toPoint() + QPoint(int(rect.width() * 3), 0)  # the same time on Friday
    with qtbot.waitSignal(calendar.new_requested) as requested:
        QTest.mouseDClick(calendar, Qt.MouseButton.LeftButton, pos=free)
    moment = requested.args[0]
    assert moment.date() == MONDAY + timedelta(days=4) and moment.minute % 15 == 0


def drag(calendar, item_title: str, hours: float) -> None:
    calendar.grab()
    rect = next(rect for rect, item in calendar._hits if item.title == item_title)
    start = rect.center().toPoint()
    _day_width, per_minute, _first, _last = calendar._week_metrics()
    end = start + QPoint(0, round(hours * 60 * per_minute))
    QTest.mousePress(calendar, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):  # a hand moves in steps
        QTest.mouseMove(calendar, start + (end - start) * step / 5)
    QTest.mouseRelease(calendar, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_an_event_moves_it_snapped_to_a_quarter_hour(calendar, qtbot):
    [event_id] = plan()
    calendar.refresh()
    with qtbot.waitSignal(calendar.changed):
        drag(calendar, "Pottery", 2.1)
    data = events.get(event_id).data
    assert (data.starts_at, data.ends_at) == (at(1, 12), at(1, 14))
    assert data.room_ids == (WORKSHOP,)
    assert [i.starts_at for i in drawn(calendar)] == [at(1, 12)]


def test_a_clashing_drag_is_refused_and_the_event_stays_put(calendar, monkeypatch):
    [event_id] = plan()
    plan("Felt making", start=at(1, 13), end=at(1, 15))
    calendar.refresh()
    shown = offer_free_rooms(monkeypatch, pick=None)
    drag(calendar, "Pottery", 2)
    assert len(shown) == 1
    assert "«Felt making»" in shown[0].message.text() and "13:00" in shown[0].message.text()
    assert events.get(event_id).data.starts_at == at(1, 10)


def test_a_clashing_move_can_take_a_free_room_instead(calendar, monkeypatch):
    [event_id] = plan()
    plan("Felt making", start=at(1, 13), end=at(1, 15))
    shown = offer_free_rooms(monkeypatch, pick=MUSEUM)
    assert calendar.move_event(event_id, at(1, 14), at(1, 16))
    names = [shown[0].rooms.item(row).text() for row in range(shown[0].rooms.count())]
    assert names[0].startswith("Мәжіліс залы") and all("Шеберхана" not in name for name in names)
    data = events.get(event_id).data
    assert (data.starts_at, data.room_ids) == (at(1, 14), (MUSEUM,))


def test_more_than_a_month_cell_holds_opens_that_week(calendar, qtbot):
    for hour in range(8, 20):
        plan(f"Lesson {hour}", start=at(2, hour), end=at(2, hour, 45), rooms=(HALL,))
    calendar.set_mode("month")
    calendar.grab()
    rect, day = calendar._more[0]
    assert day == MONDAY + timedelta(days=2)
    QTest.mouseClick(calendar, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert calendar.mode == "week" and calendar.selected_day == day
    assert len(drawn(calendar)) == 12
