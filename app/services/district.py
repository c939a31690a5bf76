"""The district office: the centres' signed period packages taken in, checked and kept, one per centre
and period (docs/domain.md, Packages for the district). The file's format is docs/exchange-format.md.

A centre's first package introduces its key; a later one signed with another key is refused, and the
key kept waiting, until ``trust`` accepts it. Each package is taken in whole or not at all, and one
refused leaves the district's data as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select

from app import clock
from app.areas import Area
from app.db import batch, unit_of_work
from app.errors import DomainError, NotFound, ValidationError
from app.i18n import N_
from app.models import DistrictCentre, DistrictPackage
from app.services import exchange
from app.services.access import requires

STORED, REPLACED, REFUSED = "stored", "replaced", "refused"
OUTCOMES = {STORED: N_("stored"), REPLACED: N_("replaced"), REFUSED: N_("refused")}


@dataclass(frozen=True)
class ImportResult:
    path: str
    outcome: str  # stored / replaced / refused
    centre_id: str = ""
    centre_kk: str = ""
    centre_ru: str = ""
    date_from: date | None = None
    date_to: date | None = None
    fingerprint: str = ""
    introduced: bool = False  # the centre's first package: its key is trusted from now on
    error: DomainError | None = None  # why it was refused

    @property
    def reason(self) -> str:
        return self.error.message() if self.error else ""


@dataclass(frozen=True)
class CentreRow:
    centre_id: str
    name_kk: str
    name_ru: str
    kato: str
    fingerprint: str
    pending_fingerprint: str  # a new key waiting for `trust`; "" when none
    first_received_at: datetime
    last_received_at: datetime
    last_from: date | None  # the latest period received (by its last day)
    last_to: date | None
    residents: int | None  # at the end of that period, as the package says
    packages: int


@dataclass(frozen=True)
class StoredPackage:
    """One centre's package for a period, for the consolidated report."""

    centre_id: str
    name_kk: str
    name_ru: str
    kato: str
    date_from: date
    date_to: date
    received_at: datetime
    file_name: str
    figures: dict
    lists: dict


def package_files(paths: list[str | os.PathLike]) -> list[Path]:
    """The files named, and the packages (``*.auylpkg``) of the folders named, not of their subfolders, in
    name order: a USB stick's photos and papers are not packages refused one by one."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                                and p.suffix.lower() == exchange.SUFFIX))
        else:
            found.append(path)
    return found


@requires(Area.SETTINGS)
def import_packages(paths: list[str | os.PathLike], today: date | None = None) -> list[ImportResult]:
    """Takes in each package of ``paths`` (files or folders): each is stored, replaces the same centre's
    same period, or is refused with its reason, and then nothing of it is stored."""
    results = []
    # One transaction, each package a savepoint of its own: a thousand packages from a USB stick take
    # seconds instead of a commit each (bench/district.py), and a refused one still leaves the others.
    with batch():
        for path in package_files(paths):
            try:
                package = exchange.read_package(path, today)
                results.append(_take_in(package, path.name, str(path)))
            except DomainError as error:
                results.append(ImportResult(str(path), REFUSED, error=error))
            except (FileNotFoundError, IsADirectoryError, PermissionError):
                results.append(ImportResult(str(path), REFUSED,
                                            error=ValidationError("{path}: the file cannot be read.", path=str(path))))
    return results


def _take_in(package: exchange.Package, file_name: str, path: str) -> ImportResult:
    now = clock.now()
    fingerprint = exchange.fingerprint(package.public_key)
    with unit_of_work() as session:
        centre = session.get(DistrictCentre, package.centre_id)
        introduced = centre is None
        if centre is not None and centre.public_key != package.public_key:
            if centre.kato != package.kato or (package.name_kk != centre.name_kk and package.name_ru != centre.name_ru):
                # Another office altogether claims this id: never a key to trust.
                raise ValidationError("{name}: it claims the id of the centre «{centre}» (KATO {kato}) but is "
                                      "another centre with another key; it is not taken in.", name=file_name,
                                      centre=centre.name_kk, kato=centre.kato or "-")
            # The new key waits for `trust`; no package is stored.
            centre.pending_public_key, centre.pending_fingerprint = package.public_key, fingerprint
            refusal = ValidationError("{name}: the centre «{centre}» signed it with a new key ({fingerprint}). "
                                      "Compare it with the fingerprint in the centre's Settings, then run «auyl "
                                      "district trust {id}» and take the package in again.", name=file_name,
                                      centre=centre.name_kk, fingerprint=fingerprint, id=centre.centre_id)
        else:
            refusal = None
            replaced = _store(session, centre, package, file_name, fingerprint, now)
    if refusal is not None:
        raise refusal
    return ImportResult(path, REPLACED if replaced else STORED, package.centre_id, package.name_kk, package.name_ru,
                        package.date_from, package.date_to, fingerprint, introduced)


def _store(session, centre: DistrictCentre | None, package: exchange.Package, file_name: str, fingerprint: str,
           now: datetime) -> bool:
    """Stores the package (the centre introduced by its first one); True if it replaced one."""
    if centre is None:
        session.add(DistrictCentre(centre_id=package.centre_id, name_kk=package.name_kk, name_ru=package.name_ru,
                                   kato=package.kato, public_key=package.public_key, fingerprint=fingerprint,
                                   first_received_at=now, last_received_at=now, pending_public_key=None,
                                   pending_fingerprint=""))
    else:
        centre.name_kk, centre.name_ru, centre.kato = package.name_kk, package.name_ru, package.kato
        centre.last_received_at = now
    session.flush()
    replaced = session.execute(
        delete(DistrictPackage).where(DistrictPackage.centre_id == package.centre_id,
                                      DistrictPackage.date_from == package.date_from,
                                      DistrictPackage.date_to == package.date_to)).rowcount
    session.add(DistrictPackage(centre_id=package.centre_id, date_from=package.date_from, date_to=package.date_to,
                                format_version=package.version, received_at=now, file_name=file_name[:300],
                                figures=package.figures, lists=package.lists, signed_bytes=package.signed_bytes))
    return bool(replaced)


@requires(Area.SETTINGS)
def trust(centre_id: str) -> CentreRow:
    """Accepts the key waiting for the centre (its fingerprint compared with the centre's Settings):
    its packages signed with it are taken in from now on, and those with the old key refused."""
    with unit_of_work() as session:
        centre = _centre(session, centre_id)
        if centre.pending_public_key is None:
            raise ValidationError("The centre «{centre}» has no new key waiting to be trusted.", centre=centre.name_kk)
        centre.public_key, centre.fingerprint = centre.pending_public_key, centre.pending_fingerprint
        centre.pending_public_key, centre.pending_fingerprint = None, ""
        centre_id = centre.centre_id
    return next(row for row in centres() if row.centre_id == centre_id)


def _centre(session, centre_id: str) -> DistrictCentre:
    """A centre by its id, or by the id's first characters when they name one centre alone."""
    text = centre_id.strip().lower()
    centre = session.get(DistrictCentre, text)
    if centre is None and len(text) >= 4:
        found = list(session.scalars(select(DistrictCentre).where(DistrictCentre.centre_id.startswith(text)).limit(2)))
        centre = found[0] if len(found) == 1 else None
    if centre is None:
        raise NotFound("No centre {id} has sent a package here.", id=centre_id)
    return centre


def centres() -> list[CentreRow]:
    """The centres that sent packages, by name: the latest period each sent, and its residents then."""
    with unit_of_work() as session:
        counts = dict(session.execute(select(DistrictPackage.centre_id, func.count())
                                      .group_by(DistrictPackage.centre_id)).all())
        latest = {}
        query = (select(DistrictPackage.centre_id, DistrictPackage.date_from, DistrictPackage.date_to,
                        DistrictPackage.figures)
                 .order_by(DistrictPackage.date_to, DistrictPackage.date_from.desc()))
        for centre_id, date_from, date_to, figures in session.execute(query):
            latest[centre_id] = (date_from, date_to, figures.get("members.residents"))
        rows = []
        for centre in session.scalars(select(DistrictCentre).order_by(DistrictCentre.name_kk, DistrictCentre.centre_id)):
            date_from, date_to, residents = latest.get(centre.centre_id, (None, None, None))
            rows.append(CentreRow(centre.centre_id, centre.name_kk, centre.name_ru, centre.kato, centre.fingerprint,
                                  centre.pending_fingerprint, centre.first_received_at, centre.last_received_at,
                                  date_from, date_to, residents if isinstance(residents, int) else None,
                                  counts.get(centre.centre_id, 0)))
    return rows


def packages(date_from: date, date_to: date) -> list[StoredPackage]:
    """The packages for exactly the period [date_from, date_to], one per centre, by centre name."""
    with unit_of_work() as session:
        query = (select(DistrictPackage, DistrictCentre).join(DistrictCentre)
                 .where(DistrictPackage.date_from == date_from, DistrictPackage.date_to == date_to)
                 .order_by(DistrictCentre.name_kk, DistrictCentre.centre_id))
        return [StoredPackage(centre.centre_id, centre.name_kk, centre.name_ru, centre.kato, package.date_from,
                              package.date_to, package.received_at, package.file_name, package.figures, package.lists)
                for package, centre in session.execute(query)]
