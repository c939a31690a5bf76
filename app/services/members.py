"""The register of the local community: adding, changing, finding and listing members.

Every write goes through ``checked`` and ``fill`` so the checks (docs/domain.md: IIN, phone) and the folded search
text are the same whoever writes: the window, the command line, the demo or an import."""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from sys import intern

from sqlalchemy import ARRAY, Integer, any_, bindparam, delete, func, literal_column, select, table, tuple_, union

from app import clock
from app.areas import Area
from app.db import unit_of_work
from app.errors import Cancelled, NeedsConfirmation, NotFound, ValidationError
from app.i18n import N_
from app.models import AuditEntry, Consent, Member, RecordVersion, Village
from app.models.base import holds
from app.rules import iin as iin_rules
from app.rules import ranges
from app.rules.dates import years_before
from app.rules.phone import InvalidPhone, normalize_phone
from app.rules.text import fold, search_key
from app.services import access, versions
from app.services.access import requires
from app.services.periods import Period

STATUSES = {"resident": N_("resident"), "moved": N_("moved away"), "deceased": N_("deceased")}
SEXES = {"M": N_("male"), "F": N_("female")}
SEX_NOT_KNOWN = N_("not known")


@dataclass(frozen=True)
class MemberData:
    """What a form or an import row says about a person."""

    surname: str
    given_name: str
    village_id: int
    patronymic: str = ""
    iin: str = ""
    birth_date: date | None = None
    sex: str | None = ""  # None (or ""): not known
    street: str = ""
    house: str = ""
    flat: str = ""
    phone: str = ""
    occupation: str = ""
    categories: str = ""  # names from the district's list, separated by «;»
    status: str = "resident"
    status_date: date | None = None
    member_since: date | None = None
    notes: str = ""
    # A century digit of 0 (some foreign residents) is accepted only when the user confirmed it.
    confirm_foreign_iin: bool = False
    # The version the form read; a save over a newer one is refused (app/services/versions.py).
    version: int | None = None


# MemberData's fields that say how to save, not what to store.
NOT_STORED = ("confirm_foreign_iin", "version")
_FIELDS = tuple(f.name for f in fields(MemberData))
_STORED = tuple(name for name in _FIELDS if name not in NOT_STORED)


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One line of a list: the IIN masked, as lists show it. Slotted, with repeated names shared
    (``_row``), because a scrolled list holds 100,000 of them (bench: memory)."""

    id: int
    surname: str
    given_name: str
    patronymic: str
    iin_masked: str
    birth_date: date | None
    sex: str
    village_id: int
    address: str
    phone: str
    status: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


def checked(data: MemberData) -> MemberData:
    """``data`` cleaned and checked; a ValidationError names the field and says what is wrong."""
    # Cleaned in one dict and made once at the end: an import checks every row of its file.
    values = {name: getattr(data, name) for name in _FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    if not values["surname"]:
        raise ValidationError("The surname is missing.", field="surname")
    if not values["given_name"]:
        raise ValidationError("The given name is missing.", field="given_name")
    if values["iin"]:
        try:
            parsed = iin_rules.parse(values["iin"])
        except iin_rules.InvalidIin as error:
            raise ValidationError(error.reason, field="iin") from None
        if parsed.needs_confirmation:
            if not values["confirm_foreign_iin"]:
                raise NeedsConfirmation("This IIN has 0 as its century digit, as reported for some foreign "
                                      "residents. Confirm it to keep it.", field="iin")
        else:
            if values["birth_date"] and values["birth_date"] != parsed.birth_date:
                raise ValidationError("The birth date does not match the IIN.", field="birth_date")
            values.update(iin=parsed.number, birth_date=parsed.birth_date, sex=parsed.sex)
    # A sex nothing tells (no IIN, no telling name, not known to staff) is kept unknown, not refused.
    if not values["sex"]:
        values["sex"] = None
    elif values["sex"] not in SEXES:
        raise ValidationError("Choose the sex (it is read from the IIN when there is one).", field="sex")
    if values["birth_date"]:
        try:
            ranges.check_birth_date(values["birth_date"], clock.today())
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field="birth_date", **error.params) from None
    try:
        values["phone"] = normalize_phones(values["phone"])
    except InvalidPhone as error:
        raise ValidationError(error.reason, field="phone") from None
    values["categories"] = _checked_categories(values["categories"])
    if values["status"] not in STATUSES:
        raise ValidationError("Unknown status: {status}", field="status", status=values["status"])
    if values["status"] != "resident" and not values["status_date"]:
        raise ValidationError("Give the date the person moved away or died.", field="status_date")
    return MemberData(**values)


PHONE_SEPARATOR = "; "


def normalize_phones(text: str) -> str:
    """One or more phones as staff type them, separated by «;» or «,», each as +7 and ten digits."""
    numbers = [normalize_phone(part) for part in text.replace(",", ";").split(";") if part.strip()]
    return PHONE_SEPARATOR.join(dict.fromkeys(numbers))


def category_names(stored: str) -> list[str]:
    """The names in a stored «;a;b;» value."""
    return [name for name in stored.split(";") if name]


def _checked_categories(text: str) -> str:
    """«a; b» as typed (or imported) → «;a;b;» in the district's own spelling of each name."""
    from app.services.settings import category_list

    if not text.strip(";, "):
        return ""
    known = {fold(name): name for name in category_list()}
    names = []
    for typed in (part.strip() for part in text.replace(",", ";").split(";")):
        if not typed:
            continue
        if fold(typed) not in known:
            raise ValidationError("“{name}” is not one of the district's social categories (see Settings).",
                                  field="categories", name=typed)
        names.append(known[fold(typed)])
    return ";" + ";".join(dict.fromkeys(names)) + ";"


def fill(member: Member, data: MemberData) -> None:
    """Writes checked ``data`` into ``member``, with its folded search text."""
    for name in _STORED:
        setattr(member, name, getattr(data, name))
    member.iin = data.iin or None
    member.search_text = search_key(data.surname, data.given_name, data.patronymic, data.iin, data.phone)


def new_member(session, data: MemberData) -> Member:
    """A checked Member added to ``session`` (for services that write several things at once)."""
    data = checked(data)
    if session.get(Village, data.village_id) is None:
        raise ValidationError("Choose a village.", field="village_id")
    if data.iin and session.scalar(select(Member.id).where(Member.iin == data.iin)):
        raise ValidationError("A person with this IIN is already in the register.", field="iin")
    member = Member()
    fill(member, data)
    session.add(member)
    return member


@requires("register")
def create(data: MemberData) -> int:
    with unit_of_work() as session:
        member = new_member(session, data)
        session.flush()
        return member.id


@requires("register")
def update(member_id: int, data: MemberData) -> None:
    data = checked(data)
    with unit_of_work() as session:
        member = _member(session, member_id)
        versions.check(session, member, data.version)
        if data.iin and session.scalar(select(Member.id).where(Member.iin == data.iin, Member.id != member_id)):
            raise ValidationError("A person with this IIN is already in the register.", field="iin")
        fill(member, data)


def get(member_id: int) -> MemberData:
    with unit_of_work() as session:
        member = _member(session, member_id)
        values = {f.name: getattr(member, f.name) for f in fields(MemberData) if f.name != "confirm_foreign_iin"}
        values["iin"] = member.iin or ""
        return MemberData(**values)


def _member(session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound("No person with number {id} in the register.", id=member_id)
    return member


# What a list shows of a person: read as plain columns, not whole records, because building a
# record for each of a page's 200 people cost more than the search itself.
_ROW_COLUMNS = (Member.id, Member.surname, Member.given_name, Member.patronymic, Member.iin, Member.birth_date,
                Member.sex, Member.village_id, Member.street, Member.house, Member.flat, Member.phone,
                Member.status)


def _row(member) -> MemberRow:
    """A list's line from a record or from a row of _ROW_COLUMNS (the same names)."""
    address = intern(", ".join(part for part in (member.street, member.house, member.flat) if part))
    return MemberRow(member.id, intern(member.surname), intern(member.given_name), intern(member.patronymic),
                     iin_rules.mask(member.iin), member.birth_date, intern(member.sex or ""), member.village_id,
                     address, member.phone, intern(member.status))


def _matching(text: str):
    """The condition for members matching every word of ``text`` across spellings.

    A role without the register (a viewer) sees IINs masked, so it finds a person by the whole IIN
    only: a word of digits is that IIN or part of a phone, never part of an IIN, which would let the
    hidden digits be found one search at a time."""
    words = fold(text).split()
    if access.may(Area.REGISTER):
        return [holds(Member.search_text, word) for word in words]
    return [(Member.iin == word if len(word) == 12 else holds(Member.phone, word))
            if word.isdigit() else holds(Member.search_text, word) for word in words]


def search(text: str, limit: int | None = 100) -> list[MemberRow]:
    """People whose names, IIN or phone contain every word typed, across Kazakh, Russian and
    Latin spellings (docs/domain.md, Language)."""
    conditions = _matching(text)
    if not conditions:
        return []
    with unit_of_work() as session:
        query = (select(*_ROW_COLUMNS).where(*conditions)
                 .order_by(*_name_order(session, text), Member.id).limit(limit))
        return [_row(member) for member in session.execute(query)]


def _name_order(session, text: str) -> tuple:
    """Name order for a list filtered by ``text``. On PostgreSQL a word of three letters or more is
    found through its trigram index (migration 0009); ordering by an expression then keeps the
    planner from walking the name index instead, which reads most of the register when the
    matches sort together (all the Үмбетовs near the end). SQLite walks that index well: its
    matches are read from the index itself."""
    if session.get_bind().dialect.name == "postgresql" and any(len(w) >= 3 for w in fold(text).split()):
        return (Member.search_text.concat(""),)
    return SORTS["name"]


# Columns a list can be sorted by; a name sort breaks ties by given name and record number.
SORTS = {
    "name": (Member.search_text,),  # folded names first: see the index on Member
    "birth_date": (Member.birth_date,),
    "village": (Member.village_id,),
    "status": (Member.status,),
    "phone": (Member.phone,),
    "iin": (Member.iin,),
    "address": (Member.street, Member.house, Member.flat),
}


def _filtered(query, text: str = "", village_id: int | None = None, status: str | None = None,
              age_min: int | None = None, age_max: int | None = None, without_consent: bool = False,
              category: str | None = None, today: date | None = None):
    query = query.where(*_matching(text))
    if category:
        query = query.where(holds(Member.categories, f";{category};"))
    if village_id is not None:
        query = query.where(Member.village_id == village_id)
    if status:
        query = query.where(Member.status == status)
    today = today or clock.today()
    if age_min is not None:  # at least age_min years old: born on or before this day
        query = query.where(Member.birth_date <= years_before(today, age_min))
    if age_max is not None:  # younger than age_max + 1
        query = query.where(Member.birth_date > years_before(today, age_max + 1))
    if without_consent:
        query = query.where(~Member.consents.any())
    return query



def count(text: str = "", village_id: int | None = None, **filters) -> int:
    """How many people the filter lets through (the same filters as ``rows``)."""
    query = _filtered(select(func.count()).select_from(Member), text, village_id, **filters)
    with unit_of_work() as session:
        return session.scalar(query)


def rows(text: str = "", village_id: int | None = None, offset: int = 0, limit: int | None = None,
         sort: str = "name", descending: bool = False, **filters) -> list[MemberRow]:
    """A page of the register: filtered by text, village, status, age range or missing consent,
    sorted by one of SORTS."""
    columns = SORTS[sort]
    # People without a birth date or IIN first, last when reversed: SQLite's way, asked for by name so that
    # PostgreSQL (NULLs last) lists them alike; only for such columns, so the name index still serves.
    order = [(c.desc().nulls_last() if descending else c.asc().nulls_first()) if c.nullable
             else c.desc() if descending else c.asc() for c in columns]
    def filtered(words: str):
        return _filtered(select(Member), words, village_id, **filters)

    with unit_of_work() as session:
        query = filtered(text)
        postgresql = session.get_bind().dialect.name == "postgresql"
        if sort == "name":
            order = [c.desc() if descending else c.asc() for c in _name_order(session, text)]
            if postgresql and text.strip() and not descending and not offset and limit:
                found = _first_in_name_order(session, query, filtered, text, limit)
                if found is not None:
                    return found
        query = query.order_by(*order, Member.id).offset(offset)
        if limit is None:
            return [_row(member) for member in session.execute(query.with_only_columns(*_ROW_COLUMNS))]
        return _page(session, query.limit(limit))


def _page(session, query) -> list[MemberRow]:
    """The rows of a page. On PostgreSQL the ids first, so that where the name index holds every
    column the query reads, it reads only the index (an index-only scan) and fetches a person's row
    once they are on the page, not every row it passes over; the ids go as one array, as a list of
    200 parameters costs more to send than the rows. SQLite reads the rows as it walks the index."""
    if session.get_bind().dialect.name != "postgresql":
        return [_row(member) for member in session.execute(query.with_only_columns(*_ROW_COLUMNS))]
    return _rows_of(session, session.scalars(query.with_only_columns(Member.id)).all())


# People read from the start of the name order before any trigram index is asked (PostgreSQL), and
# the furthest that reading goes on when the matches found there say the page lies further on.
NAME_ORDER_WINDOW = 10_000
WIDEST_WINDOW = 120_000


def _first_in_name_order(session, query, filtered: Callable, text: str, limit: int) -> list[MemberRow] | None:
    """The first ``limit`` people of ``query`` (``filtered(text)``) in name order on PostgreSQL, found without fetching
    and sorting every match, or None where the usual query is the quicker way.

    A trigram index finds the people with a word quickly but must fetch each of them to put them in
    name order: a surname or a given name shared by 3% of a million-person register meant 30,000
    rows fetched for a page of 200. So, in turn:
    1. the first NAME_ORDER_WINDOW people in name order: a word many people share anywhere in their
       names (a given name, a patronymic, «али») is found there at once;
    2. reading on as far as the matches found so far say the page needs (within WIDEST_WINDOW);
    3. for a word of three letters or more, the people whose folded names start with it, read from
       the name index where they start, together with the people who have it after the first letter
       (the trigram index of migration 0017): exactly the people who have it, and for a surname
       typed the second part is only the few who have it elsewhere in their names."""
    bound = _name_order_bound(session, NAME_ORDER_WINDOW)
    if bound is None:  # a smaller register: the usual query reads it quickly
        return None
    key = tuple_(Member.search_text, Member.id)
    ids = _ids_in_name_order(session, query.where(key <= tuple_(*bound)), limit)
    if ids and len(ids) < limit:
        # Half as far again as the window's share of matches says, in whole windows (their bounds are kept).
        needed = math.ceil(1.5 * limit / len(ids)) * NAME_ORDER_WINDOW
        if needed <= WIDEST_WINDOW:
            further = _name_order_bound(session, needed)
            rest = query.where(key > tuple_(*bound))
            ids += _ids_in_name_order(session, rest if further is None else rest.where(key <= tuple_(*further)),
                                      limit - len(ids))
    if len(ids) == limit:
        return _rows_of(session, ids)
    words = fold(text).split()
    word = next((w for w in words if len(w) >= 3 and not w.isdigit()), None)
    if word is None or not _has_index_after_first_letter(session):
        return None
    starting = (query.where(Member.search_text >= word, Member.search_text < word[:-1] + chr(ord(word[-1]) + 1))
                .order_by(Member.search_text, Member.id).limit(limit)
                .with_only_columns(Member.search_text, Member.id).subquery())
    # Without the word's own condition, which would have the planner read the whole-name trigram
    # index as well; ordered by an expression so that it takes the trigram index, not the name index.
    others = filtered(" ".join(w for w in words if w != word))
    after_first = (others.where(holds(func.substr(Member.search_text, literal_column("2")), word))
                   .order_by(Member.search_text.concat(""), Member.id).limit(limit)
                   .with_only_columns(Member.search_text, Member.id).subquery())
    both = union(select(starting.c.search_text, starting.c.id),
                 select(after_first.c.search_text, after_first.c.id)).subquery()
    return _rows_of(session, session.scalars(select(both.c.id).order_by(both.c.search_text, both.c.id)
                                             .limit(limit)).all())


def _ids_in_name_order(session, query, limit: int) -> list[int]:
    return list(session.scalars(query.order_by(Member.search_text, Member.id).limit(limit)
                                .with_only_columns(Member.id)))


def _rows_of(session, ids: list[int]) -> list[MemberRow]:
    """The list's lines of ``ids`` in that order, read as one array of ids (PostgreSQL)."""
    people = {m.id: m for m in session.execute(
        select(*_ROW_COLUMNS).where(Member.id == any_(bindparam("ids", ids, type_=ARRAY(Integer)))))}
    return [_row(people[i]) for i in ids]


# The (name, id) at a place in the name order, per database, and how many searches it has served.
# Any bound gives the right rows (a full page before it is the first page), so it is read again only
# now and then, not on every keystroke: walking 20,000 index entries was a tenth of a search.
_NAME_ORDER_BOUNDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
BOUND_USES = 50


def _name_order_bound(session, position: int) -> tuple[str, int] | None:
    """The (name, id) of the ``position``-th person in name order; None when there are fewer."""
    bounds = _NAME_ORDER_BOUNDS.setdefault(session.get_bind(), {})
    bound, uses = bounds.get(position, (None, BOUND_USES))
    if uses >= BOUND_USES:
        row = session.execute(select(Member.search_text, Member.id).order_by(Member.search_text, Member.id)
                              .offset(position - 1).limit(1)).first()
        bound, uses = (tuple(row) if row else None), 0
    bounds[position] = (bound, uses + 1)
    return bound


_INDEXES_AFTER_FIRST_LETTER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _has_index_after_first_letter(session) -> bool:
    """Whether migration 0017 could make its index (it needs pg_trgm): without it the usual query
    is quicker than reading every person's name after its first letter."""
    engine = session.get_bind()
    if engine not in _INDEXES_AFTER_FIRST_LETTER:
        _INDEXES_AFTER_FIRST_LETTER[engine] = bool(session.scalar(
            select(literal_column("1")).select_from(table("pg_indexes"))
            .where(literal_column("indexname") == "ix_pg_members_search_after_first_trgm")))
    return _INDEXES_AFTER_FIRST_LETTER[engine]


# Export ------------------------------------------------------------------------------------------

# The columns of an exported register, in order; an import matches its headers against these
# labels in every language, so an exported file can be corrected in Excel and imported again.
EXPORT_COLUMNS = (
    ("surname", N_("Surname")), ("given_name", N_("Given name")), ("patronymic", N_("Patronymic")),
    ("iin", N_("IIN")), ("birth_date", N_("Birth date")), ("sex", N_("Sex")), ("village", N_("Village")),
    ("street", N_("Street")), ("house", N_("House")), ("flat", N_("Flat")), ("phone", N_("Phone")),
    ("occupation", N_("Occupation")), ("categories", N_("Social categories")), ("status", N_("Status")),
    ("status_date", N_("Status date")),
    ("member_since", N_("Member since")), ("notes", N_("Notes")),
)


def _village_named(session, name: str) -> Village:
    wanted = fold(name)
    for village in session.scalars(select(Village)):
        if wanted in (fold(village.name_kk), fold(village.name_ru)):
            return village
    raise ValidationError("The district has no village called {name}.", field="village", name=name)


def village_id_named(name: str) -> int:
    """The village called ``name`` in Kazakh or Russian, in any spelling (as typed on the command line)."""
    with unit_of_work() as session:
        return _village_named(session, name).id


EXPORT_STEP = 500  # people read between two progress reports and cancel checks


@requires("register")
def export_rows(text: str = "", village_id: int | None = None, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None, **filters) -> Iterator[list]:
    """The people a list shows (filtered like ``rows``), one line of cells per person in the order of
    ``EXPORT_COLUMNS``, for the export to a file (app/printing/members.py). IINs are whole: this is
    the office's own copy. The lines are read as they are taken: ``progress(done, total)`` is told
    every few hundred people, and when ``cancelled()`` turns true they stop with ``Cancelled``."""
    from app.i18n import local_name, tr

    with unit_of_work() as session:
        query = _filtered(select(Member), text, village_id, **filters).where(
            Member.erased_at.is_(None)).order_by(Member.village_id, Member.search_text, Member.id)
        names = {v.id: local_name(v.name_kk, v.name_ru) for v in session.scalars(select(Village))}
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) \
            if progress else 0
        for done, m in enumerate(session.scalars(query.execution_options(yield_per=2000))):
            if done % EXPORT_STEP == 0:
                if cancelled and cancelled():
                    raise Cancelled()
                if progress:
                    progress(done, total)
            values = {f: getattr(m, f) for f, _label in EXPORT_COLUMNS if f != "village"}
            values["village"] = names.get(m.village_id, "")
            values["sex"] = tr(SEXES.get(m.sex, "")) if m.sex else ""  # not known: left blank, as typed
            values["status"] = tr(STATUSES[m.status])
            values["categories"] = "; ".join(category_names(m.categories))
            yield [values[f].isoformat() if isinstance(values[f], date) else (values[f] or "")
                   for f, _label in EXPORT_COLUMNS]


# Consent and the person's rights (Law 94-V, docs/domain.md: Personal data) -----------------------------

CONSENT_METHODS = {"written": N_("in writing"), "oral": N_("orally, recorded"), "electronic": N_("electronically")}


@dataclass(frozen=True)
class ConsentRow:
    id: int
    given_on: date
    method: str
    scope: str
    recorded_by: str


@requires("register")
def record_consent(member_id: int, given_on: date, method: str, scope: str) -> int:

    from app.services.audit import acting_user

    if method not in CONSENT_METHODS:
        raise ValidationError("Choose how the consent was given.", field="method")
    if given_on > clock.today():
        raise ValidationError("The consent date is in the future.", field="given_on")
    with unit_of_work() as session:
        member = _member(session, member_id)
        consent = Consent(member=member, given_on=given_on, method=method, scope=scope.strip(),
                          recorded_by=acting_user(), recorded_at=clock.now())
        session.add(consent)
        session.flush()
        return consent.id


def consents(member_id: int) -> list[ConsentRow]:
    with unit_of_work() as session:
        query = select(Consent).where(Consent.member_id == member_id).order_by(Consent.given_on)
        return [ConsentRow(c.id, c.given_on, c.method, c.scope, c.recorded_by) for c in session.scalars(query)]


@requires("register")
def export_person(member_id: int, path) -> Path:
    """Everything the office holds about one person, to a JSON file they (or the office) asked for:
    the record, the household, consents and the audit trail of the record."""
    import json
    from pathlib import Path

    from app.services import audit

    path = Path(path)
    with unit_of_work() as session:
        member = _member(session, member_id)
        record = {column.name: getattr(member, column.key) for column in Member.__table__.columns
                  if column.name != "search_text"}
        village = session.get(Village, member.village_id)
        record["village"] = {"kk": village.name_kk, "ru": village.name_ru} if village else None
        household = member.household
        record["household"] = None if household is None else {
            "id": household.id, "address": [household.street, household.house, household.flat],
            "head": household.head_id == member.id,
            "people": [m.id for m in household.members]}
    record["consents"] = [c.__dict__ for c in consents(member_id)]
    record["changes"] = [{"at": e.at, "user": e.user_name, "action": e.action, "fields": list(e.fields)}
                         for e in audit.entries(table="members") if e.row_id == member_id]
    try:
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    except OSError as error:
        raise ValidationError("The file could not be written: {reason}", field="file",
                              reason=error.strerror or str(error)) from None
    return path


@requires("register")
def erase(member_id: int) -> None:
    """Removes a person's personal data on request. The record stays, so attendance and votes
    still count; sex, village and status stay as anonymous figures."""

    with unit_of_work() as session:
        member = _member(session, member_id)
        for column in Member.__table__.columns:
            if column.info.get("personal"):
                setattr(member, column.key, None if column.nullable else "")
        member.erased_at = clock.now()
        for consent in list(member.consents):
            session.delete(consent)
        household = member.household
        if household is not None and household.head_id == member.id:
            household.head = None
        member.household = None
        from app.services import appeals  # imports this module: loaded only when erasing

        appeals.erase_applicant(session, member_id)
        # The versions about the person hold their earlier values: they go too, this erasure's own
        # among them, so it is written first (docs/architecture.md: Record versions).
        session.flush()
        session.execute(delete(RecordVersion).where(RecordVersion.member_id == member_id))


# The printed register ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterVillage:
    """One village of the printed register: its people in name order, IINs masked."""

    name_kk: str
    name_ru: str
    people: tuple[MemberRow, ...]


def register_villages(village: str | None = None, text: str = "", village_id: int | None = None,
                      **filters) -> list[RegisterVillage]:
    """The people a list shows (``village`` by name, as typed on the command line), village by
    village in the district's order, for the printed register (app/printing/members.py); villages
    with nobody shown are left out."""
    with unit_of_work() as session:
        if village:
            village_id = _village_named(session, village).id
        query = _filtered(select(*_ROW_COLUMNS), text, village_id, **filters).where(Member.erased_at.is_(None))
        sections = []
        for place in session.scalars(select(Village).order_by(Village.position, Village.id)):
            if village_id is not None and place.id != village_id:
                continue
            people = tuple(_row(m) for m in session.execute(query.where(Member.village_id == place.id)
                                                           .order_by(Member.search_text, Member.id)))
            if people:
                sections.append(RegisterVillage(place.name_kk, place.name_ru, people))
    return sections


# Households --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HouseholdView:
    id: int
    address: str
    head_id: int | None
    people: tuple[tuple[int, str], ...]  # (member id, full name), head first


def _household_view(household) -> HouseholdView:
    people = sorted(household.members, key=lambda m: (m.id != household.head_id, m.birth_date or date.max))
    address = ", ".join(part for part in (household.street, household.house, household.flat) if part)
    return HouseholdView(household.id, address, household.head_id,
                         tuple((m.id, _row(m).full_name) for m in people))


def household_of(member_id: int) -> HouseholdView | None:
    with unit_of_work() as session:
        household = _member(session, member_id).household
        return None if household is None else _household_view(household)


@requires("register")
def make_head(member_id: int) -> None:
    """Makes the person the head of their household."""
    with unit_of_work() as session:
        member = session.get(Member, member_id)
        if member is None or member.household is None:
            raise ValidationError("This person is not in a household.", field="household")
        member.household.head = member


@requires("register")
def move_to_household(member_id: int, household_id: int | None) -> int:
    """Moves the person into another household at their village, or (None) into a new household
    of their own at their address, as its head. A household left empty is removed."""
    from app.models import Household

    with unit_of_work() as session:
        member = _member(session, member_id)
        old = member.household
        if household_id is None:
            target = Household(village_id=member.village_id, street=member.street, house=member.house,
                               flat=member.flat)
            session.add(target)
        else:
            target = session.get(Household, household_id)
            if target is None or target.village_id != member.village_id:
                raise ValidationError("Choose a household in the person's village.", field="household")
        member.household = target
        if household_id is None:
            target.head = member
        if old is not None and old is not target:
            if old.head_id == member.id:
                old.head = None
            session.flush()
            rest = [m for m in old.members if m.id != member.id]
            if not rest:
                session.delete(old)
            elif old.head is None:
                old.head = rest[0]
        session.flush()
        return target.id


def households_near(member_id: int) -> list[HouseholdView]:
    """Households at the person's street and house (where they may belong), other than their own."""
    from app.models import Household

    with unit_of_work() as session:
        member = _member(session, member_id)
        query = select(Household).where(Household.village_id == member.village_id,
                                        Household.street == member.street, Household.house == member.house,
                                        Household.id != (member.household_id or 0))
        return [_household_view(h) for h in session.scalars(query) if h.members]


# The period's figures ----------------------------------------------------------------------------

@dataclass(frozen=True)
class VillageChange:
    village_id: int
    name_kk: str
    name_ru: str
    residents: int  # living there at the period's end, as the register knows
    joined: int  # member since a day in the period
    moved_away: int
    died: int


@dataclass(frozen=True)
class MembersPeriod:
    """The register's figures for a period, village by village (the activity report and the start
    page read them here)."""

    span: Period
    villages: tuple[VillageChange, ...]

    @property
    def residents(self) -> int:
        return sum(v.residents for v in self.villages)

    @property
    def joined(self) -> int:
        return sum(v.joined for v in self.villages)

    @property
    def left(self) -> int:
        return sum(v.moved_away + v.died for v in self.villages)


def period(span: Period) -> MembersPeriod:
    """The register at the period's effective end and its changes up to then."""
    date_from, date_to = span.date_from, span.effective_to
    living = ((Member.status == "resident") | (Member.status_date > date_to))

    def per_village(session, *conditions, erased=False) -> dict[int, int]:
        kept = Member.erased_at.is_not(None) if erased else Member.erased_at.is_(None)
        query = select(Member.village_id, func.count()).where(kept, *conditions).group_by(Member.village_id)
        return dict(session.execute(query).all())

    with unit_of_work() as session:
        # Residents are everyone less the few who are not: erased, gone by the end, or joined after it.
        # Every count reads an index (the village's, the name order's, status with its date,
        # member_since), where «living and joined by» read the whole register (a third of a second
        # for a million people on PostgreSQL). An erased person's folded names are blanked with the
        # rest of their personal data, so the name index finds them among the empty ones.
        everyone = dict(session.execute(select(Member.village_id, func.count()).group_by(Member.village_id)).all())
        erased = per_village(session, Member.search_text == "", erased=True)
        gone = per_village(session, Member.status.in_([s for s in STATUSES if s != "resident"]),
                           (Member.status_date.is_(None)) | (Member.status_date <= date_to))
        later = per_village(session, living, Member.member_since > date_to)
        residents = {village: n - erased.get(village, 0) - gone.get(village, 0) - later.get(village, 0)
                     for village, n in everyone.items()}
        # Arrived: «member since» in the period, or, where it is left empty, added to the register in it
        # (the log's insert of the row tells when); not by an import, which brings in people who were
        # there before (its rows' versions carry its number).
        added = select(AuditEntry.row_id).where(
            AuditEntry.table_name == Member.__tablename__, AuditEntry.action == "insert",
            AuditEntry.at.between(span.starts_at, span.ends_at))
        imported = select(RecordVersion.row_id).where(
            RecordVersion.import_batch_id.is_not(None), RecordVersion.table_name == Member.__tablename__,
            RecordVersion.action == "insert")
        # Two counts added up rather than one with OR: each reads its own index (member_since), where
        # the OR read the whole register (two seconds for a million people on PostgreSQL).
        joined = Counter(per_village(session, Member.member_since.between(date_from, date_to)))
        joined.update(per_village(session, Member.member_since.is_(None), Member.id.in_(added),
                                  Member.id.not_in(imported)))
        moved = per_village(session, Member.status == "moved", Member.status_date.between(date_from, date_to))
        died = per_village(session, Member.status == "deceased", Member.status_date.between(date_from, date_to))
        villages = tuple(VillageChange(v.id, v.name_kk, v.name_ru, residents.get(v.id, 0), joined.get(v.id, 0),
                                       moved.get(v.id, 0), died.get(v.id, 0))
                         for v in session.scalars(select(Village).order_by(Village.position, Village.id)))
    return MembersPeriod(span, villages)
