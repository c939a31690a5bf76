"""every record's versions, import batches, a person's sex may be unknown

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 18:30:00
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_batches',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('flagged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    op.create_table('record_versions',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('table_name', sa.String(length=100), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('change_set', sa.String(length=32), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'],
                            name=op.f('fk_record_versions_import_batch_id_import_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_versions'))
    )
    with op.batch_alter_table('record_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_versions_change_set'), ['change_set'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_versions_import_batch_id'), ['import_batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_versions_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_record_versions_row', ['table_name', 'row_id', 'id'], unique=False)
    # A person whose sex nothing tells (no IIN, no telling name ending) is kept rather than refused.
    # On SQLite this rebuilds the table (app/migrate.py runs it with foreign keys off, then checks them).
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.alter_column('sex', existing_type=sa.String(length=1), nullable=True)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
