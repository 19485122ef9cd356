"""each submitted version of a proposal records the stage it was submitted in (NULL: a
challenge without stages)

Revision ID: 17s1
Revises: 17f1
Create Date: 2026-12-02 12:40:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '17s1'
down_revision = '17f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_proposal_versions_stage_id_challenge_stages'), 'challenge_stages',
            ['stage_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('proposal_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_versions_stage_id_challenge_stages'),
                                 type_='foreignkey')
        batch_op.drop_column('stage_id')
