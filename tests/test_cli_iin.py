"""``auyl iin NUMBER...``: one line per number (birth date and sex, or why not); no database."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app import cli, i18n
from app.cli import members as members_cli
from app.main import main
from app.rules import iin

VALID = {"791028302728": "1979-10-28 M", "061211600012": "2006-12-11 F"}
WRONG_CHECK_DIGIT = "791028302729"
ELEVEN_DIGITS = "79102830272"
LETTERS = "79102830272A"


def _complete(first_eleven: str) -> str:
    """``first_eleven`` with its serial nudged until it has a check digit, plus that digit."""
    for serial in range(int(first_eleven[7:]), 10_000):
        candidate = f"{first_eleven[:7]}{serial:04d}"
        check = iin.check_digit(candidate)
        if check is not None:
            return candidate + str(check)
    raise AssertionError(first_eleven)


IMPOSSIBLE_DATE = _complete("79023030001")  # 30 February
CENTURY_ZERO = _complete("79102800001")


def run_handler(*numbers: str, lang: str = "en") -> int:
    """The subcommand as parsed from the command line, its handler called directly."""
    args = cli.parse(["--lang", lang, "iin", *numbers])
    return args.handler(args)


def _lines(capsys) -> list[str]:
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def _sqlite_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.suffix in (".sqlite", ".db") or "sqlite" in path.name]


def test_valid_numbers_print_birth_date_and_sex(capsys):
    assert run_handler(*VALID) == 0
    assert _lines(capsys) == [f"{number}: {shown}" for number, shown in VALID.items()]


@pytest.mark.parametrize("number, reason", [
    (WRONG_CHECK_DIGIT, "The IIN's check digit (the last one) does not match: the number is mistyped."),
    (ELEVEN_DIGITS, "An IIN has 12 digits."),
    (LETTERS, "An IIN has digits only."),
    (IMPOSSIBLE_DATE, "The IIN's first six digits are not a real birth date (YYMMDD)."),
    (_complete("79102870001"), "The IIN's 7th digit (century and sex) must be 1 to 6."),
])
def test_an_invalid_number_says_why_and_exits_1(capsys, number, reason):
    assert run_handler(number) == 1
    assert _lines(capsys) == [f"{number}: invalid: {reason}"]


def test_one_invalid_number_among_valid_ones_makes_the_exit_code_1_and_keeps_the_order(capsys):
    assert run_handler("791028302728", WRONG_CHECK_DIGIT, "061211600012") == 1
    lines = _lines(capsys)
    assert [line.split(": ", 1)[0] for line in lines] == ["791028302728", WRONG_CHECK_DIGIT, "061211600012"]
    assert lines[0] == "791028302728: 1979-10-28 M"
    assert lines[1].startswith(f"{WRONG_CHECK_DIGIT}: invalid: ")
    assert lines[2] == "061211600012: 2006-12-11 F"


def test_century_digit_zero_is_a_warning_not_an_error(capsys):
    assert run_handler(CENTURY_ZERO, "791028302728") == 0
    lines = _lines(capsys)
    assert lines[0] == f"{CENTURY_ZERO}: warning: {members_cli.CENTURY_ZERO}"
    assert "0" in lines[0] and "foreign residents" in lines[0] and "birth date" in lines[0]
    assert lines[1] == "791028302728: 1979-10-28 M"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_reasons_are_translated_and_the_markers_are_not(capsys, lang):
    assert run_handler(WRONG_CHECK_DIGIT, CENTURY_ZERO, "791028302728", lang=lang) == 1
    invalid, warning, valid = _lines(capsys)
    assert invalid == (f"{WRONG_CHECK_DIGIT}: invalid: "
                       + i18n.translate("The IIN's check digit (the last one) does not match: the number is "
                                        "mistyped.", lang))
    assert warning == f"{CENTURY_ZERO}: warning: " + i18n.translate(members_cli.CENTURY_ZERO, lang)
    assert valid == "791028302728: 1979-10-28 M"
    for line in (invalid, warning):
        reason = line.split(": ", 2)[2]
        assert any("\u0400" <= ch <= "\u04ff" for ch in reason), line


def test_numbers_typed_with_spaces_are_checked_and_shown_as_typed(capsys):
    assert run_handler("7910 2830 2728") == 0
    assert _lines(capsys) == ["7910 2830 2728: 1979-10-28 M"]


def test_the_subcommand_asks_for_no_database():
    args = cli.parse(["--lang", "en", "iin", "791028302728"])
    assert args.needs_database is False
    assert args.numbers == ["791028302728"]


def test_at_least_one_number_is_needed(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "iin"])
    assert caught.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("lang, word", [("en", "IIN"), ("kk", "ЖСН"), ("ru", "ИИН")])
def test_help_is_in_the_interface_language(capsys, lang, word):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", lang, "iin", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "iin" in out and word in out
    with pytest.raises(SystemExit):
        main(["--lang", lang, "--help"])
    assert word in capsys.readouterr().out


def test_the_handler_run_directly_creates_no_database(private_home, capsys):
    assert run_handler(*VALID, WRONG_CHECK_DIGIT) == 1
    assert _sqlite_files(private_home) == []


def test_the_command_creates_no_database(private_home, capsys):
    assert main(["--lang", "en", "iin", "791028302728", "061211600012"]) == 0
    assert _lines(capsys) == ["791028302728: 1979-10-28 M", "061211600012: 2006-12-11 F"]
    assert _sqlite_files(private_home) == []


def test_the_command_through_main_prints_and_exits_like_the_handler(private_home, capsys):
    assert main(["--lang", "en", "iin", "791028302728", WRONG_CHECK_DIGIT]) == 1
    lines = _lines(capsys)
    assert lines[0] == "791028302728: 1979-10-28 M"
    assert lines[1].startswith(f"{WRONG_CHECK_DIGIT}: invalid: ")


def test_handler_works_on_a_plain_namespace(capsys):
    """The handler reads only ``numbers``: another caller (a script, the window) can reuse it."""
    assert members_cli.cmd_iin(argparse.Namespace(numbers=["061211600012"])) == 0
    assert _lines(capsys) == ["061211600012: 2006-12-11 F"]
