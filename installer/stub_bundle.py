"""A stand-in for the Windows bundle, to compile the installer where PyInstaller cannot build it.

`python installer/stub_bundle.py DIR` writes the folder layout of dist\\AuylOffice as PyInstaller
makes it on Windows: the two programs and _internal\\ with the data files the spec ships and a
few of the runtime's files, each a tiny placeholder. makensis then checks the NSIS script over it
(every File line must find its files) and builds a real, if useless, setup .exe.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layout  # noqa: E402

# A few of the files PyInstaller puts in _internal on Windows (names only matter for the layout).
RUNTIME = ("python311.dll", "base_library.zip", "PySide6/Qt6Core.dll", "PySide6/plugins/platforms/qwindows.dll",
           "PySide6/translations/qtbase_kk.qm", "PySide6/translations/qtbase_ru.qm")


def make(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    internal = folder / layout.INTERNAL
    names = [folder / name for name in layout.programs(windows=True)]
    names += [internal / name for name in RUNTIME]
    names += [internal / target / source.name for source, target in layout.shipped_data()]
    for path in names:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"stand-in for " + path.name.encode() + b"\n")
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python installer/stub_bundle.py DIR")
    print(f"stand-in bundle: {make(Path(sys.argv[1]))}")
