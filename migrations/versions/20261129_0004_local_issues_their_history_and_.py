"""local issues, their history and attachments; agenda items name their issue

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 13:39:28.265347
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('local_issues',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('raiser_name', sa.String(length=300), nullable=False),
    sa.Column('raiser_phone', sa.String(length=100), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('assignee', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('touched_at', sa.DateTime(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['raised_by_id'], ['members.id'], name=op.f('fk_local_issues_raised_by_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_local_issues_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_issues')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_local_issues_year'))
    )
    with op.batch_alter_table('local_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_issues_raised_by_id'), ['raised_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_issues_raised_on'), ['raised_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_issues_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_issues_village_id'), ['village_id'], unique=False)

    op.create_table('local_issue_attachments',
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['local_issues.id'], name=op.f('fk_local_issue_attachments_issue_id_local_issues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_issue_attachments'))
    )
    with op.batch_alter_table('local_issue_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_issue_attachments_issue_id'), ['issue_id'], unique=False)

    op.create_table('local_issue_events',
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('old_value', sa.String(length=300), nullable=False),
    sa.Column('new_value', sa.String(length=300), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['local_issues.id'], name=op.f('fk_local_issue_events_issue_id_local_issues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_issue_events'))
    )
    with op.batch_alter_table('local_issue_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_issue_events_issue_id'), ['issue_id'], unique=False)

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('local_issue_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agenda_items_local_issue_id'), ['local_issue_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_local_issue_id_local_issues'), 'local_issues', ['local_issue_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
