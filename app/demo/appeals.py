"""A demo year of appeals of residents (docs/domain.md, Appeals of residents) in every state: answered
on time and late with each result, extended, sent on to another body, still open (some overdue, some
due within days), anonymous and not considered, one reporting a crime, through e-Otinish with its
number, and a few joining a local issue.

Built through the appeals service, as the office would enter it, after the local issues. Deterministic
for a seed and a day: the year ends on ``today``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.demo.members import KK_FEMALE, KK_MALE, KK_SURNAMES, PHONE_CODES, STREETS, female
from app.models import Appeal, LocalIssue, Member
from app.services import appeals

# What residents write, in Kazakh and Russian, by kind.
TEXTS = {
    "application": (("Үйге газ құбырын тартуға рұқсат беруді сұраймын.", "Прошу разрешить подвести газ к дому."),
                    ("Балаға мектепке дейінгі мекемеден орын беруді сұраймын.",
                     "Прошу предоставить ребёнку место в детском саду.")),
    "complaint": (("Көршінің малы бақшамды таптап кетті, шара қолдануды сұраймын.",
                   "Скот соседа потоптал мой огород, прошу принять меры."),
                  ("Су тасушы көлік біздің көшеге келмейді.", "Водовоз не приезжает на нашу улицу.")),
    "proposal": (("Мектеп алдына жаяу жүргінші өткелін салуды ұсынамын.",
                  "Предлагаю сделать пешеходный переход у школы."),
                 ("Саябаққа орындықтар қоюды ұсынамыз.", "Предлагаем поставить скамейки в парке.")),
    "request": (("Жер учаскесінің кезегі туралы мәлімет беруіңізді сұраймын.",
                 "Прошу сообщить мою очередь на земельный участок."),),
    "response": (("Ауылдың даму жоспары бойынша пікірім.", "Мой отзыв о плане развития села."),),
    "report": (("Өзен жағасында балық аулау торлары қойылғанын хабарлаймын.",
                "Сообщаю, что у реки поставлены браконьерские сети."),),
}
KIND_WEIGHTS = ("application",) * 5 + ("complaint",) * 3 + ("proposal",) * 2 + ("request", "response", "report")
CHANNELS = ("written",) * 4 + ("oral",) * 3 + ("otinish",) * 2 + ("post", "phone", "egov")
BODIES = (("Ауыл әкімі", "Аким сельского округа"), ("Ауыл әкімі аппараты", "Аппарат акима сельского округа"))
OTHER_BODIES = (("Аудан әкімдігі", "Акимат района"), ("Аудандық жер қатынастары бөлімі", "Районный отдел земельных отношений"),
                ("Аудандық білім бөлімі", "Районный отдел образования"))
HANDLERS = (("Бас маман Сейітова А.", "Главный специалист Сейитова А."), ("Маман Омаров Б.", "Специалист Омаров Б."))
ANSWERS = {
    "satisfied": ("Өтінішіңіз қанағаттандырылды.", "Ваше обращение удовлетворено."),
    "partly": ("Өтінішіңіз ішінара қанағаттандырылды.", "Ваше обращение удовлетворено частично."),
    "refused": ("Заңға сәйкес өтінішіңізді қанағаттандыру мүмкін емес.",
                "В соответствии с законом удовлетворить обращение невозможно."),
    "explained": ("Сұрағыңыз бойынша түсініктеме береміз.", "Даём разъяснение по вашему вопросу."),
}
RESULTS = ("satisfied",) * 4 + ("partly",) * 2 + ("refused", "explained", "explained")
EXTENSION = ("Қосымша тексеру қажет.", "Требуется дополнительная проверка.")


def _how_many(members: int) -> int:
    """About 50 appeals a year for a small district, up to 100 for a large one."""
    return min(100, 50 + members // 60)


class _Office:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        # Nothing dated after this moment (nor later today than now, when the year ends today).
        self.now = min(datetime.combine(today, time(18, 0)), clock.now().replace(second=0, microsecond=0))
        with unit_of_work() as session:
            self.members = list(session.scalars(select(Member.id).where(Member.erased_at.is_(None))
                                                .order_by(Member.id).limit(600)))
            self.issues = list(session.scalars(select(LocalIssue.id).order_by(LocalIssue.id)))

    def at(self, day: date) -> datetime:
        moment = datetime.combine(day, time(self.rng.randint(9, 17), self.rng.choice((0, 15, 30, 45))))
        return min(moment, self.now)

    def data(self, received: datetime, index: int) -> tuple[appeals.AppealData, int]:
        rng = self.rng
        kind = rng.choice(KIND_WEIGHTS)
        lang = 0 if rng.random() < 0.7 else 1
        channel = rng.choice(CHANNELS)
        data = appeals.AppealData(
            kind=kind, received_at=received, channel=channel, text=rng.choice(TEXTS[kind])[lang],
            otinish_number=f"ЖТ-{received.year}-{rng.randint(10000, 99999)}" if channel == "otinish" else "",
            addressed_to=rng.choice(BODIES)[lang], handler=rng.choice(HANDLERS)[lang])
        roll = rng.random()
        if index % 17 == 5 or index % 29 == 11:  # anonymous: not considered, one of them reporting a crime
            crime = index % 29 == 11
            return replace(data, anonymous=True, reports_crime=crime, kind="report" if crime else kind), lang
        if self.members and roll < 0.6:
            return replace(data, member_id=rng.choice(self.members)), lang
        surname = rng.choice(KK_SURNAMES)
        name = f"{surname} {rng.choice(KK_MALE)}" if rng.random() < 0.5 else f"{female(surname)} {rng.choice(KK_FEMALE)}"
        phone = f"+7 {rng.choice(PHONE_CODES)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        return replace(data, applicant_name=name, applicant_phone=phone,
                       applicant_address=f"{rng.choice(STREETS)}, {rng.randint(1, 80)}"), lang

    def follow(self, appeal_id: int, lang: int, fate: str) -> None:
        """Takes the appeal to ``fate`` as the office would have, each step on a day already past and
        after the one before."""
        rng = self.rng
        view = appeals.get(appeal_id, self.today)
        if view.status != "open" or fate == "open":
            return
        registered, due, last = view.registered_on, view.due, view.steps[-1].at

        def moment(day: date) -> datetime:
            return min(max(self.at(day), last + timedelta(minutes=10)), self.now)

        if fate == "redirected":
            on = min(registered + timedelta(days=rng.randint(0, 2)), self.today)
            appeals.redirect(appeal_id, rng.choice(OTHER_BODIES)[lang], on=on, at=moment(on))
            return
        start = registered
        if fate in ("extended", "extended_answered"):
            start = min(registered + timedelta(days=rng.randint(5, 15)), due, self.today)
            to = min(due + timedelta(days=rng.randint(10, 30)), view.extension_limit)
            last = moment(start)
            appeals.extend(appeal_id, to, EXTENSION[lang], on=start, at=last)
            if fate == "extended":
                return
            due = to
        if fate == "late":
            on = due + timedelta(days=rng.randint(1, 12))
        else:
            on = start + timedelta(days=rng.randint(2, max(2, (due - start).days)))
        on = min(on, self.today)
        result = rng.choice(RESULTS)
        appeals.answer(appeal_id, on, result, f"01-12/{rng.randint(100, 999)}", ANSWERS[result][lang],
                       at=moment(on))


def _fate(received: date, today: date, index: int, rng: random.Random) -> str:
    """Old appeals are mostly answered; the last three weeks' open."""
    age = (today - received).days
    if age < 23:
        return "open"
    if index % 13 == 3:
        return "redirected"
    if age < 60:  # in turn (the indexes run by day), so each state is there whatever the draw
        return ("open", "extended", "answered", "answered")[index % 4]
    return rng.choice(("answered",) * 6 + ("late", "extended_answered", "open"))


def generate_appeals(seed: int, today: date | None = None) -> int:
    """Adds the demo year of appeals, unless the database has appeals already; returns how many."""
    today = today or clock.today()
    with unit_of_work() as session:
        if session.scalar(select(func.count()).select_from(Appeal)):
            return 0
        members = session.scalar(select(func.count()).select_from(Member).where(Member.erased_at.is_(None)))
    rng = random.Random(f"appeals-{seed}")
    office = _Office(rng, today)
    count = _how_many(members)
    # The year's days, oldest first, with some about three weeks back (15 working days later they are
    # due within days of today, whatever its weekday) and some a month or two back (extended or not).
    fixed = (18, 19, 20, 21, 22, 30, 34, 38, 42)
    days = sorted([today - timedelta(days=rng.randint(7, 364)) for _ in range(count - len(fixed))]
                  + [today - timedelta(days=n) for n in fixed])
    for index, day in enumerate(days):
        data, lang = office.data(office.at(day), index)
        appeal_id = appeals.create(data, at=data.received_at)
        if office.issues and index % 11 == 7:  # joins a problem the village already raised
            appeals.attach_to_local_issue(appeal_id, rng.choice(office.issues), at=data.received_at)
        office.follow(appeal_id, lang, _fate(day, today, index, rng))
    return count
