"""The bundle's names, shared by the spec, the build, the stand-in bundle and the tests.

On Windows the folder holds two programs over one set of libraries: AuylOffice.exe, windowed (the
shortcuts start it; no console window flashes up), and auyl.exe, a console program for the command
line (`auyl init`, `auyl report ...`: a windowed program has no stdout to print to). On Linux one
program, auyl, does both: without a command it opens the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "AuylOffice"  # the folder under dist/
WINDOW_PROGRAM = "AuylOffice"
CONSOLE_PROGRAM = "auyl"
INTERNAL = "_internal"  # PyInstaller 6's folder for everything but the programs


def programs(windows: bool | None = None) -> list[str]:
    """The program files at the top of the bundle on Windows or on this system."""
    windows = sys.platform == "win32" if windows is None else windows
    return [f"{WINDOW_PROGRAM}.exe", f"{CONSOLE_PROGRAM}.exe"] if windows else [CONSOLE_PROGRAM]


def console_program(bundle: Path) -> Path:
    return bundle / (f"{CONSOLE_PROGRAM}.exe" if sys.platform == "win32" else CONSOLE_PROGRAM)


def version() -> str:
    """app.__version__, read from the source without importing the program."""
    for line in (ROOT / "app" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("'\"")
    raise RuntimeError("app/__init__.py has no __version__")


def shipped_data() -> list[tuple[Path, str]]:
    """(file in the source tree, folder inside the bundle) for every data file the program reads.

    They go where app/paths.py looks in a frozen program: beside the frozen app package
    (_internal/app/migrations, _internal/app/resources), as they sit in an installed wheel.
    alembic loads env.py and the versions by file path, so they ship as .py source files.
    """
    pairs = [(ROOT / "migrations" / "env.py", "app/migrations")]
    pairs += [(path, "app/migrations/versions") for path in sorted((ROOT / "migrations" / "versions").glob("*.py"))]
    for folder in ("fonts", "help", "icons"):
        pairs += [(path, f"app/resources/{folder}") for path in sorted((ROOT / "resources" / folder).iterdir())
                  if path.is_file() and not path.name.startswith(".")]
    # The compiled catalogues, one folder per language, as gettext reads them (app/i18n.py).
    pairs += [(path, f"app/resources/i18n/{path.parent.parent.name}/LC_MESSAGES")
              for path in sorted((ROOT / "resources" / "i18n").glob("*/LC_MESSAGES/*.mo"))]
    return pairs


def bundle_is_current(bundle: Path) -> bool:
    """True when the bundle exists and was built after the last change to what it is made of."""
    program = bundle / programs()[0]
    if not program.exists():
        return False
    sources = [ROOT / "app", ROOT / "migrations", ROOT / "resources", ROOT / "installer"]
    newest = max(path.stat().st_mtime for folder in sources for path in folder.rglob("*")
                 if path.is_file() and "__pycache__" not in path.parts)
    return program.stat().st_mtime >= newest
