"""A demo year of local issues: residents' problems with roads, water, lighting and the rest, raised
by people of the register or by a name and phone, in every status, with histories dated over the
year (accepted, assigned, in progress, resolved or rejected, a few reopened), some overdue and some
long untouched, a few photos and documents, and a couple put on a coming meeting's agenda.

Built through the local issues service, as the office would enter it. Deterministic for a seed and a
day: the year ends on ``today``. Photos are tiny PNGs drawn here (zlib and struct, no Qt).
"""

from __future__ import annotations

import random
import struct
import tempfile
import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.demo.members import KK_FEMALE, KK_MALE, KK_SURNAMES, PHONE_CODES, STREETS, female
from app.models import LocalIssue, Member
from app.rules import issue_workflow as workflow
from app.services import local_issues, meetings, settings


@dataclass(frozen=True)
class Case:
    """One kind of problem as staff write it down, in Kazakh and Russian: (kk, ru) pairs."""

    title: tuple[str, str]
    description: tuple[str, str]


# In the order of the district's default categories (settings.DistrictSettings.issue_categories).
CASES = (
    (Case(("Көшедегі шұңқырлар", "Ямы на улице"),
          ("Көктемгі судан кейін жолда терең шұңқырлар пайда болды, көліктер зақымдалып жатыр.",
           "После весенних вод на дороге образовались глубокие ямы, машины получают повреждения.")),
     Case(("Мектепке баратын жол батпақ", "Дорога к школе в грязи"),
          ("Жаңбырдан кейін балалар мектепке батпақпен жүреді, жолға қиыршық тас төсеу керек.",
           "После дождя дети идут в школу по грязи, нужно отсыпать дорогу щебнем.")),
     Case(("Көпір бұзылған", "Разрушен мостик"),
          ("Арық үстіндегі жаяу жүргінші көпірінің тақталары шіріп кеткен.",
           "На пешеходном мостике через арык прогнили доски.")),
     Case(("Қыста көше тазартылмайды", "Зимой улицу не чистят от снега"),
          ("Қар тазалайтын техника біздің көшеге келмейді, жедел жәрдем өте алмайды.",
           "Снегоуборочная техника не заезжает на нашу улицу, скорая не может проехать."))),
    (Case(("Су құбырынан су жоқ", "Нет воды в водопроводе"),
          ("Үш күннен бері су келмейді, үлкен кісілер мен балалар бар.",
           "Третий день нет воды, в домах пожилые люди и дети.")),
     Case(("Су құбыры жарылған", "Порыв водопровода"),
          ("Көше бойында су ағып жатыр, құдық толып кетті.", "На улице течёт вода, колодец переполнен.")),
     Case(("Судың қысымы әлсіз", "Слабый напор воды"),
          ("Жоғарғы көшелерге кешке су жетпейді.", "На верхние улицы вечером вода не доходит."))),
    (Case(("Көше шамдары жанбайды", "Не горят уличные фонари"),
          ("Кешке көше қараңғы, балалар мектептен қараңғыда қайтады.",
           "Вечером на улице темно, дети возвращаются из школы в темноте.")),
     Case(("Бағанадағы сым үзілген", "Оборван провод на столбе"),
          ("Жел соққаннан кейін сым төмен салбырап тұр, қауіпті.",
           "После ветра провод провис низко, это опасно.")),
     Case(("Саябаққа жарық қою", "Освещение в парке"),
          ("Тұрғындар саябақтың жаяу жолына шам орнатуды сұрайды.",
           "Жители просят установить фонари на дорожке в парке."))),
    (Case(("Қоқыс уақытында шығарылмайды", "Мусор не вывозят вовремя"),
          ("Контейнерлер толып кетті, қоқыс екі аптадан бері шығарылмаған.",
           "Контейнеры переполнены, мусор не вывозили две недели.")),
     Case(("Рұқсатсыз қоқыс үйіндісі", "Стихийная свалка"),
          ("Ауыл шетінде рұқсатсыз қоқыс үйіндісі пайда болды.", "На окраине села появилась стихийная свалка.")),
     Case(("Қоқыс контейнері жоқ", "Нет мусорного контейнера"),
          ("Көшеде бірде-бір контейнер жоқ, тұрғындар қоқысты арыққа тастайды.",
           "На улице нет ни одного контейнера, жители выбрасывают мусор в арык."))),
    (Case(("Мектеп автобусы келмейді", "Не ходит школьный автобус"),
          ("Шеткі көшелердің балаларын мектеп автобусы алмайды.",
           "Школьный автобус не забирает детей с дальних улиц.")),
     Case(("Мектептің шатыры ағады", "Течёт крыша школы"),
          ("Жаңбыр жауса, екінші қабаттағы сыныптарға су ағады.",
           "Во время дождя в классы на втором этаже течёт вода.")),
     Case(("Мектепте жылу жоқ", "В школе холодно"),
          ("Сыныптарда температура 14 градустан аспайды.", "В классах температура не выше 14 градусов."))),
    (Case(("Фельдшер пунктінде дәрігер жоқ", "В ФАПе нет врача"),
          ("Фельдшерлік-акушерлік пунктте бір айдан бері маман жоқ.",
           "В фельдшерско-акушерском пункте уже месяц нет специалиста.")),
     Case(("Жедел жәрдем кешігіп келеді", "Скорая приезжает с опозданием"),
          ("Шақырғаннан кейін жедел жәрдем екі сағатта келді.", "Скорая помощь приехала через два часа после вызова."))),
    (Case(("Жер учаскесінің шекарасы туралы дау", "Спор о границе земельного участка"),
          ("Көршісі қоршауды біздің учаскеге жылжытып қойды.", "Сосед перенёс забор на наш участок.")),
     Case(("Жайылымға жер бөлу", "Выделение земли под пастбище"),
          ("Ауыл малына жайылым жетпейді, қосымша жер бөлуді сұраймыз.",
           "Сельскому скоту не хватает пастбищ, просим выделить дополнительную землю.")),
     Case(("Тастанды учаске", "Заброшенный участок"),
          ("Көршілес учаске бос тұр, арамшөп басып кеткен, өрт қаупі бар.",
           "Соседний участок заброшен, зарос бурьяном, есть угроза пожара."))),
    (Case(("Көпбалалы отбасына көмек", "Помощь многодетной семье"),
          ("Отбасы қысқа отын алуға көмек сұрайды.", "Семья просит помочь с углём на зиму.")),
     Case(("Жалғыз қарттың үйін жөндеу", "Ремонт дома одинокого пенсионера"),
          ("Жалғыз тұратын зейнеткердің үйінің шатыры құлап барады.",
           "У одиноко проживающего пенсионера обваливается крыша дома.")),
     Case(("Мүгедектігі бар адамға пандус", "Пандус для человека с инвалидностью"),
          ("Емханаға кіре берісте пандус жоқ, арбамен кіру мүмкін емес.",
           "У входа в амбулаторию нет пандуса, на коляске не заехать."))),
    (Case(("Қаңғыбас иттер", "Бродячие собаки"),
          ("Мектеп маңында қаңғыбас иттер үйірі жүр, балалар қорқады.",
           "У школы ходит стая бродячих собак, дети боятся.")),
     Case(("Ойын алаңын жөндеу", "Ремонт детской площадки"),
          ("Ойын алаңындағы әткеншек сынған.", "На детской площадке сломаны качели."))),
)
ASSIGNEES = (("Ауыл әкімі аппараты", "Аппарат акима сельского округа"),
             ("Сумен жабдықтау кәсіпорны", "Водоснабжающее предприятие"),
             ("Электр желілері бөлімі", "Участок электросетей"),
             ("Коммуналдық шаруашылық", "Коммунальное хозяйство"),
             ("Мектеп директоры", "Директор школы"),
             ("Аудандық аурухана", "Районная больница"),
             ("Жер қатынастары бөлімі", "Отдел земельных отношений"),
             ("Әлеуметтік қызметкер", "Социальный работник"),
             ("Ауыл әкімі аппараты", "Аппарат акима сельского округа"))
ACCEPTED = ("Қабылданды, орындаушыға жіберілді.", "Принято, передано исполнителю.")
WORKING = (("Мамандар орнына барып, жағдайды қарап шықты.", "Специалисты выехали на место и осмотрели."),
           ("Материалдар сатып алу күтілуде.", "Ожидается закупка материалов."),
           ("Жұмыс жоспарға енгізілді.", "Работы включены в план."))
RESOLVED = (("Жұмыс аяқталды, тұрғындар қабылдап алды.", "Работы завершены, жители приняли результат."),
            ("Мәселе шешілді, өтініш берушіге хабарланды.", "Проблема устранена, заявителю сообщено."),
            ("Жөндеу жүргізілді, акт жасалды.", "Ремонт проведён, составлен акт."))
REJECTED = (("Ауыл әкімінің құзыретіне жатпайды, аудан әкімдігіне жолданды.",
             "Не входит в компетенцию акима округа, перенаправлено в акимат района."),
            ("Тексеру кезінде өтініш расталмады.", "При проверке обращение не подтвердилось."))
REOPENED = ("Тұрғындар мәселе қайта туындағанын хабарлады.", "Жители сообщили, что проблема повторилась.")
CHANNELS = ("visit", "visit", "visit", "phone", "phone", "message", "meeting")
PRIORITIES = ("normal", "normal", "normal", "normal", "high", "high", "low", "urgent")
LETTER = ("Ауыл әкіміне\nтұрғындардан\n\nӨТІНІШ\n\n{text}\nШараларды қабылдауыңызды сұраймыз.\n",
          "Акиму сельского округа\nот жителей\n\nЗАЯВЛЕНИЕ\n\n{text}\nПросим принять меры.\n")


def png(width: int, height: int, seed: int) -> bytes:
    """A small photo-like PNG: a sky, the ground and a dark patch (a pothole, a puddle)."""
    rng = random.Random(seed)
    sky, ground = (rng.randint(150, 200), rng.randint(190, 220), 240), (rng.randint(110, 150), 100, 70)
    cx, cy, r = rng.randint(width // 4, 3 * width // 4), height * 3 // 4, max(1, height // 6)
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            if (x - cx) ** 2 + 2 * (y - cy) ** 2 < r * r:
                row += bytes((60, 55, 50))
            else:
                base = sky if y < height // 2 else ground
                row += bytes(max(0, min(255, c + (x + y) % 7 - 3)) for c in base)
        rows.append(bytes(row))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50))))


def _fates(count: int, rng: random.Random) -> list[str]:
    """What becomes of each issue, oldest first: the old ones mostly closed, the recent ones open;
    each status (and a reopened case) at least once."""
    fates = []
    for index in range(count):
        age = 1 - index / max(count - 1, 1)  # 1 for the oldest, 0 for the newest
        if age > 0.35:
            pool = ["resolved"] * 7 + ["rejected", "in_progress", "accepted"] * 1
        elif age > 0.1:
            pool = ["resolved"] * 3 + ["in_progress"] * 3 + ["accepted"] * 2 + ["rejected"]
        else:
            pool = ["new"] * 4 + ["accepted"] * 2 + ["in_progress"]
        fates.append(rng.choice(pool))
    fates[-1] = "new"
    for fate, index in (("reopened", count // 4), ("rejected", count // 3), ("in_progress", count // 2),
                        ("accepted", count * 3 // 4), ("resolved", count // 5)):
        if fate not in fates:
            fates[index] = fate
    return fates


class _Demo:
    def __init__(self, rng: random.Random, today: date, folder: Path):
        self.rng = rng
        self.today = today
        # Nothing dated after this moment (nor later today than now, when the year ends today).
        self.now = min(datetime.combine(today, time(18, 0)), clock.now().replace(second=0))
        self.folder = folder
        self.categories = local_issues.categories()
        self.villages = settings.villages()
        with unit_of_work() as session:
            self.members = {v.id: list(session.scalars(select(Member.id).where(
                Member.village_id == v.id, Member.erased_at.is_(None)).order_by(Member.id).limit(400)))
                for v in self.villages}

    def data(self, raised_on: date) -> tuple[local_issues.IssueData, int, int]:
        rng = self.rng
        kind = rng.randrange(len(CASES))
        case = rng.choice(CASES[kind])
        lang = 0 if rng.random() < 0.7 else 1
        village = rng.choice(self.villages)
        people = self.members.get(village.id) or []
        data = local_issues.IssueData(
            title=case.title[lang], description=case.description[lang],
            category=self.categories[min(kind, len(self.categories) - 1)], raised_on=raised_on,
            channel=rng.choice(CHANNELS), priority=rng.choice(PRIORITIES), village_id=village.id,
            address=f"{rng.choice(STREETS)}, {rng.randint(1, 80)}")
        if people and rng.random() < 0.7:
            data = replace(data, raised_by_id=rng.choice(people))
        else:
            sex = rng.choice("MF")
            surname = rng.choice(KK_SURNAMES)
            name = (f"{surname} {rng.choice(KK_MALE)}" if sex == "M"
                    else f"{female(surname)} {rng.choice(KK_FEMALE)}")
            phone = f"+7 {rng.choice(PHONE_CODES)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            data = replace(data, raiser_name=name, raiser_phone=phone)
        return data, kind, lang

    def later(self, moment: datetime, low: int, high: int) -> datetime | None:
        """A working moment ``low``–``high`` days after ``moment``, or None when that is still to come."""
        day = moment.date() + timedelta(days=self.rng.randint(low, high))
        at = max(_at(day, self.rng), moment + timedelta(minutes=10))
        return at if at <= self.now else None

    def follow(self, issue_id: int, data: local_issues.IssueData, kind: int, lang: int, fate: str,
               raised: datetime) -> None:
        """Moves the issue along the workflow as the office would have, dated on the way."""
        rng = self.rng
        if fate == "new":
            return
        at = self.later(raised, 0, 3)
        if at is None:
            return
        local_issues.change_status(issue_id, workflow.ACCEPTED, ACCEPTED[lang], at=at)
        if not data.assignee:  # assigned on acceptance, not at intake: the change goes into the history
            local_issues.update(issue_id, assigned(data, kind, lang, rng), at=at + timedelta(minutes=5))
        if fate == "accepted":
            return
        at = self.later(at, 2, 20)
        if at is None:
            return
        local_issues.change_status(issue_id, workflow.IN_PROGRESS, rng.choice(WORKING)[lang], at=at)
        if rng.random() < 0.3 and (comment_at := self.later(at, 1, 10)):
            local_issues.add_comment(issue_id, rng.choice(WORKING)[lang], at=comment_at)
            at = comment_at
        if fate == "in_progress":
            return
        at = self.later(at, 3, 40)
        if at is None:
            return
        wanted = workflow.REJECTED if fate == "rejected" else workflow.RESOLVED
        comment = rng.choice(REJECTED if fate == "rejected" else RESOLVED)[lang]
        local_issues.change_status(issue_id, wanted, comment, at=at)
        if fate == "reopened" and (again := self.later(at, 5, 30)):
            local_issues.change_status(issue_id, workflow.IN_PROGRESS, REOPENED[lang], at=again)
            if finished := self.later(again, 3, 20):
                local_issues.change_status(issue_id, workflow.RESOLVED, rng.choice(RESOLVED)[lang], at=finished)

    def attach(self, issue_id: int, index: int, lang: int, text: str, raised: datetime, photo: bool) -> None:
        if photo:
            name = f"{'фото' if lang == 0 else 'photo'}-{index + 1}.png"
            content = png(48, 32, self.rng.randrange(1 << 30))
        else:
            name = "өтініш.txt" if lang == 0 else "заявление.txt"
            content = LETTER[lang].format(text=text).encode("utf-8")
        path = self.folder / f"{index}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        local_issues.add_attachment(issue_id, path, at=raised + timedelta(minutes=3))


def assigned(data: local_issues.IssueData, kind: int, lang: int, rng: random.Random) -> local_issues.IssueData:
    """The issue given to whoever deals with its kind, with a term: open issues older than their term
    are overdue, and those nobody touched for a month stand out as untouched."""
    due = data.raised_on + timedelta(days=rng.choice((10, 14, 21, 30, 45, 60)))
    return replace(data, assignee=ASSIGNEES[kind][lang], due_on=due)


def _how_many(members: int) -> int:
    """About 60 issues a year for a small district, up to 120 for a large one."""
    return min(120, 60 + members // 50)


def generate_issues(seed: int, today: date | None = None) -> int:
    """Adds the demo year of local issues, unless the database has issues already; returns how many
    it added. On any error it takes back what it added."""
    today = today or clock.today()
    with unit_of_work() as session:
        if session.scalar(select(func.count()).select_from(LocalIssue)):
            return 0
        members = session.scalar(select(func.count()).select_from(Member).where(Member.erased_at.is_(None)))
    if not settings.villages() or not local_issues.categories():
        return 0
    rng = random.Random(f"issues-{seed}")
    count = _how_many(members)
    days = sorted(today - timedelta(days=rng.randint(0, 364)) for _ in range(count))
    fates = _fates(count, rng)
    try:
        with tempfile.TemporaryDirectory(prefix="auyl-demo-") as folder:
            office = _Demo(rng, today, Path(folder))
            opened = []
            for index, (day, fate) in enumerate(zip(days, fates)):
                data, kind, lang = office.data(day)
                if fate != "new" and rng.random() < 0.6:  # most are given to someone at intake
                    data = assigned(data, kind, lang, rng)
                raised = min(_at(day, rng), office.now)
                issue_id = local_issues.create(data, at=raised)
                if index % 9 == 4 or index % 23 == 7:
                    office.attach(issue_id, index, lang, data.description, raised, photo=index % 9 == 4)
                office.follow(issue_id, data, kind, lang, fate, raised)
                if fate in ("accepted", "in_progress"):
                    opened.append(issue_id)
        _put_on_agenda(opened[-2:], today)
    except BaseException:
        with unit_of_work() as session:
            for issue in session.scalars(select(LocalIssue)):
                session.delete(issue)
        raise
    return count


def _put_on_agenda(issue_ids: list[int], today: date) -> None:
    """The latest open issues go before the next meeting not yet signed (one still to come, if any)."""
    unsigned = [m for m in meetings.list_meetings() if not m.signed]
    coming = [m for m in unsigned if m.starts_at.date() >= today]
    chosen = coming[-1:] or unsigned[:1]  # lists come newest first
    for meeting in chosen:
        for issue_id in issue_ids:
            local_issues.put_on_agenda(issue_id, meeting.id)
