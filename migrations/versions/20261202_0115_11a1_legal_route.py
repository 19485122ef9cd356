"""the legal route to a contract on each challenge, with the terms participants accept

Revision ID: 11a1
Revises: 0006
Create Date: 2026-12-02 01:15:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '11a1'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_route', sa.Enum('prize', 'low_value_contract', 'design_contest', 'phased_rnd', 'procurement', name='legal_route', native_enum=False, length=32), server_default='prize', nullable=False))
        batch_op.add_column(sa.Column('estimated_value', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('estimate_includes_follow_up', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('consulted_companies', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ip_terms', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('payment_terms', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('open_data_terms', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('tender_url', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        for name in ('tender_url', 'open_data_terms', 'payment_terms', 'ip_terms',
                     'consulted_companies', 'estimate_includes_follow_up', 'estimated_value',
                     'legal_route'):
            batch_op.drop_column(name)
