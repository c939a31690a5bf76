"""Installers: the previous release's database upgrades with its people and a backup,
the bundle ships every file the program reads, the NSIS script agrees with the bundle's names and
the program's data folder, and, where a bundle was built, the frozen program passes its smoke test."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

import app
from app import db, i18n, migrate
from app.paths import APP_AUTHOR, APP_NAME, MIGRATIONS_DIR, RESOURCES_DIR

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
FIXTURE = ROOT / "tests" / "fixtures" / "auyl-0.1.0-schema-0002.sqlite"
BUNDLE = ROOT / "dist" / "AuylOffice"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(INSTALLER))  # the scripts import layout.py beside them
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(INSTALLER))
    return module


layout = _module("layout")


def _query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def test_previous_release_database_migrates_to_head_keeping_its_people_after_a_backup(private_home):
    database = private_home / "auyl.sqlite"
    shutil.copyfile(FIXTURE, database)
    people = _query(FIXTURE, "SELECT id, surname, given_name, iin FROM members ORDER BY id")
    assert _query(FIXTURE, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert len(people) == 12

    result = migrate.upgrade(db.configure(db.sqlite_url(database)))
    db.dispose()

    assert (result.from_revision, result.to_revision) == ("0002", migrate.head_revision())
    assert _query(database, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    assert _query(database, "SELECT id, surname, given_name, iin FROM members ORDER BY id") == people
    # The copy taken before the upgrade is the old database, whole.
    assert result.backup.parent == private_home / "backups"
    assert result.backup.name.startswith("pre-upgrade-0002-")
    assert _query(result.backup, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert _query(result.backup, "SELECT id, surname, given_name, iin FROM members ORDER BY id") == people


def test_bundle_ships_every_migration_font_catalogue_and_icon_where_the_frozen_program_looks():
    shipped = {(source.resolve(), target) for source, target in layout.shipped_data()}
    expected = {(path.resolve(), "app/migrations/versions") for path in (MIGRATIONS_DIR / "versions").glob("*.py")}
    expected.add(((MIGRATIONS_DIR / "env.py").resolve(), "app/migrations"))
    for folder in ("fonts", "help", "icons"):
        expected |= {(path.resolve(), f"app/resources/{folder}") for path in (RESOURCES_DIR / folder).iterdir()
                     if path.is_file() and not path.name.startswith(".")}
    expected |= {(i18n.mo_path(lang).resolve(), f"app/resources/i18n/{lang}/LC_MESSAGES") for lang in i18n.LANGUAGES}
    assert shipped == expected
    # app/paths.py looks beside the package first: in a frozen program that is _internal/app/...
    assert {target.split("/")[1] for _source, target in shipped} == {"migrations", "resources"}


def test_icon_comes_in_every_size_and_as_a_windows_ico():
    icons = RESOURCES_DIR / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert (icons / f"auyl-{size}.png").read_bytes().startswith(b"\x89PNG")
    assert (icons / "auyl.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_window_has_the_application_icon(qapp):
    from app.ui.application import application

    assert not application().windowIcon().isNull()


def test_installer_is_named_after_the_version_the_program_prints():
    assert layout.version() == app.__version__
    version = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout.strip()
    assert version == f"Auyl Office {app.__version__}"
    assert "AuylOffice-{version}-setup.exe" in (INSTALLER / "build.py").read_text(encoding="utf-8")


def test_nsis_script_installs_the_bundles_programs_and_leaves_the_programs_data_folder():
    script = (INSTALLER / "auyl.nsi").read_text(encoding="utf-8-sig")
    for program in layout.programs(windows=True):
        assert f'"{program}"' in script
    # The data folder the uninstaller may remove is the one platformdirs gives on Windows.
    assert f'!define DATA_DIR "$LOCALAPPDATA\\{APP_AUTHOR}\\{APP_NAME}"' in script
    assert f'!define PREFERENCES_KEY "Software\\{APP_AUTHOR}\\{APP_NAME}"' in script
    assert "RequestExecutionLevel user" in script and "HKLM" not in script
    # Removing the data is a choice left unticked, and asked again before anything is deleted.
    assert 'Section /o "un.$(DataSection)"' in script
    assert script.count('RMDir /r "${DATA_DIR}"') == 1


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) is not installed")
def test_nsis_script_compiles_over_a_stand_in_bundle(tmp_path):
    bundle = _module("stub_bundle").make(tmp_path / "bundle")
    setup = tmp_path / f"AuylOffice-{app.__version__}-setup.exe"  # a bare "setup.exe" draws a warning
    subprocess.run(["makensis", "-V2", "-WX", f"-DVERSION={app.__version__}", f"-DBUNDLE={bundle}",
                    f"-DOUTFILE={setup}", str(INSTALLER / "auyl.nsi")], check=True)
    assert setup.read_bytes()[:2] == b"MZ"


@pytest.mark.skipif(not layout.bundle_is_current(BUNDLE), reason="no bundle, or one older than the source: "
                    "build it with installer/build.py (CI builds it and smoke-tests it)")
def test_frozen_program_passes_the_smoke_test():
    smoke = _module("smoke_test")
    smoke.check_bundle(BUNDLE)
