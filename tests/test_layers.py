"""The layers (docs/architecture.md) are checked by a machine: import-linter's contracts in pyproject.toml,
and ruff's rules there too. The suite runs both, so a wrong import or a lint error fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's own lint-imports and ruff


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_import_keeps_the_layers():
    done = run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_ruff_finds_nothing():
    done = run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_rule_that_imports_qt_is_caught(tmp_path):
    """The contracts on a copy of the package with one bad import: the copy, not the tree, is linted."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    rule = tmp_path / "app" / "rules" / "phone.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\nimport PySide6  # noqa: E402,F401\n", encoding="utf-8")
    done = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={"PATH": str(BIN), "PYTHONPATH": str(tmp_path)})
    assert done.returncode != 0
    assert "Rules use the standard library only BROKEN" in done.stdout
    assert "app.rules.phone -> PySide6" in done.stdout
