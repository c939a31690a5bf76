"""`auyl report minutes / sheet / notice / decisions` end to end: exit codes, the line saying what was
written, and one clear line for a missing meeting, a bad date or a protocol asked for in English."""

from __future__ import annotations

from datetime import datetime

import pytest
from pypdf import PdfReader

from app import demo
from app.main import main
from app.services import meetings, settings


def read(path) -> str:
    return " ".join(page.extract_text().replace("\u00a0", " ") for page in PdfReader(path).pages)


@pytest.fixture
def meeting(database):
    demo.generate(30, seed=1, activity=False)
    village = settings.villages()[0]
    return meetings.create(meetings.MeetingData(kind="gathering", starts_at=datetime(2026, 3, 14, 10), number=3,
                                                village_id=village.id, language="ru", chair="Мұқанов Е.",
                                                secretary="Қасымова А."),
                           [meetings.ItemData("Бюджет туралы", decision_text="Мақұлдансын.")])


def run(database, *args) -> int:
    return main(["--db", str(database), "--lang", "en", *args])


def test_the_protocol_is_written_in_the_language_asked_for(database, meeting, tmp_path, capsys):
    out = tmp_path / "minutes.pdf"
    assert run(database, "report", "minutes", "--meeting", str(meeting), "--lang", "kk", "-o", str(out)) == 0
    assert "ХАТТАМАСЫ" in read(out)
    assert str(out) in capsys.readouterr().out


def test_the_protocol_defaults_to_the_meetings_language(database, meeting, tmp_path):
    out = tmp_path / "minutes.pdf"
    assert run(database, "report", "minutes", "--meeting", str(meeting), "-o", str(out)) == 0
    assert "ПРОТОКОЛ № 3" in read(out)


def test_the_notice_in_both_languages(database, meeting, tmp_path):
    for lang, title in (("kk", "ХАБАРЛАНДЫРУ"), ("ru", "ОБЪЯВЛЕНИЕ")):
        out = tmp_path / f"notice-{lang}.pdf"
        assert run(database, "report", "notice", "--meeting", str(meeting), "--lang", lang, "-o", str(out)) == 0
        assert title in read(out)


def test_the_decisions_register_for_a_period(database, meeting, tmp_path, capsys):
    out = tmp_path / "decisions.pdf"
    assert run(database, "report", "decisions", "--from", "01.01.2026", "--to", "2026-12-31", "--lang", "ru",
               "-o", str(out)) == 0
    assert "Реестр решений" in read(out)
    assert "0 decisions" in capsys.readouterr().out


def test_a_missing_meeting_is_one_clear_line(database, meeting, tmp_path, capsys):
    out = tmp_path / "minutes.pdf"
    assert run(database, "report", "minutes", "--meeting", "999", "--lang", "kk", "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert err.strip() == "auyl: error: No meeting with number 999."
    assert not out.exists()


def test_a_protocol_in_english_is_refused(database, meeting, tmp_path, capsys):
    out = tmp_path / "minutes.pdf"
    assert run(database, "report", "minutes", "--meeting", str(meeting), "--lang", "en", "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert "Kazakh or Russian" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_bad_date_is_a_mistyped_command(database, tmp_path, capsys):
    out = tmp_path / "decisions.pdf"
    with pytest.raises(SystemExit) as exit_:
        run(database, "report", "decisions", "--from", "31.02.2026", "-o", str(out))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "“31.02.2026” is not a date" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (("--from", "2026-03-01", "--to", "2026-02-01"), "The period starts after it ends."),
    (("--status", "lost"), "Unknown status “lost”"),
])
def test_a_refused_register_is_one_clear_line(database, meeting, tmp_path, capsys, args, message):
    out = tmp_path / "decisions.pdf"
    assert run(database, "report", "decisions", *args, "-o", str(out)) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_blank_registration_sheet(database, meeting, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    assert run(database, "report", "sheet", "--meeting", str(meeting), "-o", str(out)) == 0
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" in read(out)  # the meeting's language
    assert f"Registration sheet of meeting {meeting} written to {out}" in capsys.readouterr().out
    assert run(database, "report", "sheet", "--meeting", "999", "-o", str(tmp_path / "none.pdf")) == 1
    assert "No meeting with number 999." in capsys.readouterr().err
