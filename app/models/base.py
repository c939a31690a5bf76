"""The one declarative base: every table shares its naming convention for constraints."""

from sqlalchemy import Integer, MetaData, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Column.info key marking personal data (Law 94-V, docs/domain.md): the audit log records that such a
# field changed, never its values, and nothing logs them.
PERSONAL = {"personal": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class VersionMixin:
    """A record that staff edit in forms: its version goes up by one with every change, and an
    UPDATE made over an older version changes nothing (SQLAlchemy's version counter), so two people
    editing the same record never silently overwrite each other (app/services/versions.py)."""

    # No server default here (the migration has one for existing rows): with one, SQLAlchemy would
    # read every new version back with UPDATE..RETURNING, which SQLite cannot do for many rows at once.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


def holds(column, word: str):
    """``column`` holds ``word`` anywhere in it, the word taken as it is (no wildcards).

    LIKE '%word%' where the database has an index for it (PostgreSQL's trigram index, migration
    0009). SQLite has none and walks the name index testing each name: its instr() tests a name a
    quarter quicker than its LIKE for a word of letters, its LIKE a third quicker for digits."""
    if word[:1].isdigit():
        return column.contains(word, autoescape=True)
    return _Holds(column, word)


class _Holds(FunctionElement):
    # Untyped, so that SQLite's instr() stands in a WHERE as it is, true where it finds the word,
    # rather than compared with 1 as a typed boolean would be.
    inherit_cache = True
    name = "holds"

    def __init__(self, column, word: str):
        escaped = word.replace("/", "//").replace("%", "/%").replace("_", "/_")
        super().__init__(column, literal(word), literal(escaped))


@compiles(_Holds)
def _holds_by_like(element, compiler, **kw):
    column, _word, escaped = element.clauses
    return compiler.process(column.contains(escaped, escape="/"), **kw)


@compiles(_Holds, "sqlite")
def _holds_by_instr(element, compiler, **kw):
    column, word, _escaped = element.clauses
    return f"instr({compiler.process(column, **kw)}, {compiler.process(word, **kw)})"
