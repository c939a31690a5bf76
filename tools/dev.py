"""Set up and start Auyl Office, or set up and run its tests: the README's two commands and CI's.

    python3 tools/dev.py run [ARGS...]     the program (ARGS go to auyl)
    python3 tools/dev.py test [ARGS...]    the whole test suite (ARGS go to pytest)
    python3 tools/dev.py packages GROUP... the Debian packages of the groups in tools/debian-packages.txt

Each makes .venv with the Python that runs it and pip-installs the project into it (again only when
pyproject.toml changed; delete .venv to start over). On Debian it first checks the packages the
command needs (tools/debian-packages.txt) and installs the missing ones when it may: as root, or
with sudo that asks no password; otherwise it stops naming the apt-get line to run. Windows and
other systems need no system packages: the PySide6 wheel carries Qt.

`test` runs the service and report tests on PostgreSQL too (tests/conftest.py): it uses
AUYL_TEST_POSTGRES_URL when set; otherwise, where it may, it installs and starts Debian's PostgreSQL
and makes the auyl_ci user and database. Where it cannot, those variants are skipped, except in CI
(CI set), which must run them: there it stops.

Standard library only: it runs before the venv exists, with the system python3.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES_FILE = ROOT / "tools" / "debian-packages.txt"
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
VENV_PYTHON = BIN / ("python.exe" if WINDOWS else "python")
STAMP = VENV / "auyl-dev-installed"
CI_URL = "postgresql+psycopg://auyl_ci:auyl_ci@localhost/auyl_ci"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")  # as tests/conftest.py reads it


class Stop(Exception):
    """A set-up step cannot go on: its message is the one line the user sees."""


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=False, **kwargs)


# Debian packages ---------------------------------------------------------------------------------


def package_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate(PACKAGES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1].strip(), [])
        elif line and current is None:
            raise Stop(f"{PACKAGES_FILE.name} line {number}: packages before the first [group]")
        elif line:
            current.extend(line.split())
    return groups


def is_debian() -> bool:
    return shutil.which("dpkg-query") is not None and shutil.which("apt-get") is not None


def missing_packages(packages: list[str]) -> list[str]:
    """The packages dpkg does not have installed; one dpkg-query, no apt."""
    out = run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *packages],
              capture_output=True, text=True).stdout
    installed = {line.split()[0].split(":")[0] for line in out.splitlines()
                 if line.split() and line.split()[-1] == "installed"}
    return [name for name in packages if name not in installed]


@functools.lru_cache(maxsize=None)  # noqa: UP033 - the system python3 may be older than 3.9
def admin_prefix() -> tuple[str, ...] | None:
    """How to run a command as root here (nothing as root, sudo without a password), or None."""
    if os.geteuid() == 0:
        return ()
    if shutil.which("sudo") and run(["sudo", "-n", "true"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL).returncode == 0:
        return ("sudo", "-n")
    return None


def ensure_packages(group_names: list[str]) -> None:
    """Installs the groups' missing packages, or stops naming the apt-get line that would."""
    if not is_debian():
        return
    groups = package_groups()
    unknown = [name for name in group_names if name not in groups]
    if unknown:
        raise Stop(f"no group {', '.join(unknown)} in {PACKAGES_FILE.name} (it has {', '.join(groups)})")
    wanted = list(dict.fromkeys(package for name in group_names for package in groups[name]))
    missing = missing_packages(wanted)
    if not missing:
        return
    apt = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    admin = admin_prefix()
    if admin is None:
        raise Stop(f"missing Debian packages; run  sudo {' '.join(apt)}  and then this command again")
    say(f"installing Debian packages: {' '.join(missing)}")
    # A PostgreSQL cluster the package makes takes its encoding from the locale: UTF-8 whatever the machine's.
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C.UTF-8")
    env_args = ["env", "DEBIAN_FRONTEND=noninteractive", "LC_ALL=C.UTF-8"] if admin else []
    for command in (["apt-get", "update", "-qq"], [*apt[:2], "-qq", *apt[2:]]):
        if run([*admin, *env_args, *command], env=env, stdout=subprocess.DEVNULL).returncode != 0:
            raise Stop(f"{' '.join(command[:2])} failed (see above)")


# The project in .venv ----------------------------------------------------------------------------


def ensure_venv(extras: str) -> None:
    """.venv with the project installed editable, with extras ("" or "test")."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the system python3 runs this, not the venv's
        raise Stop(f"Auyl Office needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not VENV_PYTHON.exists():
        say("making .venv")
        if run([sys.executable, "-m", "venv", str(VENV)]).returncode != 0:
            raise Stop("python3 -m venv .venv failed (see above)")
    # pip runs again only when pyproject.toml changed or new extras are asked for: an editable
    # install that has nothing to do still builds a wheel, which costs seconds at every start.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    recorded = STAMP.read_text(encoding="utf-8").split() if STAMP.exists() else []
    have = set(recorded[1:]) if recorded[:1] == [digest] else None
    want = {extras} if extras else set()
    if have is not None and want <= have:
        return
    say("installing the project into .venv" + (f" with [{extras}]" if extras else ""))
    spec = f".[{extras}]" if extras else "."
    if run([str(VENV_PYTHON), "-m", "pip", "install", "-q", "-e", spec], cwd=ROOT).returncode != 0:
        raise Stop(f"pip install -e {spec} failed (see above)")
    STAMP.write_text(" ".join([digest, *sorted((have or set()) | want)]) + "\n", encoding="utf-8")


# PostgreSQL for the tests ------------------------------------------------------------------------


def connects(url: str) -> str | None:
    """None when the venv's psycopg connects to url, else the server's first line of complaint."""
    probe = ("import sys, psycopg\n"
             "try: psycopg.connect(sys.argv[1], connect_timeout=5).close()\n"
             "except psycopg.Error as error: sys.exit(str(error).strip().splitlines()[0])")
    result = run([str(VENV_PYTHON), "-c", probe, url.replace("+psycopg", "", 1)],
                 capture_output=True, text=True)
    lines = result.stderr.strip().splitlines()
    return None if result.returncode == 0 else (lines[-1] if lines else f"exit code {result.returncode}")


def as_postgres(admin: tuple[str, ...]) -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if not admin else [*admin, "-u", "postgres"]


def start_postgres(admin: tuple[str, ...]) -> None:
    """A UTF-8 cluster of Debian's PostgreSQL (installed before) answering on port 5432, with the
    auyl_ci user and database CI_URL names; stops naming the step that failed."""
    listed = run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split("\n")
    cluster = next((line.split()[:2] for line in listed if line.split()[2:3] == ["5432"]), None)
    if cluster is None:  # an image whose package set-up made no cluster on the usual port
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: [int(n) for n in p.name.split(".")])
        cluster = [versions[-1].name, "ci"]
        if run([*admin, "pg_createcluster", "--locale", "C.UTF-8", "--port", "5432", *cluster],
               stdout=subprocess.DEVNULL).returncode != 0:
            raise Stop(f"pg_createcluster {' '.join(cluster)} failed")
    name = " ".join(cluster)
    running = run([*admin, "pg_ctlcluster", *cluster, "status"], capture_output=True).returncode == 0
    if not running and run([*admin, "pg_ctlcluster", *cluster, "start"]).returncode != 0:
        raise Stop(f"the cluster {name} did not start")
    for _ in range(30):
        if run(["pg_isready", "-q", "-h", "localhost"]).returncode == 0:
            break
        time.sleep(1)
    else:
        raise Stop(f"the cluster {name} does not answer on localhost")
    psql = [*as_postgres(admin), "psql", "-qAt", "-v", "ON_ERROR_STOP=1"]
    encoding = run([*psql, "-c", "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'"],
                   capture_output=True, text=True, cwd="/").stdout.strip()
    if encoding != "UTF8":
        raise Stop(f"the cluster {name} stores {encoding or 'nothing readable'}, not UTF-8 "
                   "(make it anew with pg_createcluster --locale C.UTF-8)")
    # The tests' user may create databases (each test gets a copy of a migrated template, dropped after)
    # and roles (the office's own logins, app/services/pg_roles.py).
    sql = """
SELECT 'CREATE ROLE auyl_ci LOGIN CREATEDB CREATEROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auyl_ci')\\gexec
ALTER ROLE auyl_ci LOGIN CREATEDB CREATEROLE PASSWORD 'auyl_ci';
SELECT 'CREATE DATABASE auyl_ci OWNER auyl_ci' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'auyl_ci')\\gexec
"""
    if run(psql, input=sql, text=True, cwd="/").returncode != 0:
        raise Stop("the auyl_ci user and database could not be made")


def sets_up_server() -> bool:
    """Whether the test command installs and starts PostgreSQL itself: on Debian, where it may, unless
    AUYL_TEST_POSTGRES_URL names a server already."""
    return not os.environ.get("AUYL_TEST_POSTGRES_URL") and is_debian() and admin_prefix() is not None


def postgres_url() -> str | None:
    """The URL for AUYL_TEST_POSTGRES_URL, after making its server ready where this may; None when
    the PostgreSQL variants are to be skipped (said here, once)."""
    try:
        if sets_up_server():
            start_postgres(admin_prefix())
        url = os.environ.get("AUYL_TEST_POSTGRES_URL") or CI_URL
        problem = connects(url)
        if problem is None:  # also a server made earlier, by this command as root or by hand
            return url
        if os.environ.get("AUYL_TEST_POSTGRES_URL") or sets_up_server():
            raise Stop(f"{url} does not connect: {problem}")
        if IN_CI:
            raise Stop(("no apt-get" if not is_debian() else "no root or sudo") + " to set it up, "
                       "and AUYL_TEST_POSTGRES_URL is not set")
        why = "no apt-get" if not is_debian() else "no root or password-less sudo (`sudo -v` first lets it)"
        say(f"PostgreSQL variants skipped: {why} to set up a server; "
            "AUYL_TEST_POSTGRES_URL names one of yours (tests/conftest.py)")
        return None
    except Stop as stop:
        raise Stop(("CI needs PostgreSQL: " if IN_CI else "the PostgreSQL tests: ") + str(stop)) from None


# Commands ----------------------------------------------------------------------------------------


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def exec_program(program: Path, args: list[str], env: dict[str, str] | None = None) -> int:
    command = [str(program), *args]
    if WINDOWS:  # no exec there: wait for it and pass its exit code on
        return subprocess.call(command, env=env)
    os.execve(command[0], command, env if env is not None else dict(os.environ))
    return 0  # not reached: execve replaces this process


def command_run(args: list[str]) -> int:
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    ensure_packages(["python", "qt", "fonts"] + (["desktop"] if has_display() and not offscreen else []))
    ensure_venv("")
    return exec_program(BIN / ("auyl.exe" if WINDOWS else "auyl"), args)


def command_test(args: list[str]) -> int:
    ensure_packages(["python", "qt", "fonts", "pdf"] + (["postgresql"] if sets_up_server() else []))
    ensure_venv("test")
    env = dict(os.environ)
    url = postgres_url()
    if url:
        env["AUYL_TEST_POSTGRES_URL"] = url
    if sys.platform.startswith("linux") and not has_display():
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.chdir(ROOT)
    return exec_program(VENV_PYTHON, ["-m", "pytest", *args], env)


def command_packages(args: list[str]) -> int:
    if not args:
        raise Stop(f"name the groups to install, of: {', '.join(package_groups())}")
    ensure_packages(args)
    return 0


COMMANDS = {"run": command_run, "test": command_test, "packages": command_packages}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except Stop as stop:
        print(f"dev.py: {stop}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
