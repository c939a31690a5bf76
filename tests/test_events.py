"""Events and room bookings on a real database: overlaps at their edges, series, capacity and the
waiting list, two windows booking at once, and the period's figures."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import db
from app.errors import ValidationError
from app.models import Booking
from app.services import bookings, events, meetings, periods, settings
from app.services.events import EventData, Repeat, RoomClash

pytestmark = pytest.mark.every_database

COURSE = "Курс (курс)"
HALL, OFFICE, WORKSHOP = 1, 2, 3  # rooms seeded by migration 0001 (the office is not bookable)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 2, day, hour, minute)


def event(title="Computer course", start=at(2, 10), end=at(2, 12), rooms=(HALL,), **changes) -> int:
    return events.create(EventData(title, COURSE, start, end, rooms, **changes))[0]


def booking_count() -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Booking))


# Overlaps ------------------------------------------------------------------------------------------

def test_touching_end_and_start_is_not_a_clash(database):
    event(end=at(2, 12))
    event("Next", start=at(2, 12), end=at(2, 13))
    assert booking_count() == 2


@pytest.mark.parametrize("start, end", [(at(2, 11, 59), at(2, 13)), (at(2, 9), at(2, 10, 1)),
                                        (at(2, 10), at(2, 12)), (at(2, 10, 30), at(2, 11)), (at(2, 9), at(2, 13))])
def test_the_same_minute_is_a_clash_naming_the_other_event_and_offering_free_rooms(database, start, end):
    event()
    with pytest.raises(RoomClash) as clash:
        event("Wedding", start=start, end=end)
    assert "Computer course" in str(clash.value) and "02.02.2027 10:00" in str(clash.value)
    assert [room.name for room in clash.value.free_rooms] == ["Шеберхана", "Мұражай", "Шайхана"]
    assert booking_count() == 1 and len(events.rows()) == 1


def test_other_rooms_at_the_same_time_are_free(database):
    event()
    event("Pottery", rooms=(WORKSHOP,))
    assert [r.name for r in events.free_rooms(at(2, 10), at(2, 12))] == ["Мұражай", "Шайхана"]


def test_a_meeting_books_its_room_through_the_same_check(database):
    event()
    with pytest.raises(RoomClash, match="Computer course"):
        meetings.create(meetings.MeetingData("gathering", at(2, 11), village_id=1, room_id=HALL))
    meeting = meetings.create(meetings.MeetingData("gathering", at(2, 12), village_id=1, room_id=HALL,
                                                   ends_at=at(2, 14)))
    with pytest.raises(RoomClash, match="№ 1/2027"):
        event("Concert", start=at(2, 13), end=at(2, 15))
    entries = events.calendar(date(2027, 2, 2), date(2027, 2, 2))
    assert [(e.kind, e.meeting_id) for e in entries] == [(COURSE, None), ("meeting", meeting)]


def test_unbookable_or_unknown_rooms_and_bad_times_are_refused(database):
    for rooms, field in (((OFFICE,), "rooms"), ((99,), "rooms")):
        with pytest.raises(ValidationError) as error:
            event(rooms=rooms)
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        event(start=at(2, 12), end=at(2, 10))
    assert error.value.field == "ends_at"
    with pytest.raises(ValidationError) as error:
        event(capacity=-1)
    assert error.value.field == "capacity"
    assert events.rows() == [] and booking_count() == 0


def test_the_database_refuses_an_overlap_the_service_did_not_see(database):
    first = event()
    with pytest.raises(IntegrityError):
        with db.unit_of_work() as session:
            session.add(Booking(room_id=HALL, starts_at=at(2, 11), ends_at=at(2, 13), event_id=first))
    assert booking_count() == 1


def test_two_windows_booking_one_room_at_once_cannot_both_win(database):
    """Both check the room while it is free, then both write: one booking is kept, never two."""
    checked = threading.Barrier(2)
    outcomes = []

    def window(title: str) -> None:
        try:
            with db.unit_of_work() as session:
                assert bookings.overlapping(session, HALL, at(2, 10), at(2, 12)) is None
                checked.wait(timeout=10)
                session.add(Booking(room_id=HALL, starts_at=at(2, 10), ends_at=at(2, 12),
                                    meeting_id=meetings_ids[title]))
            outcomes.append("booked")
        except Exception as error:  # the loser: locked out or refused by the trigger
            outcomes.append(type(error).__name__)

    meetings_ids = {title: meetings.create(meetings.MeetingData("gathering", at(day, 9), village_id=1))
                    for day, title in ((3, "A"), (4, "B"))}
    threads = [threading.Thread(target=window, args=(title,)) for title in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) in (["DatabaseError", "booked"], ["IntegrityError", "booked"])
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Booking).where(Booking.room_id == HALL)) == 1


# Series --------------------------------------------------------------------------------------------

def course() -> list[int]:
    """Tuesdays and Thursdays for eight weeks."""
    return events.create(EventData("Computer course", COURSE, at(2, 10), at(2, 12), (HALL,), capacity=12),
                         Repeat((1, 3), date(2027, 3, 25)))


def test_a_series_is_created_whole_or_not_at_all(database):
    event("Wedding", start=at(25, 11), end=at(25, 13))  # Thursday of the fourth week
    with pytest.raises(RoomClash, match="Wedding"):
        course()
    assert len(events.rows()) == 1
    assert len(course_without_clash()) == 16


def course_without_clash() -> list[int]:
    return events.create(EventData("Computer course", COURSE, at(2, 14), at(2, 16), (HALL,)),
                         Repeat((1, 3), date(2027, 3, 25)))


def test_one_occurrence_changes_alone_and_leaves_the_series(database):
    ids = course()
    moved = events.get(ids[3]).data
    events.update(ids[3], EventData(moved.title, COURSE, moved.starts_at.replace(hour=15),
                                    moved.ends_at.replace(hour=17), (WORKSHOP,), capacity=12))
    view = events.get(ids[3])
    assert (view.data.starts_at.hour, view.rooms, view.series_id) == (15, ("Шеберхана",), None)
    assert all(events.get(i).data.starts_at.hour == 10 for i in ids if i != ids[3])


def test_the_whole_series_changes_together_with_the_clash_check(database):
    ids = course()
    event("Choir", start=at(11, 13), end=at(11, 14), rooms=(WORKSHOP,))
    first = events.get(ids[0]).data
    later = EventData("Computer course for beginners", COURSE, first.starts_at.replace(hour=13),
                      first.ends_at.replace(hour=15), (WORKSHOP,), capacity=12)
    with pytest.raises(RoomClash, match="Choir"):
        events.update(ids[0], later, whole_series=True)
    assert {events.get(i).data.title for i in ids} == {"Computer course"}
    events.update(ids[0], EventData(later.title, COURSE, later.starts_at, later.ends_at, (HALL,), capacity=12),
                  whole_series=True)
    assert {(events.get(i).data.title, events.get(i).data.starts_at.hour) for i in ids} == {(later.title, 13)}
    events.delete(ids[5], whole_series=True)
    assert events.rows() == [r for r in events.rows() if not r.series]


def test_a_series_repeating_too_long_or_without_weekdays_is_refused(database):
    base = EventData("Daily", COURSE, at(2, 8), at(2, 9), (HALL,))
    for repeat in (Repeat((), date(2027, 3, 1)), Repeat((0, 1, 2, 3, 4, 5, 6), date(2029, 1, 1)),
                   Repeat((1,), date(2027, 1, 1))):
        with pytest.raises(ValidationError) as error:
            events.create(base, repeat)
        assert error.value.field == "repeat"
    assert events.rows() == []


def test_moving_an_event_keeps_its_rooms_and_checks_them(database):
    first, second = event(), event("Pottery", start=at(2, 14), end=at(2, 15))
    with pytest.raises(RoomClash):
        events.move(second, at(2, 11), at(2, 12))
    events.move(second, at(2, 12), at(2, 13))
    assert events.get(second).rooms == ("Мәжіліс залы",) and events.get(first).data.starts_at == at(2, 10)


# Registrations -------------------------------------------------------------------------------------

def test_registrations_up_to_capacity_then_a_waiting_list(database):
    lecture = event(capacity=2)
    first = events.register(lecture, guest_name="Айгүл", guest_phone="87011234567")
    events.register(lecture, guest_name="Бақыт")
    third = events.register(lecture, guest_name="Гүлнар")
    assert (first.waiting, third.waiting, first.phone) == (False, True, "+77011234567")
    view = events.get(lecture)
    assert (view.registered, view.waiting) == (2, 1)
    with pytest.raises(ValidationError, match="waiting list"):
        events.set_attended(third.id)
    events.cancel_registration(first.id)
    view = events.get(lecture)
    assert (view.registered, view.waiting) == (2, 0)
    events.set_attended(third.id)
    assert events.get(lecture).attended == 1


def test_capacity_cannot_drop_below_those_registered(database):
    lecture = event(capacity=3)
    for name in ("A", "B", "C"):
        events.register(lecture, guest_name=name)
    data = events.get(lecture).data
    with pytest.raises(ValidationError, match="cannot be less"):
        events.update(lecture, EventData(**{**data.__dict__, "capacity": 2}))
    assert events.get(lecture).data.capacity == 3


def test_a_registration_needs_a_person_and_only_once(database):
    from app.services import members

    person = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", village_id=1,
                                               birth_date=date(1970, 1, 1), sex="M"))
    lecture = event()
    assert events.register(lecture, member_id=person).name == "Мұқанов Ерлан"
    with pytest.raises(ValidationError, match="registered already"):
        events.register(lecture, member_id=person)
    with pytest.raises(ValidationError, match="guest's name"):
        events.register(lecture, guest_name="  ")
    with pytest.raises(ValidationError):
        events.register(lecture, guest_name="Guest", guest_phone="123")
    assert events.get(lecture).registered == 1


# The period ----------------------------------------------------------------------------------------

def test_the_period_counts_events_participants_and_room_hours(database):
    ids = course()
    for name in ("A", "B"):
        registration = events.register(ids[0], guest_name=name)
        events.set_attended(registration.id)
    event("Nauryz celebration", start=at(3, 10), end=at(3, 14), rooms=(WORKSHOP,))
    figures = events.period(periods.of(date(2027, 2, 1), date(2027, 2, 28), today=date(2027, 3, 1)))
    assert figures.events_by_kind == {COURSE: 9}
    assert (figures.registered_by_kind[COURSE], figures.attended_by_kind[COURSE]) == (2, 2)
    assert figures.room_hours == {"Мәжіліс залы": 16.0, "Шеберхана": 4.0}
    assert figures.events_held == 9


def test_room_kinds_and_bookable_are_settings(database):
    rooms = settings.rooms()
    assert [(r.name, r.kind, r.bookable) for r in rooms][:2] == [("Мәжіліс залы", "hall", True),
                                                                ("Кеңсе", "office", False)]
    with pytest.raises(ValidationError, match="Unknown kind of room"):
        settings.save_rooms([settings.RoomRow(None, "Garage", kind="garage")])
