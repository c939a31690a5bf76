"""The flush listeners every session runs: one records every change (audit), one keeps every
record's versions (history), one refuses writes a role
does not allow (access), one refuses a text longer than its column (text_limits), alike on SQLite and
PostgreSQL. Whatever starts the program installs them once (app.main for a command, the window's start in
app/ui/application.py, the tests' conftest, the benchmarks), so app.db, below the services, imports none of them."""

from __future__ import annotations

from app.services import access, audit, history, text_limits


def install() -> None:
    audit.install()
    history.install()
    access.install()
    text_limits.install()
