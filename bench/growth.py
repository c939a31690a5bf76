"""How cost grows with the register, run by `python bench/run.py --only growth [--url URL]`.

At 10,000 and 100,000 people on SQLite and, with a server URL, at 10,000, 100,000 and 1,000,000
people on PostgreSQL: `auyl demo --members N` (SQLite, the demo the others are measured on), `auyl
migrate-to` of that demo into an empty server database, and on each database the members figures of
bench/members.py (search as you type: rows p95; the members page to its first rows; the Start page
with every figure), each measure in a new process. Written to bench/results/growth.json; the
README's growth table is made from that file by bench/growth_table.py.

A demo of a million takes minutes, so each demo file is built once (timed) into CACHE and kept for
later runs with the figures of its build. The server databases of 10,000 and 100,000 people are made
afresh each run (``<database>_<people>`` beside the URL's, dropped after), so migrate-to is timed
every run; the URL's own database holds the million, filled once and kept (its migrate-to figure
kept with it), as `--only members --url` does.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import members as members_bench  # bench/members.py: this folder is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "auyl-bench-growth"
SQLITE_SIZES = (10_000, 100_000)
SERVER_SIZES = (10_000, 100_000, 1_000_000)
KEPT_ON_SERVER = 1_000_000  # the URL's own database, filled once
RUNS = 3
TARGETS = {  # issue-level goals of a region-sized server (README, Benchmarks)
    "demo_s": {100_000: 15.0},
    "migrate_to_s": {1_000_000: 600.0},
    "search_rows_p95_ms": 30.0,
    "open_page_s": 1.0,
    "start_page_s": 1.0,
}


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict) -> dict:
    """Wall and CPU seconds (user + system) of a command: the machine is shared, so both are kept."""
    cpu, started = _cpu_of_children(), time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {"wall_s": round(time.perf_counter() - started, 1), "cpu_s": round(_cpu_of_children() - cpu, 1)}


def demo(people: int, log=print) -> tuple[Path, dict]:
    """The SQLite demo office of ``people`` (built once and kept in CACHE) and its build's figures."""
    folder = CACHE / str(people)
    figures_file = folder / "build.json"
    if figures_file.exists():
        return folder / "auyl.sqlite", {**json.loads(figures_file.read_text()), "built_now": False}
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    log(f"growth: building the demo of {people:,} people (once, kept in {CACHE})…")
    env = members_bench._env(folder)
    auyl = [sys.executable, "-m", "app"]
    _timed(auyl + ["init"], env)
    _timed(auyl + ["settings", "--set", "setup_completed=true"], env)
    figures = _timed(auyl + ["demo", "--members", str(people), "--seed", str(members_bench.SEED)], env)
    figures_file.write_text(json.dumps(figures))
    return folder / "auyl.sqlite", {**figures, "built_now": True}


def _server_database(url: str, people: int):
    """The URL of the server database for ``people``: the URL's own for the kept size, else one beside it."""
    from sqlalchemy.engine import make_url

    base = make_url(url)
    return base if people == KEPT_ON_SERVER else base.set(database=f"{base.database}_{people}")


def _admin(url, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _server_settings(url) -> dict:
    """The server's version and the settings that decide how much of a big register stays in memory."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            settings = {name: connection.scalar(text(f"SHOW {name}"))
                        for name in ("server_version", "shared_buffers", "effective_cache_size",
                                     "max_parallel_workers_per_gather")}
    finally:
        engine.dispose()
    return settings


def _people_in(url) -> int | None:
    """How many people the server database holds; None when it has no register yet."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "members" not in inspect(connection).get_table_names():
                return None
            return connection.scalar(text("SELECT count(*) FROM members"))
    finally:
        engine.dispose()


def _measures(people: int, home_of, url: str | None = None) -> dict:
    """Search, the members page and the Start page on one database, each in new processes."""
    search = members_bench._child("search", home_of("search"), timeout=3600, url=url)
    opens = [members_bench._child("open_page", home_of(f"open{i}"), timeout=900, url=url) for i in range(RUNS)]
    starts = [members_bench._child("start_page", home_of(f"start{i}"), timeout=900, url=url) for i in range(RUNS)]
    return {"search": members_bench._search_section(search, people),
            "open_page": members_bench._open_section(opens, people),
            "start_page": members_bench._start_section(starts, people)}


def _figures(people: int, built: dict, measured: dict, migrate_to: dict | None) -> dict:
    """The flat figures of one size, each with its target (where the goals set one) and whether it is met."""
    values = {"demo_s": built["wall_s"], "demo_cpu_s": built["cpu_s"],
              "search_rows_p95_ms": measured["search"]["rows_ms"]["p95"],
              "search_rows_p50_ms": measured["search"]["rows_ms"]["p50"],
              "search_count_p95_ms": measured["search"]["count_ms"]["p95"],
              "open_page_s": measured["open_page"]["value"],
              "start_page_s": measured["start_page"]["value"]}
    if migrate_to:
        values.update(migrate_to_s=migrate_to["wall_s"], migrate_to_cpu_s=migrate_to["cpu_s"])
    figures = {}
    for name, value in values.items():
        target = TARGETS.get(name)
        target = target.get(people) if isinstance(target, dict) else target
        figures[name] = {"value": value, "target": target,
                         "met": None if target is None or value is None else value <= target}
    return figures


def run(url: str | None = None, log=print, kept: dict | None = None) -> dict:
    """Every size's figures: the "growth" section (also written to bench/results/growth.json by run.py)."""
    from sqlalchemy.engine import make_url

    started = time.perf_counter()
    kept = kept or {}
    result: dict = {"sqlite": {}, "targets": {k: ({str(n): t for n, t in v.items()} if isinstance(v, dict) else v)
                                              for k, v in TARGETS.items()}}
    with tempfile.TemporaryDirectory(prefix="auyl-bench-growth-") as tmp:
        tmp = Path(tmp)
        for people in SQLITE_SIZES:
            office, built = demo(people, log)
            log(f"growth: SQLite, {people:,} people…")
            measured = _measures(people, lambda name, p=people: members_bench._copy_office(
                office, tmp / f"sqlite{p}" / name))
            result["sqlite"][str(people)] = {"build": built, "figures": _figures(people, built, measured, None)}
        if url:
            engine = make_url(url).get_backend_name()
            result[engine] = {}
            result["server"] = _server_settings(make_url(url))
            for people in SERVER_SIZES:
                office, built = demo(people, log)
                database = _server_database(url, people)
                present = _people_in(database) if people == KEPT_ON_SERVER else None
                earlier = kept.get(engine, {}).get(str(people), {}).get("migrate_to")
                if people == KEPT_ON_SERVER and present == people and earlier:
                    log(f"growth: {database.database} already holds the {people:,} people")
                    migrate_to = {**earlier, "done_now": False}
                else:
                    if people == KEPT_ON_SERVER and present is not None:
                        raise SystemExit(f"{database.database} holds {present:,} people and no figure of its "
                                         f"filling is kept: give an empty database for the {people:,}")
                    if people != KEPT_ON_SERVER:
                        _admin(database, f'DROP DATABASE IF EXISTS "{database.database}"')
                        _admin(database, f'CREATE DATABASE "{database.database}"')
                    log(f"growth: migrate-to of {people:,} people into {database.database}…")
                    home = tmp / f"fill{people}"
                    home.mkdir()
                    target = database.render_as_string(hide_password=False)
                    migrate_to = {**_timed([sys.executable, "-m", "app", "--db", str(office), "migrate-to", target],
                                           members_bench._env(home)), "done_now": True}
                try:
                    log(f"growth: {engine}, {people:,} people…")
                    measured = _measures(people, lambda name, p=people: tmp / f"{engine}{p}" / name,
                                         database.render_as_string(hide_password=False))
                finally:
                    if people != KEPT_ON_SERVER:
                        _admin(database, f'DROP DATABASE IF EXISTS "{database.database}"')
                result[engine][str(people)] = {"build": built, "migrate_to": migrate_to,
                                               "figures": _figures(people, built, measured, migrate_to)}
    result["total_s"] = round(time.perf_counter() - started, 1)
    result["method"] = ("demo_s: `auyl demo --members N --seed 1` into a new SQLite office (wall seconds; "
                        "demo_cpu_s its user + system CPU seconds, the machine being shared); migrate_to_s: "
                        "`auyl --db FILE migrate-to URL` of that demo into an empty server database; "
                        "search, open_page and start_page as in bench/members.py (rows p95 of "
                        "the as-you-type keystrokes; medians of new processes).")
    return result


def table(section: dict) -> str:
    """The lines bench/run.py prints for the growth section."""
    lines = [f"{'figure':<22}" + "".join(f"{engine[:6] + ' ' + _short(int(n)):>14}"
                                          for engine in ("sqlite", "postgresql") for n in section.get(engine, {}))]
    names = {name for engine in ("sqlite", "postgresql") for size in section.get(engine, {}).values()
             for name in size["figures"]}
    for name in sorted(names):
        cells = []
        for engine in ("sqlite", "postgresql"):
            for size in section.get(engine, {}).values():
                figure = size["figures"].get(name)
                cells.append("-" if figure is None else f"{figure['value']:.3g}"
                             + {True: "", False: "!", None: ""}[figure["met"]])
        lines.append(f"{name:<22}" + "".join(f"{c:>14}" for c in cells))
    lines.append("(! a target missed)")
    return "\n".join(lines)


def _short(people: int) -> str:
    return f"{people // 1_000_000}M" if people >= 1_000_000 else f"{people // 1000}k"


if __name__ == "__main__":
    os.execv(sys.executable, [sys.executable, str(Path(__file__).with_name("run.py")), "--only", "growth", *sys.argv[1:]])
