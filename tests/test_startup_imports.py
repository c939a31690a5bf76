"""The window is painted before the ORM loads: an office that needs no question before its window
(app/peek.py) shows the main window with the start page's frame first; SQLAlchemy, the models, the
services and the printing libraries load after the first paint, and the start page's figures follow."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from app import db, demo, peek
from app.services import drafts, settings
from app.ui import application
from app.ui.pages.start import PLACEHOLDER, StartPage

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "sqlalchemy.orm", "alembic", "app.db", "app.models", "app.services.dashboard",
         "reportlab", "openpyxl", "docx", "charset_normalizer")
# Run in a new process as `auyl --db PATH`: what is loaded and what the start page shows at the first
# paint, then the figures once they are in (AUYL_EXIT_WHEN_SHOWN quits after them).
WATCHED_START = f"""
import json, sys
from app.ui import application
from app.ui.pages.start import StartPage

started = application.start

def start(*args, **kwargs):
    window = started(*args, **kwargs)
    page = window.stack.currentWidget()
    def painted():
        print("painted", json.dumps({{"loaded": [m for m in {HEAVY!r} if m in sys.modules],
                                     "page": type(page).__name__, "people": page.members_total.number.text()}}))
    window.painted.connect(painted)
    page.filled.connect(lambda: print("figures", json.dumps({{"people": page.members_total.number.text(),
                                                               "awaiting": page.awaiting.number.text()}})))
    return window

application.start = start
from app.main import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def set_up_office(database, members: int = 0) -> None:
    settings.keep_sample_district()
    if members:
        demo.generate(members, seed=1, activity=False)


def lines(output: str) -> dict[str, dict | float]:
    found = {}
    for line in output.splitlines():
        name, _space, value = line.partition(" ")
        if name in ("painted", "figures"):
            found[name] = json.loads(value)
        elif name in ("shown", "filled"):
            found[name] = float(value)
    return found


def test_the_window_is_painted_before_the_orm_loads_and_the_figures_fill_in_after(database, private_home):
    set_up_office(database, members=40)
    db.dispose()
    env = dict(os.environ, AUYL_HOME=str(private_home), AUYL_EXIT_WHEN_SHOWN="1", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", WATCHED_START, str(database)], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    found = lines(done.stdout)

    assert found["painted"] == {"loaded": [], "page": "StartPage", "people": PLACEHOLDER}
    assert found["shown"] <= found["filled"]
    assert found["figures"]["people"] != PLACEHOLDER and int(found["figures"]["people"]) > 0
    assert found["figures"]["awaiting"] == "0"


@pytest.mark.parametrize("change", ["none", "not set up", "sign-in", "older schema", "no file", "not a database"])
def test_only_a_set_up_office_at_head_without_sign_in_opens_before_its_services(database, change):
    settings.keep_sample_district()
    db.dispose()
    path = Path(database)
    with sqlite3.connect(path) as connection:
        if change == "not set up":
            connection.execute("UPDATE settings SET value = 'false' WHERE key = 'setup_completed'")
        elif change == "sign-in":
            connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('single_user', 'false')")
        elif change == "older schema":
            connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    if change == "no file":
        path = path.with_name("elsewhere.sqlite")
    elif change == "not a database":
        path.write_bytes(b"not a database, only text" * 100)
    assert peek.opens_at_once(path) is (change == "none")


def test_the_look_opens_the_file_the_services_open(private_home, monkeypatch, tmp_path):
    def opened(db_path=None) -> str:
        return db.sqlite_url(peek.office_file(db_path))

    assert opened() == db.resolve_url()
    monkeypatch.setenv("AUYL_DB", str(tmp_path / "from the environment.sqlite"))
    assert opened() == db.resolve_url()
    assert opened(tmp_path / "given.sqlite") == db.resolve_url(tmp_path / "given.sqlite")
    monkeypatch.setenv("AUYL_DATABASE_URL", "postgresql+psycopg://auyl@localhost/auyl")
    assert peek.office_file() is None  # a server: the full start


def test_a_window_painted_first_opens_its_services_then_reads_and_offers_drafts(qtbot, database, monkeypatch):
    set_up_office(database, members=20)
    drafts.save("member", None, {"surname": "Әбдіқадырова"}, "the person «Әбдіқадырова»")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *a, **k:
                        asked.append(text) or QMessageBox.StandardButton.Discard)
    application.application()
    db.dispose()  # the window opens the office itself, after its first paint

    window = application.start(str(database), "en")
    qtbot.addWidget(window)
    page = window.stack.currentWidget()
    assert isinstance(page, StartPage) and not window.services_open and db.engine_or_none() is None
    assert page.members_total.number.text() == PLACEHOLDER and not page.members_card.isEnabled()

    with qtbot.waitSignal(page.filled, timeout=20_000):
        pass
    assert window.services_open and db.engine_or_none() is not None
    assert int(page.members_total.number.text()) > 0 and page.members_card.isEnabled()
    assert "the person «Әбдіқадырова»" in asked[0] and drafts.drafts() == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()


def test_an_office_that_fails_to_open_after_the_paint_says_why_and_closes_its_window(qtbot, database, monkeypatch):
    from app import migrate
    from app.errors import DatabaseError
    from app.ui import errors

    set_up_office(database)
    application.application()
    db.dispose()
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, message: shown.append(message))

    def changed_meanwhile(_url):
        raise DatabaseError("The database could not be upgraded and was left as it was.")

    monkeypatch.setattr(migrate, "open_database", changed_meanwhile)
    ended = []
    monkeypatch.setattr(QApplication, "exit", lambda *args: ended.append(args[-1]))  # run_window's loop ends with 1
    window = application.start(str(database), "en")
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)

    assert shown == ["The database could not be upgraded and was left as it was."]
    assert ended == [1]
    # The window is hidden, and gone once Qt's deferred deletion has run.
    assert not isValid(window) or not (window.isVisible() or window.services_open)
