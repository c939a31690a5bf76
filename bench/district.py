"""The district benchmark, run by `python bench/run.py --only district` (or alone: `python
bench/district.py`): 300 centres × 4 quarters of signed packages taken in by a district office and
consolidated quarter by quarter, through the same service calls as `auyl district import` and `auyl
report district`; target: under 30 seconds for the whole.

The packages are built once and kept in /tmp/auyl-bench-district: one demo centre's real figures and
lists for the last four whole quarters, each of the 300 centres with its own id and Ed25519 key and its
residents changed a little so no two columns are alike. The measure runs in this process on a new
SQLite district office; the import and each consolidation are timed apart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "auyl-bench-district"
CENTRES = 300
TARGET_S = 30.0
DEMO_MEMBERS = 300


def quarters(today: date) -> list[tuple[date, date]]:
    """The last four whole quarters before ``today``, oldest first."""
    from app.services.activity import quarter

    year, number = today.year, (today.month - 1) // 3  # the quarter before this one (0: last year's 4th)
    found = []
    for _ in range(4):
        if number == 0:
            year, number = year - 1, 4
        found.append(quarter(year, number))
        number -= 1
    return found[::-1]


def _identity(number: int):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.services.exchange import Identity

    key = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    return Identity(str(uuid.UUID(int=number + 1)), "centre", f"№{number + 1} ауылдық орталығы",
                    f"Сельский центр №{number + 1}", f"3342{number:05d}",
                    key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
                    key.public_key().public_bytes(raw, serialization.PublicFormat.Raw))


def build(spans: list[tuple[date, date]], log=print) -> list[Path]:
    """The packages, made once: one demo centre's figures and lists per quarter, signed by each centre."""
    done = CACHE / "complete"
    if done.exists() and done.read_text(encoding="utf-8") == repr(spans):
        return sorted(CACHE.glob("*.auylpkg"))
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="auyl-bench-centre-") as home:
        env = dict(os.environ, AUYL_HOME=home, PYTHONPATH=str(ROOT))
        for name in ("AUYL_DB", "AUYL_DATABASE_URL"):
            env.pop(name, None)
        log(f"district: building one demo centre of {DEMO_MEMBERS} people for the packages…")
        subprocess.run([sys.executable, "-m", "app", "demo", "--members", str(DEMO_MEMBERS), "--seed", "1"], env=env,
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        os.environ["AUYL_HOME"] = home
        from app import db, migrate
        from app.paths import default_db_path
        from app.services import exchange, periods

        migrate.open_database(db.sqlite_url(default_db_path()))
        made = [(span, exchange.figures_of(periods.of(*span)), exchange.lists_of(periods.of(*span))) for span in spans]
        db.dispose()
    log(f"district: signing {CENTRES} × {len(spans)} packages into {CACHE}…")
    for number in range(CENTRES):
        identity = _identity(number)
        for span, figures, lists in made:
            own = dict(figures, **{"members.residents": int(figures["members.residents"]) + number})
            exchange.write_package(CACHE / f"{number:03d}-{span[0]:%Y%m}.auylpkg", identity, span, own, lists)
    done.write_text(repr(spans), encoding="utf-8")
    return sorted(CACHE.glob("*.auylpkg"))


def run(quick: bool = False, log=print) -> dict:
    """Imports and consolidates on a new district office; ``quick`` changes nothing (the size is the point)."""
    sys.path.insert(0, str(ROOT))
    from app import clock

    spans = quarters(clock.today())
    files = build(spans, log)
    with tempfile.TemporaryDirectory(prefix="auyl-bench-district-") as home:
        os.environ["AUYL_HOME"] = home
        from app import db, migrate
        from app.paths import default_db_path
        from app.services import consolidation, district, flush_listeners, settings

        flush_listeners.install()  # as app.main does: audit and versions of what is taken in
        migrate.open_database(db.sqlite_url(default_db_path()))
        settings.save(office_kind="district")
        started, cpu = time.perf_counter(), time.process_time()
        results = district.import_packages([str(path) for path in files])
        imported = time.perf_counter() - started
        refused = [r for r in results if r.outcome != district.STORED]
        if refused:
            raise RuntimeError(f"{len(refused)} packages refused: {refused[0].reason}")
        each = []
        for span in spans:
            began = time.perf_counter()
            consolidated = consolidation.consolidate(*span)
            each.append(time.perf_counter() - began)
            if len(consolidated.centres) != CENTRES or consolidated.missing:
                raise RuntimeError(f"{span}: {len(consolidated.centres)} centres consolidated")
        cpu = time.process_time() - cpu
        db.dispose()
    total = imported + sum(each)
    return {"centres": CENTRES, "quarters": len(spans), "packages": len(files),
            "import_s": round(imported, 2), "consolidate_s": [round(s, 3) for s in each],
            "total_s": round(total, 2), "cpu_s": round(cpu, 2), "target_s": TARGET_S, "met": total < TARGET_S}


def table(section: dict) -> str:
    return "\n".join([
        f"district: {section['packages']} packages ({section['centres']} centres × {section['quarters']} quarters)",
        f"  import         {section['import_s']:>8.2f} s",
        f"  consolidate    {sum(section['consolidate_s']):>8.2f} s  (each quarter: "
        + ", ".join(f"{s:.2f}" for s in section["consolidate_s"]) + ")",
        f"  total          {section['total_s']:>8.2f} s  target < {section['target_s']:.0f} s: "
        + ("met" if section["met"] else "NOT met"),
        f"  of it on the CPU {section['cpu_s']:>6.2f} s (the rest waits for the disk and the machine's other work)"])


if __name__ == "__main__":
    print(table(run()))
