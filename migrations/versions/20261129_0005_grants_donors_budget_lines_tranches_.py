"""grants: donors, budget lines, tranches, expenses, deadlines, the issues they pay for

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 13:43:08.946348
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('donors',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('bin', sa.String(length=12), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_donors')),
    sa.UniqueConstraint('name', name=op.f('uq_donors_name'))
    )
    op.create_table('grants',
    sa.Column('donor_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=300), nullable=False),
    sa.Column('agreement_number', sa.String(length=100), nullable=False),
    sa.Column('agreement_date', sa.Date(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('total', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['donor_id'], ['donors.id'], name=op.f('fk_grants_donor_id_donors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grants'))
    )
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grants_donor_id'), ['donor_id'], unique=False)

    op.create_table('budget_lines',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('planned', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_budget_lines_grant_id_grants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines')),
    sa.UniqueConstraint('grant_id', 'code', name=op.f('uq_budget_lines_grant_id'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_grant_id'), ['grant_id'], unique=False)

    op.create_table('tranches',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('planned_amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('received_amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_tranches_grant_id_grants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tranches'))
    )
    with op.batch_alter_table('tranches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tranches_grant_id'), ['grant_id'], unique=False)

    op.create_table('expenses',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('payee', sa.String(length=300), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('scan_name', sa.String(length=255), nullable=False),
    sa.Column('scan_type', sa.String(length=100), nullable=False),
    sa.Column('scan', sa.LargeBinary(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_expenses_grant_id_grants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_expenses_line_id_budget_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenses'))
    )
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenses_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expenses_line_id'), ['line_id'], unique=False)

    op.create_table('grant_deadlines',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('tranche_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_grant_deadlines_grant_id_grants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tranche_id'], ['tranches.id'], name=op.f('fk_grant_deadlines_tranche_id_tranches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_deadlines')),
    sa.UniqueConstraint('tranche_id', name=op.f('uq_grant_deadlines_tranche_id'))
    )
    with op.batch_alter_table('grant_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_deadlines_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_grant_deadlines_grant_id'), ['grant_id'], unique=False)

    op.create_table('grant_issues',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('local_issue_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_grant_issues_grant_id_grants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['local_issue_id'], ['local_issues.id'], name=op.f('fk_grant_issues_local_issue_id_local_issues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('grant_id', 'local_issue_id', name=op.f('pk_grant_issues'))
    )


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
