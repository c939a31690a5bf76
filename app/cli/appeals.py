"""Subcommands of appeals of residents: ``auyl appeals new / list / show / edit / attach / extend /
redirect / answer``.

Through the same service as the window (app.services.appeals). Kinds, channels and results are typed
as their codes (complaint, otinish, partly) or as the Kazakh or Russian word (шағым, жалоба); terms are
printed as YYYY-MM-DD. An appeal is named by the id the list prints in its first column.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import datetime, time

from app import clock
from app.cli.office import _date
from app.i18n import format_datetime, format_number, tr
from app.rules import appeals as rules


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(tr("“{value}” is not a time; write it as 14:30", value=text)) from None


def _codes(names: dict) -> str:
    return "|".join(names)


def register(commands) -> None:
    appeals = commands.add_parser("appeals", help=tr("appeals of residents on the law's terms: register, extend, "
                                                     "send on, answer"))
    jobs = appeals.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("new", help=tr("register an appeal; prints its number and the day its answer is due"))
    p.add_argument("--type", required=True, metavar=_codes(rules.KINDS),
                   help=tr("the kind of appeal: its code, or the Kazakh or Russian word (шағым, жалоба)"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--from", dest="applicant", metavar=tr("NAME"), help=tr("the applicant, when not in the register"))
    who.add_argument("--member", type=int, metavar="MEMBER_ID", help=tr("the applicant: a person of the register"))
    p.add_argument("--received", type=_date, required=True, metavar=tr("DATE"), help=tr("the day it arrived"))
    p.add_argument("--time", type=_time, metavar="HH:MM",
                   help=tr("the time it arrived (default: now today, 09:00 on an earlier day)"))
    p.add_argument("--channel", metavar=_codes(rules.CHANNELS),
                   help=tr("how it came (default: in person, in writing; e-Otinish with --otinish)"))
    p.add_argument("--otinish", metavar=tr("NUMBER"), help=tr("its number in e-Otinish"))
    p.add_argument("--to", default="", metavar=tr("BODY"), help=tr("the body it is addressed to"))
    p.add_argument("--text", default="", metavar=tr("TEXT"), help=tr("its text or summary"))
    p.add_argument("--anonymous", action="store_true",
                   help=tr("no name given: registered, and not considered unless it reports a crime"))
    p.set_defaults(handler=cmd_new)

    p = jobs.add_parser("list", help=tr("appeals, newest first, with their terms"))
    p.add_argument("--open", action="store_true", help=tr("only those still on their term"))
    p.add_argument("--overdue", action="store_true", help=tr("only those past their term"))
    p.add_argument("--due-within", type=int, metavar="N", help=tr("only open ones due within N days"))
    p.set_defaults(handler=cmd_list)

    p = jobs.add_parser("show", help=tr("an appeal: its terms, answer and history"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = jobs.add_parser("edit", help=tr("correct an appeal's details (not its number or its receipt)"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.add_argument("--type", metavar=_codes(rules.KINDS),
                   help=tr("the kind of appeal: its code, or the Kazakh or Russian word (шағым, жалоба)"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--from", dest="applicant", metavar=tr("NAME"), help=tr("the applicant, when not in the register"))
    who.add_argument("--member", type=int, metavar="MEMBER_ID", help=tr("the applicant: a person of the register"))
    p.add_argument("--address", metavar=tr("TEXT"), help=tr("the applicant's address, when not in the register"))
    p.add_argument("--phone", metavar=tr("PHONE"), help=tr("the applicant's phone, when not in the register"))
    p.add_argument("--channel", metavar=_codes(rules.CHANNELS), help=tr("how it came"))
    p.add_argument("--otinish", metavar=tr("NUMBER"), help=tr("its number in e-Otinish"))
    p.add_argument("--to", metavar=tr("BODY"), help=tr("the body it is addressed to"))
    p.add_argument("--text", metavar=tr("TEXT"), help=tr("its text or summary"))
    p.add_argument("--handler", dest="handled_by", metavar=tr("NAME"), help=tr("who in the office handles it"))
    p.set_defaults(handler=cmd_edit)

    p = jobs.add_parser("attach", help=tr("attach a file to an appeal: a scan of it, a photo, a document"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.add_argument("file", metavar=tr("FILE"))
    p.set_defaults(handler=cmd_attach)

    p = jobs.add_parser("extend", help=tr("extend an appeal's term by a reasoned decision"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.add_argument("--to", type=_date, required=True, metavar=tr("DATE"), help=tr("the new term"))
    p.add_argument("--reason", required=True, metavar=tr("TEXT"), help=tr("why the term is extended"))
    p.set_defaults(handler=cmd_extend)

    p = jobs.add_parser("redirect", help=tr("send an appeal on to the body whose matter it is"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.add_argument("--to", required=True, metavar=tr("BODY"), help=tr("the body it is sent on to"))
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("the day it was sent (default: today)"))
    p.set_defaults(handler=cmd_redirect)

    p = jobs.add_parser("answer", help=tr("record the answer to an appeal"))
    p.add_argument("appeal", type=int, metavar="ID")
    p.add_argument("--on", type=_date, required=True, metavar=tr("DATE"), help=tr("the day the answer was sent"))
    p.add_argument("--result", required=True, metavar=_codes(rules.RESULTS),
                   help=tr("the result: its code, or the Kazakh or Russian word"))
    p.add_argument("--number", default="", metavar=tr("NUMBER"), help=tr("the answer's outgoing number"))
    p.add_argument("--text", default="", metavar=tr("TEXT"), help=tr("the answer's text or summary"))
    p.set_defaults(handler=cmd_answer)


# Commands ----------------------------------------------------------------------------------------

def _due(day) -> str:
    return day.isoformat() if day else "—"


def cmd_new(args) -> int:
    from app.services import appeals

    received = datetime.combine(args.received, args.time or time(9, 0))
    if args.time is None and args.received == clock.today():
        received = clock.now().replace(second=0, microsecond=0)
    channel = args.channel if args.channel is not None else ("otinish" if args.otinish else "written")
    data = appeals.AppealData(
        kind=rules.kind_code(args.type) or args.type, received_at=received,
        channel=rules.channel_code(channel) or channel, otinish_number=args.otinish or "",
        member_id=args.member, applicant_name=args.applicant or "", anonymous=args.anonymous,
        addressed_to=args.to, text=args.text)
    view = appeals.get(appeals.create(data))
    if view.status == rules.NOT_CONSIDERED:
        print(tr("Appeal {label} registered on {day} (id {id}): anonymous, not considered.", label=view.label,
                 day=view.registered_on.isoformat(), id=view.id))
    else:
        print(tr("Appeal {label} registered on {day} (id {id}); answer due {due}.", label=view.label,
                 day=view.registered_on.isoformat(), id=view.id, due=_due(view.due)))
    return 0


def cmd_list(args) -> int:
    from app.services import appeals

    rows = appeals.rows(open_only=args.open, overdue_only=args.overdue, due_within=args.due_within)
    for r in rows:
        marks = ", ".join(mark for flag, mark in ((r.overdue, tr("overdue")), (r.due_soon, tr("due soon"))) if flag)
        print(f"{r.id}\t{r.label}\t{format_datetime(r.received_at)}\t{tr(appeals.KINDS[r.kind])}"
              f"\t{r.applicant or tr('anonymous')}\t{r.addressed_to}\t{_due(r.due)}"
              f"\t{tr(appeals.STATUSES[r.status])}\t{marks}")
    if not rows:
        print(tr("No appeals found."))
    return 0


def cmd_show(args) -> int:
    from app.services import appeals

    v = appeals.get(args.appeal)
    d = v.data
    status = tr(appeals.STATUSES[v.status])
    if v.overdue:
        status += f" ({tr('overdue')})"
    elif v.answered_late:
        status += f" ({tr('answered late')})"
    channel = tr(appeals.CHANNELS[d.channel]) + (f" № {d.otinish_number}" if d.otinish_number else "")
    applicant = v.applicant or tr("anonymous")
    if d.member_id:
        applicant += " " + tr("(register, person {id})", id=d.member_id)
    elif d.applicant_phone or d.applicant_address:
        applicant += ", " + ", ".join(p for p in (d.applicant_address, d.applicant_phone) if p)
    print(tr("Appeal {label} (id {id}): {kind}", label=v.label, id=v.id, kind=tr(appeals.KINDS[d.kind])))
    fields = (
        (tr("Status"), status),
        (tr("Received"), f"{format_datetime(d.received_at)}, {channel}"),
        (tr("Registration day"), v.registered_on.isoformat()),
        (tr("Applicant"), applicant),
        (tr("Addressed to"), d.addressed_to),
        (tr("Handled by"), d.handler),
        (tr("Due"), v.due.isoformat() if v.due else ""),
        (tr("First term"), v.first_due.isoformat() if v.extended_to and v.first_due else ""),
        (tr("Extended"), tr("on {day}: {reason}; notice due {notice}", day=v.extended_on.isoformat(),
                            reason=v.extension_reason, notice=v.extension_notice_due.isoformat())
         if v.extended_on else ""),
        (tr("Sent on"), tr("to {body} on {day}; notice due {notice}", body=v.redirected_to,
                           day=v.redirected_on.isoformat(), notice=v.redirect_notice_due.isoformat())
         if v.redirected_on else ""),
        (tr("Answered"), f"{v.answered_on.isoformat()}, {tr(appeals.RESULTS[v.result])}"
         + (f", № {v.answer_number}" if v.answer_number else "") if v.answered_on else ""),
        (tr("Answer"), v.answer_text),
        (tr("Local issue"), v.local_issue_label),
        (tr("Text"), d.text),
    )
    for label, value in fields:
        if value:
            print(f"{label}: {value}")
    if v.attachments:
        print(tr("Attachments:"))
        for a in v.attachments:
            print("  " + "\t".join((str(a.id), a.file_name, _size(a.size), format_datetime(a.added_at), a.added_by)))
    print(tr("History:"))
    for step in v.steps:
        print("  " + "\t".join((format_datetime(step.at), step.user, tr(appeals.STEP_KINDS[step.kind]),
                                _step_value(appeals, step), step.comment)))
    return 0


def _step_value(appeals, step) -> str:
    if step.kind == "answered" and step.value in appeals.RESULTS:
        return tr(appeals.RESULTS[step.value])
    if step.kind == "edited":
        return ", ".join(tr(label) for label in appeals.edited_fields(step.value))
    return step.value


def _size(size: int) -> str:
    return tr("{size} KB", size=format_number(max(1, round(size / 1024))))


def cmd_edit(args) -> int:
    from app.services import appeals

    v = appeals.get(args.appeal)
    d = v.data
    changes = {"kind": rules.kind_code(args.type) or args.type if args.type is not None else None,
               "channel": rules.channel_code(args.channel) or args.channel if args.channel is not None else None,
               "otinish_number": args.otinish, "applicant_address": args.address, "applicant_phone": args.phone,
               "addressed_to": args.to, "text": args.text, "handler": args.handled_by}
    data = replace(d, **{name: value for name, value in changes.items() if value is not None})
    if args.member is not None:
        data = replace(data, member_id=args.member, applicant_name="")
    elif args.applicant is not None:
        data = replace(data, member_id=None, applicant_name=args.applicant)
    if args.channel is not None and data.channel != "otinish" and args.otinish is None:
        data = replace(data, otinish_number="")  # the number goes with the e-Otinish channel
    appeals.update(args.appeal, data, version=v.version)
    after = appeals.get(args.appeal)
    if len(after.steps) > len(v.steps):
        print(tr("Appeal {label} corrected: {fields}.", label=v.label, fields=_step_value(appeals, after.steps[-1])))
    else:
        print(tr("Appeal {label}: nothing to change.", label=v.label))
    return 0


def cmd_attach(args) -> int:
    from app.services import appeals

    appeals.add_attachment(args.appeal, args.file)
    v = appeals.get(args.appeal)
    print(tr("{name} attached to appeal {label}.", name=v.attachments[-1].file_name, label=v.label))
    return 0


def cmd_extend(args) -> int:
    from app.services import appeals

    appeals.extend(args.appeal, args.to, args.reason)
    v = appeals.get(args.appeal)
    print(tr("Appeal {label}: answer due {due}; tell the applicant by {notice}.", label=v.label,
             due=_due(v.due), notice=_due(v.extension_notice_due)))
    return 0


def cmd_redirect(args) -> int:
    from app.services import appeals

    appeals.redirect(args.appeal, args.to, on=args.on)
    v = appeals.get(args.appeal)
    print(tr("Appeal {label} sent on to {body}; tell the applicant by {notice}.", label=v.label,
             body=v.redirected_to, notice=_due(v.redirect_notice_due)))
    return 0


def cmd_answer(args) -> int:
    from app.services import appeals

    appeals.answer(args.appeal, args.on, rules.result_code(args.result) or args.result, args.number, args.text)
    v = appeals.get(args.appeal)
    print(tr("Appeal {label} answered on {day}: {result}.", label=v.label, day=v.answered_on.isoformat(),
             result=tr(appeals.RESULTS[v.result])))
    return 0
