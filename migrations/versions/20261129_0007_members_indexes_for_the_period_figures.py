"""members: indexes for the period figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 14:43:25.383736
"""

from alembic import op

from app import migrate


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index('ix_members_member_since', ['member_since'], unique=False)
        batch_op.create_index('ix_members_status_date', ['status', 'status_date'], unique=False)



def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
