"""challenges and proposals: the language their texts are written in, so that pages in the
other language can mark them with `lang` (WCAG 3.1.2)

Revision ID: 09c1
Revises: 11a1
Create Date: 2026-12-02 01:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '09c1'
down_revision = '11a1'
branch_labels = None
depends_on = None


def upgrade():
    # Every text written so far is Dutch (the platform's default language).
    for table in ('challenges', 'proposals'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='nl',
                                          nullable=False))
            batch_op.create_check_constraint('language', "language IN ('nl', 'en')")


def downgrade():
    for table in ('proposals', 'challenges'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_language'), type_='check')
            batch_op.drop_column('language')
