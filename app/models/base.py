"""The one declarative base: every table shares its naming convention for constraints."""

from sqlalchemy import Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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
