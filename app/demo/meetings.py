"""A demo year of meetings: сходы in every village, the assembly's quarterly собрания, their
attendance, votes and decisions in every status, one meeting without quorum, one signed protocol
with an amendment and one meeting still to come.

Built through the meetings service, as the office would enter it, so the demo holds only what the
service accepts. Deterministic for a seed and a day: the year ends on ``today``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select

from app.db import unit_of_work
from app.demo.members import KK_FEMALE, KK_MALE, KK_SURNAMES, female
from app.models import AssemblyMembership, Meeting
from app.rules import quorum as quorum_rules
from app.services import calendar, meetings, members, settings


@dataclass(frozen=True)
class Topic:
    """An agenda item as the secretary writes it, in Kazakh and Russian: (kk, ru) pairs."""

    title: tuple[str, str]
    heard: tuple[str, str]
    proposal: tuple[str, str]
    decision: tuple[str, str]
    speeches: tuple[tuple[str, str], ...]
    responsible: tuple[str, str] = ("Ауыл әкімі аппараты", "Аппарат акима сельского округа")


ROADS = Topic(
    ("Ауыл көшелерін жөндеу туралы", "О ремонте улиц села"),
    ("Ауыл көшелерінің жай-күйі, биыл жөнделетін учаскелер және оған қажетті қаражат туралы.",
     "О состоянии улиц села, участках, которые нужно отремонтировать в этом году, и необходимых средствах."),
    ("Абай және Жамбыл көшелерін орташа жөндеуді жергілікті өзін-өзі басқару бюджетіне енгізу.",
     "Включить средний ремонт улиц Абая и Жамбыла в бюджет местного самоуправления."),
    ("Абай және Жамбыл көшелерін орташа жөндеу ұсынылсын; ауыл әкімі аудан әкімдігіне өтінім жолдасын.",
     "Рекомендовать средний ремонт улиц Абая и Жамбыла; акиму сельского округа направить заявку в акимат района."),
    (("Көктемде көшелерді су басады, алдымен арықтарды тазалау керек.",
      "Весной улицы подтапливает, сначала нужно почистить арыки."),
     ("Мектеп жанындағы жолды бірінші кезекте жөндеу қажет.",
      "В первую очередь нужно отремонтировать дорогу у школы.")),
)
WATER = Topic(
    ("Ауылды ауыз сумен жабдықтау туралы", "О водоснабжении села"),
    ("Су құбыры желісінің тозуы және жаз айларында судың жиі үзілуі туралы.",
     "Об износе водопроводной сети и частых перебоях с водой в летние месяцы."),
    ("Су құбырының тозған учаскелерін ауыстыруға жобалау-сметалық құжаттама әзірлеу.",
     "Разработать проектно-сметную документацию на замену изношенных участков водопровода."),
    ("Су құбырын қайта жаңарту жобасын әзірлеу ұсынылсын; суды беру кестесі тұрғындарға жариялансын.",
     "Рекомендовать разработку проекта реконструкции водопровода; довести до жителей график подачи воды."),
    (("Жазда жоғарғы көшелерге су жетпейді.", "Летом на верхние улицы вода не доходит."),
     ("Су есептегіштерін орнату тұрғындарға тегін болуы керек.",
      "Установка счётчиков воды для жителей должна быть бесплатной.")),
    ("Сумен жабдықтау кәсіпорны", "Водоснабжающее предприятие"),
)
LIGHTING = Topic(
    ("Көше жарығын орнату туралы", "Об уличном освещении"),
    ("Жарықтандырылмаған көшелер және энергия үнемдейтін шамдар орнату туралы.",
     "О неосвещённых улицах и установке энергосберегающих светильников."),
    ("Жастар және Достық көшелеріне 40 жарық шамын орнату.",
     "Установить 40 светильников на улицах Жастар и Достык."),
    ("Жастар және Достық көшелеріндегі көше жарығы жергілікті өзін-өзі басқару бюджеті есебінен қаржыландырылсын.",
     "Профинансировать освещение улиц Жастар и Достык за счёт бюджета местного самоуправления."),
    (("Кешке балалар мектептен қараңғыда қайтады.", "Вечером дети возвращаются из школы в темноте."),
     ("Күн батареясы бар шамдар арзанға түседі.", "Светильники на солнечных батареях обойдутся дешевле.")),
)
BUDGET = Topic(
    ("Жергілікті өзін-өзі басқару бюджетінің жобасы туралы", "О проекте бюджета местного самоуправления"),
    ("Келесі жылға арналған жергілікті өзін-өзі басқару бюджетінің кірістері мен шығыстары туралы.",
     "О доходах и расходах бюджета местного самоуправления на следующий год."),
    ("Бюджет жобасын ұсынылған түрде мақұлдау.", "Одобрить проект бюджета в представленном виде."),
    ("Келесі жылға арналған жергілікті өзін-өзі басқару бюджетінің жобасы мақұлдансын.",
     "Одобрить проект бюджета местного самоуправления на следующий год."),
    (("Көгалдандыруға қаражат көбірек бөлінсін.", "Выделить больше средств на озеленение."),
     ("Спорт алаңын жөндеуді бюджетке қосу керек.", "Включить в бюджет ремонт спортивной площадки.")),
)
BUDGET_REPORT = Topic(
    ("Жергілікті өзін-өзі басқару бюджетінің атқарылуы туралы", "Об исполнении бюджета местного самоуправления"),
    ("Тоқсан ішінде бюджет қаражатының жұмсалуы туралы.", "О расходовании средств бюджета за квартал."),
    ("Бюджеттің атқарылуы туралы ақпаратты назарға алу.", "Принять к сведению информацию об исполнении бюджета."),
    ("Бюджеттің атқарылуы туралы ақпарат назарға алынсын; игерілмеген қаражат көше жарығына бағытталсын.",
     "Информацию об исполнении бюджета принять к сведению; неосвоенные средства направить на уличное освещение."),
    (("Шығыстар туралы есеп ауыл тұрғындарына жариялансын.", "Отчёт о расходах опубликовать для жителей."),),
)
AKIM_REPORT = Topic(
    ("Ауыл әкімінің атқарылған жұмыс туралы есебі", "Отчёт акима сельского округа о проделанной работе"),
    ("Ауыл әкімінің өткен кезеңде атқарылған жұмыстар мен алдағы міндеттер туралы есебі.",
     "Отчёт акима о работе, проделанной за прошедший период, и о задачах на предстоящий."),
    ("Ауыл әкімінің есебін назарға алу, жұмысын қанағаттанарлық деп тану.",
     "Принять отчёт акима к сведению, работу признать удовлетворительной."),
    ("Ауыл әкімінің есебі назарға алынсын, жұмысы қанағаттанарлық деп танылсын.",
     "Отчёт акима сельского округа принять к сведению, работу признать удовлетворительной."),
    (("Мал дәрігерлік пункттің жұмысы жақсарды.", "Работа ветеринарного пункта улучшилась."),
     ("Жастарды жұмыспен қамту мәселесі әлі шешілмеген.", "Вопрос занятости молодёжи до сих пор не решён.")),
)
SCHOOL_BUS = Topic(
    ("Оқушыларды мектепке тасымалдау туралы", "О подвозе учащихся к школе"),
    ("Шеткі көшелердегі оқушыларды мектеп автобусымен тасымалдау туралы.",
     "О подвозе школьным автобусом учащихся с окраинных улиц."),
    ("Мектеп автобусының бағытын Өзен бойы көшесіне дейін ұзарту.",
     "Продлить маршрут школьного автобуса до улицы Озен бойы."),
    ("Мектеп автобусының бағыты ұзартылсын; аудандық білім бөліміне хат жолдансын.",
     "Продлить маршрут школьного автобуса; направить письмо в районный отдел образования."),
    (("Қыста балалар аялдамаға екі шақырым жаяу жүреді.", "Зимой дети идут до остановки два километра пешком."),
     ("Автобус кестесі сабақ кестесіне сай болуы керек.", "Расписание автобуса должно совпадать с уроками.")),
    ("Мектеп директоры", "Директор школы"),
)
WASTE = Topic(
    ("Тұрмыстық қалдықтарды шығару туралы", "О вывозе твёрдых бытовых отходов"),
    ("Қоқыс шығару кестесі және рұқсатсыз қоқыс үйінділері туралы.",
     "О графике вывоза мусора и несанкционированных свалках."),
    ("Қосымша қоқыс контейнерлерін орнатып, қоқысты аптасына екі рет шығару.",
     "Установить дополнительные контейнеры и вывозить мусор два раза в неделю."),
    ("Ауылға қосымша 10 қоқыс контейнері орнатылсын; қалдықтар аптасына екі рет шығарылсын.",
     "Установить в селе 10 дополнительных контейнеров; вывозить отходы два раза в неделю."),
    (("Өзен жағасындағы қоқыс үйіндісін тазалау керек.", "Нужно убрать свалку на берегу реки."),
     ("Көктемде сенбілік ұйымдастырайық.", "Предлагаю весной провести субботник.")),
)
PASTURE = Topic(
    ("Жайылымдарды пайдалану туралы", "Об использовании пастбищ"),
    ("Жайылымдарды басқару және пайдалану жоспары туралы.", "О плане управления пастбищами и их использования."),
    ("Жайылым айналымының кестесін бекітуге ұсыну.", "Рекомендовать к утверждению график пастбищеоборота."),
    ("Жайылымдарды пайдалану жоспары қолдансын; мал бағу кезегі кестеге сай ұйымдастырылсын.",
     "Поддержать план использования пастбищ; организовать очерёдность выпаса скота по графику."),
    (("Алыс жайылымдарға су апару керек.", "К дальним пастбищам нужно подвести воду."),),
)
ELECTION = Topic(
    ("Жергілікті қоғамдастық жиналысының мүшелерін сайлау туралы",
     "Об избрании членов собрания местного сообщества"),
    ("Жиналыс мүшелігіне ұсынылған кандидаттар туралы.", "О кандидатах, выдвинутых в члены собрания."),
    ("Ұсынылған кандидаттарды жиналыс мүшелері етіп сайлау.", "Избрать выдвинутых кандидатов членами собрания."),
    ("Ұсынылған кандидаттар жергілікті қоғамдастық жиналысының мүшелері болып сайлансын.",
     "Избрать выдвинутых кандидатов членами собрания местного сообщества."),
    (("Кандидаттардың бәрі ауылда белгілі, абыройлы адамдар.", "Все кандидаты — известные и уважаемые в селе люди."),),
)
GATHERING_TOPICS = (ROADS, WATER, LIGHTING, SCHOOL_BUS, WASTE, PASTURE)
# Each quarter's assembly also hears the budget report, so its own topic is another one.
ASSEMBLY_TOPICS = (WASTE, LIGHTING, ROADS, WATER)

AKIM = ("ауыл әкімі", "аким сельского округа")
CONVENED_BY = ("Ауыл әкімі", "Аким сельского округа")
ADDRESSES = (("Мектеп ғимараты, мәжіліс залы", "Здание школы, актовый зал"), ("Ауыл клубы", "Сельский клуб"))
AMENDMENT = ("Хаттаманың 1-тармағындағы баяндамашының лауазымы «ауыл әкімі» деп оқылсын.",
             "В пункте 1 протокола должность докладчика читать как «аким сельского округа».")
LARGE = 1500  # entitled people above which a сход is held street by street, or counted by head

ANSWERS = {
    "done": ("Ұсыныс қаралды, жұмыстар жоспарға енгізіліп, орындалды.",
             "Предложение рассмотрено, работы включены в план и выполнены."),
    "rejected": ("Ағымдағы жылы қаражат көзделмеген; мәселе келесі жылдың бюджетін жоспарлау кезінде қаралады.",
                 "В текущем году средства не предусмотрены; вопрос будет рассмотрен при планировании бюджета "
                 "следующего года."),
    "in_progress": ("Ұсыныс қолдау тапты, жұмыстар басталды.", "Предложение поддержано, работы начаты."),
}


@dataclass
class _Plan:
    kind: str
    day: date
    village: settings.VillageRow | None
    topics: tuple[Topic, ...]
    language: str = "kk"
    head_count: bool = False
    without_quorum: bool = False
    elects: bool = False
    planned: bool = False  # still to come: agenda only
    roll_call: bool = False
    people: list[int] = field(default_factory=list)  # who may attend
    present: list[int] = field(default_factory=list)  # who were ticked


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _plans(rng: random.Random, villages: list[settings.VillageRow], today: date) -> list[_Plan]:
    """Which meetings the year holds: the сход that elects the assembly at its start, two or three
    сходы in each village, an assembly each quarter, and the next assembly three weeks ahead."""
    start = today - timedelta(days=365)
    plans = [_Plan(meetings.GATHERING, _weekday(start + timedelta(days=10)), villages[0],
                   (ELECTION, AKIM_REPORT), elects=True)]
    for index, village in enumerate(villages):
        language = "ru" if index % 3 == 2 else "kk"
        # Spring, summer and (in some villages) an autumn сход in the last weeks, still a draft.
        offsets = [60 + 9 * index, 200 + 7 * index] + ([min(340 + 2 * index, 355)]
                                                       if index == 0 or rng.random() < 0.5 else [])
        for offset in offsets:
            topics = tuple(rng.sample(GATHERING_TOPICS, rng.choice((2, 3))))
            plans.append(_Plan(meetings.GATHERING, _weekday(start + timedelta(days=offset + rng.randint(0, 6))),
                               village, topics, language))
    village_plans = [p for p in plans if not p.elects]
    village_plans[0].head_count = True
    village_plans[-1].without_quorum = True
    for quarter in range(4):
        day = _weekday(start + timedelta(days=45 + 90 * quarter + rng.randint(0, 10)))
        topics = (AKIM_REPORT, BUDGET) if quarter == 3 else (ASSEMBLY_TOPICS[quarter], BUDGET_REPORT)
        plans.append(_Plan(meetings.ASSEMBLY, day, None, topics, roll_call=quarter == 1))
    plans.append(_Plan(meetings.ASSEMBLY, _weekday(today + timedelta(days=21)), None, (BUDGET, AKIM_REPORT),
                       planned=True))
    return sorted((p for p in plans if p.planned or p.day < today), key=lambda p: p.day)


def _choose_votes(rng: random.Random, present: int, majority) -> tuple[int, int, int]:
    needed = quorum_rules.needed_to_pass(present, majority)
    for_ = rng.randint(needed, present) if needed <= present else present
    rest = present - for_
    against = rng.randint(0, rest)
    return for_, against, rng.randint(0, rest - against)


class _Demo:
    def __init__(self, rng: random.Random, villages: list[settings.VillageRow], today: date):
        self.rng = rng
        self.today = today
        self.district = settings.load()
        rooms = settings.rooms(include_inactive=False)
        self.room_id = rooms[0].id if rooms else None
        self.villages = villages
        self.akim = self.secretary = self.assembly_chair = ""

    def hold(self, plan: _Plan) -> int:
        lang = 0 if plan.language == "kk" else 1
        in_centre = plan.kind == meetings.ASSEMBLY or plan.village.id == self.villages[0].id
        data = meetings.MeetingData(
            plan.kind, datetime.combine(plan.day, self._time(plan)),
            village_id=plan.village.id if plan.village else None, room_id=self.room_id if in_centre else None,
            address="" if in_centre else self.rng.choice(ADDRESSES)[lang], convened_by=CONVENED_BY[lang],
            secretary=self.secretary, guests=f"{self.akim} — {AKIM[lang]}", language=plan.language,
            guests_second=f"{self.akim} — {AKIM[1 - lang]}")  # for the protocol in the other language
        meeting_id = meetings.create(data)
        plan.people = meetings.candidate_ids(meeting_id)
        if plan.kind == meetings.GATHERING and len(plan.people) > LARGE:
            if plan.elects:
                plan.head_count = True  # the whole village, counted at the door
            else:
                # A large village gathers street by street (docs/domain.md: сходы of a village, street or building).
                data = replace(data, area=self.rng.choice(meetings.streets(plan.village.id)))
                meetings.update(meeting_id, data)
                plan.people = meetings.candidate_ids(meeting_id)
        present = 0 if plan.planned else self.attend(meeting_id, plan)
        # Chair and speakers come from those ticked present (or, counted by head, from the residents).
        pool = len(plan.present or plan.people)
        speakers = [] if plan.planned else [p.name for p in meetings.attendance_candidates(
            meeting_id, only_present=bool(plan.present), offset=self.rng.randint(0, max(0, pool - 50)), limit=50)]
        if not plan.planned:
            chair = self.assembly_chair if plan.kind == meetings.ASSEMBLY or not speakers else self.rng.choice(speakers)
            meetings.update(meeting_id, replace(data, chair=chair))
        item_ids = meetings.save_agenda(meeting_id, [meetings.ItemData(
            topic.title[lang], rapporteur=self.akim, heard=topic.heard[lang], proposal=topic.proposal[lang],
            decision_text=topic.decision[lang], title_second=topic.title[1 - lang],
            decision_text_second=topic.decision[1 - lang],
            speakers=tuple(meetings.SpeakerData(self.rng.choice(speakers), speech[lang])
                           for speech in topic.speeches if speakers))
            for topic in plan.topics])
        for item_id in item_ids:
            if present:
                self.vote(item_id, plan, present)
        return meeting_id

    def _time(self, plan: _Plan) -> time:
        if plan.kind == meetings.ASSEMBLY:
            return time(15, 0)
        # Villages meeting on the same day do so one after another, so the secretary can attend each.
        return time(10 + 2 * ([v.id for v in self.villages].index(plan.village.id) % 4), 0)

    def attend(self, meeting_id: int, plan: _Plan) -> int:
        """Enough people for quorum and some more, or (at the meeting without quorum) too few."""
        state = meetings.quorum(meeting_id)
        if state.needed is None:
            return 0
        if plan.without_quorum:
            count = max(0, state.needed - 1 - self.rng.randint(0, state.needed // 3))
        else:
            count = min(state.entitled, state.needed + self.rng.randint(0, max(1, state.needed // 2)))
        if plan.head_count:
            return meetings.set_head_count(meeting_id, count).present
        plan.present = sorted(self.rng.sample(plan.people, min(count, len(plan.people))))
        return meetings.set_present(meeting_id, plan.present).present

    def vote(self, item_id: int, plan: _Plan, present: int) -> None:
        if plan.roll_call and plan.present:
            meetings.record_roll_call(item_id, {m: self.rng.choice(("for", "for", "for", "against", "abstained"))
                                                for m in plan.present}, without_quorum=plan.without_quorum)
            return
        meetings.record_vote(item_id, *_choose_votes(self.rng, present, self.district.majority_percent),
                             without_quorum=plan.without_quorum)

    def elect(self, meeting_id: int, plan: _Plan) -> None:
        """7 to 9 members elected at the сход, from its residents of voting age."""
        chosen = self.rng.sample(plan.people, min(len(plan.people), self.rng.randint(7, 9)))
        for member_id in chosen:
            meetings.elect(member_id, plan.day, meeting_id)
        if chosen:
            person = members.get(chosen[0])
            self.assembly_chair = " ".join(p for p in (person.surname, person.given_name, person.patronymic) if p)

    def decide(self, languages: dict[int, str]) -> None:
        """Follows each decision of a signed protocol (``languages``) after its meeting: sent to the
        akim within the deadline, then done, rejected, being carried out, or left unanswered past its
        due day (overdue); the latest still wait for the akim's answer."""
        fates = ["done", "rejected", "overdue", "in_progress"]  # each at least once, the oldest first
        for row in sorted(meetings.decisions(today=self.today), key=lambda r: (r.meeting_date, r.id)):
            if row.meeting_id not in languages:
                continue  # a draft's decision is not sent yet
            lang = 0 if languages[row.meeting_id] == "kk" else 1
            sent = calendar.add_working_days(row.meeting_date, self.rng.randint(1, 4))
            if sent > self.today:
                continue
            due = calendar.add_working_days(sent, self.district.akim_answer_working_days)
            if due >= self.today:
                fate = "waiting"
            elif fates:
                fate = fates.pop(0)
            else:
                fate = self.rng.choice(("done", "done", "done", "in_progress", "in_progress", "rejected", "overdue"))
            responsible = self._responsible(row.item_title, lang)
            answer_on = min(due, sent + timedelta(days=self.rng.randint(3, 12)), self.today)
            data = meetings.DecisionData(responsible=responsible, sent_on=sent)
            if fate in ("done", "rejected"):
                data = replace(data, answer_on=answer_on, answer_text=ANSWERS[fate][lang], status=fate)
            elif fate == "in_progress":
                data = replace(data, answer_on=answer_on, answer_text=ANSWERS[fate][lang],
                               deadline=self.today + timedelta(days=self.rng.randint(30, 120)))
            meetings.update_decision(row.id, data)

    @staticmethod
    def _responsible(title: str, lang: int) -> str:
        for topic in (*GATHERING_TOPICS, *ASSEMBLY_TOPICS, BUDGET, AKIM_REPORT, ELECTION):
            if title in topic.title:
                return topic.responsible[lang]
        return ""

    def sign(self, meeting_id: int, plan: _Plan, amend: bool) -> None:
        signed_on = plan.day + timedelta(days=self.rng.randint(1, 3))
        meetings.sign(meeting_id, signed_on)
        if amend:
            meetings.add_amendment(meeting_id, AMENDMENT[0 if plan.language == "kk" else 1],
                                   signed_on + timedelta(days=7))


def _name(rng: random.Random, sex: str) -> str:
    surname = rng.choice(KK_SURNAMES)
    if sex == "M":
        return f"{surname} {rng.choice(KK_MALE)}"
    return f"{female(surname)} {rng.choice(KK_FEMALE)}"


def generate(seed: int, today: date) -> int:
    """Adds the demo year of meetings, unless the database has meetings already; returns how many
    it added. On any error it takes back what it added, so a later run starts clean."""
    with unit_of_work() as session:
        if session.scalar(select(func.count()).select_from(Meeting)):
            return 0
        memberships = session.scalar(select(func.max(AssemblyMembership.id))) or 0
    villages = settings.villages()
    if not villages:
        return 0
    rng = random.Random(f"meetings-{seed}")
    office = _Demo(rng, villages, today)
    office.akim, office.secretary = _name(rng, "M"), _name(rng, "F")
    office.assembly_chair = office.akim  # until the assembly is elected
    try:
        held = []
        for plan in _plans(rng, villages, today):
            meeting_id = office.hold(plan)
            if plan.elects:
                office.elect(meeting_id, plan)
            held.append((meeting_id, plan))
        # Protocols are signed a few days after the meeting; the last month's are still drafts. Only
        # a signed protocol's decisions go to the akim.
        signed = [(meeting_id, plan) for meeting_id, plan in held
                  if not plan.planned and plan.day < today - timedelta(days=30)]
        for meeting_id, plan in signed:
            office.sign(meeting_id, plan, amend=plan.elects)
        office.decide({meeting_id: plan.language for meeting_id, plan in signed})
    except BaseException:
        with unit_of_work() as session:
            for meeting in session.scalars(select(Meeting)):
                session.delete(meeting)
            session.execute(delete(AssemblyMembership).where(AssemblyMembership.id > memberships))
        raise
    return len(held)
