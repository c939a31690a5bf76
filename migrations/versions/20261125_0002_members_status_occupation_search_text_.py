"""members: status, occupation, search text, consents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:49:05.751625
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consents',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_consents_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occupation', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='resident'))
        batch_op.add_column(sa.Column('status_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('member_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('categories', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index('ix_members_name_order', ['search_text', 'id'], unique=False)

    _fold_existing_members()


def _fold_existing_members() -> None:
    # Members written before this revision get their folded search text now.
    from app.rules.text import search_key

    members = sa.table('members', sa.column('id', sa.Integer), sa.column('surname'), sa.column('given_name'),
                       sa.column('patronymic'), sa.column('iin'), sa.column('phone'), sa.column('search_text'))
    connection = op.get_bind()
    rows = connection.execute(sa.select(members.c.id, members.c.surname, members.c.given_name,
                                        members.c.patronymic, members.c.iin, members.c.phone)).all()
    updates = [{'member_id': row.id, 'text': search_key(row.surname, row.given_name, row.patronymic,
                                                        row.iin or '', row.phone or '')} for row in rows]
    if updates:
        connection.execute(members.update().where(members.c.id == sa.bindparam('member_id'))
                           .values(search_text=sa.bindparam('text')), updates)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
