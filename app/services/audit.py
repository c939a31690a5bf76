"""The audit log: every insert, update and delete made through the ORM, recorded in the same
transaction by one flush listener (Law 94-V, docs/domain.md: keep a log of who changed what)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from app import clock
from app.db import unit_of_work
from app.i18n import N_, format_date, format_datetime, local_name, tr
from app.models import AuditEntry
from app.services import access, members

AUDIT_TABLE = AuditEntry.__table__
_AS_IS = frozenset({str, int, bool, float, type(None)})  # values the log keeps as they are
_JSON = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False), made once

ACTION_LABELS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("deleted")}
# What each table holds, as staff would name it: every table the program writes, so each is named and
# offered in the log's filter.
TABLE_LABELS = {
    "members": N_("People"),
    "households": N_("Households"),
    "villages": N_("Villages"),
    "settings": N_("Settings"),
    "rooms": N_("Rooms"),
    "mci_rates": N_("MCI values"),
    "consents": N_("Consents"),
    "meetings": N_("Meetings"),
    "agenda_items": N_("Agenda items"),
    "speakers": N_("Speakers"),
    "attendance": N_("Attendance"),
    "roll_call_votes": N_("Roll-call votes"),
    "decisions": N_("Decisions"),
    "amendments": N_("Amendments"),
    "assembly_memberships": N_("Assembly members"),
    "holidays": N_("Holidays"),
    "users": N_("Users"),
    "import_batches": N_("Imports of people"),
    "events": N_("Events"),
    "event_series": N_("Series of events"),
    "registrations": N_("Registrations for events"),
    "bookings": N_("Room bookings"),
    "local_issues": N_("Local issues"),
    "local_issue_events": N_("History of local issues"),
    "local_issue_attachments": N_("Attachments of local issues"),
    "grants": N_("Grants"),
    "donors": N_("Donors"),
    "budget_lines": N_("Budget lines"),
    "tranches": N_("Tranches"),
    "expenses": N_("Expenses"),
    "grant_deadlines": N_("Grant deadlines"),
    "grant_issues": N_("Local issues of grants"),
    "appeals": N_("Appeals of residents"),
    "appeal_steps": N_("History of appeals"),
    "appeal_attachments": N_("Attachments of appeals"),
    "centre_identity": N_("The office's signing key"),
    "district_centres": N_("Centres of the district"),
    "district_packages": N_("Centres' packages"),
}
# The tables the log never lists: itself, and the record versions written beside it.
UNLOGGED = ("audit_entries", "record_versions")

# Field names as the forms label them; a column named alike in several tables means the same there.
_COMMON = {
    **dict(members.EXPORT_COLUMNS),
    "village_id": N_("Village"), "household_id": N_("Household"), "member_id": N_("Person"),
    "meeting_id": N_("Meeting"), "item_id": N_("Agenda item"), "event_id": N_("Event"), "room_id": N_("Room"),
    "grant_id": N_("Grant"), "issue_id": N_("Local issue"), "local_issue_id": N_("Local issue"),
    "title": N_("Title"), "kind": N_("Kind"), "description": N_("Description"), "name": N_("Name"),
    "position": N_("Order"), "year": N_("Year"), "number": N_("Number"), "address": N_("Address"),
    "starts_at": N_("Starts"), "ends_at": N_("Ends"), "starts_on": N_("Starts on"), "ends_on": N_("Ends on"),
    "capacity": N_("Places"), "amount": N_("Amount"), "due_on": N_("Due"), "at": N_("When"),
    "user_name": N_("User"), "file_name": N_("File"), "notes": N_("Notes"), "status": N_("Status"),
    "active": N_("Active"), "version": N_("Version"),
}
FIELD_LABELS: dict[str, dict[str, str]] = {
    "members": {"erased_at": N_("Data erased on request"), "search_text": N_("Search words")},
    "households": {"head_id": N_("Head of the household")},
    "villages": {"name_kk": N_("Name (Kazakh)"), "name_ru": N_("Name (Russian)"), "kato_code": N_("KATO code")},
    "settings": {"key": N_("Setting"), "value": N_("Value")},
    "rooms": {"name": N_("Name (Kazakh)"), "name_ru": N_("Name (Russian)"), "bookable": N_("Can be booked")},
    "mci_rates": {"effective_from": N_("In force from"), "amount": N_("MCI value, ₸")},
    "consents": {"given_on": N_("Given on"), "method": N_("How it was given"), "scope": N_("What it covers"),
                 "recorded_by": N_("Recorded by"), "recorded_at": N_("Recorded at")},
    "meetings": {"kind_name": N_("Name of the other kind"), "separate": N_("Separate gathering"), "starts_at": N_("Date and time"),
                 "ends_at": N_("Closed at"), "area": N_("Street"), "language": N_("Meeting language"),
                 "convened_by": N_("Convened by"), "chair": N_("Chair"), "secretary": N_("Secretary"),
                 "guests": N_("Invited guests"),
                 "guests_second": N_("Invited guests in the other language (for its protocol)"),
                 "representatives": N_("Representatives elected by a separate gathering, one a line"),
                 "head_count": N_("Head count instead of names"), "entitled_override": N_("Entitled to attend"),
                 "entitled_override_reason": N_("Why the number entitled was changed"),
                 "entitled_at_signing": N_("Entitled to attend when signed"), "signed_on": N_("Signed on")},
    "agenda_items": {"rapporteur": N_("Rapporteur"), "heard": N_("Heard"), "proposal": N_("Proposal"),
                     "decision_text": N_("Decision text"), "title_second": N_("Title in the other language"),
                     "decision_text_second": N_("Decision text in the other language"),
                     "vote_mode": N_("How the vote was taken"), "votes_for": N_("For"),
                     "votes_against": N_("Against"), "votes_abstained": N_("Abstained"), "adopted": N_("Adopted")},
    "speakers": {"summary": N_("What was said")},
    "roll_call_votes": {"choice": N_("Vote")},
    "decisions": {"responsible": N_("Responsible"), "deadline": N_("Deadline"), "sent_on": N_("Sent to the akim"),
                  "answer_due": N_("Answer due"), "answer_on": N_("Answer received"),
                  "answer_text": N_("The akim's answer")},
    "amendments": {"made_on": N_("Made on"), "text": N_("Text"), "made_by": N_("Made by")},
    "assembly_memberships": {"elected_on": N_("Elected on"), "term_ends_on": N_("Term ends on"),
                             "elected_at_meeting_id": N_("Elected at"), "left_on": N_("Left on")},
    "holidays": {"day": N_("Day"), "working": N_("Working day")},
    "users": {"login": N_("Login"), "full_name": N_("Full name"), "role": N_("Role"),
              "password_hash": N_("Password"), "recovery_hash": N_("Recovery code"),
              "must_change_password": N_("Must change the password"),
              "failed_sign_ins": N_("Failed sign-ins"), "locked_until": N_("Locked until"),
              "last_sign_in": N_("Last sign-in")},
    "import_batches": {"added": N_("Added"), "updated": N_("Updated"), "flagged": N_("To check"),
                       "rejected": N_("Rejected"), "undone_at": N_("Undone at"), "undone_by": N_("Undone by")},
    "events": {"series_id": N_("Series"), "organiser": N_("Organiser"), "public": N_("Who may come")},
    "event_series": {"weekdays": N_("Days of the week"), "start_time": N_("Starts at"),
                     "end_time": N_("Ends at")},
    "registrations": {"guest_name": N_("Guest's name"), "guest_phone": N_("Guest's phone"),
                      "registered_at": N_("Registered on"), "waiting": N_("On the waiting list"),
                      "attended": N_("Came")},
    "local_issues": {"category": N_("Category"), "raised_by_id": N_("Raised by"),
                     "raiser_name": N_("Name (not in the register)"), "raiser_phone": N_("Phone"),
                     "raised_on": N_("Raised on"), "channel": N_("How it came"), "priority": N_("Priority"),
                     "assignee": N_("Assignee"), "resolved_on": N_("Resolved on"),
                     "touched_at": N_("Last worked on"), "search_text": N_("Search words")},
    "local_issue_events": {"user": N_("User"), "old_value": N_("Before"), "new_value": N_("After"),
                           "comment": N_("Comment")},
    "local_issue_attachments": {"media_type": N_("File type"), "size": N_("Size"), "added_at": N_("Added on"),
                                "added_by": N_("Added by"), "content": N_("Content")},
    "grants": {"donor_id": N_("Donor"), "programme": N_("Programme"), "agreement_number": N_("Agreement No."),
               "agreement_date": N_("Agreement date"), "purpose": N_("Purpose"), "currency": N_("Currency"),
               "total": N_("Total amount")},
    "donors": {"bin": N_("BIN")},
    "budget_lines": {"code": N_("Code"), "planned": N_("Planned")},
    "tranches": {"planned_on": N_("Planned on"), "planned_amount": N_("Planned amount"),
                 "received_on": N_("Received on"), "received_amount": N_("Received amount")},
    "expenses": {"line_id": N_("Budget line"), "spent_on": N_("Spent on"), "payee": N_("Payee"),
                 "document_number": N_("Document No."), "note": N_("Note"), "scan_name": N_("Scan"),
                 "scan_type": N_("Scan type"), "scan": N_("Scan")},
    "grant_deadlines": {"tranche_id": N_("Tranche"), "submitted_on": N_("Submitted on")},
    "appeals": {"received_at": N_("Received at"), "registered_on": N_("Registered on"), "channel": N_("How it came"),
                "otinish_number": N_("eOtinish number"), "applicant_name": N_("Applicant's name"),
                "applicant_address": N_("Applicant's address"), "applicant_phone": N_("Applicant's phone"),
                "anonymous": N_("Anonymous"), "reports_crime": N_("Reports a crime"),
                "addressed_to": N_("Addressed to"), "text": N_("Text"), "handler": N_("Handler"),
                "extended_to": N_("Extended to"), "extended_on": N_("Extended on"),
                "extension_reason": N_("Why extended"), "extension_notice_due": N_("Extension notice due"),
                "redirected_to": N_("Redirected to"), "redirected_on": N_("Redirected on"),
                "redirect_notice_due": N_("Redirection notice due"), "answered_on": N_("Answered on"),
                "answer_number": N_("Answer No."), "answer_text": N_("Answer"), "result": N_("Result")},
    "appeal_steps": {"appeal_id": N_("Appeal"), "user": N_("User"), "value": N_("Value"),
                     "comment": N_("Comment")},
    "appeal_attachments": {"appeal_id": N_("Appeal"), "media_type": N_("File type"), "size": N_("Size"),
                           "added_at": N_("Added on"), "added_by": N_("Added by"), "content": N_("Content")},
    "centre_identity": {"centre_id": N_("Centre id"), "private_key": N_("Private key"),
                        "public_key": N_("Public key"), "created_at": N_("Created at")},
    "district_centres": {"centre_id": N_("Centre id"), "name_kk": N_("Name (Kazakh)"), "name_ru": N_("Name (Russian)"),
                         "kato": N_("KATO code"), "public_key": N_("Public key"), "fingerprint": N_("Key fingerprint"),
                         "first_received_at": N_("First package received"),
                         "last_received_at": N_("Last package received"),
                         "pending_public_key": N_("New key waiting to be trusted"),
                         "pending_fingerprint": N_("Fingerprint of the new key")},
    "district_packages": {"centre_id": N_("Centre id"), "date_from": N_("Period from"), "date_to": N_("Period to"),
                          "format_version": N_("Format version"), "received_at": N_("Received at"),
                          "figures": N_("Figures"), "lists": N_("Lists"), "signed_bytes": N_("Signed file")},
}
# Columns shown as changed, never with their value, beyond the personal ones (app/models/base.py).
_SECRET = {("users", "password_hash"), ("users", "recovery_hash")}


def field_label(table: str, column: str) -> str:
    """The catalogue message naming ``column`` of ``table``; the column's own name when none is known."""
    return FIELD_LABELS.get(table, {}).get(column) or _COMMON.get(column) or column


# Who is acting, when a caller names someone for a while (tests, scripts); otherwise the signed-in
# user, or the computer's user in an office without sign-in (app/services/access.py).
current_user: ContextVar[str | None] = ContextVar("current_user", default=None)


def acting_user() -> str:
    return current_user.get() or access.acting_name()


def _plain(value):
    if type(value) in _AS_IS:  # most values: asked first, since a large import asks for every column
        return value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):  # a scan or photo: its size says enough
        return f"{len(value)} bytes"
    if isinstance(value, (dict, list)):  # a package's figures or lists: the package itself keeps them
        return f"{len(value)} items"
    return value


@functools.cache
def _columns(mapper) -> tuple[tuple[str, str, bool, bool, bool], ...]:
    """Each column attribute of a mapper: its key, its column's name, whether it holds personal data,
    whether it is the primary key, and whether that key is text (a centre's uuid). Worked out once:
    a large import's flush asks for every row."""
    found = []
    for column_attr in mapper.column_attrs:
        column = column_attr.columns[0]
        found.append((column_attr.key, column.name, bool(column.info.get("personal")), column.primary_key,
                      column.primary_key and column.type.python_type is not int))
    return tuple(found)


def _changes(state, action: str) -> dict:
    changes = {}
    values, committed = state.dict, state.committed_state
    for key, name, personal, primary, text_key in _columns(state.mapper):
        if primary:
            if text_key:  # row_id holds numbers only
                value = _plain(getattr(state.obj(), key))
                changes[name] = [None if action == "insert" else value, value]
            continue
        if action == "insert" and committed.get(key) is NO_VALUE:
            # Set on the new object (its history would say added, nothing before): read straight from
            # it, since each attribute's history took most of a large import's flush.
            if key in values:
                changes[name] = None if personal else [None, _plain(values[key])]
            continue
        history = state.attrs[key].history
        if action == "update" and not history.has_changes():
            continue
        if action == "insert" and not history.added:
            continue
        if personal:
            changes[name] = None  # that it changed, never what it holds
        elif action != "delete":
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[name] = [_plain(old), _plain(new)]
    return changes


def inserted_changes(mapper, given) -> Callable[[dict], str]:
    """What gives the changes ``_changes`` records for an insert of a row (column name -> value) whose
    columns ``given`` were set by the caller, for rows written without the ORM (``history.write_inserted``):
    the columns are chosen once, for the many rows of a large import or the demo."""
    given = set(given)
    chosen = [(name, personal) for _key, name, personal, primary, _text in _columns(mapper)
              if name in given and not primary]
    blank = {name: None for name, _personal in chosen}  # a personal column: that it was set, not its value
    shown = [name for name, personal in chosen if not personal]

    def changes(values: dict) -> str:
        found = blank.copy()
        for name in shown:
            found[name] = [None, _plain(values[name])]
        return _JSON(found)

    return changes


def version_of(obj, committed: bool = False) -> int | None:
    """The record's version counter (None for tables without one); ``committed``: as last stored,
    even if a service moved it by hand since."""
    state = inspect(obj)
    if state.mapper.version_id_col is None:
        return None
    key = state.mapper.get_property_by_column(state.mapper.version_id_col).key
    stored = state.attrs[key].history.deleted if committed else ()
    return stored[0] if stored else getattr(obj, key)


def _note_versions(session: Session, _flush_context, _instances) -> None:
    # The version counter moves inside the flush, outside the attribute history (also when a service
    # moves it by hand, for a change kept in other tables): noted before, compared after.
    session.info["audit_versions"] = {id(obj): version_of(obj, committed=True) for obj in session.dirty}


def _record_flush(session: Session, _flush_context) -> None:
    now = clock.now()
    user = acting_user()
    versions_before = session.info.pop("audit_versions", {})
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                continue
            state = inspect(obj)
            changes = _changes(state, action)
            if action == "update":
                before, after = versions_before.get(id(obj)), version_of(obj)
                if before is not None and after is not None and after != before:
                    # The step tells a refused save what changed since (app/services/versions.py).
                    changes["version"] = [before, after]
                if not changes:
                    continue
            key = state.mapper.primary_key_from_instance(obj)
            rows.append({
                "at": now,
                "user_name": user,
                "action": action,
                "table_name": state.mapper.local_table.name,
                "row_id": key[0] if key and isinstance(key[0], int) else None,
                "changes": json.dumps(changes, ensure_ascii=False),
            })
    if rows:
        session.connection().execute(insert(AUDIT_TABLE), rows)


def install() -> None:
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "before_flush", _note_versions)
        event.listen(Session, "after_flush", _record_flush)


@dataclass(frozen=True)
class FieldText:
    """One field of an entry as people read it: ``label`` a catalogue message; ``old`` and ``new`` the
    values as the forms show them, None where the value is not shown (personal data, or an addition's
    earlier value)."""

    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str
    row_id: int | None
    fields: tuple[str, ...]
    changes: dict
    person: str | None = None  # the signed-in person's full name; None: the computer's account
    record: str = ""  # the record as people know it: a title, a name, a number
    texts: tuple[FieldText, ...] = ()


# The table a column refers to, so an entry names the record, not its number.
_REFERS_TO = {"village_id": "villages", "room_id": "rooms", "event_id": "events", "meeting_id": "meetings",
              "elected_at_meeting_id": "meetings", "item_id": "agenda_items", "grant_id": "grants",
              "donor_id": "donors", "line_id": "budget_lines", "issue_id": "local_issues",
              "local_issue_id": "local_issues", "member_id": "members", "head_id": "members",
              "raised_by_id": "members"}
_VOTE_MODES = {"counts": N_("as counts"), "roll_call": N_("by roll call")}
_LANGUAGES = {"kk": N_("in Kazakh"), "ru": N_("in Russian")}


def _choices() -> dict[tuple[str, str], dict[str, str]]:
    """Stored codes and their labels, as the forms offer them (imported here: those services log too)."""
    from app.rules import issue_workflow
    from app.services import meetings, settings

    return {("meetings", "kind"): meetings.KINDS, ("meetings", "language"): _LANGUAGES,
            ("agenda_items", "vote_mode"): _VOTE_MODES, ("roll_call_votes", "choice"): meetings.CHOICES,
            ("decisions", "status"): meetings.DECISION_STATUSES, ("members", "sex"): members.SEXES,
            ("members", "status"): members.STATUSES, ("local_issues", "status"): issue_workflow.STATUSES,
            ("users", "role"): access.ROLES, ("settings", "key"): settings.LABELS}


def _names(session, wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """The records' names, table by table, one query each. People stay numbers: a name is personal
    data, which the log never shows (docs/domain.md, Personal data)."""
    from app.models import (
        AgendaItem,
        BudgetLine,
        Donor,
        Event,
        Grant,
        LocalIssue,
        Meeting,
        Room,
        Village,
    )
    from app.services.meetings import kind_label

    def meeting(m) -> str:
        kind = tr(kind_label(m.kind, m.kind_name))
        return f"{kind[:1].upper()}{kind[1:]} № {m.number}/{m.year}"

    namers = {
        "villages": (Village, lambda v: local_name(v.name_kk, v.name_ru)),
        "rooms": (Room, lambda r: local_name(r.name, r.name_ru or r.name)),
        "events": (Event, lambda e: e.title), "meetings": (Meeting, meeting),
        "agenda_items": (AgendaItem, lambda i: i.title), "donors": (Donor, lambda d: d.name),
        "grants": (Grant, lambda g: g.programme or g.agreement_number),
        "budget_lines": (BudgetLine, lambda line: f"{line.code} {line.name}".strip()),
        "local_issues": (LocalIssue, lambda i: f"№ {i.number}/{i.year} {i.title}"),
    }
    found = {}
    for table, ids in wanted.items():
        if table not in namers or not ids:
            continue
        model, name = namers[table]
        for record in session.scalars(select(model).where(model.id.in_(ids))):
            found[(table, record.id)] = name(record) or ""
    return found


def _shown(table: str, column: str, value, names: dict, choices: dict) -> str:
    """A stored value as the forms show it: dates and times in the reader's style, yes / no, codes by
    their labels, references by the record's name (its number when it is gone)."""
    if value is None or value == "":
        return "—"
    if (table, column) in choices:
        label = choices[(table, column)].get(value)
        return tr(label) if label else str(value)
    if column in _REFERS_TO:
        return names.get((_REFERS_TO[column], value)) or f"№ {value}"
    try:
        python_type = AuditEntry.metadata.tables[table].columns[column].type.python_type
    except (KeyError, NotImplementedError):
        return str(value)
    if python_type is bool:
        return tr("yes") if value else tr("no")
    if python_type is datetime and isinstance(value, str):
        return format_datetime(datetime.fromisoformat(value))
    if python_type is date and isinstance(value, str):
        return format_date(date.fromisoformat(value))
    if python_type is time and isinstance(value, str):
        return value[:5]
    return str(value)


def _texts(row: AuditRow, names: dict, choices: dict) -> tuple[FieldText, ...]:
    texts = []
    for column, values in row.changes.items():
        label = field_label(row.table_name, column)
        if values is None or (row.table_name, column) in _SECRET:
            texts.append(FieldText(label, None, None))
            continue
        if row.action == "insert" and values[1] in (None, ""):
            continue  # an addition lists what it wrote, not the fields left empty
        old, new = (_shown(row.table_name, column, value, names, choices) for value in values)
        texts.append(FieldText(label, old if row.action == "update" else None, new))
    return tuple(texts)


def entries(since: date | None = None, table: str | None = None, limit: int | None = None,
            before_id: int | None = None) -> list[AuditRow]:
    """The log, newest first; ``before_id`` pages on from the oldest row of the previous page. Each
    entry comes in people's words: who by full name, which record by its name, each field by its label
    and its values as the forms show them (in the interface language of the moment)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, datetime.min.time()))
    if table:
        query = query.where(AuditEntry.table_name == table)
    if limit:
        query = query.limit(limit)
    from app.models import User

    with unit_of_work() as session:
        raw = []
        wanted: dict[str, set[int]] = {}
        for entry in session.scalars(query):
            changes = json.loads(entry.changes or "{}")
            changes.pop("version", None)  # bookkeeping, not something a person changed
            raw.append(AuditRow(entry.id, entry.at, entry.user_name, entry.action,
                                entry.table_name, entry.row_id, tuple(changes), changes))
            if entry.row_id is not None:
                wanted.setdefault(entry.table_name, set()).add(entry.row_id)
            for column, values in changes.items():
                if column in _REFERS_TO and values:
                    wanted.setdefault(_REFERS_TO[column], set()).update(v for v in values if isinstance(v, int))
        names = _names(session, wanted)
        # The log keeps the login; the person is named as the users table names them now.
        people = dict(session.execute(select(User.login, User.full_name)
                                      .where(User.login.in_({row.user_name for row in raw}))).all())
        choices = _choices()
        return [replace(row, person=people.get(row.user_name) or None,
                        record=names.get((row.table_name, row.row_id)) or (f"№ {row.row_id}" if row.row_id else ""),
                        texts=_texts(row, names, choices)) for row in raw]


def changed_since(after_id: int | None) -> tuple[int, dict[int, str]]:
    """The newest entry's id, and the table each entry after ``after_id`` changed (None: only the id,
    to start from). Cheap enough to ask every few seconds: both queries walk the primary key."""
    with unit_of_work() as session:
        newest = session.scalar(select(func.max(AuditEntry.id))) or 0
        if after_id is None or newest <= after_id:
            return newest, {}
        query = select(AuditEntry.id, AuditEntry.table_name).where(AuditEntry.id > after_id)
        return newest, dict(session.execute(query).all())


@dataclass(frozen=True)
class RowChange:
    user_name: str
    at: datetime
    version: int | None


def last_change(table: str, row_id: int, after_id: int) -> RowChange | None:
    """The newest update of one row after entry ``after_id``, and the version it left the row at."""
    query = (select(AuditEntry).where(AuditEntry.id > after_id, AuditEntry.table_name == table,
                                      AuditEntry.row_id == row_id, AuditEntry.action == "update")
             .order_by(AuditEntry.id.desc()).limit(1))
    with unit_of_work() as session:
        entry = session.scalar(query)
        if entry is None:
            return None
        step = json.loads(entry.changes or "{}").get("version")
        return RowChange(entry.user_name, entry.at, step[1] if step else None)
