"""Who is signed in, and what their role lets them change.

Every service that changes data is wrapped in ``requires(area)``, so the window and the command line
refuse the same things with the same message. A flush guard backs it up: when someone is signed in
with a limited role, a write that did not come through such a service is refused too.

One person is signed in per running program (the window or one command), so the sign-in is held
for the whole process, not per thread: background work acts as the person who started it.
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from app.areas import Area
from app.errors import Label, PermissionDenied
from app.i18n import N_

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# What a role may change, by the areas of app/areas.py. Everyone may read and print.
AREAS: dict[Area, str] = {
    Area.REGISTER: N_("the register of people"),
    Area.MEETINGS: N_("meetings and decisions"),
    Area.ISSUES: N_("local issues and appeals of residents"),
    Area.EVENTS: N_("events and room bookings"),
    Area.GRANTS: N_("grants and donors"),
    Area.SETTINGS: N_("settings, users and backups"),
}
ROLES = {
    "administrator": N_("Administrator"),
    "secretary": N_("Secretary"),
    "staff": N_("Staff"),
    "accountant": N_("Accountant"),
    "viewer": N_("Viewer"),
}
ROLE_AREAS: dict[str, frozenset[Area]] = {
    "administrator": frozenset(Area),
    "secretary": frozenset({Area.MEETINGS}),
    "staff": frozenset({Area.REGISTER, Area.ISSUES, Area.EVENTS}),
    "accountant": frozenset({Area.GRANTS}),
    "viewer": frozenset(),
}


@dataclass(frozen=True)
class Login:
    user_id: int
    login: str
    full_name: str
    role: str


_login: Login | None = None
_sign_in_required = False
# Areas granted to the service call running now (set by ``requires``; read by the flush guard).
_granted: ContextVar[frozenset[str]] = ContextVar("granted", default=frozenset())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some service accounts
        return "?"


def begin(login: Login | None, sign_in_required: bool) -> None:
    """Called by the sign-in (app/services/users.py): from now on this person is acting."""
    global _login, _sign_in_required
    _login, _sign_in_required = login, sign_in_required


def end() -> None:
    begin(None, False)


def current() -> Login | None:
    return _login


def sign_in_required() -> bool:
    return _sign_in_required


def acting_name() -> str:
    """The name the audit log records: the signed-in user, or the computer's user without logins."""
    return _login.login if _login else _os_user()


def role() -> str | None:
    """The acting role: an office without logins is run by its one person, as administrator."""
    if _login is not None:
        return _login.role
    return None if _sign_in_required else "administrator"


def may(area: Area) -> bool:
    current_role = role()
    return current_role is not None and area in ROLE_AREAS.get(current_role, frozenset())


def check(area: Area) -> None:
    current_role = role()
    if current_role is None:
        raise PermissionDenied("Sign in first: this office's data needs a name and password.")
    if area not in ROLE_AREAS.get(current_role, frozenset()):
        raise PermissionDenied("Your role ({role}) does not allow changing {area}. Ask the administrator.",
                               role=Label(ROLES.get(current_role, current_role)), area=Label(AREAS[area]))


F = TypeVar("F", bound=Callable)


def requires(area: Area | str) -> Callable[[F], F]:
    """A service function that changes ``area``: refused, with one message, to a role without it."""
    area = Area(area)  # a name that is no area fails here, when the service is defined

    def wrap(function: F) -> F:
        @functools.wraps(function)
        def checked(*args, **kwargs):
            check(area)
            with granted(area):
                return function(*args, **kwargs)

        checked.area = area  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return wrap


@contextmanager
def granted(area: str):
    """Lets the flush guard pass writes of ``area`` (only ``requires`` and the sign-in itself use it)."""
    token = _granted.set(_granted.get() | {area})
    try:
        yield
    finally:
        _granted.reset(token)


def _guard_flush(session: Session, _context, _instances) -> None:
    if _login is None and not _sign_in_required:
        return  # no logins: the one person may do everything
    if _granted.get() or not (session.new or session.dirty or session.deleted):
        return
    raise PermissionDenied("Your role ({role}) does not allow this change. Ask the administrator.",
                           role=Label(ROLES.get(role() or "", N_("not signed in"))))


def install() -> None:
    # SQLAlchemy here, not above: the window asks who may do what before its first paint, before
    # the ORM loads (app/ui/application.py).
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _guard_flush):
        event.listen(Session, "before_flush", _guard_flush)
