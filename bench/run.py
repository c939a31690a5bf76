"""Benchmarks: `python bench/run.py` writes bench/results/latest.json and prints a table.

Start-up: the cold start of `auyl` to its main window painted (with the start page's frame) on a
migrated database with demo data, beside two floors measured the same way in the same run: a bare
PySide6 window, and the same window after importing SQLAlchemy's ORM (the stack floor). Also the
moment the start page's figures are in (the services load after the first paint). Each figure is
the median of several runs of a new process; compare ratios, the machine is noisy.

District (bench/district.py): 300 centres × 4 quarters of signed packages taken in by a district
office and consolidated quarter by quarter; target under 30 s.

Meetings (bench/meetings.py): taking attendance at a сход of the biggest village of a
100,000-person register (search as you type, ticking with the quorum recount) and its protocol with
2,000 people on the registration sheet.

Members (bench/members.py): search as you type, opening the members page and the memory of
scrolling it to the end on 100,000 people; importing 10,000 rows against openpyxl and printing the
10,000-row register against LibreOffice. The "members" section of the results holds every figure,
its target and whether it is met. `--quick` uses smaller sizes and writes bench/results/quick.json.

On a server: `--only members --url postgresql+psycopg://...` measures the search, the members page,
its memory and the Start page on that database with the 100,000 people (filled once when it is
empty), into the "members_postgresql" section (the engine's name) beside the SQLite one.

Growth (bench/growth.py, only when asked: `--only growth [--url URL]`): the demo's time, the
search, the members page and the Start page at 10,000 and 100,000 people on SQLite and, with a
server URL, `auyl migrate-to` and the same figures at 10,000, 100,000 and 1,000,000 people on it;
written to bench/results/growth.json, from which bench/growth_table.py makes README's growth table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import members as members_bench  # bench/members.py: this folder is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_RATIO = 1.0

# Each program prints "shown <epoch seconds>" in the event loop's turn after its window's first
# paint event (the whole frame is painted by then), as app/ui/main_window.py's paintEvent marks it,
# and quits; the figure is that moment minus the moment the process was started (teardown excluded).
BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
        return False
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
app.exec()
"""
STACK_FLOOR = "import sqlalchemy.orm\n" + BARE_WINDOW
# auyl prints "shown" at its first paint and "filled" once the start page's figures are in, then quits.
AUYL = "import sys\nfrom app.main import main\nsys.exit(main([]))\n"


def timed(code: str, env: dict, runs: int, command: list[str] | None = None, mark: str = "shown") -> list[float]:
    """Seconds to a shown window of `python -c code` (or of `command`, a frozen program), each run;
    or to another moment the program prints (`mark`)."""
    return [figures[mark] for figures in marks(code, env, runs, command)]


def marks(code: str, env: dict, runs: int, command: list[str] | None = None) -> list[dict[str, float]]:
    """Each run's moments the program printed ("shown <epoch>", ...), in seconds from its start."""
    found = []
    for _ in range(runs):
        started = time.time()
        done = subprocess.run(command or [sys.executable, "-c", code], env=env, check=True, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
        moments = {}
        for line in done.stdout.splitlines():
            name, _space, value = line.partition(" ")
            if name in ("shown", "filled"):
                moments[name] = float(value) - started
        if "shown" not in moments:
            raise RuntimeError("the program did not report a shown window")
        found.append(moments)
    return found


def prepare_office(home: Path, members: int, env: dict) -> None:
    auyl = [sys.executable, "-m", "app"]
    subprocess.run(auyl + ["init"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(auyl + ["settings", "--set", "setup_completed=true"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(auyl + ["demo", "--members", str(members), "--seed", "1"], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def startup(args) -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, AUYL_HOME=home, AUYL_EXIT_WHEN_SHOWN="1", PYTHONPATH=str(ROOT))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("AUYL_DB", None)
        # An installed program runs byte-compiled: let the warming run below write the .pyc files.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("AUYL_DATABASE_URL", None)
        prepare_office(Path(home), args.members, env)
        timed(AUYL, env, 1)  # warm the disk cache and byte-compile, as an installed program would be
        timed(STACK_FLOOR, env, 1)
        figures = {"bare_window_s": [], "stack_floor_s": [], "auyl_start_s": [], "auyl_filled_s": []}
        for _ in range(args.runs):  # in turns, so a busy spell of the machine weighs on all alike
            figures["bare_window_s"] += timed(BARE_WINDOW, env, 1)
            figures["stack_floor_s"] += timed(STACK_FLOOR, env, 1)
            auyl = marks(AUYL, env, 1)[0]
            figures["auyl_start_s"].append(auyl["shown"])
            figures["auyl_filled_s"].append(auyl["filled"])
    medians = {name: statistics.median(values) for name, values in figures.items()}
    ratio = medians["auyl_start_s"] / medians["stack_floor_s"]
    print(f"{'figure':<16}{'median s':>10}")
    for name, value in medians.items():
        print(f"{name:<16}{value:>10.3f}")
    print(f"auyl / stack floor = {ratio:.2f} (target <= {TARGET_RATIO}; start page filled at "
          f"{medians['auyl_filled_s']:.2f} s)")
    return {
        # The demo size of the start-up figures ("members" is the section's figures).
        "startup_members": args.members,
        "runs": args.runs,
        "startup": {name: {"median": round(medians[name], 4), "all": [round(v, 4) for v in values]}
                    for name, values in figures.items()},
        # As the other sections give a figure: its value, its target and whether it is met.
        "startup_ratio_to_stack_floor": {"value": round(ratio, 3), "target": TARGET_RATIO, "met": ratio <= TARGET_RATIO},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=5000, help="demo size of the start-up figures")
    parser.add_argument("--quick", action="store_true",
                        help="members figures on smaller sizes (10,000 and 2,000 people); "
                             "written to bench/results/quick.json unless --out is given")
    parser.add_argument("--only", choices=("startup", "members", "meetings", "district", "bundle", "growth"),
                        help="run one part; the other parts of an existing results file are kept "
                             "(bundle: the frozen program of installer/build.py, only when asked; growth: "
                             "into bench/results/growth.json, only when asked)")
    parser.add_argument("--url", help="with --only members: measure on this server database (e.g. "
                                       "postgresql+psycopg://user:password@host/auyl_bench), filled once if empty; "
                                       "with --only growth: the server database of the million (filled once), "
                                       "the smaller ones made beside it")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.url and args.only not in ("members", "growth"):
        parser.error("--url measures the members figures: give --only members (or growth) with it")
    out = args.out or RESULTS / ("growth.json" if args.only == "growth" else
                                 "quick.json" if args.quick else "latest.json")

    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "qpa": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    }
    if args.only and out.exists():  # keep the part not run
        kept = json.loads(out.read_text(encoding="utf-8"))
        result = {**kept, **result}
    if args.only in (None, "startup"):
        result.update(startup(args))
    if args.only == "growth":
        import growth  # bench/growth.py

        result["growth"] = growth.run(args.url, kept=result.get("growth"))
        print(growth.table(result["growth"]))
    elif args.url:
        section = members_bench.run_server(args.url, quick=args.quick)
        result[f"members_{section['engine']}"] = section
        print(members_bench.server_table(section))
    elif args.only in (None, "members"):
        section = members_bench.run(quick=args.quick)
        result["members"] = section
        print(members_bench.table(section))
    if args.only in (None, "meetings"):
        import meetings  # bench/meetings.py

        result["meetings"] = meetings.run(quick=args.quick)
        print(meetings.table(result["meetings"]))
    if args.only in (None, "district"):
        import district  # bench/district.py

        result["district"] = district.run(quick=args.quick)
        print(district.table(result["district"]))
    if args.only == "bundle":
        import bundle  # bench/bundle.py

        result["bundle"] = bundle.run(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, out)
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
