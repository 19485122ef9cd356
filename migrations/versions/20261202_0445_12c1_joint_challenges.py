"""joint challenges: partner organisations of a challenge, and the host site of each pilot

Revision ID: 12c1
Revises: 09d1
Create Date: 2026-12-02 04:45:00+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '12c1'
down_revision = '09d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_hosts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'accepted', 'declined', name='host_status', native_enum=False, length=32), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_challenge_hosts_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_hosts_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_challenge_hosts_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenge_hosts_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_hosts')),
    sa.UniqueConstraint('challenge_id', 'organisation_id', name=op.f('uq_challenge_hosts_challenge_id_organisation_id'))
    )
    with op.batch_alter_table('challenge_hosts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_hosts_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_hosts_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('pilots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_pilots_site_id_organisations'), 'organisations', ['site_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('pilots', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_pilots_site_id_organisations'), type_='foreignkey')
        batch_op.drop_column('site_id')
    with op.batch_alter_table('challenge_hosts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_hosts_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_hosts_challenge_id'))
    op.drop_table('challenge_hosts')
