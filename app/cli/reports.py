"""``auyl report ...``: printed documents. Each report adds its own subcommand here."""

from __future__ import annotations

from app import i18n
from app.i18n import tr


def register(commands) -> None:
    report = commands.add_parser("report", help=tr("print a document to a PDF file"))
    kinds = report.add_subparsers(dest="report", metavar=tr("REPORT"), title=tr("commands"), required=True)
    p = kinds.add_parser("members", help=tr("the register of the local community, by village"))
    p.add_argument("-o", "--output", required=True, metavar=tr("FILE"), help=tr("the PDF file to write"))
    p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES,
                   help=tr("language of the document (default: the language of messages)"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("only this village"))
    p.set_defaults(handler=cmd_members)


def cmd_members(args) -> int:
    from app.cli import progress_line
    from app.reports import members_register
    from app.services import members

    data = members.register_data(args.report_lang or i18n.current_language(), village=args.village)
    path = members_register.render(data, args.output, progress=progress_line)
    print(tr("Register of {people} people written to {path}", people=data.people, path=str(path)))
    return 0
