"""``auyl users …`` and ``auyl password``: who works in the office and with what role.
The same services as the window's Users tab, so the same refusals."""

from __future__ import annotations

from app.errors import NotFound, ValidationError
from app.i18n import tr


def register(commands) -> None:
    from app.services.access import ROLES

    p = commands.add_parser("users", help=tr("the office's users: list, add, change, reset a password, sign-in on/off"))
    actions = p.add_subparsers(dest="action", metavar=tr("ACTION"), required=True, parser_class=type(p))

    q = actions.add_parser("list", help=tr("list the users and their roles"))
    q.set_defaults(handler=cmd_list)

    q = actions.add_parser("add", help=tr("add a user (the password is asked, or read from AUYL_NEW_PASSWORD)"))
    q.add_argument("login", metavar=tr("NAME"), help=tr("the name to sign in with"))
    q.add_argument("--role", required=True, choices=tuple(ROLES), help=tr("what the user may change"))
    q.add_argument("--full-name", default="", metavar=tr("TEXT"), help=tr("the user's full name"))
    q.set_defaults(handler=cmd_add)

    q = actions.add_parser("change", help=tr("change a user's role, full name or whether they may sign in"))
    q.add_argument("login", metavar=tr("NAME"))
    q.add_argument("--role", choices=tuple(ROLES))
    q.add_argument("--full-name", metavar=tr("TEXT"))
    q.add_argument("--active", choices=("yes", "no"), help=tr("no: the user can no longer sign in"))
    q.set_defaults(handler=cmd_change)

    q = actions.add_parser("reset-password", help=tr("give a user a new password, to change at the next sign-in"))
    q.add_argument("login", metavar=tr("NAME"))
    q.set_defaults(handler=cmd_reset_password)

    q = actions.add_parser("recovery-code", help=tr("give an administrator a new recovery code, shown once"))
    q.add_argument("login", metavar=tr("NAME"))
    q.set_defaults(handler=cmd_recovery_code)

    q = actions.add_parser("sign-in", help=tr("turn sign-in on (with the first administrator) or off"))
    q.add_argument("state", choices=("on", "off"))
    q.add_argument("--admin", metavar=tr("NAME"), help=tr("on: the administrator's name to sign in with"))
    q.add_argument("--full-name", default="", metavar=tr("TEXT"))
    q.set_defaults(handler=cmd_sign_in)

    q = actions.add_parser("secure-database", help=tr(
        "on a server database: each user signs in as their own server login, which may only do what their "
        "role may (run once by the database's owner, and again after an upgrade)"))
    q.set_defaults(handler=cmd_secure_database)

    p = commands.add_parser("password", help=tr("change your own password"))
    p.set_defaults(handler=cmd_password)


def _new_password(login: str) -> str:
    import os

    from app.cli import ask_password

    password = ask_password(tr("New password of {login}: ", login=login), "AUYL_NEW_PASSWORD")
    if "AUYL_NEW_PASSWORD" not in os.environ and ask_password(tr("The same again: "), "AUYL_NEW_PASSWORD") != password:
        raise ValidationError("The two passwords differ; nothing was changed.")
    return password


def _named(login: str):
    from app.services import users

    key = " ".join(login.split()).lower()
    found = next((row for row in users.users() if row.login == key), None)
    if found is None:
        raise NotFound("No user named {login}.", login=login)
    return found


def cmd_list(_args) -> int:
    from app.i18n import format_date
    from app.services import users
    from app.services.access import ROLES

    for row in users.users():
        state = "" if row.active else tr("switched off")
        last = format_date(row.last_sign_in.date()) if row.last_sign_in else "—"
        print(f"{row.login:<20} {tr(ROLES.get(row.role, row.role)):<16} {last:<12} {row.full_name} {state}".rstrip())
    return 0


def _print_recovery_code(user_id: int) -> None:
    from app.services import users

    login = users.user(user_id).login
    print(tr("The recovery code of {login}: {code}. Write it down now, it is shown only this once: with it "
             "«Forgot the password?» in the sign-in window sets a new password.",
             login=login, code=users.new_recovery_code(user_id)))


def cmd_add(args) -> int:
    from app.services import users

    user_id = users.create(users.UserData(args.login, args.full_name, args.role), _new_password(args.login))
    print(tr("User {login} added.", login=args.login.strip().lower()))
    if args.role == "administrator":
        _print_recovery_code(user_id)
    return 0


def cmd_recovery_code(args) -> int:
    _print_recovery_code(_named(args.login).id)
    return 0


def cmd_change(args) -> int:
    from app.services import users

    row = _named(args.login)
    users.update(row.id, users.UserData(row.login, row.full_name if args.full_name is None else args.full_name,
                                        args.role or row.role,
                                        row.active if args.active is None else args.active == "yes", row.version))
    print(tr("User {login} changed.", login=row.login))
    return 0


def cmd_reset_password(args) -> int:
    from app.services import users

    row = _named(args.login)
    users.reset_password(row.id, _new_password(row.login))
    print(tr("New password given to {login}; they choose their own at the next sign-in.", login=row.login))
    return 0


def cmd_sign_in(args) -> int:
    from app.services import users

    if args.state == "off":
        users.turn_sign_in_off()
        print(tr("Sign-in is off: the program opens without a name and password."))
        return 0
    if not args.admin:
        raise ValidationError("Name the administrator with --admin.")
    user_id = users.turn_sign_in_on(args.admin, args.full_name, _new_password(args.admin))
    print(tr("Sign-in is on. {login} is the administrator.", login=args.admin.strip().lower()))
    _print_recovery_code(user_id)
    return 0


def cmd_secure_database(_args) -> int:
    from app.services import users

    given = users.secure_database()
    print(tr("The database now checks every user's role itself. Each computer but the administrator's keeps "
             "the database's address without a name and password: the user's own name and password sign in."))
    for login, password in given:
        print(tr("New password of {login}: {password}. Hand it over; they choose their own at the next sign-in.",
                 login=login, password=password))
    return 0


def cmd_password(_args) -> int:
    from app.cli import ask_password
    from app.services import access, users

    login = access.current()
    if login is None:
        raise ValidationError("Only a signed-in user has a password to change.")
    old = ask_password(tr("Current password: "), "AUYL_PASSWORD")
    users.change_own_password(old, _new_password(login.login))
    print(tr("Your password is changed."))
    return 0
