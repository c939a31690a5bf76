"""Appeals of residents on the Administrative Procedural Code's clocks
(docs/domain.md, Appeals of residents): registration with the year's next number and the answer's
term, extension, redirection to another body, the answer, the link to a local issue, the list with
its overdue and coming terms, and the erasure of an applicant's personal data with the person
(docs/domain.md, Personal data).

Terms are counted in the office's working-day calendar (app.services.calendar) by app.rules.appeals;
their lengths are district settings."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, select

from app import clock
from app.areas import Area
from app.db import batch, unit_of_work
from app.errors import Label, NotFound, ValidationError
from app.i18n import N_
from app.models import Appeal, AppealAttachment, AppealStep, LocalIssue, Member, RecordVersion
from app.rules import appeals as rules
from app.rules import ranges
from app.rules.phone import InvalidPhone
from app.rules.text import fold
from app.rules.workdays import is_working_day
from app.services import access, calendar, files, local_issues, settings, versions
from app.services.access import requires
from app.services.audit import acting_user
from app.services.members import normalize_phones
from app.services.periods import Period

KINDS, CHANNELS, RESULTS, STATUSES = rules.KINDS, rules.CHANNELS, rules.RESULTS, rules.STATUSES
STEP_KINDS = {"received": N_("received"), "extended": N_("term extended"), "redirected": N_("sent on"),
              "answered": N_("answer given"), "issue": N_("local issue"), "attachment": N_("attachment added"),
              "detached": N_("attachment removed"), "edited": N_("details changed")}


@dataclass(frozen=True)
class AppealData:
    """What staff write down when an appeal arrives."""

    kind: str
    received_at: datetime
    channel: str = "written"
    otinish_number: str = ""
    member_id: int | None = None  # a person of the register, or:
    applicant_name: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    anonymous: bool = False
    reports_crime: bool = False  # an anonymous appeal is considered only then
    addressed_to: str = ""
    text: str = ""
    handler: str = ""


@dataclass(frozen=True)
class StepView:
    at: datetime
    user: str
    kind: str
    value: str
    comment: str


AttachmentView = local_issues.AttachmentView


@dataclass(frozen=True)
class AppealView:
    id: int
    label: str  # 12/2026
    version: int
    data: AppealData
    applicant: str  # the member's name or the name written down; empty when anonymous
    status: str
    registered_on: date
    first_due: date | None  # the Code's term; none for an appeal not considered
    due: date | None  # the term now, extended or not
    redirect_by: date  # the last day to send it on to another body
    extended_to: date | None
    extended_on: date | None
    extension_reason: str
    extension_notice_due: date | None
    extension_limit: date | None
    redirected_to: str
    redirected_on: date | None
    redirect_notice_due: date | None
    answered_on: date | None
    answer_number: str
    answer_text: str
    result: str | None
    local_issue_id: int | None
    local_issue_label: str
    overdue: bool  # open past its term: silence counts as a refusal
    answered_late: bool
    steps: tuple[StepView, ...]
    days_left: int | None  # open: working days from today to the term (0 on its last day), else None
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True)
class AppealRow:
    id: int
    label: str
    received_at: datetime
    kind: str
    channel: str
    applicant: str
    addressed_to: str
    handler: str
    due: date | None
    status: str
    overdue: bool
    due_soon: bool  # open and due within the days asked for


@dataclass(frozen=True)
class AppealFigures:
    """The start page's figures: open appeals, past their term, due within 3 days."""

    open: int
    overdue: int
    due_soon: int


# Checks and helpers ------------------------------------------------------------------------------

def _full_name(member: Member | None) -> str:
    if member is None:
        return ""
    return " ".join(part for part in (member.surname, member.given_name, member.patronymic) if part)


def _calendar(start: date) -> tuple[set[date], set[date]]:
    # Two years past the start: the longest extension (12 months from the first term) stays inside.
    return calendar.days_off(range(start.year, start.year + 3))


def _day(value: date, field: str) -> date:
    try:
        return ranges.check_day(value)
    except ranges.OutOfRange as error:
        raise ValidationError(error.reason, field=field, **error.params) from None


def _not_future(day: date, field: str) -> date:
    _day(day, field)
    if day > clock.today():
        raise ValidationError("{day} is in the future: write down what has happened.", field=field,
                              day=day.isoformat())
    return day


def _checked(session, data: AppealData) -> AppealData:
    data = replace(data, **{name: getattr(data, name).strip() for name in
                            ("otinish_number", "applicant_name", "applicant_address", "applicant_phone",
                             "addressed_to", "text", "handler")})
    if data.kind not in KINDS:
        raise ValidationError("Unknown kind of appeal: “{kind}”. Choose one of: {choices}.", field="kind",
                              kind=data.kind, choices=", ".join(KINDS))
    if data.channel not in CHANNELS:
        raise ValidationError("Unknown channel: “{channel}”. Choose one of: {choices}.", field="channel",
                              channel=data.channel, choices=", ".join(CHANNELS))
    if data.channel == "otinish" and not data.otinish_number:
        raise ValidationError("An appeal through e-Otinish needs its e-Otinish number.", field="otinish_number")
    if data.channel != "otinish" and data.otinish_number:
        raise ValidationError("An e-Otinish number goes with an appeal that came through e-Otinish.",
                              field="otinish_number")
    _day(data.received_at.date(), "received_at")
    if data.received_at > clock.now():
        raise ValidationError("The appeal cannot be received in the future.", field="received_at")
    if data.anonymous:
        return replace(data, member_id=None, applicant_name="", applicant_address="", applicant_phone="")
    if data.reports_crime:
        raise ValidationError("Only an anonymous appeal is marked as reporting a crime.", field="reports_crime")
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.erased_at is not None:
            raise ValidationError("No person with number {id} in the register.", field="member_id",
                                  id=data.member_id)
        return replace(data, applicant_name="", applicant_address="", applicant_phone="")
    if not data.applicant_name:
        raise ValidationError("Name the applicant: a person of the register, or their name (or mark the appeal "
                              "anonymous).", field="applicant_name")
    try:
        return replace(data, applicant_phone=normalize_phones(data.applicant_phone))
    except InvalidPhone as error:
        raise ValidationError(error.reason, field="applicant_phone") from None


def _appeal(session, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound("No appeal with number {id}.", id=appeal_id)
    return appeal


def _status(appeal: Appeal) -> str:
    if appeal.answered_on is not None:
        return rules.ANSWERED
    if appeal.redirected_on is not None:
        return rules.REDIRECTED
    if appeal.due_on is None:
        return rules.NOT_CONSIDERED
    return rules.OPEN


def _due(appeal: Appeal) -> date | None:
    return appeal.extended_to or appeal.due_on


def _open(session, appeal_id: int, version: int | None) -> Appeal:
    """The appeal, still on its clock: an answered, redirected or not considered one is refused."""
    appeal = _appeal(session, appeal_id)
    versions.check(session, appeal, version)
    status = _status(appeal)
    if status != rules.OPEN:
        raise ValidationError("Appeal {label} is {status}: it is no longer on its clock.", field="status",
                              label=f"{appeal.number}/{appeal.year}", status=Label(STATUSES[status]))
    return appeal


def _step(appeal: Appeal, kind: str, value: str = "", comment: str = "", at: datetime | None = None) -> None:
    appeal.steps.append(AppealStep(at=at or clock.now(), user=acting_user(), kind=kind, value=value[:300],
                                   comment=comment.strip()))


def _after_receipt(appeal: Appeal, on: date, field: str) -> date:
    _not_future(on, field)
    if on < appeal.received_at.date():
        raise ValidationError("{day} is before the appeal was received ({received}).", field=field,
                              day=on.isoformat(), received=appeal.received_at.date().isoformat())
    return on


# Writing -----------------------------------------------------------------------------------------

@requires(Area.ISSUES)
def create(data: AppealData, at: datetime | None = None) -> int:
    """Registers an appeal with its year's next number and the answer's term; returns its id. An
    anonymous appeal that reports no crime is registered as not considered, with no term. ``at``: when
    the step is written down in its history (default now)."""
    district = settings.load()
    with unit_of_work() as session:
        data = _checked(session, data)
        off, working = _calendar(data.received_at.date())
        registered = rules.registration_day(data.received_at.date(), off, working)
        considered = not data.anonymous or data.reports_crime
        due = (rules.answer_due(registered, district.appeal_answer_working_days, off, working)
               if considered else None)
        highest = session.scalar(select(func.max(Appeal.number)).where(Appeal.year == registered.year))
        appeal = Appeal(year=registered.year, number=(highest or 0) + 1, registered_on=registered, due_on=due,
                        **{name: getattr(data, name) for name in AppealData.__dataclass_fields__})
        _step(appeal, "received", registered.isoformat(), at=at)
        session.add(appeal)
        session.flush()
        return appeal.id


# The details staff may correct after registration, as the history names them. The number, the
# receipt and anonymity are not among them (docs/domain.md, Appeals of residents).
EDITABLE = {"kind": N_("kind"), "channel": N_("channel"), "otinish_number": N_("e-Otinish number"),
            "member_id": N_("applicant"), "applicant_name": N_("applicant"),
            "applicant_address": N_("applicant's address"), "applicant_phone": N_("applicant's phone"),
            "addressed_to": N_("addressed to"), "text": N_("text"), "handler": N_("handler")}


@requires(Area.ISSUES)
def update(appeal_id: int, data: AppealData, version: int | None = None, at: datetime | None = None) -> None:
    """Corrects an appeal's details after registration, with a step in its history naming what changed.
    Its receipt and anonymity stay as registered: the number, the registration day and the term hang on
    them, and the talon given at registration carries them."""
    with unit_of_work() as session:
        appeal = _appeal(session, appeal_id)
        versions.check(session, appeal, version)
        label = f"{appeal.number}/{appeal.year}"
        if data.received_at != appeal.received_at:
            raise ValidationError("The receipt of appeal {label} cannot change: its number and term hang on it, "
                                  "and the applicant's talon carries them.", field="received_at", label=label)
        if (data.anonymous, data.reports_crime) != (appeal.anonymous, appeal.reports_crime):
            raise ValidationError("Whether appeal {label} is anonymous cannot change: it decides whether the "
                                  "appeal is considered and its term.", field="anonymous", label=label)
        data = _checked(session, data)
        changed = [name for name in EDITABLE if getattr(appeal, name) != getattr(data, name)]
        for name in changed:
            setattr(appeal, name, getattr(data, name))
        if changed:
            _step(appeal, "edited", ",".join(changed), at=at)


def edited_fields(value: str) -> list[str]:
    """The labels (msgids) of what an "edited" step changed, each once, in the form's order."""
    return list(dict.fromkeys(EDITABLE[name] for name in value.split(",") if name in EDITABLE))


@requires(Area.ISSUES)
def extend(appeal_id: int, to: date, reason: str, on: date | None = None, version: int | None = None,
           at: datetime | None = None) -> None:
    """Extends the term to ``to`` by a reasoned decision taken ``on`` (default today); the applicant is
    to be told within the notice's working days, up to the law's limit (district settings)."""
    district = settings.load()
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give the reason of the extension: the law asks for a reasoned decision.",
                              field="reason")
    _day(to, "to")
    with unit_of_work() as session:
        appeal = _open(session, appeal_id, version)
        on = _after_receipt(appeal, on or clock.today(), "on")
        limit = rules.extension_limit(appeal.registered_on, appeal.due_on, district.appeal_extension_months,
                                      district.appeal_extension_beyond_term)
        try:
            rules.check_extension(to, _due(appeal), limit, district.appeal_extension_months)
        except rules.AppealError as error:
            raise ValidationError(error.reason, field="to", **error.params) from None
        off, working = _calendar(on)
        appeal.extended_to, appeal.extended_on, appeal.extension_reason = to, on, reason
        appeal.extension_notice_due = rules.notice_due(on, district.appeal_notice_working_days, off, working)
        _step(appeal, "extended", to.isoformat(), reason, at=at)


@requires(Area.ISSUES)
def redirect(appeal_id: int, to: str, on: date | None = None, version: int | None = None,
             at: datetime | None = None) -> None:
    """Sends the appeal on to the body whose matter it is, ``on`` (default today); the applicant is to
    be told within the notice's working days. The appeal leaves the office's clock."""
    district = settings.load()
    to = to.strip()
    if not to:
        raise ValidationError("Name the body the appeal is sent on to.", field="to")
    with unit_of_work() as session:
        appeal = _open(session, appeal_id, version)
        on = _after_receipt(appeal, on or clock.today(), "on")
        off, working = _calendar(on)
        appeal.redirected_to, appeal.redirected_on = to, on
        appeal.redirect_notice_due = rules.notice_due(on, district.appeal_notice_working_days, off, working)
        _step(appeal, "redirected", to, at=at)


@requires(Area.ISSUES)
def answer(appeal_id: int, on: date, result: str, number: str = "", text: str = "",
           version: int | None = None, at: datetime | None = None) -> None:
    """Records the answer sent ``on``, its outgoing number, words and result."""
    if result not in RESULTS:
        raise ValidationError("Unknown result: “{result}”. Choose one of: {choices}.", field="result",
                              result=result, choices=", ".join(RESULTS))
    with unit_of_work() as session:
        appeal = _open(session, appeal_id, version)
        appeal.answered_on = _after_receipt(appeal, on, "on")
        appeal.answer_number, appeal.answer_text, appeal.result = number.strip(), text.strip(), result
        _step(appeal, "answered", result, at=at)


@requires(Area.ISSUES)
def attach_to_local_issue(appeal_id: int, issue_id: int | None, at: datetime | None = None) -> None:
    """Links the appeal to a local issue it raised or joins (None: unlinks it)."""
    with unit_of_work() as session:
        appeal = _appeal(session, appeal_id)
        label = ""
        if issue_id is not None:
            issue = session.get(LocalIssue, issue_id)
            if issue is None:
                raise NotFound("No local issue with number {id}.", id=issue_id)
            label = f"{issue.number}/{issue.year}"
        appeal.local_issue_id = issue_id
        _step(appeal, "issue", label, at=at)


@requires(Area.ISSUES)
def open_local_issue(appeal_id: int, title: str, category: str, village_id: int | None = None) -> int:
    """Opens a local issue from the appeal (raised by its applicant, on its registration day, due with
    its term) and links the two, in one transaction; returns the issue's id."""
    with batch():
        with unit_of_work() as session:
            appeal = _appeal(session, appeal_id)
            data = local_issues.IssueData(
                title=title, category=category, raised_on=appeal.registered_on, channel="message",
                village_id=village_id, description=appeal.text, raised_by_id=appeal.member_id,
                raiser_name=appeal.applicant_name, raiser_phone=appeal.applicant_phone, due_on=_due(appeal))
        issue_id = local_issues.create(data)
        attach_to_local_issue(appeal_id, issue_id)
    return issue_id


# Attachments -------------------------------------------------------------------------------------
# As a local issue's (docs/architecture.md, Exported files and attachments): kept in the database,
# read in and written out under a bare name.

@requires(Area.ISSUES)
def add_attachment(appeal_id: int, path: str | Path, at: datetime | None = None) -> int:
    """Copies the scan of a written appeal, a photo or a document into the database; returns its id.
    Too big, empty or unreadable files are refused with a clear message, and nothing changes."""
    name, media_type, content = files.read_attachment(path)
    with unit_of_work() as session:
        appeal = _appeal(session, appeal_id)
        attachment = AppealAttachment(file_name=name, media_type=media_type, size=len(content),
                                      added_at=at or clock.now(), added_by=acting_user(), content=content)
        appeal.attachments.append(attachment)
        _step(appeal, "attachment", name, at=at)
        session.flush()
        return attachment.id


def attachment_content(attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of an appeal's attachment."""
    return files.stored(AppealAttachment, attachment_id)


def save_attachment(attachment_id: int, folder: str | Path) -> Path:
    """Writes an appeal's attachment into ``folder`` under its bare name."""
    name, _media_type, content = attachment_content(attachment_id)
    return files.write_into(folder, name, content)


@requires(Area.ISSUES)
def remove_attachment(attachment_id: int, at: datetime | None = None) -> None:
    """Removes an attachment; its appeal's history keeps that it was removed, by whom and when."""
    with unit_of_work() as session:
        attachment = session.get(AppealAttachment, attachment_id)
        if attachment is None:
            raise NotFound("No attachment with number {id}.", id=attachment_id)
        appeal = _appeal(session, attachment.appeal_id)
        _step(appeal, "detached", attachment.file_name, at=at)
        session.delete(attachment)


def erase_applicant(session, member_id: int) -> None:
    """Blanks the personal fields of a person's appeals and their steps' comments and removes their
    attachments, in the unit of work erasing the person (app.services.members.erase); the appeals stay
    for the office's figures. The appeals' record versions go with the person's (they name the member);
    the steps' and the attachments' are removed here."""
    step_ids, attachment_ids = [], []
    for appeal in session.scalars(select(Appeal).where(Appeal.member_id == member_id)):
        for column in Appeal.__table__.columns:
            if column.info.get("personal"):
                setattr(appeal, column.key, "")
        for step in appeal.steps:
            step.comment = ""
            if step.kind in ("attachment", "detached"):
                step.value = ""  # a file's name may carry the person's
            step_ids.append(step.id)
        attachment_ids += [attachment.id for attachment in appeal.attachments]
        appeal.attachments.clear()
    if step_ids:
        session.flush()
        session.execute(delete(RecordVersion).where(RecordVersion.table_name == AppealStep.__tablename__,
                                                    RecordVersion.row_id.in_(step_ids)))
        session.execute(delete(RecordVersion).where(RecordVersion.table_name == AppealAttachment.__tablename__,
                                                    RecordVersion.row_id.in_(attachment_ids)))


# Reading -----------------------------------------------------------------------------------------

def _applicant(session, appeal: Appeal) -> str:
    if appeal.member_id is not None:
        return _full_name(session.get(Member, appeal.member_id))
    return appeal.applicant_name


def shown_applicant(name: str) -> str:
    """The applicant as a list shows them: a role without the register (docs/domain.md, Personal data)
    reads the first word of the name and the initials of the others («Нұрланов А.»)."""
    if access.may(Area.REGISTER):
        return name
    first, *others = name.split() or [""]
    return " ".join([first, *(f"{word[0]}." for word in others)])


def _working_days_left(today: date, due: date, off: set[date], working: set[date]) -> int:
    """Working days from ``today`` to ``due``, ``due`` counted and ``today`` not: 0 on the last day."""
    days, day = 0, today
    while day < due:
        day += timedelta(days=1)
        days += is_working_day(day, off, working)
    return days


def get(appeal_id: int, today: date | None = None) -> AppealView:
    district = settings.load()
    today = today or clock.today()
    with unit_of_work() as session:
        appeal = _appeal(session, appeal_id)
        off, working = _calendar(appeal.registered_on)
        status, due = _status(appeal), _due(appeal)
        issue = session.get(LocalIssue, appeal.local_issue_id) if appeal.local_issue_id else None
        data = AppealData(**{name: getattr(appeal, name) for name in AppealData.__dataclass_fields__})
        limit = (rules.extension_limit(appeal.registered_on, appeal.due_on, district.appeal_extension_months,
                                       district.appeal_extension_beyond_term) if appeal.due_on else None)
        return AppealView(
            appeal.id, f"{appeal.number}/{appeal.year}", appeal.version, data, _applicant(session, appeal), status,
            appeal.registered_on, appeal.due_on, due,
            rules.notice_due(appeal.registered_on, district.appeal_redirect_working_days, off, working),
            appeal.extended_to, appeal.extended_on, appeal.extension_reason, appeal.extension_notice_due, limit,
            appeal.redirected_to, appeal.redirected_on, appeal.redirect_notice_due, appeal.answered_on,
            appeal.answer_number, appeal.answer_text, appeal.result, appeal.local_issue_id,
            f"{issue.number}/{issue.year}" if issue else "",
            status == rules.OPEN and due < today,
            appeal.answered_on is not None and due is not None and appeal.answered_on > due,
            tuple(StepView(s.at, s.user, s.kind, s.value, s.comment) for s in appeal.steps),
            _working_days_left(today, due, off, working) if status == rules.OPEN and due >= today else None,
            tuple(AttachmentView(a.id, a.file_name, a.media_type, a.size, a.added_at, a.added_by)
                  for a in appeal.attachments))


def rows(open_only: bool = False, overdue_only: bool = False, due_within: int | None = None,
         today: date | None = None, text: str = "", local_issue_id: int | None = None) -> list[AppealRow]:
    """Appeals, newest first. ``due_within``: only open ones due in that many days or fewer (the
    overdue among them); ``overdue_only``: only open ones past their term; ``text``: every word in the
    number, the applicant, the body addressed, the handler or the text, in any spelling;
    ``local_issue_id``: those linked to that local issue."""
    today = today or clock.today()
    if due_within is not None and due_within < 0:
        raise ValidationError("The number of days cannot be negative.", field="due_within")
    soon = today + timedelta(days=due_within if due_within is not None else 3)
    due = func.coalesce(Appeal.extended_to, Appeal.due_on)
    query = select(Appeal).order_by(Appeal.received_at.desc(), Appeal.id.desc())
    if open_only or overdue_only or due_within is not None:
        query = query.where(Appeal.answered_on.is_(None), Appeal.redirected_on.is_(None), Appeal.due_on.isnot(None))
    if overdue_only:
        query = query.where(due < today)
    if due_within is not None:
        query = query.where(due <= soon)
    if local_issue_id is not None:
        query = query.where(Appeal.local_issue_id == local_issue_id)
    # An office registers hundreds of appeals a year, not more: the words are matched here, folded.
    words = fold(text).split()
    result = []
    with unit_of_work() as session:
        for appeal in session.scalars(query):
            status, term = _status(appeal), _due(appeal)
            applicant = _applicant(session, appeal)
            label = f"{appeal.number}/{appeal.year}"
            if words:
                found = fold(" ".join((label, shown_applicant(applicant), appeal.addressed_to, appeal.handler,
                                       appeal.text if access.may(Area.REGISTER) else "")))
                if not all(word in found for word in words):
                    continue
            overdue = status == rules.OPEN and term < today
            result.append(AppealRow(
                appeal.id, label, appeal.received_at, appeal.kind, appeal.channel,
                shown_applicant(applicant), appeal.addressed_to, appeal.handler, term, status, overdue,
                status == rules.OPEN and not overdue and term <= soon))
    return result


def figures(today: date | None = None) -> AppealFigures:
    """Open appeals, the overdue among them, and those due within 3 days (the list's same marks)."""
    listed = rows(open_only=True, today=today)
    return AppealFigures(len(listed), sum(row.overdue for row in listed), sum(row.due_soon for row in listed))


# The appeals report's figures (docs/domain.md, Reporting up) -----------------------------------------
# One function per figure, each for a period: the appeals report and the activity report for the
# akimat both call these, so the two print the same numbers.

def _of_period(span: Period) -> list[Appeal]:
    """Appeals registered up to the period's effective end (those after it count in nothing)."""
    with unit_of_work() as session:
        appeals = list(session.scalars(select(Appeal).where(Appeal.registered_on <= span.effective_to)
                                       .order_by(Appeal.registered_on, Appeal.year, Appeal.number)))
        villages = dict(session.execute(select(Member.id, Member.village_id)
                                        .where(Member.id.in_({a.member_id for a in appeals if a.member_id}))).all())
    for appeal in appeals:
        appeal.village_id = villages.get(appeal.member_id)  # not stored: read for the report only
    return appeals


def _counted(items) -> dict:
    result: dict = {}
    for item in items:
        result[item] = result.get(item, 0) + 1
    return dict(sorted(result.items(), key=lambda pair: (-pair[1], str(pair[0]))))


def _received(span: Period) -> list[Appeal]:
    return [a for a in _of_period(span) if span.holds(a.registered_on)]


def received(span: Period) -> int:
    return len(_received(span))


def received_by_kind(span: Period) -> dict[str, int]:
    return _counted(a.kind for a in _received(span))


def received_by_channel(span: Period) -> dict[str, int]:
    return _counted(a.channel for a in _received(span))


def received_by_village(span: Period) -> dict[int | None, int]:
    """By the village of the applicant in the register; None for a name written down or anonymous."""
    return _counted(a.village_id for a in _received(span))


def _answered(span: Period) -> list[Appeal]:
    return [a for a in _of_period(span) if span.holds(a.answered_on)]


def answered_on_time(span: Period) -> int:
    return sum(a.answered_on <= _due(a) for a in _answered(span))


def answered_late(span: Period) -> int:
    return sum(a.answered_on > _due(a) for a in _answered(span))


def sent_on(span: Period) -> int:
    return sum(span.holds(a.redirected_on) for a in _of_period(span))


def _open_at_end(appeal: Appeal, day: date) -> bool:
    return (appeal.due_on is not None and (appeal.answered_on is None or appeal.answered_on > day)
            and (appeal.redirected_on is None or appeal.redirected_on > day))


def still_open(span: Period) -> int:
    """On their clock at the period's effective end: registered by then, neither answered nor sent on."""
    return sum(_open_at_end(a, span.effective_to) for a in _of_period(span))


def overdue_at_end(span: Period) -> int:
    """Of those still open, past their term on that day (a term extended after it does not count)."""
    day = span.effective_to
    return sum(_open_at_end(a, day) and _term_on(a, day) < day for a in _of_period(span))


def _term_on(appeal: Appeal, day: date) -> date | None:
    """The term as it stood on the day: an extension decided after it does not count yet."""
    return appeal.extended_to if appeal.extended_on and appeal.extended_on <= day else appeal.due_on


def median_days(span: Period) -> float | None:
    """Days from registration to the answer, of the appeals answered in the period."""
    days = [(a.answered_on - a.registered_on).days for a in _answered(span)]
    return float(statistics.median(days)) if days else None


@dataclass(frozen=True)
class RegisterRow:
    label: str
    received_at: datetime
    applicant: str  # as the reader's role may read it (shown_applicant)
    kind: str
    channel: str
    addressed_to: str
    due: date | None
    status: str  # at the period's effective end
    answered_on: date | None
    result: str | None
    redirected_to: str


def register(span: Period, with_open_earlier: bool = False) -> list[RegisterRow]:
    """The appeals registered in the period, in their order of registration, each as it stood at the
    period's effective end; with_open_earlier adds those registered before it and still on their clock
    at its end, so a list counts what the period's still-open and overdue figures count."""
    day = span.effective_to
    result = []
    with unit_of_work() as session:
        taken = Appeal.registered_on.between(span.date_from, day)
        if with_open_earlier:
            taken = or_(taken, and_(Appeal.registered_on <= day, Appeal.due_on.is_not(None),
                                    or_(Appeal.answered_on.is_(None), Appeal.answered_on > day),
                                    or_(Appeal.redirected_on.is_(None), Appeal.redirected_on > day)))
        query = select(Appeal).where(taken).order_by(Appeal.registered_on, Appeal.year, Appeal.number)
        for appeal in session.scalars(query):
            answered = appeal.answered_on if appeal.answered_on and appeal.answered_on <= day else None
            sent = appeal.redirected_on is not None and appeal.redirected_on <= day
            status = (rules.ANSWERED if answered else rules.REDIRECTED if sent
                      else rules.NOT_CONSIDERED if appeal.due_on is None else rules.OPEN)
            result.append(RegisterRow(
                f"{appeal.number}/{appeal.year}", appeal.received_at, shown_applicant(_applicant(session, appeal)),
                appeal.kind, appeal.channel, appeal.addressed_to, _term_on(appeal, day), status, answered,
                appeal.result if answered else None, appeal.redirected_to if sent else ""))
    return result
