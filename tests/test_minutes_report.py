"""The protocol of a meeting, built through the meetings service on a real database and read back
from the PDF: its heading, every section in the secretaries' order, the numbers, the names, the
decision and its number, the draft mark until signing, amendments after it, a meeting without
quorum, and the registration sheet with and without IINs."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from app.errors import ValidationError
from app.printing import meetings as meeting_reports
from app.reports.minutes import genitive
from app.services import meetings, settings
from tests import conftest
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

DAY = datetime(2026, 3, 14, 10, 0)
CHAIR, SECRETARY = "Мұқанов Ерлан Серікұлы", "Қасымова Айгүл Бекзатқызы"
DECISION = "Ауылдық округтің 2026 жылға арналған бюджет жобасы мақұлдансын."


def pages(path) -> list[str]:
    return [page.extract_text().replace("\u00a0", " ") for page in PdfReader(path).pages]


def text_of(path) -> str:
    return "\n".join(pages(path))


def words(text: str) -> str:
    """The text with every run of spaces and line breaks made one space (justified lines wrap)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_district(migrated_template, made_once):
    """The demo's people and year, built once (it takes seconds); each test gets a copy. Its meetings go
    to 2023, away from the meetings these tests make."""
    return conftest.demo_district(made_once, migrated_template, members=80, seed=1, today=date(2023, 6, 30))


@pytest.fixture
def people(demo_district, tmp_path):
    with opened_copy(demo_district, tmp_path / "db"):
        yield settings.villages()[0]


def gathering(village, *, present: int | None = None, guests: str = "Сейітов Ержан — ауылдық округ әкімі",
              **changes) -> int:
    data = dict(kind="gathering", starts_at=DAY, village_id=village.id, address="Абай көшесі, 12", chair=CHAIR,
                secretary=SECRETARY, guests=guests, number=3)
    data.update(changes)
    meeting_id = meetings.create(meetings.MeetingData(**data), [
        meetings.ItemData("2026 жылғы бюджет туралы", rapporteur="Сейітов Ержан",
                          heard="Әкім бюджет жобасын таныстырды: кірістер 45,2 млн теңге.",
                          proposal="Бюджет жобасын мақұлдау.", decision_text=DECISION,
                          speakers=(meetings.SpeakerData("Омаров Марат", "Көше жарығын көбейтуді ұсынды."),)),
        meetings.ItemData("Абай көшесіндегі жолды жөндеу туралы", rapporteur="Төлеуов Талғат",
                          proposal="Жөндеуді мамырда бастау.", decision_text="Жол мамырда жөнделсін.")])
    everyone = [p.member_id for p in meetings.attendance_candidates(meeting_id, limit=None)]
    meetings.set_present(meeting_id, everyone[:present] if present is not None else everyone)
    return meeting_id


def vote_all(meeting_id: int, against: int = 2, abstained: int = 1,
             without_quorum: bool = False) -> meetings.MeetingView:
    view = meetings.get(meeting_id)
    present = view.quorum.present
    for item in view.items:
        meetings.record_vote(item.id, present - against - abstained, against, abstained,
                             without_quorum=without_quorum)
    return meetings.get(meeting_id)


# The district's name in the genitive -------------------------------------------------------------

@pytest.mark.parametrize("name, lang, expected", [
    ("Жарлыөзек ауылдық округі", "kk", "Жарлыөзек ауылдық округінің"),
    ("Бозтоған ауылы", "kk", "Бозтоған ауылының"),
    ("Көксу ауданы", "kk", "Көксу ауданының"),
    ("Жарлыөзек", "kk", "Жарлыөзектің"),
    ("Абай ауылы, Мектеп көшесі", "kk", "Абай ауылы, Мектеп көшесінің"),
    ("Алмалы", "kk", "Алмалының"),
    ("Қызылжар", "kk", "Қызылжардың"),
    ("Жарлыозекский сельский округ", "ru", "Жарлыозекского сельского округа"),
    ("Бозтоганский аульный округ", "ru", "Бозтоганского аульного округа"),
    ("сельский округ Жарлыозек", "ru", "сельского округа Жарлыозек"),
    ("Жарлыозекская сельская администрация", "ru", "Жарлыозекской сельской администрации"),
    ("Жарлыозекский сельский округ Коксуского района", "ru", "Жарлыозекского сельского округа Коксуского района"),
])
def test_district_names_take_the_genitive(name, lang, expected):
    assert genitive(name, lang) == expected


@pytest.mark.parametrize("name, lang", [("Zharlyozek rural district", "kk"), ("Жарлыозек с/о", "ru"),
                                        ("Жарлыозекский сельский", "ru"), ("", "kk"), ("округ №5", "ru")])
def test_names_the_rules_do_not_know_have_no_genitive(name, lang):
    assert genitive(name, lang) is None


def test_an_undeclinable_district_is_printed_in_brackets_under_the_heading(people, tmp_path):
    settings.save(district_name_ru="Жарлыозек с/о")
    meeting_id = gathering(people)
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "ПРОТОКОЛ № 3 схода местного сообщества (Жарлыозек с/о)" in text


# The protocol ------------------------------------------------------------------------------------

KK_SECTIONS = ("Жарлыөзек ауылдық округінің жергілікті қоғамдастық жиынының № 3 ХАТТАМАСЫ",
               "Жарлыөзек ауылы", "2026 жылғы 14 наурыз, сағат 10:00", "Өткізілген орны: Абай көшесі, 12",
               f"Жиын төрағасы: {CHAIR}", f"Хатшы: {SECRETARY}", "Жиынға қатысуға құқығы бар тұрғындар саны:",
               "Қатысқандар:", "Кворум бар. Жиын заңды.", "ШАҚЫРЫЛҒАНДАР:", "КҮН ТӘРТІБІ:",
               "1. ТЫҢДАЛДЫ: Сейітов Ержан — 2026 жылғы бюджет туралы", "СӨЙЛЕГЕНДЕР:", "ҰСЫНЫЛДЫ:",
               "ДАУЫС БЕРУ: қолдап —", "ШЕШТІ:", "2. ТЫҢДАЛДЫ:", f"Жиын төрағасы {CHAIR}", f"Хатшы {SECRETARY}",
               "Қосымша: қатысушыларды тіркеу парағы,", "ҚАТЫСУШЫЛАРДЫ ТІРКЕУ ПАРАҒЫ")
RU_SECTIONS = ("ПРОТОКОЛ № 3 схода местного сообщества Жарлыозекского сельского округа", "с. Жарлыозек",
               "14 марта 2026 года, 10:00", "Место проведения: Абай көшесі, 12", f"Председатель: {CHAIR}",
               f"Секретарь: {SECRETARY}", "Число жителей, имеющих право участвовать в сходе:", "Присутствовали:",
               "Кворум имеется. Сход правомочен.", "ПРИГЛАШЕННЫЕ:", "ПОВЕСТКА ДНЯ:",
               "1. СЛУШАЛИ: Сейітов Ержан — 2026 жылғы бюджет туралы", "ВЫСТУПИЛИ:", "ПРЕДЛОЖЕНО:",
               "ГОЛОСОВАЛИ: за —", "РЕШИЛИ:", "2. СЛУШАЛИ:", f"Председатель {CHAIR}", f"Секретарь {SECRETARY}",
               "Приложение: лист регистрации участников на", "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ")


@pytest.mark.parametrize("lang, sections", [("kk", KK_SECTIONS), ("ru", RU_SECTIONS)])
def test_the_protocol_has_every_section_in_the_secretaries_order(people, tmp_path, lang, sections):
    meeting_id = gathering(people)
    view = vote_all(meeting_id)
    q = view.quorum
    text = words(text_of(meeting_reports.print_minutes(meeting_id, lang, tmp_path / f"{lang}.pdf")))
    at = 0
    for section in sections:
        found = text.find(section, at)
        assert found >= 0, f"{section!r} missing or out of order in:\n{text}"
        at = found + len(section)
    entitled = "Жиынға қатысуға құқығы бар тұрғындар саны" if lang == "kk" else "имеющих право участвовать в сходе"
    assert f"{entitled}: {q.entitled}" in text
    present = (f"Қатысқандар: {q.present} адам (тізімі қоса беріледі)" if lang == "kk"
               else f"Присутствовали: {q.present} чел. (список прилагается)")
    assert present in text
    votes = (f"қолдап — {q.present - 3}, қарсы — 2, қалыс қалғандар — 1" if lang == "kk"
             else f"за — {q.present - 3}, против — 2, воздержались — 1")
    assert text.count(votes) == 2
    number = view.items[0].decision.label
    decision = f"1.1. {DECISION} " + (f"(№ {number} шешім)" if lang == "kk" else f"(решение № {number})")
    assert decision in text
    assert "2.1. Жол мамырда жөнделсін." in text


def test_kazakh_months_are_lowercase_and_keywords_capitals(people, tmp_path):
    meeting_id = gathering(people)
    text = text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf"))
    assert "14 наурыз" in text and "Наурыз" not in text
    assert re.search(r"\d\. ТЫҢДАЛДЫ:", text)


def test_the_draft_mark_is_on_every_page_until_the_protocol_is_signed(people, tmp_path):
    meeting_id = gathering(people)
    vote_all(meeting_id)
    draft = pages(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "draft.pdf"))
    assert len(draft) >= 2 and all("ЖОБА" in page for page in draft)
    assert all("ПРОЕКТ" in page for page in pages(meeting_reports.print_minutes(meeting_id, "ru",
                                                                                 tmp_path / "draft-ru.pdf")))
    meetings.sign(meeting_id, date(2026, 3, 16))
    meetings.add_amendment(meeting_id, "Екінші мәселе бойынша шешімнің мерзімі маусымға ауыстырылды.",
                           date(2026, 3, 20))
    kk = pages(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "signed.pdf"))
    assert not any("ЖОБА" in page for page in kk)
    text = words("\n".join(kk))
    assert "ӨЗГЕРІСТЕР:" in text
    assert "1. 2026 жылғы 20 наурыз: Екінші мәселе бойынша шешімнің мерзімі маусымға ауыстырылды." in text
    # Amendments come after the protocol's signatures.
    assert text.index("ӨЗГЕРІСТЕР:") > text.index(f"Хатшы {SECRETARY}")
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "signed-ru.pdf")))
    assert "ПРОЕКТ" not in ru and "ИЗМЕНЕНИЯ:" in ru and "20 марта 2026 года:" in ru


def test_amendments_are_not_printed_on_a_draft(people, tmp_path):
    meeting_id = gathering(people)
    text = text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "draft.pdf"))
    assert "ӨЗГЕРІСТЕР" not in text


def test_without_quorum_every_decision_is_not_adopted(people, tmp_path):
    meeting_id = gathering(people, present=4)
    meetings.set_entitled(meeting_id, 500, "тізілімге енбеген жаңа тұрғындар")
    view = vote_all(meeting_id, against=0, abstained=0, without_quorum=True)  # confirmed: taken without quorum
    assert not view.quorum.reached and all(item.decision is None for item in view.items)
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "Жиынға қатысуға құқығы бар тұрғындар саны: 500" in kk
    assert f"(тізілім бойынша — {view.quorum.entitled_counted}; нақтыланды: тізілімге енбеген жаңа тұрғындар)" in kk
    assert "Кворум жоқ. Жиын шешім қабылдауға құқылы емес. Кворум үшін кемінде 50 адам қажет." in kk
    assert kk.count("Шешім қабылданбады: кворум жоқ.") == 2
    assert DECISION not in kk and "шешім)" not in kk
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "Кворума нет. Сход неправомочен." in ru
    assert ru.count("Решение не принято: кворума нет.") == 2


def test_a_proposal_voted_down_is_not_adopted(people, tmp_path):
    meeting_id = gathering(people)
    view = meetings.get(meeting_id)
    present = view.quorum.present
    meetings.record_vote(view.items[1].id, 1, present - 1, 0)
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert f"за — 1, против — {present - 1}, воздержались — 0" in text
    assert "Предложение не набрало необходимого числа голосов" in text and "Решение не принято." in text


def test_the_registration_sheet_lists_those_present_with_iins_only_when_the_district_asks(people, tmp_path):
    meeting_id = gathering(people, present=5)
    present = meetings.present_people(meeting_id)
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "plain.pdf")))
    sheet = text[text.index("ҚАТЫСУШЫЛАРДЫ ТІРКЕУ ПАРАҒЫ"):]
    assert "Аты-жөні" in sheet and "Мекенжай" in sheet and "Қолы" in sheet and "ЖСН" not in sheet
    for _id, name, address, iin in present:
        assert name in sheet and address in sheet and iin not in text
    assert "Қосымша: қатысушыларды тіркеу парағы, 1 парақ" in text

    settings.save(registration_sheet_shows_iin=True)
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "iin.pdf")))
    sheet = text[text.index("ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ"):]
    assert "ИИН" in sheet and "Подпись" in sheet
    assert all(iin in sheet for *_rest, iin in present)
    assert "Приложение: лист регистрации участников на 1 л." in text


def test_a_long_registration_sheet_counts_its_pages_in_the_annex_line(people, tmp_path):
    meeting_id = gathering(people)
    path = meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")
    all_pages = pages(path)
    sheet_pages = [page for page in all_pages if "Қолы" in page]
    assert len(sheet_pages) >= 1
    assert f"тіркеу парағы, {len(sheet_pages)} парақ" in words(text_of(path))
    assert all_pages[-1].count("Қолы") == 1  # the sheet's header row opens each of its pages


def test_a_head_count_says_the_sheet_is_kept_on_paper(people, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=people.id,
                                                      chair=CHAIR, secretary=SECRETARY),
                                 [meetings.ItemData("Су құбыры туралы")])
    meetings.set_entitled(meeting_id, 480, "the akimat's list")  # more came than the register knows
    meetings.set_head_count(meeting_id, 57)
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "Присутствовали: 57 чел. (по подсчёту присутствующих, лист регистрации хранится на бумаге)" in text
    assert "Приложение: лист регистрации участников (хранится на бумаге)" in text
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" not in text
    assert "ГОЛОСОВАЛИ: результаты не внесены" in text


def test_an_assembly_protocol_counts_its_members_and_a_roll_call(people, tmp_path):
    members = [m.member_id for m in meetings.assembly_members(on=DAY.date())]  # elected in the demo
    assert len(members) >= 5
    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=DAY, chair=CHAIR,
                                                      secretary=SECRETARY, number=2),
                                 [meetings.ItemData("Әкімнің есебі туралы", decision_text="Есеп назарға алынсын.")])
    present = members[:-1]
    meetings.set_present(meeting_id, present)
    item = meetings.get(meeting_id).items[0]
    meetings.record_roll_call(item.id, {m: "for" for m in present[:-1]} | {present[-1]: "against"})
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "Жарлыөзек ауылдық округінің жергілікті қоғамдастық жиналысының № 2 ХАТТАМАСЫ" in kk
    assert f"Жиналыс мүшелерінің жалпы саны: {len(members)}" in kk
    assert f"Қатысқандар: {len(present)} адам (тізімі қоса беріледі)" in kk
    assert "Кворум бар. Жиналыс заңды." in kk
    assert f"ДАУЫС БЕРУ: қолдап — {len(present) - 1}, қарсы — 1, қалыс қалғандар — 0 (атаулы дауыс беру)" in kk
    assert f"Жиналыс төрағасы: {CHAIR}" in kk
    # The assembly has no village of its own: the protocol is written in the district's first village.
    assert "Жарлыөзек ауылы" in kk
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "ПРОТОКОЛ № 2 собрания местного сообщества Жарлыозекского сельского округа" in ru
    assert f"Общее число членов собрания: {len(members)}" in ru and "Кворум имеется. Собрание правомочно." in ru
    assert "(поименное голосование)" in ru


def test_another_kind_is_headed_by_its_own_name(people, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="other", kind_name="Қоғамдық тыңдау (публичные слушания)",
                                                      starts_at=DAY, chair=CHAIR, secretary=SECRETARY),
                                 [meetings.ItemData("Жер учаскесі туралы")])
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "№ 1 ХАТТАМА Қоғамдық тыңдау — Жарлыөзек ауылдық округі" in kk
    assert "Кворум" not in kk and f"Төраға: {CHAIR}" in kk
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "ПРОТОКОЛ № 1 публичные слушания — Жарлыозекский сельский округ" in ru


def test_a_protocol_in_english_is_refused_and_nothing_is_written(people, tmp_path):
    meeting_id = gathering(people)
    with pytest.raises(ValidationError) as error:
        meeting_reports.print_minutes(meeting_id, "en", tmp_path / "en.pdf")
    assert error.value.field == "lang" and "Kazakh or Russian" in error.value.message("en")
    assert not (tmp_path / "en.pdf").exists()


def test_a_protocol_prepared_before_attendance_does_not_judge_quorum(people, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=people.id),
                                 [meetings.ItemData("2026 жылғы бюджет туралы", decision_text=DECISION)])
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "Присутствовали: 0 чел." in text and "Кворум" not in text
    assert f"РЕШИЛИ: 1.1. {DECISION}" in text and "решение №" not in text
    assert "ГОЛОСОВАЛИ: результаты не внесены" in text
