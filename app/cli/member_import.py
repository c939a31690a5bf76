"""``auyl members import FILE [--add-villages] [--dry-run] [--encoding NAME]``: people from a .xlsx or .csv file into the register;
``auyl members import --undo N`` undoes import number N; ``auyl members imports`` lists the imports.

The command prints the columns it left out and the villages it added (when there are any), one
summary line, and then one line per row it did not import, in the interface language:

    Added 120, updated 35, rejected 2, flagged 1. The rows not imported are in list.rejects.csv
    row 7: The IIN's check digit (the last one) does not match: the number is mistyped.
    row 12: Same name and birth date as person number 48 in the register, ...

With ``--dry-run`` it changes nothing and writes no file: it prints the plan, a summary line and one
line per row it would add, update (each changed field, old → new), flag or reject:

    Nothing was written. The import would add 1, update 1, reject 0, flag 1.
    row 2: flagged: The IIN 85061130•••• belongs to Сәрсенбаев Нұрлан; the file names Ахметов Серік. ...
    row 3: add Омарова Әсем
    row 4: update Иванов Иван: Phone: +7 701 111 22 33 → +7 701 444 55 66

People added whose sex is to confirm (the file had no sex and no IIN: read from the ending of the
name, or not known at all) follow, counted and one line each. The last line gives the import's number,
to undo it.

The exit code is 1 when any row was rejected or flagged, else 0. A file that cannot be imported at
all (not .xlsx or .csv, empty, no known column, a column twice, too big, a .csv row with a quote left
open, a wrong number of cells or text its encoding does not read) is one error line with the row's
number, exit code 1, and changes nothing; so does Ctrl+C. A .csv is read in the encoding detected
(UTF-8 with or without BOM, UTF-16, Windows-1251, KOI8-R, Windows-1252) unless ``--encoding`` names it.

``--undo N`` removes the people import N added and puts back the people it updated, or changes
nothing and names the people changed since. ``imports`` prints one line per import, the latest
first: its number, when, the file, who, the counts, and when and by whom it was undone:

    3	07.12.2026 18:40	тізім.xlsx	admin	added 120, updated 35, flagged 1, rejected 2
"""

from __future__ import annotations

from app.errors import ValidationError
from app.i18n import format_datetime, ntr, tr


def cmd_import(args) -> int:
    from app.cli import progress_line
    from app.printing import members

    if args.undo is not None:
        if args.file or args.add_villages or args.dry_run or args.encoding:
            raise ValidationError("--undo takes only the number of an import, no file or other option.")
        return _undo(args.undo)
    if not args.file:
        raise ValidationError("Give the file to import, or --undo and the number of an import to undo.")
    dry_run = args.dry_run
    result = members.import_people(args.file, add_villages=args.add_villages, progress=progress_line,
                                   dry_run=dry_run, encoding=args.encoding and args.encoding.lower())
    if result.unknown:
        print(tr("Columns left out: {columns}", columns=", ".join(result.unknown)))
    if result.new_villages:
        print(tr("Villages added: {names}", names=", ".join(result.new_villages)))
    if dry_run:
        _print_plan(result)
    else:
        summary = tr("Added {added}, updated {updated}, rejected {rejected}, flagged {flagged}.",
                     added=result.added, updated=result.updated, rejected=len(result.rejected),
                     flagged=len(result.flagged))
        if result.rejects_path:
            summary += " " + tr("The rows not imported are in {path}", path=str(result.rejects_path))
        print(summary)
        for number, reason in sorted([*result.rejected, *map(tuple, result.flagged)]):
            print(tr("row {row}: {reason}", row=number, reason=reason))
        if result.guessed:  # added, but their sex is only the name's guess or unknown: staff check them
            print(ntr("{n} person was added whose sex is to confirm:",
                      "{n} people were added whose sex is to confirm:", len(result.guessed)))
            for number, note in result.guessed:
                print(tr("row {row}: {reason}", row=number, reason=note))
        print(tr("This is import number {id}: «auyl members import --undo {id}» undoes it.", id=result.batch_id))
    return 1 if result.rejected or result.flagged else 0


def _undo(batch_id: int) -> int:
    from app.services import import_batches

    done = import_batches.undo(batch_id)
    print(tr("Import number {id} undone: {removed} removed, {restored} put back as they were.", id=done.batch_id,
             removed=ntr("{n} person", "{n} people", done.removed),
             restored=ntr("{n} person", "{n} people", done.restored)))
    if done.villages:
        print(tr("Villages removed: {names}", names=", ".join(done.villages)))
    return 0


def cmd_imports(_args) -> int:
    from app.services import import_batches

    rows = import_batches.batches()
    for row in rows:
        cells = [str(row.id), format_datetime(row.at), row.file_name, row.user_name,
                 tr("added {added}, updated {updated}, flagged {flagged}, rejected {rejected}", added=row.added,
                    updated=row.updated, flagged=row.flagged, rejected=row.rejected)]
        if row.undone_at is not None:
            cells.append(tr("undone {time} by {user}", time=format_datetime(row.undone_at), user=row.undone_by))
        print("\t".join(cells))
    if not rows:
        print(tr("No imports yet."))
    return 0


def _print_plan(result) -> None:
    from app.services.member_import import plan_lines

    for line in plan_lines(result):
        print(line)
