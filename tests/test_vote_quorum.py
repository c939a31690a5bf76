"""A vote needs people present and quorum: nobody present means no vote; without quorum a vote is
recorded only when confirmed, adopts nothing, and its result says why, in Kazakh and Russian."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from app.errors import NeedsConfirmation, ValidationError
from app.services import meetings, members
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.vote_panel import VotePanel, result_text

MEETING_DAY = datetime(2026, 3, 14, 10, 0)


def residents(count: int) -> list[int]:
    return [members.create(members.MemberData(surname=f"Resident{n:03d}", given_name="Test", village_id=1,
                                              birth_date=date(1980, 5, 1), sex="M", street="Абай көшесі"))
            for n in range(count)]


def assembly_with(present: int, size: int = 9) -> tuple[int, list[int]]:
    """An assembly of ``size`` members, ``present`` of them ticked present."""
    people = residents(size)
    for member_id in people:
        meetings.elect(member_id, date(2025, 1, 10))
    meeting = meetings.create(MeetingData("assembly", MEETING_DAY), [ItemData("Budget")])
    meetings.set_present(meeting, people[:present])
    return meeting, people[:present]


def gathering_counted(head_count: int, residents_count: int = 20) -> int:
    residents(residents_count)
    meeting = meetings.create(MeetingData("gathering", MEETING_DAY, village_id=1), [ItemData("Roads")])
    meetings.set_head_count(meeting, head_count)
    return meeting


def first_item(meeting: int) -> int:
    return meetings.get(meeting).items[0].id


@pytest.mark.every_database
def test_a_vote_without_quorum_is_refused_unless_confirmed_and_then_adopts_nothing(database):
    meeting, present = assembly_with(3)
    item = first_item(meeting)
    with pytest.raises(NeedsConfirmation) as refused:
        meetings.record_vote(item, 3, 0, 0)
    assert refused.value.params == dict(present="3", entitled="9", needed="5")
    assert meetings.get(meeting).items[0].vote is None
    with pytest.raises(NeedsConfirmation):
        meetings.record_roll_call(item, dict.fromkeys(present, "for"))
    vote = meetings.record_roll_call(item, dict.fromkeys(present, "for"), without_quorum=True)
    assert (vote.for_, vote.adopted) == (3, False)
    assert meetings.decisions() == []


@pytest.mark.every_database
def test_nobody_present_means_no_vote_even_confirmed(database):
    meeting, _present = assembly_with(0)
    for confirmed in (False, True):
        with pytest.raises(ValidationError, match="Nobody is present") as refused:
            meetings.record_vote(first_item(meeting), 0, 0, 0, without_quorum=confirmed)
        assert not isinstance(refused.value, NeedsConfirmation)
        with pytest.raises(ValidationError, match="Nobody is present"):
            meetings.record_roll_call(first_item(meeting), {}, without_quorum=confirmed)
    assert meetings.get(meeting).items[0].vote is None


@pytest.mark.every_database
def test_with_quorum_no_confirmation_is_asked(database):
    meeting, _present = assembly_with(5)
    assert meetings.record_vote(first_item(meeting), 5, 0, 0).adopted


def test_the_result_says_why_in_kazakh_and_russian(database):
    meeting, present = assembly_with(3)
    meetings.record_roll_call(first_item(meeting), dict.fromkeys(present, "for"), without_quorum=True)
    view = meetings.get(meeting)
    assert result_text(view.items[0], view.quorum, "kk") == "Қабылданбады: кворум жоқ (3 / 9, керек 5)"
    assert result_text(view.items[0], view.quorum, "ru") == "Не принято: нет кворума (3 / 9, нужно 5)"
    meetings.set_present(meeting, [m for m in meetings.candidate_ids(meeting) if m not in present][:3])
    meetings.record_roll_call(first_item(meeting), dict.fromkeys(present, "for"))
    view = meetings.get(meeting)  # 6 present: quorum, but 3 for is not more than half
    assert result_text(view.items[0], view.quorum, "kk") == "Қабылданбады: «қолдап» — 3, керек 4"
    assert result_text(view.items[0], view.quorum, "ru") == "Не принято: «за» — 3, нужно 4"
    meetings.record_vote(first_item(meeting), 5, 1, 0)
    view = meetings.get(meeting)
    assert result_text(view.items[0], view.quorum, "ru") == "Принято: «за» — 5, нужно 4 — решение № 1/2026"
    assert result_text(view.items[0], view.quorum, "kk") == "Қабылданды: «қолдап» — 5, керек 4 — № 1/2026 шешім"


@pytest.fixture
def panel(qtbot, database):
    application.application()
    language.apply("ru")
    widget = VotePanel()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    language.apply("en")


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_the_panel_asks_before_recording_without_quorum(panel, monkeypatch, answer):
    meeting = gathering_counted(head_count=1)  # 10 % of 20 is 2
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, text, *a: asked.append(text) or answer)
    panel.load(meetings.get(meeting))
    panel.spins["for"].setValue(1)
    panel.record_button.click()
    assert asked and "(1 / 20, 2 needed)" not in asked[0] and "1 / 20" in asked[0]
    view = meetings.get(meeting)
    if answer == QMessageBox.StandardButton.Yes:
        assert (view.items[0].vote.for_, view.items[0].vote.adopted) == (1, False)
        panel.load(view)
        assert panel.result.text() == "Не принято: нет кворума (1 / 20, нужно 2)"
        assert "нет кворума" in panel.items.item(0).text()
    else:
        assert view.items[0].vote is None
        assert panel.result.text() == "Голосование не внесено"
