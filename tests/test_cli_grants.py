"""`auyl donors …` and `auyl grants …` end to end through app.main.main: every command, the warnings
an expense brings, tax notices of foreign receipts, and each refused input as one clear line with
exit code 1 and nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app import db
from app.main import main
from app.services import grants, local_issues

D = Decimal
YEAR = date.today().year
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)


@pytest.fixture
def auyl(database, capsys):
    """Runs `auyl --db DB --lang en ARGS…`; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", "en", *args])
        except SystemExit as exit_:  # argparse's refusals
            code = exit_.code
        db.configure(db.sqlite_url(database))  # the command closed it; the test reads on
        out, err = capsys.readouterr()
        return code, out, err

    return run


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    return out


def refused(result, message: str, code: int = 1) -> None:
    got, out, err = result
    assert got == code and out == "", (got, out, err)
    assert message in err and len(err.strip().splitlines()) == 1, err


def snapshot() -> tuple:
    """Everything a refused command must leave as it was."""
    return tuple(grants.donors()), tuple(grants.get(row.id) for row in grants.list_grants())


def id_in(out: str) -> int:
    return int(out.split("(id ")[1].split(")")[0])


def new_grant(auyl, donor: str = "Азаматтық бастамаларды қолдау орталығы", currency: str = "KZT",
              total: str = "8 650 000", *lines: str) -> int:
    lines = lines or ("1:Еңбекақы:5 000 000", "2:Баспа өнімдері:650 000", "3:Іс-шаралар: семинарлар:3 000 000")
    out = ok(auyl("grants", "new", "--donor", donor, "--number", "ГГ-17", "--date", f"{YEAR}-01-10",
                  "--from", START.isoformat(), "--to", END.strftime("%d.%m.%Y"), "--currency", currency,
                  "--total", total, "--programme", "Жастар саясаты", "--purpose", "Көшбасшылық мектебі",
                  *(option for line in lines for option in ("--line", line))))
    return id_in(out)


@pytest.fixture
def donors(auyl):
    ids = {}
    ids["state"] = id_in(ok(auyl("donors", "add", "Азаматтық бастамаларды қолдау орталығы", "--kind", "state",
                                 "--bin", "940140000385")))
    ids["undp"] = id_in(ok(auyl("donors", "add", "UNDP GEF Small Grants Programme", "--kind", "foreign")))
    return ids


# Donors ------------------------------------------------------------------------------------------

def test_donors_are_added_listed_edited_and_deleted(auyl, donors):
    out = ok(auyl("donors", "list"))
    assert f"{donors['state']}\tАзаматтық бастамаларды қолдау орталығы\tstate\t940140000385\tgrants: 0" in out
    assert f"{donors['undp']}\tUNDP GEF Small Grants Programme\tforeign\t\tgrants: 0" in out

    assert "Donor UNDP GEF SGP saved." in ok(auyl("donors", "edit", str(donors["undp"]), "--name", "UNDP GEF SGP",
                                                  "--notes", "ПРООН"))
    row = next(r for r in grants.donors() if r.id == donors["undp"])
    assert (row.name, row.kind, row.notes) == ("UNDP GEF SGP", "foreign", "ПРООН")

    assert "Donor UNDP GEF SGP deleted." in ok(auyl("donors", "delete", str(donors["undp"])))
    assert [r.id for r in grants.donors()] == [donors["state"]]


def test_bad_donors_are_refused_and_nothing_changes(auyl, donors):
    before = snapshot()
    refused(auyl("donors", "add", "Көксу ауданының әкімдігі", "--kind", "akimat", "--bin", "940140000386"),
            "The BIN's check digit (the last one) does not match")
    refused(auyl("donors", "add", "Көксу ауданының әкімдігі", "--kind", "city"), "Unknown kind of donor: city")
    refused(auyl("donors", "add", "UNDP GEF Small Grants Programme", "--kind", "foreign"), "is already in the list")
    refused(auyl("donors", "edit", "999", "--kind", "state"), "No donor with number 999.")
    new_grant(auyl)
    before = snapshot()
    refused(auyl("donors", "delete", str(donors["state"])), "This donor has grants: delete them first.")
    assert snapshot() == before


# Grants ------------------------------------------------------------------------------------------

def test_a_grant_is_registered_listed_and_shown_with_mci_and_size(auyl, donors):
    grant = new_grant(auyl)
    view = grants.get(grant)
    assert (view.data.donor_id, view.total, view.data.currency) == (donors["state"], D("8650000.00"), "KZT")
    assert [(line.code, line.name, line.planned) for line in view.lines] == [
        ("1", "Еңбекақы", D("5000000.00")), ("2", "Баспа өнімдері", D("650000.00")),
        ("3", "Іс-шаралар: семинарлар", D("3000000.00"))]

    out = ok(auyl("grants", "list"))
    assert out.startswith(f"{grant}\tАзаматтық бастамаларды қолдау орталығы\tГГ-17\t01.01.{YEAR} – 31.12.{YEAR}"
                          "\tKZT\t8,650,000.00\u00a0₸\treceived 0.00\u00a0₸\tspent 0.00\u00a0₸")
    assert ok(auyl("grants", "list", "--kind", "foreign")) == "No grants found.\n"
    assert str(grant) in ok(auyl("grants", "list", "--active", "--kind", "state"))

    out = ok(auyl("grants", "show", str(grant)))
    for line in (f"Grant {grant}: Азаматтық бастамаларды қолдау орталығы: ГГ-17",
                 "Donor: Азаматтық бастамаларды қолдау орталығы (state)",
                 f"Agreement: № ГГ-17 of 10.01.{YEAR}", "Programme: Жастар саясаты",
                 f"Grant total: 8,650,000.00\u00a0₸ ({view.mci} MCI)", "Size class: short (up to 1 year)",
                 "  2\tБаспа өнімдері\t650,000.00\u00a0₸\t0.00\u00a0₸\t650,000.00\u00a0₸"):
        assert line in out, line


def test_a_grant_is_edited_and_deleted(auyl, donors):
    grant = new_grant(auyl)
    assert "Grant UNDP GEF Small Grants Programme: ГГ-17/2 saved." in ok(auyl(
        "grants", "edit", str(grant), "--donor", str(donors["undp"]), "--number", "ГГ-17/2", "--total", "8 700 000"))
    view = grants.get(grant)
    assert (view.data.donor_id, view.data.agreement_number, view.total) == (donors["undp"], "ГГ-17/2", D("8700000.00"))
    assert view.data.programme == "Жастар саясаты"  # options not given stay
    assert "Grant UNDP GEF Small Grants Programme: ГГ-17/2 deleted." in ok(auyl("grants", "delete", str(grant)))
    assert grants.list_grants() == []


def test_a_grant_with_expenses_is_refused_until_they_are_deleted(auyl, donors):
    grant = new_grant(auyl)
    for day, amount in ((f"{YEAR}-02-01", "100 000"), (f"{YEAR}-02-03", "25 000,50")):
        ok(auyl("grants", "expense", str(grant), "--line", "1", "--date", day, "--amount", amount))
    first, second = (expense.id for expense in grants.get(grant).expenses)
    before = snapshot()
    refused(auyl("grants", "delete", str(grant)),
            f"Money has been spent from the grant Азаматтық бастамаларды қолдау орталығы: ГГ-17: "
            f"125,000.50\u00a0₸ in the expenses numbered {first}, {second}. A grant with money spent is an "
            f"accounting record and is not deleted")
    assert snapshot() == before
    assert f"Expense {first} deleted." in ok(auyl("grants", "delete-expense", str(first)))
    refused(auyl("grants", "delete", str(grant)), f"in the expenses numbered {second}.")
    ok(auyl("grants", "delete-expense", str(second)))
    refused(auyl("grants", "delete-expense", str(second)), f"No expense with number {second}.")
    assert "deleted." in ok(auyl("grants", "delete", str(grant)))
    assert grants.list_grants() == []


@pytest.mark.parametrize("option, value, message", [
    ("--total", "abc", "“abc” is not an amount"),
    ("--total", "-5", "An amount cannot be negative."),
    ("--total", "1,005", "An amount has at most two decimals"),
    ("--currency", "gbp", "Unknown currency: GBP (KZT, USD or EUR)."),
    ("--donor", "Белгісіз қор", "No donor called “Белгісіз қор”"),
    ("--donor", "77", "No donor with number 77."),
    ("--line", "4:Көлік", "Write a budget line as CODE:NAME:AMOUNT"),
    ("--line", "4:Көлік:1.001", "An amount has at most two decimals"),
    ("--line", "1:Тағы да еңбекақы:100", "Two budget lines have the same code."),
])
def test_a_grant_with_bad_input_is_refused_and_nothing_is_added(auyl, donors, option, value, message):
    grant = new_grant(auyl)
    before = snapshot()
    options = {"--donor": str(donors["state"]), "--number": "ГГ-18", "--date": f"{YEAR}-01-10",
               "--from": START.isoformat(), "--to": END.isoformat(), "--currency": "KZT", "--total": "100 000"}
    lines = ["1:Еңбекақы:100 000"]
    if option == "--line":
        lines.append(value)
    else:
        options[option] = value
    refused(auyl("grants", "new", *(x for pair in options.items() for x in pair),
                 *(x for line in lines for x in ("--line", line))), message)
    if option != "--line":
        refused(auyl("grants", "edit", str(grant), option, value), message)
    assert snapshot() == before


def test_a_grant_ending_before_it_starts_or_a_bad_date_is_refused(auyl, donors):
    new_grant(auyl)
    before = snapshot()
    base = ("grants", "new", "--donor", str(donors["state"]), "--number", "X", "--date", f"{YEAR}-01-10",
            "--currency", "KZT", "--total", "100")
    refused(auyl(*base, "--from", END.isoformat(), "--to", START.isoformat()), "The grant ends before it starts.")
    refused(auyl(*base, "--from", "31.02.2026", "--to", START.isoformat()), "“31.02.2026” is not a date", code=2)
    refused(auyl("grants", "show", "999"), "No grant with number 999.")
    refused(auyl("grants", "delete", "999"), "No grant with number 999.")
    refused(auyl("grants", "list", "--kind", "city"), "Unknown kind of donor: city")
    assert snapshot() == before


# Lines, tranches, expenses -------------------------------------------------------------------------

def test_budget_lines_are_added_changed_and_removed(auyl, donors):
    grant = new_grant(auyl, "азаматтық бастамаларды қолдау орталығы", "KZT", "8 650 000", "1:Еңбекақы:5 000 000",
                      "2:Баспа:650 000")  # a name in any case
    out = ok(auyl("grants", "line", str(grant), "--add", "3", "Іс-шаралар", "2 000 000"))
    assert "Budget lines of grant" in out
    assert "The budget lines add up to 7,650,000.00\u00a0₸, not to the grant's total 8,650,000.00\u00a0₸." in out
    ok(auyl("grants", "line", str(grant), "--set", "3", "Іс-шаралар мен семинарлар", "3 000 000"))
    ok(auyl("grants", "line", str(grant), "--remove", "2"))
    assert [(line.code, line.name, line.planned) for line in grants.get(grant).lines] == [
        ("1", "Еңбекақы", D("5000000.00")), ("3", "Іс-шаралар мен семинарлар", D("3000000.00"))]

    ok(auyl("grants", "expense", str(grant), "--line", "1", "--date", f"{YEAR}-02-01", "--amount", "100"))
    before = snapshot()
    refused(auyl("grants", "line", str(grant), "--remove", "1"), "Line 1 has expenses: move or delete them first.")
    refused(auyl("grants", "line", str(grant), "--set", "9", "Жоқ", "1"), f"Grant {grant} has no budget line 9.")
    refused(auyl("grants", "line", str(grant), "--add", "4", "Көлік", "abc"), "“abc” is not an amount")
    assert snapshot() == before


def test_foreign_money_received_brings_its_tax_notice(auyl, donors):
    grant = new_grant(auyl, "UNDP GEF Small Grants Programme", "USD", "48 500", "1:Solar lights:48 500")
    out = ok(auyl("grants", "tranche", str(grant), "--planned", f"{YEAR}-03-01", "19 400", "--received",
                  f"{YEAR}-03-03", "19 400", "--currency", "usd"))
    first = grants.get(grant).tranches[0]
    assert (first.received_on, first.received_amount) == (date(YEAR, 3, 3), D("19400.00"))
    notice = grants.get(grant).deadlines[0]
    assert f"Notice to the tax authority due by {notice.due_on:%d.%m.%Y} (deadline {notice.id})." in out

    out = ok(auyl("grants", "tranche", str(grant), "--planned", f"{YEAR}-09-01", "29 100"))
    second = grants.get(grant).tranches[1]
    assert f"Tranche {second.id} of grant" in out and "Notice" not in out
    before = snapshot()
    refused(auyl("grants", "receive", str(second.id), f"{YEAR}-09-05", "29 100", "--currency", "KZT"),
            "This grant is in USD; an amount in KZT cannot be entered in it.")
    refused(auyl("grants", "receive", str(second.id), f"{YEAR + 1}-09-05", "29 100"), "is outside the grant's period")
    refused(auyl("grants", "receive", str(second.id), "05.13.2026", "29 100"), "“05.13.2026” is not a date")
    refused(auyl("grants", "receive", "999", f"{YEAR}-09-05", "1"), "No tranche with number 999.")
    refused(auyl("grants", "tranche", str(grant), "--planned", f"{YEAR}-10-01", "-5"), "An amount cannot be negative.")
    assert snapshot() == before

    out = ok(auyl("grants", "receive", str(second.id), f"{YEAR}-09-05", "29 100,00"))
    assert f"Tranche {second.id} of grant UNDP GEF Small Grants Programme: ГГ-17 received." in out
    assert "Notice to the tax authority due by" in out
    assert len([d for d in grants.get(grant).deadlines if d.kind == "tax"]) == 2


def test_an_expense_is_recorded_with_its_scan_and_the_warnings_it_brings(auyl, donors, tmp_path):
    grant = new_grant(auyl)
    scan = tmp_path / "чек-12.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n fake receipt")
    out = ok(auyl("grants", "expense", str(grant), "--line", "2", "--date", f"{YEAR}-02-10", "--amount",
                  "700 000,50", "--payee", "ЖШС «Жетісу Принт»", "--doc", "412", "--note", "Буклеттер",
                  "--scan", str(scan), "--currency", "KZT"))
    expense = grants.get(grant).expenses[0]
    assert f"Expense {expense.id} of grant" in out
    assert (expense.amount, expense.payee, expense.document_number, expense.note, expense.scan_name) == (
        D("700000.50"), "ЖШС «Жетісу Принт»", "412", "Буклеттер", "чек-12.png")
    assert grants.expense_scan(expense.id)[2] == scan.read_bytes()
    assert "Warning: Line 2 is overspent: 700,000.50\u00a0₸ spent of 650,000.00\u00a0₸ planned." in out
    assert f"Warning: By 10.02.{YEAR} 700,000.50\u00a0₸ was spent, and no money had been received yet." in out

    out = ok(auyl("grants", "expense", str(grant), "--line", "1", "--date", f"{YEAR}-02-11", "--amount", "10"))
    assert "Warning" not in out  # the warnings already there are not repeated

    shown = ok(auyl("grants", "show", str(grant)))
    assert "\toverspent" in shown and "Warnings:" in shown and "чек-12.png" in shown


@pytest.mark.parametrize("args, message, code", [
    (("--amount", "abc"), "“abc” is not an amount", 1),
    (("--amount", "-5"), "An amount cannot be negative.", 1),
    (("--amount", "1,005"), "An amount has at most two decimals", 1),
    (("--amount", "0"), "An expense must be more than zero.", 1),
    (("--amount", "10", "--date", f"{YEAR + 1}-01-05"), "is outside the grant's period", 1),
    (("--amount", "10", "--currency", "USD"), "This grant is in KZT; an amount in USD cannot be entered in it.", 1),
    (("--amount", "10", "--line", "9"), "has no budget line 9.", 1),
    (("--amount", "10", "--scan", "/nowhere/чек.png"), "чек.png cannot be read", 1),
    (("--amount", "10", "--date", "2026-02-30"), "“2026-02-30” is not a date", 2),
])
def test_a_bad_expense_is_refused_and_nothing_changes(auyl, donors, args, message, code):
    grant = new_grant(auyl)
    before = snapshot()
    options = dict(zip(args[::2], args[1::2]))
    options = {"--line": "1", "--date": f"{YEAR}-03-01", **options}
    refused(auyl("grants", "expense", str(grant), *(x for pair in options.items() for x in pair)), message, code)
    refused(auyl("grants", "expense", "999", "--line", "1", "--date", f"{YEAR}-03-01", "--amount", "10"),
            "No grant with number 999.")
    assert snapshot() == before


# Deadlines and links -----------------------------------------------------------------------------

def test_deadlines_are_added_submitted_and_listed_by_status(auyl, donors):
    grant = new_grant(auyl)
    today = date.today()
    past, soon = today - timedelta(days=3), today + timedelta(days=10)
    out = ok(auyl("grants", "deadline", str(grant), "--kind", "interim", "--due", past.isoformat(), "--title",
                  "Аралық есеп"))
    overdue = grants.get(grant).deadlines[0].id
    assert f"Deadline {overdue} of grant" in out and past.strftime("%d.%m.%Y") in out
    ok(auyl("grants", "deadline", str(grant), "--kind", "final", "--due", soon.isoformat()))

    out = ok(auyl("grants", "deadlines", "--status", "overdue"))
    assert out.startswith(f"{overdue}\t{past:%d.%m.%Y}\tinterim report\tАралық есеп\t\toverdue !\t{grant}\t")
    assert "final report" in ok(auyl("grants", "deadlines", "--status", "due_soon"))
    assert ok(auyl("grants", "deadlines", "--status", "submitted")) == "No deadlines found.\n"

    before = snapshot()
    refused(auyl("grants", "deadlines", "--status", "late"), "Unknown status: late")
    refused(auyl("grants", "deadline", str(grant), "--kind", "tax", "--due", soon.isoformat()),
            "A tax notice follows its receipt")
    refused(auyl("grants", "deadline", str(grant), "--kind", "yearly", "--due", soon.isoformat()),
            "Unknown kind of deadline: yearly")
    refused(auyl("grants", "submitted", str(overdue), "--on", (today + timedelta(days=1)).isoformat()),
            "A report cannot be submitted in the future.")
    refused(auyl("grants", "submitted", "999"), "No deadline with number 999.")
    assert snapshot() == before

    out = ok(auyl("grants", "submitted", str(overdue), "--on", past.isoformat()))
    assert f"submitted on {past:%d.%m.%Y}" in out
    assert grants.get(grant).deadlines[0].status == "submitted"
    assert f"{overdue}\t" in ok(auyl("grants", "deadlines", "--status", "submitted"))


def test_a_grant_names_the_local_issues_it_pays_for(auyl, donors):
    grant = new_grant(auyl)
    issues = [local_issues.create(local_issues.IssueData(title=title, category="Жолдар (дороги)",
                                                         raised_on=date.today(), raiser_name="Асқар"))
              for title in ("Шұңқыр", "Көпір")]
    out = ok(auyl("grants", "link", str(grant), "--issue", str(issues[0]), "--issue", str(issues[1])))
    assert f"pays for local issues: {issues[0]}, {issues[1]}" in out
    assert grants.get(grant).issue_ids == tuple(issues)
    ok(auyl("grants", "link", str(grant), "--unlink", str(issues[0])))
    assert grants.get(grant).issue_ids == (issues[1],)
    before = snapshot()
    refused(auyl("grants", "link", str(grant), "--issue", "999"), "No local issue with number 999.")
    assert snapshot() == before
