"""The office's users: sign-in, passwords, and the administrator's list of who may do what.

An office with ``single_user`` on (the default, and the start of every one-PC office) has no sign-in:
its one person acts as administrator. With it off, everyone signs in with a name and a password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from app import clock
from app.db import unit_of_work
from app.errors import NotFound, SignInFailed, ValidationError
from app.models import User
from app.rules.passwords import MIN_LENGTH, dummy_hash, hash_password, needs_rehash, verify_password
from app.services import access, settings, versions
from app.services.access import ROLES, requires

# Wrong passwords allowed before each further one locks the name for a while, doubling up to the cap.
FREE_ATTEMPTS = 3
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)


@dataclass(frozen=True)
class UserData:
    login: str
    full_name: str
    role: str
    active: bool = True
    version: int | None = None  # the version the form read (app/services/versions.py)


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    full_name: str
    role: str
    active: bool
    must_change_password: bool
    last_sign_in: datetime | None
    version: int


def _row(user: User) -> UserRow:
    return UserRow(user.id, user.login, user.full_name, user.role, user.active, user.must_change_password,
                   user.last_sign_in, user.version)


def _login_key(login: str) -> str:
    return " ".join(login.split()).lower()


def _server_roles(session):
    """app/services/pg_roles.py where this office's server database enforces the roles, else None
    (loaded only then: psycopg comes with PostgreSQL support only)."""
    if session.connection().dialect.name != "postgresql":
        return None
    from app.services import pg_roles

    return pg_roles if pg_roles.secured(session.connection()) else None


def _checked_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValidationError("A password needs at least {count} characters.", field="password", count=MIN_LENGTH)
    if not password.strip():
        raise ValidationError("A password cannot be only spaces.", field="password")
    return password


def _checked(data: UserData) -> UserData:
    login = _login_key(data.login)
    if not login:
        raise ValidationError("Give the user a name to sign in with.", field="login")
    if len(login) > 60:
        raise ValidationError("A sign-in name has at most 60 characters.", field="login")
    if data.role not in ROLES:
        raise ValidationError("Unknown role: {role}. Choose one of: {roles}.", field="role", role=data.role,
                              roles=", ".join(ROLES))
    return UserData(login, data.full_name.strip()[:200], data.role, data.active, data.version)


# The hashes are read only where a password is checked: a server login of any role but the
# administrator's may not read them (docs/architecture.md, PostgreSQL roles).
_WITHOUT_HASHES = (defer(User.password_hash), defer(User.recovery_hash))


def _user(session, user_id: int) -> User:
    user = session.get(User, user_id, options=_WITHOUT_HASHES)
    if user is None:
        raise NotFound("This user no longer exists.")
    return user


def _by_login(session, login: str) -> User | None:
    return session.scalars(select(User).options(*_WITHOUT_HASHES).where(User.login == _login_key(login))).first()


def _administrators(session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == "administrator", User.active.is_(True))) or 0


def users() -> list[UserRow]:
    with unit_of_work() as session:
        return [_row(u) for u in session.scalars(select(User).options(*_WITHOUT_HASHES).order_by(User.login))]


def user(user_id: int) -> UserRow:
    with unit_of_work() as session:
        return _row(_user(session, user_id))


@requires("settings")
def create(data: UserData, password: str) -> int:
    """A new user; the administrator gives the first password, which the user then changes."""
    data = _checked(data)
    _checked_password(password)
    with unit_of_work() as session:
        if _by_login(session, data.login):
            raise ValidationError("There is already a user named {login}.", field="login", login=data.login)
        user = User(login=data.login, full_name=data.full_name, role=data.role, active=data.active,
                    password_hash=hash_password(password), must_change_password=bool(session.scalar(
                        select(func.count()).select_from(User))), failed_sign_ins=0)
        session.add(user)
        session.flush()
        if roles := _server_roles(session):
            roles.add_login(session.connection(), data.login, data.role, password, data.active)
        return user.id


@requires("settings")
def update(user_id: int, data: UserData) -> None:
    data = _checked(data)
    with unit_of_work() as session:
        user = _user(session, user_id)
        versions.check(session, user, data.version)
        other = _by_login(session, data.login)
        if other is not None and other.id != user_id:
            raise ValidationError("There is already a user named {login}.", field="login", login=data.login)
        old_login = user.login
        user.login, user.full_name, user.role, user.active = data.login, data.full_name, data.role, data.active
        session.flush()
        if not _administrators(session) and not _single_user(session):
            raise ValidationError("The office needs at least one active administrator.", field="role")
        connection = session.connection()
        if (roles := _server_roles(session)) and roles.has_login(connection, old_login):
            if old_login != data.login:
                roles.rename_login(connection, old_login, data.login)
            roles.set_role(connection, data.login, data.role, data.active)


@requires("settings")
def reset_password(user_id: int, password: str) -> None:
    """The administrator gives a forgotten password anew; the user must change it at the next sign-in.
    On a server office whose database enforces the roles, this also gives the user's own login, made
    now for a user who had none before the database was secured."""
    _checked_password(password)
    with unit_of_work() as session:
        user = _user(session, user_id)
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.failed_sign_ins, user.locked_until = 0, None
        if roles := _server_roles(session):
            roles.add_login(session.connection(), user.login, user.role, password, user.active)


def change_own_password(old: str, new: str) -> None:
    """The signed-in user's own password; the old one is asked again, so an unattended window cannot."""
    login = access.current()
    if login is None:
        raise ValidationError("Only a signed-in user has a password to change.", field="password")
    _checked_password(new)
    if old == new:
        raise ValidationError("Choose a password different from the old one.", field="password")
    with access.granted("sign_in"), unit_of_work() as session:
        connection = session.connection()
        roles = _server_roles(session)
        by_server = roles is not None and roles.signed_in_by_server(connection)
        user = _user(session, login.user_id)
        # A server login checks the password itself, and may not read the hash.
        if not (roles.password_works(old) if by_server else verify_password(old, user.password_hash)):
            raise ValidationError("The current password is not right.", field="old_password")
        user.password_hash = hash_password(new)
        user.must_change_password = False
        if roles and (by_server or roles.has_login(connection, user.login)):
            roles.set_password(connection, user.login, new, own=by_server)
    if by_server:
        roles.reconnect(new)  # the connections still open know the old password


def _single_user(session) -> bool:
    return settings.load().single_user


def sign_in_needed() -> bool:
    """Whether this office signs people in; tells access so, until somebody does."""
    needed = not settings.load().single_user
    access.begin(access.current() if needed else None, needed)
    return needed


def sign_in(login: str, password: str, now: datetime | None = None) -> access.Login:
    """Checks the name and password and makes this person the acting user.

    After FREE_ATTEMPTS wrong passwords in a row, the name is locked for a while, doubling with each
    further wrong one, so guessing is slow; an unknown name gets the same answer as a wrong password,
    after the same work. A hash made at an older, cheaper cost is made again at today's cost here, the
    one moment the password is known.

    Connected as a user's own server login (after a sign-out), the server checks the name and
    password: the program connects anew as that login."""
    server = _server_address()
    if server is not None:
        return sign_in_to_server(server, login, password, now)
    now = (now or clock.now())
    with access.granted("sign_in"), unit_of_work() as session:
        user = _by_login(session, login)
        if user is not None and user.locked_until and user.locked_until > now:
            raise SignInFailed("Too many wrong passwords. Try again in {seconds} seconds.",
                               seconds=int((user.locked_until - now).total_seconds()) + 1)
        # An unknown name is checked against a dummy hash of the same cost, so that it takes as long as
        # a known one and the timing does not tell which names exist.
        if not verify_password(password, dummy_hash() if user is None else user.password_hash) or user is None:
            if user is not None:
                user.failed_sign_ins += 1
                extra = user.failed_sign_ins - FREE_ATTEMPTS
                if extra >= 0:
                    user.locked_until = now + min(FIRST_LOCK * 2 ** extra, LONGEST_LOCK)
            failed = SignInFailed("Wrong name or password.")
        elif not user.active:
            failed = SignInFailed("This user is switched off. Ask the administrator.")
        else:
            failed = None
            user.failed_sign_ins, user.locked_until, user.last_sign_in = 0, None, now
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            signed_in = access.Login(user.id, user.login, user.full_name, user.role)
            _grants_after_upgrade(session)
    if failed is not None:
        raise failed  # after the unit of work, so the count of wrong passwords is kept
    access.begin(signed_in, True)
    return signed_in


def _grants_after_upgrade(session) -> None:
    """On the owner's connection (the administrator's computer, where upgrades run), the database's
    grants are brought up to the upgraded schema at the first sign-in after it."""
    roles = _server_roles(session)
    connection = session.connection()
    if roles is not None and roles.may_manage(connection) and not roles.up_to_date(connection):
        roles.secure(connection)


def _server_address() -> str | None:
    """The server office's address without a login, when the program is connected as a user's own
    login; None otherwise."""
    with unit_of_work() as session:
        roles = _server_roles(session)
        if roles is None or not roles.signed_in_by_server(session.connection()):
            return None
    return roles.address_without_login()


def sign_in_to_server(url: str, login: str, password: str, now: datetime | None = None) -> access.Login:
    """A computer that keeps a server office's address without a login (docs/architecture.md,
    PostgreSQL roles) connects as the user's own login with the password typed: the server checks it
    (a wrong one is refused before anything is read), and the user's row is the one it may see."""
    from app.services import pg_roles

    access.begin(None, True)  # whoever was signed in is not, whatever the server answers
    pg_roles.connect_as(url, _login_key(login), password)
    now = (now or clock.now())
    with access.granted("sign_in"), unit_of_work() as session:
        user = _by_login(session, login)
        if user is None:  # a login role left without its user
            raise SignInFailed("Wrong name or password.")
        if not user.active:
            raise SignInFailed("This user is switched off. Ask the administrator.")
        user.failed_sign_ins, user.locked_until, user.last_sign_in = 0, None, now
        signed_in = access.Login(user.id, user.login, user.full_name, user.role)
    access.begin(signed_in, True)
    return signed_in


# A recovery code: four groups of four letters and digits, none that reads like another (0/O, 1/I/L),
# about 80 bits: typed from paper, and too many to guess within the sign-in's lock-out.
_CODE_LETTERS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code_key(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _issue_code(user: User) -> str:
    code = "".join(secrets.choice(_CODE_LETTERS) for _ in range(16))
    user.recovery_hash = hash_password(code)
    return "-".join(code[i:i + 4] for i in range(0, 16, 4))


@requires("settings")
def new_recovery_code(user_id: int) -> str:
    """A new recovery code for an active administrator, to be shown once and written down: the old one
    stops working. Only its hash is kept, like a password's."""
    with unit_of_work() as session:
        user = _user(session, user_id)
        if user.role != "administrator" or not user.active:
            raise ValidationError("{login} is not an active administrator.", field="login", login=user.login)
        return _issue_code(user)


def recover_password(login: str, code: str, password: str, now: datetime | None = None) -> str:
    """An administrator who forgot the password sets a new one with the recovery code, in the sign-in
    window; the code is used up and a new one returned, to be shown once. Wrong codes count as wrong
    passwords and lock the name alike."""
    now = (now or clock.now())
    _checked_password(password)
    if _server_address() is not None:
        raise SignInFailed("On this computer a forgotten password is not set with the recovery code: an "
                           "administrator gives a new one on the administrator's computer.")
    with access.granted("sign_in"), unit_of_work() as session:
        user = _by_login(session, login)
        if user is not None and user.locked_until and user.locked_until > now:
            raise SignInFailed("Too many wrong passwords. Try again in {seconds} seconds.",
                               seconds=int((user.locked_until - now).total_seconds()) + 1)
        usable = (user is not None and user.role == "administrator" and user.active
                  and bool(user.recovery_hash))
        # The same work whatever the name, so the timing does not tell which administrators exist.
        if not verify_password(_code_key(code), user.recovery_hash if usable else dummy_hash()) or not usable:
            if user is not None:
                user.failed_sign_ins += 1
                extra = user.failed_sign_ins - FREE_ATTEMPTS
                if extra >= 0:
                    user.locked_until = now + min(FIRST_LOCK * 2 ** extra, LONGEST_LOCK)
            failed = SignInFailed("Wrong name or recovery code.")
        else:
            failed = None
            user.password_hash = hash_password(password)
            user.must_change_password = False
            user.failed_sign_ins, user.locked_until = 0, None
            fresh = _issue_code(user)
            if roles := _server_roles(session):
                roles.add_login(session.connection(), user.login, user.role, password, user.active)
    if failed is not None:
        raise failed  # after the unit of work, so the count of wrong codes is kept
    return fresh


@requires("settings")
def secure_database() -> list[tuple[str, str]]:
    """Has a server office's database enforce the roles (docs/architecture.md, PostgreSQL roles), or
    brings its grants up to date after an upgrade; run on the connection of the database's owner.
    Each user without a login of their own gets one, with a new password to be changed at the next
    sign-in: returned as (login, password), to be shown once and handed over."""
    with unit_of_work() as session:
        if session.connection().dialect.name != "postgresql":
            raise ValidationError("Only a server (PostgreSQL) database has logins of its own; this office is "
                                  "one file, protected by the computer's own users.")
        if _single_user(session):
            raise ValidationError("Turn sign-in on first (auyl users sign-in on --admin NAME): the database's "
                                  "logins are the office's users.")
        from app.services import pg_roles

        given = []
        for login in pg_roles.secure(session.connection()):
            user = _by_login(session, login)
            password = "-".join("".join(secrets.choice(_CODE_LETTERS) for _ in range(4)) for _ in range(3))
            user.password_hash = hash_password(password)
            user.must_change_password = True
            pg_roles.add_login(session.connection(), user.login, user.role, password, user.active)
            given.append((user.login, password))
        return given


def must_change_password() -> bool:
    login = access.current()
    if login is None:
        return False
    with unit_of_work() as session:
        return _user(session, login.user_id).must_change_password


def sign_out() -> None:
    access.begin(None, access.sign_in_required())


@requires("settings")
def turn_sign_in_on(login: str, full_name: str, password: str) -> int:
    """From one person without sign-in to several with it: the first administrator, all at once."""
    data = _checked(UserData(login, full_name, "administrator"))
    _checked_password(password)
    with unit_of_work() as session:
        user = _by_login(session, data.login)
        if user is None:
            user = User(login=data.login, full_name=data.full_name, role="administrator", active=True,
                        must_change_password=False, failed_sign_ins=0, password_hash="")
            session.add(user)
        elif user.role != "administrator" or not user.active:
            raise ValidationError("{login} is not an active administrator.", field="login", login=data.login)
        user.password_hash = hash_password(password)
        session.flush()
        if roles := _server_roles(session):
            roles.add_login(session.connection(), user.login, user.role, password, user.active)
        administrator = access.Login(user.id, user.login, user.full_name, user.role)
        settings.sign_in_turned_on(session)
    access.begin(administrator, True)  # whoever turned sign-in on is that administrator
    return administrator.user_id


@requires("settings")
def turn_sign_in_off() -> None:
    settings.save(single_user=True)
    access.begin(access.current(), False)

