"""Subcommands of the members register: iin.

``auyl iin NUMBER...`` checks IINs without touching the database: one line per number,

    791028302728: 1979-10-28 M
    791028302729: invalid: <why, in the interface language>
    <number with century digit 0>: warning: <why, in the interface language>

The words «invalid» and «warning» stay English so a script can read the lines; the reasons are
translated. The exit code is 1 when any number is invalid, else 0 (a warning is not invalid: such a
number is accepted once a person confirms it, DOMAIN.md).
"""

from __future__ import annotations

from app.i18n import N_, tr
from app.rules import iin

CENTURY_ZERO = N_("The IIN's 7th digit (century and sex) is 0, as reported for some foreign residents: "
                  "the birth date and sex cannot be read from it.")


def register(commands) -> None:
    p = commands.add_parser("iin", help=tr("check IINs: show the birth date and sex in each, or why it is wrong"))
    p.add_argument("numbers", nargs="+", metavar=tr("NUMBER"), help=tr("a 12-digit IIN"))
    # Checking a number needs no data: the command must work before the database exists.
    p.set_defaults(handler=cmd_iin, needs_database=False)


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
