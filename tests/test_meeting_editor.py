"""The meeting editor, driven through qtbot on real widgets and a real temporary database: a
secretary prepares a meeting, takes attendance, records votes, signs and amends the protocol."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

import app.printing
from app import demo, i18n
from app.areas import Area
from app.rules.text import fold
from app.services import meetings, settings
from app.ui import application, language
from app.ui.meeting_editor import TAB_ATTENDANCE, TAB_PROTOCOL, TAB_VOTES, MeetingEditor
from app.ui.notices import ChangeNotices
from tests.conftest import built_copy


def demo_people() -> None:
    demo.generate(members=200, seed=1, activity=False)  # people only: the meetings are the test's


@pytest.fixture
def notices(qtbot, template_db, tmp_path_factory, tmp_path):
    application.application()
    language.apply("en")
    with built_copy(demo_people, template_db, tmp_path_factory, tmp_path / "db"):
        yield ChangeNotices()


@pytest.fixture
def editor(qtbot, notices, monkeypatch):
    # Closing at the end of a test must not wait on a real question (tests may patch it again).
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    widget = MeetingEditor(notices=notices)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()  # editors left to the interpreter's exit crash PySide's finalisation
    QApplication.processEvents()


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def prepare(editor: MeetingEditor, items=("Бюджет жергілікті өзін-өзі басқару", "Көшелерді жарықтандыру")) -> None:
    """Fills the details and the agenda the way the secretary would."""
    village = settings.villages()[0]
    choose(editor.inputs["kind"], meetings.GATHERING)
    choose(editor.inputs["village"], village.id)
    editor.inputs["starts_at"].setDateTime(QDateTime(QDate(2026, 3, 14), QTime(11, 0)))
    editor.inputs["chair"].setText("Мұқанов Ерлан")
    editor.inputs["secretary"].setText("Сейітова Әсем")
    editor.inputs["guests"].setPlainText("Ауыл әкімі Омаров Б.")
    for title in items:
        editor.agenda.add_item()
        editor.agenda.inputs["title"].setText(title)
        editor.agenda.inputs["rapporteur"].setText("Омаров Б.")
    editor.agenda.speakers.add_row(["Қасымов Ғалым", "қолдады"])


def tick(editor: MeetingEditor, count: int) -> None:
    model = editor.attendance.model
    for row in range(count):
        assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


@pytest.mark.hard_days
def test_a_new_meeting_takes_the_next_number_and_saves_details_and_agenda(editor, notices, qtbot):
    assert editor.inputs["number"].value() == meetings.next_number(meetings.GATHERING, date.today().year)
    prepare(editor)
    assert editor.has_unsaved_changes()
    with qtbot.waitSignal(notices.changed) as blocker:
        assert editor.save()
    assert blocker.args == [{Area.MEETINGS}]
    view = meetings.get(editor.meeting_id)
    assert (view.kind, view.number, view.starts_at) == (meetings.GATHERING, 1, datetime(2026, 3, 14, 11, 0))
    assert view.chair == "Мұқанов Ерлан" and view.guests == "Ауыл әкімі Омаров Б."
    assert [i.title for i in view.items] == ["Бюджет жергілікті өзін-өзі басқару", "Көшелерді жарықтандыру"]
    assert view.items[1].speakers == (meetings.SpeakerData("Қасымов Ғалым", "қолдады"),)
    assert not editor.has_unsaved_changes()


def test_moving_agenda_items_keeps_their_votes(editor):
    prepare(editor)
    editor.save()
    tick_ids = [p.member_id for p in meetings.attendance_candidates(editor.meeting_id, limit=3)]
    meetings.set_present(editor.meeting_id, tick_ids)
    first = meetings.get(editor.meeting_id).items[0]
    meetings.record_vote(first.id, 3, 0, 0, without_quorum=True)
    editor._load(meetings.get(editor.meeting_id))
    editor.agenda.list.setCurrentRow(0)
    editor.agenda.move_item(1)
    assert editor.save()
    items = meetings.get(editor.meeting_id).items
    assert items[1].id == first.id and items[1].vote.for_ == 3


def test_a_bad_detail_is_shown_beside_its_field_and_nothing_typed_is_lost(editor):
    prepare(editor)
    choose(editor.inputs["village"], None)
    assert not editor.save()
    assert editor.meeting_id is None and meetings.list_meetings() == []
    assert editor.errors["village"].isVisibleTo(editor)
    assert "choose the village" in editor.errors["village"].text()
    assert editor.inputs["chair"].text() == "Мұқанов Ерлан"
    assert editor.agenda.data()[0].title == "Бюджет жергілікті өзін-өзі басқару"


def test_an_agenda_item_without_a_title_is_refused_and_kept(editor, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    prepare(editor, items=("Бюджет",))
    editor.agenda.add_item()
    assert not editor.save()
    assert shown == ["Agenda item 2 has no title."]
    assert len(editor.agenda.data()) == 2


def test_ticking_people_present_updates_the_quorum_banner(editor, notices, qtbot):
    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)  # saves the new meeting first
    assert editor.meeting_id is not None and editor.tabs.currentIndex() == TAB_ATTENDANCE
    state = meetings.quorum(editor.meeting_id)
    assert state.needed and editor.attendance.banner.text().endswith("quorum not reached")
    assert editor.attendance.banner.colour == "not_reached"
    with qtbot.waitSignal(notices.changed):
        tick(editor, state.needed)
    assert meetings.quorum(editor.meeting_id).present == state.needed
    assert editor.attendance.banner.text() == (f"Present {state.needed} of {state.entitled} — "
                                               f"{state.needed} needed — quorum reached")
    assert editor.attendance.banner.colour == "reached"


def test_search_and_present_only_filter_the_checklist(editor):
    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    panel = editor.attendance
    everyone = panel.model.rowCount()
    tick(editor, 2)
    panel.present_only.setChecked(True)
    assert panel.model.rowCount() == 2
    panel.present_only.setChecked(False)
    surname = panel.model.rows[5].name.split()[0]
    panel.search.setText(fold(surname))  # typed without the Kazakh letters, found all the same
    panel.refresh()  # what the typing pause would do
    assert 0 < panel.model.rowCount() < everyone
    assert all(fold(surname) in fold(row.name) for row in panel.model.rows)


def test_head_count_and_entitled_override_change_the_quorum(editor, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    panel = editor.attendance
    panel.head_count.setValue(40)
    panel.head_apply.click()
    assert meetings.quorum(editor.meeting_id).present == 40 and "Present 40 of" in panel.banner.text()
    panel.head_clear.click()
    assert meetings.quorum(editor.meeting_id).present == 0
    panel.entitled.setValue(300)
    panel.entitled_apply.click()  # no reason given
    assert shown == ["Say why the number entitled differs from the register."]
    assert not meetings.quorum(editor.meeting_id).overridden
    panel.reason.setText("көшіп кеткендер тізімнен шығарылмаған")
    panel.entitled_apply.click()
    state = meetings.quorum(editor.meeting_id)
    assert state.overridden and state.entitled == 300 and "of 300" in panel.banner.text()
    assert "overridden: 300" in panel.counted.text()
    panel.entitled_clear.click()
    assert not meetings.quorum(editor.meeting_id).overridden


def test_a_vote_shows_adopted_with_its_decision_number(editor):
    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    needed = meetings.quorum(editor.meeting_id).needed
    tick(editor, needed)
    editor.tabs.setCurrentIndex(TAB_VOTES)
    panel = editor.votes
    panel.items.setCurrentRow(0)
    assert panel.needed.text() == f"Present: {needed}. Needed to pass: {needed // 2 + 1}"
    panel.spins["for"].setValue(needed)
    panel.record_button.click()
    item = meetings.get(editor.meeting_id).items[0]
    assert item.vote.adopted and item.decision.label == "1/2026"
    assert panel.result.text() == f"Adopted: {needed} for, {needed // 2 + 1} needed — decision № 1/2026"
    assert "decision № 1/2026" in panel.items.item(0).text()


def test_an_impossible_vote_is_refused_with_the_reason_and_changes_nothing(editor):
    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    tick(editor, 3)
    editor.tabs.setCurrentIndex(TAB_VOTES)
    panel = editor.votes
    panel.items.setCurrentRow(0)
    panel.spins["for"].setValue(5)
    panel.record_button.click()
    assert panel.message.text() == "More votes than people present."
    assert panel.spins["for"].value() == 5  # kept for mending
    assert meetings.get(editor.meeting_id).items[0].vote is None


def test_signing_makes_the_editor_read_only_and_amendments_can_be_added(editor, monkeypatch):
    from app.ui import meeting_editor

    prepare(editor)
    editor.tabs.setCurrentIndex(TAB_PROTOCOL)
    assert not editor.amend_button.isEnabled()
    monkeypatch.setattr(meeting_editor.DateTextDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(meeting_editor.DateTextDialog, "day", lambda self: date(2026, 3, 16))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, message, *a: asked.append(message)
                        or QMessageBox.StandardButton.Cancel)
    editor.sign()
    assert meetings.get(editor.meeting_id).signed_on is None  # the question said no: nothing signed
    view = editor.view
    assert "16.03.2026" in asked[0] and "cannot be undone" in asked[0] and "attendance, votes and decisions" in asked[0]
    assert f"the chair {view.chair} and the secretary {view.secretary}" in asked[0] and view.chair
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    editor.sign()
    assert meetings.get(editor.meeting_id).signed_on == date(2026, 3, 16)
    assert editor.signed_banner.isVisibleTo(editor) and "16.03.2026" in editor.signed_banner.text()
    for name in ("kind", "number", "chair", "village", "starts_at"):
        assert not editor.inputs[name].isEnabled(), name
    assert editor.inputs["guests"].isReadOnly()
    assert not editor.save_button.isEnabled() and not editor.sign_button.isEnabled()
    assert not editor.agenda.add_button.isEnabled() and not editor.agenda.inputs["title"].isEnabled()
    assert not editor.votes.record_button.isEnabled()
    assert not editor.attendance.model.flags(editor.attendance.model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert editor.amend_button.isEnabled()
    monkeypatch.setattr(meeting_editor.DateTextDialog, "text", lambda self: "2-тармақтағы қате түзетілді")
    editor.add_amendment()
    assert editor.amendments.rowCount() == 1
    assert editor.amendments.item(0, 1).text() == "2-тармақтағы қате түзетілді"
    assert [a.text for a in meetings.get(editor.meeting_id).amendments] == ["2-тармақтағы қате түзетілді"]


def test_closing_with_unsaved_changes_asks_and_can_stay_open(editor, monkeypatch):
    prepare(editor)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    editor.close()
    assert editor.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    editor.close()
    assert not editor.isVisible() and len(meetings.list_meetings()) == 1


def test_an_assembly_votes_by_roll_call_of_its_present_members(notices, qtbot, monkeypatch):
    people = [p.member_id for p in meetings.attendance_candidates(
        meetings.create(meetings.MeetingData(meetings.OTHER, datetime(2026, 1, 1), kind_name="x")), limit=5)]
    for member_id in people:
        meetings.elect(member_id, date(2025, 1, 1))
    meeting_id = meetings.create(meetings.MeetingData(meetings.ASSEMBLY, datetime(2026, 3, 20, 15, 0),
                                                      chair="A", secretary="B"),
                                 [meetings.ItemData("Бюджет")])
    editor = MeetingEditor(meeting_id, notices)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    qtbot.addWidget(editor)
    assert not editor.attendance.head_box.isVisibleTo(editor)
    editor.tabs.setCurrentIndex(TAB_ATTENDANCE)
    assert editor.attendance.model.rowCount() == 5
    tick(editor, 4)
    assert editor.attendance.banner.colour == "reached"
    editor.tabs.setCurrentIndex(TAB_VOTES)
    roll = editor.votes.roll
    assert roll.rowCount() == 4
    for row, choice in enumerate(("for", "for", "for", "against")):
        choose(roll.cellWidget(row, 1), choice)
    editor.votes.record_button.click()
    item = meetings.get(meeting_id).items[0]
    assert (item.vote.mode, item.vote.for_, item.vote.against, item.vote.adopted) == ("roll_call", 3, 1, True)


def test_printing_asks_for_the_file_and_renders_in_the_background(editor, qtbot, monkeypatch, tmp_path):
    import sys
    import types

    from app.ui import meeting_print

    calls = []

    def fake(meeting_id, lang, path):
        calls.append((meeting_id, lang))
        open(path, "wb").write(b"%PDF-1.4")
        return path

    stand_in = types.SimpleNamespace(print_minutes=fake, print_notice=fake)
    monkeypatch.setitem(sys.modules, "app.printing.meetings", stand_in)
    monkeypatch.setattr(app.printing, "meetings", stand_in, raising=False)  # if already imported
    asked = []
    target = tmp_path / "p.pdf"
    monkeypatch.setattr(meeting_print.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked.append(a[2]), (str(target), ""))[1])
    shown = []  # the stand-in's file is no real PDF: the preview is only asked for
    monkeypatch.setattr("app.ui.pdf_preview.show", lambda _parent, path: shown.append(path))
    prepare(editor)
    editor.save()
    with qtbot.waitSignal(editor.printed, timeout=10_000) as blocker:
        editor.print_buttons["minutes", "ru"].click()
    assert blocker.args == [str(target)] and shown == [str(target)]
    assert calls == [(editor.meeting_id, "ru")]
    assert asked[0].endswith("protocol-1-2026-ru.pdf")
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_label_of_the_editor_is_translated(editor, lang):
    prepare(editor)
    editor.save()
    i18n.missing.clear()
    language.apply(lang)
    QApplication.processEvents()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    untranslated = sorted(msgid for code, msgid in i18n.missing if code == lang)
    assert not untranslated, untranslated
    assert editor.tabs.tabText(TAB_VOTES) == i18n.translate("Votes", lang) != "Votes"


def test_the_hall_screen_follows_the_item_chosen_in_the_agenda_and_votes(editor, monkeypatch):
    from app.ui import hall_screen

    shown = []

    class Hall:
        destroyed = type("Signal", (), {"connect": lambda self, slot: None})()

        def set_current_item(self, item_id):
            shown.append(item_id)

        def close(self):
            pass

    opened = []
    monkeypatch.setattr(hall_screen, "open_hall_screen",
                        lambda meeting_id, notices, parent: opened.append(meeting_id) or Hall())
    assert not editor.hall_button.isHidden()
    prepare(editor)
    editor.hall_button.click()  # saves the new meeting first
    items = meetings.get(editor.meeting_id).items
    assert opened == [editor.meeting_id]
    editor.tabs.setCurrentIndex(1)
    editor.agenda.list.setCurrentRow(1)
    editor.tabs.setCurrentIndex(TAB_VOTES)
    editor.votes.items.setCurrentRow(0)
    assert items[1].id in shown and shown[-1] == items[0].id
