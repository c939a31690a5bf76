"""The activity report's figures are each area's own period figures, for the same period."""

from __future__ import annotations

from datetime import date

import pytest

from app import demo
from app.errors import ValidationError
from app.services import activity, events, grants, local_issues, meetings, members, periods

pytestmark = pytest.mark.every_database


def test_every_section_equals_its_own_area_for_the_same_period(database):
    # The demo's year of activity is made as of the report's own day, whatever day the test runs on.
    demo.generate(members=300, seed=3, today=date(2026, 11, 29))
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    span = periods.of(first, last, today=date(2026, 11, 29))
    report = activity.period(span)
    assert report.members == members.period(span)
    assert report.meetings == meetings.period(span)
    assert report.issues == local_issues.period(span)
    assert report.grants == grants.period(span)
    assert report.events == events.period(span)
    assert report.members.residents > 0 and report.meetings.held > 0


def test_quarters_and_a_reversed_period():
    assert activity.quarter(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert activity.quarter(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    with pytest.raises(ValidationError):
        activity.quarter(2026, 5)
    with pytest.raises(ValidationError):
        periods.of(date(2026, 2, 1), date(2026, 1, 1))
