"""Appeals of residents on a real database (docs/domain.md, Appeals of residents): registration on the
office's calendar, numbers per year, extension, redirection, the answer, every refusal with nothing
changed, the list's terms, the link to a local issue, roles, and the applicant erased with the person."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import Appeal, AppealStep, RecordVersion
from app.services import appeals, calendar, local_issues, members, settings, users
from app.services.appeals import AppealData
from app.services.calendar import HolidayRow

pytestmark = pytest.mark.every_database

SATURDAY = datetime(2026, 12, 5, 11, 30)
ROADS = "Жолдар (дороги)"


def appeal(**changes) -> int:
    values = dict(kind="complaint", received_at=datetime(2026, 12, 1, 10, 0), applicant_name="Асқар Нұрланов",
                  applicant_address="Абай көшесі, 5", applicant_phone="8 701 123 45 67", text="Көшеде жарық жоқ")
    values.update(changes)
    return appeals.create(AppealData(**values))


def state() -> tuple:
    """Everything a refused change must leave as it was."""
    with db.unit_of_work() as session:
        rows = session.execute(select(Appeal.id, Appeal.version, Appeal.extended_to, Appeal.redirected_on,
                                      Appeal.answered_on).order_by(Appeal.id)).all()
        return tuple(rows), session.scalar(select(func.count()).select_from(AppealStep))


def test_an_appeal_is_numbered_in_its_year_and_due_in_fifteen_working_days(database):
    first, second = appeal(), appeal(kind="proposal", received_at=datetime(2026, 12, 2, 15, 0))
    view = appeals.get(first)
    assert (view.label, view.status, view.registered_on, view.due) == ("1/2026", "open", date(2026, 12, 1),
                                                                       date(2026, 12, 23))
    assert view.data.applicant_phone == "+77011234567"
    assert view.applicant == "Асқар Нұрланов"
    assert [(s.kind, s.value) for s in view.steps] == [("received", "2026-12-01")]
    assert view.steps[0].user
    assert appeals.get(second).label == "2/2026"


def test_an_appeal_on_a_saturday_is_registered_on_monday(database):
    view = appeals.get(appeal(received_at=SATURDAY))
    assert (view.data.received_at, view.registered_on, view.due) == (SATURDAY, date(2026, 12, 7), date(2026, 12, 29))


def test_the_term_follows_the_offices_calendar_and_the_districts_setting(database):
    # The office adds a day off (a decree moving one) on Friday 11 December: the term moves a day on.
    days = [HolidayRow(row.day, row.name, row.working) for row in calendar.holidays(2026)]
    calendar.save_holidays(2026, [*days, HolidayRow(date(2026, 12, 11), "Transfer")])
    assert appeals.get(appeal(received_at=SATURDAY)).due == date(2026, 12, 30)
    settings.save(appeal_answer_working_days=10)
    assert appeals.get(appeal(received_at=SATURDAY)).due == date(2026, 12, 23)


def test_an_anonymous_appeal_is_registered_and_not_considered_unless_it_reports_a_crime(database):
    quiet = appeals.get(appeal(anonymous=True))
    assert (quiet.status, quiet.due, quiet.applicant, quiet.data.applicant_phone) == ("not_considered", None, "", "")
    crime = appeals.get(appeal(anonymous=True, reports_crime=True))
    assert (crime.status, crime.due) == ("open", date(2026, 12, 23))
    with pytest.raises(ValidationError, match="no longer on its clock"):
        appeals.answer(quiet.id, date(2026, 12, 3), "explained")


def test_an_applicant_of_the_register_is_named_from_it(database):
    person = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", village_id=1, sex="M",
                                               birth_date=date(1980, 5, 5)))
    view = appeals.get(appeal(member_id=person))
    assert (view.applicant, view.data.applicant_name, view.data.applicant_phone) == ("Мұқанов Ерлан", "", "")


@pytest.mark.today("2027-01-12")
def test_an_extension_moves_the_term_and_sets_the_notice(database):
    case = appeal(received_at=datetime(2026, 12, 21, 9, 0))
    assert appeals.get(case).due == date(2027, 1, 14)
    appeals.extend(case, date(2027, 2, 10), "the road service inspects it in January", on=date(2027, 1, 5))
    view = appeals.get(case)
    # The notice: 6, 8 and 11 January (7 January is Orthodox Christmas).
    assert (view.due, view.first_due, view.extended_on, view.extension_notice_due, view.extension_limit) == (
        date(2027, 2, 10), date(2027, 1, 14), date(2027, 1, 5), date(2027, 1, 11), date(2027, 2, 21))
    assert [(s.kind, s.value, s.comment) for s in view.steps][-1] == (
        "extended", "2027-02-10", "the road service inspects it in January")


@pytest.mark.today("2027-01-12")
def test_the_extension_limit_is_a_setting(database):
    case = appeal(received_at=datetime(2026, 12, 21, 9, 0))
    with pytest.raises(ValidationError, match="2027-02-21 at the latest"):
        appeals.extend(case, date(2027, 3, 1), "more checks")
    settings.save(appeal_extension_beyond_term=True)  # "by 2 months": from the first term, 14 January
    appeals.extend(case, date(2027, 3, 14), "more checks")
    assert appeals.get(case).due == date(2027, 3, 14)


def test_a_redirect_closes_the_appeal_and_sets_the_notice(database):
    case = appeal(received_at=SATURDAY)
    assert appeals.get(case).redirect_by == date(2026, 12, 10)
    appeals.redirect(case, "  Аудан әкімдігі  ", on=date(2026, 12, 7))
    view = appeals.get(case)
    assert (view.status, view.redirected_to, view.redirected_on, view.redirect_notice_due, view.overdue) == (
        "redirected", "Аудан әкімдігі", date(2026, 12, 7), date(2026, 12, 10), False)
    with pytest.raises(ValidationError, match="sent on"):
        appeals.answer(case, date(2026, 12, 7), "satisfied")


def test_an_answer_closes_the_appeal_and_a_late_one_is_marked(database, today):
    on_time, late = appeal(), appeal(received_at=datetime(2026, 11, 2, 9, 0))
    appeals.answer(on_time, date(2026, 12, 4), "partly", "01-12/45", "The lamps are ordered.")
    appeals.answer(late, date(2026, 12, 4), "satisfied")
    view = appeals.get(on_time)
    assert (view.status, view.answered_on, view.result, view.answer_number, view.answer_text,
            view.answered_late) == ("answered", date(2026, 12, 4), "partly", "01-12/45", "The lamps are ordered.",
                                    False)
    assert appeals.get(late).answered_late  # due 23 November
    with pytest.raises(ValidationError, match="no longer on its clock"):
        appeals.answer(on_time, date(2026, 12, 5), "refused")


@pytest.mark.parametrize(("act", "message"), [
    (lambda case: appeal(received_at=datetime(2026, 12, 8, 9, 0)), "cannot be received in the future"),
    (lambda case: appeal(kind="petition"), "Unknown kind of appeal"),
    (lambda case: appeal(channel="pigeon"), "Unknown channel"),
    (lambda case: appeal(channel="otinish"), "needs its e-Otinish number"),
    (lambda case: appeal(otinish_number="ЖТ-123"), "goes with an appeal that came through e-Otinish"),
    (lambda case: appeal(applicant_name=" "), "Name the applicant"),
    (lambda case: appeal(applicant_phone="12"), "phone"),
    (lambda case: appeal(member_id=999), "No person with number 999"),
    (lambda case: appeals.answer(case, date(2026, 11, 30), "satisfied"), "before the appeal was received"),
    (lambda case: appeals.answer(case, date(2026, 12, 8), "satisfied"), "in the future"),
    (lambda case: appeals.answer(case, date(2026, 12, 3), "happy"), "Unknown result"),
    (lambda case: appeals.extend(case, date(2027, 3, 1), "checks"), "at the latest"),
    (lambda case: appeals.extend(case, date(2026, 12, 20), "checks"), "must be later"),
    (lambda case: appeals.extend(case, date(2027, 1, 10), "  "), "reason"),
    (lambda case: appeals.redirect(case, "   "), "Name the body"),
    (lambda case: appeals.redirect(case, "Аудан әкімдігі", on=date(2026, 11, 1)), "before the appeal was received"),
    (lambda case: appeals.rows(due_within=-1), "cannot be negative"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(database, act, message):
    case = appeal()
    before = state()
    with pytest.raises(ValidationError, match=message) as error:
        act(case)
    assert error.value.message("kk") and error.value.message("ru")
    assert state() == before


def test_an_unknown_appeal_is_not_found(database):
    with pytest.raises(NotFound):
        appeals.get(404)
    with pytest.raises(NotFound):
        appeals.extend(404, date(2027, 1, 10), "checks")


def test_the_list_shows_open_overdue_and_coming_terms(database):
    overdue = appeal(received_at=datetime(2026, 11, 2, 9, 0))  # due 23 November
    soon = appeal(received_at=datetime(2026, 11, 13, 9, 0))  # due 4 December: overdue too
    coming = appeal(received_at=datetime(2026, 11, 19, 9, 0))  # due 10 December
    later = appeal()  # due 23 December
    answered = appeal(received_at=datetime(2026, 11, 3, 9, 0))
    appeals.answer(answered, date(2026, 11, 20), "explained")
    assert appeals.get(coming).due == date(2026, 12, 10)
    assert [r.id for r in appeals.rows()] == [later, coming, soon, answered, overdue]
    assert [r.id for r in appeals.rows(open_only=True)] == [later, coming, soon, overdue]
    assert [r.id for r in appeals.rows(overdue_only=True)] == [soon, overdue]
    assert [r.id for r in appeals.rows(due_within=3)] == [coming, soon, overdue]
    flags = {r.id: (r.overdue, r.due_soon) for r in appeals.rows()}
    assert flags == {later: (False, False), coming: (False, True), soon: (True, False), answered: (False, False),
                     overdue: (True, False)}
    assert appeals.get(overdue).overdue


def test_an_appeal_opens_a_local_issue_or_joins_one(database):
    case = appeal(received_at=SATURDAY)
    issue_id = appeals.open_local_issue(case, "No street lights on Abai street", ROADS, village_id=1)
    issue = local_issues.get(issue_id)
    assert (issue.data.raised_on, issue.data.due_on, issue.raiser, issue.data.description) == (
        date(2026, 12, 7), date(2026, 12, 29), "Асқар Нұрланов", "Көшеде жарық жоқ")
    view = appeals.get(case)
    assert (view.local_issue_id, view.local_issue_label) == (issue_id, issue.label)
    other = appeal()
    appeals.attach_to_local_issue(other, issue_id)
    assert appeals.get(other).local_issue_id == issue_id
    assert appeals.get(other).steps[-1].kind == "issue"
    with pytest.raises(NotFound):
        appeals.attach_to_local_issue(other, 404)


def test_a_refused_local_issue_leaves_the_appeal_unlinked(database):
    case = appeal()
    with pytest.raises(ValidationError, match="title"):
        appeals.open_local_issue(case, " ", ROADS)
    assert appeals.get(case).local_issue_id is None and local_issues.count() == 0


def test_the_viewer_reads_appeals_and_staff_handle_them(database):
    case = appeal()
    users.turn_sign_in_on("administrator", "Әсем Төлегенова", "pass-word-1")
    for role in ("staff", "viewer", "accountant"):
        users.create(users.UserData(role, role.title(), role), "pass-word-1")
    users.sign_in("viewer", "pass-word-1")
    assert appeals.get(case).label == "1/2026" and len(appeals.rows()) == 1
    with pytest.raises(PermissionDenied):
        appeals.answer(case, date(2026, 12, 3), "explained")
    users.sign_in("accountant", "pass-word-1")
    with pytest.raises(PermissionDenied):
        appeal()
    users.sign_in("staff", "pass-word-1")
    appeals.answer(case, date(2026, 12, 3), "explained")
    assert appeals.get(case).status == "answered"


def test_erasing_a_person_blanks_their_appeals_and_their_versions(database):
    person = members.create(members.MemberData(surname="Мұқанов", given_name="Ерлан", village_id=1, sex="M",
                                               birth_date=date(1980, 5, 5)))
    theirs = appeal(member_id=person, text="Менің үйімнің жанындағы жол")
    appeals.extend(theirs, date(2027, 1, 10), "Мұқановтың үйін тексеру керек")
    appeals.answer(theirs, date(2026, 12, 7), "satisfied", text="Жол жөнделді, Мұқанов мырза")
    others = appeal()
    members.erase(person)
    view = appeals.get(theirs)
    assert (view.data.text, view.answer_text, view.applicant) == ("", "", "")
    assert all(step.comment == "" for step in view.steps)
    assert (view.status, view.result, view.due) == ("answered", "satisfied", date(2027, 1, 10))
    assert appeals.get(others).data.text == "Көшеде жарық жоқ"
    with db.unit_of_work() as session:
        kept = [row.before or "" for row in session.scalars(select(RecordVersion))]
        kept += [row.after or "" for row in session.scalars(select(RecordVersion))]
    assert not any("Мұқанов" in json.dumps(json.loads(image), ensure_ascii=False) for image in kept if image)
