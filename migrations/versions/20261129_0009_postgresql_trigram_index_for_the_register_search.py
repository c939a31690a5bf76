"""PostgreSQL: a trigram index for the register's search

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 17:00:00
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Indexes named ix_pg_* exist on PostgreSQL only and are not in the models (migrations/env.py and the
# schema comparison leave them out). SQLite answers a 100,000-person search by scanning the folded
# column in about 25 ms; PostgreSQL needs a trigram index for ``LIKE '%word%'`` (docs/architecture.md: search).
INDEX = "ix_pg_members_search_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            # pg_trgm is a trusted extension since PostgreSQL 13: the database's owner may add it.
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return  # without it the search still works, by reading every row
    op.execute(f"CREATE INDEX {INDEX} ON members USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
