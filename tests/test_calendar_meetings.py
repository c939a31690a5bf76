"""Meetings in the events calendar: each named by its kind (a сход is not a собрание), and opened in
the meeting's own editor."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import meetings
from app.ui import application, language
from app.ui.meeting_editor import MeetingEditor
from app.ui.notices import ChangeNotices
from app.ui.pages import PageContext
from app.ui.pages.events import EventsPage

HALL = 1
MONDAY = date(2027, 3, 1)


@pytest.fixture
def page(qtbot, database):
    application.application()
    language.apply("en")
    widget = EventsPage(PageContext(ChangeNotices(), QAction()), "Events")
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    language.apply("en")
    for editor in widget.findChildren(MeetingEditor):
        editor.close()
    QApplication.processEvents()


def book(kind: str, day: int, hour: int, **data) -> int:
    return meetings.create(meetings.MeetingData(kind, datetime(2027, 3, day, hour), room_id=HALL, **data))


def titles(page) -> list[str]:
    page.calendar.show_day(MONDAY)
    page.calendar.grab()
    return [item.title for _rect, item in page.calendar._hits]


def test_each_meeting_is_named_by_its_kind(page):
    book(meetings.GATHERING, 1, 10, village_id=1)
    book(meetings.ASSEMBLY, 2, 15)
    book(meetings.OTHER, 3, 11, kind_name="Қоғамдық тыңдау")
    language.apply("kk")
    assert titles(page) == ["Жиын № 1/2027", "Жиналыс № 1/2027", "Қоғамдық тыңдау № 1/2027"]
    language.apply("ru")
    assert titles(page) == ["Сход № 1/2027", "Собрание № 1/2027", "Қоғамдық тыңдау № 1/2027"]


def test_a_double_click_on_a_meeting_opens_its_editor(page, qtbot):
    meeting_id = book(meetings.GATHERING, 2, 10, village_id=1)
    titles(page)
    [(rect, item)] = page.calendar._hits
    assert item.meeting_id == meeting_id
    QTest.mouseDClick(page.calendar, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: any(e.isVisible() for e in page.findChildren(MeetingEditor)))
    [editor] = [e for e in page.findChildren(MeetingEditor) if e.isVisible()]
    assert editor.meeting_id == meeting_id
