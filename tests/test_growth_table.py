"""README's growth table is made from the benchmark's results file, never typed: the table there is
the one bench/growth_table.py makes from bench/results/growth.json."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _growth_table():
    spec = importlib.util.spec_from_file_location("growth_table", ROOT / "bench" / "growth_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readmes_growth_table_is_the_one_the_results_file_makes():
    growth_table = _growth_table()
    readme = growth_table.README.read_text(encoding="utf-8")
    results = json.loads(growth_table.RESULTS.read_text(encoding="utf-8"))
    assert growth_table.made(readme, results) == readme, "run python bench/growth_table.py"


def test_every_size_measured_has_a_column_and_a_missed_target_is_marked():
    growth_table = _growth_table()
    results = json.loads(growth_table.RESULTS.read_text(encoding="utf-8"))
    made = growth_table.table(results)
    header = made.splitlines()[0]
    for engine, sizes in results["growth"].items():
        if engine in growth_table.ENGINES:
            for people in sizes:
                assert f"{growth_table.ENGINES[engine]} {int(people):,}" in header
    missed = [f for sizes in (results["growth"][e] for e in growth_table.ENGINES if e in results["growth"])
              for size in sizes.values() for f in size["figures"].values() if f["met"] is False]
    assert made.count("✗") - made.count("✗: a target missed") == len(missed)
