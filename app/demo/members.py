"""The demo's people: households of Kazakh and Russian families in the district's villages, with
valid IINs, and the names the other demo generators draw from.

Deterministic for a given seed: the same seed gives the same people on any machine and any day.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable
from datetime import date, timedelta
from operator import itemgetter

from sqlalchemy import bindparam, func, select, update

from app import clock
from app.db import unit_of_work
from app.errors import Cancelled, ValidationError
from app.models import AuditEntry, Household, Member, RecordVersion, Village
from app.rules import iin as iin_rules
from app.rules.text import search_key
from app.services.bulk import insert_rows, loading
from app.services.history import write_inserted
from app.services.transfer import reset_sequences

# Ages are counted from a fixed day, not today, so a seed means the same people every year.
REFERENCE_DAY = date(2026, 1, 1)
REGISTER_STARTED = date(2019, 3, 1)  # when the demo district began keeping its register
BATCH = 2000

KK_MALE = ("Ерлан", "Нұрлан", "Серік", "Асқар", "Бауыржан", "Дәулет", "Ержан", "Қайрат", "Марат",
           "Мұрат", "Әлібек", "Ғалым", "Жандос", "Қуаныш", "Талғат", "Бекзат", "Ақжол", "Айбек",
           "Дархан", "Еркін", "Өмірзақ", "Тұрсын", "Үсен", "Шаһмардан", "Нұрсұлтан", "Ілияс")
KK_FEMALE = ("Айгүл", "Әйгерім", "Гүлнар", "Жанар", "Қарлығаш", "Мөлдір", "Назгүл", "Салтанат",
             "Сәуле", "Ұлжан", "Шынар", "Айнұр", "Дана", "Гүлмира", "Ақмарал", "Баян", "Динара",
             "Жұлдыз", "Күнсұлу", "Майра", "Раушан", "Әсем", "Інжу", "Меруерт")
KK_SURNAMES = ("Мұқанов", "Сейітов", "Әбдіқадыров", "Нұрланов", "Жақсылықов", "Қасымов", "Омаров",
               "Төлеуов", "Бекмұханов", "Оспанов", "Тоқтаров", "Ысқақов", "Дүйсенов", "Әлиев",
               "Серікбаев", "Жұмабаев", "Қуанышев", "Ғабдуллин", "Өтегенов", "Сүлейменов",
               "Байжанов", "Есенов", "Құрманғалиев", "Үмбетов", "Иманғалиев")
RU_MALE = ("Иван", "Сергей", "Александр", "Николай", "Андрей", "Владимир", "Виктор", "Павел")
RU_FEMALE = ("Ольга", "Наталья", "Елена", "Татьяна", "Светлана", "Ирина", "Людмила", "Анна")
RU_SURNAMES = ("Иванов", "Петров", "Кузнецов", "Смирнов", "Попов", "Соколов", "Морозов", "Волков")
RU_PATRONYMIC_ROOTS = ("Иванов", "Сергеев", "Александров", "Николаев", "Андреев", "Владимиров",
                       "Викторов", "Павлов")
STREETS = ("Абай көшесі", "Жамбыл көшесі", "Бейбітшілік көшесі", "Тәуелсіздік көшесі",
           "Достық көшесі", "Мектеп көшесі", "Жастар көшесі", "Орталық көшесі", "Сәтбаев көшесі",
           "Өзен бойы көшесі")
PHONE_CODES = ("700", "701", "702", "705", "707", "747", "771", "775", "777", "778")


# Many Kazakh names reach the register spelt the Russian way, without the Kazakh letters
# («Муканов» for «Мұқанов», docs/domain.md, Language), so search across spellings has work to do.
RUSSIAN_SPELLING_SHARE = 0.2
_RUSSIAN_LOOKALIKES = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def _without_kazakh_letters(name: str) -> str:
    return name.translate(_RUSSIAN_LOOKALIKES)


def female(surname: str) -> str:
    # Russian-pattern surnames (Kazakh ones included) take -а for women: Мұқанов → Мұқанова.
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


class _People:
    def __init__(self, rng: random.Random, taken_iins: set[str]):
        self.rng = rng
        self.taken = taken_iins

    def birth(self, low_age: int, high_age: int) -> date:
        days = self.rng.randint(low_age * 365, high_age * 365 + 364)
        return REFERENCE_DAY - timedelta(days=days)

    def iin(self, born: date, sex: str) -> str:
        while True:
            number = iin_rules.make(born, sex, self.rng.randint(0, 9999))
            if number and number not in self.taken:
                self.taken.add(number)
                return number

    def phone(self) -> str:
        return f"+7{self.rng.choice(PHONE_CODES)}{self.rng.randint(0, 9_999_999):07d}"

    def person(self, kazakh: bool, sex: str, surname: str, father: str, born: date) -> dict:
        rng = self.rng
        if kazakh:
            given = rng.choice(KK_MALE if sex == "M" else KK_FEMALE)
            patronymic = father + ("ұлы" if sex == "M" else "қызы")
        else:
            given = rng.choice(RU_MALE if sex == "M" else RU_FEMALE)
            patronymic = father + ("ич" if sex == "M" else "на")
        surname = surname if sex == "M" else female(surname)
        if kazakh and rng.random() < RUSSIAN_SPELLING_SHARE:
            surname, given, patronymic = (_without_kazakh_letters(n) for n in (surname, given, patronymic))
        return dict(surname=surname, given_name=given,
                    patronymic=patronymic, birth_date=born, sex=sex,
                    iin=self.iin(born, sex) if rng.random() < 0.97 else None,
                    phone=self.phone() if (REFERENCE_DAY - born).days > 16 * 365 and rng.random() < 0.85 else "")

    def household(self) -> list[dict]:
        """A family at one address: a head, often a spouse, children, sometimes an elder parent."""
        rng = self.rng
        kazakh = rng.random() < 0.85
        surname = rng.choice(KK_SURNAMES if kazakh else RU_SURNAMES)
        head_sex = "M" if rng.random() < 0.8 else "F"
        head_born = self.birth(24, 75)
        grandfather = rng.choice(KK_MALE) if kazakh else rng.choice(RU_PATRONYMIC_ROOTS)
        head_father = grandfather
        people = [self.person(kazakh, head_sex, surname, head_father, head_born)]
        head_age = (REFERENCE_DAY - head_born).days // 365
        if rng.random() < 0.75:
            spouse_age = max(20, head_age + rng.randint(-6, 4))
            spouse_father = rng.choice(KK_MALE) if kazakh else rng.choice(RU_PATRONYMIC_ROOTS)
            people.append(self.person(kazakh, "F" if head_sex == "M" else "M", surname, spouse_father,
                                      self.birth(spouse_age, spouse_age)))
        children_father = (people[0]["given_name"] if kazakh else
                           rng.choice(RU_PATRONYMIC_ROOTS))
        for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4)) if head_age < 60 else rng.choice((0, 0, 1))):
            child_age = rng.randint(0, max(0, min(30, head_age - 20)))
            people.append(self.person(kazakh, rng.choice("MF"), surname, children_father,
                                      self.birth(child_age, child_age)))
        if head_age < 50 and rng.random() < 0.15:
            people.append(self.person(kazakh, rng.choice("MF"), surname, grandfather, self.birth(70, 90)))
        return people


def _member_since(rng: random.Random, born: date, today: date) -> date:
    """Since when a demo person is in the register: most since the register was started (or their
    birth), a few moved in during the year before ``today``, so the period reports count some arrivals."""
    if rng.random() < 0.03:
        return max(born, today - timedelta(days=rng.randint(1, 360)))
    return max(born, REGISTER_STARTED)


def add_people(members: int, seed: int, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, today: date | None = None) -> tuple[int, int]:
    """Adds about ``members`` people in households to the district's villages, in one transaction:
    all of them or, on any error or cancel, none. Returns how many people and households."""
    # What is made here has no reference cycles, and the collector's passes over the many people
    # kept until each batch is written only slow the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _add_people(members, seed, progress, cancelled, today)
    finally:
        if collecting:
            gc.enable()


def _add_people(members: int, seed: int, progress, cancelled, today) -> tuple[int, int]:
    rng = random.Random(seed)
    with unit_of_work() as session:
        villages = list(session.scalars(select(Village).order_by(Village.position, Village.id)))
        if not villages:
            raise ValidationError("Add a village in the settings first.", field="villages")
        taken = set(session.scalars(select(Member.iin).where(Member.iin.is_not(None))))
        people = _People(rng, taken)
        # A stream of its own, so the people themselves stay what this seed always made.
        arrivals = random.Random(seed + 1)
        today = today or clock.today()
        # Indexes made once at the end, not kept up person by person (app.services.bulk).
        with loading(session.connection(), _LOADED):
            writer = _BulkWriter(session.connection())
            made = households = 0
            house_numbers = {v.id: 0 for v in villages}
            while made < members:
                village = rng.choice(villages)
                house_numbers[village.id] += 1
                address = dict(street=rng.choice(STREETS), house=str(house_numbers[village.id]), flat="")
                family = people.household()[: members - made]
                writer.add(dict(village_id=village.id, **address),
                           [dict(**fields, village_id=village.id, **address,
                                 member_since=_member_since(arrivals, fields["birth_date"], today),
                                 search_text=search_key(fields["surname"], fields["given_name"],
                                                        fields["patronymic"], fields["iin"], fields["phone"]))
                            for fields in family])
                made += len(family)
                households += 1
                if households % (BATCH // 4) == 0:
                    writer.write()
                    if progress:
                        progress(made, members)
                    if cancelled and cancelled():
                        raise Cancelled()
            writer.write()
            writer.done()
            if progress:
                progress(made, members)
            if cancelled and cancelled():
                raise Cancelled()
    return made, households


class _BulkWriter:
    """Writes households and their people a batch at a time with Core inserts (executemany), with the
    audit entries and record versions the flush listeners would write for them (app/services/audit.py,
    app/services/history.py): a million ORM objects and their listeners would take minutes.

    Ids are given here, after the largest present, so a person's household and a household's head
    are known without reading each row back; the caller's transaction keeps other writers out."""

    def __init__(self, connection):
        self.connection = connection
        self.next_household = (connection.scalar(select(func.max(Household.id))) or 0) + 1
        self.next_member = (connection.scalar(select(func.max(Member.id))) or 0) + 1
        self.households: list[dict] = []
        self.members: list[dict] = []

    def add(self, household: dict, people: list[dict]) -> None:
        household_id, self.next_household = self.next_household, self.next_household + 1
        head = self.next_member
        for person in people:
            person.update(_MEMBER_DEFAULTS, id=self.next_member, household_id=household_id, version=1)
            self.next_member += 1
            self.members.append(person)
        self.households.append(dict(household, id=household_id, head_id=head, version=1))

    def write(self) -> None:
        if not self.households:
            return
        connection = self.connection
        # The head is set once the people are in: households and members refer to each other.
        insert_rows(connection, HOUSEHOLDS, _HOUSEHOLD_COLUMNS,
                    [(*_household_row(h), None) for h in self.households])
        insert_rows(connection, MEMBERS, _MEMBER_COLUMNS, list(map(_member_row, self.members)))
        connection.execute(update(HOUSEHOLDS).where(HOUSEHOLDS.c.id == bindparam("household"))
                           .values(head_id=bindparam("head")),
                           [{"household": h["id"], "head": h["head_id"]} for h in self.households])
        write_inserted(connection, Household, self.households, _GIVEN["households"])
        write_inserted(connection, Member, self.members, _GIVEN["members"])
        self.households, self.members = [], []

    def done(self) -> None:
        reset_sequences(self.connection, [HOUSEHOLDS, MEMBERS])


HOUSEHOLDS, MEMBERS = Household.__table__, Member.__table__
# The columns a demo person's form would leave at their defaults.
_MEMBER_DEFAULTS = {"notes": "", "occupation": "", "categories": "", "status": "resident"}
# Columns the demo sets: the audit entry names them (the personal ones without their values), the
# version holds them with the defaults (as the listeners write an ORM insert).
_GIVEN = {name: [c.name for c in table.columns if c.name in keys]
          for name, table, keys in (
              ("households", HOUSEHOLDS, {"village_id", "street", "house", "flat", "head_id"}),
              ("members", MEMBERS, {"surname", "given_name", "patronymic", "iin", "birth_date", "sex", "village_id",
                                    "street", "house", "flat", "household_id", "phone", "member_since",
                                    "search_text"}))}
# Their values as tuples for the inserts: a household's head is set once its people are in.
_HOUSEHOLD_COLUMNS = ("id", "version", "village_id", "street", "house", "flat", "head_id")
_household_row = itemgetter(*_HOUSEHOLD_COLUMNS[:-1])
_MEMBER_COLUMNS = ("id", "version", *_GIVEN["members"], *_MEMBER_DEFAULTS)
_member_row = itemgetter(*_MEMBER_COLUMNS)
# The tables the demo fills in bulk, whose indexes are made once at the end (app.services.bulk).
_LOADED = (HOUSEHOLDS, MEMBERS, AuditEntry.__table__, RecordVersion.__table__)
