"""A demo year of the centre's events: courses as series (a computer course on Tuesdays and Thursdays
for eight weeks, a sewing workshop on Saturdays, a Kazakh class, a dombra circle), the celebrations
(Nauryz on 21–23 March, Independence Day, the village day and the rest), trainings, fairs, sport and
meetings with officials, across the bookable rooms, ending a month after ``today``. People of the
register (and a few guests) register up to capacity, some on a waiting list; attendance is ticked
for the events already held, some 70–90 % of those registered.

Events are planned through the events service, so every booking passes the clash check; times are
chosen around the rooms' bookings already made (the demo meetings') and those planned here, and a
clash that still happens only drops that event. Registrations are written in one go, as the service
would leave them (the first ``capacity`` registered, the rest waiting): one write per registration
would take a minute. Deterministic for a seed and a day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select

from app import clock
from app.db import unit_of_work
from app.demo.members import KK_FEMALE, KK_MALE, KK_SURNAMES, PHONE_CODES, female
from app.models import Booking, Event, EventSeries, Member, Registration
from app.services import events, grants, settings
from app.services.events import EventData, Repeat, RoomClash

DAYS_BEFORE = 335  # with the month ahead, about a year of events
DAYS_AHEAD = 30

COURSE, CELEBRATION, TRAINING, FAIR, SPORT, MEETING = range(6)  # positions in the district's default kinds
KK_SHARE = 0.7  # most titles are written in Kazakh, the rest in Russian


@dataclass(frozen=True)
class Plan:
    title: tuple[str, str]  # (kk, ru)
    kind: int
    starts: time
    ends: time
    rooms: tuple[str, ...]  # room kinds in order of preference; the first free one is booked
    capacity: int | None
    organiser: tuple[str, str]
    public: bool = True
    funded: bool = False  # linked to a grant, when the district has one running then


CULTURE = ("Мәдениет үйі", "Дом культуры")
AKIMAT = ("Ауыл әкімі аппараты", "Аппарат акима села")
YOUTH = ("Жастар ресурстық орталығы", "Молодёжный ресурсный центр")
EMPLOYMENT = ("Халықты жұмыспен қамту орталығы", "Центр занятости населения")
SPORT_CLUB = ("«Жарлыөзек» спорт клубы", "Спортклуб «Жарлыөзек»")

# Courses: (plan, weekdays, weeks, first day as days after the window's start).
COURSES = (
    (Plan(("Компьютерлік сауаттылық курсы", "Курс компьютерной грамотности"), COURSE, time(15), time(17),
          ("classroom", "workshop", "museum"), 12, ("Айгүл Сейітова", "Айгуль Сеитова"), funded=True), (1, 3), 8, 20),
    (Plan(("Компьютерлік сауаттылық курсы (2-топ)", "Курс компьютерной грамотности (2-я группа)"), COURSE,
          time(15), time(17), ("classroom", "workshop", "museum"), 12, ("Айгүл Сейітова", "Айгуль Сеитова"),
          funded=True), (1, 3), 8, 215),
    (Plan(("Тігін шеберханасы", "Швейная мастерская"), COURSE, time(10), time(13), ("workshop",), 10,
          ("Гүлнар Омарова", "Гульнар Омарова")), (5,), 14, 45),
    (Plan(("Тігін шеберханасы: ұлттық киім", "Швейная мастерская: национальная одежда"), COURSE, time(10),
          time(13), ("workshop",), 10, ("Гүлнар Омарова", "Гульнар Омарова")), (5,), 12, 250),
    (Plan(("Ересектерге арналған қазақ тілі курсы", "Курсы казахского языка для взрослых"), COURSE, time(18),
          time(19, 30), ("classroom", "museum", "tea_house"), 20, ("Сәуле Жұмабаева", "Сауле Жумабаева")),
     (0, 2), 10, 100),
    (Plan(("Домбыра үйірмесі", "Кружок игры на домбре"), COURSE, time(16), time(17, 30),
          ("museum", "classroom", "tea_house"), 15, ("Ерлан Қасымов", "Ерлан Касымов")), (4,), 16, 190),
)

# One-off events: (plan, (month, day) or a days-after-start offset, how many days it lasts).
CELEBRATIONS = (
    (Plan(("Наурыз мейрамы: салтанатты ашылу", "Наурыз: торжественное открытие"), CELEBRATION, time(11), time(14),
          ("hall",), None, CULTURE), (3, 21)),
    (Plan(("Наурыз көже дастарханы", "Наурызовское угощение: наурыз-коже"), CELEBRATION, time(12), time(16),
          ("tea_house", "hall"), None, CULTURE), (3, 22)),
    (Plan(("Наурыз ойындары мен жастар кеші", "Наурызовские игры и вечер молодёжи"), CELEBRATION, time(15),
          time(21), ("hall",), None, YOUTH), (3, 23)),
    (Plan(("Халықаралық әйелдер күніне арналған концерт", "Концерт к Международному женскому дню"), CELEBRATION,
          time(15), time(17), ("hall",), None, CULTURE), (3, 7)),
    (Plan(("Жеңіс күні: ардагерлерге құрмет", "День Победы: чествование ветеранов"), CELEBRATION, time(10),
          time(12), ("hall",), None, AKIMAT), (5, 9)),
    (Plan(("Балаларды қорғау күні мерекесі", "Праздник ко Дню защиты детей"), CELEBRATION, time(10), time(13),
          ("hall",), None, CULTURE), (6, 1)),
    (Plan(("Ауыл күні", "День села"), CELEBRATION, time(11), time(18), ("hall", "tea_house"), None, AKIMAT), (9, 13)),
    (Plan(("Қарттар күніне арналған шай кеші", "Чаепитие ко Дню пожилых людей"), CELEBRATION, time(15), time(18),
          ("tea_house",), 40, CULTURE), (10, 1)),
    (Plan(("Тәуелсіздік күніне арналған салтанатты жиын", "Торжественное собрание ко Дню Независимости"),
          CELEBRATION, time(11), time(13), ("hall",), None, AKIMAT), (12, 16)),
    (Plan(("Жаңа жылдық балалар ертеңгілігі", "Новогодний утренник для детей"), CELEBRATION, time(11), time(13),
          ("hall",), 80, CULTURE), (12, 28)),
    (Plan(("Күзгі ауыл шаруашылығы жәрмеңкесі", "Осенняя сельскохозяйственная ярмарка"), FAIR, time(9), time(15),
          ("hall", "tea_house"), None, AKIMAT), (10, 11)),
    (Plan(("Наурыз жәрмеңкесі", "Наурызовская ярмарка"), FAIR, time(9), time(11), ("tea_house",), None, AKIMAT),
     (3, 21)),
    (Plan(("Қолөнер шеберлерінің жәрмеңкесі", "Ярмарка мастеров-ремесленников"), FAIR, time(10), time(15),
          ("museum", "hall"), None, CULTURE), (12, 20)),
)

TRAININGS = (
    Plan(("Кәсіпкерлік негіздері", "Основы предпринимательства"), TRAINING, time(10), time(13),
         ("hall", "museum"), 25, EMPLOYMENT, funded=True),
    Plan(("Отбасылық бюджетті жоспарлау", "Планирование семейного бюджета"), TRAINING, time(14), time(16),
         ("museum", "hall"), 25, EMPLOYMENT, funded=True),
    Plan(("Алғашқы медициналық көмек көрсету", "Оказание первой медицинской помощи"), TRAINING, time(10),
         time(12), ("museum", "hall"), 20, ("Ауылдық амбулатория", "Сельская врачебная амбулатория")),
    Plan(("eGov порталы арқылы мемлекеттік қызметтер", "Госуслуги через портал eGov"), TRAINING, time(15),
         time(17), ("classroom", "workshop", "museum"), 12, YOUTH),
    Plan(("Өрт қауіпсіздігі және төтенше жағдайлар", "Пожарная безопасность и чрезвычайные ситуации"), TRAINING,
         time(11), time(12, 30), ("hall",), 40, AKIMAT),
    Plan(("Жылыжай шаруашылығы: көшет өсіру", "Тепличное хозяйство: выращивание рассады"), TRAINING, time(10),
         time(13), ("museum", "hall"), 20, EMPLOYMENT, funded=True),
    Plan(("Интернеттегі алаяқтықтан сақтану", "Как уберечься от мошенников в интернете"), TRAINING, time(16),
         time(17, 30), ("tea_house", "museum"), 30, YOUTH),
)

SPORTS = (
    Plan(("Тоғызқұмалақ турнирі", "Турнир по тогызкумалак"), SPORT, time(10), time(15), ("tea_house", "museum"), 24,
         SPORT_CLUB),
    Plan(("Үстел теннисі жарысы", "Соревнования по настольному теннису"), SPORT, time(10), time(14), ("hall",), 32,
         SPORT_CLUB),
    Plan(("Асық ату жарысы", "Соревнования по асык ату"), SPORT, time(11), time(14), ("hall",), 30, YOUTH),
    Plan(("Шахмат турнирі", "Шахматный турнир"), SPORT, time(10), time(14), ("tea_house", "museum"), 20, SPORT_CLUB),
)

MEETINGS = (
    Plan(("Аудан әкімімен кездесу", "Встреча с акимом района"), MEETING, time(11), time(13), ("hall",), None,
         AKIMAT),
    Plan(("Учаскелік полиция инспекторымен кездесу", "Встреча с участковым инспектором полиции"), MEETING,
         time(17), time(18), ("museum", "hall"), None, AKIMAT),
    Plan(("Түлектермен кездесу: мамандық таңдау", "Встреча с выпускниками: выбор профессии"), MEETING, time(15),
         time(17), ("museum", "hall"), 30, YOUTH),
)

ALTERNATIVE_STARTS = (time(10), time(14), time(16), time(18))  # when the planned time is taken


class _Rooms:
    """The bookable rooms and what is booked in them, to choose times that do not clash."""

    def __init__(self, start: date, end: date):
        rooms = [r for r in settings.rooms(include_inactive=False) if r.bookable]
        self.by_kind: dict[str, list[int]] = {}
        for room in rooms:
            self.by_kind.setdefault(room.kind, []).append(room.id)
        self.all = [r.id for r in rooms]
        self.taken: dict[int, list[tuple[datetime, datetime]]] = {}
        for entry in events.calendar(start, end):
            self.book(entry.room_id, entry.starts_at, entry.ends_at)

    def book(self, room_id: int, starts: datetime, ends: datetime) -> None:
        self.taken.setdefault(room_id, []).append((starts, ends))

    def free(self, room_id: int, starts: datetime, ends: datetime) -> bool:
        return all(e <= starts or s >= ends for s, e in self.taken.get(room_id, ()))

    def choices(self, preferred: tuple[str, ...]) -> list[int]:
        """The rooms of the preferred kinds in order, then any other bookable room."""
        ids = [room for kind in preferred for room in self.by_kind.get(kind, [])]
        return ids + [room for room in self.all if room not in ids]

    def place(self, plan: Plan, days: list[date], together: int = 1) -> tuple[tuple[int, ...], time, time] | None:
        """Rooms (``together`` of them for a big day) and times free on every one of ``days``."""
        length = datetime.combine(date.min, plan.ends) - datetime.combine(date.min, plan.starts)
        for start in (plan.starts, *ALTERNATIVE_STARTS):
            end = (datetime.combine(date.min, start) + length).time()
            if end <= start:
                continue
            rooms = [room for room in self.choices(plan.rooms)
                     if all(self.free(room, datetime.combine(d, start), datetime.combine(d, end)) for d in days)]
            if rooms:
                return tuple(rooms[:together]), start, end
        return None


def _dated(month_day: tuple[int, int], start: date, end: date) -> list[date]:
    """The day (month, day) in every year it falls inside the window."""
    days = []
    for year in range(start.year, end.year + 1):
        try:
            day = date(year, *month_day)
        except ValueError:
            continue
        if start <= day <= end:
            days.append(day)
    return days


def _weekday(day: date, weekdays: tuple[int, ...]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


class _Office:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.start, self.end = today - timedelta(days=DAYS_BEFORE), today + timedelta(days=DAYS_AHEAD)
        self.rooms = _Rooms(self.start, self.end)
        self.kinds = events.kinds()
        self.grants = grants.list_grants()
        self.planned: list[tuple[list[int], Plan]] = []  # the ids of an event or a series, and its plan

    def kind(self, index: int) -> str:
        return self.kinds[min(index, len(self.kinds) - 1)]

    def grant_for(self, plan: Plan, day: date) -> int | None:
        running = [g.id for g in self.grants if g.starts_on <= day <= g.ends_on]
        return self.rng.choice(running) if plan.funded and running else None

    def plan(self, plan: Plan, first: date, repeat: Repeat | None = None, together: int = 1) -> None:
        days = [first] if repeat is None else [first + timedelta(n) for n in range((repeat.until - first).days + 1)
                                               if (first + timedelta(n)).weekday() in repeat.weekdays]
        placed = self.rooms.place(plan, days, together)
        if placed is None:
            return
        rooms, starts, ends = placed
        lang = 0 if self.rng.random() < KK_SHARE else 1
        data = EventData(plan.title[lang], self.kind(plan.kind), datetime.combine(first, starts),
                         datetime.combine(first, ends), rooms, plan.organiser[lang], public=plan.public,
                         capacity=plan.capacity, grant_id=self.grant_for(plan, first))
        try:
            ids = events.create(data, repeat)
        except RoomClash:  # a booking the plan did not know of: the demo goes on without this one
            return
        for day in days:
            for room in rooms:
                self.rooms.book(room, datetime.combine(day, starts), datetime.combine(day, ends))
        self.planned.append((ids, plan))

    def one_offs(self) -> None:
        for plan, month_day in CELEBRATIONS:
            big = plan.kind in (CELEBRATION, FAIR) and len(plan.rooms) > 1
            for day in _dated(month_day, self.start, self.end):
                self.plan(plan, day, together=2 if big else 1)
        # Trainings about twice a month, sport and meetings with officials about monthly, on weekdays
        # (sport on Saturdays), spread over the whole window.
        for plans, every, weekdays in ((TRAININGS, 16, (1, 2, 3)), (SPORTS, 45, (5,)), (MEETINGS, 40, (0, 2, 4))):
            day, index = self.start + timedelta(days=self.rng.randint(3, 12)), 0
            while (held := _weekday(day, weekdays)) <= self.end:
                self.plan(plans[index % len(plans)], held)
                index += 1
                day += timedelta(days=every + self.rng.randint(-4, 4))

    def courses(self) -> None:
        for plan, weekdays, weeks, offset in COURSES:
            first = _weekday(self.start + timedelta(days=offset), weekdays)
            if first > self.end:
                continue
            until = min(first + timedelta(weeks=weeks) - timedelta(days=1), self.end)
            self.plan(plan, first, Repeat(weekdays, until))


class _People:
    """Who registers: adults of the register, and now and then a guest from elsewhere."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        adult = today - timedelta(days=16 * 365)
        with unit_of_work() as session:
            self.members = list(session.scalars(
                select(Member.id).where(Member.erased_at.is_(None), Member.birth_date <= adult).order_by(Member.id)))

    def group(self, size: int) -> list[tuple[int | None, str, str]]:
        rng = self.rng
        members = rng.sample(self.members, min(size, len(self.members)))
        people = [(member, "", "") for member in members]
        for _ in range(size - len(members) + sum(rng.random() < 0.05 for _ in members)):
            sex = rng.choice("MF")
            given = rng.choice(KK_MALE if sex == "M" else KK_FEMALE)
            surname = rng.choice(KK_SURNAMES)
            people.append((None, f"{given} {surname if sex == 'M' else female(surname)}",
                           f"+7{rng.choice(PHONE_CODES)}{rng.randint(0, 9_999_999):07d}"))
        rng.shuffle(people)
        return people


def _register(rng: random.Random, office: _Office, people: _People, now: datetime) -> None:
    """Registrations for every planned event, in one write: a course's group comes to each lesson."""
    with unit_of_work() as session:
        for ids, plan in office.planned:
            rows = list(session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.starts_at)))
            if plan.capacity is not None:
                wanted = plan.capacity + rng.choice((-3, -1, 0, 1, 2, 4))
            else:
                wanted = rng.randint(15, 45) if plan.kind in (CELEBRATION, FAIR) else rng.randint(8, 25)
            group = people.group(max(3, wanted))
            opened = rows[0].starts_at - timedelta(days=rng.randint(7, 21))
            showing = rng.uniform(0.7, 0.9)  # how many of the group come, on the whole
            for event in rows:
                # For the coming weeks registration is still open: so far about half have come.
                coming = group if event.starts_at <= now else group[:len(group) // 2]
                for place, (member, name, phone) in enumerate(coming):
                    waiting = event.capacity is not None and place >= event.capacity
                    at = min(opened + timedelta(minutes=37 * place), event.starts_at - timedelta(hours=1), now)
                    came = not waiting and event.ends_at <= now and rng.random() < showing
                    session.add(Registration(event_id=event.id, member_id=member, guest_name=name,
                                             guest_phone=phone, registered_at=at, waiting=waiting, attended=came))


def generate_events(seed: int, today: date | None = None) -> int:
    """Adds the demo year of events, unless the database has events already; returns how many it
    added. On any error it takes back what it added."""
    today = today or clock.today()
    with unit_of_work() as session:
        if session.scalar(select(func.count()).select_from(Event)):
            return 0
    rng = random.Random(f"events-{seed}")
    try:
        office = _Office(rng, today)
        if not office.rooms.all or not office.kinds:
            return 0
        office.courses()  # first: the rooms' regular users; one-off days find their time around them
        office.one_offs()
        _register(rng, office, _People(rng, today), datetime.combine(today, time(9)))
    except BaseException:
        with unit_of_work() as session:
            session.execute(delete(Registration))
            session.execute(delete(Booking).where(Booking.event_id.is_not(None)))
            session.execute(delete(Event))
            session.execute(delete(EventSeries))
        raise
    return events.count()
