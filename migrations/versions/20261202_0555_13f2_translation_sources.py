"""a challenge translation keeps what each text translated (a digest of the original when
saved), so that a translation whose original changed since is shown as out of date

Revision ID: 13f2
Revises: 10b1
Create Date: 2026-12-02 05:55:00+00:00

Translations saved before this have no digests: they are not marked out of date until they
are saved again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '13f2'
down_revision = '10b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('challenge_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sources', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('challenge_translations', schema=None) as batch_op:
        batch_op.drop_column('sources')
