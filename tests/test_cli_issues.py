"""`auyl issues …` end to end through app.main.main: every command, and each refused input as one
clear line with exit code 1 and nothing changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import db
from app.main import main
from app.services import local_issues, meetings

TODAY = date.today()
RAISED = TODAY - timedelta(days=40)


@pytest.fixture
def auyl(database, capsys):
    """Runs `auyl --db DB --lang en ARGS…`; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(database), "--lang", "en", *args])
        db.configure(db.sqlite_url(database))  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


def new_issue(auyl, *extra: str) -> int:
    code, out, err = auyl("issues", "new", "--title", "Көшедегі шұңқыр", "--category", "дороги",
                          "--village", "Жарлыөзек", "--address", "Абай көшесі, 12", "--name", "Асқар Нұрланов",
                          "--phone", "8 701 123 45 67", "--date", RAISED.isoformat(), "--channel", "phone",
                          "--priority", "high", *extra)
    assert code == 0, err
    return int(out.split("(id ")[1].split(")")[0])


def refused(result, message: str) -> None:
    code, out, err = result
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1, err


def snapshot() -> tuple:
    """Everything a refused command must leave as it was."""
    return tuple((v.data, v.status, v.events, v.attachments, v.agenda)
                 for v in (local_issues.get(r.id) for r in local_issues.rows()))


def test_an_issue_is_raised_listed_and_shown(auyl):
    issue = new_issue(auyl, "--description", "Терең шұңқыр", "--assignee", "Ауыл әкімі аппараты",
                      "--due", (RAISED + timedelta(days=10)).isoformat())
    view = local_issues.get(issue)
    assert (view.data.category, view.data.channel, view.data.priority, view.raiser) == (
        "Жолдар (дороги)", "phone", "high", "Асқар Нұрланов")
    assert view.data.raiser_phone == "+77011234567"

    code, out, _ = auyl("issues", "list")
    assert code == 0
    fields = out.strip().split("\t")
    assert fields[:5] == [str(issue), view.label, RAISED.strftime("%d.%m.%Y"), "new", "Жолдар (дороги)"]
    assert "overdue" in fields[-1]  # due ten days after a day forty days ago

    code, out, _ = auyl("issues", "show", str(issue))
    assert code == 0
    assert f"Local issue {view.label} (id {issue}): Көшедегі шұңқыр" in out
    for line in ("Status: new (overdue)", "Raised: " + RAISED.strftime("%d.%m.%Y") + ", phone call",
                 "Priority: high", "Assignee: Ауыл әкімі аппараты", "Description: Терең шұңқыр",
                 "May become: accepted (accepted), in_progress (in progress), rejected (rejected)", "History:"):
        assert line in out, line


def test_list_filters_by_status_category_village_overdue_open_and_words(auyl):
    pothole = new_issue(auyl)
    code, out, _ = auyl("issues", "new", "--title", "Су жоқ", "--category", "Сумен жабдықтау",
                        "--village", "Бозтоған", "--member", "999999")
    assert code == 1  # nobody with that number: refused
    code, out, err = auyl("issues", "new", "--title", "Су жоқ", "--category", "водоснабжение", "--village", "Бозтоған")
    assert code == 0, err
    water = local_issues.rows(text="Су жоқ")[0].id
    auyl("issues", "status", str(water), "accepted")

    def ids(*args) -> list[int]:
        code, out, err = auyl("issues", "list", *args)
        assert code == 0, err
        return [int(line.split("\t")[0]) for line in out.splitlines() if line[:1].isdigit()]

    assert ids() == [water, pothole]
    assert ids("--status", "accepted") == [water]
    assert ids("--category", "жолдар") == [pothole]
    assert ids("--village", "Бозтоган") == [water]
    assert ids("--open") == [water, pothole]
    assert ids("--overdue") == []
    assert ids("--search", "шұңқыр") == [pothole]
    code, out, _ = auyl("issues", "list", "--status", "resolved")
    assert out.strip() == "No local issues found."
    refused(auyl("issues", "list", "--status", "lost"), "Unknown status: lost")
    refused(auyl("issues", "list", "--category", "космос"), "Unknown category “космос”")


def test_edit_changes_only_what_is_given_and_keeps_the_history(auyl):
    issue = new_issue(auyl)
    code, out, err = auyl("issues", "edit", str(issue), "--assignee", "Коммуналдық шаруашылық",
                          "--due", TODAY.isoformat(), "--comment", "су тасқыны кезінде")
    assert code == 0, err
    view = local_issues.get(issue)
    assert (view.data.title, view.data.assignee, view.data.due_on, view.data.priority) == (
        "Көшедегі шұңқыр", "Коммуналдық шаруашылық", TODAY, "high")
    assert [(e.kind, e.new_value, e.comment) for e in view.events[1:]] == [
        ("assignee", "Коммуналдық шаруашылық", "су тасқыны кезінде"), ("due", TODAY.isoformat(), "су тасқыны кезінде")]
    assert auyl("issues", "edit", str(issue), "--due", "none", "--name", "Омарова Сәуле")[0] == 0
    view = local_issues.get(issue)
    assert (view.data.due_on, view.data.raiser_name, view.data.raiser_phone) == (None, "Омарова Сәуле", "")


def test_status_moves_along_the_workflow_with_comments_and_dates(auyl):
    issue = new_issue(auyl)
    assert auyl("issues", "status", str(issue), "accepted", "--on", (RAISED + timedelta(days=1)).isoformat())[1] \
        == f"Local issue {local_issues.get(issue).label}: accepted\n"
    code, out, err = auyl("issues", "status", str(issue), "resolved", "--comment", "жөнделді",
                          "--on", (RAISED + timedelta(days=5)).isoformat())
    assert code == 0, err
    view = local_issues.get(issue)
    assert (view.status, view.resolved_on) == ("resolved", RAISED + timedelta(days=5))
    code, out, _ = auyl("issues", "show", str(issue))
    assert "accepted → resolved\tжөнделді" in out
    assert f"Closed on: {(RAISED + timedelta(days=5)).strftime('%d.%m.%Y')}" in out


def test_comments_attachments_and_their_round_trip(auyl, tmp_path):
    issue = new_issue(auyl)
    assert auyl("issues", "comment", str(issue), "Тұрғындар", "қайта", "хабарласты")[0] == 0
    photo = tmp_path / "шұңқыр.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(200)))
    letter = tmp_path / "өтініш.txt"
    letter.write_text("Шараларды қабылдауыңызды сұраймыз.", encoding="utf-8")
    code, out, err = auyl("issues", "attach", str(issue), str(photo), str(letter))
    assert code == 0, err
    view = local_issues.get(issue)
    assert [(a.file_name, a.is_image) for a in view.attachments] == [("шұңқыр.png", True), ("өтініш.txt", False)]
    assert view.events[1].comment == "Тұрғындар қайта хабарласты"
    code, out, _ = auyl("issues", "show", str(issue))
    assert f"{view.attachments[0].id}\tшұңқыр.png\t208 B" in out

    code, out, err = auyl("issues", "attachment", str(view.attachments[0].id), "--save", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "шұңқыр.png").read_bytes() == photo.read_bytes()
    assert auyl("issues", "detach", str(view.attachments[1].id)) == (
        0, f"Attachment {view.attachments[1].id} removed.\n", "")
    assert [a.file_name for a in local_issues.get(issue).attachments] == ["шұңқыр.png"]


def test_an_issue_goes_on_a_meetings_agenda_and_shows_it(auyl):
    issue = new_issue(auyl)
    meeting = meetings.create(meetings.MeetingData(meetings.GATHERING, datetime.combine(TODAY + timedelta(days=7),
                                                                                      datetime.min.time()),
                                                   village_id=1))
    code, out, err = auyl("issues", "agenda", str(issue), "--meeting", str(meeting))
    assert code == 0, err
    assert [item.title for item in meetings.get(meeting).items] == ["Көшедегі шұңқыр"]
    code, out, _ = auyl("issues", "show", str(issue))
    assert "On the agenda of:" in out and f"{meeting}\t№ 1" in out and "item 1" in out
    refused(auyl("issues", "agenda", str(issue), "--meeting", "999"), "999")


def test_delete_removes_the_issue(auyl):
    issue = new_issue(auyl)
    label = local_issues.get(issue).label
    assert auyl("issues", "delete", str(issue)) == (0, f"Local issue {label} deleted.\n", "")
    assert local_issues.count() == 0


@pytest.mark.parametrize("args, message", [
    (("new", "--category", "дороги"), "The issue has no title"),
    (("new", "--title", "Шұңқыр"), "Choose a category."),
    (("new", "--title", "Шұңқыр", "--category", "космос"), "Unknown category “космос”"),
    (("new", "--title", "Шұңқыр", "--category", "дороги", "--date", RAISED.isoformat(),
      "--due", (RAISED - timedelta(days=1)).isoformat()), "The due date is before the day the issue was raised."),
    (("new", "--title", "Шұңқыр", "--category", "дороги", "--channel", "pigeon"), "Unknown channel: pigeon"),
    (("new", "--title", "Шұңқыр", "--category", "дороги", "--priority", "asap"), "Unknown priority: asap"),
    (("new", "--title", "Шұңқыр", "--category", "дороги", "--village", "Атлантида"), "Атлантида"),
    (("status", "{id}", "lost"), "Unknown status: lost"),
    (("status", "{id}", "rejected"), "resolving, rejecting and reopening need one"),
    (("status", "{id}", "accepted", "--on", (RAISED - timedelta(days=3)).isoformat()),
     "An issue cannot change before the day it was raised."),
    (("edit", "{id}", "--title", "  "), "The issue has no title"),
    (("edit", "{id}", "--member", "999999"), "No person with number 999999 in the register."),
    (("edit", "{id}", "--due", (RAISED - timedelta(days=1)).isoformat()), "The due date is before"),
    (("comment", "{id}", " "), "The comment is empty."),
    (("show", "999"), "No local issue with number 999."),
    (("status", "999", "accepted"), "No local issue with number 999."),
    (("delete", "999"), "No local issue with number 999."),
    (("detach", "999"), "No attachment with number 999."),
    (("attachment", "999", "--save", "."), "No attachment with number 999."),
    (("attach", "{id}", "/no/such/file.png"), "file.png cannot be read"),
])
def test_refused_input_is_one_clear_line_and_changes_nothing(auyl, args, message):
    issue = new_issue(auyl)
    before = snapshot()
    refused(auyl("issues", *(arg.replace("{id}", str(issue)) for arg in args)), message)
    assert snapshot() == before


def test_a_too_big_attachment_is_refused_and_none_of_the_files_is_added(auyl, tmp_path, monkeypatch):
    issue = new_issue(auyl)
    small, big = tmp_path / "small.png", tmp_path / "big.pdf"
    small.write_bytes(b"x" * 10)
    big.write_bytes(b"x" * 3000)
    monkeypatch.setattr(local_issues, "MAX_ATTACHMENT_BYTES", 2048)
    before = snapshot()
    refused(auyl("issues", "attach", str(issue), str(small), str(big)), "big.pdf is 0.0 MB; an attachment can be at most")
    assert snapshot() == before


def test_a_malformed_date_is_a_mistyped_command(auyl, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "issues", "new", "--title", "x", "--category", "дороги", "--date", "32.01.2026"])
    assert caught.value.code == 2
    assert "“32.01.2026” is not a date" in capsys.readouterr().err
