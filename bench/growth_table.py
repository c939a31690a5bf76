"""Makes README's growth table from bench/results/growth.json (`bench/run.py --only growth`).

    python bench/growth_table.py           # rewrites the table between README's two markers
    python bench/growth_table.py --check   # exits 1 when README's table is not the one the file makes

The table is never typed: each cell is a figure of the results file, so it changes only when the
benchmark runs again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "growth.json"
README = ROOT / "README.md"
BEGIN = "<!-- growth-table: made by bench/growth_table.py from bench/results/growth.json -->"
END = "<!-- growth-table: end -->"

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ROWS = (  # figure, label, unit
    ("demo_s", "`auyl demo --members N`", "s"),
    ("demo_cpu_s", "the same, CPU (user + system)", "s"),
    ("migrate_to_s", "`auyl migrate-to` of that demo", "s"),
    ("migrate_to_cpu_s", "the same, CPU of the program", "s"),
    ("search_rows_p50_ms", "search as you type, rows p50", "ms"),
    ("search_rows_p95_ms", "search as you type, rows p95", "ms"),
    ("search_count_p95_ms", "the count after it, p95", "ms"),
    ("open_page_s", "members page to its first rows", "s"),
    ("start_page_s", "Start page with every figure", "s"),
)


def _people(n: int) -> str:
    return f"{n:,}"


def _cell(figure: dict | None) -> str:
    if figure is None or figure["value"] is None:
        return "–"
    value = figure["value"]
    text = f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
    return text + (" ✗" if figure["met"] is False else "")


def _target(name: str, targets: dict) -> str:
    target = targets.get(name)
    if target is None:
        return ""
    if isinstance(target, dict):
        return "; ".join(f"≤ {value:g} at {_people(int(n))}" for n, value in target.items())
    return f"≤ {target:g}"


def table(results: dict) -> str:
    """The Markdown between the markers: the table and the line that says where and when."""
    growth = results["growth"]
    columns = [(engine, people) for engine in ENGINES for people in growth.get(engine, {})]
    head = "| figure | unit | " + " | ".join(f"{ENGINES[e]} {_people(int(n))}" for e, n in columns) + " | target |"
    lines = [head, "|" + "---|" * (len(columns) + 3)]
    for name, label, unit in ROWS:
        cells = [_cell(growth[e][n]["figures"].get(name)) for e, n in columns]
        if all(c == "–" for c in cells):
            continue
        lines.append(f"| {label} | {unit} | " + " | ".join(cells) + f" | {_target(name, growth['targets'])} |")
    notes = {people: size["build"]["note"] for engine in ENGINES for people, size in growth.get(engine, {}).items()
             if size["build"].get("note")}
    lines += [""] + [f"The demo of {_people(int(people))}: {note}." for people, note in notes.items()] if notes else []
    server = growth.get("server")
    if server:
        lines += ["", f"The PostgreSQL server: version {server['server_version']}, shared_buffers "
                      f"{server['shared_buffers']}, effective_cache_size {server['effective_cache_size']}, "
                      f"max_parallel_workers_per_gather {server['max_parallel_workers_per_gather']}."]
    machine = results["machine"]
    lines += ["", f"Measured {results['when']} on {machine['platform']}, {machine['cpus']} CPUs, Python "
                  f"{machine['python']}; ✗: a target missed. The machine was shared while measuring: the "
                  f"CPU rows say what the program itself spent."]
    return "\n".join(lines)


def made(readme: str, results: dict) -> str:
    """``readme`` with the part between the markers made from ``results``."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + table(results) + "\n" + readme[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether README's table is up to date")
    args = parser.parse_args()
    readme = README.read_text(encoding="utf-8")
    wanted = made(readme, json.loads(RESULTS.read_text(encoding="utf-8")))
    if args.check:
        if wanted != readme:
            print("README's growth table is not the one bench/results/growth.json makes: "
                  "run python bench/growth_table.py")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    print(f"README's growth table made from {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
