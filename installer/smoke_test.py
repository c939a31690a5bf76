"""Smoke test of a built bundle: `python installer/smoke_test.py [dist/AuylOffice]`.

The frozen program, on fresh data folders (AUYL_HOME), offscreen:
- `auyl --version` prints the version the installer is named after;
- `auyl init` creates and migrates the database, `auyl demo --members 50` fills it, and
  `auyl report members` writes a PDF whose text has Kazakh letters;
- the bundle carries PDFium's library, which the print preview draws pages with;
- the window starts, is painted, has the start page's figures in and exits 0 (AUYL_EXIT_WHEN_SHOWN=1);
- the previous release's database (tests/fixtures) opened by the window is migrated to head,
  keeps its people, and a pre-upgrade copy of it is left in backups/ first;
- with AUYL_TEST_POSTGRES_URL set (CI), `auyl migrate-to` copies the demo office into a new
  PostgreSQL database, so the frozen program carries the server's driver.
Exits 0 when all hold; otherwise prints what failed, with the program's output, and exits 1.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layout  # noqa: E402

FIXTURE = layout.ROOT / "tests" / "fixtures" / "auyl-0.1.0-schema-0002.sqlite"
FIXTURE_REVISION = "0002"
KAZAKH_LETTERS = set("ӘҒҚҢӨҰҮҺІәғқңөұүһі")
TIMEOUT = 180  # seconds for one run; a cold start on a busy 2-core machine takes a few


class Failed(Exception):
    pass


def window_program(bundle: Path) -> Path:
    return bundle / (f"{layout.WINDOW_PROGRAM}.exe" if sys.platform == "win32" else layout.CONSOLE_PROGRAM)


def run(program: Path, args: list[str], home: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("AUYL_DB", "AUYL_DATABASE_URL", "PYTHONPATH", "PYTHONHOME")}
    env.update(AUYL_HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra_env)
    done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=TIMEOUT, cwd=home)
    if done.returncode != 0:
        log = home / "logs" / "auyl.log"
        raise Failed(f"{program.name} {' '.join(args)} exited {done.returncode}\n"
                     f"stdout: {done.stdout}\nstderr: {done.stderr}\n"
                     f"log: {log.read_text(encoding='utf-8')[-3000:] if log.exists() else '-'}")
    return done


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader  # where poppler is missing (Windows runners)

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def query(path: Path, sql: str):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchone()[0]


def head_revision(bundle: Path) -> str:
    """The newest revision among the migrations shipped in the bundle (each names the one it follows)."""
    versions = next(bundle.rglob("app/migrations/versions"))
    revisions, downs = set(), set()
    for path in versions.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("revision", "down_revision")) and "=" in line:
                value = line.split("=", 1)[1].strip().strip("'\"")
                (revisions if line.startswith("revision") else downs).add(value)
    heads = revisions - downs
    if len(heads) != 1:
        raise Failed(f"the bundle's migrations have heads {sorted(heads)}")
    return heads.pop()


def check_fresh_office(bundle: Path, home: Path) -> None:
    cli = layout.console_program(bundle)
    version = run(cli, ["--version"], home).stdout.strip()
    if version != f"Auyl Office {layout.version()}":
        raise Failed(f"auyl --version printed {version!r}, expected Auyl Office {layout.version()}")
    run(cli, ["init"], home)
    database = home / "auyl.sqlite"
    if query(database, "SELECT version_num FROM alembic_version") != head_revision(bundle):
        raise Failed("auyl init did not migrate the new database to head")
    run(cli, ["demo", "--members", "50", "--seed", "1"], home)
    run(cli, ["report", "members", "-o", "register.pdf", "--lang", "kk"], home)
    pdf = home / "register.pdf"
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        raise Failed("auyl report members wrote no PDF")
    if not KAZAKH_LETTERS & set(pdf_text(pdf)):
        raise Failed("the register's PDF text has no Kazakh letter")
    if not any(bundle.rglob("*pdfium.*")):  # libpdfium.so, pdfium.dll: the print preview draws with it
        raise Failed("the bundle carries no PDFium library for the print preview")
    run(cli, ["settings", "--set", "setup_completed=true"], home)  # past the first-start questions
    shown = run(window_program(bundle), [], home, AUYL_EXIT_WHEN_SHOWN="1")
    if sys.platform != "win32" and "shown " not in shown.stdout:  # a windowed .exe has no stdout
        raise Failed("the window did not report itself shown")
    # The ORM, the models and the services load after the first paint: the start page's figures
    # coming in proves the frozen program carries them.
    if sys.platform != "win32" and "filled " not in shown.stdout:
        raise Failed("the start page's figures did not come in after the window was shown")


def check_upgrade(bundle: Path, home: Path) -> None:
    database = home / "auyl.sqlite"
    shutil.copyfile(FIXTURE, database)
    people = query(FIXTURE, "SELECT count(*) FROM members")
    run(window_program(bundle), [], home, AUYL_EXIT_WHEN_SHOWN="1")
    if query(database, "SELECT version_num FROM alembic_version") != head_revision(bundle):
        raise Failed("the previous release's database was not migrated to head")
    if query(database, "SELECT count(*) FROM members") != people:
        raise Failed("the upgrade lost people")
    copies = sorted((home / "backups").glob(f"pre-upgrade-{FIXTURE_REVISION}-*.sqlite"))
    if len(copies) != 1 or query(copies[0], "SELECT version_num FROM alembic_version") != FIXTURE_REVISION \
            or query(copies[0], "SELECT count(*) FROM members") != people:
        raise Failed(f"no pre-upgrade copy of the old database in backups/: {copies}")


def check_server(bundle: Path, home: Path) -> None:
    server = os.environ.get("AUYL_TEST_POSTGRES_URL")
    if not server:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"auyl_smoke_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = make_url(server).set(database=name).render_as_string(hide_password=False)
        run(layout.console_program(bundle), ["migrate-to", target], home)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def check_bundle(bundle: Path) -> None:
    missing = [name for name in layout.programs() if not (bundle / name).is_file()]
    if missing:
        raise Failed(f"the bundle lacks {missing}")
    for translation in ("qtbase_kk.qm", "qtbase_ru.qm"):  # Qt's own dialogs in Kazakh and Russian
        if not any(bundle.rglob(translation)):
            raise Failed(f"the bundle lacks Qt's {translation}")
    with tempfile.TemporaryDirectory(prefix="auyl-smoke-") as fresh:
        check_fresh_office(bundle, Path(fresh))
        check_server(bundle, Path(fresh))
    with tempfile.TemporaryDirectory(prefix="auyl-upgrade-") as upgraded:
        check_upgrade(bundle, Path(upgraded))


def main() -> int:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else layout.ROOT / "dist" / layout.BUNDLE_NAME
    try:
        check_bundle(bundle)
    except (Failed, subprocess.TimeoutExpired) as failure:
        print(f"smoke test FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"smoke test passed: {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
