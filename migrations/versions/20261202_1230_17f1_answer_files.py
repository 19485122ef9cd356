"""answer files: an attachment that answers a form question names it, so that it is kept
apart from the proposal's own attachments (and a private question's file from the jury)

Revision ID: 17f1
Revises: 17a1
Create Date: 2026-12-02 12:30:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '17f1'
down_revision = '17a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposal_attachments_question_id'),
                              ['question_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_proposal_attachments_question_id_form_questions'),
            'form_questions', ['question_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('proposal_attachments', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_proposal_attachments_question_id_form_questions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposal_attachments_question_id'))
        batch_op.drop_column('question_id')
