"""an administrator's recovery code, kept as a hash like the password

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 20:00:00
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty: an administrator of an office signing in already gets a code from the users panel.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recovery_hash', sa.String(length=300), nullable=False, server_default=''))


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
