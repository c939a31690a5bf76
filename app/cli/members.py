"""Subcommands of the members register: iin, members search / export / import / imports.

``auyl iin NUMBER...`` checks IINs without touching the database: one line per number,

    791028302728: 1979-10-28 M
    791028302729: invalid: <why, in the interface language>
    <number with century digit 0>: warning: <why, in the interface language>

The words «invalid» and «warning» stay English so a script can read the lines; the reasons are
translated. The exit code is 1 when any number is invalid, else 0 (a warning is not invalid: such a
number is accepted once a person confirms it, docs/domain.md).
"""

from __future__ import annotations

from app.cli import history
from app.i18n import N_, ntr, tr
from app.rules import iin

CENTURY_ZERO = N_("The IIN's 7th digit (century and sex) is 0, as reported for some foreign residents: "
                  "the birth date and sex cannot be read from it.")


def register(commands) -> None:
    p = commands.add_parser("iin", help=tr("check IINs: show the birth date and sex in each, or why it is wrong"))
    p.add_argument("numbers", nargs="+", metavar=tr("NUMBER"), help=tr("a 12-digit IIN"))
    # Checking a number needs no data: the command must work before the database exists.
    p.set_defaults(handler=cmd_iin, needs_database=False)

    members = commands.add_parser("members", help=tr("the register of the local community"))
    jobs = members.add_subparsers(dest="job", metavar=tr("JOB"), title=tr("commands"), required=True)
    p = jobs.add_parser("search", help=tr("find people by any part of their name, IIN or phone, in any spelling"))
    p.add_argument("text", nargs="+", metavar=tr("TEXT"), help=tr("what to look for"))
    p.set_defaults(handler=cmd_search)
    p = jobs.add_parser("export", help=tr("write the register to a .csv or .xlsx file"))
    p.add_argument("file", metavar=tr("FILE"), help=tr("the file to write; its extension chooses the format"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("only this village"))
    p.set_defaults(handler=cmd_export)
    p = jobs.add_parser("import", help=tr("add or update people from a .xlsx or .csv file"))
    p.add_argument("file", nargs="?", metavar=tr("FILE"), help=tr("the file to read"))
    p.add_argument("--add-villages", action="store_true",
                   help=tr("add villages the district does not have yet instead of rejecting their rows"))
    p.add_argument("--dry-run", action="store_true",
                   help=tr("print what the import would add, update, flag and reject, and change nothing"))
    p.add_argument("--encoding", metavar=tr("NAME"),
                   help=tr("the encoding of a .csv file, when the one detected is wrong: utf-8, utf-16, cp1251, "
                           "koi8-r or cp1252"))
    p.add_argument("--undo", type=int, metavar=tr("NUMBER"),
                   help=tr("undo the import with this number (auyl members imports lists them): remove the "
                           "people it added, put back the people it updated"))
    p.set_defaults(handler=lambda args: _import_command("cmd_import")(args))
    p = jobs.add_parser("imports", help=tr("list the imports of people, each with its number"))
    p.set_defaults(handler=lambda args: _import_command("cmd_imports")(args))
    history.add_member_jobs(jobs)


def _import_command(name: str):
    from app.cli import member_import

    return getattr(member_import, name)


def iin_line(text: str) -> tuple[str, bool]:
    """The line ``auyl iin`` prints for one number, and whether the number is valid."""
    try:
        parsed = iin.parse(text)
    except iin.InvalidIin as error:
        return f"{text}: invalid: {tr(error.reason)}", False
    if parsed.needs_confirmation:
        return f"{text}: warning: {tr(CENTURY_ZERO)}", True
    return f"{text}: {parsed.birth_date.isoformat()} {parsed.sex}", True


def cmd_iin(args) -> int:
    all_valid = True
    for number in args.numbers:
        line, valid = iin_line(number)
        print(line)
        all_valid = all_valid and valid
    return 0 if all_valid else 1


def cmd_search(args) -> int:
    from app.i18n import format_date
    from app.services import members

    rows = members.search(" ".join(args.text), limit=None)
    for row in rows:
        print(f"{row.id}\t{row.full_name}\t{format_date(row.birth_date)}\t{row.iin_masked}\t{row.phone}")
    if not rows:
        print(tr("Nobody found."))
    return 0


def cmd_export(args) -> int:
    from app.printing import members

    path, count = members.export_list(args.file, village=args.village)
    print(ntr("{n} person written to {path}", "{n} people written to {path}", count, path=str(path)))
    return 0
