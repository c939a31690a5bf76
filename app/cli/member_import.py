"""``auyl members import FILE [--add-villages]``: people from a .xlsx or .csv file into the register.

The command prints the columns it left out and the villages it added (when there are any), one
summary line, and then one line per row it did not import, in the interface language:

    Added 120, updated 35, rejected 2, flagged 1. The rows not imported are in list.rejects.csv
    row 7: The IIN's check digit (the last one) does not match: the number is mistyped.
    row 12: Same name and birth date as person number 48 in the register, ...

The exit code is 1 when any row was rejected or flagged, else 0. A file that cannot be imported at
all (not .xlsx or .csv, empty, no known column, a column twice) is one error line, exit code 1, and
changes nothing; so does Ctrl+C.
"""

from __future__ import annotations

from app.i18n import tr


def cmd_import(args) -> int:
    from app.cli import progress_line
    from app.printing import members

    result = members.import_people(args.file, add_villages=args.add_villages, progress=progress_line)
    if result.unknown:
        print(tr("Columns left out: {columns}", columns=", ".join(result.unknown)))
    if result.new_villages:
        print(tr("Villages added: {names}", names=", ".join(result.new_villages)))
    summary = tr("Added {added}, updated {updated}, rejected {rejected}, flagged {flagged}.",
                 added=result.added, updated=result.updated, rejected=len(result.rejected),
                 flagged=len(result.flagged))
    if result.rejects_path:
        summary += " " + tr("The rows not imported are in {path}", path=str(result.rejects_path))
    print(summary)
    for number, reason in sorted(result.rejected + result.flagged):
        print(tr("row {row}: {reason}", row=number, reason=reason))
    return 1 if result.rejected or result.flagged else 0
