"""Databases of every released schema revision (tests/fixtures/schema-*.sqlite, made once by
tests/fixtures/make_old_databases.py) open through the program's start path, reach head and keep
their people, meeting, local issue, grant to the tiyn, event and users; and downgrades are refused."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from app import db, migrate
from app.models import Base, load_all
from app.services import (
    events,
    grants,
    local_issues,
    meetings,
    members,
    settings,
    users,
)

load_all()

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "Жарлыөзек-2026"  # the users' password in the fixtures
TODAY = date(2026, 5, 15)  # after everything the fixtures record, before the decision's deadline


def _chain() -> list[str]:
    """Every revision of the migrations, oldest first."""
    follows = {down: rev for rev, down in migrate.revisions().items()}
    chain, revision = [], follows.get(None)
    while revision is not None:
        chain.append(revision)
        revision = follows.get(revision)
    return chain


REVISIONS = _chain()


def _query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def test_every_revision_has_a_released_database():
    made = {path.name for path in FIXTURES.glob("schema-*.sqlite")}
    wanted = {f"schema-{revision}.sqlite" for revision in REVISIONS}
    assert not wanted - made, (
        f"No released database for {', '.join(sorted(wanted - made))}. Add the new tables' rows to SECTIONS in "
        "tests/fixtures/make_old_databases.py, run `.venv/bin/python tests/fixtures/make_old_databases.py` "
        "(it writes only the missing files) and commit the new file; never regenerate the old ones.")
    assert not made - wanted, f"Fixtures of revisions the migrations do not have: {sorted(made - wanted)}"


@pytest.fixture(scope="module", params=[f"schema-{revision}.sqlite" for revision in REVISIONS],
                ids=lambda name: name[:-7])
def upgraded_file(request, tmp_path_factory) -> tuple[str, Path, Path]:
    """A copy of a released database opened as the program opens one, once for the module's tests:
    its old revision, the upgraded file and the user folder the upgrade kept its copy in."""
    source = FIXTURES / request.param
    if not source.exists():
        pytest.fail(f"{request.param} is missing: see test_every_revision_has_a_released_database", pytrace=False)
    home = tmp_path_factory.mktemp("home")
    copy = home / "auyl.sqlite"
    shutil.copyfile(source, copy)
    [(revision,)] = _query(copy, "SELECT version_num FROM alembic_version")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUYL_HOME", str(home))
        migrate.open_database(db.sqlite_url(copy))
        db.dispose()
    return revision, copy, home


@pytest.fixture
def upgraded(upgraded_file, tmp_path) -> str:
    """The upgraded database (a copy, so each test reads it unchanged), opened; gives its old revision."""
    revision, path, _home = upgraded_file
    migrate.open_database(db.sqlite_url(shutil.copyfile(path, tmp_path / "auyl.sqlite")))
    return revision


def _since(revision: str, wanted: str) -> bool:
    return REVISIONS.index(revision) >= REVISIONS.index(wanted)


def test_released_database_reaches_head_with_the_schema_of_a_new_one(upgraded, upgraded_file):
    engine = db.engine()
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True,
                                                               "include_name": migrate.in_models})
        assert compare_metadata(context, Base.metadata) == []
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
        # The bookings' overlap triggers of 0006 are still there after every later rebuild.
        triggers = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        assert set(triggers) == {"tr_bookings_no_overlap_insert", "tr_bookings_no_overlap_update"}
    copies = list((upgraded_file[2] / "backups").glob(f"pre-upgrade-{upgraded}-*.sqlite"))
    assert len(copies) == (0 if upgraded == migrate.head_revision() else 1)


def test_people_households_and_villages_survive(upgraded):
    people = {n: (m.surname, m.given_name, m.patronymic, m.iin, m.birth_date, m.sex, m.village_id, m.phone)
              for n, m in ((n, members.get(n)) for n in range(1, 8))}
    assert people == {
        1: ("Әбдіғалиев", "Қанат", "Өмірұлы", "610412300017", date(1961, 4, 12), "M", 1, "+77015550011"),
        2: ("Әбдіғалиева", "Гүлнәр", "Сейітқызы", "640930400025", date(1964, 9, 30), "F", 1, "+77015550012"),
        3: ("Жұмабаев", "Шыңғыс", "Һадиұлы", "880229300037", date(1988, 2, 29), "M", 1, "+77025550013"),
        4: ("Төлеуова", "Айгүл", "Мұхтарқызы", "951231400042", date(1995, 12, 31), "F", 1, ""),
        5: ("Ғабитов", "Үсен", "Ілиясұлы", "500101300053", date(1950, 1, 1), "M", 2, "+77785550015"),
        6: ("Нұрғалиқызы", "Ақерке", "", "070615600065", date(2007, 6, 15), "F", 2, ""),
        7: ("Сәрсенбаев", "Болат", "", "", None, "M", 4, ""),
    }
    # The register's search finds them across spellings (0002 folded the names of a 0001 database).
    assert [row.id for row in members.search("Әбдіғалиев")] == [1, 2]
    assert [row.id for row in members.search("абдигалиева гулнар")] == [2]
    assert [row.id for row in members.search("880229300037")] == [3]
    assert [row.id for row in members.search("Ғабитов Үсен")] == [5]
    household = members.household_of(4)
    assert (household.head_id, [person_id for person_id, _name in household.people]) == (1, [1, 2, 4])
    assert members.household_of(6).head_id == 5
    assert [(v.name_kk, v.name_ru, v.kato_code) for v in settings.villages()][-1] == ("Құмкөл", "Кумколь", "334255400")

    moved = members.get(7)
    if _since(upgraded, "0002"):
        assert (moved.status, moved.status_date, moved.member_since) == ("moved", date(2025, 10, 1), date(2020, 5, 20))
        assert members.get(4).categories == "Көпбалалы отбасы (многодетная семья)"
        assert [(c.given_on, c.method) for c in members.consents(1)] == [(date(2024, 2, 5), "paper")]
    else:  # 0002 gave everybody on the register the status of a resident
        assert (moved.status, moved.status_date) == ("resident", None)
    assert members.get(1).version == (3 if _since(upgraded, "0008") else 1)


def test_meeting_with_its_agenda_votes_and_decision_survives(upgraded):
    if not _since(upgraded, "0003"):
        assert meetings.list_meetings() == []
        return
    meeting = meetings.get(1, today=TODAY)
    assert (meeting.kind, meeting.number, meeting.year, meeting.starts_at, meeting.signed_on) == (
        "assembly", 3, 2026, datetime(2026, 4, 18, 10, 0), date(2026, 4, 20))
    assert (meeting.village_kk, meeting.room, meeting.chair, meeting.secretary) == (
        "Жарлыөзек", "Мәжіліс залы", "Әбдіғалиев Қ. Ө.", "Төлеуова А. М.")
    assert (meeting.quorum.present, meeting.quorum.entitled) == (4, 5)
    assert [item.title for item in meeting.items] == ["Көше жарығын жөндеу туралы",
                                                       "Жайылымды пайдалану тәртібі туралы"]
    lights, pasture = meeting.items
    assert (lights.vote.mode, lights.vote.for_, lights.vote.against, lights.vote.abstained, lights.vote.adopted) == (
        "counts", 3, 1, 0, True)
    assert lights.decision_text == "Көше жарығын 1 маусымға дейін жөндеу."
    assert [(s.name, s.summary) for s in lights.speakers] == [("Жұмабаев Шыңғыс", "Үнемді шамдар қоюды ұсынды.")]
    decision = lights.decision
    assert (decision.number, decision.year, decision.responsible, decision.deadline, decision.sent_on) == (
        7, 2026, "Ауыл әкімінің аппараты", date(2026, 6, 1), date(2026, 4, 22))
    assert (decision.answer_on, decision.answer_text, decision.status) == (
        date(2026, 5, 12), "Жұмыс мамыр айында басталады.", "in_progress")
    assert (pasture.vote.mode, pasture.vote.for_, pasture.vote.against, pasture.vote.abstained) == (
        "roll_call", 2, 1, 1)
    assert (pasture.vote.adopted, pasture.decision) == (False, None)
    assert meetings.roll_call(pasture.id) == {1: "for", 2: "for", 3: "against", 4: "abstained"}
    assert [(a.made_on, a.text) for a in meeting.amendments] == [(date(2026, 5, 2), "Қатысушылар саны түзетілді.")]
    assert lights.local_issue_id == (1 if _since(upgraded, "0004") else None)
    # A meeting written before rooms were booked holds none; from 0006 it holds its room until 12:30.
    assert meeting.ends_at == (datetime(2026, 4, 18, 12, 30) if _since(upgraded, "0006") else None)


def test_second_language_texts_and_representatives_survive(upgraded):
    """From 0011 a room, the guests, an item and its decision carry the other protocol's text; a
    separate сход its representatives. Older ones have none (the one text serves both protocols) but
    the rooms a database started with, which the upgrade names in Russian."""
    if not _since(upgraded, "0003"):
        return
    lights = meetings.get(1, today=TODAY)
    assert (lights.room_ru, lights.guests_second, lights.representatives) == (
        "Актовый зал" if _since(upgraded, "0011") else "Зал заседаний", "", "")
    assert (lights.items[0].title_second, lights.items[0].decision_text_second) == ("", "")
    if not _since(upgraded, "0011"):
        return
    separate = meetings.get(2, today=TODAY)
    assert (separate.separate, separate.guests_second, separate.representatives.splitlines()) == (
        True, "Сейитов Ержан — аким сельского округа", ["Ғабитов Үсен Ілиясұлы", "Жұмабаев Шыңғыс Қайратұлы"])
    assert (separate.items[0].title_second, separate.items[0].decision_text_second) == (
        "Об избрании представителей", "Избрать двух представителей.")


def test_local_issue_with_its_history_survives(upgraded):
    if not _since(upgraded, "0004"):
        assert local_issues.rows() == []
        return
    issue = local_issues.get(1, today=TODAY)
    assert (issue.label, issue.data.title, issue.status, issue.raiser, issue.village_kk) == (
        "4/2026", "Көпірдің жөндеуі", "in_progress", "Ғабитов Үсен Ілиясұлы", "Бозтоған")
    assert (issue.data.raised_on, issue.data.due_on, issue.data.priority) == (date(2026, 2, 10), date(2026, 5, 30), "high")
    assert [(e.at, e.kind, e.old_value, e.new_value, e.comment) for e in issue.events] == [
        (datetime(2026, 2, 10, 11, 0), "raised", "", "", ""),
        (datetime(2026, 2, 12, 9, 0), "status", "new", "accepted", ""),
        (datetime(2026, 3, 1, 9, 30), "status", "accepted", "in_progress", "Тақтай сатып алынды."),
    ]
    [attachment] = issue.attachments
    assert local_issues.attachment_content(attachment.id) == (
        "акт.txt", "text/plain", "Көпірді тексеру акті, 2026-02-12".encode())
    assert [(link.meeting_id, link.item_position, link.decision_id) for link in issue.agenda] == [(1, 1, 1)]
    assert [row.id for row in local_issues.rows("копир")] == [1]


def test_grant_survives_to_the_tiyn(upgraded):
    if not _since(upgraded, "0005"):
        assert grants.donors() == []
        return
    grant = grants.get(1, today=TODAY)
    assert (grant.donor, grant.data.agreement_number, grant.data.currency) == (
        "«Қазақстан халқына» қоры", "ҚХҚ-2026/118", "KZT")
    assert grant.total == Decimal("4850000.75")
    assert [(line.code, line.planned, line.spent) for line in grant.lines] == [
        ("1.1", Decimal("3200000.50"), Decimal("1187450.99")), ("1.2", Decimal("1650000.25"), Decimal(0))]
    assert [(t.planned_on, t.planned_amount, t.received_on, t.received_amount) for t in grant.tranches] == [
        (date(2026, 3, 15), Decimal("2425000.38"), date(2026, 3, 20), Decimal("2425000.38")),
        (date(2026, 7, 15), Decimal("2425000.37"), None, None)]
    assert [(e.spent_on, e.amount, e.payee, e.document_number) for e in grant.expenses] == [
        (date(2026, 4, 2), Decimal("1187450.99"), "«Жарық-Сервис» ЖШС", "ШФ-00417")]
    assert (grant.received, grant.spent) == (Decimal("2425000.38"), Decimal("1187450.99"))
    assert [(d.kind, d.due_on) for d in grant.deadlines] == [("interim", date(2026, 7, 1))]
    assert grant.issue_ids == (1,)


def test_event_with_its_booking_and_registrations_survives(upgraded):
    if not _since(upgraded, "0006"):
        assert events.rows() == []
        return
    event = events.get(1)
    assert (event.data.title, event.data.kind, event.data.starts_at, event.data.ends_at, event.data.capacity) == (
        "Наурыз концерті", "Мереке (праздник)", datetime(2026, 3, 21, 15, 0), datetime(2026, 3, 21, 17, 30), 100)
    assert event.rooms == ("Мәжіліс залы",)
    assert [(r.member_id, r.name, r.registered_at, r.attended) for r in event.registrations] == [
        (4, "Төлеуова Айгүл Мұхтарқызы", datetime(2026, 3, 10, 12, 0), True),
        (None, "Серікбаева Дәмелі", datetime(2026, 3, 11, 16, 45), False)]
    # The hall is taken during the concert and during the assembly, and free between them.
    taken = {"Мәжіліс залы"}
    assert not taken & {room.name for room in events.free_rooms(datetime(2026, 3, 21, 16), datetime(2026, 3, 21, 18))}
    assert not taken & {room.name for room in events.free_rooms(datetime(2026, 4, 18, 12), datetime(2026, 4, 18, 13))}
    assert taken <= {room.name for room in events.free_rooms(datetime(2026, 4, 1, 10), datetime(2026, 4, 1, 12))}


def test_users_survive_and_sign_in(upgraded):
    if not _since(upgraded, "0008"):
        assert users.users() == []
        return
    assert [(u.login, u.full_name, u.role, u.must_change_password) for u in users.users()] == [
        ("aizhan", "Төлеуова Айгүл", "administrator", False), ("qanat", "Әбдіғалиев Қанат", "secretary", True)]
    assert users.sign_in("aizhan", PASSWORD, now=datetime(2026, 11, 30, 9, 0)).role == "administrator"


def test_downgrade_is_refused_and_leaves_the_database_at_head(template_db, tmp_path):
    path = tmp_path / "auyl.sqlite"
    shutil.copyfile(template_db, path)
    engine = db.configure(db.sqlite_url(path))
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    refused = pytest.raises(migrate.DowngradeNotSupported, match="restore the copy of the database taken before the upgrade")
    with refused, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_appeals_with_their_terms_and_steps_survive(upgraded):
    """From 0012 an appeal extended and answered, linked to the local issue, and one still open."""
    from app.services import appeals

    if not _since(upgraded, "0012"):
        assert appeals.rows() == []
        return
    answered, open_ = appeals.get(1, today=TODAY), appeals.get(2, today=TODAY)
    assert (answered.label, answered.status, answered.applicant, answered.data.otinish_number) == (
        "7/2026", "answered", "Ғабитов Үсен Ілиясұлы", "ЖТ-2026-01234")
    assert (answered.registered_on, answered.first_due, answered.due, answered.extension_notice_due) == (
        date(2026, 3, 26), date(2026, 4, 16), date(2026, 5, 15), date(2026, 4, 15))
    assert (answered.answered_on, answered.result, answered.answered_late, answered.local_issue_id) == (
        date(2026, 5, 12), "satisfied", False, 1)
    assert [s.kind for s in answered.steps] == ["received", "extended", "answered"]
    assert (open_.label, open_.status, open_.due, open_.overdue, open_.data.applicant_phone) == (
        "8/2026", "open", date(2026, 6, 1), False, "+77011234567")
    if not _since(upgraded, "0014"):
        assert answered.attachments == ()
        return
    [scan] = answered.attachments
    assert appeals.attachment_content(scan.id) == (
        "өтініш.txt", "text/plain", "Өтініш, 2026-03-21: көпірдің тақталары шіріген.".encode())


def test_signing_identity_and_district_packages_survive(upgraded):
    """From 0015 the office's identity and a centre's package; an older office makes its identity when
    first asked, and keeps it."""
    from app.services import district, exchange

    identity = exchange.identity()
    assert exchange.identity() == identity
    assert len(identity.private_key) == len(identity.public_key) == 32
    if not _since(upgraded, "0015"):
        assert district.centres() == []
        return
    assert identity.centre_id == "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f"
    assert exchange.fingerprint(identity.public_key) == "e7ee 5cef 4793 7c68 b0fd 6c3e d5b3 f2bc"
    [centre] = district.centres()
    assert (centre.name_ru, centre.kato, centre.last_from, centre.last_to, centre.residents, centre.packages) == (
        "Центр Кумкольского сельского округа", "334255400", date(2026, 1, 1), date(2026, 3, 31), 412, 1)
    [package] = district.packages(date(2026, 1, 1), date(2026, 3, 31))
    assert package.figures == {"grants.received/KZT": "1500000.00", "meetings.held": 2, "members.residents": 412}
    assert package.lists["villages"][0]["name_ru"] == "Кумколь"
