"""The demo year of local issues: the same seed and day give the same issues (and events), every status is there
with a history dated over the year, some are overdue and some long untouched, a few carry photos and
documents, the coming meeting has a couple on its agenda, and a second run adds nothing."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

import pytest

from app import demo
from app.demo import issues as demo_issues
from app.rules import issue_workflow
from app.services import local_issues, meetings
from tests.conftest import demo_copy, opened_copy
from tests.test_demo_events import contents as demo_events_contents

pytestmark = pytest.mark.every_database

TODAY = date.today() - timedelta(days=3)


@pytest.fixture
def district(migrated_template, made_once, tmp_path):
    """A copy of a demo district with its year, made once per session (it takes seconds); the same as
    tests/test_demo_events.py starts from."""
    with demo_copy(made_once, migrated_template, tmp_path / "db", members=150, seed=2, today=TODAY):
        yield


def contents() -> list[tuple]:
    """What the demo wrote, without the moments only a clock decides (a link to a meeting is made now)."""
    result = []
    for row in local_issues.rows(sort="number", descending=False, today=TODAY):
        view = local_issues.get(row.id, today=TODAY)
        result.append((view.label, view.data, view.status, view.resolved_on,
                       tuple((e.at, e.kind, e.old_value, e.new_value, e.comment) for e in view.events
                             if e.kind != "agenda"),
                       tuple((a.file_name, a.size) for a in view.attachments)))
    return result


def test_the_same_seed_and_day_give_the_same_issues_and_events(district, migrated_template, tmp_path):
    # The events too: tests/test_demo_events.py makes this same demo, and a demo takes seconds to make.
    first = contents(), demo_events_contents()
    with opened_copy(migrated_template, tmp_path / "again"):
        demo.generate(150, seed=2, today=TODAY)
        assert (contents(), demo_events_contents()) == first
    assert 60 <= len(first[0]) <= 120


def test_a_year_of_issues_in_every_status_with_histories(district):
    rows = local_issues.rows(today=TODAY)
    assert {row.status for row in rows} == set(issue_workflow.STATUSES)
    assert min(row.raised_on for row in rows) >= TODAY - timedelta(days=365)
    assert max(row.raised_on for row in rows) <= TODAY
    assert any(row.overdue for row in rows) and any(row.untouched for row in rows)
    views = [local_issues.get(row.id, today=TODAY) for row in rows]
    for view in views:
        assert view.events[0].kind == "raised"
        assert [e.at for e in view.events] == sorted(e.at for e in view.events)
        assert all(e.at.date() <= TODAY for e in view.events if e.kind != "agenda")
        if view.status in issue_workflow.CLOSED:
            assert view.events[-1].comment and view.resolved_on <= TODAY
    # A case was reopened, and both ways of raising one are there.
    assert any(sum(e.kind == "status" and e.new_value == "resolved" for e in v.events) == 2 for v in views)
    assert any(v.data.raised_by_id for v in views) and any(v.data.raiser_name for v in views)


def test_some_issues_carry_photos_and_documents(district):
    attachments = [a for row in local_issues.rows() for a in local_issues.get(row.id).attachments]
    photos = [a for a in attachments if a.is_image]
    assert photos and any(a.media_type == "text/plain" for a in attachments)
    name, media_type, content = local_issues.attachment_content(photos[0].id)
    assert content.startswith(b"\x89PNG\r\n\x1a\n") and media_type == "image/png"
    width, height = struct.unpack(">II", content[16:24])
    assert (width, height) == (48, 32)


def test_the_coming_meeting_has_issues_on_its_agenda(district):
    linked = [v for v in (local_issues.get(r.id) for r in local_issues.rows(open_only=True)) if v.agenda]
    assert len(linked) == 2
    meeting = meetings.get(linked[0].agenda[0].meeting_id)
    assert not meeting.signed and meeting.starts_at.date() > TODAY
    assert {item.title for item in meeting.items} >= {v.data.title for v in linked}


def test_a_second_run_adds_nothing(district):
    count = local_issues.count()
    assert demo_issues.generate_issues(2, TODAY) == 0
    assert local_issues.count() == count


def test_the_png_is_a_valid_image():
    content = demo_issues.png(8, 4, seed=1)
    width, height, depth, colour = struct.unpack(">IIBB", content[16:26])
    assert (width, height, depth, colour) == (8, 4, 8, 2)
    assert len(zlib.decompress(content[41:content.index(b"IEND") - 8])) == 4 * (1 + 8 * 3)
