"""a challenge's texts in its other language (challenge_translations), its criteria's names
and descriptions too (criteria.translations), and the searched texts of both languages in one
column (challenges.search_text)

Revision ID: 13f1
Revises: 12b1
Create Date: 2026-12-02 05:02:00+00:00

The searched texts of the challenges already there are filled in here (no translation exists
yet), so that the search finds them at once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '13f1'
down_revision = '12b1'
branch_labels = None
depends_on = None

SEARCHED_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
                   "lessons_learned")


def upgrade():
    op.create_table('challenge_translations',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('expected_solutions', sa.Text(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('out_of_scope', sa.Text(), nullable=False),
    sa.Column('constraints', sa.Text(), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.Column('reward_text', sa.String(length=500), nullable=False),
    sa.Column('ip_terms', sa.Text(), nullable=False),
    sa.Column('payment_terms', sa.Text(), nullable=False),
    sa.Column('open_data_terms', sa.Text(), nullable=False),
    sa.Column('rendered_markdown', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('nl', 'en')", name=op.f('ck_challenge_translations_language')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_translations_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('challenge_id', 'language', name=op.f('pk_challenge_translations'))
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))

    connection = op.get_bind()
    rows = sa.table('challenges', sa.column('id', sa.Integer), sa.column('search_text', sa.Text),
                    *(sa.column(name, sa.Text) for name in SEARCHED_FIELDS))
    updates = []
    for row in connection.execute(sa.select(rows.c.id, *(rows.c[n] for n in SEARCHED_FIELDS))):
        texts = [row._mapping[n] or "" for n in SEARCHED_FIELDS]
        updates.append({"row_id": row.id, "document": "\n".join(t for t in texts if t.strip())})
    if updates:
        connection.execute(rows.update().where(rows.c.id == sa.bindparam("row_id"))
                           .values(search_text=sa.bindparam("document")), updates)


def downgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_column('translations')
    op.drop_table('challenge_translations')
