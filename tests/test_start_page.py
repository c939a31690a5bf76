"""The start page on a real database with a year of demo data: every figure is its own area's value,
a click opens the list behind it filtered, a change notice refreshes it, and it speaks kk and ru."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import demo, i18n
from app.areas import Area
from app.i18n import format_number
from app.rules.money import format_amount
from app.services import dashboard, events, grants, local_issues, meetings, members, periods
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.main_window import PAGES, MainWindow
from app.ui.pages.start import StartPage
from tests.conftest import demo_copy


@pytest.fixture
def office(today, template_db, made_once, tmp_path):
    """A copy of the demo office as of the test's day (its year of activity ends on that day), made once
    per day for the session (tests/test_local_issues_page.py starts from the same)."""
    with demo_copy(made_once, template_db, tmp_path / "db", members=200, seed=1) as path:
        yield path


def open_window(qtbot, monkeypatch):
    application.application()
    language.apply("en")
    main = MainWindow(application.preferences())
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(qtbot, office, monkeypatch):
    main = open_window(qtbot, monkeypatch)
    yield main
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main.close()
    main.deleteLater()


@pytest.fixture
def money_today(office, today):
    """A receipt today in tenge and one in dollars: this year's money has a row per currency on any day
    (on 1 January the demo's money all came in the year before). Asked before ``window``."""
    donor = grants.save_donor(grants.DonorData("Eurasia Foundation of Central Asia", "foreign"))
    for currency in ("KZT", "USD"):
        grant = grants.create_grant(grants.GrantData(donor, f"TODAY-{currency}", today, today,
                                                     today + timedelta(days=90), currency, "1000"))
        grants.add_tranche(grant, grants.TrancheData(today, "1000", today, "1000"))


def start_page(window, qtbot) -> StartPage:
    page = window.show_page(StartPage)
    qtbot.waitUntil(lambda: page.figures is not None and not page.figures_timer.isActive(), timeout=5000)
    return page


def number(figure) -> int:
    return int(figure.number.text().replace(",", "").lstrip("+−"))


def has_page(name: str) -> bool:
    return name in [page for _title, _module, page in PAGES]


@pytest.mark.hard_days
def test_every_figure_is_its_own_areas_value(money_today, window, qtbot, today):
    page = start_page(window, qtbot)
    summary = dashboard.summary()
    assert page.members_total.number.text() == format_number(summary.members) == format_number(members.count())
    assert [value for _name, value, *_ in page.villages.rows] == [
        members.count(village_id=v.village_id) for v in summary.villages]
    month = members.period(periods.of(today.replace(day=1), today))
    assert (number(page.joined), number(page.left)) == (month.joined, month.left)

    upcoming = dashboard.meeting_figures(today).upcoming
    coming = events.rows(today, today + timedelta(days=7))
    assert (number(page.week_meetings), number(page.week_events)) == (len(upcoming), len(coming))
    decisions = meetings.decision_figures(today)
    assert (number(page.awaiting), number(page.overdue)) == (decisions.awaiting_answer, decisions.overdue)
    assert decisions.overdue and ALERT_COLOUR in page.overdue.number.styleSheet()

    issues = local_issues.figures(today)
    assert (number(page.issues_open), number(page.issues_overdue), number(page.issues_untouched)) == (
        issues.open, issues.overdue, issues.untouched)
    assert issues.overdue and ALERT_COLOUR in page.issues_overdue.number.styleSheet()
    assert [value for _name, value, *_ in page.statuses.rows] == list(local_issues.counts_by_status().values())

    money = grants.figures(today)
    assert (number(page.deadlines_soon), number(page.deadlines_overdue)) == (
        money.deadlines_due_soon, money.deadlines_overdue)
    assert len(money.received_this_year) > 1  # more than one currency this year
    currencies = list(dict.fromkeys([*money.received_this_year, *money.spent_this_year]))
    expected = [format_amount(sums[c], c, "en") if c in sums else "—"
                for c in currencies for sums in (money.received_this_year, money.spent_this_year)]
    assert [cell.text() for cell in page.money_cells] == expected  # one row per currency, never added up


ALERT_COLOUR = "#b00020"


def test_the_coming_week_lists_meetings_and_events_soonest_first(window, qtbot):
    today = date.today()
    meeting = meetings.create(MeetingData("gathering", datetime.combine(today + timedelta(days=3), time(18)),
                                          village_id=2), [ItemData("Roads")])
    events.create(events.EventData("Chess club", "sport", datetime.combine(today + timedelta(days=1), time(15)),
                                   datetime.combine(today + timedelta(days=1), time(17))))
    window.notices.announce(Area.MEETINGS)
    page = start_page(window, qtbot)
    shown = [row for row in page.week_rows if not row.isHidden()]
    entries = page.figures.week[:len(shown)]
    assert [e.starts_at for e in entries] == sorted(e.starts_at for e in page.figures.week)[:len(shown)]
    captions = [row.caption.text() for row in shown]
    number_ = meetings.get(meeting).number
    assert any(c.startswith("Chess club") for c in captions)
    assert any(f"No. {number_}" in c for c in captions)
    assert captions.index(next(c for c in captions if c.startswith("Chess club"))) < captions.index(
        next(c for c in captions if f"No. {number_}" in c))


def test_a_village_bar_opens_the_register_of_that_village(window, qtbot):
    from app.ui.pages.members import MembersPage

    page = start_page(window, qtbot)
    village = dashboard.summary().villages[1]
    qtbot.mouseClick(page.villages, Qt.MouseButton.LeftButton, pos=page.villages.row_rect(1).center())
    shown = window.stack.currentWidget()
    assert isinstance(shown, MembersPage)
    assert shown.village.currentData() == village.village_id
    qtbot.waitUntil(lambda: getattr(shown, "total", None) == village.members, timeout=3000)


def test_overdue_decisions_open_the_register_at_the_overdue_ones(window, qtbot):
    from app.ui.pages.decisions import DecisionsPage

    page = start_page(window, qtbot)
    page.overdue.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, DecisionsPage) and shown.status.currentData() == "overdue"
    assert shown.model.rowCount() == number(page.overdue)


def test_local_issue_figures_open_the_issues_filtered(window, qtbot):
    from app.ui.pages.local_issues import LocalIssuesPage

    page = start_page(window, qtbot)
    page.issues_overdue.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, LocalIssuesPage) and shown.overdue_only.isChecked()
    assert local_issues.count(**shown._filter()) == number(page.issues_overdue)
    window.show_page(StartPage)
    row = list(page.figures.issues_by_status).index("in_progress")
    qtbot.mouseClick(page.statuses, Qt.MouseButton.LeftButton, pos=page.statuses.row_rect(row).center())
    assert window.stack.currentWidget() is shown and shown.status.currentData() == "in_progress"


@pytest.mark.skipif(not has_page("GrantsPage"), reason="the Grants page is not in the window yet")
@pytest.mark.hard_days
def test_grant_deadlines_open_the_grants_deadlines(money_today, window, qtbot):
    from app.ui.pages.grants import GrantsPage

    page = start_page(window, qtbot)
    page.deadlines_soon.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, GrantsPage) and shown.tabs.currentIndex() == 1
    assert shown.status.currentData() == "due_soon"
    assert shown.deadlines_model.rowCount() == number(page.deadlines_soon)
    window.show_page(StartPage)
    page.deadlines_overdue.click()
    assert window.stack.currentWidget() is shown and shown.status.currentData() == "overdue"
    assert shown.deadlines_model.rowCount() == number(page.deadlines_overdue)
    window.show_page(StartPage)
    page.money_cells[0].click()  # this year's money opens the grants too
    assert window.stack.currentWidget() is shown


def test_the_weeks_figures_open_meetings_and_events(window, qtbot):
    from app.ui.pages.events import EventsPage
    from app.ui.pages.meetings import MeetingsPage

    page = start_page(window, qtbot)
    page.week_events.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, EventsPage) and shown.stack.currentWidget() is shown.table
    assert (shown.date_from.date().toPython(), shown.date_to.date().toPython()) == (
        page.figures.today, page.figures.week_end)
    assert shown.model.rowCount() == number(page.week_events)
    window.show_page(StartPage)
    page.week_meetings.click()
    shown = window.stack.currentWidget()
    assert isinstance(shown, MeetingsPage) and shown.year.currentData() == date.today().year


@pytest.mark.hard_days
def test_a_change_notice_refreshes_the_figures(window, qtbot):
    page = start_page(window, qtbot)
    before = number(page.issues_open)
    local_issues.create(local_issues.IssueData("A broken street light", local_issues.categories()[0],
                                               date.today() - timedelta(days=3), due_on=date.today() - timedelta(days=1)))
    members.create(members.MemberData("Ахметов", "Болат", village_id=1, sex="M", member_since=date.today()))
    window.notices.announce(Area.ISSUES)
    qtbot.waitUntil(lambda: number(page.issues_open) == before + 1, timeout=3000)
    assert number(page.issues_open) == local_issues.figures().open
    window.notices.announce(Area.REGISTER)
    qtbot.waitUntil(lambda: page.members_total.number.text() == format_number(members.count()), timeout=3000)
    assert number(page.joined) == members.period(periods.of(date.today().replace(day=1), date.today())).joined >= 1


def test_a_hidden_start_page_refreshes_when_shown_again(window, qtbot):
    from app.ui.pages.members import MembersPage

    page = start_page(window, qtbot)
    window.show_page(MembersPage)
    members.create(members.MemberData("Ахметов", "Болат", village_id=1, sex="M"))
    window.notices.announce(Area.REGISTER)
    assert page.members_total.number.text() != format_number(members.count())  # not while hidden
    window.show_page(StartPage)
    assert page.members_total.number.text() == format_number(members.count())


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_the_page_speaks_the_language_chosen(money_today, window, qtbot, code):
    page = start_page(window, qtbot)
    english = page.week_card.title.text(), page.issues_open.caption.text(), page.deadlines_soon.caption.text()
    window.set_language(code)
    QApplication.processEvents()
    shown = page.week_card.title.text(), page.issues_open.caption.text(), page.deadlines_soon.caption.text()
    assert shown == tuple(i18n.translate(msgid, code) for msgid in (
        "The coming week", "open issues", "deadlines within 30 days"))
    assert all(a != b for a, b in zip(english, shown))
    assert "\u00a0" in page.money_cells[0].text()  # amounts grouped the Kazakh and Russian way


def test_start_page_counts_the_register_per_village(qtbot, database, monkeypatch):
    summary = demo.generate(120, seed=3, activity=False)
    main = open_window(qtbot, monkeypatch)
    qtbot.addWidget(main)
    start = main.show_page(StartPage)
    # English readers get the Russian names.
    assert [name for name, *_ in start.villages.rows] == ["Жарлыозек", "Бозтоган", "Муканшы"]
    assert sum(value for _name, value, *_ in start.villages.rows) == summary.members
    assert start.members_total.number.text() == format_number(summary.members)


def test_a_person_added_this_month_and_a_backup_made_by_hand_show_on_the_start_page(window, qtbot, tmp_path,
                                                                                   today):
    from app.services import backup

    page = start_page(window, qtbot)
    before = number(page.joined)
    assert page.last_backup.text() == "No backup has been made yet."
    members.create(members.MemberData("Ахметов", "Болат", village_id=1, sex="M"))  # «member since» left empty
    made = backup.backup(tmp_path)  # by hand, to a folder of the user's choosing
    page.refresh()
    qtbot.waitUntil(lambda: number(page.joined) == before + 1, timeout=3000)
    when = datetime.fromtimestamp(made.stat().st_mtime)
    assert page.last_backup.text() == f"Last backup: {i18n.format_datetime(when)}"
    assert number(page.joined) == members.period(periods.of(today.replace(day=1), today)).joined
