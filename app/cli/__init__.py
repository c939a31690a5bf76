"""The ``auyl`` command line: argparse subcommands, each area registering its own.

Help and messages come in the language of ``--lang`` or the system locale, argparse's own
wording included (its messages go through the same catalogues).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app import __version__, i18n
from app.cli.output import printable, unfiltered_stderr
from app.errors import DomainError
from app.i18n import N_, tr
from app.rules import ranges

# Areas that add subcommands; each module has register(subparsers).
AREAS = ("app.cli.office", "app.cli.users", "app.cli.members", "app.cli.reports", "app.cli.meetings",
         "app.cli.issues", "app.cli.appeals", "app.cli.events", "app.cli.grants", "app.cli.history",
         "app.cli.exchange", "app.cli.district")


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("positional arguments")
        self._optionals.title = tr("options")
        self.add_argument("-h", "--help", action="help", help=tr("show this help message and exit"))
        from app.cli.office import _whole_number

        self.register("type", int, _whole_number)  # every type=int: within an Integer column, or refused

    def error(self, message: str):
        # One clear line, not the whole usage block.
        self.exit(2, tr("{prog}: error: {message}", prog=self.prog, message=message) + "\n")


# argparse's own wording that users meet, kept in the catalogues like every other message.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"), N_("%(prog)s: error: %(message)s\n"),
)


def _argparse_gettext(message: str) -> str:
    return i18n.catalogue(i18n.current_language()).get(message, message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _argparse_gettext(singular if n == 1 else plural)


def _language_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in i18n.LANGUAGES:
            return arg[7:]
    return i18n.system_language()


GLOBAL_OPTIONS = ("--db", "--lang", "--user")


def _only_global_options(argv: Sequence[str]) -> bool:
    """True for ``auyl``, ``auyl --db F``, ``auyl --lang kk``: the window, with no command to parse."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS:
            skip = True
        elif not arg.startswith(tuple(f"{option}=" for option in GLOBAL_OPTIONS)):
            return False
    return True


def build_parser(with_commands: bool = True) -> Parser:
    """The whole command line; without commands (opening the window) it skips building the
    subcommands, which the window's start-up need not pay for."""
    import importlib

    parser = Parser(prog="auyl", description=tr("Auyl Office: the office of a village community centre. "
                                                "Without a command it opens the window."))
    parser.add_argument("--version", action="version", version=f"Auyl Office {__version__}",
                        help=tr("show the version and exit"))
    parser.add_argument("--db", metavar=tr("PATH"),
                        help=tr("the database file or server address (default: AUYL_DATABASE_URL, AUYL_DB or the user data folder)"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=tr("language of messages and of the window"))
    parser.add_argument("--user", metavar=tr("NAME"),
                        help=tr("who signs in, where the office has sign-in (default: AUYL_USER); the password "
                                "is asked, or read from AUYL_PASSWORD"))
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar=tr("COMMAND"), title=tr("commands"),
                                     parser_class=Parser)
    for area in AREAS:
        importlib.import_module(area).register(commands)
    return parser


@printable()  # help and usage errors quote what was typed
def parse(argv: Sequence[str]) -> argparse.Namespace:
    i18n.set_language(_language_from(argv))
    argparse._ = _argparse_gettext  # argparse looks its wording up through this name
    argparse.ngettext = _argparse_ngettext
    parser = build_parser(with_commands=not _only_global_options(argv))
    for arg in argv:
        # Bytes that are not UTF-8 reach Python as lone surrogates, which no database can store.
        try:
            ranges.check_text(arg)
        except ranges.OutOfRange as error:
            parser.error(tr(error.reason, **error.params))
    return parser.parse_args(list(argv))


@printable()  # names from the database and from files are printed
def run(args: argparse.Namespace) -> int:
    """Runs a parsed subcommand on the database it names; returns the exit code."""
    from app import db, logs, migrate

    logs.setup()
    try:
        if getattr(args, "needs_database", True):
            url = db.resolve_url(args.db)
            if db.logs_in_per_user(url):
                sign_in_to_server(args, url)
            else:
                migrate.open_database(url)
                if getattr(args, "signs_in", True):
                    sign_in(args)
        return args.handler(args) or 0
    except DomainError as error:
        print(tr("auyl: error: {message}", message=error.message()), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`auyl members search x | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(tr("Interrupted; nothing was changed."), file=sys.stderr)
        return 130
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError) as error:
        print(tr("auyl: error: {message}", message=_file_error(error)), file=sys.stderr)
        return 1
    except Exception:
        # Details go to the log (which never holds personal data), not over the user's screen.
        import logging

        logging.getLogger("app.cli").exception("command %s failed", args.command)
        print(tr("auyl: unexpected error; nothing was changed. The details are in {path}",
                 path=str(logs.log_file())), file=sys.stderr)
        return 1
    finally:
        db.dispose()


def _file_error(error: OSError) -> str:
    """What went wrong with a file the user named (a report into a folder that does not exist)."""
    path = str(error.filename or "")
    if isinstance(error, PermissionError):
        return tr("{path}: this user may not read or write it; nothing was changed.", path=path)
    if isinstance(error, IsADirectoryError):
        return tr("{path} is a folder, not a file; nothing was changed.", path=path)
    return tr("{path}: no such file or folder; nothing was changed.", path=path)


def ask_password(prompt: str, variable: str) -> str:
    """A password from the environment (for scripts), or typed without echo in a terminal."""
    import getpass

    password = os.environ.get(variable)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise DomainError("Give the password in {variable}, or run the command in a terminal to type it.",
                          variable=variable)
    return getpass.getpass(prompt)


def sign_in(args: argparse.Namespace) -> None:
    """Where the office has sign-in, a command acts as a user with a role, like the window."""
    from app.services import users

    if not users.sign_in_needed():
        return
    login = _login(args)
    users.sign_in(login, ask_password(tr("Password of {login}: ", login=login), "AUYL_PASSWORD"))


def _login(args: argparse.Namespace) -> str:
    login = getattr(args, "user", None) or os.environ.get("AUYL_USER")
    if not login:
        raise DomainError("This office signs people in: give your name with --user (or AUYL_USER).")
    return login


def sign_in_to_server(args: argparse.Namespace, url: str) -> None:
    """A server office whose address this computer keeps without a login: the user's own name and
    password connect (docs/architecture.md, PostgreSQL roles)."""
    from app.services import users

    login = _login(args)
    users.sign_in_to_server(url, login, ask_password(tr("Password of {login}: ", login=login), "AUYL_PASSWORD"))


def progress_line(done: int, total: int) -> None:
    stream = unfiltered_stderr()
    if stream.isatty():
        print(f"\r{done:,}/{total:,}", end="" if done < total else "\n", file=stream, flush=True)
