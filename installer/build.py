"""Builds Auyl Office for the machine it runs on: `python installer/build.py`.

Writes the one-folder bundle dist/AuylOffice/ with PyInstaller (installer/auyl.spec) and prints
where it is and its size. On Windows it then compiles the installer
dist/AuylOffice-<version>-setup.exe with NSIS's makensis (installer/auyl.nsi).

`--setup-only --bundle DIR` compiles only the installer over an existing folder (CI does this on
Linux over the stand-in folder that installer/stub_bundle.py makes, to check the NSIS script).
It installs nothing: PyInstaller comes with `pip install -e ".[bundle]"`, makensis with NSIS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layout  # noqa: E402

DIST = layout.ROOT / "dist"
WORK = layout.ROOT / "build" / "pyinstaller"


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 1e6


def build_bundle() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is not installed: .venv/bin/pip install -e ".[bundle]"')
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(layout.ROOT / "installer" / "auyl.spec")],
                   check=True)
    bundle = DIST / layout.BUNDLE_NAME
    print(f"bundle: {bundle} ({size_mb(bundle):.0f} MB)")
    print(f"run: {layout.console_program(bundle)} --version")
    return bundle


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found or sys.platform != "win32":
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        candidate = Path(base or "") / "NSIS" / "makensis.exe"
        if base and candidate.is_file():
            return str(candidate)
    return None


def build_setup(bundle: Path) -> Path:
    makensis = find_makensis()
    if makensis is None:
        sys.exit("makensis is not installed (NSIS 3: https://nsis.sourceforge.io; "
                 "`choco install nsis` on Windows, `apt-get install nsis` on Debian)")
    version = layout.version()
    setup = DIST / f"AuylOffice-{version}-setup.exe"
    DIST.mkdir(exist_ok=True)
    # -WX: a warning fails the build. makensis takes options with "-" on Windows too.
    subprocess.run([makensis, "-V2", "-WX", f"-DVERSION={version}", f"-DBUNDLE={bundle.resolve()}",
                    f"-DOUTFILE={setup.resolve()}", str(layout.ROOT / "installer" / "auyl.nsi")], check=True)
    print(f"installer: {setup} ({setup.stat().st_size / 1e6:.1f} MB)")
    return setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup-only", action="store_true", help="compile the installer over --bundle only")
    parser.add_argument("--bundle", type=Path, help="the bundle folder for --setup-only")
    args = parser.parse_args()
    if args.setup_only:
        if args.bundle is None or not args.bundle.is_dir():
            parser.error("--setup-only needs --bundle DIR, an existing folder")
        build_setup(args.bundle)
        return 0
    bundle = build_bundle()
    if sys.platform == "win32":
        build_setup(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
