"""`auyl appeals …` end to end through app.main.main: every command with its terms printed as
YYYY-MM-DD, kinds, channels and results in Kazakh and Russian words, and each refused input as one clear
line with exit code 1 (argparse's: 2) and nothing changed. The session's day is Monday 7 December 2026."""

from __future__ import annotations

import pytest

from app import db
from app.main import main
from app.services import appeals


@pytest.fixture
def auyl(database, capsys):
    """Runs `auyl --db DB --lang LANG ARGS…`; returns (exit code, stdout, stderr)."""

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", lang, *args])
        except SystemExit as stop:  # argparse refuses what it cannot read
            code = stop.code
        db.configure(db.sqlite_url(database))  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


def new(auyl, *extra: str) -> tuple[int, str]:
    code, out, err = auyl("appeals", "new", "--type", "жалоба", "--from", "Асқар Нұрланов",
                          "--text", "Көшеде жарық жоқ", *extra)
    assert code == 0, err
    return int(out.split("(id ")[1].split(")")[0]), out


def refused(result, message: str, code: int = 1) -> None:
    exit_code, out, err = result
    assert exit_code == code and out == ""
    assert message in err and len(err.strip().splitlines()) == 1, err


def snapshot() -> tuple:
    """Everything a refused command must leave as it was."""
    return tuple(appeals.get(row.id) for row in appeals.rows())


def test_new_prints_the_number_and_the_due_date(auyl):
    # Received on Saturday 5 December: registered on Monday 7, due 29 December (16 December is a holiday).
    appeal_id, out = new(auyl, "--received", "2026-12-05", "--time", "11:30")
    assert out.strip() == f"Appeal 1/2026 registered on 2026-12-07 (id {appeal_id}); answer due 2026-12-29."
    view = appeals.get(appeal_id)
    assert (view.data.kind, view.data.channel, view.data.received_at.isoformat()) == (
        "complaint", "written", "2026-12-05T11:30:00")


def test_new_takes_the_channel_the_body_and_an_e_otinish_number(auyl):
    appeal_id, _ = new(auyl, "--received", "2026-12-01", "--otinish", "ЖТ-2026-0042", "--to", "Ауыл әкімі")
    view = appeals.get(appeal_id)
    assert (view.data.channel, view.data.otinish_number, view.data.addressed_to) == (
        "otinish", "ЖТ-2026-0042", "Ауыл әкімі")
    appeal_id, _ = new(auyl, "--received", "2026-12-01", "--channel", "устно")
    assert appeals.get(appeal_id).data.channel == "oral"


def test_an_anonymous_appeal_is_registered_not_considered(auyl):
    code, out, err = auyl("appeals", "new", "--type", "хабарлама", "--anonymous", "--received", "2026-12-02")
    assert code == 0, err
    assert "anonymous, not considered" in out
    code, out, _ = auyl("appeals", "show", "1")
    assert "Status: not considered" in out and "Applicant: anonymous" in out


def test_show_prints_the_due_date_and_the_history(auyl):
    appeal_id, _ = new(auyl, "--received", "2026-12-01", "--to", "Ауыл әкімі")
    code, out, err = auyl("appeals", "show", str(appeal_id))
    assert code == 0, err
    assert "Due: 2026-12-23" in out and "Registration day: 2026-12-01" in out
    assert "Applicant: Асқар Нұрланов" in out and "Addressed to: Ауыл әкімі" in out
    assert "received\t2026-12-01" in out


def test_extend_redirect_and_answer(auyl):
    first, _ = new(auyl, "--received", "2026-12-01")
    code, out, err = auyl("appeals", "extend", str(first), "--to", "2027-01-20", "--reason", "тексеру")
    assert code == 0, err
    assert out.strip() == "Appeal 1/2026: answer due 2027-01-20; tell the applicant by 2026-12-10."
    code, out, err = auyl("appeals", "answer", str(first), "--on", "2026-12-07", "--result", "удовлетворено частично",
                          "--number", "01-12/45", "--text", "Шамдар тапсырыс берілді")
    assert code == 0, err
    assert out.strip() == "Appeal 1/2026 answered on 2026-12-07: partly satisfied."
    _, out, _ = auyl("appeals", "show", str(first))
    assert "Due: 2027-01-20" in out and "First term: 2026-12-23" in out
    assert "Answered: 2026-12-07, partly satisfied, № 01-12/45" in out

    second, _ = new(auyl, "--received", "2026-12-04")
    code, out, err = auyl("appeals", "redirect", str(second), "--to", "Аудан әкімдігі", "--on", "2026-12-07")
    assert code == 0, err
    assert out.strip() == "Appeal 2/2026 sent on to Аудан әкімдігі; tell the applicant by 2026-12-10."


def test_list_filters_open_overdue_and_coming(auyl):
    overdue, _ = new(auyl, "--received", "2026-11-02")  # due 23 November
    coming, _ = new(auyl, "--received", "2026-11-19")  # due 10 December
    later, _ = new(auyl, "--received", "2026-12-01")  # due 23 December
    answered, _ = new(auyl, "--received", "2026-11-03")
    assert auyl("appeals", "answer", str(answered), "--on", "2026-11-20", "--result", "explained")[0] == 0

    def ids(*options: str) -> list[int]:
        code, out, err = auyl("appeals", "list", *options)
        assert code == 0, err
        return [int(line.split("\t")[0]) for line in out.splitlines()]

    assert ids() == [later, coming, answered, overdue]
    assert ids("--open") == [later, coming, overdue]
    assert ids("--overdue") == [overdue]
    assert ids("--due-within", "3") == [coming, overdue]
    _, out, _ = auyl("appeals", "list", "--open")
    lines = {int(line.split("\t")[0]): line for line in out.splitlines()}
    assert lines[overdue].endswith("\toverdue") and lines[coming].endswith("\tdue soon")
    assert "\t2026-12-10\t" in lines[coming]


def test_an_empty_list_says_so(auyl):
    assert auyl("appeals", "list", "--overdue")[1].strip() == "No appeals found."


@pytest.mark.parametrize(("args", "message", "code"), [
    (("new", "--type", "petition", "--from", "X", "--received", "2026-12-01"), "Unknown kind of appeal", 1),
    (("new", "--type", "жалоба", "--from", "X", "--received", "2026-12-01", "--channel", "pigeon"),
     "Unknown channel", 1),
    (("new", "--type", "жалоба", "--from", "X", "--received", "2026-12-08"), "cannot be received in the future", 1),
    (("new", "--type", "жалоба", "--from", "X", "--received", "2026-12-07", "--time", "23:59"),
     "cannot be received in the future", 1),
    (("new", "--type", "жалоба", "--received", "2026-12-01"), "Name the applicant", 1),
    (("new", "--type", "жалоба", "--member", "999", "--received", "2026-12-01"), "No person with number 999", 1),
    (("new", "--type", "жалоба", "--from", "X", "--received", "2026-12-01", "--time", "25:00"), "is not a time", 2),
    (("new", "--type", "жалоба", "--from", "X", "--received", "1.13.2026"), "is not a date", 2),
    (("answer", "1", "--on", "2026-11-30", "--result", "satisfied"), "before the appeal was received", 1),
    (("answer", "1", "--on", "2026-12-03", "--result", "happy"), "Unknown result", 1),
    (("extend", "1", "--to", "2027-03-01", "--reason", "checks"), "at the latest", 1),
    (("redirect", "1", "--to", "  "), "Name the body", 1),
    (("show", "404"), "No appeal with number 404", 1),
    (("list", "--due-within", "-1"), "a number here is at least 0", 2),
])
def test_bad_input_is_one_line_and_changes_nothing(auyl, args, message, code):
    new(auyl, "--received", "2026-12-01")
    before = snapshot()
    refused(auyl("appeals", *args), message, code)
    assert snapshot() == before


def test_messages_come_in_kazakh_and_russian(auyl):
    new(auyl, "--received", "2026-12-01")
    _, out, _ = auyl("appeals", "show", "1", lang="ru")
    assert "Обращение 1/2026" in out and "жалоба" in out
    refused(auyl("appeals", "extend", "1", "--to", "2027-03-01", "--reason", "x", lang="kk"), "2027-02-01")
    _, _, err = auyl("appeals", "redirect", "1", "--to", " ", lang="kk")
    assert "Өтініш жолданатын органды атаңыз." in err
