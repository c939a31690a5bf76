"""Local issues residents raise: intake, the status workflow (app.rules.issue_workflow), the history
of every change, attachments kept in the database, links to meetings and their decisions, the list
with its filters, and the figures of the issues report."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import clock
from app.db import unit_of_work
from app.errors import NotFound, ValidationError
from app.i18n import N_, tr
from app.models import AgendaItem, Decision, LocalIssue, LocalIssueAttachment, LocalIssueEvent, Meeting, Member, Village
from app.models.base import holds
from app.rules import issue_workflow as workflow
from app.rules.phone import InvalidPhone
from app.rules.text import fold, search_key
from app.services import files, settings, versions
from app.services.access import requires
from app.services.audit import acting_user
from app.services.members import normalize_phones
from app.services.periods import Period

CHANNELS = {"visit": N_("visit"), "phone": N_("phone call"), "message": N_("message"), "meeting": N_("at a meeting")}
PRIORITIES = {"low": N_("low"), "normal": N_("normal"), "high": N_("high"), "urgent": N_("urgent")}
STATUSES = workflow.STATUSES
EVENT_KINDS = {"raised": N_("raised"), "status": N_("status"), "assignee": N_("assignee"), "due": N_("due date"),
               "comment": N_("comment"), "attachment": N_("attachment"), "agenda": N_("put on the agenda")}

MAX_ATTACHMENT_BYTES = files.MAX_ATTACHMENT_BYTES


@dataclass(frozen=True)
class IssueData:
    """What staff fill in when a resident raises an issue."""

    title: str
    category: str
    raised_on: date
    channel: str = "visit"
    village_id: int | None = None
    address: str = ""
    description: str = ""
    raised_by_id: int | None = None  # a member of the register, or:
    raiser_name: str = ""  # someone not in it
    raiser_phone: str = ""
    priority: str = "normal"
    assignee: str = ""
    due_on: date | None = None
    # The version the form read (app/services/versions.py); which save it answers, not what it says,
    # so it does not take part in comparing two data.
    version: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class EventView:
    at: datetime
    user: str
    kind: str
    old_value: str
    new_value: str
    comment: str


@dataclass(frozen=True)
class AttachmentView:
    id: int
    file_name: str
    media_type: str
    size: int
    added_at: datetime
    added_by: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class AgendaLink:
    """A meeting that put the issue on its agenda, and the decision it took about it, if any."""

    meeting_id: int
    meeting_kind: str
    meeting_kind_name: str
    meeting_number: int
    meeting_date: date
    item_id: int
    item_position: int
    decision_id: int | None
    decision_label: str
    adopted: bool | None


@dataclass(frozen=True)
class IssueView:
    id: int
    label: str  # 12/2026
    data: IssueData
    status: str
    raiser: str  # the member's name or the name typed
    village_kk: str
    village_ru: str
    resolved_on: date | None
    touched_at: datetime
    overdue: bool
    untouched: bool
    next_statuses: tuple[str, ...]
    events: tuple[EventView, ...]
    attachments: tuple[AttachmentView, ...]
    agenda: tuple[AgendaLink, ...]


@dataclass(frozen=True)
class IssueRow:
    id: int
    label: str
    year: int
    number: int
    title: str
    category: str
    village_kk: str
    village_ru: str
    raised_on: date
    priority: str
    assignee: str
    due_on: date | None
    status: str
    resolved_on: date | None
    touched_at: datetime
    overdue: bool
    untouched: bool


# Checks and helpers ------------------------------------------------------------------------------

def categories(district: settings.DistrictSettings | None = None) -> list[str]:
    """The district's list of categories (roads, water, lighting…)."""
    district = district or settings.load()
    return [name.strip() for name in district.issue_categories.split(";") if name.strip()]


def _checked(session, data: IssueData) -> IssueData:
    data = replace(data, **{name: getattr(data, name).strip() for name in
                            ("title", "category", "address", "description", "raiser_name", "assignee")})
    if not data.title:
        raise ValidationError("The issue has no title: say in a few words what is wrong.", field="title")
    if not data.category:
        raise ValidationError("Choose a category.", field="category")
    if data.channel not in CHANNELS:
        raise ValidationError("Unknown channel: {channel}", field="channel", channel=data.channel)
    if data.priority not in PRIORITIES:
        raise ValidationError("Unknown priority: {priority}", field="priority", priority=data.priority)
    if data.raised_on > clock.today():
        raise ValidationError("The issue cannot be raised in the future.", field="raised_on")
    if data.due_on is not None and data.due_on < data.raised_on:
        raise ValidationError("The due date is before the day the issue was raised.", field="due_on")
    if data.village_id is not None and session.get(Village, data.village_id) is None:
        raise ValidationError("The district has no such village.", field="village")
    if data.raised_by_id is not None:
        member = session.get(Member, data.raised_by_id)
        if member is None or member.erased_at is not None:
            raise ValidationError("No person with number {id} in the register.", field="raised_by",
                                  id=data.raised_by_id)
        data = replace(data, raiser_name="", raiser_phone="")
    else:
        try:
            data = replace(data, raiser_phone=normalize_phones(data.raiser_phone))
        except InvalidPhone as error:
            raise ValidationError(error.reason, field="raiser_phone") from None
    return data


def _issue(session, issue_id: int) -> LocalIssue:
    issue = session.get(LocalIssue, issue_id)
    if issue is None:
        raise NotFound("No local issue with number {id}.", id=issue_id)
    return issue


def _full_name(member: Member | None) -> str:
    if member is None:
        return ""
    return " ".join(part for part in (member.surname, member.given_name, member.patronymic) if part)


def _search_text(issue: LocalIssue, raiser: str) -> str:
    return search_key(issue.title, issue.description, issue.address, issue.category, raiser,
                      f"{issue.number}/{issue.year}")


def _log(issue: LocalIssue, kind: str, old: str = "", new: str = "", comment: str = "", at: datetime | None = None):
    at = at or clock.now()
    issue.events.append(LocalIssueEvent(at=at, user=acting_user(), kind=kind, old_value=old[:300],
                                        new_value=new[:300], comment=comment.strip()))
    issue.touched_at = at


def _fill(session, issue: LocalIssue, data: IssueData) -> None:
    for name in ("title", "category", "raised_on", "channel", "village_id", "address", "description",
                 "raised_by_id", "raiser_name", "raiser_phone", "priority", "assignee", "due_on"):
        setattr(issue, name, getattr(data, name))
    raiser = _full_name(session.get(Member, data.raised_by_id)) if data.raised_by_id else data.raiser_name
    issue.search_text = _search_text(issue, raiser)


# Writing -----------------------------------------------------------------------------------------

@requires("issues")
def create(data: IssueData, comment: str = "", at: datetime | None = None) -> int:
    """Registers a new issue (status new) with the next number of its year; returns its id."""
    with unit_of_work() as session:
        data = _checked(session, data)
        year = data.raised_on.year
        highest = session.scalar(select(func.max(LocalIssue.number)).where(LocalIssue.year == year))
        issue = LocalIssue(year=year, number=(highest or 0) + 1, status=workflow.NEW)
        _fill(session, issue, data)
        _log(issue, "raised", comment=comment, at=at)
        session.add(issue)
        session.flush()
        return issue.id


@requires("issues")
def update(issue_id: int, data: IssueData, comment: str = "", at: datetime | None = None) -> None:
    """Changes an issue's details; a new assignee or due date goes into its history (dated ``at``,
    default now)."""
    with unit_of_work() as session:
        issue = _issue(session, issue_id)
        versions.check(session, issue, data.version)
        data = _checked(session, data)
        if data.raised_on.year != issue.year:
            raise ValidationError("The issue is numbered in {year}: its raised date stays in that year.",
                                  field="raised_on", year=issue.year)
        if data.assignee != issue.assignee:
            _log(issue, "assignee", issue.assignee, data.assignee, comment, at=at)
        if data.due_on != issue.due_on:
            _log(issue, "due", issue.due_on.isoformat() if issue.due_on else "",
                 data.due_on.isoformat() if data.due_on else "", comment, at=at)
        _fill(session, issue, data)
        issue.touched_at = at or clock.now()


@requires("issues")
def change_status(issue_id: int, wanted: str, comment: str = "", on: date | None = None,
                  at: datetime | None = None) -> None:
    """Moves an issue along its workflow; resolving, rejecting and reopening need a comment."""
    with unit_of_work() as session:
        issue = _issue(session, issue_id)
        try:
            workflow.check(issue.status, wanted, comment)
        except workflow.WorkflowError as error:
            params = {name: tr(STATUSES[value]) if value in STATUSES else value
                      for name, value in error.params.items()}
            raise ValidationError(error.reason, field="status", **params) from None
        on = on or (at.date() if at else clock.today())
        if on < issue.raised_on:
            raise ValidationError("An issue cannot change before the day it was raised.", field="on")
        _log(issue, "status", issue.status, wanted, comment, at=at)
        issue.status = wanted
        issue.resolved_on = on if wanted in workflow.CLOSED else None


@requires("issues")
def add_comment(issue_id: int, text: str, at: datetime | None = None) -> None:
    if not text.strip():
        raise ValidationError("The comment is empty.", field="comment")
    with unit_of_work() as session:
        _log(_issue(session, issue_id), "comment", comment=text, at=at)


@requires("issues")
def delete(issue_id: int) -> None:
    """Removes an issue registered by mistake (its history and attachments go with it)."""
    with unit_of_work() as session:
        session.delete(_issue(session, issue_id))


# Attachments -------------------------------------------------------------------------------------

@requires("issues")
def add_attachment(issue_id: int, path: str | Path, at: datetime | None = None) -> int:
    """Copies a photo or document into the database. Too big or unreadable files are refused with
    a clear message, and nothing changes."""
    name, media_type, content = files.read_attachment(path, MAX_ATTACHMENT_BYTES)
    with unit_of_work() as session:
        issue = _issue(session, issue_id)
        attachment = LocalIssueAttachment(file_name=name, media_type=media_type, size=len(content),
                                          added_at=at or clock.now(),
                                          added_by=acting_user(), content=content)
        issue.attachments.append(attachment)
        _log(issue, "attachment", new=name, at=at)
        session.flush()
        return attachment.id


def attachment_content(attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a local issue's attachment."""
    return files.stored(LocalIssueAttachment, attachment_id)


def save_attachment(attachment_id: int, folder: str | Path) -> Path:
    """Writes a local issue's attachment into ``folder`` under its bare name."""
    name, _media_type, content = attachment_content(attachment_id)
    return files.write_into(folder, name, content)


@requires("issues")
def remove_attachment(attachment_id: int) -> None:
    with unit_of_work() as session:
        attachment = session.get(LocalIssueAttachment, attachment_id)
        if attachment is None:
            raise NotFound("No attachment with number {id}.", id=attachment_id)
        issue = _issue(session, attachment.issue_id)
        _log(issue, "attachment", old=attachment.file_name)
        session.delete(attachment)


# Meetings ----------------------------------------------------------------------------------------

@requires("issues")
def put_on_agenda(issue_id: int, meeting_id: int) -> int:
    """Adds the issue to the end of a meeting's agenda (the link shows on both sides); returns the
    agenda item's id."""
    from app.services import meetings

    with unit_of_work() as session:
        issue = _issue(session, issue_id)
        item_id = meetings.append_item(session, meeting_id, meetings.ItemData(
            title=issue.title, heard=issue.description, local_issue_id=issue_id))
        meeting = session.get(Meeting, meeting_id)
        _log(issue, "agenda", new=f"{meeting.number}/{meeting.year}")
    return item_id


def _agenda_links(session, issue_id: int) -> tuple[AgendaLink, ...]:
    query = (select(AgendaItem, Meeting, Decision).join(Meeting, AgendaItem.meeting_id == Meeting.id)
             .outerjoin(Decision, Decision.item_id == AgendaItem.id)
             .where(AgendaItem.local_issue_id == issue_id).order_by(Meeting.starts_at, AgendaItem.position))
    return tuple(AgendaLink(m.id, m.kind, m.kind_name, m.number, m.starts_at.date(), item.id, item.position,
                            d.id if d else None, f"{d.number}/{d.year}" if d else "", item.adopted)
                 for item, m, d in session.execute(query))


# Reading -----------------------------------------------------------------------------------------

def _flags(issue, today: date, untouched_days: int) -> tuple[bool, bool]:
    open_ = issue.status in workflow.OPEN
    overdue = open_ and issue.due_on is not None and issue.due_on < today
    untouched = open_ and issue.touched_at.date() <= today - timedelta(days=untouched_days)
    return overdue, untouched


def get(issue_id: int, today: date | None = None) -> IssueView:
    district = settings.load()
    today = today or clock.today()
    with unit_of_work() as session:
        issue = _issue(session, issue_id)
        village = session.get(Village, issue.village_id) if issue.village_id else None
        raiser = (_full_name(session.get(Member, issue.raised_by_id)) if issue.raised_by_id
                  else issue.raiser_name)
        data = IssueData(issue.title, issue.category, issue.raised_on, issue.channel, issue.village_id,
                         issue.address, issue.description, issue.raised_by_id, issue.raiser_name,
                         issue.raiser_phone, issue.priority, issue.assignee, issue.due_on, issue.version)
        overdue, untouched = _flags(issue, today, district.issue_untouched_days)
        return IssueView(
            issue.id, f"{issue.number}/{issue.year}", data, issue.status, raiser,
            village.name_kk if village else "", village.name_ru if village else "", issue.resolved_on,
            issue.touched_at, overdue, untouched, workflow.allowed(issue.status),
            tuple(EventView(e.at, e.user, e.kind, e.old_value, e.new_value, e.comment) for e in issue.events),
            tuple(AttachmentView(a.id, a.file_name, a.media_type, a.size, a.added_at, a.added_by)
                  for a in issue.attachments),
            _agenda_links(session, issue.id))


SORTS = {
    "number": (LocalIssue.year, LocalIssue.number),
    "title": (LocalIssue.title,),
    "category": (LocalIssue.category,),
    "village": (LocalIssue.village_id,),
    "raised_on": (LocalIssue.raised_on,),
    "priority": (LocalIssue.priority,),
    "assignee": (LocalIssue.assignee,),
    "due_on": (LocalIssue.due_on,),
    "status": (LocalIssue.status,),
    "touched_at": (LocalIssue.touched_at,),
}


def _filtered(query, text: str = "", status: str | None = None, category: str | None = None,
              village_id: int | None = None, overdue_only: bool = False, open_only: bool = False,
              today: date | None = None):
    query = query.where(*[holds(LocalIssue.search_text, word) for word in fold(text).split()])
    if status:
        query = query.where(LocalIssue.status == status)
    if category:
        query = query.where(LocalIssue.category == category)
    if village_id is not None:
        query = query.where(LocalIssue.village_id == village_id)
    if open_only or overdue_only:
        query = query.where(LocalIssue.status.in_(workflow.OPEN))
    if overdue_only:
        query = query.where(LocalIssue.due_on < (today or clock.today()))
    return query


def rows(text: str = "", status: str | None = None, category: str | None = None, village_id: int | None = None,
         overdue_only: bool = False, open_only: bool = False, sort: str = "number", descending: bool = True,
         offset: int = 0, limit: int | None = None, today: date | None = None) -> list[IssueRow]:
    """The list: filtered by words (any spelling), status, category, village, overdue; sorted."""
    district = settings.load()
    today = today or clock.today()
    # Issues without a due date or village first, last when reversed: SQLite's way, asked for by name so
    # that PostgreSQL (NULLs last) lists them alike.
    order = [(c.desc().nulls_last() if descending else c.asc().nulls_first()) if c.nullable
             else c.desc() if descending else c.asc() for c in SORTS[sort]]
    query = _filtered(select(LocalIssue), text, status, category, village_id, overdue_only, open_only, today)
    query = query.order_by(*order, LocalIssue.id.desc() if descending else LocalIssue.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with unit_of_work() as session:
        villages = {v.id: v for v in session.scalars(select(Village))}
        result = []
        for issue in session.scalars(query):
            village = villages.get(issue.village_id)
            overdue, untouched = _flags(issue, today, district.issue_untouched_days)
            result.append(IssueRow(issue.id, f"{issue.number}/{issue.year}", issue.year, issue.number, issue.title,
                                   issue.category, village.name_kk if village else "",
                                   village.name_ru if village else "", issue.raised_on, issue.priority,
                                   issue.assignee, issue.due_on, issue.status, issue.resolved_on, issue.touched_at,
                                   overdue, untouched))
        return result


def count(text: str = "", status: str | None = None, category: str | None = None, village_id: int | None = None,
          overdue_only: bool = False, open_only: bool = False, today: date | None = None) -> int:
    query = _filtered(select(func.count()).select_from(LocalIssue), text, status, category, village_id,
                      overdue_only, open_only, today)
    with unit_of_work() as session:
        return session.scalar(query)


def counts_by_status() -> dict[str, int]:
    """How many issues are in each status (every status present, 0 when none)."""
    with unit_of_work() as session:
        found = dict(session.execute(select(LocalIssue.status, func.count()).group_by(LocalIssue.status)).all())
    return {status: found.get(status, 0) for status in STATUSES}


@dataclass(frozen=True)
class IssueFigures:
    open: int
    overdue: int
    untouched: int


def figures(today: date | None = None) -> IssueFigures:
    """For the start page: open, overdue and long-untouched issues."""
    district = settings.load()
    today = today or clock.today()
    stale = datetime.combine(today - timedelta(days=district.issue_untouched_days - 1), datetime.min.time())
    with unit_of_work() as session:
        open_ = LocalIssue.status.in_(workflow.OPEN)
        total = session.scalar(select(func.count()).select_from(LocalIssue).where(open_))
        overdue = session.scalar(select(func.count()).select_from(LocalIssue).where(open_, LocalIssue.due_on < today))
        untouched = session.scalar(select(func.count()).select_from(LocalIssue).where(open_,
                                                                                      LocalIssue.touched_at < stale))
    return IssueFigures(total, overdue, untouched)


# The report's figures ----------------------------------------------------------------------------

@dataclass(frozen=True)
class IssuesPeriod:
    """What the issues report shows for a period: one source of truth for these counts."""

    span: Period
    received_by_category: dict[str, int]
    resolved_by_category: dict[str, int]
    received_by_village: dict[int | None, int]
    resolved_by_village: dict[int | None, int]
    received: int
    resolved: int
    rejected: int
    median_days_to_resolve: float | None
    still_open: tuple[IssueRow, ...]  # raised in or before the period, open at its effective end
    overdue: tuple[IssueRow, ...]  # of those, due before that day
    # By month (the first day of each month in the period, months without any included).
    received_by_month: dict[date, int] = field(default_factory=dict)
    resolved_by_month: dict[date, int] = field(default_factory=dict)
    # Of still_open, the status each had at the period's end (issue id -> status code).
    status_at_end: dict[int, str] = field(default_factory=dict)


def period(span: Period) -> IssuesPeriod:
    """Issues received and resolved in the period, up to its effective end; open and overdue at that
    end: due before it and not resolved by it."""
    date_from, last = span.date_from, span.effective_to
    with unit_of_work() as session:
        received = list(session.scalars(select(LocalIssue).where(LocalIssue.raised_on.between(date_from, last))))
        closed = list(session.scalars(select(LocalIssue).where(LocalIssue.resolved_on.between(date_from, last))))
    resolved = [i for i in closed if i.status == workflow.RESOLVED]

    def by(issues, key) -> dict:
        result: dict = {}
        for issue in issues:
            result[key(issue)] = result.get(key(issue), 0) + 1
        return dict(sorted(result.items(), key=lambda pair: (-pair[1], str(pair[0]))))

    days = [(i.resolved_on - i.raised_on).days for i in resolved]
    # Open at the end of the period: open now, or closed only after it.
    open_rows = tuple(row for row in rows(sort="raised_on", descending=False, today=last)
                      if row.raised_on <= last
                      and (row.status in workflow.OPEN or (row.resolved_on and row.resolved_on > last)))
    months = {}
    month = date_from.replace(day=1)
    while month <= span.date_to:
        months[month] = 0
        month = (month + timedelta(days=32)).replace(day=1)

    def by_month(issues, day) -> dict[date, int]:
        result = dict(months)
        for issue in issues:
            result[day(issue).replace(day=1)] += 1
        return result

    return IssuesPeriod(span, by(received, lambda i: i.category), by(resolved, lambda i: i.category),
                        by(received, lambda i: i.village_id), by(resolved, lambda i: i.village_id),
                        len(received), len(resolved), len(closed) - len(resolved),
                        statistics.median(days) if days else None, open_rows,
                        tuple(row for row in open_rows if row.due_on is not None and row.due_on < last),
                        by_month(received, lambda i: i.raised_on), by_month(resolved, lambda i: i.resolved_on),
                        _statuses_on(last, [row.id for row in open_rows]))


def _statuses_on(day: date, issue_ids: list[int]) -> dict[int, str]:
    """Each issue's status at the end of ``day``, read from its history."""
    result = dict.fromkeys(issue_ids, workflow.NEW)
    if not issue_ids:
        return result
    with unit_of_work() as session:
        events = session.scalars(select(LocalIssueEvent).where(LocalIssueEvent.kind == "status",
                                                               LocalIssueEvent.issue_id.in_(issue_ids))
                                 .order_by(LocalIssueEvent.id))
        for event in events:
            if event.at.date() <= day:
                # A close recorded by then but dated later (its resolved_on): still open that day.
                result[event.issue_id] = event.old_value if event.new_value in workflow.CLOSED else event.new_value
    return result

