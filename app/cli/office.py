"""Subcommands of the office shell: init, demo, backup, restore, migrate-to, audit, settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import format_datetime, format_number, tr
from app.rules import ranges
from app.rules.dates import parse_date


def _date(text: str):
    try:
        day = parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("“{value}” is not a date; write it as 2026-03-14 or 14.03.2026", value=text)) from None
    try:
        return ranges.check_day(day)
    except ranges.OutOfRange as error:
        raise argparse.ArgumentTypeError(tr(error.reason, **error.params)) from None


def _positive(text: str) -> int:
    try:
        return ranges.whole_number(text, low=1)
    except ranges.OutOfRange as error:
        if error.reason == ranges.NUMBER_TOO_BIG:
            raise argparse.ArgumentTypeError(tr(error.reason, **error.params)) from None
        raise argparse.ArgumentTypeError(tr("“{value}” is not a whole number above zero", value=text)) from None


def _whole_number(text: str) -> int:
    """Every ``type=int`` argument (an id, a count, a year, a seed): a whole number from 0 that an
    Integer column holds, so a 23-digit id is refused here instead of overflowing the database."""
    try:
        return ranges.whole_number(text)
    except ranges.OutOfRange as error:
        raise argparse.ArgumentTypeError(tr(error.reason, **error.params)) from None


def _output(text: str) -> str:
    """A file to write: its folder must exist, checked before the work of making the document."""
    folder = Path(text).expanduser().parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(tr("the folder {folder} does not exist: create it first, or write the "
                                            "file somewhere else", folder=str(folder)))
    if Path(text).expanduser().is_dir():
        raise argparse.ArgumentTypeError(tr("{path} is a folder: give the name of the file to write",
                                            path=text))
    return text


def _setting(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(tr("write a setting as NAME=VALUE, not “{value}”", value=text))
    name, value = text.split("=", 1)
    return name.strip(), value


def _mci(text: str):
    """DATE=AMOUNT; the amount is checked by the service (positive, finite, within its column)."""
    day, equals, amount = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(tr("write an MCI value as DATE=AMOUNT, e.g. 2027-01-01=4500"))
    return _date(day), amount.strip()


def register(commands) -> None:
    p = commands.add_parser("init", help=tr("create the database, or bring it up to date"))
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser("demo", help=tr("fill the database with a believable demo district"))
    p.add_argument("--members", type=_positive, required=True, metavar="N", help=tr("about how many people"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=tr("the same seed gives the same people"))
    p.set_defaults(handler=cmd_demo)

    p = commands.add_parser("backup", help=tr("copy the database to a file (safe while the window is open)"))
    p.add_argument("file", metavar=tr("FILE"), help=tr("the backup file or folder"))
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("restore", help=tr("replace the database with a backup (a safety copy is kept)"))
    p.add_argument("file", metavar=tr("FILE"), help=tr("the backup file"))
    p.set_defaults(handler=cmd_restore)

    p = commands.add_parser("migrate-to", help=tr("copy the whole database into an empty one (SQLite file or "
                                                  "PostgreSQL), checking the counts of every table"))
    p.add_argument("url", metavar="URL", help=tr("the empty database: postgresql+psycopg://user:password@host/name, "
                                                 "sqlite:///path or a file name"))
    p.set_defaults(handler=cmd_migrate_to)

    p = commands.add_parser("audit", help=tr("show the audit log: who changed what, and when"))
    p.add_argument("--since", type=_date, metavar=tr("DATE"), help=tr("only changes on or after this day"))
    p.add_argument("--table", help=tr("only changes to this table"))
    p.add_argument("--limit", type=_positive, metavar="N", help=tr("at most this many lines"))
    p.set_defaults(handler=cmd_audit)

    p = commands.add_parser("settings", help=tr("show or change the district settings"))
    p.add_argument("--set", type=_setting, action="append", default=[], metavar="NAME=VALUE",
                   help=tr("change a setting (may be given several times)"))
    p.add_argument("--add-village", nargs="+", metavar=tr("NAME"),
                   help=tr("add a village: its Kazakh name, its Russian name and optionally its KATO code"))
    p.add_argument("--add-room", metavar=tr("NAME"), help=tr("add a room of the centre"))
    p.add_argument("--add-mci", type=_mci, metavar="DATE=AMOUNT", help=tr("add an MCI value in tenge"))
    p.set_defaults(handler=cmd_settings)


def cmd_init(_args) -> int:
    from app import db, migrate

    print(tr("Database ready: {url} (schema {revision})", url=db.location(), revision=migrate.head_revision()))
    return 0


def cmd_demo(args) -> int:
    from app import demo
    from app.cli import progress_line

    summary = demo.generate(args.members, seed=args.seed, progress=progress_line)
    print(tr("Added {members} people in {households} households.",
             members=summary.members, households=summary.households))
    if summary.meetings or summary.issues or summary.grants or summary.events:
        print(tr("And a year of the office: {meetings} meetings, {issues} local issues, {grants} grants, "
                 "{events} events.", meetings=summary.meetings, issues=summary.issues, grants=summary.grants,
                 events=summary.events))
    if summary.appeals:
        print(tr("And {appeals} appeals of residents.", appeals=summary.appeals))
    return 0


def cmd_backup(args) -> int:
    from app.cli import progress_line
    from app.services import backup

    path = backup.backup(args.file, progress=progress_line)
    print(tr("Backup written to {path} and read back whole.", path=str(path)))
    return 0


def cmd_restore(args) -> int:
    from app.cli import progress_line
    from app.services import backup

    safety = backup.restore(args.file, progress=progress_line)
    print(tr("The backup {file} was checked (whole, an Auyl Office database) and restored. The previous "
             "database was kept in {path}", file=args.file, path=str(safety)))
    return 0


def cmd_migrate_to(args) -> int:
    from app.cli import progress_line
    from app.services import transfer

    result = transfer.copy_to(args.url, progress=progress_line)
    headings = (tr("table"), tr("here"), tr("in the copy"))
    width = max(len(headings[0]), *(len(t.table) for t in result.tables)) + 2
    print(f"{headings[0]:<{width}}{headings[1]:>12}{headings[2]:>12}")
    for count in result.tables:
        mark = "" if count.source == count.target else "  ≠"
        print(f"{count.table:<{width}}{format_number(count.source):>12}{format_number(count.target):>12}{mark}")
    if not result.kept:
        print(tr("The counts differ, so nothing was kept in {target}.", target=result.target))
        return 1
    print(tr("Copied {rows} rows of {tables} tables to {target}; every count matches.",
             rows=format_number(result.rows), tables=len(result.tables), target=result.target))
    return 0


def cmd_audit(args) -> int:
    from app.services import audit

    rows = audit.entries(since=args.since, table=args.table, limit=args.limit)
    for row in reversed(rows):
        fields = ", ".join(row.fields)
        print(f"{format_datetime(row.at)}\t{row.user_name}\t{tr(audit.ACTION_LABELS[row.action])}"
              f"\t{row.table_name}"
              f"\t{row.row_id or ''}\t{fields}")
    if not rows:
        print(tr("No changes recorded in that period."))
    return 0


def cmd_settings(args) -> int:
    from app.services import settings

    if args.set:
        settings.save(**dict(args.set))
    if args.add_village:
        names = args.add_village + ["", "", ""]
        rows = settings.villages() + [settings.VillageRow(None, names[0], names[1] or names[0], names[2])]
        settings.save_villages(rows)
    if args.add_room:
        settings.save_rooms(settings.rooms() + [settings.RoomRow(None, args.add_room)])
    if args.add_mci:
        day, amount = args.add_mci
        settings.save_mci_rates(settings.mci_rates() + [settings.MciRow(None, day, amount)])
    current = settings.as_dict(settings.load())
    for name, value in current.items():
        print(f"{name} = {value}\t# {tr(settings.LABELS[name])}")
    print(tr("Villages:"))
    for village in settings.villages():
        print(f"  {village.name_kk} / {village.name_ru}  {village.kato_code}")
    print(tr("Rooms:"))
    for room in settings.rooms(include_inactive=False):
        print(f"  {room.name}" + (f" ({room.capacity})" if room.capacity else ""))
    print(tr("MCI:"))
    for rate in settings.mci_rates():
        print(f"  {rate.effective_from.isoformat()}  {rate.amount:,.0f} ₸")
    return 0
