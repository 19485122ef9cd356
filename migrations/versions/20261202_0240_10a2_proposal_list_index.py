"""an index for a challenge's proposals in a status, in the order they came in

Revision ID: 10a2
Revises: 11b1
Create Date: 2026-12-02 02:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '10a2'
down_revision = '11b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_proposals_challenge_id_status_submitted_at', 'proposals',
                    ['challenge_id', 'status', 'submitted_at'])


def downgrade():
    op.drop_index('ix_proposals_challenge_id_status_submitted_at', table_name='proposals')
