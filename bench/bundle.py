"""The frozen program: `python bench/run.py --only bundle` (or `python bench/bundle.py`).

The bundle's size on disk, and the cold start of the frozen program to its main window painted
beside the source program's start, measured the same way in the same run on the same office (demo
data, AUYL_EXIT_WHEN_SHOWN=1, offscreen; the median of --runs taken in turns, after one warming run of
each): `frozen_to_source_ratio` with its target (1.2) and whether it is met, and when each has the
start page's figures in. The bundle is dist/AuylOffice from installer/build.py; it is built first
when missing or older than the source. Results go under the "bundle" key of
bench/results/latest.json; other keys are kept.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import AUYL, ROOT, marks, prepare_office, timed  # bench/run.py: this folder is on sys.path

sys.path.insert(0, str(ROOT / "installer"))
import layout  # noqa: E402

BUNDLE = ROOT / "dist" / layout.BUNDLE_NAME
TARGET_RATIO = 1.2


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 1e6


def run(args) -> dict:
    if not layout.bundle_is_current(BUNDLE):  # a stale one may not open the office the source prepares
        subprocess.run([sys.executable, str(ROOT / "installer" / "build.py")], check=True)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, AUYL_HOME=home, AUYL_EXIT_WHEN_SHOWN="1", PYTHONPATH=str(ROOT))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for name in ("AUYL_DB", "AUYL_DATABASE_URL", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        prepare_office(Path(home), args.members, env)
        frozen_env = {name: value for name, value in env.items() if name != "PYTHONPATH"}
        # The console program opens the same window and, unlike AuylOffice.exe, can print "shown".
        window = layout.console_program(BUNDLE)
        timed(AUYL, env, 1)  # warm both: the disk cache, and the source's byte-compiled files
        timed("", frozen_env, 1, command=[str(window)])
        figures = {"frozen_start_s": [], "source_start_s": [], "frozen_filled_s": [], "source_filled_s": []}
        for _ in range(args.runs):  # in turns, so a busy spell of the machine weighs on both alike
            for program, found in (("frozen", marks("", frozen_env, 1, command=[str(window)])[0]),
                                   ("source", marks(AUYL, env, 1)[0])):
                figures[f"{program}_start_s"].append(found["shown"])
                figures[f"{program}_filled_s"].append(found["filled"])
    medians = {name: statistics.median(values) for name, values in figures.items()}
    ratio = medians["frozen_start_s"] / medians["source_start_s"]
    section = {
        "bundle": str(BUNDLE.relative_to(ROOT)),
        "size_mb": round(size_mb(BUNDLE), 1),
        "files": sum(1 for path in BUNDLE.rglob("*") if path.is_file()),
        "members": args.members,
        "runs": args.runs,
        **{name: {"median": round(medians[name], 4), "all": [round(v, 4) for v in values]}
           for name, values in figures.items()},
        "frozen_to_source_ratio": {"value": round(ratio, 3), "target": TARGET_RATIO, "met": ratio <= TARGET_RATIO},
    }
    print(f"bundle {section['size_mb']} MB in {section['files']} files; start to a painted window: "
          f"frozen {medians['frozen_start_s']:.3f} s, source {medians['source_start_s']:.3f} s "
          f"(ratio {ratio:.2f}, target <= {TARGET_RATIO}); figures in: frozen {medians['frozen_filled_s']:.2f} s, "
          f"source {medians['source_filled_s']:.2f} s")
    return section


if __name__ == "__main__":
    sys.argv[1:1] = ["--only", "bundle"]
    from run import main

    sys.exit(main())
