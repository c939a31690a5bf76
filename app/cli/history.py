"""Subcommands of record versions (docs/architecture.md: Record versions).

``auyl members history ID`` prints a person's versions, newest first: one line per change (its number,
date and time, who, what) and under it one line per field, ``label: old → new``. With ``--restore
VERSION`` an administrator puts the person back as they were before that change.

``auyl deleted`` lists the deleted meetings, local issues, grants, events and people an administrator
can bring back, one a line (the number to restore it by first); ``auyl deleted --restore NUMBER``
brings one back with what its deletion took along.
"""

from __future__ import annotations

from app.i18n import format_datetime, tr
from app.services.audit import ACTION_LABELS


def add_member_jobs(jobs) -> None:
    """``members history``, added to the jobs of ``auyl members`` (app/cli/members.py)."""
    p = jobs.add_parser("history", help=tr("a person's earlier versions: when, who, each field old → new"))
    p.add_argument("member_id", type=int, metavar=tr("ID"), help=tr("the person's number in the register"))
    p.add_argument("--restore", type=int, metavar=tr("VERSION"),
                   help=tr("put the person back as they were before this change (administrator)"))
    p.add_argument("--expect", type=int, metavar=tr("N"),
                   help=tr("restore only if the record is still at this version (the history's first line says it)"))
    p.set_defaults(handler=cmd_history)


def register(commands) -> None:
    from app.services.history import DELETED_KINDS

    p = commands.add_parser("deleted", help=tr("deleted meetings, issues, grants, events and people; restore one "
                                               "(administrator)"))
    p.add_argument("--kind", choices=list(DELETED_KINDS), help=tr("only records of this kind"))
    p.add_argument("--restore", type=int, metavar=tr("NUMBER"),
                   help=tr("bring back the deleted record listed under this number"))
    p.set_defaults(handler=cmd_deleted)


def cmd_history(args) -> int:
    from app.errors import NotFound
    from app.services import history, members

    if args.restore is not None:
        history.restore_version(args.restore, args.expect)
        print(tr("Person No. {id} is back as before change {version}.", id=args.member_id, version=args.restore))
        return 0
    versions = history.member_history(args.member_id)
    try:
        now = members.get(args.member_id).version
    except NotFound:
        print(tr("Person No. {id} has been deleted.", id=args.member_id))
    else:
        print(tr("Person No. {id}, version {version}", id=args.member_id, version=now))
    for version in versions:
        print(f"{version.id}\t{format_datetime(version.at)}\t{version.user_name}\t{tr(ACTION_LABELS[version.action])}")
        for change in version.fields:
            print(f"    {tr(change.label)}: {change.old or '—'} → {change.new or '—'}")
    return 0


def cmd_deleted(args) -> int:
    from app.services import history

    if args.restore is not None:
        number = history.restore_deleted(args.restore)
        print(tr("Restored under number {id}.", id=number))
        return 0
    rows = history.deleted_records(args.kind)
    for row in rows:
        print(f"{row.version_id}\t{format_datetime(row.at)}\t{row.user_name}\t"
              f"{tr(history.DELETED_KINDS[row.kind])}\t{row.title}")
    if not rows:
        print(tr("No deleted records to restore."))
    return 0
