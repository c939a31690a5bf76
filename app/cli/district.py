"""``auyl district``: the district office takes in the centres' packages (``import``), accepts a centre's
new key (``trust``) and lists the centres (``centres``); docs/domain.md, Packages for the district."""

from __future__ import annotations

from app.i18n import format_datetime, tr


def register(commands) -> None:
    p = commands.add_parser("district", help=tr("the district office: centres' packages taken in"))
    jobs = p.add_subparsers(dest="job", metavar=tr("JOB"), required=True)
    i = jobs.add_parser("import", help=tr("take in centres' packages: files, or folders of them"))
    i.add_argument("paths", nargs="+", metavar=tr("FILE"), help=tr("a package, or a folder of packages"))
    i.set_defaults(handler=cmd_import)
    t = jobs.add_parser("trust", help=tr("accept the new key a centre's package was refused for"))
    t.add_argument("centre", metavar=tr("CENTRE"), help=tr("the centre's id (its first characters will do)"))
    t.set_defaults(handler=cmd_trust)
    c = jobs.add_parser("centres", help=tr("the centres that sent packages, their last period and residents"))
    c.set_defaults(handler=cmd_centres)


def _period(start, end) -> str:
    return f"{start.isoformat()} – {end.isoformat()}" if start else "—"


def cmd_import(args) -> int:
    from app.services import district

    results = district.import_packages(args.paths)
    for result in results:
        if result.outcome == district.REFUSED:
            print(tr("{path}: refused: {reason}", path=result.path, reason=result.reason))
            continue
        print(tr("{path}: {outcome}: {centre}, {period}", path=result.path, outcome=tr(district.OUTCOMES[result.outcome]),
                 centre=result.centre_kk, period=_period(result.date_from, result.date_to)))
        if result.introduced:
            print(tr("    a new centre, id {id}: compare its key's fingerprint {fingerprint} with the one in the "
                     "centre's Settings", id=result.centre_id, fingerprint=result.fingerprint))
    refused = sum(r.outcome == district.REFUSED for r in results)
    print(tr("{taken} taken in, {refused} refused", taken=len(results) - refused, refused=refused))
    if not results:
        print(tr("No files to take in."))
    return 1 if refused or not results else 0


def cmd_trust(args) -> int:
    from app.services import district

    row = district.trust(args.centre)
    print(tr("The centre «{centre}» is now trusted with the key {fingerprint}", centre=row.name_kk,
             fingerprint=row.fingerprint))
    return 0


def cmd_centres(args) -> int:
    from app.services import district

    rows = district.centres()
    for row in rows:
        residents = "—" if row.residents is None else str(row.residents)
        print(f"{row.centre_id}\t{row.name_kk}\t{row.name_ru}\t{row.kato or '—'}\t"
              f"{_period(row.last_from, row.last_to)}\t{tr('residents: {count}', count=residents)}\t"
              f"{format_datetime(row.last_received_at)}")
        if row.pending_fingerprint:
            print(tr("    a new key waits to be trusted: {fingerprint}", fingerprint=row.pending_fingerprint))
    if not rows:
        print(tr("No centre has sent a package yet."))
    return 0
