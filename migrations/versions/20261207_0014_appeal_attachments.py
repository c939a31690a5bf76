"""attachments of an appeal, kept in the database as a local issue's are

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 21:15:00
"""

import sqlalchemy as sa
from alembic import op

from app import migrate

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appeal_attachments',
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_appeal_attachments_appeal_id_appeals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_attachments'))
    )
    with op.batch_alter_table('appeal_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_attachments_appeal_id'), ['appeal_id'], unique=False)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
