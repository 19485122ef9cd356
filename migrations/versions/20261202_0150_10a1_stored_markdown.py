"""challenges and answers keep their Markdown rendered and cleaned (challenges.text)

Revision ID: 10a1
Revises: 13b1
Create Date: 2026-12-02 01:50:00

The texts already there are rendered here, so that no page renders them when read. A text
whose stored HTML does not match is rendered when read anyway (its digest is checked), so this
fill is for speed, not for correctness.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '10a1'
down_revision = '13b1'
branch_labels = None
depends_on = None

CHALLENGE_FIELDS = ("problem", "context", "expected_solutions", "goals", "out_of_scope",
                    "constraints", "eligibility", "pilot_summary", "lessons_learned",
                    "cancel_reason")


def _fill(table: str, fields: tuple[str, ...]) -> None:
    from challenges.text import RENDERER_VERSION, digest, render_markdown

    connection = op.get_bind()
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column("rendered_markdown", sa.JSON),
                    *(sa.column(name, sa.Text) for name in fields))
    updates = []
    for row in connection.execute(sa.select(rows.c.id, *(rows.c[name] for name in fields))):
        stored: dict = {"v": RENDERER_VERSION}
        for name in fields:
            source = row._mapping[name] or ""
            if source:
                stored[name] = [digest(source), str(render_markdown(source))]
        updates.append({"row_id": row.id, "rendered": stored})
    if updates:
        connection.execute(rows.update().where(rows.c.id == sa.bindparam("row_id"))
                           .values(rendered_markdown=sa.bindparam("rendered")), updates)


def upgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rendered_markdown', sa.JSON(), nullable=True))
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rendered_markdown', sa.JSON(), nullable=True))
    _fill("challenges", CHALLENGE_FIELDS)
    _fill("questions", ("answer",))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('rendered_markdown')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_column('rendered_markdown')
