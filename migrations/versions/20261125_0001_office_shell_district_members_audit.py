"""office shell: district, members, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 14:39:33.343319
"""

from alembic import op
import sqlalchemy as sa
from datetime import date
from decimal import Decimal

from app import migrate


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('table_name', sa.String(length=100), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)

    op.create_table('mci_rates',
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mci_rates')),
    sa.UniqueConstraint('effective_from', name=op.f('uq_mci_rates_effective_from'))
    )
    op.create_table('rooms',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings')),
    sa.UniqueConstraint('key', name=op.f('uq_settings_key'))
    )
    op.create_table('villages',
    sa.Column('name_kk', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('kato_code', sa.String(length=9), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_villages'))
    )
    op.create_table('households',
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('house', sa.String(length=20), nullable=False),
    sa.Column('flat', sa.String(length=20), nullable=False),
    sa.Column('head_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_households_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_village_id'), ['village_id'], unique=False)

    op.create_table('members',
    sa.Column('surname', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), nullable=False),
    sa.Column('iin', sa.String(length=12), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('house', sa.String(length=20), nullable=False),
    sa.Column('flat', sa.String(length=20), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_members_household_id_households'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_members_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('iin', name=op.f('uq_members_iin'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_village_id'), ['village_id'], unique=False)

    # households and members refer to each other: the head's key comes once both exist.
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_households_head_id_members'), 'members',
                                    ['head_id'], ['id'], ondelete='SET NULL')

    _seed_district()


def _seed_district() -> None:
    # A new database starts as Zharlyozek rural district (docs/domain.md, Who uses it; Places; Grants).
    villages = sa.table('villages', sa.column('name_kk'), sa.column('name_ru'),
                        sa.column('kato_code'), sa.column('position'))
    op.bulk_insert(villages, [
        {'name_kk': 'Жарлыөзек', 'name_ru': 'Жарлыозек', 'kato_code': '334255100', 'position': 1},
        {'name_kk': 'Бозтоған', 'name_ru': 'Бозтоган', 'kato_code': '334255200', 'position': 2},
        {'name_kk': 'Мұқаншы', 'name_ru': 'Муканшы', 'kato_code': '334255300', 'position': 3},
    ])
    rates = sa.table('mci_rates', sa.column('effective_from', sa.Date), sa.column('amount', sa.Numeric))
    op.bulk_insert(rates, [
        {'effective_from': date(2023, 1, 1), 'amount': Decimal('3450')},
        {'effective_from': date(2024, 1, 1), 'amount': Decimal('3692')},
        {'effective_from': date(2025, 1, 1), 'amount': Decimal('3932')},
        {'effective_from': date(2026, 1, 1), 'amount': Decimal('4325')},
    ])
    rooms = sa.table('rooms', sa.column('name'), sa.column('capacity', sa.Integer),
                     sa.column('notes'), sa.column('active', sa.Boolean))
    op.bulk_insert(rooms, [
        {'name': name, 'capacity': capacity, 'notes': '', 'active': True}
        for name, capacity in [('Мәжіліс залы', 120), ('Кеңсе', 8), ('Шеберхана', 15),
                               ('Мұражай', 30), ('Шайхана', 40), ('Қонақ үй', 10)]
    ])


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
