"""Period packages: one office's figures and lists for a period, signed with its own Ed25519 key, for the
office above it to take in without retyping (docs/domain.md, Packages for the district). The file's
format is docs/exchange-format.md.

What goes into a package is the activity report's figures and the lists the district reads, and never a
resident's personal data: no names, IINs, phones, birth dates or addresses of people, no applicants, no
texts residents wrote (an appeal's or a local issue's description).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from app import clock
from app.areas import Area
from app.db import unit_of_work
from app.errors import ValidationError
from app.models import CentreIdentity
from app.services import access, activity, appeals, local_issues, meetings, periods, settings

FORMAT_VERSION = 1
FORMAT_NAME = "auyl-period-package"
SUFFIX = ".auylpkg"  # a package file's extension; a folder is searched for these
# Signed with the payload, so a signature made for anything else never passes for a package's.
SIGNING_CONTEXT = b"auyl-period-package\n"
# The most a package may be: a centre's year is a few hundred kilobytes; more is not a package.
MAX_BYTES = 20 * 1024 * 1024
KINDS = ("centre", "district")
PRIVATE_DONORS = "(private)"  # the donor part of the keys of every private donor together


@dataclass(frozen=True)
class Identity:
    """Who signs this office's packages: its stable id, names and KATO from the settings, and its key."""

    centre_id: str
    kind: str  # centre / district: what the office is (settings.office_kind)
    name_kk: str
    name_ru: str
    kato: str
    private_key: bytes
    public_key: bytes


@dataclass(frozen=True)
class Package:
    """A package read back and checked: its signature verified with the key it names."""

    version: int
    kind: str
    centre_id: str
    name_kk: str
    name_ru: str
    kato: str
    public_key: bytes
    date_from: date
    date_to: date
    made_at: datetime
    figures: dict[str, int | str]
    lists: dict
    signed_bytes: bytes  # the whole file as read

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


# The identity -------------------------------------------------------------------------------------

def fingerprint(public_key: bytes) -> str:
    """What people compare by eye or over the phone: the first 16 bytes of the key's SHA-256, as eight
    groups of four hex digits («3f2a 9c01 …»)."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def make_identity(session) -> CentreIdentity:
    """This office's identity, made in ``session`` if it has none yet (the first start, or the first
    time an office made before packages existed asks for it)."""
    row = session.scalars(select(CentreIdentity)).first()
    if row is None:
        key = Ed25519PrivateKey.generate()
        row = CentreIdentity(
            centre_id=str(uuid.uuid4()),
            private_key=key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                          serialization.NoEncryption()),
            public_key=key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
            created_at=clock.now())
        session.add(row)
        session.flush()
    return row


def identity() -> Identity:
    """This office's identity with its names as the settings have them now."""
    district = settings.load()
    # Made here for an office older than packages: part of the office's set-up, whoever asks first,
    # since every role may export its figures (everyone may read and print).
    with access.granted(Area.SETTINGS), unit_of_work() as session:
        row = make_identity(session)
        centre_id, private_key, public_key = row.centre_id, row.private_key, row.public_key
    if district.office_kind == "district":
        names = district.district_name_kk, district.district_name_ru
    else:
        names = district.centre_name_kk, district.centre_name_ru
    return Identity(centre_id, district.office_kind, *names, district.district_kato, private_key, public_key)


def own_fingerprint() -> str:
    """The fingerprint Settings shows, for the district to compare with the one it read in the package."""
    return fingerprint(identity().public_key)


# The figures and lists ----------------------------------------------------------------------------

def _money(amount: Decimal) -> str:
    return format(Decimal(amount), "f")


def _number(value: float | None) -> str:
    """A median or hours as exact decimal text; "" for none (nothing to take a median of)."""
    return "" if value is None else format(Decimal(str(round(value, 2))), "f")


def figures_of(span: periods.Period) -> dict[str, int | str]:
    """Every figure of the activity report for ``span`` (app/printing/activity.py reads the same ones),
    flat under stable English keys. Counts are ints; money is decimal text in its currency (tenge for
    KZT), never mixed; medians and hours are decimal text. A part after «/» names a kind, category,
    currency, donor or room as the centre stores it (docs/exchange-format.md)."""
    report = activity.period(span)
    community, held, issues, money, happened = report.members, report.meetings, report.issues, report.grants, report.events
    figures: dict[str, int | str] = {
        "members.residents": community.residents,
        "members.joined": community.joined,
        "members.moved_away": sum(v.moved_away for v in community.villages),
        "members.died": sum(v.died for v in community.villages),
        "meetings.held": held.held,
        "meetings.with_quorum": held.with_quorum,
        "meetings.present": held.present,
        "meetings.entitled": held.entitled,
        "meetings.decisions": held.decisions,
        "meetings.answered": held.answered,
        "issues.received": issues.received,
        "issues.resolved": issues.resolved,
        "issues.rejected": issues.rejected,
        "issues.still_open": len(issues.still_open),
        "issues.overdue": len(issues.overdue),
        "issues.median_days": _number(issues.median_days_to_resolve),
        "grants.count": len(money.grants),
        "events.held": happened.events_held,
        "appeals.received": appeals.received(span),
        "appeals.answered_on_time": appeals.answered_on_time(span),
        "appeals.answered_late": appeals.answered_late(span),
        "appeals.sent_on": appeals.sent_on(span),
        "appeals.still_open": appeals.still_open(span),
        "appeals.overdue": appeals.overdue_at_end(span),
        "appeals.median_days": _number(appeals.median_days(span)),
    }
    for kind in meetings.KINDS:
        figures[f"meetings.held_by_kind/{kind}"] = held.held_by_kind.get(kind, 0)
    for status in meetings.DECISION_STATUSES:
        figures[f"meetings.decisions_by_status/{status}"] = held.decisions_by_status.get(status, 0)
    for category, count in issues.received_by_category.items():
        figures[f"issues.received_by_category/{category}"] = count
    for category, count in issues.resolved_by_category.items():
        figures[f"issues.resolved_by_category/{category}"] = count
    for grant in money.grants:
        key = f"grants.count_by_currency/{grant.view.data.currency}"
        figures[key] = int(figures.get(key, 0)) + 1
    for name, amounts in (("total", money.totals), ("received", money.received), ("spent", money.spent),
                          ("balance", money.balance)):
        for currency, amount in amounts.items():
            figures[f"grants.{name}/{currency}"] = _money(amount)
    # A private donor is often a villager (an entrepreneur under their own name): such donors go up
    # together as PRIVATE_DONORS, never by name.
    shown = {g.view.donor: PRIVATE_DONORS if g.view.donor_kind == "private" else g.view.donor for g in money.grants}
    for grant in money.grants:
        key = f"grants.donor_count/{grant.view.data.currency}/{shown[grant.view.donor]}"
        figures[key] = int(figures.get(key, 0)) + 1
    for name, amounts in (("received", money.received_by_donor), ("spent", money.spent_by_donor),
                          ("balance", money.balance_by_donor)):
        for (donor, currency), amount in amounts.items():
            key = f"grants.donor_{name}/{currency}/{shown.get(donor, donor)}"
            figures[key] = _money(Decimal(figures.get(key, "0")) + amount)
    for kind, count in happened.events_by_kind.items():
        figures[f"events.held_by_kind/{kind}"] = count
        figures[f"events.registered_by_kind/{kind}"] = happened.registered_by_kind.get(kind, 0)
        figures[f"events.attended_by_kind/{kind}"] = happened.attended_by_kind.get(kind, 0)
    for room in sorted(set(happened.room_events) | set(happened.room_meetings) | set(happened.room_hours)):
        figures[f"events.room_events/{room}"] = happened.room_events.get(room, 0)
        figures[f"events.room_meetings/{room}"] = happened.room_meetings.get(room, 0)
        figures[f"events.room_hours/{room}"] = _number(happened.room_hours.get(room, 0.0))
    for kind, count in appeals.received_by_kind(span).items():
        figures[f"appeals.received_by_kind/{kind}"] = count
    for channel, count in appeals.received_by_channel(span).items():
        figures[f"appeals.received_by_channel/{channel}"] = count
    villages = {v.id: v.name_kk for v in settings.villages()}
    for village_id, count in appeals.received_by_village(span).items():
        # By the village's Kazakh name (its Russian one is in the lists' «village_names»); «-» for an
        # applicant not in the register or anonymous.
        figures[f"appeals.received_by_village/{villages.get(village_id, '-')}"] = count
    return figures


def _day(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def lists_of(span: periods.Period) -> dict:
    """What the district reads item by item, as each stood at the period's effective end: its villages'
    figures, the meetings held with attendance and quorum, the decisions with the akim's deadlines and
    answers, the appeals and local issues by state. Nobody is named: no applicant, raiser, responsible
    person, chair or secretary, and no text a resident wrote."""
    last = span.effective_to
    community = activity.period(span).members
    result: dict = {"villages": [
        {"name_kk": v.name_kk, "name_ru": v.name_ru, "residents": v.residents, "joined": v.joined,
         "moved_away": v.moved_away, "died": v.died} for v in community.villages]}
    # Both names of the villages the figures' keys name in Kazakh, so a Russian paper names them in Russian.
    result["village_names"] = [{"name_kk": v.name_kk, "name_ru": v.name_ru} for v in settings.villages()]

    held = []
    if last >= span.date_from:
        for row in reversed(meetings.list_meetings()):
            if not span.holds(row.starts_at.date()):
                continue
            state = meetings.quorum(row.id)
            if state.present == 0 and not row.signed:
                continue  # prepared, not held (yet): as the period's figures count it
            held.append({"kind": row.kind, "number": row.number, "date": _day(row.starts_at.date()),
                         "village_kk": row.village_kk, "village_ru": row.village_ru, "present": state.present,
                         "entitled": state.entitled, "quorum_applies": state.applies,
                         "quorum_reached": state.reached and state.applies, "signed": row.signed})
    result["meetings"] = held

    decided = meetings.decisions(span.date_from, last, today=last) if last >= span.date_from else []
    result["decisions"] = [
        {"number": d.label, "meeting_kind": d.meeting_kind, "meeting_number": d.meeting_number,
         "meeting_date": _day(d.meeting_date), "village_kk": d.village_kk, "village_ru": d.village_ru,
         "title": d.item_title, "text": d.text, "deadline": _day(d.deadline), "send_by": _day(d.send_by),
         "sent_on": _day(d.sent_on), "answer_due": _day(d.answer_due), "answer_on": _day(d.answer_on),
         "answer_text": d.answer_text, "status": d.status} for d in reversed(decided)]

    result["appeals"] = [
        {"number": a.label, "received_on": _day(a.received_at.date()), "kind": a.kind, "channel": a.channel,
         "due": _day(a.due), "status": a.status, "answered_on": _day(a.answered_on), "result": a.result,
         "sent_to": a.redirected_to} for a in appeals.register(span, with_open_earlier=True)]

    issues = local_issues.period(span)
    open_ids = {row.id for row in issues.still_open}
    overdue_ids = {row.id for row in issues.overdue}
    listed = []
    if last >= span.date_from:
        for row in local_issues.rows(sort="raised_on", descending=False, today=last):
            if row.raised_on > last or not (row.id in open_ids or span.holds(row.raised_on)
                                            or span.holds(row.resolved_on)):
                continue
            listed.append({"number": row.label, "title": row.title, "category": row.category,
                           "village_kk": row.village_kk, "village_ru": row.village_ru,
                           "raised_on": _day(row.raised_on), "due_on": _day(row.due_on),
                           "status": issues.status_at_end.get(row.id, row.status),
                           "resolved_on": _day(row.resolved_on) if row.id not in open_ids else None,
                           "overdue": row.id in overdue_ids})
    result["issues"] = listed
    return result


# Writing ------------------------------------------------------------------------------------------

def _canonical(value) -> bytes:
    """The one byte form of a payload: keys sorted, no spaces, UTF-8 (docs/exchange-format.md)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_package(path: str | os.PathLike, identity: Identity, period: tuple[date, date],
                  figures: dict[str, int | str], lists: dict) -> Path:
    """Signs and writes one package: ``period`` is its first and last day. The district reuses this to
    send its consolidated figures up the chain with its own identity."""
    date_from, date_to = period
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.", field="date_to")
    payload = _canonical({
        "format": FORMAT_NAME, "version": FORMAT_VERSION, "kind": identity.kind,
        "centre": {"id": identity.centre_id, "name_kk": identity.name_kk, "name_ru": identity.name_ru,
                   "kato": identity.kato, "public_key": base64.b64encode(identity.public_key).decode("ascii")},
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "made_at": clock.now().replace(microsecond=0).isoformat(),
        "figures": figures, "lists": lists})
    signature = Ed25519PrivateKey.from_private_bytes(identity.private_key).sign(SIGNING_CONTEXT + payload)
    envelope = _canonical({"format": FORMAT_NAME, "version": FORMAT_VERSION,
                           "payload": base64.b64encode(payload).decode("ascii"),
                           "signature": base64.b64encode(signature).decode("ascii")})
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(envelope + b"\n")
    os.replace(partial, target)  # a package is whole or absent, never half written
    return target


def export(date_from: date, date_to: date, path: str | os.PathLike) -> Path:
    """This office's package for [date_from, date_to]: the activity report's figures and the lists; a
    district office's, its centres' consolidated figures, for the level above to consolidate alike."""
    span = periods.of(date_from, date_to)
    if date_from > span.today:
        raise ValidationError("The period starts on {day}, after today: nothing has happened in it yet.",
                              field="date_from", day=date_from.isoformat())
    if settings.load().office_kind == "district":
        from app.services import consolidation  # it reads the district's packages, which need this module

        figures, lists = consolidation.figures_for_export(date_from, date_to)
    else:
        figures, lists = figures_of(span), lists_of(span)
    return write_package(path, identity(), (date_from, date_to), figures, lists)


# Reading ------------------------------------------------------------------------------------------

def _not_a_package(name: str) -> ValidationError:
    return ValidationError("{name} is not a package of Auyl Office, or it is damaged or cut short.", name=name)


def read_package(path: str | os.PathLike, today: date | None = None) -> Package:
    """The package in ``path`` once its format, version and signature are checked; a clear refusal
    (ValidationError) otherwise. It says nothing of whether the district trusts the key: district.py does."""
    source = Path(path)
    with open(source, "rb") as file:
        data = file.read(MAX_BYTES + 1)
    return parse_package(data, source.name, today)


def parse_package(data: bytes, name: str, today: date | None = None) -> Package:
    if len(data) > MAX_BYTES:
        raise _not_a_package(name)
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _not_a_package(name) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT_NAME:
        raise _not_a_package(name)
    version = envelope.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _not_a_package(name)
    if version > FORMAT_VERSION:
        raise ValidationError("{name} is a package of format {version}, made by a newer Auyl Office; this one "
                              "reads format {known}. Update the program to take it in.",
                              name=name, version=version, known=FORMAT_VERSION)
    if data != _canonical(envelope) + b"\n":
        raise _not_a_package(name)  # written otherwise than a package is: changed, or cut short
    try:
        payload = base64.b64decode(envelope["payload"], validate=True)
        signature = base64.b64decode(envelope["signature"], validate=True)
        content = json.loads(payload.decode("utf-8"))
        centre = content["centre"]
        public_key = base64.b64decode(centre["public_key"], validate=True)
        key = Ed25519PublicKey.from_public_bytes(public_key)
    except (KeyError, TypeError, ValueError, UnicodeDecodeError, binascii.Error):
        raise _not_a_package(name) from None
    try:
        key.verify(signature, SIGNING_CONTEXT + payload)
    except InvalidSignature:
        raise ValidationError("{name}: the signature does not match its content: the file was changed after "
                              "it was signed, or damaged. Ask the centre for the file again.", name=name) from None
    # Signed: what follows is what the office wrote, checked for what this program can read.
    if content.get("format") != FORMAT_NAME or content.get("version") != version:
        raise _not_a_package(name)
    try:
        kind, centre_id = content["kind"], str(uuid.UUID(centre["id"]))
        names = tuple(centre[field] for field in ("name_kk", "name_ru", "kato"))
        date_from = date.fromisoformat(content["period"]["from"])
        date_to = date.fromisoformat(content["period"]["to"])
        made_at = datetime.fromisoformat(content["made_at"])
        figures, lists = content["figures"], content["lists"]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _not_a_package(name) from None
    if (kind not in KINDS or not all(isinstance(text, str) for text in names) or not isinstance(figures, dict)
            or not isinstance(lists, dict)
            or not all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in figures.values())):
        raise _not_a_package(name)
    if date_to < date_from:
        raise ValidationError("{name}: its period ends ({end}) before it starts ({start}).", name=name,
                              start=date_from.isoformat(), end=date_to.isoformat())
    today = today or clock.today()
    # A day's leeway: the sending computer's clock may be a little ahead.
    if date_from > today or made_at.date() > today + timedelta(days=1):
        raise ValidationError("{name} is dated in the future (its period starts {start}, made {made}): check the "
                              "date on the centre's computer and make the package again.", name=name,
                              start=date_from.isoformat(), made=made_at.date().isoformat())
    return Package(version, kind, centre_id, names[0], names[1], names[2], public_key, date_from, date_to, made_at,
                   figures, lists, data)
