"""Subcommands of local issues: ``auyl issues list / show / new / edit / status / comment / attach /
attachment / detach / agenda / delete``.

Everything the window does with local issues, through the same service (app.services.local_issues).
Lists print one row a line, columns separated by tabs; an issue is named by the id the list prints in
its first column, an attachment by the id ``show`` prints. Statuses, channels and priorities are typed
as their codes (in_progress, phone, urgent) and printed in the language of messages.
"""

from __future__ import annotations

from app import clock
from app.cli.meetings import _date_or_none, _pick
from app.cli.office import _date
from app.errors import ValidationError
from app.i18n import format_date, format_datetime, local_name, tr
from app.rules import issue_workflow as workflow

STATUS_CODES = ", ".join(workflow.STATUSES)


def _issue_options(p, new: bool) -> None:
    # A missing title or category is the service's to refuse, in the same words as the window's.
    p.add_argument("--title", metavar=tr("TITLE"), help=tr("what is wrong, in a few words"))
    p.add_argument("--category", metavar=tr("CATEGORY"),
                   help=tr("a category of the district's list, in Kazakh or Russian (see auyl settings)"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("the village where it is"))
    p.add_argument("--address", metavar=tr("ADDRESS"), help=tr("the street and house, or the place"))
    p.add_argument("--description", metavar=tr("TEXT"), help=tr("the details, as the resident told them"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--member", type=int, metavar="MEMBER_ID", help=tr("who raised it: a person of the register"))
    who.add_argument("--name", metavar=tr("NAME"), help=tr("who raised it, when not in the register"))
    p.add_argument("--phone", metavar=tr("PHONE"), help=tr("their phone (with --name)"))
    p.add_argument("--date", type=_date, metavar=tr("DATE"),
                   help=tr("the day it was raised (default: today)") if new else tr("the day it was raised"))
    p.add_argument("--channel", metavar="visit|phone|message|meeting",
                   help=tr("how it came: a visit, a phone call, a message or at a meeting")
                   + (tr(" (default: visit)") if new else ""))
    p.add_argument("--priority", metavar="low|normal|high|urgent",
                   help=tr("how urgent it is") + (tr(" (default: normal)") if new else ""))
    p.add_argument("--assignee", metavar=tr("WHO"), help=tr("who deals with it"))
    p.add_argument("--due", type=_date_or_none if not new else _date, metavar=tr("DATE"),
                   help=tr("by when it should be solved") + ("" if new else tr(" (“none” clears it)")))


def register(commands) -> None:
    issues = commands.add_parser("issues", help=tr("local issues residents raise: roads, water, lighting…"))
    jobs = issues.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("list", help=tr("local issues, newest first, with their status"))
    p.add_argument("--status", metavar="S", help=tr("only this status: {codes}", codes=STATUS_CODES))
    p.add_argument("--category", metavar=tr("CATEGORY"), help=tr("only this category"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("only this village"))
    p.add_argument("--overdue", action="store_true", help=tr("only open issues past their due date"))
    p.add_argument("--open", action="store_true", help=tr("only open issues (new, accepted, in progress)"))
    p.add_argument("--search", metavar=tr("TEXT"),
                   help=tr("only issues with these words in the title, description, address or raiser's name"))
    p.set_defaults(handler=cmd_list)

    p = jobs.add_parser("show", help=tr("an issue: details, history, attachments and meetings"))
    p.add_argument("issue", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = jobs.add_parser("new", help=tr("register an issue a resident raised"))
    _issue_options(p, new=True)
    p.set_defaults(handler=cmd_new)

    p = jobs.add_parser("edit", help=tr("change an issue's details (options not given stay as they are)"))
    p.add_argument("issue", type=int, metavar="ID")
    _issue_options(p, new=False)
    p.add_argument("--comment", default="", metavar=tr("TEXT"),
                   help=tr("why the assignee or due date changes (kept in the history)"))
    p.set_defaults(handler=cmd_edit)

    p = jobs.add_parser("status", help=tr("move an issue along: {codes}", codes=STATUS_CODES))
    p.add_argument("issue", type=int, metavar="ID")
    p.add_argument("status", metavar=tr("STATUS"))
    p.add_argument("--comment", default="", metavar=tr("TEXT"),
                   help=tr("what was done, or why (needed to resolve, reject or reopen)"))
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("the day it happened (default: today)"))
    p.set_defaults(handler=cmd_status)

    p = jobs.add_parser("comment", help=tr("add a comment to an issue's history"))
    p.add_argument("issue", type=int, metavar="ID")
    p.add_argument("text", nargs="+", metavar=tr("TEXT"))
    p.set_defaults(handler=cmd_comment)

    p = jobs.add_parser("attach", help=tr("add photos or documents to an issue"))
    p.add_argument("issue", type=int, metavar="ID")
    p.add_argument("files", nargs="+", metavar=tr("FILE"))
    p.set_defaults(handler=cmd_attach)

    p = jobs.add_parser("attachment", help=tr("save an attachment to a folder, to open it"))
    p.add_argument("attachment", type=int, metavar="ATTACHMENT_ID")
    p.add_argument("--save", required=True, metavar=tr("FOLDER"), help=tr("the folder to save it in"))
    p.set_defaults(handler=cmd_attachment)

    p = jobs.add_parser("detach", help=tr("remove an attachment"))
    p.add_argument("attachment", type=int, metavar="ATTACHMENT_ID")
    p.set_defaults(handler=cmd_detach)

    p = jobs.add_parser("agenda", help=tr("put an issue on a meeting's agenda"))
    p.add_argument("issue", type=int, metavar="ID")
    p.add_argument("--meeting", type=int, required=True, metavar="MEETING_ID", help=tr("the meeting (auyl meetings list)"))
    p.set_defaults(handler=cmd_agenda)

    p = jobs.add_parser("delete", help=tr("delete an issue registered by mistake, with its history and attachments"))
    p.add_argument("issue", type=int, metavar="ID")
    p.set_defaults(handler=cmd_delete)


# Helpers -----------------------------------------------------------------------------------------

def _status(code: str) -> str:
    return tr(workflow.STATUSES[code])


def _category(name: str) -> str:
    """The district's category typed in any spelling: the whole name, or its Kazakh or Russian part."""
    from app.rules.bilingual import name_in
    from app.rules.text import fold
    from app.services import local_issues

    listed = local_issues.categories()
    for category in listed:
        if fold(name) in {fold(category), fold(name_in(category, "kk")), fold(name_in(category, "ru"))}:
            return category
    raise ValidationError("Unknown category “{name}”: choose one of {choices}.", field="category", name=name,
                          choices="; ".join(listed))


def _village_id(name: str | None):
    from app.services import members

    return members.village_id_named(name) if name else None


def _known_status(code: str | None) -> str | None:
    if code is not None and code not in workflow.STATUSES:
        raise ValidationError(workflow.UNKNOWN_STATUS, field="status", status=code)
    return code


def _data(args, current):
    """The issue's details: the current ones (or a new issue's defaults) with what was given."""
    from dataclasses import replace

    from app.services import local_issues

    changes = {}
    for option in ("title", "address", "description", "channel", "priority", "assignee"):
        if getattr(args, option) is not None:
            changes[option] = getattr(args, option)
    if args.category is not None:
        changes["category"] = _category(args.category) if args.category.strip() else ""
    if args.village is not None:
        changes["village_id"] = _village_id(args.village)
    if args.date is not None:
        changes["raised_on"] = args.date
    if args.due is not None:
        changes["due_on"] = _pick(args.due, None)
    if args.member is not None:
        changes.update(raised_by_id=args.member, raiser_name="", raiser_phone="")
    elif args.name is not None:
        changes.update(raised_by_id=None, raiser_name=args.name, raiser_phone=args.phone or "")
    elif args.phone is not None:
        if current is None or current.raised_by_id is not None:
            raise ValidationError("Give --phone with --name: a person of the register has their phone there.",
                                  field="raiser_phone")
        changes["raiser_phone"] = args.phone
    if current is None:
        return local_issues.IssueData(**{"title": "", "category": "", "raised_on": clock.today(), **changes})
    return replace(current, **changes)


# Commands ----------------------------------------------------------------------------------------

def cmd_list(args) -> int:
    from app.services import local_issues

    rows = local_issues.rows(args.search or "", status=_known_status(args.status),
                             category=_category(args.category) if args.category else None,
                             village_id=_village_id(args.village), overdue_only=args.overdue, open_only=args.open)
    for r in rows:
        marks = ", ".join(mark for flag, mark in ((r.overdue, tr("overdue")), (r.untouched, tr("untouched"))) if flag)
        print(f"{r.id}\t{r.label}\t{format_date(r.raised_on)}\t{_status(r.status)}\t{r.category}"
              f"\t{local_name(r.village_kk, r.village_ru)}\t{r.title}\t{r.assignee}\t{format_date(r.due_on)}\t{marks}")
    if not rows:
        print(tr("No local issues found."))
    return 0


def _event_line(event) -> str:
    from app.services import local_issues

    change = ""
    if event.kind == "status":
        change = f"{_status(event.old_value)} → {_status(event.new_value)}"
    elif event.kind == "due":
        old, new = (format_date(_iso(value)) or "—" for value in (event.old_value, event.new_value))
        change = f"{old} → {new}"
    elif event.old_value or event.new_value:
        change = f"{event.old_value or '—'} → {event.new_value or '—'}" if event.kind == "assignee" else (
            event.new_value or tr("{name} removed", name=event.old_value))
    return "\t".join((format_datetime(event.at), event.user, tr(local_issues.EVENT_KINDS[event.kind]), change,
                      event.comment))


def _iso(text: str):
    from datetime import date

    return date.fromisoformat(text) if text else None


def cmd_show(args) -> int:
    from app.services import local_issues

    v = local_issues.get(args.issue)
    d = v.data
    marks = [mark for flag, mark in ((v.overdue, tr("overdue")), (v.untouched, tr("untouched"))) if flag]
    print(tr("Local issue {label} (id {id}): {title}", label=v.label, id=v.id, title=d.title))
    raiser = v.raiser + (f", {d.raiser_phone}" if d.raiser_phone else "")
    if d.raised_by_id:
        raiser += " " + tr("(register, person {id})", id=d.raised_by_id)
    fields = ((tr("Status"), _status(v.status) + (f" ({', '.join(marks)})" if marks else "")),
              (tr("Category"), d.category),
              (tr("Village"), ", ".join(p for p in (local_name(v.village_kk, v.village_ru), d.address) if p)),
              (tr("Raised"), f"{format_date(d.raised_on)}, {tr(local_issues.CHANNELS[d.channel])}"),
              (tr("Raised by"), raiser), (tr("Priority"), tr(local_issues.PRIORITIES[d.priority])),
              (tr("Assignee"), d.assignee), (tr("Due"), format_date(d.due_on)),
              (tr("Closed on"), format_date(v.resolved_on)), (tr("Description"), d.description))
    for label, value in fields:
        if value:
            print(f"{label}: {value}")
    if v.next_statuses:
        print(tr("May become: {statuses}", statuses=", ".join(f"{code} ({_status(code)})" for code in v.next_statuses)))
    print(tr("History:"))
    for event in v.events:
        print("  " + _event_line(event))
    if v.attachments:
        print(tr("Attachments:"))
        for a in v.attachments:
            print(f"  {a.id}\t{a.file_name}\t{a.size:,} B\t{format_datetime(a.added_at)}\t{a.added_by}")
    if v.agenda:
        print(tr("On the agenda of:"))
        for link in v.agenda:
            decision = tr("decision {label}", label=link.decision_label) if link.decision_label else ""
            print(f"  {link.meeting_id}\t№ {link.meeting_number}\t{format_date(link.meeting_date)}"
                  f"\t{tr('item {n}', n=link.item_position)}\t{decision}")
    return 0


def cmd_new(args) -> int:
    from app.services import local_issues

    issue_id = local_issues.create(_data(args, None))
    print(tr("Local issue {label} added (id {id}).", label=local_issues.get(issue_id).label, id=issue_id))
    return 0


def cmd_edit(args) -> int:
    from app.services import local_issues

    local_issues.update(args.issue, _data(args, local_issues.get(args.issue).data), args.comment)
    print(tr("Local issue {label} saved.", label=local_issues.get(args.issue).label))
    return 0


def cmd_status(args) -> int:
    from app.services import local_issues

    local_issues.change_status(args.issue, args.status, args.comment, on=args.on)
    v = local_issues.get(args.issue)
    print(tr("Local issue {label}: {status}", label=v.label, status=_status(v.status)))
    return 0


def cmd_comment(args) -> int:
    from app.services import local_issues

    local_issues.add_comment(args.issue, " ".join(args.text))
    print(tr("Comment added to local issue {label}.", label=local_issues.get(args.issue).label))
    return 0


def cmd_attach(args) -> int:
    from app.services import files, local_issues

    local_issues.get(args.issue)  # an unknown issue is refused before any file is read
    for path in args.files:  # every file checked first: one refused file adds none
        files.read_attachment(path, local_issues.MAX_ATTACHMENT_BYTES)
    for path in args.files:
        attachment_id = local_issues.add_attachment(args.issue, path)
        print(tr("{name} attached (attachment {id}).", name=path, id=attachment_id))
    return 0


def cmd_attachment(args) -> int:
    from app.services import local_issues

    print(tr("Saved to {path}", path=str(local_issues.save_attachment(args.attachment, args.save))))
    return 0


def cmd_detach(args) -> int:
    from app.services import local_issues

    local_issues.remove_attachment(args.attachment)
    print(tr("Attachment {id} removed.", id=args.attachment))
    return 0


def cmd_agenda(args) -> int:
    from app.services import local_issues

    local_issues.put_on_agenda(args.issue, args.meeting)
    print(tr("Local issue {label} is on the agenda of meeting {meeting}.", label=local_issues.get(args.issue).label,
             meeting=args.meeting))
    return 0


def cmd_delete(args) -> int:
    from app.services import local_issues

    label = local_issues.get(args.issue).label
    local_issues.delete(args.issue)
    print(tr("Local issue {label} deleted.", label=label))
    return 0
