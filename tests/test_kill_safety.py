"""A process killed at any moment of an import, of the undo of an import or of a restore leaves a whole
database: SQLite's integrity and foreign key checks pass, it opens with the program, and it holds all of
the operation or none of it (docs/architecture.md: Unit of work; Backups and moving the database).

Each operation runs to the end in child processes to time it and to see the data it leaves; then
children are killed with SIGKILL after delays drawn over that time (as shares of it, from a seed printed
with the summary and in every failure; ``AUYL_KILL_SEED=<seed>`` draws the same shares again). Run with
``-s -n 0`` to see the summary: how many kills landed before the operation began, during it, and after
it returned, and how often the database held the old data or the new."""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from app import clock, db, db_files, migrate
from app.rules import iin as iin_rules
from app.services import members
from app.services.member_import import import_file
from tests.conftest import copy_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

REPO = Path(__file__).resolve().parent.parent
KILLS = 20
# Runs to the end that time an operation: the median, as a busy machine makes one run slower.
MEASURED = 3
# Kills are spread over this share of the run's time, so some land after the operation returned.
SPREAD = 1.25
# How long a child to be killed waits for its kill after the operation, at most.
LINGER = 60
IN_REGISTER = 600  # people the office holds before the import
NEW_PEOPLE = 1200  # rows the import adds
UPDATED = 300  # rows the import changes (a new phone for people it holds)
BACKUP_EXTRA = 5000  # people the restored backup holds besides those of "after": a file that takes a while
SEED = int(os.environ.get("AUYL_KILL_SEED") or random.SystemRandom().randrange(1_000_000))

# The children: one process imports the program once (its flush listeners installed, as the program
# does) and forks a child per run, so a run costs the operation, not the interpreter's start. A child
# writes "ready" before it opens the database, "start" before the operation and "done" after it, each
# line flushed, so the test knows where its kill landed; a child to be killed then waits for its kill with
# the database open. The server reports the child's number and then its exit code.
SERVER = """
import os, sys, time, traceback
from pathlib import Path
from app import db, migrate
from app.services import backup, flush_listeners, import_batches, member_import

flush_listeners.install()


def operate(operation, database, argument, marks, linger):
    with open(marks, "w", buffering=1) as out:
        out.write("ready\\n")
        migrate.open_database(db.sqlite_url(Path(database)))
        out.write("start\\n")
        if operation == "import":
            member_import.import_file(argument)
        elif operation == "restore":
            backup.restore(argument, progress=lambda done, total: out.write(f"copied {done} {total}\\n"))
        else:
            import_batches.undo(int(argument))
        out.write("done\\n")
    time.sleep(float(linger))  # open, as the window stays after an operation


for line in sys.stdin:
    operation, database, argument, marks, home, linger = line.rstrip("\\n").split("\\t")
    child = os.fork()
    if child == 0:
        os.environ["AUYL_HOME"] = home
        try:
            operate(operation, database, argument, marks, linger)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    print(child, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), flush=True)
"""


def people_rows(count: int, seed: int) -> list[list]:
    """``count`` people with distinct valid IINs, in the columns of ``HEADERS``."""
    rng = random.Random(seed)
    rows: dict[str, list] = {}
    while len(rows) < count:
        born = date.fromordinal(date(1940, 1, 1).toordinal() + rng.randint(0, 30000))
        sex = rng.choice("MF")
        number = iin_rules.make(born, sex, rng.randint(0, 9999))
        if number and number not in rows:
            rows[number] = [rng.choice(["Мұқанов", "Сейітов", "Әлиев"]) + ("а" if sex == "F" else ""),
                            rng.choice(["Ерлан", "Айгүл", "Нұрлан", "Сәуле"]), number, born.isoformat(), sex,
                            "Жарлыөзек", f"+7701{rng.randint(0, 9_999_999):07d}"]
    return list(rows.values())


HEADERS = ["Surname", "Given name", "IIN", "Birth date", "Sex", "Village", "Phone"]


def write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def state(path: Path) -> tuple:
    """What an operation changes, read past the program: the rows of each table the import, its undo or
    a restore writes, and a checksum of the people (every column but the time stamps of a run)."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = tuple((table, connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
                       for table in tables)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(members)")
                   if row[2].upper() != "DATETIME"]
        digest = hashlib.sha256()
        for row in connection.execute(f"SELECT {', '.join(columns)} FROM members ORDER BY id"):
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def checks(path: Path) -> tuple[str, list]:
    with closing(sqlite3.connect(path)) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    return integrity, broken


def people_when_opened(path: Path) -> int:
    """The number of people the program reads once it opened the file."""
    with opened(path):
        return members.count()


@dataclass
class Tally:
    operation: str
    landed: dict[str, int] = field(default_factory=lambda: {"before": 0, "during": 0, "after": 0})
    held: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0})
    mid_copy: int = 0  # a restore's kills between two steps of copying the backup in

    def line(self, seconds: float) -> str:
        return (f"{self.operation}: {sum(self.landed.values())} kills over a {seconds:.2f} s run (seed {SEED}): "
                f"{self.landed['before']} before it began, {self.landed['during']} during it, "
                f"{self.landed['after']} after it returned; the database held the old data "
                f"{self.held['old']} times and the new {self.held['new']}"
                + (f"; {self.mid_copy} kills came while the backup was half copied in" if self.mid_copy else ""))


class Runner:
    """Runs one operation in children of ``server`` on fresh copies of an office."""

    def __init__(self, server: subprocess.Popen, operation: str, office: Path, argument: str, folder: Path):
        self.server, self.operation, self.office, self.argument = server, operation, office, argument
        self.folder = folder

    def run(self, number: int | str, delay: float | None) -> tuple[Path, list[str], float]:
        """A child on a copy of the office, killed ``delay`` seconds after it was made (None: left to
        finish). Returns the copy, the child's marks and the seconds it ran."""
        folder = self.folder / f"{self.operation}-{number}"
        path = copy_database(self.office, folder / "auyl.sqlite")
        marks = folder / "marks.txt"
        linger = 0 if delay is None else LINGER
        self.server.stdin.write(f"{self.operation}\t{path}\t{self.argument}\t{marks}\t{folder / 'home'}\t{linger}\n")
        self.server.stdin.flush()
        child = self.answer()
        began = time.monotonic()
        if delay is not None:
            time.sleep(delay)
            with suppress(ProcessLookupError):  # a child that failed has ended: its code says so
                os.kill(child, signal.SIGKILL)
        code = self.answer()
        elapsed = time.monotonic() - began
        expected = 0 if delay is None else -signal.SIGKILL
        assert code == expected, f"the {self.operation} failed in the child (seed {SEED}): see its stderr"
        return path, marks.read_text().splitlines(), elapsed

    def answer(self) -> int:
        line = self.server.stdout.readline()
        assert line, f"the process that forks the children ended (seed {SEED}): see its stderr"
        return int(line)

    def prove(self, old: tuple, old_people: int, new: tuple | None = None) -> Tally:
        """Times MEASURED runs to the end (each leaving ``new``, when given), then kills KILLS children,
        checking each database: intact, opened by the program, and wholly old or wholly new."""
        times, ends = [], set()
        for number in range(MEASURED):
            path, _marks, seconds = self.run(f"timed-{number}", None)
            times.append(seconds)
            assert checks(path) == ("ok", []), f"the {self.operation} ended with a damaged database"
            ends.add(state(path))
            new_people = people_when_opened(path)
            shutil.rmtree(path.parent)
        assert len(ends) == 1 and (new is None or ends == {new}), f"the {self.operation} left {len(ends)} states"
        new, seconds = ends.pop(), statistics.median(times)
        assert new != old, f"the {self.operation} changed nothing to tell apart"
        rng = random.Random(f"{SEED}-{self.operation}")
        tally = Tally(self.operation)
        for number in range(1, KILLS + 1):
            share = rng.uniform(0, SPREAD)
            path, marks, _elapsed = self.run(number, share * seconds)
            where = (f"{self.operation}, kill {number} at {share:.0%} of a {seconds:.2f} s run, marks {marks} "
                     f"(seed {SEED})")
            integrity, broken = checks(path)
            assert integrity == "ok", f"{where}: integrity_check says {integrity}"
            assert broken == [], f"{where}: rows refer to nothing: {broken[:5]}"
            found = state(path)
            assert found in (old, new), f"{where}: the data is neither all before nor all after the {self.operation}"
            assert people_when_opened(path) == (old_people if found == old else new_people), where
            if "done" in marks:
                assert found == new, f"{where}: the {self.operation} returned, but its data is gone"
            tally.landed["after" if "done" in marks else "during" if "start" in marks else "before"] += 1
            copied = [line.split()[1:] for line in marks if line.startswith("copied ")]
            tally.mid_copy += bool(copied) and "done" not in marks and copied[-1][0] != copied[-1][1]
            tally.held["old" if found == old else "new"] += 1
            shutil.rmtree(path.parent)
        print(tally.line(seconds))
        return tally


@pytest.fixture(scope="module")
def server() -> subprocess.Popen:
    env = {**os.environ, "AUYL_TODAY": clock.today().isoformat(), "QT_QPA_PLATFORM": "offscreen"}
    for name in ("AUYL_DB", "AUYL_DATABASE_URL"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "-c", SERVER], cwd=REPO, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    yield process
    process.stdin.close()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def offices(template_db, tmp_path_factory) -> dict:
    """Closed offices: "before" holds IN_REGISTER people; "after" is it after import number "batch" of
    "file", which adds NEW_PEOPLE and gives UPDATED of them a new phone; "backup" is a backup of "after"
    with BACKUP_EXTRA more people."""
    folder = tmp_path_factory.mktemp("offices")
    first = people_rows(IN_REGISTER, seed=1)
    before = copy_database(template_db, folder / "before" / "auyl.sqlite")
    with opened(before):
        assert import_file(write_csv(folder / "first.csv", first)).added == IN_REGISTER
    after, source = folder / "after.sqlite", import_file_of(folder / "people.csv", first, NEW_PEOPLE, UPDATED)
    db_files.copy(before, after)
    with opened(after):
        batch = import_file(source).batch_id
    bigger = folder / "bigger.sqlite"
    db_files.copy(after, bigger)
    with opened(bigger):
        import_file(write_csv(folder / "more.csv", people_rows(BACKUP_EXTRA, seed=3)))
    db_files.copy(bigger, folder / "backup.sqlite")  # as a backup is made: one file, no write-ahead log
    return {"before": before, "after": after, "file": source, "batch": batch, "backup": folder / "backup.sqlite"}


def import_file_of(path: Path, register: list[list], new: int, updated: int) -> Path:
    """A file that gives the first ``updated`` people of ``register`` a new phone and adds ``new``."""
    changed = [[*row[:-1], f"+7702{index:07d}"] for index, row in enumerate(register[:updated])]
    return write_csv(path, changed + people_rows(new, seed=2))


@contextmanager
def opened(path: Path) -> Iterator[None]:
    migrate.open_database(db.sqlite_url(path))
    try:
        yield
    finally:
        db.dispose()


def test_a_killed_import_leaves_the_register_whole_with_all_of_the_file_or_none(server, offices, tmp_path):
    before = offices["before"]
    tally = Runner(server, "import", before, str(offices["file"]), tmp_path).prove(state(before), IN_REGISTER)
    assert tally.held["old"] and tally.landed["during"]


def test_a_killed_restore_leaves_the_office_as_it_was_or_as_the_backup_holds_it(server, offices, tmp_path):
    before = offices["before"]
    runner = Runner(server, "restore", before, str(offices["backup"]), tmp_path)
    tally = runner.prove(state(before), IN_REGISTER, new=state(offices["backup"]))
    assert tally.held["old"] and tally.landed["during"]


def test_a_killed_undo_of_an_import_leaves_all_of_the_import_or_none_of_it(server, offices, tmp_path):
    after = offices["after"]
    runner = Runner(server, "undo", after, str(offices["batch"]), tmp_path)
    tally = runner.prove(state(after), IN_REGISTER + NEW_PEOPLE)
    assert tally.held["old"] and tally.landed["during"]
