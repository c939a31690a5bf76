"""The family of errors services raise: a message to translate and its parameters."""

from __future__ import annotations

from app.i18n import translate, current_language


class DomainError(Exception):
    """An error the user can understand and act on. ``msgid`` is an English catalogue message."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return translate(self.msgid, lang or current_language(), **self.params)

    def __str__(self) -> str:
        return self.message("en")


class NotFound(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input; ``field`` names the field it belongs to, so a form can show it beside that field."""

    def __init__(self, msgid: str, field: str | None = None, **params):
        super().__init__(msgid, **params)
        self.field = field


class DatabaseError(DomainError):
    pass


class NeedsConfirmation(ValidationError):
    """Acceptable only once the user confirms it (e.g. an IIN with century digit 0, DOMAIN.md)."""
