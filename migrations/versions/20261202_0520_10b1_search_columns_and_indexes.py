"""full-text search from stored columns on PostgreSQL; indexes for the listing's filters and
the ranking page

On PostgreSQL, `challenges` and `lessons_records` get a stored generated `tsvector` column
(Dutch configuration) over the texts the search reads, with a GIN index: a search no longer
computes to_tsvector over every row, twice a request. For a challenge that is its
search_text (the searched texts in every language, kept by the app; SQLite searches it with
LIKE); for lessons, their texts (`coalesce(…) || ' ' || …`, since concat_ws is not
immutable). The columns are the database's (see challenges.db.DATABASE_ONLY), not the
models'. Both databases: an index on a
theme's and an audience's challenges, and one that answers the ranking's read of scores.

Revision ID: 10b1
Revises: 13f1
Create Date: 2026-12-02 05:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '10b1'
down_revision = '13f1'
branch_labels = None
depends_on = None

# The texts searched: a challenge's search_text; the lessons' TEXTS as of this revision (the
# library adds the challenge's title and summary).
CHALLENGE_TEXTS = ("search_text",)
LESSONS_TEXTS = ("summary", "problem", "what_was_new", "what_went_wrong", "conditions",
                 "legal_pitfalls", "transfer_potential", "contact")


def _document(columns):
    return " || ' ' || ".join(f"coalesce({name}, '')" for name in columns)


def upgrade():
    op.create_index('ix_challenge_themes_theme_id', 'challenge_themes', ['theme_id'])
    op.create_index('ix_challenge_audiences_kind', 'challenge_audiences', ['kind'])
    op.create_index('ix_scores_review_id_criterion_id_value', 'scores',
                    ['review_id', 'criterion_id', 'value'])
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in (('challenges', CHALLENGE_TEXTS), ('lessons_records', LESSONS_TEXTS)):
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS "
                   f"AS (to_tsvector('dutch'::regconfig, {_document(columns)})) STORED")
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in ('challenges', 'lessons_records'):
            op.execute(f"DROP INDEX ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    op.drop_index('ix_scores_review_id_criterion_id_value', table_name='scores')
    op.drop_index('ix_challenge_audiences_kind', table_name='challenge_audiences')
    op.drop_index('ix_challenge_themes_theme_id', table_name='challenge_themes')
