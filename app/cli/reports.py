"""``auyl report ...``: printed documents. Each report adds its own subcommand here."""

from __future__ import annotations

from app import i18n
from app.cli.office import _date, _output
from app.i18n import tr


def register(commands) -> None:
    report = commands.add_parser("report", help=tr("print a document to a PDF file"))
    kinds = report.add_subparsers(dest="report", metavar=tr("REPORT"), title=tr("commands"), required=True)
    p = kinds.add_parser("members", help=tr("the register of the local community, by village"))
    p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=tr("the PDF file to write"))
    p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES,
                   help=tr("language of the document (default: the language of messages)"))
    p.add_argument("--village", metavar=tr("NAME"), help=tr("only this village"))
    p.set_defaults(handler=cmd_members)

    # The protocol, the notice and the register also as Word copies, for the secretary to adjust.
    word = tr("the file to write: .pdf, or .docx for a Word copy")
    for name, help_text, handler, output_help in (
            ("minutes", tr("the protocol of a meeting (Kazakh or Russian)"), cmd_minutes, word),
            ("notice", tr("the notice of a meeting, to pin on the board"), cmd_notice, word),
            ("sheet", tr("the blank registration sheet of a meeting, signed at the door"), cmd_sheet,
             tr("the PDF file to write"))):
        p = kinds.add_parser(name, help=help_text)
        p.add_argument("--meeting", type=int, required=True, metavar="ID", help=tr("the meeting's number in the program"))
        p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES, metavar="kk|ru",
                       help=tr("language of the document (default: the meeting's language)"))
        p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=output_help)
        p.set_defaults(handler=handler)

    p = kinds.add_parser("decisions", help=tr("the register of decisions for a period"))
    p.add_argument("--from", dest="date_from", type=_date, metavar=tr("DATE"), help=tr("meetings from this day"))
    p.add_argument("--to", dest="date_to", type=_date, metavar=tr("DATE"), help=tr("meetings up to this day"))
    # Checked by the service: importing it here would slow every command's start by a second.
    p.add_argument("--status", metavar="S",
                   help=tr("only decisions with this status: in_progress, done, overdue or rejected"))
    p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES,
                   help=tr("language of the document (default: the language of messages)"))
    p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=word)
    p.set_defaults(handler=cmd_decisions)

    _period_report(kinds, "issues", tr("local issues received and resolved in a period (PDF or .xlsx)"),
                   cmd_issues)
    _period_report(kinds, "events", tr("events held, attendance and room use in a period (PDF or .xlsx)"),
                   cmd_events)
    _period_report(kinds, "grants", tr("grants in a period: budget against actual, tranches, deadlines "
                                       "(PDF or .xlsx)"), cmd_grants)
    _period_report(kinds, "appeals", tr("appeals received and answered in a period, without names (PDF or .xlsx)"),
                   cmd_appeals)
    _period_report(kinds, "appeals-register", tr("the register of the appeals registered in a period, with the "
                                                 "applicants (PDF or .xlsx)"), cmd_appeals_register)
    # The letters to an applicant also as Word copies, for the office to adjust before signing.
    for name, help_text, handler, output_help in (
            ("talon", tr("the talon of an appeal, given to the applicant"), cmd_talon, tr("the PDF file to write")),
            ("answer", tr("the answer letter to an appeal, on the centre's letterhead"), cmd_answer, word),
            ("extension-notice", tr("the notice to the applicant of an appeal's extended term"), cmd_extension_notice,
             word),
            ("redirection-notice", tr("the notice to the applicant of an appeal sent on to another body"),
             cmd_redirection_notice, word)):
        p = kinds.add_parser(name, help=help_text)
        p.add_argument("--appeal", type=int, required=True, metavar="ID", help=tr("the appeal's number in the program"))
        p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES, metavar="kk|ru",
                       help=tr("language of the document (default: the language of messages)"))
        p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=output_help)
        p.set_defaults(handler=handler)
    _period_report(kinds, "activity", tr("the centre's activity report for the akimat: every area for a "
                                         "period (PDF or .xlsx)"), cmd_activity)
    _period_report(kinds, "district", tr("the district's consolidated report: the centres' packages for a period "
                                         "side by side, with the total (PDF or .xlsx)"), cmd_district)
    p = kinds.add_parser("cover", help=tr("the cover page of a period package, with its key's fingerprint, to sign "
                                          "and send with it"))
    p.add_argument("--package", required=True, metavar=tr("FILE"), help=tr("the package the cover is for"))
    p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES, metavar="kk|ru",
                   help=tr("language of the document (default: the language of messages)"))
    p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=tr("the PDF file to write"))
    p.set_defaults(handler=cmd_cover)


def _period_report(kinds, name: str, help_text: str, handler) -> None:
    """A report for a period: --from and --to required, --lang, -o to a .pdf or .xlsx file."""
    p = kinds.add_parser(name, help=help_text)
    p.add_argument("--from", dest="date_from", type=_date, required=True, metavar=tr("DATE"),
                   help=tr("the period's first day"))
    p.add_argument("--to", dest="date_to", type=_date, required=True, metavar=tr("DATE"),
                   help=tr("the period's last day"))
    p.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES,
                   help=tr("language of the document (default: the language of messages)"))
    p.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"),
                   help=tr("the file to write: .pdf, or .xlsx for a workbook"))
    p.set_defaults(handler=handler)


# Each printing module is imported when its command runs: importing it up front slows every command's start.

def _period(args) -> tuple:
    return args.date_from, args.date_to, args.report_lang or i18n.current_language(), args.output


def cmd_issues(args) -> int:
    from app.printing import issues

    print(tr("Local issues report written to {path}", path=str(issues.print_issues(*_period(args)))))
    return 0


def cmd_events(args) -> int:
    from app.printing import events

    print(tr("Events report written to {path}", path=str(events.print_events(*_period(args)))))
    return 0


def cmd_grants(args) -> int:
    from app.printing import grants

    print(tr("Grants report written to {path}", path=str(grants.print_grants(*_period(args)))))
    return 0


def cmd_appeals(args) -> int:
    from app.printing import appeals

    print(tr("Appeals report written to {path}", path=str(appeals.print_report(*_period(args)))))
    return 0


def _appeal_paper(args, kind: str) -> str:
    from app.printing import appeals

    return str(appeals.print_paper(kind, args.appeal, args.report_lang or i18n.current_language(), args.output))


def cmd_talon(args) -> int:
    print(tr("Talon of appeal {id} written to {path}", id=args.appeal, path=_appeal_paper(args, "talon")))
    return 0


def cmd_answer(args) -> int:
    print(tr("Answer to appeal {id} written to {path}", id=args.appeal, path=_appeal_paper(args, "answer")))
    return 0


def cmd_extension_notice(args) -> int:
    print(tr("Notice of the extension of appeal {id} written to {path}", id=args.appeal,
             path=_appeal_paper(args, "extension")))
    return 0


def cmd_redirection_notice(args) -> int:
    print(tr("Notice of the sending on of appeal {id} written to {path}", id=args.appeal,
             path=_appeal_paper(args, "redirection")))
    return 0


def cmd_appeals_register(args) -> int:
    from app.printing import appeals

    print(tr("Register of appeals written to {path}", path=str(appeals.print_register(*_period(args)))))
    return 0


def cmd_activity(args) -> int:
    from app.printing import activity

    print(tr("Activity report written to {path}", path=str(activity.print_activity(*_period(args)))))
    return 0


def cmd_district(args) -> int:
    from app.printing import district

    print(tr("Consolidated report of the district written to {path}", path=str(district.print_district(*_period(args)))))
    return 0


def cmd_cover(args) -> int:
    from app.printing import district

    path = district.print_cover(args.package, args.report_lang or i18n.current_language(), args.output)
    print(tr("Cover page of the package written to {path}", path=str(path)))
    return 0


def cmd_members(args) -> int:
    from app.cli import progress_line
    from app.printing import members

    path, people = members.print_register(args.report_lang or i18n.current_language(), args.output,
                                          village=args.village, progress=progress_line)
    print(tr("Register of {people} people written to {path}", people=people, path=str(path)))
    return 0


def _meeting_language(args) -> str:
    from app.services import meetings

    return args.report_lang or meetings.get(args.meeting).language


def cmd_minutes(args) -> int:
    from app.printing import meetings

    path = meetings.print_minutes(args.meeting, _meeting_language(args), args.output)
    print(tr("Protocol of meeting {id} written to {path}", id=args.meeting, path=str(path)))
    return 0


def cmd_notice(args) -> int:
    from app.printing import meetings

    path = meetings.print_notice(args.meeting, _meeting_language(args), args.output)
    print(tr("Notice of meeting {id} written to {path}", id=args.meeting, path=str(path)))
    return 0


def cmd_sheet(args) -> int:
    from app.printing import meetings

    path = meetings.print_sheet(args.meeting, _meeting_language(args), args.output)
    print(tr("Registration sheet of meeting {id} written to {path}", id=args.meeting, path=str(path)))
    return 0


def cmd_decisions(args) -> int:
    from app.printing import meetings
    from app.reports import decisions_register

    data = meetings.decisions_register_data(args.date_from, args.date_to,
                                            args.report_lang or i18n.current_language(), args.status)
    render = decisions_register.render_docx if meetings.is_word(args.output) else decisions_register.render
    path = render(data, args.output)
    print(tr("Register of {count} decisions written to {path}", count=len(data.rows), path=str(path)))
    return 0
