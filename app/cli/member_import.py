"""``auyl members import FILE [--add-villages] [--dry-run]``: people from a .xlsx or .csv file into the register.

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

People added with the sex read from the ending of their name (the file had no sex and no IIN)
follow, counted and one line each, for staff to confirm.

The exit code is 1 when any row was rejected or flagged, else 0. A file that cannot be imported at
all (not .xlsx or .csv, empty, no known column, a column twice) is one error line, exit code 1, and
changes nothing; so does Ctrl+C.
"""

from __future__ import annotations

from app.i18n import ntr, tr


def cmd_import(args) -> int:
    from app.cli import progress_line
    from app.printing import members

    dry_run = args.dry_run
    result = members.import_people(args.file, add_villages=args.add_villages, progress=progress_line,
                                   dry_run=dry_run)
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
        if result.guessed:  # added, but their sex is only the name's guess: staff check them
            print(ntr("{n} person was added with the sex read from the name:",
                      "{n} people were added with the sex read from the name:", len(result.guessed)))
            for number, note in result.guessed:
                print(tr("row {row}: {reason}", row=number, reason=note))
    return 1 if result.rejected or result.flagged else 0


def _print_plan(result) -> None:
    from app.services.member_import import plan_lines

    for line in plan_lines(result):
        print(line)
