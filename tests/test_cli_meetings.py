"""`auyl meetings | decisions | assembly | holidays`: every command end to end through app.main.main,
checked through the meetings and calendar services."""

from __future__ import annotations

from datetime import date

import pytest

from app import db, demo, migrate
from app.main import main
from app.services import calendar, meetings, settings

DAY = "2026-03-14"


def auyl(database, *args: str) -> int:
    """Runs a command as the user would; the command closes the database, so it is opened again."""
    try:
        return main(["--db", str(database), "--lang", "en", *args])
    finally:
        migrate.open_database(db.sqlite_url(database))


def refused(database, capsys, *args: str) -> str:
    """Runs a command that must be refused with exit 1 and one line; returns that line."""
    assert auyl(database, *args) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auyl: error: "), captured.err
    return lines[0]


def mistyped(database, capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as caught:
        auyl(database, *args)
    assert caught.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def people(database, monkeypatch):
    """A district with people and no meetings yet (the demo's year of activity is left out)."""
    demo.generate(200, seed=4, activity=False)
    return database


def village(name_kk: str) -> int:
    return next(v.id for v in settings.villages() if v.name_kk == name_kk)


def new_gathering(database, capsys, *extra: str) -> int:
    assert auyl(database, "meetings", "new", "--kind", "gathering", "--date", DAY, "--time", "10:00",
                "--village", "Жарлыөзек", *extra) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Meeting ") and " added: gathering (сход) № " in line, line
    return int(line.split()[1].rstrip(":"))


# Preparing -----------------------------------------------------------------------------------------

def test_a_new_meeting_keeps_every_detail_given_and_shows_them(people, capsys):
    room = settings.rooms()[0].name
    meeting_id = new_gathering(
        people, capsys, "--village", "жарлыозек", "--street", "Абай көшесі", "--room", room.upper(),
        "--chair", "Омаров Ерлан", "--secretary", "Қасымова Айгүл", "--convened-by", "Ауыл әкімі",
        "--guest", "Сейітов Бауыржан — ауыл әкімі", "--guest", "Иванов Иван — депутат", "--meeting-lang", "ru",
        "--item", "Ауыл көшелерін жөндеу туралы", "--item", "Су құбыры туралы", "--notes", "Зал дайын")
    m = meetings.get(meeting_id)
    assert (m.kind, m.number, m.starts_at.isoformat()) == ("gathering", 1, "2026-03-14T10:00:00")
    assert (m.village_id, m.area, m.room, m.chair, m.secretary, m.convened_by, m.language, m.notes) == (
        village("Жарлыөзек"), "Абай көшесі", room, "Омаров Ерлан", "Қасымова Айгүл", "Ауыл әкімі", "ru", "Зал дайын")
    assert m.guests.splitlines() == ["Сейітов Бауыржан — ауыл әкімі", "Иванов Иван — депутат"]
    assert [i.title for i in m.items] == ["Ауыл көшелерін жөндеу туралы", "Су құбыры туралы"]

    assert auyl(people, "meetings", "show", str(meeting_id)) == 0
    out = capsys.readouterr().out
    assert f"Meeting {meeting_id}: gathering (сход) № 1, 14.03.2026 10:00" in out
    assert "Village: Жарлыозек, Абай көшесі" in out and f"Place: {room}" in out
    assert "Guests: Сейітов Бауыржан — ауыл әкімі; Иванов Иван — депутат" in out
    assert f"Present: 0; entitled: {m.quorum.entitled}; needed: {m.quorum.needed}; quorum not reached" in out
    assert "Not signed (draft)" in out
    assert "1. Ауыл көшелерін жөндеу туралы" in out and "2. Су құбыры туралы" in out
    assert "Vote: not taken" in out


def test_other_kinds_and_assemblies_take_their_own_numbers(people, capsys):
    new_gathering(people, capsys)
    assert auyl(people, "meetings", "new", "--kind", "assembly", "--date", "2026-04-01", "--time", "15:00",
                "--address", "Мектеп, 2") == 0
    assert "assembly (собрание) № 1" in capsys.readouterr().out
    assert auyl(people, "meetings", "new", "--kind", "other", "--kind-name", "Қоғамдық тыңдау",
                "--date", "2026-04-02", "--time", "15:00", "--number", "7") == 0
    assert "Қоғамдық тыңдау № 7" in capsys.readouterr().out


def test_list_filters_by_year_kind_village_and_agenda_words(people, capsys):
    first = new_gathering(people, capsys, "--item", "Көше жарығы")
    assert auyl(people, "meetings", "new", "--kind", "gathering", "--date", "2025-10-01", "--time", "11:00",
                "--village", "Бозтоған", "--item", "Су") == 0
    capsys.readouterr()
    assert auyl(people, "meetings", "list") == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()]
    assert [r[0] for r in rows] == [str(first), str(first + 1)]  # newest first
    assert rows[0][1:] == ["№ 1", "14.03.2026 10:00", "gathering (сход)", "Жарлыозек", "", "items: 1", "draft"]
    for args, expected in ((("--year", "2025"), [first + 1]), (("--village", "Bozto'gan"), [first + 1]),
                           (("--kind", "assembly"), []), (("--text", "коше"), [first])):
        assert auyl(people, "meetings", "list", *args) == 0
        out = capsys.readouterr().out
        assert [int(line.split("\t")[0]) for line in out.splitlines() if "\t" in line] == expected, args
        if not expected:
            assert out.strip() == "No meetings found."


def test_edit_changes_only_what_is_given(people, capsys):
    meeting_id = new_gathering(people, capsys, "--chair", "Омаров Ерлан", "--separate", "--guest", "Әкім — әкім")
    before = meetings.get(meeting_id)
    assert auyl(people, "meetings", "edit", str(meeting_id), "--time", "16:30", "--secretary", "Қасымова Айгүл",
                "--no-separate") == 0
    assert f"Meeting {meeting_id} changed: gathering (сход) № 1" in capsys.readouterr().out
    after = meetings.get(meeting_id)
    assert after.starts_at.isoformat() == "2026-03-14T16:30:00"
    assert (after.secretary, after.separate) == ("Қасымова Айгүл", False)
    assert (after.chair, after.guests, after.village_id, after.number) == (before.chair, before.guests,
                                                                           before.village_id, before.number)


def test_delete_removes_a_meeting(people, capsys):
    meeting_id = new_gathering(people, capsys)
    assert auyl(people, "meetings", "delete", str(meeting_id)) == 0
    assert f"Meeting {meeting_id} deleted." in capsys.readouterr().out
    assert meetings.list_meetings() == []


def test_items_are_added_changed_moved_and_removed_keeping_their_votes(people, capsys):
    meeting_id = new_gathering(people, capsys, "--item", "Жол")
    assert auyl(people, "meetings", "item", str(meeting_id), "--add", "Су құбыры", "--rapporteur", "Әкім",
                "--proposal", "Жөндеу", "--decision-text", "Жөнделсін", "--heard", "Құбыр тозған",
                "--speaker", "Иванов Иван: су жетпейді", "--speaker", "Омаров Ерлан") == 0
    assert f"Item 2 of meeting {meeting_id} saved." in capsys.readouterr().out
    assert auyl(people, "meetings", "entitled", str(meeting_id), "120", "--reason", "the akimat's list") == 0
    assert auyl(people, "meetings", "headcount", str(meeting_id), "100") == 0
    assert auyl(people, "meetings", "vote", str(meeting_id), "2", "--for", "80", "--against", "5") == 0
    voted = meetings.get(meeting_id).items[1]
    assert voted.speakers == (meetings.SpeakerData("Иванов Иван", "су жетпейді"), meetings.SpeakerData("Омаров Ерлан"))

    assert auyl(people, "meetings", "item", str(meeting_id), "--edit", "2", "--title", "Ауыз су", "--position", "1") == 0
    first = meetings.get(meeting_id).items[0]
    assert (first.id, first.title, first.rapporteur, first.decision_text) == (voted.id, "Ауыз су", "Әкім", "Жөнделсін")
    assert first.vote == voted.vote and first.decision.label == voted.decision.label

    assert auyl(people, "meetings", "item", str(meeting_id), "--remove", "2") == 0
    assert [i.title for i in meetings.get(meeting_id).items] == ["Ауыз су"]
    capsys.readouterr()
    assert "has no agenda item 5" in refused(people, capsys, "meetings", "item", str(meeting_id), "--edit", "5")
    assert "--add" in mistyped(people, capsys, "meetings", "item", str(meeting_id), "--add", "A", "--remove", "1")


# Attendance and votes ------------------------------------------------------------------------------

def test_attendance_is_ticked_listed_and_counted(people, capsys):
    meeting_id = new_gathering(people, capsys)
    candidates = meetings.attendance_candidates(meeting_id)
    someone = candidates[0]
    assert auyl(people, "meetings", "attend", str(meeting_id), "--search", someone.name.split()[0]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert f"{someone.member_id}\t{someone.name}\t{someone.address}\t" in listed

    ids = [str(p.member_id) for p in candidates[:4]]
    assert auyl(people, "meetings", "attend", str(meeting_id), "--member", *ids) == 0
    state = meetings.quorum(meeting_id)
    assert capsys.readouterr().out.startswith(f"Present: 4; entitled: {state.entitled}; needed: {state.needed}")
    assert auyl(people, "meetings", "attend", str(meeting_id), "--member", ids[0], "--absent") == 0
    assert meetings.quorum(meeting_id).present == 3
    capsys.readouterr()
    assert auyl(people, "meetings", "attend", str(meeting_id), "--present") == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == sorted(
        ids[1:], key=lambda i: [p.member_id for p in candidates].index(int(i)))

    assert auyl(people, "meetings", "headcount", str(meeting_id), str(state.needed)) == 0
    assert "(head count)" in capsys.readouterr().out and meetings.quorum(meeting_id).reached
    assert auyl(people, "meetings", "headcount", str(meeting_id), "none") == 0
    assert meetings.quorum(meeting_id).present == 3

    assert "Say why" in refused(people, capsys, "meetings", "entitled", str(meeting_id), "30")
    assert auyl(people, "meetings", "entitled", str(meeting_id), "30", "--reason", "тізім ескірген") == 0
    assert "entitled: 30 (register: " in capsys.readouterr().out
    assert auyl(people, "meetings", "entitled", str(meeting_id), "none") == 0
    assert not meetings.quorum(meeting_id).overridden

    assert "not entitled" in refused(people, capsys, "meetings", "attend", str(meeting_id), "--member", "999999")
    assert "“-3”" in mistyped(people, capsys, "meetings", "headcount", str(meeting_id), "-3")


def test_votes_make_decisions_and_impossible_counts_change_nothing(people, capsys):
    meeting_id = new_gathering(people, capsys, "--item", "Жол", "--item", "Су")
    assert auyl(people, "meetings", "headcount", str(meeting_id), "50") == 0
    capsys.readouterr()
    assert auyl(people, "meetings", "vote", str(meeting_id), "1", "--for", "40", "--against", "5",
                "--abstained", "5") == 0
    out = capsys.readouterr().out
    assert "Item 1: for 40, against 5, abstained 5 (needed 26): adopted" in out
    assert "Decision 1/2026 is in the register." in out

    line = refused(people, capsys, "meetings", "vote", str(meeting_id), "2", "--for", "40", "--against", "20")
    assert "More votes than people present" in line
    assert meetings.get(meeting_id).items[1].vote is None

    assert auyl(people, "meetings", "vote", str(meeting_id), "1", "--clear") == 0
    assert "The vote on item 1 is cleared." in capsys.readouterr().out
    assert meetings.get(meeting_id).items[0].vote is None and meetings.decisions() == []
    assert "has no agenda item 3" in refused(people, capsys, "meetings", "vote", str(meeting_id), "3", "--for", "1")
    assert "No meeting with number 999" in refused(people, capsys, "meetings", "vote", "999", "1", "--for", "1")


def test_an_assembly_elects_ticks_and_votes_by_roll_call(people, capsys):
    gathering = new_gathering(people, capsys, "--item", "Сайлау")
    chosen = meetings.attendance_candidates(gathering)[:3]
    for person in chosen:
        assert auyl(people, "assembly", "elect", str(person.member_id), "--on", "2026-01-10",
                    "--meeting", str(gathering)) == 0
    assert "elected to the assembly until 10.01.2030" in capsys.readouterr().out
    assert auyl(people, "meetings", "new", "--kind", "assembly", "--date", "2026-04-01", "--time", "15:00",
                "--item", "Бюджет") == 0
    assembly = int(capsys.readouterr().out.split()[1].rstrip(":"))
    a, b, c = (str(p.member_id) for p in chosen)
    assert auyl(people, "meetings", "attend", str(assembly), "--member", a, b, c) == 0
    assert "Present: 3; entitled: 3; needed: 2; quorum reached" in capsys.readouterr().out
    assert auyl(people, "meetings", "vote", str(assembly), "1", "--roll-call", f"{a}=for", f"{b}=for",
                f"{c}=abstained") == 0
    assert "for 2, against 0, abstained 1 (needed 2): adopted" in capsys.readouterr().out
    assert meetings.roll_call(meetings.get(assembly).items[0].id) == {int(a): "for", int(b): "for", int(c): "abstained"}
    assert "roll-call vote is taken at an assembly" in refused(people, capsys, "meetings", "vote", str(gathering), "1",
                                                                "--roll-call", f"{a}=for")
    assert "twice" in refused(people, capsys, "meetings", "vote", str(assembly), "1", "--roll-call", f"{a}=for",
                              f"{a}=against")
    assert "MEMBER_ID=for" in mistyped(people, capsys, "meetings", "vote", str(assembly), "1", "--roll-call", "x=yes")


# Signing -----------------------------------------------------------------------------------------

def test_a_signed_meeting_refuses_changes_and_takes_dated_amendments(people, capsys):
    meeting_id = new_gathering(people, capsys, "--item", "Жол")
    assert "Enter the chair" in refused(people, capsys, "meetings", "sign", str(meeting_id), "--on", DAY)
    assert auyl(people, "meetings", "edit", str(meeting_id), "--chair", "Омаров Ерлан", "--secretary", "Қасымова") == 0
    assert auyl(people, "meetings", "headcount", str(meeting_id), "50") == 0
    assert auyl(people, "meetings", "sign", str(meeting_id), "--on", "2026-03-15") == 0
    assert f"The protocol of meeting {meeting_id} is signed." in capsys.readouterr().out
    before = meetings.get(meeting_id)

    for command in (("edit", str(meeting_id), "--chair", "Басқа"), ("item", str(meeting_id), "--add", "Тағы"),
                    ("vote", str(meeting_id), "1", "--for", "30"), ("headcount", str(meeting_id), "60"),
                    ("delete", str(meeting_id)), ("sign", str(meeting_id))):
        assert "signed: it can no longer change" in refused(people, capsys, "meetings", *command), command
    assert meetings.get(meeting_id) == before

    assert "before the protocol was signed" in refused(people, capsys, "meetings", "amend", str(meeting_id),
                                                       "--text", "Түзету", "--on", "2026-03-01")
    assert auyl(people, "meetings", "amend", str(meeting_id), "--text", "Хатшының тегі «Қасымова» деп оқылсын",
                "--on", "2026-03-20") == 0
    capsys.readouterr()
    assert auyl(people, "meetings", "show", str(meeting_id)) == 0
    out = capsys.readouterr().out
    assert "Signed on 15.03.2026" in out
    assert "Amendment of 20.03.2026: Хатшының тегі «Қасымова» деп оқылсын" in out


# Decisions -----------------------------------------------------------------------------------------

def test_decisions_are_listed_and_updated_keeping_what_is_not_given(people, capsys):
    meeting_id = new_gathering(people, capsys, "--item", "Жол", "--item", "Су")
    assert auyl(people, "meetings", "headcount", str(meeting_id), "50") == 0
    for item in ("1", "2"):
        assert auyl(people, "meetings", "vote", str(meeting_id), item, "--for", "45") == 0
    assert "sign it before the decision is sent" in refused(people, capsys, "decisions", "update", "1/2026",
                                                            "--sent", "2026-03-16")
    assert auyl(people, "meetings", "edit", str(meeting_id), "--chair", "Омаров Ерлан", "--secretary", "Қасымова") == 0
    assert auyl(people, "meetings", "sign", str(meeting_id), "--on", "2026-03-15") == 0
    capsys.readouterr()
    assert auyl(people, "decisions", "update", "1/2026", "--responsible", "Әкім аппараты",
                "--deadline", "2026-06-01", "--sent", "2026-03-16") == 0
    assert "Decision 1/2026 saved: " in capsys.readouterr().out
    first = meetings.decisions()[-1]
    assert auyl(people, "decisions", "update", str(first.id), "--answer-on", "2026-03-25", "--answer", "Жоспарға енгізілді",
                "--status", "done") == 0
    assert "Decision 1/2026 saved: done" in capsys.readouterr().out
    data = meetings.decision_data(first.id)
    assert (data.responsible, data.deadline, data.sent_on, data.answer_on, data.answer_text, data.status) == (
        "Әкім аппараты", date(2026, 6, 1), date(2026, 3, 16), date(2026, 3, 25), "Жоспарға енгізілді", "done")
    assert auyl(people, "decisions", "update", "1/2026", "--deadline", "none") == 0
    assert meetings.decision_data(first.id).deadline is None

    assert auyl(people, "decisions", "list", "--status", "done") == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()[1:]]
    assert len(rows) == 1 and rows[0][:6] == [str(first.id), "1/2026", "14.03.2026", "gathering (сход) № 1",
                                              "Жарлыозек", "Жол"]
    assert rows[0][-1] == "done"
    assert auyl(people, "decisions", "list", "--from", "2026-04-01") == 0
    assert capsys.readouterr().out.strip() == "No decisions found."

    assert "before the decision was sent" in refused(people, capsys, "decisions", "update", "2/2026", "--sent",
                                                     "2026-03-20", "--answer-on", "2026-03-18")
    assert meetings.decision_data(meetings.decisions()[0].id).sent_on is None
    assert "No decision numbered 9/2026" in refused(people, capsys, "decisions", "update", "9/2026", "--status", "done")
    assert "“2026-02-30”" in mistyped(people, capsys, "decisions", "update", "1/2026", "--sent", "2026-02-30")


# The assembly and holidays -----------------------------------------------------------------------

def test_assembly_members_are_listed_by_day_and_leave(people, capsys):
    someone = meetings.attendance_candidates(new_gathering(people, capsys))[0]
    assert auyl(people, "assembly", "elect", str(someone.member_id), "--on", "2026-01-10") == 0
    membership = int(capsys.readouterr().out.rsplit("membership ", 1)[1].rstrip(").\n"))
    assert auyl(people, "assembly", "list", "--on", "2026-02-01") == 0
    assert capsys.readouterr().out.split("\t")[:3] == [str(membership), str(someone.member_id), someone.name]
    assert "already a member" in refused(people, capsys, "assembly", "elect", str(someone.member_id), "--on",
                                         "2027-01-01")
    assert auyl(people, "assembly", "leave", str(membership), "--on", "2026-06-01") == 0
    capsys.readouterr()
    assert auyl(people, "assembly", "list", "--on", "2026-07-01") == 0
    assert capsys.readouterr().out.strip() == "The assembly has no members then."
    assert "No person with number 999999" in refused(people, capsys, "assembly", "elect", "999999", "--on", DAY)


def test_holidays_are_listed_translated_and_edited(database, capsys):
    assert main(["--db", str(database), "--lang", "ru", "holidays", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026: дни, установленные законом")
    assert "2026-03-22\tНаурыз мейрамы\t" in out.splitlines()
    migrate.open_database(db.sqlite_url(database))

    assert auyl(database, "holidays", "--add", "2026-05-27", "Құрбан айт") == 0
    assert capsys.readouterr().out.startswith("2026: the office's own list")
    assert auyl(database, "holidays", "--working", "03.01.2026", "Ауыстырылған", "жұмыс", "күні") == 0
    assert "2026-01-03\tАуыстырылған жұмыс күні\tworking day" in capsys.readouterr().out.splitlines()
    assert auyl(database, "holidays", "--remove", "2026-03-09") == 0
    days = {row.day: row for row in calendar.holidays(2026)}
    assert date(2026, 5, 27) in days and date(2026, 3, 9) not in days and days[date(2026, 1, 3)].working
    assert calendar.add_working_days(date(2026, 5, 26), 1) == date(2026, 5, 28)

    assert "weekday" in refused(database, capsys, "holidays", "--working", "2026-01-05")
    assert "not in the list" in refused(database, capsys, "holidays", "--remove", "2026-04-01")
    assert "not a date" in refused(database, capsys, "holidays", "--add", "2026-02-30", "Жоқ күн")
    assert calendar.is_edited(2026) and len(calendar.holidays(2026)) == len(days)

    assert auyl(database, "holidays", "--reset", "--year", "2026") == 0
    assert capsys.readouterr().out.startswith("2026: the days the law fixes")
    assert not calendar.is_edited(2026)


# Bad input -----------------------------------------------------------------------------------------

def test_unknown_meetings_villages_and_rooms_are_one_clear_line(people, capsys):
    assert "No meeting with number 42" in refused(people, capsys, "meetings", "show", "42")
    assert "No meeting with number 42" in refused(people, capsys, "meetings", "edit", "42", "--chair", "X")
    assert "No meeting with number 42" in refused(people, capsys, "meetings", "attend", "42", "--search", "")
    assert "no village called Атлантида" in refused(people, capsys, "meetings", "new", "--kind", "gathering",
                                                     "--date", DAY, "--time", "10:00", "--village", "Атлантида")
    assert "no room called Подвал" in refused(people, capsys, "meetings", "new", "--kind", "assembly", "--date", DAY,
                                              "--time", "10:00", "--room", "Подвал")
    assert "choose the village" in refused(people, capsys, "meetings", "new", "--kind", "gathering", "--date", DAY,
                                           "--time", "10:00")
    assert meetings.list_meetings() == []


@pytest.mark.parametrize("option, value", [("--date", "2026-13-45"), ("--time", "25:99")])
def test_a_bad_date_or_time_is_a_usage_error_and_adds_nothing(people, capsys, option, value):
    args = {"--date": DAY, "--time": "10:00", option: value}
    line = mistyped(people, capsys, "meetings", "new", "--kind", "gathering", "--village", "Жарлыөзек",
                    *[part for pair in args.items() for part in pair])
    assert f"“{value}”" in line
    assert meetings.list_meetings() == []


def test_help_speaks_the_chosen_language(database, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "kk", "meetings", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "отырысты дайындау" in out and "күн тәртібінің тармағын қосу" in out
