"""The district's consolidated figures for a period (docs/domain.md, Reporting up): each centre's stored
package for exactly that period in a column of its own, the district's total of every figure, the
centres that sent nothing for it, and what the packages' lists show overdue at the period's end.

Every total is ``total``: counts add up as whole numbers and money, hours and the like as exact
decimals (never floats, never one currency into another, as each currency has its own key); a median
is not a sum of medians, so its total is left out. A district office sends these totals up the chain
in the same package format (``figures_for_export``), so the level above consolidates districts the
same way it would centres.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app.db import unit_of_work
from app.models import DistrictCentre, DistrictPackage
from app.services import district, periods

# Figures that are not counts or amounts: no sum of them means anything.
NOT_ADDED = (".median_days",)

Value = int | Decimal | None


@dataclass(frozen=True)
class CentreColumn:
    centre_id: str
    name_kk: str
    name_ru: str
    kato: str
    received_at: datetime
    figures: dict[str, Value]  # as the package says: a count, an exact decimal, or None for none


@dataclass(frozen=True)
class MissingCentre:
    """A centre the district knows that sent no package for the period."""

    centre_id: str
    name_kk: str
    name_ru: str
    kato: str
    last_from: date | None  # the latest period it did send
    last_to: date | None


@dataclass(frozen=True)
class OverdueItem:
    """A decision waiting on the akim past its deadline, or an appeal past its term, at the period's end."""

    centre_id: str
    centre_kk: str
    centre_ru: str
    kind: str  # "decision" or "appeal"
    number: str  # «3/2026»
    title: str  # a decision's agenda item; "" for an appeal (its text is the resident's, never sent)
    due: date
    days: int  # calendar days past the due day, at the period's effective end


@dataclass(frozen=True)
class District:
    date_from: date
    date_to: date
    today: date
    keys: tuple[str, ...]  # every figure any centre sent for the period, in key order
    centres: tuple[CentreColumn, ...]
    totals: dict[str, Value]
    missing: tuple[MissingCentre, ...]
    overdue: tuple[OverdueItem, ...]
    village_names: dict[str, str]  # a village's Russian name by the Kazakh one the figures' keys carry

    @property
    def effective_to(self) -> date:
        return min(self.date_to, self.today)


def value_of(raw: int | str | None) -> Value:
    """A package's figure as a number: an int stays, decimal text becomes an exact Decimal, "" none."""
    if raw is None or isinstance(raw, int):
        return raw
    if raw == "":
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def added(key: str) -> bool:
    return not key.endswith(NOT_ADDED)


def total(key: str, values: Iterable[Value]) -> Value:
    """The district's total of one figure over the centres: the sum, exact, of those that have it;
    None for a figure that is not a sum (a median) or that no centre has."""
    present = [value for value in values if value is not None]
    if not added(key) or not present:
        return None
    if all(isinstance(value, int) for value in present):
        return sum(present)
    return sum((Decimal(value) for value in present), Decimal(0))


def consolidate(date_from: date, date_to: date, today: date | None = None) -> District:
    """The packages stored for exactly [date_from, date_to], their totals, the centres missing and
    what is overdue at the period's effective end (its last day, or today if that is sooner)."""
    span = periods.of(date_from, date_to, today)
    stored = district.packages(date_from, date_to)
    columns = tuple(CentreColumn(p.centre_id, p.name_kk, p.name_ru, p.kato, p.received_at,
                                 {key: value_of(raw) for key, raw in p.figures.items()}) for p in stored)
    keys = tuple(sorted({key for column in columns for key in column.figures}))
    totals = {key: total(key, (column.figures.get(key) for column in columns)) for key in keys}
    missing = _missing({p.centre_id for p in stored})
    end = span.effective_to
    overdue = tuple(item for p in stored for item in _overdue(p, end))
    return District(date_from, date_to, span.today, keys, columns, totals, missing, overdue,
                    village_names(stored))


def village_names(stored: Iterable[district.StoredPackage]) -> dict[str, str]:
    """Russian village names by their Kazakh ones, from the packages' «village_names» list, or their
    «villages» list in a package made before that list was added (both carry the two names)."""
    names: dict[str, str] = {}
    for package in stored:
        rows = package.lists.get("village_names") or package.lists.get("villages") or ()
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict) and isinstance(row.get("name_kk"), str) and isinstance(row.get("name_ru"), str):
                names.setdefault(row["name_kk"], row["name_ru"])
    return names


def _missing(sent: set[str]) -> tuple[MissingCentre, ...]:
    """The centres known here that did not send, with the latest period each did send. Read without
    the packages' figures: a district of hundreds of centres keeps thousands of them."""
    with unit_of_work() as session:
        absent = [c for c in session.scalars(select(DistrictCentre).order_by(DistrictCentre.name_kk,
                                                                             DistrictCentre.centre_id))
                  if c.centre_id not in sent]
        latest: dict[str, tuple[date, date]] = {}
        if absent:
            query = (select(DistrictPackage.centre_id, DistrictPackage.date_from, DistrictPackage.date_to)
                     .where(DistrictPackage.centre_id.in_([c.centre_id for c in absent]))
                     .order_by(DistrictPackage.date_to, DistrictPackage.date_from.desc()))
            latest = {centre_id: (first, last) for centre_id, first, last in session.execute(query)}
        return tuple(MissingCentre(c.centre_id, c.name_kk, c.name_ru, c.kato, *latest.get(c.centre_id, (None, None)))
                     for c in absent)


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _overdue(package: district.StoredPackage, end: date) -> list[OverdueItem]:
    """From a package's lists: decisions whose answer from the akim is past its day, and appeals open
    past their term, both as they stood at the period's end."""
    found = []
    for row in package.lists.get("decisions", ()):
        due, answered = _day(row.get("answer_due")), _day(row.get("answer_on"))
        waiting = row.get("status") in ("in_progress", "overdue")  # neither carried out nor rejected
        if waiting and due is not None and due < end and (answered is None or answered > end):
            found.append(OverdueItem(package.centre_id, package.name_kk, package.name_ru, "decision",
                                     str(row.get("number", "")), str(row.get("title") or ""), due, (end - due).days))
    for row in package.lists.get("appeals", ()):
        due = _day(row.get("due"))
        if row.get("status") == "open" and due is not None and due < end:
            found.append(OverdueItem(package.centre_id, package.name_kk, package.name_ru, "appeal",
                                     str(row.get("number", "")), "", due, (end - due).days))
    for row in package.lists.get("overdue", ()):  # a district's package: its centres' overdue, named by centre
        due = _day(row.get("due"))
        if due is not None and due < end:
            found.append(OverdueItem(package.centre_id, f"{package.name_kk}: {row.get('centre_kk', '')}",
                                     f"{package.name_ru}: {row.get('centre_ru', '')}", str(row.get("kind", "")),
                                     str(row.get("number", "")), str(row.get("title") or ""), due, (end - due).days))
    return sorted(found, key=lambda item: (item.due, item.centre_kk, item.number))


def as_package_value(value: Value) -> int | str:
    """A total as a package carries it: a count as is, a decimal as exact text, none as ""."""
    if value is None:
        return ""
    return value if isinstance(value, int) else format(value, "f")


def figures_for_export(date_from: date, date_to: date) -> tuple[dict[str, int | str], dict]:
    """The district's figures for the level above, in the package's own shape: the totals of every
    figure the centres sent (a median left empty, as no sum gives it), and as lists the centres that
    sent, the centres missing and what is overdue, by centre, never a resident."""
    consolidated = consolidate(date_from, date_to)
    figures = {key: as_package_value(value) for key, value in consolidated.totals.items()}
    figures["district.centres_sent"] = len(consolidated.centres)
    figures["district.centres_missing"] = len(consolidated.missing)
    lists = {
        "centres": [{"centre_id": c.centre_id, "name_kk": c.name_kk, "name_ru": c.name_ru, "kato": c.kato}
                    for c in consolidated.centres],
        "missing": [{"centre_id": m.centre_id, "name_kk": m.name_kk, "name_ru": m.name_ru, "kato": m.kato}
                    for m in consolidated.missing],
        "overdue": [{"centre_id": o.centre_id, "centre_kk": o.centre_kk, "centre_ru": o.centre_ru, "kind": o.kind,
                     "number": o.number, "title": o.title, "due": o.due.isoformat(), "days": o.days}
                    for o in consolidated.overdue],
        "village_names": [{"name_kk": kk, "name_ru": ru} for kk, ru in sorted(consolidated.village_names.items())],
    }
    return figures, lists
