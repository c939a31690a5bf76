"""The areas of the office's data: one list for who may change what (app/services/access.py) and for
which lists refresh after a change (app/ui/notices.py). Qt-free, so every layer may import it.

Decisions belong to their meetings, users and backups to the settings: a role that keeps one keeps
the other, and a list that shows one refreshes with the other."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Area(StrEnum):
    REGISTER = "register"  # people, households, consents
    MEETINGS = "meetings"  # meetings, agendas, attendance, votes, decisions, assembly members
    ISSUES = "issues"  # local issues, their history and attachments; appeals of residents and their steps
    EVENTS = "events"  # events, registrations, room bookings
    GRANTS = "grants"  # donors, grants, lines, tranches, expenses, deadlines
    SETTINGS = "settings"  # the office's settings, villages, rooms, holidays, users, backups

    def __or__(self, other: Area | Iterable[Area]) -> frozenset[Area]:
        return areas(self) | areas(other)

    __ror__ = __or__


ALL: frozenset[Area] = frozenset(Area)  # everything may have changed: a restore, another database


def areas(given: Area | str | Iterable[Area | str]) -> frozenset[Area]:
    """One area or several, as the set the change notices carry."""
    if isinstance(given, str):
        return frozenset({Area(given)})
    return frozenset(Area(area) for area in given)
