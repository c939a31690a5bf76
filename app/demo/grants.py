"""Demo grants: the donors a village centre works with (the civil initiatives support centre, the
district akimat, UNDP GEF Small Grants Programme, Soros Foundation Kazakhstan, a local entrepreneur)
and grants of each kind over the last year and a half, with budget lines in Kazakh or Russian as the
donor's forms have them, tranches planned and received (foreign receipts make their tax notices),
expenses (two with scanned receipts), report deadlines in every state, an overspent line and money
spent before it arrived, so the warnings show, and links to local issues the grants pay for.

Built through the grants service, as the office would enter it. Deterministic for a seed and a day:
dates count back from ``today``. Scans are a tiny PNG (app.demo.issues.png) and a one-page PDF made here.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.demo.issues import png
from app.models import Donor, Grant
from app.services import grants, local_issues
from app.services.grants import DeadlineData, DonorData, ExpenseData, GrantData, LineData, TrancheData

DONORS = (
    DonorData("«Азаматтық бастамаларды қолдау орталығы» КеАҚ", "state", "940140000385",
              "НАО «Центр поддержки гражданских инициатив»: мемлекеттік гранттар"),
    DonorData("Көксу ауданының әкімдігі", "akimat", "", "Акимат Коксуского района: софинансирование"),
    DonorData("UNDP GEF Small Grants Programme", "foreign", "", "ПРООН ГЭФ Программа малых грантов"),
    DonorData("Soros Foundation Kazakhstan", "foreign", "", "Фонд Сорос-Казахстан"),
    DonorData("ЖК «Сейітов Ерлан»", "private", "", "Ауылдың кәсіпкері, демеуші"),
)

PAYEES = ("ЖШС «Жетісу Принт»", "ЖК Омарова Г.", "ТОО «Алатау Свет»", "ИП Кузнецов С.", "ЖШС «Көксу Құрылыс»",
          "ТОО «Таза Ауыл»", "ЖК Қасымов Д.", "ТОО «Семиречье Транс»")


@dataclass(frozen=True)
class Plan:
    """One grant: its donor (index in DONORS), when it starts (days before today) and how long it
    runs (days), its lines (code, name, share of the total), tranches (day after the start, share) and
    report deadlines (kind, days after today it is due, submitted or not)."""

    donor: int
    number: str
    programme: str
    purpose: str
    starts: int
    days: int
    currency: str
    total: str
    lines: tuple[tuple[str, str, str], ...]
    tranches: tuple[tuple[int, str], ...]
    reports: tuple[tuple[str, int, bool, str], ...]
    overspend: str = ""  # a line spent beyond its plan
    early: bool = False  # the first expense before the first money came
    issues: str = ""  # a word of the category of local issues it pays for


PLANS = (
    Plan(0, "ГГ-2025/0117", "Мемлекеттік әлеуметтік тапсырыс: ауыл жастарын қолдау",
         "Ауыл жастарына арналған көшбасшылық мектебі және волонтерлік жобалар", 540, 365, "KZT", "8 650 000",
         (("1", "Еңбекақы", "0.48"), ("2", "Салықтар және міндетті аударымдар", "0.05"),
          ("3", "Іс-шараларды өткізу", "0.30"), ("4", "Баспа өнімдері", "0.07"), ("5", "Әкімшілік шығыстар", "0.10")),
         ((0, "0.7"), (190, "0.3")),
         (("interim", -345, True, "Аралық есеп (1-кезең)"), ("final", -160, True, "Қорытынды есеп"))),
    Plan(0, "ГГ-2026/0342", "Мемлекеттік грант: ауылдық қоғамдастықтарды дамыту",
         "Ауылдық округтің жергілікті өзін-өзі басқару органдарының белсенділігін арттыру", 190, 640, "KZT",
         "15 000 000",
         (("1", "Еңбекақы", "0.42"), ("2", "Салықтар және міндетті аударымдар", "0.045"),
          ("3", "Оқыту семинарлары", "0.235"), ("4", "Көлік шығыстары", "0.08"),
          ("5", "Жабдық сатып алу", "0.12"), ("6", "Әкімшілік шығыстар", "0.10")),
         ((5, "0.5"), (210, "0.3"), (420, "0.2")),
         (("interim", -6, False, "Аралық есеп (1-кезең)"), ("interim", 110, False, "Аралық есеп (2-кезең)"),
          ("final", 470, False, "Қорытынды есеп")), issues="Жол"),
    Plan(1, "14/2026-СФ", "Софинансирование социально значимых проектов",
         "Благоустройство и озеленение центральной площади села", 300, 330, "KZT", "3 000 000",
         (("1", "Саженцы и посадочный материал", "0.40"), ("2", "Скамейки и урны", "0.35"),
          ("3", "Работы по благоустройству", "0.25")),
         ((10, "1"),), (("final", 18, False, "Отчёт об использовании средств"),), overspend="2", issues="Қоқыс"),
    Plan(1, "9/2025-СФ", "Софинансирование социально значимых проектов",
         "Новогодние праздники для детей из многодетных семей", 420, 75, "KZT", "750 000",
         (("1", "Подарки детям", "0.60"), ("2", "Аренда зала и оформление", "0.25"), ("3", "Транспорт", "0.15")),
         ((3, "1"),), (("final", -330, True, "Отчёт об использовании средств"),)),
    Plan(2, "KAZ/SGP/OP7/Y3/CORE/2026/07", "GEF SGP OP7: Community-based renewable energy",
         "Солнечные фонари на улицах сёл округа и обучение жителей энергосбережению", 270, 450, "USD", "48 500",
         (("1", "Solar street lights / Солнечные фонари", "0.55"), ("2", "Installation / Монтаж", "0.15"),
          ("3", "Trainings / Обучение жителей", "0.12"), ("4", "Project staff / Персонал проекта", "0.13"),
          ("5", "Audit and reporting / Аудит и отчётность", "0.05")),
         ((12, "0.4"), (265, "0.4"), (400, "0.2")),
         (("interim", -110, True, "Progress report 1"), ("interim", 45, False, "Progress report 2"),
          ("final", 210, False, "Final report")), issues="жарығ"),
    Plan(3, "SFK-2025-CS-058", "Гражданское общество и местное самоуправление",
         "Школа сельского активиста: правовая грамотность и участие в сходах", 400, 540, "KZT", "6 200 000",
         (("1", "Оплата тренеров", "0.35"), ("2", "Проведение тренингов", "0.30"),
          ("3", "Информационные материалы", "0.15"), ("4", "Административные расходы", "0.20")),
         ((25, "0.5"), (300, "0.5")),
         (("interim", -120, True, "Промежуточный отчёт"), ("interim", 25, False, "Второй промежуточный отчёт"),
          ("final", 170, False, "Итоговый отчёт")), early=True),
    Plan(4, "Д-03/2026", "Демеушілік көмек", "Ауыл кубогы: балалар футбол турнирі", 120, 60, "KZT", "500 000",
         (("1", "Спорттық құрал-жабдықтар", "0.6"), ("2", "Жүлделер мен марапаттар", "0.4")),
         ((0, "1"),), (("final", -45, True, "Демеушіге есеп"),)),
)


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with a line of text (an ASCII line, in a standard font): a scanned act's stand-in."""
    stream = f"BT /F1 14 Tf 40 120 Td ({text}) Tj ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _round(amount: Decimal, currency: str) -> Decimal:
    """Tenge budgets go in whole thousands, dollar ones in whole dollars."""
    step = Decimal(1000) if currency == "KZT" else Decimal(1)
    return (amount / step).quantize(Decimal(1)) * step


class _Grant:
    def __init__(self, plan: Plan, donor_id: int, today: date, rng: random.Random, folder: Path):
        self.plan, self.today, self.rng, self.folder = plan, today, rng, folder
        self.starts = today - timedelta(days=plan.starts)
        self.ends = self.starts + timedelta(days=plan.days - 1)
        self.total = Decimal(plan.total.replace(" ", ""))
        planned = [_round(self.total * Decimal(share), plan.currency) for _code, _name, share in plan.lines]
        planned[0] += self.total - sum(planned)  # the lines add up to the total, to the tenge
        signed = self.starts - timedelta(days=rng.randint(7, 20))
        self.id = grants.create_grant(
            GrantData(donor_id, plan.number, signed, self.starts, self.ends, plan.currency, self.total,
                      plan.programme, plan.purpose),
            [LineData(code, name, amount) for (code, name, _share), amount in zip(plan.lines, planned)])
        self.lines = {line.code: line for line in grants.get(self.id).lines}

    def last_day(self) -> date:
        return min(self.today, self.ends)

    def tranches(self) -> list[tuple[date, Decimal]]:
        """Plans the tranches and receives those whose day has come; returns the receipts."""
        plan, received = self.plan, []
        shares = [Decimal(share) for _day, share in plan.tranches]
        amounts = [_round(self.total * share, plan.currency) for share in shares]
        amounts[-1] += self.total - sum(amounts)
        for (after, _share), amount in zip(plan.tranches, amounts):
            planned_on = self.starts + timedelta(days=after)
            came = min(planned_on + timedelta(days=self.rng.randint(2, 12) if after else 0), self.ends)
            if came <= self.today:
                grants.add_tranche(self.id, TrancheData(planned_on, amount, came, amount))
                received.append((came, amount))
            else:
                grants.add_tranche(self.id, TrancheData(planned_on, amount))
        return received

    def expenses(self, received: list[tuple[date, Decimal]], scans: list[str]) -> None:
        """Spends along the lines as the money comes, never ahead of it (but where the plan says so),
        each line to about the share of the grant's time gone; one line overspent where planned."""
        plan, rng = self.plan, self.rng
        elapsed = min(Decimal(1), Decimal((self.last_day() - self.starts).days + 1) / plan.days)
        cent = Decimal("0.01") if plan.currency != "KZT" else Decimal(1)
        first_money = received[0][0] if received else self.last_day()
        moves = []
        for code, line in self.lines.items():
            share = Decimal("1.07") if code == plan.overspend else elapsed * Decimal(rng.randint(82, 97)) / 100
            target = (line.planned * share).quantize(cent)
            parts = rng.randint(1, 3) if target else 0
            for index in range(parts):
                amount = (target / parts).quantize(cent) if index < parts - 1 else target - (target / parts).quantize(
                    cent) * (parts - 1)
                span = max((self.last_day() - first_money).days, 1)
                moves.append((first_money + timedelta(days=rng.randint(1, span)), code, amount))
        moves.sort()
        if plan.early and moves:
            day, code, amount = moves[0]
            moves[0] = (max(self.starts, first_money - timedelta(days=rng.randint(5, 15))), code, amount)
        money_by = sorted(received)
        spent = Decimal(0)
        for number, (day, code, amount) in enumerate(moves, start=1):
            available = sum((a for came, a in money_by if came <= day), Decimal(0)) - spent
            if not (plan.early and number == 1) and amount > available:
                continue  # the money for it has not come yet
            scan = None
            if scans and number == 2:
                scan = self.folder / scans.pop(0)
            grants.add_expense(self.id, ExpenseData(
                self.lines[code].id, min(day, self.last_day()), amount, payee=rng.choice(PAYEES),
                document_number=f"{rng.randint(10, 999)}", scan_path=scan))
            spent += amount

    def deadlines(self) -> None:
        """The reports as planned, and the tax notices of foreign receipts sent in time (the last one, if
        still due, left open)."""
        for kind, due, submitted, title in self.plan.reports:
            due_on = self.today + timedelta(days=due)
            done = due_on - timedelta(days=self.rng.randint(0, 4)) if submitted else None
            grants.add_deadline(self.id, DeadlineData(kind, due_on, title, min(done, self.today) if done else None))
        for notice in grants.get(self.id).deadlines:
            if notice.kind == "tax" and notice.due_on <= self.today:
                grants.update_deadline(notice.id, DeadlineData("tax", notice.due_on, notice.title,
                                                               notice.due_on - timedelta(days=self.rng.randint(1, 5))))


def _issues_for(word: str) -> list[int]:
    """A couple of local issues of a category with this word, if the demo has any."""
    if not word:
        return []
    rows = local_issues.rows(sort="number", descending=False)
    return [row.id for row in rows if word.lower() in row.category.lower()][:2]


def generate_grants(seed: int, today: date | None = None) -> int:
    """Adds the demo donors and grants, unless the database has grants already; returns how many
    grants it added. On any error it takes back what it added."""
    today = today or clock.today()
    with unit_of_work() as session:
        if session.scalar(select(func.count()).select_from(Grant)):
            return 0
        known = {name: donor_id for donor_id, name in session.execute(select(Donor.id, Donor.name))}
    rng = random.Random(f"grants-{seed}")
    added: list[int] = []
    made_donors: list[int] = []
    try:
        donor_ids = []
        for data in DONORS:
            if data.name not in known:
                known[data.name] = grants.save_donor(data)
                made_donors.append(known[data.name])
            donor_ids.append(known[data.name])
        with tempfile.TemporaryDirectory(prefix="auyl-demo-") as folder:
            folder = Path(folder)
            (folder / "чек-0412.png").write_bytes(png(60, 80, rng.randrange(1 << 30)))
            (folder / "акт-выполненных-работ.pdf").write_bytes(_tiny_pdf("Act of completed works No. 17"))
            scans = ["чек-0412.png", "акт-выполненных-работ.pdf"]
            for plan in PLANS:
                grant = _Grant(plan, donor_ids[plan.donor], today, rng, folder)
                added.append(grant.id)
                received = grant.tranches()
                grant.expenses(received, scans if plan.donor in (0, 2) else [])
                grant.deadlines()
                if issue_ids := _issues_for(plan.issues):
                    grants.set_issues(grant.id, issue_ids)
    except BaseException:
        for grant_id in added:
            grants.delete_grant(grant_id)
        for donor_id in made_donors:
            grants.delete_donor(donor_id)
        raise
    return len(added)
