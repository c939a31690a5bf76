"""District settings: typed values over the ``settings`` table, with docs/domain.md's defaults in code,
and the district's villages, rooms and MCI values."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from app.db import unit_of_work
from app.errors import Label, Problems, ValidationError
from app.i18n import N_
from app.models import Household, MciRate, Member, Room, Setting, Village
from app.rules import ranges
from app.rules.phone import InvalidPhone, normalize_phone
from app.services.access import requires

KATO = re.compile(r"^\d{9}$")


@dataclass(frozen=True)
class DistrictSettings:
    """What docs/domain.md marks configurable. Defaults are docs/domain.md's; each district may change them."""

    district_name_kk: str = "Жарлыөзек ауылдық округі"
    district_name_ru: str = "Жарлыозекский сельский округ"
    district_kato: str = "334255000"
    centre_name_kk: str = "Жарлыөзек ауылдық округінің Тұрақты даму орталығы"
    centre_name_ru: str = "Центр устойчивого развития Жарлыозекского сельского округа"
    # The centre's building, its phone and its head: the notice and the activity report print them.
    centre_address_kk: str = ""
    centre_address_ru: str = ""
    centre_phone: str = ""
    centre_head: str = ""  # the full name of the head of the centre, who signs the activity report
    # Quorum of a сход: at least this share of the village's / street's residents of voting age.
    gathering_quorum_percent: Decimal = Decimal("10")
    # Quorum of a собрание: more than this share of its elected members (more than half).
    assembly_quorum_percent: Decimal = Decimal("50")
    # A decision passes with more than this share of the votes of those present (simple majority).
    majority_percent: Decimal = Decimal("50")
    voting_age: int = 18
    # Working days to send a decision to the akim, and for the akim to answer it.
    decision_send_working_days: int = 5
    akim_answer_working_days: int = 10
    assembly_meetings_per_year: int = 4  # at least once a quarter
    assembly_term_years: int = 4
    # The registration sheet prints IINs only where the district's rules ask for it (personal data).
    registration_sheet_shows_iin: bool = False
    # The social categories the register marks people with, separated by «;».
    social_categories: str = ("Зейнеткер (пенсионер); Көпбалалы отбасы (многодетная семья); "
                              "Мүгедектігі бар адам (лицо с инвалидностью); Жалғызбасты ата-ана (одинокий родитель)")
    # Kinds of meeting besides the сход and the собрание, separated by «;» (docs/domain.md).
    other_meeting_kinds: str = "Кеңес (совет); Қоғамдық тыңдау (публичные слушания)"
    # Categories of local issues, separated by «;».
    issue_categories: str = ("Жолдар (дороги); Сумен жабдықтау (водоснабжение); Көше жарығы (уличное освещение); "
                             "Қоқыс (мусор); Мектеп (школа); Денсаулық (здоровье); Жер (земля); "
                             "Әлеуметтік көмек (социальная помощь); Басқа (другое)")
    # Kinds of events of the centre, separated by «;».
    event_kinds: str = ("Курс (курс); Мереке (праздник); Тренинг (тренинг); Жәрмеңке (ярмарка); Спорт (спорт); "
                        "Кездесу (встреча); Басқа (другое)")
    # An open local issue nobody touched for this many days stands out in the list.
    issue_untouched_days: int = 30
    # Appeals of residents (docs/domain.md, Appeals of residents): working days to answer, to tell the
    # applicant of an extension or a redirection, and to send an appeal on to another body; the longest
    # extension in months, counted from registration ("in all") or, when on, from the first term's end.
    appeal_answer_working_days: int = 15
    appeal_notice_working_days: int = 3
    appeal_redirect_working_days: int = 3
    appeal_extension_months: int = 2
    appeal_extension_beyond_term: bool = False
    setup_completed: bool = False
    # One person works here, without a name and password; off, everyone signs in.
    single_user: bool = True
    # A centre sends its period packages up; a district office takes them in (docs/domain.md, Packages for the district).
    office_kind: str = "centre"


# Labels the settings page and `auyl settings` show, one per field.
LABELS = {
    "district_name_kk": N_("District name (Kazakh)"),
    "district_name_ru": N_("District name (Russian)"),
    "district_kato": N_("District KATO code"),
    "centre_name_kk": N_("Centre name (Kazakh)"),
    "centre_name_ru": N_("Centre name (Russian)"),
    "centre_address_kk": N_("Centre's address (Kazakh)"),
    "centre_address_ru": N_("Centre's address (Russian)"),
    "centre_phone": N_("Centre's phone"),
    "centre_head": N_("Head of the centre (full name)"),
    "gathering_quorum_percent": N_("Quorum of a gathering (сход): at least this percentage of residents of voting age"),
    "assembly_quorum_percent": N_("Quorum of an assembly (собрание): more than this percentage of its members"),
    "majority_percent": N_("A decision passes with more than this percentage of votes of those present"),
    "voting_age": N_("Voting age"),
    "decision_send_working_days": N_("Working days to send a decision to the akim"),
    "akim_answer_working_days": N_("Working days the akim has to answer"),
    "assembly_meetings_per_year": N_("Assembly meetings a year, at least"),
    "assembly_term_years": N_("Assembly term, years"),
    "registration_sheet_shows_iin": N_("Print IINs on the registration sheet"),
    "social_categories": N_("Social categories (separated by ;)"),
    "other_meeting_kinds": N_("Other kinds of meeting (separated by ;)"),
    "event_kinds": N_("Kinds of events (separated by ;)"),
    "issue_categories": N_("Categories of local issues (separated by ;)"),
    "issue_untouched_days": N_("A local issue untouched for this many days stands out"),
    "appeal_answer_working_days": N_("Working days to answer an appeal"),
    "appeal_notice_working_days": N_("Working days to tell the applicant of an extension or a redirection"),
    "appeal_redirect_working_days": N_("Working days to send an appeal on to another body"),
    "appeal_extension_months": N_("An appeal's term may be extended by at most this many months"),
    "appeal_extension_beyond_term": N_("The extension's months count from the end of the first term, not from "
                                       "registration"),
    "setup_completed": N_("First start completed"),
    "single_user": N_("One person works here: no sign-in"),
    "office_kind": N_("This office is a centre (centre) or a district office (district)"),
}

_TYPES = {f.name: type(f.default) for f in fields(DistrictSettings)}
_LIMITS = {
    "gathering_quorum_percent": (Decimal("0.01"), Decimal("100")),
    "assembly_quorum_percent": (Decimal("0"), Decimal("99.99")),
    "majority_percent": (Decimal("0"), Decimal("99.99")),
    "voting_age": (14, 21),
    "decision_send_working_days": (1, 60),
    "akim_answer_working_days": (1, 60),
    "assembly_meetings_per_year": (1, 52),
    "assembly_term_years": (1, 10),
    "issue_untouched_days": (1, 365),
    "appeal_answer_working_days": (1, 60),
    "appeal_notice_working_days": (1, 30),
    "appeal_redirect_working_days": (1, 30),
    "appeal_extension_months": (1, 12),
}


def _encode(value) -> str:
    return json.dumps(str(value) if isinstance(value, Decimal) else value, ensure_ascii=False)


def coerce(name: str, value):
    """``value`` (as typed by a user or read from the table) as the field's type, or a clear error."""
    kind = _TYPES.get(name)
    if kind is None:
        raise ValidationError("Unknown setting: {name}", field=name, name=name)
    label = Label(LABELS[name])
    try:
        if kind is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(value)
                value = lowered in ("true", "1", "yes")
            result = bool(value)
        elif kind is int:
            result = int(str(value).strip())
        elif kind is Decimal:
            result = Decimal(str(value).strip().replace(",", "."))
            if not result.is_finite():
                raise ValueError(value)
        else:
            result = str(value).strip()
    except (ValueError, InvalidOperation):
        raise ValidationError("{label}: “{value}” is not a valid value.", field=name,
                              label=label, value=str(value)) from None
    if name in _LIMITS:
        low, high = _LIMITS[name]
        if not low <= result <= high:
            raise ValidationError("{label}: must be from {low} to {high}.", field=name,
                                  label=label, low=low, high=high)
    if name.startswith(("district_name", "centre_name")) and not result:
        raise ValidationError("{label}: must not be empty.", field=name, label=label)
    if name == "office_kind" and result not in ("centre", "district"):
        raise ValidationError("An office is a centre (centre) or a district office (district).", field=name)
    if name == "district_kato" and result and not KATO.match(result):
        raise ValidationError("A KATO code has 9 digits.", field=name)
    if name == "centre_phone":
        try:
            normalize_phone(result)  # checked, but kept as the office writes it («8 (72840) 2-12-34»)
        except InvalidPhone as error:
            raise ValidationError(error.reason, field=name) from None
    return result


def load() -> DistrictSettings:
    with unit_of_work() as session:
        # The table, not the Setting class: this runs before the first window, and an ORM query
        # would configure every mapper first (see dashboard.summary).
        table = Setting.__table__.c
        stored = dict(session.execute(select(table.key, table.value)).all())
    values = {}
    for name in _TYPES:
        if name in stored:
            try:
                values[name] = coerce(name, json.loads(stored[name]))
            except (ValidationError, ValueError):
                pass  # a damaged value falls back to its default rather than stop the office
    return DistrictSettings(**values)


@requires("settings")
def save(**changes) -> DistrictSettings:
    """Checks every changed value first, then stores them all in one unit of work."""
    with unit_of_work() as session:
        _apply_settings(session, changes)
    return load()


@requires("settings")
def save_district(changes: dict, villages: list[VillageRow] | None = None,
                  rooms: list[RoomRow] | None = None, mci: list[MciRow] | None = None) -> DistrictSettings:
    """What the settings page saves, all in one unit of work: all of it is stored, or none."""
    with unit_of_work() as session:
        _apply_settings(session, changes)
        if villages is not None:
            _apply_villages(session, villages)
        if rooms is not None:
            _apply_rooms(session, rooms)
        if mci is not None:
            _apply_mci_rates(session, mci)
    return load()


# What the first start asks: the district's and the centre's names in both languages, which a new
# district must type itself, since they are printed on its papers (the akimat's activity report).
FIRST_START = ("district_name_kk", "district_name_ru", "district_kato", "centre_name_kk", "centre_name_ru")


@requires("settings")
def complete_first_start(changes: dict, villages: list[VillageRow]) -> DistrictSettings:
    """The first start's answers replace the sample district the new database starts as: its names
    and its villages. Every mistake is refused together (``Problems``), each naming its field."""
    problems = []
    for name in FIRST_START:
        try:
            coerce(name, changes.get(name, ""))
        except ValidationError as error:
            problems.append(error)
    try:
        rows = [_check_village(row) for row in villages]
        if not rows:
            raise ValidationError("A district has at least one village.", field="villages")
    except ValidationError as error:
        problems.append(error)
    if problems:
        raise Problems(problems)
    return save_district({**{name: changes.get(name, "") for name in FIRST_START}, "setup_completed": True},
                         villages=villages)


@requires("settings")
def keep_sample_district() -> DistrictSettings:
    """The first start's «try with a sample district»: the sample the new database starts as is kept."""
    return save(setup_completed=True)


def _apply_settings(session, changes: dict) -> None:
    typed = {name: coerce(name, value) for name, value in changes.items()}
    if typed.get("single_user") is False:
        # Sign-in is turned on one way only, users.turn_sign_in_on, with the administrator to sign in as.
        raise ValidationError("Add an administrator with a password before turning sign-in on.", field="single_user")
    _store(session, typed)
    if typed.get("setup_completed"):
        from app.services import exchange  # it reads these settings

        exchange.make_identity(session)  # the office's id and signing key are made at its first start


def sign_in_turned_on(session) -> None:
    """Records that this office signs people in: called by users.turn_sign_in_on alone, in the unit of
    work that made its administrator."""
    _store(session, {"single_user": False})


def _store(session, typed: dict) -> None:
    rows = {row.key: row for row in session.scalars(select(Setting).where(Setting.key.in_(typed)))}
    for name, value in typed.items():
        if name in rows:
            rows[name].value = _encode(value)
        else:
            session.add(Setting(key=name, value=_encode(value)))


def category_list(district: DistrictSettings | None = None) -> list[str]:
    district = district or load()
    return [name.strip() for name in district.social_categories.split(";") if name.strip()]


def as_dict(settings: DistrictSettings) -> dict:
    return asdict(settings)


# Villages ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VillageRow:
    id: int | None
    name_kk: str
    name_ru: str
    kato_code: str = ""


def villages() -> list[VillageRow]:
    with unit_of_work() as session:
        return [VillageRow(v.id, v.name_kk, v.name_ru, v.kato_code or "")
                for v in session.scalars(select(Village).order_by(Village.position, Village.id))]


def _check_village(row: VillageRow) -> VillageRow:
    row = replace(row, name_kk=row.name_kk.strip(), name_ru=row.name_ru.strip(),
                  kato_code=(row.kato_code or "").strip())
    if not row.name_kk or not row.name_ru:
        raise ValidationError("A village needs its name in Kazakh and in Russian.", field="villages")
    if row.kato_code and not KATO.match(row.kato_code):
        raise ValidationError("A KATO code has 9 digits.", field="villages")
    return row


@requires("settings")
def save_villages(rows: list[VillageRow]) -> list[VillageRow]:
    """Makes the district's villages exactly ``rows``, in that order. A village that still has
    members or households is not removed."""
    with unit_of_work() as session:
        _apply_villages(session, rows)
    return villages()


def _apply_villages(session, rows: list[VillageRow]) -> None:
    rows = [_check_village(row) for row in rows]
    if not rows:
        raise ValidationError("A district has at least one village.", field="villages")
    names = [row.name_kk.casefold() for row in rows]
    if len(set(names)) != len(names):
        raise ValidationError("Two villages have the same name.", field="villages")
    existing = {v.id: v for v in session.scalars(select(Village))}
    keep = {row.id for row in rows if row.id is not None}
    for village_id, village in existing.items():
        if village_id in keep:
            continue
        used = session.scalar(select(func.count()).select_from(Member).where(Member.village_id == village_id))
        used += session.scalar(select(func.count()).select_from(Household).where(Household.village_id == village_id))
        if used:
            raise ValidationError("The village {name} has people in the register and cannot be removed.",
                                  field="villages", name=village.name_kk)
        session.delete(village)
    for position, row in enumerate(rows, start=1):
        village = existing.get(row.id) if row.id is not None else None
        if village is None:
            village = Village()
            session.add(village)
        village.name_kk, village.name_ru = row.name_kk, row.name_ru
        village.kato_code = row.kato_code or None
        village.position = position


# Rooms ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RoomRow:
    id: int | None
    name: str
    capacity: int | None = None
    notes: str = ""
    active: bool = True
    kind: str = "hall"
    bookable: bool = True
    name_ru: str = ""  # its name in Russian papers; empty: the one name in both languages


ROOM_KINDS = {"hall": N_("hall"), "classroom": N_("classroom"), "workshop": N_("workshop"), "museum": N_("museum"),
              "office": N_("office"), "guest_house": N_("guest house"), "tea_house": N_("tea house"),
              "shop": N_("shop"), "other": N_("other")}


def rooms(include_inactive: bool = True) -> list[RoomRow]:
    query = select(Room).order_by(Room.id)
    if not include_inactive:
        query = query.where(Room.active.is_(True))
    with unit_of_work() as session:
        return [RoomRow(r.id, r.name, r.capacity, r.notes, r.active, r.kind, r.bookable, r.name_ru)
                for r in session.scalars(query)]


@requires("settings")
def save_rooms(rows: list[RoomRow]) -> list[RoomRow]:
    """Makes the centre's rooms exactly ``rows``. Rooms are never deleted once they exist
    (meetings and events refer to them): a removed room is marked inactive."""
    with unit_of_work() as session:
        _apply_rooms(session, rows)
    return rooms()


def _apply_rooms(session, rows: list[RoomRow]) -> None:
    for row in rows:
        if not row.name.strip():
            raise ValidationError("A room needs a name.", field="rooms")
        if row.capacity is not None and row.capacity < 0:
            raise ValidationError("A room's capacity cannot be negative.", field="rooms")
        if row.capacity is not None:
            try:
                ranges.check_capacity(row.capacity)
            except ranges.OutOfRange as error:
                raise ValidationError(error.reason, field="rooms", **error.params) from None
        if row.kind not in ROOM_KINDS:
            raise ValidationError("Unknown kind of room: {kind}", field="rooms", kind=row.kind)
    existing = {r.id: r for r in session.scalars(select(Room))}
    keep = {row.id for row in rows if row.id is not None}
    for room_id, room in existing.items():
        if room_id not in keep:
            room.active = False
    for row in rows:
        room = existing.get(row.id) if row.id is not None else None
        if room is None:
            room = Room()
            session.add(room)
        room.name, room.capacity, room.notes = row.name.strip(), row.capacity, row.notes.strip()
        room.active, room.kind, room.bookable = row.active, row.kind, row.bookable
        room.name_ru = row.name_ru.strip()


# MCI (monthly calculation index) ----------------------------------------------------------------

@dataclass(frozen=True)
class MciRow:
    id: int | None
    effective_from: date
    amount: Decimal


def mci_rates() -> list[MciRow]:
    with unit_of_work() as session:
        return [MciRow(r.id, r.effective_from, r.amount)
                for r in session.scalars(select(MciRate).order_by(MciRate.effective_from))]


@requires("settings")
def save_mci_rates(rows: list[MciRow]) -> list[MciRow]:
    """Makes the MCI table exactly ``rows`` (a year may have two values: docs/domain.md, Grants)."""
    with unit_of_work() as session:
        _apply_mci_rates(session, rows)
    return mci_rates()


def _apply_mci_rates(session, rows: list[MciRow]) -> None:
    dates = [row.effective_from for row in rows]
    if len(set(dates)) != len(dates):
        raise ValidationError("Two MCI values take effect on the same day.", field="mci")
    if any(row.amount is None for row in rows):
        raise ValidationError(ranges.MCI_NOT_POSITIVE, field="mci")
    try:
        rows = [replace(row, amount=ranges.check_mci(row.amount, MciRate.amount.type.precision)) for row in rows]
    except ranges.OutOfRange as error:
        raise ValidationError(error.reason, field="mci", **error.params) from None
    existing = {r.id: r for r in session.scalars(select(MciRate))}
    unchanged = {row.id for row in rows if row.id in existing
                 and existing[row.id].effective_from == row.effective_from}
    # A row whose date moved is replaced, so dates can swap or shift in one save without
    # tripping the unique date on the way.
    for rate_id, rate in existing.items():
        if rate_id not in unchanged:
            session.delete(rate)
    session.flush()
    for row in rows:
        if row.id in unchanged:
            existing[row.id].amount = Decimal(row.amount)
        else:
            session.add(MciRate(effective_from=row.effective_from, amount=Decimal(row.amount)))


def mci_on(day: date) -> Decimal | None:
    """The MCI in force on ``day``."""
    with unit_of_work() as session:
        return session.scalar(select(MciRate.amount).where(MciRate.effective_from <= day)
                              .order_by(MciRate.effective_from.desc()).limit(1))
