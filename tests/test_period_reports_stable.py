"""Period reports that never move and never count the future, on a demo district: every period report
(issues, events, grants, activity; PDF text read back and the workbook opened again) for a past quarter
printed on two days, with money spent, an issue resolved and events held in between, after the
quarter, reads the same; a year printed before its end counts nothing after today; every figure of the
activity report equals its area report's; a report's rows add up to its own totals."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from app.i18n import translate
from app.printing import activity as activity_reports
from app.printing import appeals as appeal_reports
from app.printing import events as event_reports
from app.printing import grants as grant_reports
from app.printing import issues as issue_reports
from app.reports import activity_report, appeals_report, events_report, grants_report, issues_report
from app.services import appeals, events, grants, local_issues, meetings, periods, settings
from app.services.events import EventData
from app.services.grants import ExpenseData
from tests.conftest import demo_district, opened_copy, travel_to

pytestmark = [pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed"),
              pytest.mark.every_database]

DEMO_DAY = date(2026, 12, 7)
EARLY, LATE = date(2026, 10, 5), date(2026, 12, 7)  # the two days the third quarter is printed on
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
PRINTED = date(2000, 1, 1)  # the print day put on every copy: only what the period holds is compared
REPORTS = ((issue_reports, issues_report), (event_reports, events_report), (grant_reports, grants_report),
           (appeal_reports, appeals_report), (activity_reports, activity_report))


@pytest.fixture(scope="module")
def demo_file(migrated_template, made_once):
    """One demo district with its year up to 7 December 2026 (the one tests/test_activity_report.py
    starts from, made once, on the session's usual day), copied for each test; the tests run on that day."""
    with travel_to(DEMO_DAY):
        yield demo_district(made_once, migrated_template, members=300, seed=3)


@pytest.fixture
def district(demo_file, tmp_path):
    with opened_copy(demo_file, tmp_path / "db") as district:
        yield district


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def workbook_values(path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def printed(first: date, last: date, folder) -> dict[tuple[str, str], object]:
    """Every period report in both languages, PDF text and workbook values, as printed today."""
    folder.mkdir(exist_ok=True)
    copies = {}
    for printing, report in REPORTS:
        for lang in ("kk", "ru"):
            data = dataclasses.replace(printing.report_data(first, last, lang), printed_on=PRINTED)
            name = f"{report.__name__.rsplit('.', 1)[1]}-{lang}"
            copies[name, "pdf"] = pdf_text(report.render_pdf(data, folder / f"{name}.pdf"))
            copies[name, "xlsx"] = workbook_values(report.render_xlsx(data, folder / f"{name}.xlsx"))
    return copies


def change_after_the_quarter() -> None:
    """What happens after the third quarter: a November expense of a grant that ran in it, an issue
    open at its end resolved in November, a decision of it answered by the akim in November, and
    December events (early in the morning, when the rooms are
    free), one held with a participant and one still ahead of 7 December."""
    running = grants.period(periods.of(*Q3)).grants
    grant = next(g.view for g in running if g.view.lines and g.view.data.ends_on >= date(2026, 11, 10))
    grants.add_expense(grant.id, ExpenseData(grant.lines[0].id, date(2026, 11, 10), "1 000", payee="After Q3"))
    open_at_end = local_issues.period(periods.of(*Q3)).still_open
    issue = next(row for row in open_at_end if row.status in ("new", "accepted", "in_progress"))
    if issue.status == "new":
        local_issues.change_status(issue.id, "in_progress", on=date(2026, 11, 19))
    local_issues.change_status(issue.id, "resolved", "done after the quarter", on=date(2026, 11, 20))
    waiting = next(row for row in meetings.decisions(*Q3) if row.answer_on is None
                   and row.status in ("in_progress", "overdue"))
    answer = dataclasses.replace(meetings.decision_data(waiting.id), sent_on=waiting.sent_on or date(2026, 10, 12),
                                 answer_on=date(2026, 11, 16), answer_text="Done after the quarter", status="done")
    meetings.update_decision(waiting.id, answer)
    appeal = next(row for row in appeals.rows(open_only=True) if row.received_at.date() <= Q3[1])
    appeals.answer(appeal.id, date(2026, 11, 18), "explained", number="after Q3")
    kind = events.kinds(settings.load())[0]
    room = next(r.id for r in settings.rooms(include_inactive=False) if r.bookable)
    held = events.create(EventData("Held in December", kind, datetime(2026, 12, 2, 7), datetime(2026, 12, 2, 8),
                                   (room,)))[0]
    events.register(held, guest_name="Guest of December")
    events.create(EventData("Still ahead", kind, datetime(2026, 12, 20, 7), datetime(2026, 12, 20, 8), (room,)))


def test_a_past_quarter_printed_on_two_days_reads_the_same(district, tmp_path):
    with travel_to(EARLY):
        early = printed(*Q3, tmp_path / "early")
    change_after_the_quarter()
    with travel_to(LATE):
        late = printed(*Q3, tmp_path / "late")
    assert early.keys() == late.keys()
    for key in early:
        assert early[key] == late[key], key
    # The workbook's expenses are the quarter's own.
    for lang in ("kk", "ru"):
        expenses = late["grants_report-" + lang, "xlsx"][translate("Expenses", lang)][1:]
        assert expenses and all(Q3[0] <= row[3].date() <= Q3[1] for row in expenses)


def activity_equals_its_areas(first: date, last: date) -> None:
    """Each figure of the activity report is the one its area report prints for the same period."""
    whole = activity_reports.report_data(first, last, "ru")
    issues = issue_reports.report_data(first, last, "ru")
    held = event_reports.report_data(first, last, "ru")
    money = grant_reports.report_data(first, last, "ru")
    assert (whole.received, whole.resolved, whole.rejected, whole.median_days) == (
        issues.received, issues.resolved, issues.rejected, issues.median_days)
    assert (whole.still_open, whole.overdue) == (len(issues.overdue) + len(issues.other_open), len(issues.overdue))
    assert [(c.name, c.received, c.resolved) for c in whole.categories] == [
        (c.name, c.received, c.resolved) for c in issues.by_category]
    assert (whole.events_held, whole.registered, whole.attended) == (held.held, held.registered, held.attended)
    assert [(k.name, k.held, k.registered, k.attended) for k in whole.event_kinds] == [
        (k.name, k.held, k.registered, k.attended) for k in held.by_kind]
    assert [(r.name, r.events, r.meetings, r.hours) for r in whole.rooms] == [
        (r.name, r.events, r.meetings, r.hours) for r in held.rooms]
    assert whole.grants == len(money.grants)
    # The appeals section is the appeals report's, and each of its figures the service's for the period.
    assert whole.appeals == appeal_reports.report_data(first, last, "ru")
    span = periods.of(first, last)
    assert appeals_report.figures(whole.appeals) == (
        (appeals_report.RECEIVED, appeals.received(span)), (appeals_report.ON_TIME, appeals.answered_on_time(span)),
        (appeals_report.LATE, appeals.answered_late(span)), (appeals_report.SENT_ON, appeals.sent_on(span)),
        (appeals_report.STILL_OPEN, appeals.still_open(span)), (appeals_report.OVERDUE, appeals.overdue_at_end(span)),
        (appeals_report.MEDIAN, appeals.median_days(span)))
    assert whole.appeals.received > 0
    assert sum(k.count for k in whole.appeals.by_kind) == whole.appeals.received
    assert [(c.currency, c.grants, c.total, c.received, c.spent, c.balance) for c in whole.currencies] == [
        (t.currency, t.grants, t.total, t.received, t.spent, t.balance) for t in money.totals]


def rows_add_up(first: date, last: date) -> None:
    """The grants report's rows add up to its totals, per currency; the rooms' event bookings are the
    held events' rooms, each event counted once in each room it booked."""
    money = grant_reports.report_data(first, last, "en")
    for total in money.totals:
        rows = [g for g in money.grants if g.currency == total.currency]
        assert (len(rows), sum(g.total for g in rows), sum(g.received for g in rows), sum(g.spent for g in rows),
                sum(g.balance for g in rows)) == (total.grants, total.total, total.received, total.spent, total.balance)
        for g in rows:  # since the start: up to the period's end, never less than in the period
            assert g.spent_to_end >= g.spent and g.received_to_end >= g.received
            assert g.spent_to_end == sum(line.spent for line in g.lines) or not g.lines
    figures = events.period(periods.of(first, last))
    assert sum(figures.room_events.values()) == sum(len(row.rooms.split(", ")) for row in figures.events if row.rooms)


def test_every_activity_figure_is_its_area_reports_and_rows_add_up(district):
    change_after_the_quarter()
    with travel_to(LATE):
        for first, last in (Q3, YEAR):
            activity_equals_its_areas(first, last)
            rows_add_up(first, last)


def test_a_year_printed_on_7_december_counts_nothing_after_it(district):
    change_after_the_quarter()
    with travel_to(LATE):
        span = periods.of(*YEAR)
        assert span.effective_to == LATE
        assert events.rows(date(2026, 12, 8), date(2026, 12, 31))  # events ahead, in the database
        figures = events.period(span)
        assert figures.events and max(row.starts_at.date() for row in figures.events) <= LATE
        assert "Still ahead" not in {row.title for row in figures.events}
        assert "Held in December" in {row.title for row in figures.events}
        assert sum(figures.registered_by_kind.values()) == sum(row.registered for row in figures.events)
        report = event_reports.report_data(*YEAR, "en")
        assert report.held == figures.events_held == len(figures.events)
        assert activity_reports.report_data(*YEAR, "en").events_held == figures.events_held
        issues = local_issues.period(span)
        assert all(row.due_on < LATE for row in issues.overdue)
        assert all(row.raised_on <= LATE for row in issues.still_open)
        money = grants.period(span)
        assert all(e.spent_on <= LATE for g in money.grants for e in g.view.expenses)
        # A period wholly ahead has nothing in it yet.
        ahead = periods.of(date(2027, 1, 1), date(2027, 3, 31))
        assert (events.period(ahead).events_held, local_issues.period(ahead).received, grants.period(ahead).grants) \
            == (0, 0, ())
