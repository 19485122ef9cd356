"""questions of organisers of other municipalities on a published lessons record, answered
publicly or privately by its owners

Revision ID: 12c2
Revises: 10c1
Create Date: 2026-12-02 06:12:00+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '12c2'
down_revision = '10c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('peer_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=True),
    sa.Column('asker_organisation_id', sa.Integer(), nullable=True),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answer_public', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_peer_questions_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_peer_questions_asker_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asker_organisation_id'], ['organisations.id'], name=op.f('fk_peer_questions_asker_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['record_id'], ['lessons_records.id'], name=op.f('fk_peer_questions_record_id_lessons_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_questions'))
    )
    with op.batch_alter_table('peer_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_questions_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_questions_record_id'), ['record_id'], unique=False)


def downgrade():
    with op.batch_alter_table('peer_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_questions_record_id'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_created_at'))
        batch_op.drop_index(batch_op.f('ix_peer_questions_asker_id'))
    op.drop_table('peer_questions')
