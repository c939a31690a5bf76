"""`auyl rooms …` and `auyl events …` end to end through app.main.main: every command, and each
refused input as one clear line with its exit code and nothing changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import db
from app.main import main
from app.services import events, meetings, members
from tests.test_events import booking_count

DAY = date.today() + timedelta(days=10)
D = DAY.isoformat()


@pytest.fixture
def auyl(database, capsys):
    """Runs `auyl --db DB --lang en ARGS…`; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", "en", *args])
        except SystemExit as stop:  # argparse refuses what it cannot read
            code = stop.code
        db.configure(db.sqlite_url(database))  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    return out


def refused(result, message: str, code: int = 1) -> None:
    got, out, err = result
    assert got == code and out == ""
    assert message in err and len(err.strip().splitlines()) == 1, err


def snapshot() -> tuple:
    """Everything a refused command must leave as it was."""
    return tuple(events.get(r.id) for r in events.rows()), booking_count()


def new_course(auyl, *extra: str) -> list[int]:
    out = ok(auyl("events", "new", "--title", "Компьютер курсы", "--kind", "курс", "--start", f"{D} 10:00",
                  "--end", f"{D} 12:00", "--room", "шеберхана", "--capacity", "2", "--organiser", "Айгүл Сейітова",
                  *extra))
    return [int(n) for n in out.rsplit(":", 1)[-1].replace("added.", "").replace("Event", "").split(",")]


def test_rooms_list_and_free(auyl):
    lines = ok(auyl("rooms", "list")).splitlines()
    assert lines[0] == "Мәжіліс залы\thall\t120\tbookable"
    assert "Кеңсе\toffice\t8\tnot bookable" in lines
    new_course(auyl)
    free = ok(auyl("rooms", "free", "--from", f"{D} 11:00", "--to", f"{D} 13:00")).splitlines()
    assert free == ["Мәжіліс залы\t120", "Мұражай\t30", "Шайхана\t40"]
    assert "Шеберхана" in ok(auyl("rooms", "free", "--from", f"{D} 12:00", "--to", f"{D} 13:00"))
    refused(auyl("rooms", "free", "--from", f"{D} 13:00", "--to", f"{D} 12:00"), "The end is not after the start.")
    refused(auyl("rooms", "free", "--from", f"{D} 25:00", "--to", f"{D} 12:00"), "is not a date and time", 2)


def test_new_one_event_and_a_series_then_list_and_show(auyl):
    (course,) = new_course(auyl, "--description", "Бастауыш деңгей", "--private")
    view = events.get(course)
    assert (view.data.kind, view.rooms, view.data.capacity, view.data.public) == (
        "Курс (курс)", ("Шеберхана",), 2, False)
    out = ok(auyl("events", "new", "--title", "Тігін", "--kind", "Курс", "--start", f"{D} 15:00",
                  "--end", f"{D} 17:00", "--room", "Шеберхана", "--repeat",
                  f"{DAY:%a},{DAY + timedelta(days=3):%a}".lower(), "--until",
                  (DAY + timedelta(days=13)).isoformat()))
    assert out.startswith("4 events added: ")
    listed = ok(auyl("events", "list", "--from", D, "--to", D)).splitlines()
    assert len(listed) == 2 and listed[0].startswith(f"{course}\t{DAY:%d.%m.%Y} 10:00–12:00\tКомпьютер курсы\tКурс")
    assert "registered: 0/2" in listed[0] and listed[1].endswith("series")
    assert len(ok(auyl("events", "list", "--kind", "праздник")).splitlines()) == 1  # “No events found.”
    shown = ok(auyl("events", "show", str(course)))
    assert f"Event {course}: Компьютер курсы" in shown and "Open to: invited people only" in shown
    assert "Capacity: 2" in shown and "Organiser: Айгүл Сейітова" in shown


def test_a_clash_names_the_other_booking_and_offers_the_free_rooms_and_changes_nothing(auyl):
    new_course(auyl)
    meetings.create(meetings.MeetingData("gathering", datetime.combine(DAY, datetime.min.time()).replace(hour=14),
                                         village_id=1, room_id=1))
    before = snapshot()
    refused(auyl("events", "new", "--title", "Той", "--kind", "мереке", "--start", f"{D} 11:30",
                 "--end", f"{D} 13:00", "--room", "Шеберхана"),
            f"Шеберхана is taken by «Компьютер курсы» from {DAY:%d.%m.%Y} 10:00 to 12:00. "
            "Free at that time: Мәжіліс залы, Мұражай, Шайхана.")
    # A series clashing on one of its days creates none of them.
    refused(auyl("events", "new", "--title", "Хор", "--kind", "мереке", "--start", f"{DAY - timedelta(days=7)} 13:00",
                 "--end", f"{DAY - timedelta(days=7)} 15:00", "--room", "мәжіліс залы", "--repeat",
                 DAY.strftime("%a").lower(), "--until", D), "is taken by «№ 1/")
    assert snapshot() == before


@pytest.mark.parametrize("args, message, code", [
    (("--start", f"{D} 12:00", "--end", f"{D} 10:00"), "The event ends before it starts.", 1),
    (("--room", "Спортзал"), "The centre has no room called Спортзал.", 1),
    (("--room", "Кеңсе"), "Кеңсе is not booked for events or meetings.", 1),
    (("--capacity", "-5"), "The capacity cannot be negative.", 1),
    (("--kind", "концерт"), "Unknown kind of event “концерт”", 1),
    (("--title", " "), "The event has no title.", 1),
    (("--grant", "99"), "No grant with number 99.", 1),
    (("--repeat", "mon"), "Give --repeat and --until together.", 1),
    (("--repeat", "someday", "--until", D), "write the weekdays as mon,tue", 2),
    (("--start", "tomorrow 10:00"), "“tomorrow 10:00” is not a date and time", 2),
])
def test_bad_input_for_a_new_event_is_refused_in_one_line(auyl, args, message, code):
    base = {"--title": "Курс", "--kind": "курс", "--start": f"{D} 10:00", "--end": f"{D} 12:00"}
    for option, value in zip(args[::2], args[1::2]):
        base[option] = value
    refused(auyl("events", "new", *[part for pair in base.items() for part in pair]), message, code)
    assert events.rows() == []


def test_edit_move_and_delete_one_or_the_series(auyl):
    out = ok(auyl("events", "new", "--title", "Домбыра", "--kind", "курс", "--start", f"{D} 16:00", "--end",
                  f"{D} 17:30", "--room", "Мұражай", "--repeat", DAY.strftime("%a").lower(), "--until",
                  (DAY + timedelta(days=21)).isoformat()))
    ids = [int(n) for n in out.split(": ")[1].split(", ")]
    assert len(ids) == 4
    assert ok(auyl("events", "edit", str(ids[0]), "--title", "Домбыра үйірмесі", "--series", "--start",
                   f"{D} 15:00")) == f"Event {ids[0]} saved.\n"
    assert [(events.get(i).data.title, events.get(i).data.starts_at.hour, events.get(i).data.ends_at.minute)
            for i in ids] == [("Домбыра үйірмесі", 15, 30)] * 4  # the length kept: 15:00–16:30
    ok(auyl("events", "edit", str(ids[1]), "--capacity", "10", "--room", "Шайхана", "--public"))
    assert events.get(ids[1]).rooms == ("Шайхана",) and events.get(ids[1]).series_id is None
    moved = ok(auyl("events", "move", str(ids[2]), "--start", f"{DAY + timedelta(days=15)} 10:00", "--end",
                    f"{DAY + timedelta(days=15)} 11:00"))
    assert moved.startswith(f"Event {ids[2]} moved to") and events.get(ids[2]).data.starts_at.hour == 10
    before = snapshot()
    refused(auyl("events", "move", str(ids[2]), "--start", f"{D} 11:00", "--end", f"{D} 10:00"),
            "The event ends before it starts.")
    refused(auyl("events", "edit", "999", "--title", "x"), "No event with number 999.")
    assert snapshot() == before
    # Changed on their own, the second and third left the series; the first and the last are in it.
    assert ok(auyl("events", "delete", str(ids[1]), "--series")) == f"Event {ids[1]} deleted.\n"
    assert ok(auyl("events", "delete", str(ids[0]), "--series")) == "2 events of the series deleted.\n"
    assert [r.id for r in events.rows()] == [ids[2]]


def test_registering_past_capacity_puts_people_on_the_waiting_list(auyl):
    (course,) = new_course(auyl)
    member = members.create(members.MemberData("Мұқанов", "Ерлан", 1, patronymic="Серікұлы", sex="M"))
    assert ok(auyl("events", "register", str(course), "--member", str(member))) == (
        "Мұқанов Ерлан Серікұлы registered (registration 1).\n")
    out = ok(auyl("events", "register", str(course), "--guest", "Асқар Нұрланов", "--phone", "8 701 123 45 67"))
    assert out == "Асқар Нұрланов registered (registration 2).\n"
    out = ok(auyl("events", "register", str(course), "--guest", "Сәуле"))
    assert out == "The event is full: Сәуле is on the waiting list (registration 3).\n"
    before = snapshot()
    refused(auyl("events", "register", str(course), "--member", str(member)), "This person is registered already.")
    refused(auyl("events", "register", str(course), "--member", str(member), "--phone", "87011234567"),
            "Give --phone with --guest")
    refused(auyl("events", "register", str(course), "--guest", "Дана", "--phone", "12"), "A phone number has 10 digits")
    refused(auyl("events", "attended", "3"), "This person is on the waiting list, not registered.")
    refused(auyl("events", "cancel", "77"), "No registration with number 77.")
    assert snapshot() == before
    assert ok(auyl("events", "attended", "2")) == "Registration 2: attended.\n"
    assert ok(auyl("events", "cancel", "1")) == "Registration 1 cancelled.\n"
    shown = ok(auyl("events", "show", str(course)))
    assert "Registered: 2; waiting: 0; attended: 1" in shown and "Waiting list:" not in shown
    assert "\tСәуле\t" in shown and "+77011234567" in shown
    assert ok(auyl("events", "attended", "2", "--no")) == "Registration 2: did not come.\n"
    refused(auyl("events", "edit", str(course), "--capacity", "1"),
            "2 people are registered already: the capacity cannot be less.")


def test_the_calendar_lists_events_and_meetings_day_by_day(auyl):
    new_course(auyl)
    meetings.create(meetings.MeetingData("gathering", datetime.combine(DAY + timedelta(days=1),
                                                                       datetime.min.time()).replace(hour=15),
                                         village_id=1, room_id=1))
    out = ok(auyl("events", "calendar", "--from", D, "--to", (DAY + timedelta(days=2)).isoformat())).splitlines()
    assert out[0] == f"{DAY:%d.%m.%Y}"
    assert out[1] == "  10:00–12:00\tШеберхана\tКомпьютер курсы\tКурс\tevent 1"
    assert out[2] == f"{DAY + timedelta(days=1):%d.%m.%Y}"
    assert out[3].startswith("  15:00–17:00\tМәжіліс залы\t№ 1/") and out[3].endswith("\tmeeting\tmeeting 1")
    empty = ok(auyl("events", "calendar", "--from", (DAY + timedelta(days=30)).isoformat()))
    assert empty.startswith("No bookings from")
    refused(auyl("events", "calendar", "--from", D, "--to", (DAY - timedelta(days=1)).isoformat()),
            "The period ends before it starts.")
