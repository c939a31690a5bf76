"""The hall screen for the projector: attendance, quorum, the current item and its vote, in the
meeting's language, following the editor's change notices."""

from __future__ import annotations

from datetime import datetime

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from app import i18n
from app.areas import Area
from app.i18n import translate
from app.services import meetings
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.hall_screen import HallScreen, open_hall_screen
from app.ui.notices import ChangeNotices
from tests.conftest import built_copy
from tests.test_decisions_page import demo_people


@pytest.fixture
def notices(qtbot, template_db, tmp_path_factory, tmp_path):
    application.application()
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db"):
        yield ChangeNotices()


def kazakh_gathering() -> int:
    return meetings.create(MeetingData("gathering", datetime(2026, 3, 14, 10), village_id=1, language="kk"),
                           [ItemData("Жол жөндеу"), ItemData("Ауыз су")])


@pytest.fixture
def screen(qtbot, notices):
    language.apply("ru")  # the interface is Russian; the meeting is held in Kazakh
    meeting = kazakh_gathering()
    hall = open_hall_screen(meeting, notices, None)
    qtbot.waitExposed(hall)
    yield hall
    if shiboken6.isValid(hall):  # it deletes itself once closed
        hall.close()
    language.apply("en")


def text(hall: HallScreen, name: str) -> str:
    return hall.labels[name].text()


def test_shows_present_against_entitled_and_quorum_in_the_meetings_language(screen, notices):
    entitled = meetings.quorum(screen.meeting_id).entitled
    assert entitled > 10
    assert text(screen, "attendance") == translate("Present: {present} of {entitled}", "kk", present="0",
                                                   entitled=i18n.format_number(entitled, "kk"))
    assert text(screen, "quorum") == translate("No quorum", "kk") != translate("No quorum", "ru")
    assert "жылғы 14 наурыз" in text(screen, "title")
    assert screen.isMaximized() or screen.isFullScreen()

    meetings.set_head_count(screen.meeting_id, entitled)
    assert text(screen, "quorum") == translate("No quorum", "kk")  # nothing announced yet
    notices.announce(Area.MEETINGS)
    assert text(screen, "quorum") == translate("Quorum reached", "kk")
    assert "#4ade80" in screen.labels["quorum"].styleSheet()


def test_follows_the_current_item_and_its_vote_after_a_notice(screen, notices):
    first, second = meetings.get(screen.meeting_id).items
    assert first.title in text(screen, "item") and second.title in text(screen, "item")  # the agenda
    screen.set_current_item(second.id)
    assert text(screen, "item") == "Ауыз су"
    assert text(screen, "item_number") == translate("Item {position} of {count}", "kk", position=2, count=2)
    assert not screen.labels["result"].isVisibleTo(screen)

    meetings.set_head_count(screen.meeting_id, 30)
    meetings.record_vote(second.id, 20, 6, 4)
    notices.announce(Area.MEETINGS)
    assert screen.labels["result"].isVisibleTo(screen)
    assert text(screen, "votes") == translate("For: {for_}   Against: {against}   Abstained: {abstained}", "kk",
                                              for_="20", against="6", abstained="4")
    assert text(screen, "needed") == translate("Needed to pass: {needed}", "kk", needed="16")
    assert text(screen, "result") == translate("ADOPTED", "kk") != "ADOPTED"
    meetings.record_vote(second.id, 15, 10, 5)
    notices.announce(Area.MEETINGS)
    assert text(screen, "result") == translate("NOT ADOPTED", "kk")


def test_fonts_grow_with_the_window(screen, qtbot):
    screen.showNormal()
    screen.resize(800, 450)
    small = screen.labels["result"].font().pixelSize()
    screen.resize(1366, 768)
    assert screen.labels["result"].font().pixelSize() > small


def test_a_deleted_meeting_is_announced_and_the_screen_closes(screen, notices, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    meetings.delete_meeting(screen.meeting_id)
    notices.announce(Area.MEETINGS)
    assert said == [translate("The meeting shown on the hall screen was deleted.", "ru")]
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen), timeout=2000)


def test_with_a_projector_it_opens_frameless_and_full_screen_there(qtbot, notices, monkeypatch):
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QGuiApplication

    class Projector:
        def geometry(self):
            return QRect(1366, 0, 1024, 768)

    monkeypatch.setattr(QGuiApplication, "screens", lambda: [QGuiApplication.primaryScreen(), Projector()])
    hall = open_hall_screen(kazakh_gathering(), notices, None)
    qtbot.waitExposed(hall)
    assert hall.isFullScreen()
    assert hall.windowFlags() & Qt.WindowType.FramelessWindowHint
    hall.mouseDoubleClickEvent(None)  # leaves full screen
    assert not hall.isFullScreen()
    hall.close()
