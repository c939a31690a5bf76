"""The meetings benchmarks, run by `python bench/run.py --only meetings`: taking
attendance at a сход of the biggest village of a 100,000-person register, through the same service
calls the attendance tab makes.

- search: the candidates list filtered as staff type (prefixes of surnames taken from the data, the
  first 200 rows as the tab shows them); p50 / p95 ms, target p95 <= 100 ms;
- tick: ticking one person present, which also recounts quorum; p50 / p95 ms, target p95 <= 150 ms;
- protocol: the protocol PDF of that сход with 2,000 people on its registration sheet; seconds,
  target <= 1.5 s.

The database is built once with `auyl demo` in a temporary folder; the measures run in this process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"search_p95_ms": 100.0, "tick_p95_ms": 150.0, "protocol_s": 1.5}
SIZES = {False: 100_000, True: 10_000}


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 1), "p95": round(ordered[int(len(ordered) * 0.95) - 1], 1),
            "max": round(ordered[-1], 1), "n": len(ordered)}


def run(quick: bool = False, log=print) -> dict:
    members = SIZES[quick]
    with tempfile.TemporaryDirectory(prefix="auyl-bench-meetings-") as home:
        env = dict(os.environ, AUYL_HOME=home, PYTHONPATH=str(ROOT))
        for name in ("AUYL_DB", "AUYL_DATABASE_URL"):
            env.pop(name, None)
        log(f"meetings: building a demo district of {members:,} people…")
        subprocess.run([sys.executable, "-m", "app", "demo", "--members", str(members), "--seed", "1"],
                       env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        os.environ["AUYL_HOME"] = home
        from app import db, migrate
        from app.paths import default_db_path
        from app.printing.meetings import print_minutes
        from app.services import flush_listeners, meetings, settings
        from app.services import members as register

        flush_listeners.install()  # as app.main does
        migrate.open_database(db.sqlite_url(default_db_path()))
        village = max(settings.villages(), key=lambda v: register.count(village_id=v.id))
        meeting = meetings.create(meetings.MeetingData("gathering", datetime(2030, 2, 1, 10), village_id=village.id,
                                                       chair="Chair", secretary="Secretary"),
                                  [meetings.ItemData("Budget")])
        entitled = meetings.quorum(meeting).entitled
        surnames = sorted({row.name.split()[0] for row in meetings.attendance_candidates(meeting, limit=3000)})
        typed = [name[:n] for name in surnames[::max(1, len(surnames) // 60)] for n in (1, 2, 3, 4)]
        log(f"meetings: search as you type ({len(typed)} keystrokes) among {entitled:,} entitled…")
        search = []
        for text in typed:
            started = time.perf_counter()
            meetings.attendance_candidates(meeting, text, limit=200)
            search.append((time.perf_counter() - started) * 1000)
        people = [row.member_id for row in meetings.attendance_candidates(meeting, limit=2000)]
        log("meetings: ticking people present…")
        ticks = []
        for member_id in people[:200]:
            started = time.perf_counter()
            meetings.set_present(meeting, [member_id])
            ticks.append((time.perf_counter() - started) * 1000)
        meetings.set_present(meeting, people)
        log(f"meetings: the protocol with {len(people):,} on the registration sheet…")
        started = time.perf_counter()
        print_minutes(meeting, "kk", Path(home) / "protocol.pdf")
        protocol_s = time.perf_counter() - started
        db.dispose()
    figures = {"members": members, "entitled": entitled, "search_ms": _percentiles(search),
               "tick_ms": _percentiles(ticks), "protocol_s": round(protocol_s, 2),
               "protocol_present": len(people)}
    measured = {"search_p95_ms": figures["search_ms"]["p95"], "tick_p95_ms": figures["tick_ms"]["p95"],
                "protocol_s": figures["protocol_s"]}
    figures["targets"] = {name: {"value": value, "target": TARGETS[name], "met": value <= TARGETS[name]}
                          for name, value in measured.items()}
    return figures


def table(section: dict) -> str:
    lines = [f"{'meetings figure':<18}{'value':>10}{'target':>10}  met"]
    for name, figure in section["targets"].items():
        lines.append(f"{name:<18}{figure['value']:>10}{figure['target']:>10}  {'yes' if figure['met'] else 'NO'}")
    return "\n".join(lines)
