"""The district office takes centres' packages in (app/services/district.py): real packages made by export
from a demo office are stored, replaced when sent again, and every bad one (a changed byte, a cut, a newer
format, a period ahead or upside down, a file that is no package, a new key not yet trusted, another
centre claiming the id) is refused with its reason and leaves the district's data as it was."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import demo
from app.errors import NotFound, ValidationError
from app.services import district, exchange
from tests.conftest import opened_copy, query

pytestmark = pytest.mark.every_database

QUARTER = date(2026, 7, 1), date(2026, 9, 30)
YEAR = date(2026, 1, 1), date(2026, 12, 31)


def new_key() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    return (key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
            key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def signed(path: Path, identity: exchange.Identity, content: dict) -> Path:
    """A file written as a package is, around ``content`` as given (a format or period export never makes)."""
    payload = exchange._canonical(content)
    signature = Ed25519PrivateKey.from_private_bytes(identity.private_key).sign(exchange.SIGNING_CONTEXT + payload)
    path.write_bytes(exchange._canonical({
        "format": exchange.FORMAT_NAME, "version": content["version"],
        "payload": base64.b64encode(payload).decode(), "signature": base64.b64encode(signature).decode()}) + b"\n")
    return path


@pytest.fixture(scope="module")
def made(template_db, tmp_path_factory) -> dict:
    """A demo centre's real packages, and the bad ones made from them. Made once on SQLite: a package is
    the same file whatever database the district keeps."""
    folder = tmp_path_factory.mktemp("packages")
    files: dict = {}
    with opened_copy(template_db, folder / "centre"):
        demo.generate(members=60, seed=6)
        identity = exchange.identity()
        files["quarter"] = exchange.export(*QUARTER, folder / "quarter.auylpkg")
        files["year"] = exchange.export(*YEAR, folder / "year.auylpkg")
        figures, lists = exchange.read_package(files["quarter"]).figures, exchange.read_package(files["quarter"]).lists
    private, public = new_key()
    rekeyed = dataclasses.replace(identity, private_key=private, public_key=public)
    files["rekeyed"] = exchange.write_package(folder / "rekeyed.auylpkg", rekeyed, QUARTER, figures, lists)
    private, public = new_key()
    claimer = dataclasses.replace(identity, name_kk="Басқа орталық", name_ru="Другой центр", kato="111111111",
                                  private_key=private, public_key=public)
    files["claim"] = exchange.write_package(folder / "claim.auylpkg", claimer, QUARTER, {"members.residents": 1}, {})
    private, public = new_key()
    other = exchange.Identity("0b9e4d2c-7a61-4f38-b5c2-9d8e7f6a5b4c", "centre", "Құмкөл орталығы", "Центр Кумколь",
                              "334255400", private, public)
    files["other"] = exchange.write_package(folder / "other.auylpkg", other, QUARTER, {"members.residents": 7}, {})
    content = json.loads(base64.b64decode(json.loads(files["quarter"].read_bytes())["payload"]))
    files["newer"] = signed(folder / "newer.auylpkg", identity, {**content, "version": exchange.FORMAT_VERSION + 1})
    files["ahead"] = signed(folder / "ahead.auylpkg", identity,
                            {**content, "period": {"from": "2027-01-01", "to": "2027-03-31"}})
    files["upside"] = signed(folder / "upside.auylpkg", identity,
                             {**content, "period": {"from": "2026-09-30", "to": "2026-07-01"}})
    files["text"] = folder / "notes.txt"
    files["text"].write_text("Кездесу хаттамасы", encoding="utf-8")
    files["empty"] = folder / "empty.auylpkg"
    files["empty"].write_bytes(b"")
    files["other_json"] = folder / "other.json"
    files["other_json"].write_text('{"format": "something else", "version": 1}', encoding="utf-8")
    files["identity"], files["figures"] = identity, figures
    return files


def stored(database) -> tuple:
    """Everything the district keeps of the centres, read past the services."""
    return (query(database, "SELECT centre_id, name_kk, kato, public_key, pending_fingerprint FROM district_centres "
                            "ORDER BY centre_id"),
            query(database, "SELECT centre_id, date_from, date_to, signed_bytes FROM district_packages ORDER BY id"))


def taken(results) -> list[str]:
    return [r.outcome for r in results]


def refused_alone(database, path: Path, reason: str) -> None:
    before = stored(database)
    [result] = district.import_packages([path])
    assert result.outcome == district.REFUSED and reason in result.error.message("en"), result.reason
    assert stored(database) == before


def test_a_first_package_introduces_the_centre_and_is_stored(database, made):
    [result] = district.import_packages([made["quarter"]])
    identity = made["identity"]
    assert (result.outcome, result.centre_id, result.introduced, result.date_from, result.date_to) == (
        "stored", identity.centre_id, True, *QUARTER)
    assert result.fingerprint == exchange.fingerprint(identity.public_key)
    [centre] = district.centres()
    assert (centre.centre_id, centre.name_kk, centre.name_ru, centre.kato, centre.fingerprint) == (
        identity.centre_id, identity.name_kk, identity.name_ru, identity.kato, result.fingerprint)
    assert (centre.last_from, centre.last_to, centre.residents, centre.packages, centre.pending_fingerprint) == (
        *QUARTER, made["figures"]["members.residents"], 1, "")
    [package] = district.packages(*QUARTER)
    assert package.figures == made["figures"] and package.file_name == "quarter.auylpkg"
    assert district.packages(*YEAR) == []


def test_the_same_period_again_replaces_and_never_doubles(database, made):
    assert taken(district.import_packages([made["quarter"], made["year"]])) == ["stored", "stored"]
    assert taken(district.import_packages([made["quarter"]])) == ["replaced"]
    assert query(database, "SELECT count(*) FROM district_packages") == [(2,)]
    [centre] = district.centres()
    assert (centre.packages, centre.last_from, centre.last_to) == (2, *YEAR)
    assert len(district.packages(*QUARTER)) == len(district.packages(*YEAR)) == 1


def test_every_changed_byte_is_refused_and_nothing_stored(database, made, tmp_path):
    district.import_packages([made["other"]])
    before = stored(database)
    data = made["quarter"].read_bytes()
    positions = sorted({0, 1, len(data) - 1, *range(0, len(data), max(1, len(data) // 60))})
    for position in positions:
        changed = bytearray(data)
        changed[position] = (changed[position] + 1) % 256
        path = tmp_path / f"changed-{position}.auylpkg"
        path.write_bytes(bytes(changed))
        [result] = district.import_packages([path])
        assert result.outcome == "refused", position
    assert stored(database) == before


def test_a_cut_file_is_refused(database, made, tmp_path):
    data = made["quarter"].read_bytes()
    for length in (1, 100, len(data) // 3, len(data) - 10, len(data) - 1):
        path = tmp_path / f"cut-{length}.auylpkg"
        path.write_bytes(data[:length])
        refused_alone(database, path, "not a package of Auyl Office, or it is damaged or cut short")


def test_a_newer_format_a_period_ahead_or_upside_down_is_refused(database, made):
    refused_alone(database, made["newer"], f"package of format {exchange.FORMAT_VERSION + 1}, made by a newer")
    refused_alone(database, made["ahead"], "is dated in the future (its period starts 2027-01-01")
    refused_alone(database, made["upside"], "its period ends (2026-07-01) before it starts (2026-09-30)")


def test_what_is_not_a_package_is_refused(database, made, tmp_path):
    for name in ("text", "empty", "other_json"):
        refused_alone(database, made[name], "is not a package of Auyl Office")
    refused_alone(database, tmp_path / "missing.auylpkg", "the file cannot be read")


def test_a_new_key_waits_for_trust(database, made):
    district.import_packages([made["quarter"]])
    before = stored(database)[1]
    [result] = district.import_packages([made["rekeyed"]])
    new_fingerprint = exchange.read_package(made["rekeyed"]).fingerprint
    assert result.outcome == "refused" and new_fingerprint in result.reason and "auyl district trust" in result.reason
    assert stored(database)[1] == before  # no package stored
    [centre] = district.centres()
    assert (centre.fingerprint, centre.pending_fingerprint) == (
        exchange.fingerprint(made["identity"].public_key), new_fingerprint)
    assert district.trust(centre.centre_id[:8]).fingerprint == new_fingerprint
    assert taken(district.import_packages([made["rekeyed"]])) == ["replaced"]
    [result] = district.import_packages([made["quarter"]])  # the old key is no longer the centre's
    assert result.outcome == "refused" and "new key" in result.reason
    with pytest.raises(NotFound, match="No centre nobody has sent a package here"):
        district.trust("nobody")


def test_trust_without_a_waiting_key_is_refused(database, made):
    district.import_packages([made["quarter"]])
    with pytest.raises(ValidationError, match="has no new key waiting to be trusted"):
        district.trust(made["identity"].centre_id)


def test_another_centre_claiming_the_id_is_refused(database, made):
    district.import_packages([made["quarter"]])
    refused_alone(database, made["claim"], "claims the id of the centre")
    assert district.centres()[0].pending_fingerprint == ""


def test_a_folder_each_package_whole_or_not_at_all(database, made, tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    for name in ("quarter", "other", "upside", "text"):
        (folder / made[name].name).write_bytes(made[name].read_bytes())
    results = district.import_packages([folder])
    assert {Path(r.path).name: r.outcome for r in results} == {  # the notes are no package: not even tried
        "quarter.auylpkg": "stored", "other.auylpkg": "stored", "upside.auylpkg": "refused"}
    assert [c.name_kk for c in district.centres()] == sorted([made["identity"].name_kk, "Құмкөл орталығы"])
    assert query(database, "SELECT count(*) FROM district_packages") == [(2,)]


def test_a_package_failing_as_it_is_stored_leaves_nothing_of_it(database, made, tmp_path):
    district.import_packages([made["quarter"]])
    before = stored(database)
    private, public = new_key()
    long_named = exchange.Identity("5d0c9a8b-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "centre", "Ө" * 400, "Центр", "334255400",
                                   private, public)
    path = exchange.write_package(tmp_path / "long.auylpkg", long_named, QUARTER, {"members.residents": 3}, {})
    [result] = district.import_packages([path])
    assert result.outcome == "refused", result
    assert stored(database) == before
