"""The family of errors services raise: a message to translate and its parameters."""

from __future__ import annotations

from app.i18n import current_language, translate


class Label(str):
    """A parameter that is itself a catalogue message (a field's or role's name): translated together
    with the message it fills."""


class DomainError(Exception):
    """An error the user can understand and act on. ``msgid`` is an English catalogue message."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def message(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        params = {name: translate(value, lang) if isinstance(value, Label) else value
                  for name, value in self.params.items()}
        return translate(self.msgid, lang, **params)

    def __str__(self) -> str:
        return self.message("en")


class NotFound(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input; ``field`` names the field it belongs to, so a form can show it beside that field."""

    def __init__(self, msgid: str, field: str | None = None, **params):
        super().__init__(msgid, **params)
        self.field = field


class Problems(ValidationError):
    """Several refusals of one form at once, each naming its field, so every mistake is shown beside
    its field in one go rather than one per try."""

    def __init__(self, problems: list[ValidationError]):
        super().__init__(problems[0].msgid, field=problems[0].field, **problems[0].params)
        self.problems = tuple(problems)

    def message(self, lang: str | None = None) -> str:
        return "\n".join(problem.message(lang) for problem in self.problems)


class DatabaseError(DomainError):
    pass


class Cancelled(DomainError):
    """The user stopped a long piece of work (an import, the demo) that writes all or nothing."""

    def __init__(self):
        super().__init__("Cancelled; nothing was changed.")


class NeedsConfirmation(ValidationError):
    """Acceptable only once the user confirms it (e.g. an IIN with century digit 0, docs/domain.md)."""


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow this (app/services/access.py)."""


class SignInFailed(DomainError):
    pass


class Conflict(DomainError):
    """Someone else saved the same record after this user read it (app/services/versions.py).

    ``changed_by``/``changed_at`` name who and when, ``fields`` what they changed, as
    (field, value now) pairs with None for personal data; the form offers to reload."""

    def __init__(self, msgid: str, changed_by: str = "", changed_at=None, fields: tuple = (), **params):
        super().__init__(msgid, changed_by=changed_by, **params)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.fields = fields
