"""PostgreSQL: a trigram index of the register's folded names after their first letter

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 00:30:00
"""

import sqlalchemy as sa
from alembic import op

from app import migrate

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# PostgreSQL only, like ix_pg_members_search_trgm (migration 0009). A surname typed is found in name
# order by reading the name index from where the surname starts; only the people who have the word
# somewhere after the first letter must be looked for elsewhere, and this index finds just them
# (app/services/members.py, _first_in_name_order). Without pg_trgm the search works without it.
INDEX = "ix_pg_members_search_after_first_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not bind.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")):
        return
    op.execute(f"CREATE INDEX {INDEX} ON members USING gin (substr(search_text, 2) gin_trgm_ops)")


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
