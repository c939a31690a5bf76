"""The audit log in people's words: every table and field by its label in the interface language,
values as the forms show them, records by their names, the signed-in person by full name."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from app import i18n
from app.i18n import format_datetime, translate
from app.models import AuditEntry
from app.services import access, audit, meetings, members, users
from app.services.meetings import ItemData, MeetingData
from app.ui import application, language
from app.ui.notices import ChangeNotices
from app.ui.pages import PageContext
from app.ui.pages.audit import AuditPage

MEETING_DAY = datetime(2026, 3, 14, 10, 0)
WHEN, USER, ACTION, WHAT, RECORD, FIELDS = range(6)


def test_every_table_and_every_field_has_a_label():
    tables = [t for t in AuditEntry.metadata.tables.values() if t.name not in audit.UNLOGGED]
    assert [t.name for t in tables if t.name not in audit.TABLE_LABELS] == []
    unnamed = [f"{t.name}.{c.name}" for t in tables for c in t.columns
               if c.name != "id" and audit.field_label(t.name, c.name) == c.name]
    assert unnamed == []
    catalogues = {lang: i18n.catalogue(lang) for lang in ("kk", "ru")}
    labels = set(audit.TABLE_LABELS.values()) | {audit.field_label(t.name, c.name) for t in tables for c in t.columns
                                                 if c.name != "id"}
    assert [label for label in sorted(labels) if not all(catalogues[lang].get(label) for lang in catalogues)] == []


@pytest.fixture
def page(qtbot, database):
    application.application()
    language.apply("en")
    widget = AuditPage(PageContext(ChangeNotices(), QAction()), i18n.N_("Audit log"))
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    access.end()
    language.apply("en")
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def a_voted_gathering() -> int:
    """A gathering of ten residents, all present, and its first item adopted."""
    people = [members.create(members.MemberData(surname=f"Resident{n}", given_name="Test", village_id=1,
                                                birth_date=date(1980, 5, 1), sex="M", street="Абай көшесі"))
              for n in range(10)]
    meeting = meetings.create(MeetingData("gathering", MEETING_DAY, village_id=1), [ItemData("Roads")])
    meetings.set_present(meeting, people)
    meetings.record_vote(meetings.get(meeting).items[0].id, 9, 1, 0)
    return meeting


def rows(page, table: str) -> list[list[str]]:
    page.reload()
    model = page.model
    return [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())
            if model.row(r).table_name == table]


def test_entries_name_the_person_signed_in_the_tables_fields_and_records(page):
    users.turn_sign_in_on("admin", "Әсем Төлегенова", "admin-pass-1")
    users.sign_in("admin", "admin-pass-1")
    meeting_id = a_voted_gathering()
    [meeting] = rows(page, "meetings")
    assert (meeting[USER], meeting[ACTION], meeting[WHAT]) == ("Әсем Төлегенова", "added", "Meetings")
    assert meeting[RECORD] == "Gathering (сход) № 1/2026"
    assert f"Date and time: {format_datetime(MEETING_DAY)}" in meeting[FIELDS]
    assert "Kind: gathering (сход)" in meeting[FIELDS] and "starts_at" not in meeting[FIELDS]
    attendance = rows(page, "attendance")  # a person is a number: names are personal data
    first = min(person[0] for person in meetings.present_people(meeting_id))
    assert f"Meeting: Gathering (сход) № 1/2026; Person: № {first}" in {row[FIELDS] for row in attendance}
    voted = [row for row in rows(page, "agenda_items") if row[ACTION] == "changed"]
    assert {row[RECORD] for row in voted} == {"Roads"}
    assert {"How the vote was taken: — → as counts; For: — → 9; Against: — → 1; Abstained: — → 0",
            "Adopted: — → yes"} <= {row[FIELDS] for row in voted}
    [decision] = rows(page, "decisions")
    assert "Agenda item: Roads" in decision[FIELDS] and "Status: in progress" in decision[FIELDS]


def test_the_filter_offers_every_area_in_the_interface_language(page, qtbot):
    language.apply("kk")
    qtbot.waitUntil(lambda: page.table_filter.itemText(0) == translate("All records", "kk"))
    offered = {page.table_filter.itemData(i): page.table_filter.itemText(i) for i in range(page.table_filter.count())}
    assert set(offered) == {None} | set(audit.TABLE_LABELS)
    assert offered["registrations"] == translate("Registrations for events", "kk") != "Registrations for events"
    a_voted_gathering()
    page.table_filter.setCurrentIndex(page.table_filter.findData("attendance"))
    shown = {page.model.index(r, WHAT).data() for r in range(page.model.rowCount())}
    assert shown == {translate("Attendance", "kk")}
    assert translate("Person", "kk") in page.model.index(0, FIELDS).data()


def test_without_sign_in_the_computers_account_is_named_as_such(page):
    assert not access.sign_in_required()
    a_voted_gathering()
    [meeting] = rows(page, "meetings")
    assert meeting[USER] == f"{access.acting_name()} (the computer's account: no sign-in)"
    language.apply("ru")
    [meeting] = rows(page, "meetings")
    assert meeting[USER] == f"{access.acting_name()} (учётная запись компьютера: вход без пароля)"
