"""appeals of residents on the Administrative Procedural Code's clocks, and their steps

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 19:30:00
"""

import sqlalchemy as sa
from alembic import op

from app import migrate

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appeals',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('otinish_number', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('applicant_name', sa.String(length=300), nullable=False),
    sa.Column('applicant_address', sa.String(length=300), nullable=False),
    sa.Column('applicant_phone', sa.String(length=100), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('reports_crime', sa.Boolean(), nullable=False),
    sa.Column('addressed_to', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('handler', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('extended_to', sa.Date(), nullable=True),
    sa.Column('extended_on', sa.Date(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=False),
    sa.Column('extension_notice_due', sa.Date(), nullable=True),
    sa.Column('redirected_to', sa.String(length=300), nullable=False),
    sa.Column('redirected_on', sa.Date(), nullable=True),
    sa.Column('redirect_notice_due', sa.Date(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer_number', sa.String(length=50), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=True),
    sa.Column('local_issue_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['local_issue_id'], ['local_issues.id'], name=op.f('fk_appeals_local_issue_id_local_issues'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_appeals_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_appeals_year'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_answered_on'), ['answered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_extended_to'), ['extended_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_local_issue_id'), ['local_issue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_registered_on'), ['registered_on'], unique=False)

    op.create_table('appeal_steps',
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('value', sa.String(length=300), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_appeal_steps_appeal_id_appeals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_steps'))
    )
    with op.batch_alter_table('appeal_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_steps_appeal_id'), ['appeal_id'], unique=False)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
