"""The ``auyl`` command line, run in-process through app.main.main (and once as a real process)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app import __version__, db, demo, migrate
from app.main import main
from app.services import settings

REPO = Path(__file__).resolve().parent.parent
SUBCOMMANDS = ("init", "demo", "backup", "restore", "audit", "settings")


def auyl(path: Path, *args: str) -> int:
    return main(["--lang", "en", "--db", str(path), *args])


def _members_in(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM members").fetchone()[0]


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def db_file(tmp_path, template_db) -> Path:
    path = tmp_path / "auyl.sqlite"
    path.write_bytes(template_db.read_bytes())
    return path


def test_init_creates_the_database(tmp_path, capsys):
    path = tmp_path / "new" / "auyl.sqlite"
    assert auyl(path, "init") == 0
    out = capsys.readouterr().out
    assert "Database ready" in out and migrate.head_revision() in out
    assert path.is_file()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()
    # Running it again is harmless.
    assert auyl(path, "init") == 0


def test_commands_without_db_option_use_the_database_in_the_user_folder(private_home, capsys):
    assert main(["--lang", "en", "init"]) == 0
    assert (private_home / "auyl.sqlite").is_file()


def test_demo_adds_the_asked_number_of_people(db_file, capsys):
    assert auyl(db_file, "demo", "--members", "50", "--seed", "2") == 0
    out = capsys.readouterr().out
    assert "Added 50 people in" in out
    assert "And a year of the office:" in out and " meetings, " in out
    assert _members_in(db_file) == 50
    assert auyl(db_file, "demo", "--members", "5", "--seed", "3") == 1  # a second district is refused
    assert "already has people in its register" in _one_line(capsys.readouterr().err)
    assert _members_in(db_file) == 50


@pytest.mark.parametrize("count", ["0", "-5", "many"])
def test_demo_refuses_a_count_that_is_not_positive(db_file, capsys, count):
    with pytest.raises(SystemExit) as caught:
        auyl(db_file, "demo", "--members", count)
    assert caught.value.code == 2
    assert count in _one_line(capsys.readouterr().err)
    assert _members_in(db_file) == 0


def test_backup_then_restore_brings_the_data_back(db_file, tmp_path, capsys):
    copy = tmp_path / "backup.sqlite"
    assert auyl(db_file, "demo", "--members", "50", "--seed", "2") == 0
    assert auyl(db_file, "backup", str(copy)) == 0
    assert str(copy) in capsys.readouterr().out
    migrate.open_database(db.sqlite_url(db_file))
    demo.generate(30, seed=3, activity=False)  # more people (a second whole demo is refused)
    db.dispose()
    assert _members_in(db_file) == 80
    capsys.readouterr()

    assert auyl(db_file, "restore", str(copy)) == 0
    out = capsys.readouterr().out
    assert "restored" in out and str(copy) in out
    assert _members_in(db_file) == 50


def test_audit_lists_the_changes_since_a_day(db_file, capsys):
    assert auyl(db_file, "settings", "--set", "voting_age=20") == 0
    assert auyl(db_file, "demo", "--members", "5", "--seed", "2") == 0
    capsys.readouterr()
    assert auyl(db_file, "audit", "--since", "2020-01-01") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert sum("\tsettings\t" in line for line in lines) == 1
    assert sum("\tmembers\t" in line for line in lines) == 5
    assert auyl(db_file, "audit", "--since", "01.01.2020", "--table", "settings", "--limit", "1") == 0
    assert "\tsettings\t" in _one_line(capsys.readouterr().out)


def test_audit_with_no_changes_says_so(db_file, capsys):
    assert auyl(db_file, "audit", "--since", "2020-01-01") == 0
    assert "No changes recorded" in capsys.readouterr().out


def test_audit_with_an_impossible_date_is_a_one_line_usage_error(db_file, capsys):
    with pytest.raises(SystemExit) as caught:
        auyl(db_file, "audit", "--since", "2026-13-45")
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert "2026-13-45" in _one_line(captured.err)
    assert captured.out == ""


def test_restore_of_a_missing_file_fails_with_one_line(db_file, tmp_path, capsys):
    assert auyl(db_file, "demo", "--members", "5") == 0
    capsys.readouterr()
    missing = tmp_path / "missing.sqlite"
    assert auyl(db_file, "restore", str(missing)) == 1
    captured = capsys.readouterr()
    line = _one_line(captured.err)
    assert line.startswith("auyl: error:") and str(missing) in line
    assert "Traceback" not in captured.err
    assert _members_in(db_file) == 5


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out
    assert "--db" in out and "--lang" in out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", command, "--help"])
    assert caught.value.code == 0
    assert command in capsys.readouterr().out


def test_unknown_subcommand_is_a_one_line_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "frobnicate"])
    assert caught.value.code == 2
    assert "frobnicate" in _one_line(capsys.readouterr().err)


def test_settings_with_a_bad_value_fails_and_changes_nothing(db_file, capsys):
    assert auyl(db_file, "settings", "--set", "voting_age=19") == 0
    capsys.readouterr()
    assert auyl(db_file, "settings", "--set", "akim_answer_working_days=12", "--set", "voting_age=abc") == 1
    captured = capsys.readouterr()
    assert "abc" in _one_line(captured.err)
    migrate.open_database(db.sqlite_url(db_file))
    current = settings.load()
    assert (current.voting_age, current.akim_answer_working_days) == (19, 10)


def test_settings_shows_and_changes_the_district(db_file, capsys):
    assert auyl(db_file, "settings", "--set", "voting_age=20", "--add-village", "Жаңаауыл", "Жанаауыл",
                "--add-room", "Спорт залы", "--add-mci", "2027-01-01=4500") == 0
    out = capsys.readouterr().out
    assert "voting_age = 20" in out
    assert "Жаңаауыл / Жанаауыл" in out and "Мұқаншы / Муканшы" in out
    assert "Спорт залы" in out
    assert "2027-01-01" in out and "4,500" in out


def test_settings_refuses_a_malformed_assignment(db_file, capsys):
    with pytest.raises(SystemExit) as caught:
        auyl(db_file, "settings", "--set", "voting_age")
    assert caught.value.code == 2
    _one_line(capsys.readouterr().err)


def test_version_from_a_real_process():
    env = {key: value for key, value in os.environ.items() if key not in ("AUYL_DB", "AUYL_DATABASE_URL")}
    result = subprocess.run([sys.executable, "-m", "app", "--version"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Auyl Office {__version__}"


@pytest.mark.parametrize("argv, window", [
    ([], True), (["--db", "x.sqlite"], True), (["--lang", "ru"], True), (["--lang=kk", "--db=x"], True),
    (["init"], False), (["--db", "x.sqlite", "audit"], False), (["--help"], False), (["--version"], False),
])
def test_only_the_bare_command_line_opens_the_window(argv, window):
    from app import cli

    assert cli._only_global_options(argv) is window
    if window:
        assert cli.parse(argv).command is None
