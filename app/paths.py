"""Where Auyl Office keeps its files: the one place every path comes from."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "AuylOffice"
APP_AUTHOR = "Auyl"

_HERE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # An installed wheel (or a frozen build) carries the folder inside the package;
    # a source checkout keeps it at the top of the repository.
    inside = _HERE / name
    return inside if inside.is_dir() else _HERE.parent / name


MIGRATIONS_DIR = _shipped("migrations")
RESOURCES_DIR = _shipped("resources")
FONTS_DIR = RESOURCES_DIR / "fonts"
I18N_DIR = RESOURCES_DIR / "i18n"


def data_dir() -> Path:
    """The user's data folder (AUYL_HOME overrides it, for tests and portable installs)."""
    override = os.environ.get("AUYL_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def log_dir() -> Path:
    override = os.environ.get("AUYL_HOME")
    if override:
        return Path(override) / "logs"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, APP_AUTHOR)


def cache_dir() -> Path:
    """Copies that can be thrown away (an attachment written out to open it in its viewer)."""
    override = os.environ.get("AUYL_HOME")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, APP_AUTHOR)


def backups_dir() -> Path:
    return data_dir() / "backups"


def names_a_server(db: str | os.PathLike) -> bool:
    """True for a database address such as postgresql+psycopg://host/office given where a file is
    expected (``--db``): it is the server, never a file to make under that odd name."""
    return "://" in str(db)


def default_db_path() -> Path:
    return data_dir() / "auyl.sqlite"


def private_dir(path: Path) -> Path:
    """Makes the folder (and its parents) if missing, readable by its owner only on POSIX: it holds
    everyone's personal data (docs/domain.md: Personal data). An existing one is tightened too; one
    that belongs to someone else is left as it is; missing parents are made private too."""
    for folder in reversed([path, *path.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        try:
            path.chmod(0o700)
        except OSError:
            pass
    return path


def private_file(path: Path) -> Path:
    """Makes the file empty if missing, readable by its owner only on POSIX, before a program (SQLite,
    pg_dump) fills it: they keep the mode of a file that is there, and SQLite gives its -wal and -shm
    files the database's. One an earlier version made readable by all is tightened; a file that cannot
    be made or changed is left for the program that writes it to report."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if os.name == "posix":
            try:
                path.chmod(0o600)
            except OSError:
                pass
    except OSError:
        pass
    return path
