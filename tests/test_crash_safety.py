"""A process killed in the middle of a big write leaves a whole database: all of the change or none."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MEMBERS = 60_000


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_demo_generation_leaves_an_intact_database_with_none_of_it(template_db, tmp_path, private_home):
    path = tmp_path / "auyl.sqlite"
    shutil.copyfile(template_db, path)  # already migrated: the child process only writes people
    wal = Path(f"{path}-wal")
    env = {**os.environ, "AUYL_HOME": str(private_home)}
    env.pop("AUYL_DB", None)
    env.pop("AUYL_DATABASE_URL", None)
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "--lang", "en", "--db", str(path), "demo", "--members", str(MEMBERS)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline and child.poll() is None:
                if wal.exists() and wal.stat().st_size > 2_000_000:
                    break
                time.sleep(0.01)
            wal_size = wal.stat().st_size if wal.exists() else 0
            still_running = child.poll() is None
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    errors = (tmp_path / "stderr.txt").read_text(errors="replace")
    assert still_running, f"the demo finished before it could be killed: {errors}"
    assert child.returncode == -signal.SIGKILL
    assert wal_size > 1_000_000, "the kill did not land in the middle of the write"

    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        members = connection.execute("SELECT count(*) FROM members").fetchone()[0]
        households = connection.execute("SELECT count(*) FROM households").fetchone()[0]
        audit = connection.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
        villages = connection.execute("SELECT count(*) FROM villages").fetchone()[0]
    assert members in (0, MEMBERS)
    assert (members == 0) == (households == 0) == (audit == 0)
    assert villages == 3
