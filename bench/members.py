"""The members-register benchmarks, run by `python bench/run.py` (see there).

Figures, each beside its target, all written to the "members" section of the results file:

1. search: as-you-type search on a real MembersPage over the large demo database (100,000 people):
   for every keystroke of a list of typed prefixes taken from the data, the time from setting the
   search text to the model holding the new rows (the page's ``refresh`` is called directly instead
   of waiting for the typing-pause timer), and separately the count that follows (``_count``, what
   the page's zero-delay counting timer runs). p50 / p95 / max; target: rows p95 <= 30 ms.
2. open_page: ``MainWindow.show_page(MembersPage)`` on a fresh, shown window in a new process, to
   the first rows in the model. Median of several processes; target <= 1 s.
3. memory: peak RSS (ru_maxrss) of a process that opens the window and the members page and
   scrolls the list to the end by calling ``model.fetchMore`` until it has every row; target <= 200 MB.
4. import: ``member_import.import_file`` of a 10,000-row .xlsx (written by the printing layer's
   ``export_list`` from a 10,000-member demo) into a fresh database, against openpyxl read_only
   reading the same file, each in a new process of the same run; target ratio <= 1.5. Beside it the
   same ratio of CPU time, and the same file imported into the database it was exported from.
5. register: ``members_register.render(register_data(...))`` (app/printing/members.py) of the
   10,000-member database against LibreOffice converting the same rows (an .xlsx of the register's
   six columns) to PDF, same run;
   target ratio <= 0.5.

The demo databases are built once per run in a temporary folder; every measure gets its own copy
of the file and its own AUYL_HOME, in a new process (``--child NAME``), so none sees another's
caches, preferences or memory.

On a server (``run.py --only members --url URL``, ``run_server``): figures 1-3 and the start page's
(6. start_page: the Start page's own reads, ``dashboard.summary`` for its first paint and
``dashboard.figures`` after it, in a new process to the window shown with every figure; then the
same two reads again on the open window, warm) on the database at URL with the large demo, filled
once by ``auyl migrate-to`` from a SQLite demo when it is empty and kept for later runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 1
LANG = "kk"  # the interface and register language of the measures (Kazakh, the default)

SIZES = {
    False: dict(large=100_000, medium=10_000, runs=3),  # the register's sizes
    True: dict(large=10_000, medium=2_000, runs=2),  # --quick, for developers
}
TARGETS = {
    "search_rows_p95_ms": 30.0,
    "open_page_s": 1.0,
    "memory_peak_rss_mb": 200.0,
    "import_ratio_to_openpyxl": 1.5,
    "register_ratio_to_libreoffice": 0.5,
    "start_page_s": 1.0,  # no target is set for the Start page: the members page's opening (1 s)
}
MIN_KEYSTROKES = 200


# The parent: databases, subprocesses, the section of the results file ---------------------------

def _env(home: Path, url: str | None = None) -> dict:
    """The environment of an office in ``home``, on its own SQLite file or on the server at ``url``."""
    env = dict(os.environ, AUYL_HOME=str(home), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    for name in ("AUYL_DB", "AUYL_DATABASE_URL", "AUYL_EXIT_WHEN_SHOWN"):
        env.pop(name, None)
    if url:
        env["AUYL_DATABASE_URL"] = url
    return env


def _build(home: Path, members: int) -> Path:
    """A migrated, set-up office in ``home`` with ``members`` demo people (0: none); its file."""
    auyl = [sys.executable, "-m", "app"]
    env = _env(home)
    quiet = dict(env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    subprocess.run(auyl + ["init"], **quiet)
    subprocess.run(auyl + ["settings", "--set", "setup_completed=true"], **quiet)
    if members:
        subprocess.run(auyl + ["demo", "--members", str(members), "--seed", str(SEED)], **quiet)
    return home / "auyl.sqlite"


def _copy_office(database: Path, home: Path) -> Path:
    """A fresh AUYL_HOME holding a copy of a closed database (with its write-ahead log, if any)."""
    home.mkdir(parents=True)
    shutil.copyfile(database, home / "auyl.sqlite")
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{database}{suffix}")
        if extra.exists():
            shutil.copyfile(extra, home / f"auyl.sqlite{suffix}")
    return home


def _child(name: str, home: Path, *args: str, timeout: int = 300, url: str | None = None) -> dict:
    """Runs ``--child name`` in a new process with ``home`` as AUYL_HOME (and the database at
    ``url``, if given); its result dict."""
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", name, *args],
                          env=_env(home, url), cwd=ROOT, text=True, capture_output=True,
                          timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("result ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"bench child {name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("result "):])


def _summary(values: list[float], digits: int = 4) -> dict:
    return {"median": round(statistics.median(values), digits), "all": [round(v, digits) for v in values]}


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(statistics.median(ordered), 2), "p95": round(cuts[94], 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(ordered), 2)}


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice(xlsx: Path, work: Path, runs: int) -> tuple[dict | None, str | None]:
    """Seconds for ``soffice --headless --convert-to pdf`` of ``xlsx``, each a new soffice process
    on one private profile that a first, untimed conversion creates (as an installed LibreOffice
    has one); or None and the reason."""
    soffice = _soffice()
    if soffice is None:
        return None, ("soffice not found on PATH; install it with "
                      "`apt-get install -y libreoffice-calc-nogui` (docs/architecture.md, Machine facts)")
    profile = (work / "lo-profile").resolve().as_uri()
    out = work / "lo-out"
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), str(xlsx)]
    pdf = out / (xlsx.stem + ".pdf")
    times = []
    for attempt in range(runs + 1):
        pdf.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
        elapsed = time.perf_counter() - started
        if not pdf.exists():
            return None, "soffice ran but wrote no PDF"
        if attempt:  # the first run creates the profile: not timed
            times.append(elapsed)
    version = subprocess.run([soffice, "--version"], text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.strip()
    return {**_summary(times, 3), "version": version, "pages": _pages(pdf)}, None


def _pages(pdf: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(str(pdf)).pages)


def _met(value, target) -> bool | None:
    return None if value is None else value <= target


def _search_section(search: dict, large: int) -> dict:
    rows_ms = [k["rows_ms"] for k in search["keystrokes"]]
    count_ms = [k["count_ms"] for k in search["keystrokes"]]
    rows_pct = _percentiles(rows_ms)
    by_kind: dict[str, list] = {}
    for k in search["keystrokes"]:
        by_kind.setdefault(k["kind"], []).append(k)
    return {
        "figure": "rows_ms.p95",
        "value": rows_pct["p95"],
        "target": TARGETS["search_rows_p95_ms"],
        "met": _met(rows_pct["p95"], TARGETS["search_rows_p95_ms"]),
        "members": large,
        "keystrokes": len(rows_ms),
        "rows_ms": rows_pct,
        "count_ms": _percentiles(count_ms),
        "rows_plus_count_ms": _percentiles([a + b for a, b in zip(rows_ms, count_ms)]),
        "by_kind": {kind: {"keystrokes": len(ks),
                           "rows_ms_p50": round(statistics.median(k["rows_ms"] for k in ks), 2),
                           "rows_ms_max": round(max(k["rows_ms"] for k in ks), 2),
                           "count_ms_p50": round(statistics.median(k["count_ms"] for k in ks), 2),
                           "count_ms_max": round(max(k["count_ms"] for k in ks), 2)}
                    for kind, ks in sorted(by_kind.items())},
        "slowest_rows": sorted(search["keystrokes"], key=lambda k: -k["rows_ms"])[:12],
        "slowest_count": sorted(search["keystrokes"], key=lambda k: -k["count_ms"])[:5],
        "method": ("QT_QPA_PLATFORM=offscreen, a shown MainWindow and its MembersPage; per keystroke "
                   "page.search.setText(prefix) then page.refresh() called directly (the 150 ms "
                   "typing-pause timer is stopped, not waited for), timed to the model holding the "
                   "new rows; then page._count(), what the zero-delay counting timer runs, timed on "
                   "its own; then the events are processed (paint, untimed). Each typed word starts "
                   "from an empty search box (the clearing is not timed)."),
    }


def _open_section(opens: list[dict], large: int) -> dict:
    open_s = [o["rows_s"] for o in opens]
    open_median = statistics.median(open_s)
    return {
        "figure": "median seconds, show_page(MembersPage) to the first rows in the model",
        "value": round(open_median, 4),
        "target": TARGETS["open_page_s"],
        "met": _met(open_median, TARGETS["open_page_s"]),
        "members": large,
        "rows_s": _summary(open_s),
        "painted_s": _summary([o["painted_s"] for o in opens]),
        "count_shown_s": _summary([o["count_s"] for o in opens]),
        "first_rows": opens[0]["rows"],
        "method": ("a new process per run: QApplication, the database opened, a fresh MainWindow "
                   "(Start page) shown and exposed; timed from show_page(MembersPage), the page's "
                   "module import and construction included, to rowCount() > 0; painted_s adds one turn of "
                   "the event loop, count_shown_s the count that follows."),
    }


def _memory_section(memory: dict, large: int) -> dict:
    peak_mb = memory["peak_rss_kib"] * 1024 / 1e6
    return {
        "figure": "peak RSS in MB (10^6 bytes), ru_maxrss",
        "value": round(peak_mb, 1),
        "target": TARGETS["memory_peak_rss_mb"],
        "met": _met(peak_mb, TARGETS["memory_peak_rss_mb"]),
        "members": large,
        "peak_rss_mib": round(memory["peak_rss_kib"] / 1024, 1),
        "rss_with_page_open_mb": round(memory["page_open_rss_kib"] * 1024 / 1e6, 1),
        "rows_loaded": memory["rows"],
        "fetch_more_calls": memory["fetches"],
        "scroll_to_end_s": round(memory["scroll_s"], 3),
        "method": ("a new process opens the window and the members page, calls model.fetchMore() "
                   "until canFetchMore() is false, scrolls the view to the bottom and paints; "
                   "resource.getrusage(RUSAGE_SELF).ru_maxrss at the end."),
    }


def run(quick: bool = False, log=print) -> dict:
    """Every figure, its target and whether it is met: the "members" section."""
    size = SIZES[quick]
    large, medium, runs = size["large"], size["medium"], size["runs"]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="auyl-bench-members-") as tmp:
        tmp = Path(tmp)
        log(f"members: building demo databases of {large:,} and {medium:,} people…")
        t = time.perf_counter()
        large_db = _build(tmp / "large", large)
        build_large_s = time.perf_counter() - t
        medium_db = _build(tmp / "medium", medium)
        empty_db = _build(tmp / "empty", 0)

        log("members: search as you type…")
        search = _child("search", _copy_office(large_db, tmp / "search"), timeout=600)

        log("members: opening the members page…")
        opens = [_child("open_page", _copy_office(large_db, tmp / f"open{i}")) for i in range(runs)]

        log("members: memory, scrolling to the end…")
        memory = _child("memory", _copy_office(large_db, tmp / "memory"), timeout=600)

        log("members: import against openpyxl…")
        export_home = _copy_office(medium_db, tmp / "export")
        xlsx = tmp / "members.xlsx"
        exported = _child("export", export_home, str(xlsx))
        imports, floors, reimports = [], [], []
        for i in range(runs):
            # A copy of the file per import: an import writes its rejects beside the file.
            folder = tmp / f"import{i}"
            folder.mkdir()
            source = folder / xlsx.name
            shutil.copyfile(xlsx, source)
            imports.append(_child("import", _copy_office(empty_db, tmp / f"import{i}-home"), str(source)))
            floors.append(_child("openpyxl", tmp / "export", str(xlsx)))
            # The same file into the office it came from: every row found by its IIN, nothing new.
            reimports.append(_child("import", _copy_office(medium_db, tmp / f"reimport{i}-home"), str(source)))

        log("members: printed register against LibreOffice…")
        renders = [_child("register", _copy_office(medium_db, tmp / f"register{i}"),
                          str(tmp / f"register{i}.pdf"), str(tmp / "register-rows.xlsx" if i == 0 else ""))
                   for i in range(runs)]
        libreoffice, lo_reason = _libreoffice(tmp / "register-rows.xlsx", tmp, runs)

    section_search = _search_section(search, large)
    section_open = _open_section(opens, large)
    section_memory = _memory_section(memory, large)
    # 4. Import
    import_s = [i["seconds"] for i in imports]
    floor_s = [f["seconds"] for f in floors]
    import_ratio = statistics.median(import_s) / statistics.median(floor_s)
    import_cpu_s, floor_cpu_s = [i["cpu_s"] for i in imports], [f["cpu_s"] for f in floors]
    section_import = {
        "figure": "median import_file seconds / median openpyxl read_only seconds",
        "value": round(import_ratio, 3),
        "target": TARGETS["import_ratio_to_openpyxl"],
        "met": _met(import_ratio, TARGETS["import_ratio_to_openpyxl"]),
        "rows": exported["rows"],
        "file_bytes": exported["bytes"],
        "export_s": round(exported["seconds"], 3),
        "import_s": _summary(import_s, 3),
        "openpyxl_read_only_s": _summary(floor_s, 3),
        # The same ratio of CPU time: less swayed by whatever else the machine runs meanwhile.
        "cpu_ratio": round(statistics.median(import_cpu_s) / statistics.median(floor_cpu_s), 3),
        "import_cpu_s": _summary(import_cpu_s, 3),
        "openpyxl_read_only_cpu_s": _summary(floor_cpu_s, 3),
        "reimport_s": _summary([r["seconds"] for r in reimports], 3),
        "reimport_updated": reimports[0]["updated"],
        "added": imports[0]["added"], "updated": imports[0]["updated"],
        "rejected": imports[0]["rejected"], "flagged": imports[0]["flagged"],
        "method": ("the .xlsx is export_list of the medium demo database; each import is "
                   "member_import.import_file into a fresh migrated database (villages only) in a "
                   "new process, each floor load_workbook(read_only=True, data_only=True) and "
                   "iter_rows(values_only=True) over every row in a new process; both timed from "
                   "before openpyxl or the import's reader (calamine) is imported (both load on first use). "
                   "reimport_s: the same file into a copy of the medium database it was exported from."),
    }
    # 5. Register
    total_s = [r["data_s"] + r["render_s"] for r in renders]
    if libreoffice is not None:
        register_ratio = statistics.median(total_s) / libreoffice["median"]
        render_only_ratio = statistics.median(r["render_s"] for r in renders) / libreoffice["median"]
    else:
        register_ratio = render_only_ratio = None
    section_register = {
        "figure": "median (register_data + render) seconds / median soffice xlsx->pdf seconds",
        "value": None if register_ratio is None else round(register_ratio, 3),
        "target": TARGETS["register_ratio_to_libreoffice"],
        "met": _met(register_ratio, TARGETS["register_ratio_to_libreoffice"]),
        "rows": renders[0]["rows"],
        "register_data_s": _summary([r["data_s"] for r in renders], 3),
        "render_s": _summary([r["render_s"] for r in renders], 3),
        "total_s": _summary(total_s, 3),
        "render_only_ratio": None if render_only_ratio is None else round(render_only_ratio, 3),
        "pdf_pages": renders[0]["pages"],
        "libreoffice": libreoffice,
        **({"libreoffice_reason": lo_reason} if libreoffice is None else {}),
        "method": ("register_data(lang) and render in a new process on a copy of the medium demo "
                   "database; LibreOffice converts an .xlsx of the same rows (the register's six "
                   "columns, village by village) with `soffice --headless --convert-to pdf`, each a "
                   "new soffice process on a private profile made by a first, untimed conversion."),
    }
    figures = {"search": section_search, "open_page": section_open, "memory": section_memory,
               "import": section_import, "register": section_register}
    return {
        "quick": quick,
        "sizes": {"large": large, "medium": medium, "runs": runs},
        "language": LANG,
        "build_large_demo_s": round(build_large_s, 1),
        **figures,
        "targets_missed": [name for name, f in figures.items() if f["met"] is False],
        "targets_unmeasured": [name for name, f in figures.items() if f["met"] is None],
        "total_s": round(time.perf_counter() - started, 1),
    }


def _figure_lines(section: dict, units: dict[str, str], title: str = "members figure") -> list[str]:
    lines = [f"{title:<34}{'value':>10}{'target':>10}  met"]
    for name, unit in units.items():
        figure = section[name]
        value = "-" if figure["value"] is None else f"{figure['value']:.3g}"
        lines.append(f"{name + ' (' + unit + ')':<34}{value:>10}{figure['target']:>10}  "
                     f"{ {True: 'yes', False: 'NO', None: '?'}[figure['met']]}")
    search = section["search"]
    lines.append(f"  search rows ms p50/p95/max {search['rows_ms']['p50']}/{search['rows_ms']['p95']}/"
                 f"{search['rows_ms']['max']}; count ms p50/p95/max {search['count_ms']['p50']}/"
                 f"{search['count_ms']['p95']}/{search['count_ms']['max']} ({search['keystrokes']} keys)")
    return lines


def table(section: dict) -> str:
    """The lines bench/run.py prints for the members section."""
    lines = _figure_lines(section, {"search": "ms p95", "open_page": "s", "memory": "MB", "import": "ratio",
                                    "register": "ratio"})
    imp, reg = section["import"], section["register"]
    lines.append(f"  import {imp['import_s']['median']} s vs openpyxl {imp['openpyxl_read_only_s']['median']} s; "
                 f"CPU ratio {imp['cpu_ratio']}; into its own register again {imp['reimport_s']['median']} s")
    lo = reg["libreoffice"]
    lines.append(f"  register {reg['total_s']['median']} s (data {reg['register_data_s']['median']} + render "
                 f"{reg['render_s']['median']}) vs LibreOffice "
                 f"{lo['median'] if lo else 'n/a: ' + reg.get('libreoffice_reason', '')} s")
    return "\n".join(lines)


# On a server database (run.py --url) ------------------------------------------------------------

def _fill_server(url: str, people: int, tmp: Path, log) -> dict:
    """The server database with the benchmark's people: an empty one is filled once (a SQLite demo
    copied by `auyl migrate-to`), one that has them is used as it is."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            version = ".".join(map(str, connection.dialect.server_version_info or ()))
            tables = inspect(connection).get_table_names()
            present = connection.scalar(text("SELECT count(*) FROM members")) if "members" in tables else 0
        name = engine.url.render_as_string(hide_password=True)
    finally:
        engine.dispose()
    if present == people:
        log(f"members: {name} already holds the {people:,} people")
        return {"server": name, "server_version": version, "filled_now": False}
    if tables:
        raise SystemExit(f"{name} holds {present:,} people, not the benchmark's {people:,}: give an empty "
                         f"database (it is filled once) or one an earlier run of this size filled")
    log(f"members: filling {name} with a demo of {people:,} people (once)…")
    started = time.perf_counter()
    office = _build(tmp / "fill", people)
    subprocess.run([sys.executable, "-m", "app", "--db", str(office), "migrate-to", url], env=_env(tmp / "fill"),
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {"server": name, "server_version": version, "filled_now": True,
            "fill_s": round(time.perf_counter() - started, 1)}


def _start_section(starts: list[dict], large: int) -> dict:
    figures_s = [s["figures_s"] for s in starts]
    median = statistics.median(figures_s)
    return {
        "figure": "median seconds, MainWindow() to the Start page shown with every area's figures",
        "value": round(median, 4),
        "target": TARGETS["start_page_s"],
        "met": _met(median, TARGETS["start_page_s"]),
        "members": large,
        "built_s": _summary([s["built_s"] for s in starts]),
        "figures_s": _summary(figures_s),
        "warm_summary_ms": _percentiles([v for s in starts for v in s["summary_ms"]]),
        "warm_figures_ms": _percentiles([v for s in starts for v in s["figures_ms"]]),
        "members_shown": starts[0]["members"],
        "method": ("a new process per run: QApplication and the database opened, then timed from "
                   "MainWindow() to its Start page built with dashboard.summary read (built_s), and on "
                   "to the window shown and dashboard.figures read after the first paint (figures_s); "
                   "then the page's refresh (summary) and _load_figures (figures) again five times, warm."),
    }


def run_server(url: str, quick: bool = False, log=print) -> dict:
    """Figures 1-3 and the Start page's on the server database at ``url`` (filled once with the
    large demo): the "members_<engine>" section."""
    from sqlalchemy.engine import make_url

    size = SIZES[quick]
    large, runs = size["large"], size["runs"]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="auyl-bench-server-") as tmp:
        tmp = Path(tmp)
        server = _fill_server(url, large, tmp, log)
        log("members on the server: search as you type…")
        search = _child("search", tmp / "search", timeout=900, url=url)
        log("members on the server: opening the members page…")
        opens = [_child("open_page", tmp / f"open{i}", url=url) for i in range(runs)]
        log("members on the server: memory, scrolling to the end…")
        memory = _child("memory", tmp / "memory", timeout=900, url=url)
        log("members on the server: the Start page…")
        starts = [_child("start_page", tmp / f"start{i}", url=url) for i in range(runs)]
    figures = {"search": _search_section(search, large), "open_page": _open_section(opens, large),
               "memory": _memory_section(memory, large), "start_page": _start_section(starts, large)}
    return {
        "engine": make_url(url).get_backend_name(),
        **server,
        "quick": quick,
        "sizes": {"large": large, "runs": runs},
        "language": LANG,
        **figures,
        "targets_missed": [name for name, f in figures.items() if f["met"] is False],
        "total_s": round(time.perf_counter() - started, 1),
    }


def server_table(section: dict) -> str:
    """The lines bench/run.py prints for a server's section."""
    lines = _figure_lines(section, {"search": "ms p95", "open_page": "s", "memory": "MB", "start_page": "s"},
                          title=f"members figure ({section['engine']} {section['server_version']})")
    start = section["start_page"]
    lines.append(f"  start page built {start['built_s']['median']} s, figures {start['figures_s']['median']} s; "
                 f"warm summary ms p50 {start['warm_summary_ms']['p50']}, figures ms p50 "
                 f"{start['warm_figures_ms']['p50']}")
    return "\n".join(lines)


# The children: one measure each, in a new process -------------------------------------------------

def _result(**values) -> None:
    print("result " + json.dumps(values, ensure_ascii=False), flush=True)


def _open_office():
    from app import i18n, migrate
    from app.services import flush_listeners

    i18n.set_language(LANG)
    flush_listeners.install()  # as app.main does
    migrate.open_database()


def _window():
    """A shown, exposed main window on the Start page, as app.ui.application.start makes it
    (without the first-start questions and the daily backup)."""
    from PySide6.QtTest import QTest

    from app.ui import application, language
    from app.ui.main_window import MainWindow

    app = application.application()
    language.apply(LANG)
    _open_office()
    window = MainWindow(application.preferences())
    window.show()
    QTest.qWaitForWindowExposed(window, 5000)
    app.processEvents()
    gc.freeze()  # as the window does once it is shown (application._started)
    gc.enable()
    return app, window


def _words() -> list[tuple[str, str]]:
    """(kind, text) the office staff type, taken from the data: surnames and given names in Kazakh
    and Russian, Latin spellings of them, two-word name searches, IIN and phone fragments."""
    from sqlalchemy import select

    from app.db import unit_of_work
    from app.models import Member

    rng = random.Random(SEED)
    with unit_of_work() as session:
        people = session.execute(select(Member.surname, Member.given_name, Member.iin, Member.phone)
                                 .order_by(Member.id)).all()
    kazakh = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    surnames = sorted({p.surname for p in people})
    given = sorted({p.given_name for p in people})
    kk_surnames = [s for s in surnames if kazakh & set(s)]
    ru_surnames = [s for s in surnames if not kazakh & set(s)]
    kk_given = [g for g in given if kazakh & set(g)]
    ru_given = [g for g in given if not kazakh & set(g)]
    sample = rng.sample(people, 40)
    iins = [p.iin for p in sample if p.iin][:6]
    phones = [p.phone for p in sample if p.phone][:9]
    # Kinds name the spelling: "kk" has Kazakh letters, "ru" only Russian ones (Russian names and
    # Kazakh names spelt without the Kazakh letters, as they reach registers).
    words = ([("surname_kk", s) for s in rng.sample(kk_surnames, 10)]
             + [("surname_ru", s) for s in rng.sample(ru_surnames, 6)]
             + [("given_kk", g) for g in rng.sample(kk_given, 7)]
             + [("given_ru", g) for g in rng.sample(ru_given, 4)]
             + [("latin", _latin(s)) for s in rng.sample(kk_surnames, 6) + rng.sample(ru_surnames, 2)
                + rng.sample(kk_given, 3) + rng.sample(ru_given, 1)]
             + [("iin", i[:6]) for i in iins]
             + [("phone", p[2:8]) for p in phones[:6]]  # +7 701 123…: the operator code onward
             + [("phone_tail", p[-4:]) for p in phones[6:9]])
    # A name search narrowed by a second word: the surname, a space, then the given name typed.
    for person in rng.sample(people, 4):
        words.append(("two_words", f"{person.surname} {person.given_name[:4]}"))
    return words


def _keystrokes(words: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(kind, text in the box, first key of a word) after each keystroke: 1 to 6 characters of each
    word (a two-word search: up to six letters of the surname, then the space and the given name)."""
    keys = []
    for kind, word in words:
        first, _space, second = word.partition(" ")
        typed = [first[:n] for n in range(1, min(6, len(first)) + 1)]
        if second:
            typed += [f"{first} {second[:n]}" for n in range(1, len(second) + 1)]
        keys += [(kind, text, n == 0) for n, text in enumerate(typed)]
    return keys


_TRANSLIT = {  # passport (ICAO) spellings, with 2021-alphabet q for қ, as staff type them
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}


def _latin(name: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in name.lower()).capitalize()


def child_search() -> None:
    from app.ui.pages.members import MembersPage

    app, window = _window()
    page = window.show_page(MembersPage)
    app.processEvents()
    keys = _keystrokes(_words())
    if len(keys) < MIN_KEYSTROKES:
        raise RuntimeError(f"only {len(keys)} keystrokes")
    results = []
    for kind, text, new_word in keys:
        if new_word:
            # A new word: the box is cleared first (not timed), as staff do between searches.
            page.search.setText("")
            page.refresh()
            page.typing.stop()
            page.counting.stop()
            page._count()
            app.processEvents()
        before = page.model.rows
        started = time.perf_counter()
        page.search.setText(text)
        page.refresh()
        rows_done = time.perf_counter()
        if page.model.rows is before:
            raise RuntimeError("the model was not refilled")
        page.typing.stop()  # the typing pause would refresh again
        page.counting.stop()
        count_started = time.perf_counter()
        page._count()
        count_done = time.perf_counter()
        app.processEvents()  # paint the new rows and the count (not timed)
        results.append({"kind": kind, "text": text, "rows": page.model.rowCount(), "count": page.total,
                        "rows_ms": round((rows_done - started) * 1000, 3),
                        "count_ms": round((count_done - count_started) * 1000, 3)})
    _result(keystrokes=results)


def child_open_page() -> None:
    app, window = _window()
    started = time.perf_counter()
    # The window imports a page's module the first time it is shown: the import is timed too.
    from app.ui.pages.members import MembersPage

    page = window.show_page(MembersPage)
    while page.model.rowCount() == 0:  # show_page fills the model itself; wait if it ever does not
        app.processEvents()
        if time.perf_counter() - started > 60:
            raise RuntimeError("no rows in a minute")
    rows = time.perf_counter()
    app.processEvents()
    painted = time.perf_counter()
    while not hasattr(page, "total"):
        app.processEvents()
    counted = time.perf_counter()
    _result(rows_s=rows - started, painted_s=painted - started, count_s=counted - started,
            rows=page.model.rowCount(), total=page.total)


def child_memory() -> None:
    from app.ui.pages.members import MembersPage

    app, window = _window()
    page = window.show_page(MembersPage)
    app.processEvents()
    page_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    fetches = 0
    while page.model.canFetchMore():
        page.model.fetchMore()
        fetches += 1
        if fetches % 25 == 0:
            app.processEvents()
    page.view.scrollToBottom()
    app.processEvents()
    scrolled = time.perf_counter() - started
    _result(peak_rss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, page_open_rss_kib=page_open,
            rows=page.model.rowCount(), fetches=fetches, scroll_s=scrolled)


def child_start_page() -> None:
    from PySide6.QtTest import QTest

    from app.ui import application, language
    from app.ui.main_window import MainWindow

    app = application.application()
    language.apply(LANG)
    _open_office()
    started = time.perf_counter()
    window = MainWindow(application.preferences())
    page = window.pages[0]  # the Start page, the first one a new office opens on, its summary read
    built = time.perf_counter()
    window.show()
    QTest.qWaitForWindowExposed(window, 5000)
    while page.figures is None:  # read from a zero-delay timer after the first paint
        app.processEvents()
        if time.perf_counter() - started > 60:
            raise RuntimeError("no figures in a minute")
    figures = time.perf_counter()
    summary_ms, figures_ms = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        page.refresh()
        page.figures_timer.stop()
        t1 = time.perf_counter()
        page._load_figures()
        t2 = time.perf_counter()
        summary_ms.append(round((t1 - t0) * 1000, 3))
        figures_ms.append(round((t2 - t1) * 1000, 3))
        app.processEvents()
    _result(built_s=built - started, figures_s=figures - started, summary_ms=summary_ms, figures_ms=figures_ms,
            members=page.summary.members)


def child_export(path: str) -> None:
    from app.printing import members

    _open_office()
    started = time.perf_counter()
    written, count = members.export_list(path)
    _result(seconds=time.perf_counter() - started, rows=count, bytes=Path(written).stat().st_size)


def child_import(path: str) -> None:
    _open_office()
    from app.services import member_import

    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = member_import.import_file(path)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    _result(seconds=seconds, cpu_s=cpu_s, added=result.added, updated=result.updated, rejected=len(result.rejected),
            flagged=len(result.flagged))


def child_openpyxl(path: str) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    _result(seconds=time.perf_counter() - started, cpu_s=time.process_time() - cpu, rows=rows)


def child_register(pdf: str, xlsx: str = "") -> None:
    from app.printing import members
    from app.reports import members_register

    _open_office()
    started = time.perf_counter()
    data = members.register_data(LANG)
    got_data = time.perf_counter()
    members_register.render(data, pdf)
    rendered = time.perf_counter()
    if xlsx:  # the same rows for LibreOffice: the register's columns, village by village
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for section in data.sections:
            sheet.append([section.village])
            for row in section.rows:
                sheet.append(list(members_register._cells(row)))
        book.save(xlsx)
    _result(data_s=got_data - started, render_s=rendered - got_data, rows=data.people,
            pages=_pages(Path(pdf)))


CHILDREN = {"search": child_search, "open_page": child_open_page, "memory": child_memory,
            "export": child_export, "import": child_import, "openpyxl": child_openpyxl,
            "register": child_register, "start_page": child_start_page}


def main() -> int:
    parser = argparse.ArgumentParser(description="Members benchmarks; run by bench/run.py.")
    parser.add_argument("--child", choices=CHILDREN, help="run one measure here (used by run.py)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("args", nargs="*")
    args = parser.parse_args()
    if args.child:
        CHILDREN[args.child](*args.args)
        return 0
    section = run(args.quick)
    print(json.dumps(section, indent=2, ensure_ascii=False))
    print(table(section))
    return 0


if __name__ == "__main__":
    sys.exit(main())
