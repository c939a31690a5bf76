"""Subcommands of grants: ``auyl donors list / add / edit / delete`` and ``auyl grants list / show /
new / edit / line / tranche / receive / expense / delete-expense / deadline / submitted / deadlines / link /
delete``.

Everything the window does with grants, through the same service (app.services.grants). Lists print
one row a line, columns separated by tabs; a donor, grant, tranche or deadline is named by the id its
list (or ``grants show``) prints first. Amounts are typed as staff write them («1 250 000,50») and
checked by the service: a refused amount, date or currency changes nothing.
"""

from __future__ import annotations

from app import clock
from app.cli.meetings import _day
from app.cli.office import _date
from app.errors import NotFound, ValidationError
from app.i18n import format_date, tr

DONOR_KIND_CODES = "state|akimat|foreign|private"


def register(commands) -> None:
    _register_donors(commands)
    _register_grants(commands)


def _register_donors(commands) -> None:
    donors = commands.add_parser("donors", help=tr("donors of grants: state, akimat, foreign, private"))
    jobs = donors.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("list", help=tr("donors, with their kind, BIN and number of grants"))
    p.set_defaults(handler=cmd_donors_list)

    p = jobs.add_parser("add", help=tr("add a donor"))
    p.add_argument("name", metavar=tr("NAME"))
    p.add_argument("--kind", required=True, metavar=DONOR_KIND_CODES, help=tr("the kind of donor"))
    p.add_argument("--bin", default="", metavar="BIN", help=tr("the organisation's BIN (12 digits), if it has one"))
    p.add_argument("--notes", default="", metavar=tr("TEXT"))
    p.set_defaults(handler=cmd_donors_add)

    p = jobs.add_parser("edit", help=tr("change a donor (options not given stay as they are)"))
    p.add_argument("donor", type=int, metavar="ID")
    p.add_argument("--name", metavar=tr("NAME"))
    p.add_argument("--kind", metavar=DONOR_KIND_CODES, help=tr("the kind of donor"))
    p.add_argument("--bin", metavar="BIN", help=tr("the organisation's BIN (an empty value clears it)"))
    p.add_argument("--notes", metavar=tr("TEXT"))
    p.set_defaults(handler=cmd_donors_edit)

    p = jobs.add_parser("delete", help=tr("delete a donor that has no grants"))
    p.add_argument("donor", type=int, metavar="ID")
    p.set_defaults(handler=cmd_donors_delete)


def _grant_options(p, new: bool) -> None:
    p.add_argument("--donor", required=new, metavar="ID|" + tr("NAME"), help=tr("the donor: its id or its name"))
    p.add_argument("--number", required=new, metavar="N", help=tr("the agreement's number"))
    p.add_argument("--date", type=_date, required=new, metavar=tr("DATE"), help=tr("the agreement's date"))
    p.add_argument("--from", dest="starts_on", type=_date, required=new, metavar=tr("DATE"),
                   help=tr("the grant's first day"))
    p.add_argument("--to", dest="ends_on", type=_date, required=new, metavar=tr("DATE"),
                   help=tr("the grant's last day"))
    p.add_argument("--currency", required=new, type=str.upper, metavar="KZT|USD|EUR")
    p.add_argument("--total", required=new, metavar=tr("AMOUNT"), help=tr("the grant's total, e.g. 1 250 000,50"))
    p.add_argument("--programme", metavar=tr("TEXT"), help=tr("the donor's programme"))
    p.add_argument("--purpose", metavar=tr("TEXT"), help=tr("what the grant is for"))
    p.add_argument("--notes", metavar=tr("TEXT"))


def _register_grants(commands) -> None:
    grants = commands.add_parser("grants", help=tr("grants: budget lines, tranches, expenses, report deadlines"))
    jobs = grants.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)

    p = jobs.add_parser("list", help=tr("grants, newest first, with money received and spent"))
    p.add_argument("--active", action="store_true", help=tr("only grants running today"))
    p.add_argument("--kind", metavar=DONOR_KIND_CODES, help=tr("only grants from this kind of donor"))
    p.set_defaults(handler=cmd_list)

    p = jobs.add_parser("show", help=tr("a grant: lines, tranches, expenses, deadlines and warnings"))
    p.add_argument("grant", type=int, metavar="ID")
    p.set_defaults(handler=cmd_show)

    p = jobs.add_parser("new", help=tr("register a grant agreement"))
    _grant_options(p, new=True)
    p.add_argument("--line", action="append", default=[], metavar="CODE:NAME:AMOUNT",
                   help=tr("a budget line (may be given several times)"))
    p.set_defaults(handler=cmd_new)

    p = jobs.add_parser("edit", help=tr("change a grant's details (options not given stay as they are)"))
    p.add_argument("grant", type=int, metavar="ID")
    _grant_options(p, new=False)
    p.set_defaults(handler=cmd_edit)

    p = jobs.add_parser("line", help=tr("add, change or remove a budget line"))
    p.add_argument("grant", type=int, metavar="ID")
    job = p.add_mutually_exclusive_group(required=True)
    job.add_argument("--add", nargs=3, metavar=(tr("CODE"), tr("NAME"), tr("AMOUNT")), help=tr("add a line"))
    job.add_argument("--set", nargs=3, metavar=(tr("CODE"), tr("NAME"), tr("AMOUNT")),
                     help=tr("change the name and planned amount of the line with this code"))
    job.add_argument("--remove", metavar=tr("CODE"), help=tr("remove a line that has no expenses"))
    p.set_defaults(handler=cmd_line)

    p = jobs.add_parser("tranche", help=tr("plan a tranche (and, if it came, record it)"))
    p.add_argument("grant", type=int, metavar="ID")
    p.add_argument("--planned", nargs=2, required=True, metavar=(tr("DATE"), tr("AMOUNT")))
    p.add_argument("--received", nargs=2, metavar=(tr("DATE"), tr("AMOUNT")))
    p.add_argument("--currency", type=str.upper, metavar="KZT|USD|EUR",
                   help=tr("the currency of the amounts (checked against the grant's)"))
    p.set_defaults(handler=cmd_tranche)

    p = jobs.add_parser("receive", help=tr("record the money of a planned tranche as received"))
    p.add_argument("tranche", type=int, metavar="TRANCHE_ID")
    p.add_argument("day", metavar=tr("DATE"))
    p.add_argument("amount", metavar=tr("AMOUNT"))
    p.add_argument("--currency", type=str.upper, metavar="KZT|USD|EUR",
                   help=tr("the currency of the amount (checked against the grant's)"))
    p.set_defaults(handler=cmd_receive)

    p = jobs.add_parser("expense", help=tr("record an expense against a budget line"))
    p.add_argument("grant", type=int, metavar="ID")
    p.add_argument("--line", required=True, metavar=tr("CODE"), help=tr("the budget line's code"))
    p.add_argument("--date", required=True, type=_date, metavar=tr("DATE"))
    p.add_argument("--amount", required=True, metavar=tr("AMOUNT"))
    p.add_argument("--payee", default="", metavar=tr("NAME"), help=tr("who was paid"))
    p.add_argument("--doc", default="", metavar="N", help=tr("the number of the receipt, invoice or act"))
    p.add_argument("--note", default="", metavar=tr("TEXT"))
    p.add_argument("--scan", metavar=tr("FILE"), help=tr("the scanned receipt or act to attach"))
    p.add_argument("--currency", type=str.upper, metavar="KZT|USD|EUR",
                   help=tr("the currency of the amount (checked against the grant's)"))
    p.set_defaults(handler=cmd_expense)

    p = jobs.add_parser("delete-expense", help=tr("delete an expense entered by mistake"))
    p.add_argument("expense", type=int, metavar="EXPENSE_ID")
    p.set_defaults(handler=cmd_delete_expense)

    p = jobs.add_parser("deadline", help=tr("add a report deadline"))
    p.add_argument("grant", type=int, metavar="ID")
    p.add_argument("--kind", required=True, metavar="interim|final", help=tr("an interim or the final report"))
    p.add_argument("--due", required=True, type=_date, metavar=tr("DATE"))
    p.add_argument("--title", default="", metavar=tr("TEXT"))
    p.set_defaults(handler=cmd_deadline)

    p = jobs.add_parser("submitted", help=tr("mark a report or tax notice as submitted"))
    p.add_argument("deadline", type=int, metavar="DEADLINE_ID")
    p.add_argument("--on", type=_date, metavar=tr("DATE"), help=tr("the day it was submitted (default: today)"))
    p.set_defaults(handler=cmd_submitted)

    p = jobs.add_parser("deadlines", help=tr("every grant's deadlines: reports and tax notices, by due day"))
    p.add_argument("--status", metavar="S", help=tr("only this status: submitted, overdue, due_soon or upcoming"))
    p.set_defaults(handler=cmd_deadlines)

    p = jobs.add_parser("link", help=tr("name the local issues a grant pays for"))
    p.add_argument("grant", type=int, metavar="ID")
    p.add_argument("--issue", type=int, action="append", default=[], metavar="ISSUE_ID",
                   help=tr("a local issue to add (may be given several times)"))
    p.add_argument("--unlink", type=int, action="append", default=[], metavar="ISSUE_ID",
                   help=tr("a local issue to take off (may be given several times)"))
    p.set_defaults(handler=cmd_link)

    p = jobs.add_parser("delete", help=tr("delete a grant entered by mistake, with its lines, tranches and "
                                          "deadlines (a grant with expenses is refused)"))
    p.add_argument("grant", type=int, metavar="ID")
    p.set_defaults(handler=cmd_delete)


# Helpers -----------------------------------------------------------------------------------------

def _lang() -> str:
    from app.i18n import current_language

    return current_language()


def _amount(value, currency: str) -> str:
    from app.rules import money

    return money.format_amount(value, currency, _lang())


def _kind(code: str) -> str:
    from app.services import grants

    return tr(grants.DONOR_KINDS[code])


def _donor(donor_id: int):
    from app.services import grants

    for row in grants.donors():
        if row.id == donor_id:
            return row
    raise NotFound("No donor with number {id}.", id=donor_id)


def _donor_id(text: str) -> int:
    """A donor named by its id or its name (in any case)."""
    from app.rules.text import fold
    from app.services import grants

    if text.strip().isdigit():
        return _donor(int(text)).id
    for row in grants.donors():
        if fold(row.name) == fold(text):
            return row.id
    raise ValidationError("No donor called “{name}”: see auyl donors list.", field="donor", name=text)


def _known_kind(code: str | None) -> str | None:
    from app.services import grants

    if code is not None and code not in grants.DONOR_KINDS:
        raise ValidationError("Unknown kind of donor: {kind}", field="kind", kind=code)
    return code


def _line_id(view, code: str) -> int:
    for line in view.lines:
        if line.code == code:
            return line.id
    raise ValidationError("Grant {id} has no budget line {code}.", field="line", id=view.id, code=code)


def _tranche(tranche_id: int):
    """(grant, tranche) of a tranche's id."""
    from app.services import grants

    for row in grants.list_grants():
        view = grants.get(row.id)
        for tranche in view.tranches:
            if tranche.id == tranche_id:
                return view, tranche
    raise NotFound("No tranche with number {id}.", id=tranche_id)


def _deadline(deadline_id: int):
    from app.services import grants

    for deadline in grants.deadlines():
        if deadline.id == deadline_id:
            return deadline
    raise NotFound("No deadline with number {id}.", id=deadline_id)


def _status(code: str) -> str:
    from app.services import grants

    return tr(grants.DEADLINE_STATUSES[code])


def _deadline_line(d) -> str:
    from app.services import grants

    mark = " !" if d.status == "overdue" else ""
    return (f"{d.id}\t{format_date(d.due_on)}\t{tr(grants.DEADLINE_KINDS[d.kind])}\t{d.title}"
            f"\t{format_date(d.submitted_on)}\t{_status(d.status)}{mark}")


# Donors ------------------------------------------------------------------------------------------

def cmd_donors_list(args) -> int:
    from app.services import grants

    rows = grants.donors()
    for r in rows:
        print(f"{r.id}\t{r.name}\t{_kind(r.kind)}\t{r.bin}\t{tr('grants: {count}', count=r.grants)}")
    if not rows:
        print(tr("No donors yet."))
    return 0


def cmd_donors_add(args) -> int:
    from app.services import grants

    donor_id = grants.save_donor(grants.DonorData(args.name, args.kind, args.bin, args.notes))
    print(tr("Donor {name} added (id {id}).", name=args.name.strip(), id=donor_id))
    return 0


def cmd_donors_edit(args) -> int:
    from app.services import grants

    row = _donor(args.donor)
    data = grants.DonorData(*(row_value if given is None else given for given, row_value in (
        (args.name, row.name), (args.kind, row.kind), (args.bin, row.bin), (args.notes, row.notes))))
    grants.save_donor(data, args.donor)
    print(tr("Donor {name} saved.", name=data.name.strip()))
    return 0


def cmd_donors_delete(args) -> int:
    from app.services import grants

    name = _donor(args.donor).name
    grants.delete_donor(args.donor)
    print(tr("Donor {name} deleted.", name=name))
    return 0


# Grants ------------------------------------------------------------------------------------------

def cmd_list(args) -> int:
    from app.services import grants

    rows = grants.list_grants(active_on=clock.today() if args.active else None, donor_kind=_known_kind(args.kind))
    for r in rows:
        warnings = tr("warnings: {count}", count=r.warnings) if r.warnings else ""
        print(f"{r.id}\t{r.donor}\t{r.agreement_number}\t{format_date(r.starts_on)} – {format_date(r.ends_on)}"
              f"\t{r.currency}\t{_amount(r.total, r.currency)}\t{tr('received')} {_amount(r.received, r.currency)}"
              f"\t{tr('spent')} {_amount(r.spent, r.currency)}\t{warnings}")
    if not rows:
        print(tr("No grants found."))
    return 0


def cmd_show(args) -> int:
    from app.services import grants

    v = grants.get(args.grant)
    d, money = v.data, v.data.currency
    print(tr("Grant {id}: {label}", id=v.id, label=v.label))
    total = _amount(v.total, money)
    if v.mci is not None:
        total += f" ({tr('{mci} MCI', mci=str(v.mci))})"
    size = tr(grants.SIZE_CLASSES[v.size_class]) if v.donor_kind == "state" else ""
    fields = ((tr("Donor"), f"{v.donor} ({_kind(v.donor_kind)})"),
              (tr("Agreement"), tr("№ {number} of {date}", number=d.agreement_number,
                                   date=format_date(d.agreement_date))),
              (tr("Programme"), d.programme), (tr("Purpose"), d.purpose),
              (tr("Period"), f"{format_date(d.starts_on)} – {format_date(d.ends_on)}"),
              (tr("Size class"), size), (tr("Grant total"), total), (tr("Received"), _amount(v.received, money)),
              (tr("Spent"), _amount(v.spent, money)), (tr("Balance"), _amount(v.balance, money)),
              (tr("Left to spend"), _amount(v.remaining, money)), (tr("Notes"), d.notes),
              (tr("Local issues"), ", ".join(map(str, v.issue_ids))))
    for label, value in fields:
        if value:
            print(f"{label}: {value}")
    print(tr("Budget lines (code, name, planned, spent, remaining):"))
    for line in v.lines:
        mark = "\t" + tr("overspent") if line.spent > line.planned else ""
        print(f"  {line.code}\t{line.name}\t{_amount(line.planned, money)}\t{_amount(line.spent, money)}"
              f"\t{_amount(line.remaining, money)}{mark}")
    if v.tranches:
        print(tr("Tranches (id, planned, received):"))
        for t in v.tranches:
            received = (f"{format_date(t.received_on)}\t{_amount(t.received_amount, money)}" if t.received_on
                        else tr("not received"))
            print(f"  {t.id}\t{format_date(t.planned_on)}\t{_amount(t.planned_amount, money)}\t{received}")
    if v.expenses:
        print(tr("Expenses (id, date, line, amount, payee, document, note, scan):"))
        for e in v.expenses:
            print(f"  {e.id}\t{format_date(e.spent_on)}\t{e.line_code}\t{_amount(e.amount, money)}\t{e.payee}"
                  f"\t{e.document_number}\t{e.note}\t{e.scan_name}")
    if v.deadlines:
        print(tr("Deadlines (id, due, kind, title, submitted, status):"))
        for deadline in v.deadlines:
            print("  " + _deadline_line(deadline))
    if v.warnings:
        print(tr("Warnings:"))
        for warning in v.warnings:
            print("  ! " + warning.text(_lang()))
    return 0


def _line_data(text: str):
    """CODE:NAME:AMOUNT (the name may hold colons; the amount has none)."""
    from app.services import grants

    code, _, rest = text.partition(":")
    name, _, amount = rest.rpartition(":")
    if not code.strip() or not name.strip() or not amount.strip():
        raise ValidationError("Write a budget line as CODE:NAME:AMOUNT, not “{value}”.", field="lines", value=text)
    return grants.LineData(code.strip(), name.strip(), amount.strip())


def _grant_data(args, current):
    from dataclasses import replace

    from app.services import grants

    changes = {}
    for option, field in (("number", "agreement_number"), ("date", "agreement_date"), ("starts_on", "starts_on"),
                          ("ends_on", "ends_on"), ("currency", "currency"), ("total", "total"),
                          ("programme", "programme"), ("purpose", "purpose"), ("notes", "notes")):
        if getattr(args, option) is not None:
            changes[field] = getattr(args, option)
    if args.donor is not None:
        changes["donor_id"] = _donor_id(args.donor)
    return grants.GrantData(**changes) if current is None else replace(current, **changes)


def _warnings_added(before, grant_id: int) -> None:
    """Prints the warnings the change brought (an overspent line, money spent before it came)."""
    from app.services import grants

    lang = _lang()
    seen = {w.text(lang) for w in before}
    for warning in grants.get(grant_id).warnings:
        if warning.text(lang) not in seen:
            print(tr("Warning: {text}", text=warning.text(lang)))


def cmd_new(args) -> int:
    from app.services import grants

    lines = [_line_data(text) for text in args.line]
    grant_id = grants.create_grant(_grant_data(args, None), lines)
    view = grants.get(grant_id)
    print(tr("Grant {label} added (id {id}).", label=view.label, id=grant_id))
    _warnings_added((), grant_id)
    return 0


def cmd_edit(args) -> int:
    from app.services import grants

    before = grants.get(args.grant)
    grants.update_grant(args.grant, _grant_data(args, before.data))
    print(tr("Grant {label} saved.", label=grants.get(args.grant).label))
    _warnings_added(before.warnings, args.grant)
    return 0


def cmd_line(args) -> int:
    from app.services import grants

    view = grants.get(args.grant)
    lines = [grants.LineData(line.code, line.name, line.planned, line.id) for line in view.lines]
    if args.add:
        lines.append(grants.LineData(*args.add))
    elif args.set:
        code, name, planned = args.set
        line_id = _line_id(view, code)
        lines = [grants.LineData(code, name, planned, line_id) if line.id == line_id else line for line in lines]
    else:
        line_id = _line_id(view, args.remove)
        lines = [line for line in lines if line.id != line_id]
    grants.save_lines(args.grant, lines)
    print(tr("Budget lines of grant {label} saved.", label=view.label))
    _warnings_added(view.warnings, args.grant)
    return 0


def cmd_tranche(args) -> int:
    from app.services import grants

    view = grants.get(args.grant)
    received_on, received_amount = (_day(args.received[0]), args.received[1]) if args.received else (None, None)
    tranche_id = grants.add_tranche(args.grant, grants.TrancheData(
        _day(args.planned[0]), args.planned[1], received_on, received_amount, args.currency))
    print(tr("Tranche {id} of grant {label} saved.", id=tranche_id, label=view.label))
    _tax_notice(tranche_id, args.grant)
    _warnings_added(view.warnings, args.grant)
    return 0


def _tax_notice(tranche_id: int, grant_id: int) -> None:
    from app.services import grants

    for deadline in grants.get(grant_id).deadlines:
        if deadline.tranche_id == tranche_id:
            print(tr("Notice to the tax authority due by {day} (deadline {id}).", day=format_date(deadline.due_on),
                     id=deadline.id))


def cmd_receive(args) -> int:
    from app.services import grants

    view, tranche = _tranche(args.tranche)
    grants.update_tranche(tranche.id, grants.TrancheData(tranche.planned_on, tranche.planned_amount,
                                                         _day(args.day), args.amount, args.currency))
    print(tr("Tranche {id} of grant {label} received.", id=tranche.id, label=view.label))
    _tax_notice(tranche.id, view.id)
    _warnings_added(view.warnings, view.id)
    return 0


def cmd_expense(args) -> int:
    from app.services import grants

    view = grants.get(args.grant)
    expense_id = grants.add_expense(args.grant, grants.ExpenseData(
        _line_id(view, args.line), args.date, args.amount, args.payee, args.doc, args.note, args.currency, args.scan))
    print(tr("Expense {id} of grant {label} saved.", id=expense_id, label=view.label))
    _warnings_added(view.warnings, args.grant)
    return 0


def cmd_delete_expense(args) -> int:
    from app.services import grants

    grants.delete_expense(args.expense)
    print(tr("Expense {id} deleted.", id=args.expense))
    return 0


def cmd_deadline(args) -> int:
    from app.services import grants

    view = grants.get(args.grant)
    deadline_id = grants.add_deadline(args.grant, grants.DeadlineData(args.kind, args.due, args.title))
    print(tr("Deadline {id} of grant {label} added: {day}.", id=deadline_id, label=view.label,
             day=format_date(args.due)))
    return 0


def cmd_submitted(args) -> int:
    from app.services import grants

    d = _deadline(args.deadline)
    grants.update_deadline(d.id, grants.DeadlineData(d.kind, d.due_on, d.title, args.on or clock.today()))
    print(tr("Deadline {id} of grant {label}: submitted on {day}.", id=d.id, label=d.grant_label,
             day=format_date(args.on or clock.today())))
    return 0


def cmd_deadlines(args) -> int:
    from app.services import grants

    if args.status is not None and args.status not in grants.DEADLINE_STATUSES:
        raise ValidationError("Unknown status: {status} (submitted, overdue, due_soon or upcoming).",
                              field="status", status=args.status)
    rows = grants.deadlines(status=args.status)
    for d in rows:
        print(f"{_deadline_line(d)}\t{d.grant_id}\t{d.grant_label}")
    if not rows:
        print(tr("No deadlines found."))
    return 0


def cmd_link(args) -> int:
    from app.services import grants

    view = grants.get(args.grant)
    issue_ids = (set(view.issue_ids) | set(args.issue)) - set(args.unlink)
    grants.set_issues(args.grant, sorted(issue_ids))
    print(tr("Grant {label} pays for local issues: {ids}", label=view.label,
             ids=", ".join(map(str, sorted(issue_ids))) or "—"))
    return 0


def cmd_delete(args) -> int:
    from app.services import grants

    label = grants.get(args.grant).label
    grants.delete_grant(args.grant)
    print(tr("Grant {label} deleted.", label=label))
    return 0
