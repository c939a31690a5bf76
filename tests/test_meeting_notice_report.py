"""The notice of a meeting, read back from the PDF: one page, no draft mark, who meets, when, where
and on what, in Kazakh and in Russian."""

from __future__ import annotations

from datetime import datetime

import pytest
from pypdf import PdfReader

from app import demo
from app.errors import ValidationError
from app.printing import meetings as meeting_reports
from app.services import meetings, settings

pytestmark = pytest.mark.every_database

DAY = datetime(2026, 3, 14, 10, 0)
CONVENER = "Жарлыөзек ауылдық округінің әкімі Е. Сейітов"


def read(path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join(page.extract_text().replace("\u00a0", " ").split())
                                       for page in reader.pages)


@pytest.fixture
def village(database):
    demo.generate(30, seed=1, activity=False)
    return settings.villages()[0]


def agenda(n: int) -> list[meetings.ItemData]:
    return [meetings.ItemData(f"{i}-мәселе: ауылдағы көшелерді жарықтандыру және балалар алаңын жөндеу туралы")
            for i in range(1, n + 1)]


def test_the_notice_of_a_gathering_in_kazakh_and_russian(village, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=village.id,
                                                      area="Абай көшесі", address="Мектеп, акт залы",
                                                      convened_by=CONVENER), agenda(2))
    count, kk = read(meeting_reports.print_notice(meeting_id, "kk", tmp_path / "kk.pdf"))
    assert count == 1
    for part in ("ХАБАРЛАНДЫРУ", "Құрметті Жарлыөзек ауылының тұрғындары!", "Қатысатын тұрғындар: Абай көшесі",
                 "Жергілікті қоғамдастық жиыны өтеді", "Өтетін күні: 2026 жылғы 14 наурыз", "Басталуы: сағат 10:00",
                 "Өтетін орны: Мектеп, акт залы", f"Шақырушы: {CONVENER}", "КҮН ТӘРТІБІ:", "1. 1-мәселе:", "2. 2-мәселе:",
                 "Барлық тұрғындарды жиынға қатысуға шақырамыз!", "Жарлыөзек ауылдық округінің Тұрақты даму орталығы"):
        assert part in kk, part
    assert "ЖОБА" not in kk
    count, ru = read(meeting_reports.print_notice(meeting_id, "ru", tmp_path / "ru.pdf"))
    assert count == 1
    for part in ("ОБЪЯВЛЕНИЕ", "Уважаемые жители села Жарлыозек!", "Для жителей: Абай көшесі", "Состоится сход местного сообщества",
                 "Дата: 14 марта 2026 года", "Начало: в 10:00", "Место проведения: Мектеп, акт залы", "ПОВЕСТКА ДНЯ:",
                 "Приглашаем всех жителей принять участие!",
                 "Центр устойчивого развития Жарлыозекского сельского округа"):
        assert part in ru, part
    assert "ПРОЕКТ" not in ru


def test_the_notice_is_a_poster_with_the_centres_address_and_phone_and_no_print_date(village, tmp_path):
    settings.save(centre_address_kk="Жарлыөзек ауылы, Абай көшесі, 12", centre_address_ru="с. Жарлыозек, ул. Абая, 12",
                  centre_phone="8 (72840) 2-12-34")
    room = settings.rooms()[0]
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=village.id,
                                                      room_id=room.id), agenda(1))
    count, kk = read(meeting_reports.print_notice(meeting_id, "kk", tmp_path / "kk.pdf"))
    assert count == 1
    assert f"Өтетін орны: {room.name}, Жарлыөзек ауылы, Абай көшесі, 12" in kk
    assert "Анықтама телефоны: 8 (72840) 2-12-34" in kk
    assert "Басып шығарылған" not in kk and "беттің" not in kk
    _, ru = read(meeting_reports.print_notice(meeting_id, "ru", tmp_path / "ru.pdf"))
    assert "с. Жарлыозек, ул. Абая, 12" in ru and "Телефон для справок: 8 (72840) 2-12-34" in ru
    assert "Страница" not in ru and "Дата печати" not in ru


def test_a_mistyped_phone_of_the_centre_is_refused(database):
    with pytest.raises(ValidationError) as error:
        settings.save(centre_phone="12-34")
    assert error.value.field == "centre_phone"


def test_the_notice_of_an_assembly_addresses_its_members(village, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=DAY), agenda(1))
    _, kk = read(meeting_reports.print_notice(meeting_id, "kk", tmp_path / "kk.pdf"))
    assert "Құрметті жергілікті қоғамдастық жиналысының мүшелері!" in kk
    assert "Жергілікті қоғамдастық жиналысы өтеді" in kk
    _, ru = read(meeting_reports.print_notice(meeting_id, "ru", tmp_path / "ru.pdf"))
    assert "Состоится собрание местного сообщества" in ru and "Просим членов собрания принять участие." in ru


def test_a_long_agenda_still_fits_one_page(village, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=village.id),
                                 agenda(14))
    count, text = read(meeting_reports.print_notice(meeting_id, "ru", tmp_path / "ru.pdf"))
    assert count == 1 and "14. 14-мәселе" in text


def test_a_notice_in_english_is_refused(village, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=DAY), agenda(1))
    with pytest.raises(ValidationError):
        meeting_reports.print_notice(meeting_id, "en", tmp_path / "en.pdf")
    assert not (tmp_path / "en.pdf").exists()
