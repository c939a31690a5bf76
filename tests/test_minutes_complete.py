"""The protocol complete, read back from the PDF: who voted how at a roll call, who was absent, the
representatives a separate сход elected, the closing time, the decision's days with the akim,
signed amendments, full names at the signatures, the signatures never alone on a page, the
protocol's own number and date in the header, the other language's texts in the other protocol;
and the blank registration sheet, whose names wrap rather than being cut."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from app import clock
from app.i18n import format_date_long
from app.printing import meetings as meeting_reports
from app.services import meetings, members, settings
from tests import test_minutes_report as base
from tests.test_minutes_report import CHAIR, DAY, SECRETARY, gathering, pages, text_of, vote_all, words

pytestmark = pytest.mark.every_database
demo_district, people = base.demo_district, base.people  # the fixtures: the demo's people, a copy each test


def assembly(present_all_but: int = 1, roll_call: bool = True) -> tuple[int, list[int]]:
    """A собрание of the demo's elected members, all but the last ``present_all_but`` present, its item
    voted by roll call (the last one present against)."""
    elected = [m.member_id for m in meetings.assembly_members(on=DAY.date())]
    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=DAY, chair=CHAIR,
                                                      secretary=SECRETARY, number=2),
                                 [meetings.ItemData("Әкімнің есебі туралы", decision_text="Есеп назарға алынсын.")])
    present = elected[:-present_all_but]
    meetings.set_present(meeting_id, present)
    item = meetings.get(meeting_id).items[0]
    if roll_call:
        meetings.record_roll_call(item.id, {m: "for" for m in present[:-1]} | {present[-1]: "against"})
    return meeting_id, elected


def full_name(member_id: int) -> str:
    person = members.get(member_id)
    return " ".join(part for part in (person.surname, person.given_name, person.patronymic) if part)


def test_a_roll_call_prints_who_voted_how_by_name(people, tmp_path):
    meeting_id, elected = assembly()
    present = elected[:-1]
    for lang, choice_for, choice_against in (("kk", "қолдап", "қарсы"), ("ru", "за", "против")):
        text = words(text_of(meeting_reports.print_minutes(meeting_id, lang, tmp_path / f"{lang}.pdf")))
        for member_id in present[:-1]:
            assert f"{full_name(member_id)} — {choice_for}" in text
        assert f"{full_name(present[-1])} — {choice_against}" in text
        # Under the item's vote, before its decision.
        keyword = "ШЕШТІ:" if lang == "kk" else "РЕШИЛИ:"
        assert text.index(full_name(present[-1])) < text.index(keyword)


def test_an_assembly_names_its_absent_members(people, tmp_path):
    meeting_id, elected = assembly(present_all_but=2, roll_call=False)
    absent = [full_name(m) for m in elected[-2:]]
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "Қатыспағандар: 2 адам (" in kk and all(name in kk for name in absent)
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "Отсутствовали: 2 чел. (" in ru and all(name in ru for name in absent)


def test_a_gathering_counts_those_absent(people, tmp_path):
    meeting_id = gathering(people, present=10)
    entitled = meetings.quorum(meeting_id).entitled
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert f"Отсутствовали: {entitled - 10} чел." in text


def test_a_separate_gathering_lists_the_representatives_it_elected(people, tmp_path):
    elected = "Мұқанов Ерлан Серікұлы\nӘбдіғалиева Гүлнұр Қайратқызы\n"
    meeting_id = gathering(people, separate=True, representatives=elected)
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    section = kk[kk.index("ЖЕРГІЛІКТІ ҚОҒАМДАСТЫҚ ЖИЫНЫНА ӨКІЛДЕР БОЛЫП САЙЛАНДЫ: 1) Мұқанов Ерлан Серікұлы"):]
    assert "2) Әбдіғалиева Гүлнұр Қайратқызы" in section  # maybe over a page break
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert "ИЗБРАНЫ ПРЕДСТАВИТЕЛЯМИ ДЛЯ УЧАСТИЯ В СХОДЕ МЕСТНОГО СООБЩЕСТВА: 1) Мұқанов Ерлан Серікұлы" in ru
    # Before the signatures.
    assert ru.index("ИЗБРАНЫ ПРЕДСТАВИТЕЛЯМИ") < ru.index(f"Секретарь {SECRETARY}")


def test_the_closing_time_is_printed_or_left_to_write_by_hand(people, tmp_path):
    meeting_id = gathering(people, ends_at=datetime(2026, 3, 14, 12, 40))
    assert "Жабылу уақыты: сағат 12:40." in words(text_of(meeting_reports.print_minutes(
        meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "Время закрытия: 12:40." in words(text_of(meeting_reports.print_minutes(
        meeting_id, "ru", tmp_path / "ru.pdf")))
    open_ended = gathering(people, number=4)
    assert "Время закрытия: ____ ч ____ мин." in words(text_of(meeting_reports.print_minutes(
        open_ended, "ru", tmp_path / "blank.pdf")))


def test_a_decision_says_when_it_is_due_at_the_akim_and_when_the_answer_is(people, tmp_path):
    meeting_id = gathering(people)
    view = vote_all(meeting_id)
    first, second = view.items[0].decision, view.items[1].decision
    meetings.sign(meeting_id, date(2026, 3, 16))  # a decision is sent once its protocol is signed
    meetings.update_decision(first.id, meetings.DecisionData(sent_on=date(2026, 3, 16)))
    answer_due = meetings.get(meeting_id).items[0].decision.answer_due
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    assert (f"Направлено акиму: 16 марта 2026 года; срок ответа акима: {format_date_long(answer_due, 'ru')}."
            in ru)
    assert f"Направить акиму до {format_date_long(second.send_by, 'ru')}." in ru
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert f"әкімнің жауап беру мерзімі: {format_date_long(answer_due, 'kk')}." in kk
    assert f"Әкімге жіберу мерзімі: {format_date_long(second.send_by, 'kk')}." in kk


def test_amendments_are_signed_like_the_protocol_with_full_names(people, tmp_path):
    meeting_id = gathering(people)
    vote_all(meeting_id)
    meetings.sign(meeting_id, date(2026, 3, 16))
    meetings.add_amendment(meeting_id, "Екінші мәселенің мерзімі маусымға ауыстырылды.", date(2026, 3, 20))
    meetings.add_amendment(meeting_id, "Қатысушылар саны түзетілді.", date(2026, 3, 21))
    text = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    amendments = text[text.index("ӨЗГЕРІСТЕР:"):]
    signature = f"Жиын төрағасы {CHAIR} Хатшы {SECRETARY}"
    assert amendments.count(signature) == 2
    assert amendments.index("мерзімі маусымға") < amendments.index(signature) < amendments.index("саны түзетілді")
    # The protocol's own signatures: the full names, not initials.
    assert text[:text.index("ӨЗГЕРІСТЕР:")].count(signature) == 1


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_signatures_never_stand_alone_on_a_page(people, tmp_path, lang):
    """Protocols of 1 to 14 items, each longer than the last, so the signatures fall at every place on
    a page: the page holding them holds the last decision's text too."""
    signature = f"{'Хатшы' if lang == 'kk' else 'Секретарь'} {SECRETARY}"
    for count in range(1, 15):
        last = f"Соңғы шешім {count}."
        items = [meetings.ItemData(f"Мәселе {n}", rapporteur="Сейітов Ержан",
                                   heard="Баяндама мәтіні. " * (3 + n % 5),
                                   decision_text=last if n == count else f"Шешім {n}.")
                 for n in range(1, count + 1)]
        meeting_id = meetings.create(meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=people.id,
                                                          chair=CHAIR, secretary=SECRETARY, number=100 + count),
                                     items)
        texts = [words(page) for page in pages(meeting_reports.print_minutes(
            meeting_id, lang, tmp_path / f"{lang}-{count}.pdf"))]
        with_signatures = [page for page in texts if signature in page]
        assert len(with_signatures) == 1
        page = with_signatures[0]
        assert last in page and page.index(last) < page.index(signature), (count, page)


def test_the_header_carries_the_protocols_number_and_date_and_the_print_date_only_the_footer(people, tmp_path):
    meeting_id = gathering(people)
    vote_all(meeting_id)
    printed_kk = f"Басып шығарылған күні: {clock.today().year}"
    for lang, header in (("kk", "№ 3 хаттама, 2026 жылғы 14 наурыз"), ("ru", "Протокол № 3 от 14 марта 2026 года")):
        texts = [words(page) for page in pages(meeting_reports.print_minutes(meeting_id, lang,
                                                                              tmp_path / f"{lang}.pdf"))]
        assert len(texts) >= 2 and all(header in page for page in texts)
        today = format_date_long(clock.today(), lang)
        # The print date only once a page, in the footer.
        assert all(page.count(today) == 1 for page in texts)
        if lang == "kk":
            assert all(printed_kk in page for page in texts)


def test_a_russian_protocol_of_a_kazakh_meeting_prints_the_russian_texts(people, tmp_path):
    room = settings.rooms()[0]
    settings.save_rooms([settings.RoomRow(**{**room.__dict__, "name_ru": "Зал заседаний"}),
                         *settings.rooms()[1:]])
    meeting_id = meetings.create(
        meetings.MeetingData(kind="gathering", starts_at=DAY, village_id=people.id, room_id=room.id, chair=CHAIR,
                             secretary=SECRETARY, language="kk", guests="Сейітов Ержан — ауылдық округ әкімі",
                             guests_second="Сейитов Ержан — аким сельского округа"),
        [meetings.ItemData("Көше жарығын жөндеу туралы", title_second="О ремонте уличного освещения",
                           decision_text="Көше жарығы мамырда жөнделсін.",
                           decision_text_second="Отремонтировать уличное освещение в мае."),
         meetings.ItemData("Жайылым туралы", title_second="О пастбищах",
                           decision_text="Жайылым екіге бөлінсін.", decision_text_second="Разделить пастбище на два.")])
    meetings.set_present(meeting_id, [p.member_id for p in meetings.attendance_candidates(meeting_id, limit=None)])
    vote_all(meeting_id)
    ru = words(text_of(meeting_reports.print_minutes(meeting_id, "ru", tmp_path / "ru.pdf")))
    for russian in ("О ремонте уличного освещения", "Отремонтировать уличное освещение в мае.", "О пастбищах",
                    "Разделить пастбище на два.", "аким сельского округа", "Место проведения: Зал заседаний"):
        assert russian in ru
    for kazakh in ("Көше жарығын", "жөнделсін", "Жайылым", "ауылдық округ әкімі", room.name):
        assert kazakh not in ru
    kk = words(text_of(meeting_reports.print_minutes(meeting_id, "kk", tmp_path / "kk.pdf")))
    assert "Көше жарығын жөндеу туралы" in kk and "О ремонте" not in kk and room.name in kk
    # The Russian texts are kept when the agenda is saved again as the editor does.
    view = meetings.get(meeting_id)
    assert (view.items[0].title_second, view.room_ru) == ("О ремонте уличного освещения", "Зал заседаний")


# The blank registration sheet ----------------------------------------------------------------------

def test_the_blank_sheet_of_an_assembly_names_every_member(people, tmp_path):
    meeting_id = meetings.create(meetings.MeetingData(kind="assembly", starts_at=DAY, chair=CHAIR, number=5),
                                 [meetings.ItemData("Бюджет туралы")])
    elected = [m.member_id for m in meetings.assembly_members(on=DAY.date())]
    for lang, title in (("kk", "ҚАТЫСУШЫЛАРДЫ ТІРКЕУ ПАРАҒЫ"), ("ru", "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ")):
        text = words(text_of(meeting_reports.print_sheet(meeting_id, lang, tmp_path / f"{lang}.pdf")))
        assert title in text and all(full_name(m) in text for m in elected)
        assert "ЖОБА" not in text and "ПРОЕКТ" not in text  # a form to sign, not a draft


def test_the_blank_sheet_of_a_gathering_has_numbered_lines(people, tmp_path):
    meeting_id = gathering(people, present=0)
    out = meeting_reports.print_sheet(meeting_id, "ru", tmp_path / "sheet.pdf")
    read = pages(out)
    text = words("\n".join(read))
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" in text and "Адрес" in text and "Подпись" in text
    numbers = [int(n) for n in re.findall(r"(?m)^(\d+)$", "\n".join(read))]
    assert set(range(1, 41)) <= set(numbers)
    assert not any(p.name in text for p in meetings.attendance_candidates(meeting_id, limit=20))


def test_a_long_name_wraps_on_the_sheet_and_is_never_cut(people, tmp_path):
    meeting_id = gathering(people, present=12)
    present = meetings.present_people(meeting_id)
    member_id = present[0][0]
    person = members.get(member_id)
    long_surname = "Сыздықова-Әбдірахманова-Жұмағалиева Нұрсұлтанқызы Гүлжаһан"
    members.update(member_id, replace(person, surname=long_surname))
    names = [name for _id, name, _address, _iin in meetings.present_people(meeting_id)]
    assert any(long_surname in name for name in names)
    for lang in ("kk", "ru"):
        # A line broken after a hyphen reads back with a space after it.
        text = words(text_of(meeting_reports.print_minutes(meeting_id, lang, tmp_path / f"{lang}.pdf")))
        text = text.replace("- ", "-")
        sheet = text[text.index("ҚАТЫСУШЫЛАРДЫ ТІРКЕУ ПАРАҒЫ" if lang == "kk" else "ЛИСТ РЕГИСТРАЦИИ"):]
        assert all(name in sheet for name in names)
        assert "…" not in sheet


def test_the_demos_protocols_in_the_other_language_have_its_texts(people, tmp_path):
    """The demo types its meetings in one language and the titles, decisions and guests in the other too."""
    for lang in ("kk", "ru"):
        other = "ru" if lang == "kk" else "kk"
        meeting = next(m for m in (meetings.get(row.id) for row in meetings.list_meetings())
                       if m.language == lang and any(item.local_issue_id is None for item in m.items))
        text = words(text_of(meeting_reports.print_minutes(meeting.id, other, tmp_path / f"{meeting.id}.pdf")))
        # An item a local issue put on the agenda has the issue's title, in one language.
        typed = [item for item in meeting.items if item.local_issue_id is None]
        assert typed
        for item in typed:
            assert item.title_second and item.title_second in text and item.title not in text
        assert meeting.guests_second.split(" — ")[1] in text and meeting.guests.split(" — ")[1] not in text
