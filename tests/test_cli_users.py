"""`auyl users …`, `auyl password` and signing in on the command line."""

from __future__ import annotations

import pytest

from app import db, migrate
from app.main import main
from app.services import members


def auyl(database, *args: str) -> int:
    return main(["--lang", "en", "--db", str(database), *args])


@pytest.fixture
def office(database, monkeypatch):
    """Sign-in on, with administrator «admin» and a viewer «dana»."""
    monkeypatch.setenv("AUYL_NEW_PASSWORD", "admin-pass-1")
    assert auyl(database, "users", "sign-in", "on", "--admin", "Admin", "--full-name", "Әсем Төлегенова") == 0
    monkeypatch.setenv("AUYL_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("AUYL_NEW_PASSWORD", "dana-pass-1")
    assert auyl(database, "--user", "admin", "users", "add", "dana", "--role", "viewer") == 0
    monkeypatch.delenv("AUYL_NEW_PASSWORD")
    return database


def test_with_sign_in_on_a_command_needs_a_name(office, capsys, monkeypatch):
    monkeypatch.delenv("AUYL_USER", raising=False)
    assert auyl(office, "members", "search", "а") == 1
    assert "give your name with --user" in capsys.readouterr().err


def test_a_wrong_password_is_refused_in_one_line(office, capsys, monkeypatch):
    monkeypatch.setenv("AUYL_PASSWORD", "wrong")
    assert auyl(office, "--user", "dana", "members", "search", "а") == 1
    err = capsys.readouterr().err.strip()
    assert err == "auyl: error: Wrong name or password."


def test_a_viewer_reads_but_is_refused_a_change_with_the_services_message(office, capsys, monkeypatch):
    monkeypatch.setenv("AUYL_PASSWORD", "dana-pass-1")
    assert auyl(office, "--user", "dana", "members", "search", "а") == 0
    assert auyl(office, "--user", "dana", "demo", "--members", "5") == 1
    assert "auyl: error: Your role (Viewer) does not allow" in capsys.readouterr().err
    migrate.open_database(db.sqlite_url(office))
    assert members.count() == 0


def test_users_are_listed_changed_and_given_a_new_password(office, capsys, monkeypatch):
    assert auyl(office, "--user", "admin", "users", "change", "dana", "--role", "staff") == 0
    monkeypatch.setenv("AUYL_NEW_PASSWORD", "given-again-1")
    assert auyl(office, "--user", "admin", "users", "reset-password", "dana") == 0
    capsys.readouterr()
    assert auyl(office, "--user", "admin", "users", "list") == 0
    out = capsys.readouterr().out
    assert "dana" in out and "Staff" in out and "Әсем Төлегенова" in out
    monkeypatch.setenv("AUYL_PASSWORD", "given-again-1")
    monkeypatch.setenv("AUYL_NEW_PASSWORD", "my-own-pass-1")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert auyl(office, "--user", "dana", "password") == 0
    monkeypatch.setenv("AUYL_PASSWORD", "my-own-pass-1")
    assert auyl(office, "--user", "dana", "members", "search", "а") == 0


def test_sign_in_off_opens_again_without_a_name(office, monkeypatch):
    assert auyl(office, "--user", "admin", "users", "sign-in", "off") == 0
    monkeypatch.delenv("AUYL_PASSWORD")
    assert auyl(office, "members", "search", "а") == 0


def test_a_short_password_is_refused_and_nothing_changes(office, capsys, monkeypatch):
    monkeypatch.setenv("AUYL_NEW_PASSWORD", "short")
    assert auyl(office, "--user", "admin", "users", "add", "bolat", "--role", "staff") == 1
    assert "at least 8 characters" in capsys.readouterr().err
    auyl(office, "--user", "admin", "users", "list")
    assert "bolat" not in capsys.readouterr().out


def test_the_recovery_code_is_printed_once_and_sets_a_forgotten_password(office, capsys):
    from app.services import users

    assert auyl(office, "--user", "admin", "users", "recovery-code", "admin") == 0
    out = capsys.readouterr().out
    assert out.startswith("The recovery code of admin: ") and "shown only this once" in out
    code = out.split(": ", 1)[1].split(".", 1)[0]
    assert auyl(office, "--user", "admin", "users", "recovery-code", "dana") == 1
    assert "dana is not an active administrator." in capsys.readouterr().err
    migrate.open_database(db.sqlite_url(office))
    assert users.recover_password("admin", code, "new-pass-123")
