"""a cover image per challenge, in the sizes the pages show, with its text alternative

Revision ID: 13e1
Revises: 12c2
Create Date: 2026-12-02 06:15:00+00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '13e1'
down_revision = '12c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_covers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=300), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('card', sa.LargeBinary(), nullable=False),
    sa.Column('detail', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_covers_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_covers')),
    sa.UniqueConstraint('challenge_id', name=op.f('uq_challenge_covers_challenge_id'))
    )


def downgrade():
    op.drop_table('challenge_covers')
