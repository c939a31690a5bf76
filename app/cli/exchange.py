"""``auyl exchange export``: this office's signed period package for the district (docs/exchange-format.md)."""

from __future__ import annotations

from app.cli.office import _date, _output
from app.i18n import tr


def register(commands) -> None:
    p = commands.add_parser("exchange", help=tr("signed period packages for the district office"))
    jobs = p.add_subparsers(dest="job", metavar=tr("JOB"), required=True)
    e = jobs.add_parser("export", help=tr("write this office's figures for a period, signed, for the district"))
    e.add_argument("--from", dest="date_from", type=_date, required=True, metavar=tr("DATE"),
                   help=tr("the period's first day"))
    e.add_argument("--to", dest="date_to", type=_date, required=True, metavar=tr("DATE"),
                   help=tr("the period's last day"))
    e.add_argument("-o", "--output", type=_output, required=True, metavar=tr("FILE"), help=tr("the package to write"))
    e.set_defaults(handler=cmd_export)


def cmd_export(args) -> int:
    from app.services import exchange

    path = exchange.export(args.date_from, args.date_to, args.output)
    print(tr("Package for {start} – {end} written to {path}", start=args.date_from.isoformat(),
             end=args.date_to.isoformat(), path=str(path)))
    print(tr("Signed by the key with the fingerprint {fingerprint}", fingerprint=exchange.own_fingerprint()))
    return 0
