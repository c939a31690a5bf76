"""A meeting's agenda: its items in order, with their speakers; saved whole, or one item appended
when a local issue is put before the meeting."""

from __future__ import annotations

from app.db import unit_of_work
from app.errors import ValidationError
from app.models import AgendaItem, Meeting, Speaker
from app.services import versions
from app.services.access import requires
from app.services.meetings.common import ItemData, SpeakerData, _editable


def _save_items(session, meeting: Meeting, items: list[ItemData]) -> None:
    for index, data in enumerate(items, start=1):
        if not data.title.strip():
            raise ValidationError("Agenda item {n} has no title.", field="items", n=index)
    existing = {item.id: item for item in meeting.items}
    kept = {data.id for data in items if data.id is not None}
    if kept - set(existing):
        raise ValidationError("An agenda item of another meeting cannot be moved here.", field="items")
    for item_id in set(existing) - kept:
        session.delete(existing[item_id])
    session.flush()
    for position, data in enumerate(items, start=1):
        item = existing.get(data.id) if data.id is not None else None
        if item is None:
            item = AgendaItem(meeting_id=meeting.id)
            session.add(item)
        item.position = position
        item.title = data.title.strip()
        for name in ("rapporteur", "heard", "proposal", "decision_text", "title_second", "decision_text_second"):
            setattr(item, name, getattr(data, name).strip())
        if data.local_issue_id is not None:  # an item keeps its issue when an editor leaves it out
            item.local_issue_id = data.local_issue_id
        item.speakers = [Speaker(position=n, name=s.name.strip(), summary=s.summary.strip())
                         for n, s in enumerate(data.speakers, start=1) if s.name.strip()]
    session.flush()
    session.expire(meeting, ["items"])


def _agenda_changed(meeting: Meeting) -> None:
    """The agenda is part of the meeting: a new version, so an editor holding the old agenda cannot
    save it over this one (and drop what was added)."""
    meeting.version += 1


@requires("meetings")
def save_agenda(meeting_id: int, items: list[ItemData], version: int | None = None) -> list[int]:
    """Replaces the agenda with ``items`` in this order: items with an id keep their vote and
    decision, items left out are removed. ``version`` is the meeting's the editor read. Returns the
    items' ids in order."""
    with unit_of_work() as session:
        meeting = _editable(session, meeting_id)
        versions.check(session, meeting, version)
        _save_items(session, meeting, items)
        _agenda_changed(meeting)
        return [item.id for item in meeting.items]


def append_item(session, meeting_id: int, item: ItemData) -> int:
    """Appends one item to a meeting's agenda in the caller's unit of work (a local issue put before
    it: the caller checks the role); returns its id."""
    meeting = _editable(session, meeting_id)
    kept = [ItemData(i.title, i.rapporteur, i.heard, i.proposal, i.decision_text,
                     tuple(SpeakerData(s.name, s.summary) for s in i.speakers), i.id,
                     title_second=i.title_second, decision_text_second=i.decision_text_second)
            for i in meeting.items]
    _save_items(session, meeting, kept + [item])
    _agenda_changed(meeting)
    return meeting.items[-1].id
