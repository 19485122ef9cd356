"""stages: the rounds of a multi-stage challenge, each proposal's passage through them, the
questions of the configurable forms and their answers; criteria and juries per stage

Revision ID: 17a1
Revises: 13e1
Create Date: 2026-12-02 11:52:28.911135+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '17a1'
down_revision = '13e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_stages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('submission', 'screening', name='stage_kind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_translations', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_translations', sa.JSON(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('builtin_fields', sa.JSON(), nullable=True),
    sa.Column('form_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_challenge_stages_closes_after_opening')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_stages_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_challenge_stages_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_stages')),
    sa.UniqueConstraint('challenge_id', 'position', name=op.f('uq_challenge_stages_challenge_id_position'))
    )
    with op.batch_alter_table('challenge_stages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_stages_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('form_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('short_text', 'long_text', 'number', 'choice_one', 'choice_many', 'yes_no', 'file', 'date', 'url', name='question_kind', native_enum=False, length=32), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('help_text', sa.Text(), nullable=False),
    sa.Column('translations', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.Enum('jury', 'private', name='question_visibility', native_enum=False, length=32), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_form_questions_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['challenge_stages.id'], name=op.f('fk_form_questions_stage_id_challenge_stages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_questions'))
    )
    with op.batch_alter_table('form_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_questions_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_questions_stage_id'), ['stage_id'], unique=False)

    op.create_table('stage_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Enum('advanced', 'not_advanced', 'screened_out', 'passed', name='entry_outcome', native_enum=False, length=32), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_stage_entries_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_stage_entries_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['challenge_stages.id'], name=op.f('fk_stage_entries_stage_id_challenge_stages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_entries')),
    sa.UniqueConstraint('proposal_id', 'stage_id', name=op.f('uq_stage_entries_proposal_id_stage_id'))
    )
    with op.batch_alter_table('stage_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_entries_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stage_entries_stage_id'), ['stage_id'], unique=False)

    op.create_table('proposal_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['proposal_attachments.id'], name=op.f('fk_proposal_answers_attachment_id_proposal_attachments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_answers_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['form_questions.id'], name=op.f('fk_proposal_answers_question_id_form_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_answers')),
    sa.UniqueConstraint('proposal_id', 'question_id', name=op.f('uq_proposal_answers_proposal_id_question_id'))
    )
    with op.batch_alter_table('proposal_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_answers_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_answers_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_criteria_challenge_id_position'), type_='unique')
        batch_op.create_index('uq_criteria_challenge_id_position', ['challenge_id', 'position'], unique=True, sqlite_where=sa.text('stage_id IS NULL'), postgresql_where=sa.text('stage_id IS NULL'))
        batch_op.create_index(batch_op.f('ix_criteria_stage_id'), ['stage_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_criteria_stage_id_position'), ['stage_id', 'position'])
        batch_op.create_foreign_key(batch_op.f('fk_criteria_stage_id_challenge_stages'), 'challenge_stages', ['stage_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('juries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_juries_challenge_id'), type_='unique')
        batch_op.create_index(batch_op.f('ix_juries_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index('uq_juries_challenge_id_final', ['challenge_id'], unique=True, sqlite_where=sa.text('stage_id IS NULL'), postgresql_where=sa.text('stage_id IS NULL'))
        batch_op.create_unique_constraint(batch_op.f('uq_juries_stage_id'), ['stage_id'])
        batch_op.create_foreign_key(batch_op.f('fk_juries_stage_id_challenge_stages'), 'challenge_stages', ['stage_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposals_stage_id'), ['stage_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposals_stage_id_challenge_stages'), 'challenge_stages', ['stage_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_stage_id_challenge_stages'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposals_stage_id'))
        batch_op.drop_column('stage_id')

    with op.batch_alter_table('juries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_juries_stage_id_challenge_stages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_juries_stage_id'), type_='unique')
        batch_op.drop_index('uq_juries_challenge_id_final', sqlite_where=sa.text('stage_id IS NULL'), postgresql_where=sa.text('stage_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_juries_challenge_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_juries_challenge_id'), ['challenge_id'])
        batch_op.drop_column('stage_id')

    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_criteria_stage_id_challenge_stages'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_criteria_stage_id_position'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_criteria_stage_id'))
        batch_op.drop_index('uq_criteria_challenge_id_position', sqlite_where=sa.text('stage_id IS NULL'), postgresql_where=sa.text('stage_id IS NULL'))
        batch_op.create_unique_constraint(batch_op.f('uq_criteria_challenge_id_position'), ['challenge_id', 'position'])
        batch_op.drop_column('stage_id')

    with op.batch_alter_table('proposal_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_answers_proposal_id'))

    op.drop_table('proposal_answers')
    with op.batch_alter_table('stage_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_entries_stage_id'))
        batch_op.drop_index(batch_op.f('ix_stage_entries_proposal_id'))

    op.drop_table('stage_entries')
    with op.batch_alter_table('form_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_questions_stage_id'))
        batch_op.drop_index(batch_op.f('ix_form_questions_challenge_id'))

    op.drop_table('form_questions')
    with op.batch_alter_table('challenge_stages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_stages_challenge_id'))

    op.drop_table('challenge_stages')
