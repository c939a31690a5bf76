"""A believable Zharlyozek district for trying the program, testing and benchmarks: people in
households (members), and a year of meetings, local issues, appeals, grants and events around them.

The demo is a layer above the services, beside the command line: it enters what the office would,
through the services (and the models where it fills the register in bulk); no service imports it.
Deterministic for a given seed: the same seed gives the same district on any machine and any day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app import clock
from app.db import batch, unit_of_work
from app.demo.appeals import generate_appeals
from app.demo.events import generate_events
from app.demo.grants import generate_grants
from app.demo.issues import generate_issues
from app.demo.meetings import generate as generate_meetings
from app.demo.members import add_people
from app.errors import ValidationError
from app.models import Member
from app.services.access import requires
from app.services.bulk import large_cache


@dataclass(frozen=True)
class DemoSummary:
    members: int
    households: int
    meetings: int = 0
    issues: int = 0
    grants: int = 0
    events: int = 0
    appeals: int = 0


@requires("settings")
def generate(members: int, seed: int = 1, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None, today: date | None = None,
             activity: bool = True) -> DemoSummary:
    """Adds about ``members`` people in households to the district's villages and, if the database has
    no meetings yet, a year of meetings ending on ``today`` (app.demo.meetings), local issues, grants
    and events around them: all in one transaction, so an error, a cancel or a killed process leaves
    the office as it was.

    The whole demo fills an empty register only: into one with people it would add a second district
    over the first (or over the office's real people), so it is refused. People alone
    (``activity=False``, for tests of the register) may be added to people already there."""
    if members < 1 or members > 1_000_000:
        raise ValidationError("The number of members must be from 1 to 1,000,000.", field="members")
    with batch():
        with unit_of_work() as session:
            if activity and session.scalar(select(Member.id).limit(1)) is not None:
                raise ValidationError("This office already has people in its register; the demo fills only an "
                                      "empty one, so nothing was added.", field="members")
            connection = session.connection()  # the batch's, for the whole demo
        with large_cache(connection):
            made, households = add_people(members, seed, progress, cancelled, today)
            if not activity:  # people only (tests of the register need no year of meetings)
                return DemoSummary(made, households)
            held = generate_meetings(seed, today or clock.today())
            issues = generate_issues(seed, today)  # after the meetings: some go on an agenda
            appeals = generate_appeals(seed, today)  # after the issues: some join one
            grants = generate_grants(seed, today)  # after the issues: grants pay for some of them
            events = generate_events(seed, today)  # last: around the meetings' bookings, funded by grants
    return DemoSummary(made, households, held, issues, grants, events, appeals)
