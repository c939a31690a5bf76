"""the transaction of an audit entry, by which the database's audit trigger knows the program's own

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 22:20:00
"""

import sqlalchemy as sa
from alembic import op

from app import migrate

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty on SQLite; a secured server office fills it (app/services/pg_roles.py).
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transaction_id', sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entries_transaction_id'), ['transaction_id', 'table_name',
                                                                              'row_id'], unique=False)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
