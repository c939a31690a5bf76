"""`auyl exchange export` and `auyl district import|trust|centres` end to end through app.main.main: a demo
centre writes its package, a district office takes it in, lists the centre, refuses a bad file with one
line each and exit code 1, and trusts a centre's new key."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import db, demo
from app.main import main
from app.services import exchange
from tests.conftest import copy_database, opened_copy


@pytest.fixture(scope="module")
def centre_file(template_db, tmp_path_factory):
    """A closed demo centre's database file."""
    folder = tmp_path_factory.mktemp("centre")
    with opened_copy(template_db, folder) as database:
        demo.generate(members=60, seed=8)
        exchange.identity()
    return database


@pytest.fixture
def auyl(capsys):
    """Runs `auyl --db DB --lang en ARGS…`; returns (exit code, stdout, stderr)."""

    def run(database, *args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(database), "--lang", "en", *args])
        except SystemExit as stop:  # argparse refuses what it cannot read
            code = stop.code
        db.dispose()
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def offices(centre_file, template_db, tmp_path):
    centre = copy_database(centre_file, tmp_path / "centre.sqlite")
    district = copy_database(template_db, tmp_path / "district.sqlite")
    return centre, district


def test_export_then_import_then_centres(auyl, offices, tmp_path):
    centre, district = offices
    (tmp_path / "stick").mkdir()
    package = tmp_path / "stick" / "q3.auylpkg"
    code, out, err = auyl(centre, "exchange", "export", "--from", "2026-07-01", "--to", "30.09.2026", "-o", str(package))
    assert code == 0, err
    read = exchange.read_package(package)
    assert out.splitlines() == [f"Package for 2026-07-01 – 2026-09-30 written to {package}",
                                f"Signed by the key with the fingerprint {read.fingerprint}"]
    code, out, err = auyl(district, "district", "import", str(package))
    assert code == 0, err
    assert out.splitlines() == [
        f"{package}: stored: {read.name_kk}, 2026-07-01 – 2026-09-30",
        f"    a new centre, id {read.centre_id}: compare its key's fingerprint {read.fingerprint} with the one in "
        "the centre's Settings",
        "1 taken in, 0 refused"]
    code, out, err = auyl(district, "district", "import", str(tmp_path / "stick"))  # a folder: the same file again
    assert (code, out.splitlines()) == (0, [f"{package}: replaced: {read.name_kk}, 2026-07-01 – 2026-09-30",
                                            "1 taken in, 0 refused"])
    code, out, err = auyl(district, "district", "centres")
    assert code == 0, err
    [line] = out.splitlines()
    assert line.split("\t")[:6] == [read.centre_id, read.name_kk, read.name_ru, read.kato, "2026-07-01 – 2026-09-30",
                                    f"residents: {read.figures['members.residents']}"]


def test_a_bad_file_is_refused_with_its_reason_and_exit_code_1(auyl, offices, tmp_path):
    _centre, district = offices
    junk = tmp_path / "junk.auylpkg"
    junk.write_text("not a package", encoding="utf-8")
    code, out, err = auyl(district, "district", "import", str(junk))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{junk}: refused: junk.auylpkg is not a package of Auyl Office, or it is damaged or cut short.",
        "0 taken in, 1 refused"]
    assert auyl(district, "district", "centres")[1] == "No centre has sent a package yet.\n"


def test_export_refuses_a_period_ahead(auyl, offices, tmp_path):
    centre, _district = offices
    code, out, err = auyl(centre, "exchange", "export", "--from", "2027-01-01", "--to", "2027-03-31", "-o",
                          str(tmp_path / "ahead.auylpkg"))
    assert (code, out) == (1, "")
    assert "The period starts on 2027-01-01, after today" in err
    assert not (tmp_path / "ahead.auylpkg").exists()


def test_a_new_key_is_refused_until_trusted(auyl, offices, tmp_path):
    centre, district = offices
    first = tmp_path / "first.auylpkg"
    assert auyl(centre, "exchange", "export", "--from", "2026-07-01", "--to", "2026-09-30", "-o", str(first))[0] == 0
    assert auyl(district, "district", "import", str(first))[0] == 0
    read = exchange.read_package(first)
    key = Ed25519PrivateKey.generate()
    with opened_copy(shutil.copy(centre, tmp_path / "again.sqlite"), tmp_path / "again"):
        identity = dataclasses.replace(
            exchange.identity(),
            private_key=key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                          serialization.NoEncryption()),
            public_key=key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    rekeyed = exchange.write_package(tmp_path / "rekeyed.auylpkg", identity, (date(2026, 7, 1), date(2026, 9, 30)),
                                     read.figures, read.lists)
    new = exchange.fingerprint(identity.public_key)
    code, out, _err = auyl(district, "district", "import", str(rekeyed))
    assert code == 1 and f"signed it with a new key ({new})" in out and f"auyl district trust {read.centre_id}" in out
    code, out, _err = auyl(district, "district", "centres")
    assert out.splitlines()[1] == f"    a new key waits to be trusted: {new}"
    code, out, err = auyl(district, "district", "trust", read.centre_id[:8])
    assert (code, out) == (0, f"The centre «{read.name_kk}» is now trusted with the key {new}\n"), err
    code, out, _err = auyl(district, "district", "import", str(rekeyed))
    assert code == 0 and "replaced" in out
    code, out, err = auyl(district, "district", "trust", "no-such-centre")
    assert (code, out, err) == (1, "", "auyl: error: No centre no-such-centre has sent a package here.\n")
