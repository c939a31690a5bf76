"""A text longer than its column holds is refused before it is written, with one message on every
database: PostgreSQL would refuse it with a bare error, SQLite would keep it whole. So is a text with
a NUL or a lone surrogate (app/rules/ranges.py), which PostgreSQL or the UTF-8 encoder would refuse
with a traceback."""

from __future__ import annotations

from functools import cache

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session

from app.errors import ValidationError
from app.rules import ranges

PREVIEW = 30  # characters of the text the message quotes, so a one-line refusal shows which text


@cache
def _limits(mapper: Mapper) -> tuple[tuple[str, int | None], ...]:
    """Each text column's attribute and its length (None: no limit)."""
    return tuple((attr.key, column.type.length) for attr in mapper.column_attrs
                 for column in attr.columns[:1] if isinstance(column.type, String))


def check(mapper: Mapper, values: dict) -> None:
    """Refuses a text of ``values`` (attribute -> value, a row of ``mapper``'s) its column cannot hold;
    also for rows written without the ORM (a large import)."""
    for key, length in _limits(mapper):
        value = values.get(key)
        if not isinstance(value, str):
            continue
        if length and len(value) > length:
            raise ValidationError("“{text}…” is longer than the {length} characters its field holds.",
                                  field=key, text=value[:PREVIEW], length=length)
        try:
            ranges.check_text(value)
        except ranges.OutOfRange as error:
            raise ValidationError(error.reason, field=key, **error.params) from None


def _check_flush(session: Session, _context, _instances) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        check(state.mapper, state.dict)


def install() -> None:
    if not event.contains(Session, "before_flush", _check_flush):
        event.listen(Session, "before_flush", _check_flush)
