"""lessons records per challenge, the organisation's population band; the free-text lessons
learned of a challenge move into its lessons record (published when the challenge completed)

Revision ID: 12a1
Revises: 13c1
Create Date: 2026-12-02 02:52:00+00:00

"""
import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '12a1'
down_revision = '13c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lessons_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='lessons_status', native_enum=False, length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('what_was_new', sa.Text(), nullable=False),
    sa.Column('what_went_wrong', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('legal_pitfalls', sa.Text(), nullable=False),
    sa.Column('transfer_potential', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=300), nullable=False),
    sa.Column('not_yet_known', sa.Boolean(), nullable=False),
    sa.Column('revisit_on', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_lessons_records_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_lessons_records_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lessons_records')),
    sa.UniqueConstraint('challenge_id', name=op.f('uq_lessons_records_challenge_id'))
    )
    with op.batch_alter_table('lessons_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lessons_records_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lessons_records_status'), ['status'], unique=False)

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('population_band', sa.Enum('under_10k', '10k_25k', '25k_50k', '50k_100k', 'over_100k', name='population_band', native_enum=False, length=32), nullable=True))

    # The free text written before there were records becomes the record's "lessons in brief";
    # a completed challenge's lessons were public on its page, so they stay published.
    bind = op.get_bind()
    now = datetime.datetime.now(datetime.timezone.utc)
    rows = bind.execute(sa.text(
        "SELECT id, status, lessons_learned, problem, contact_name, contact_email "
        "FROM challenges WHERE lessons_learned <> ''")).fetchall()
    for row in rows:
        published = row.status == "completed"
        contact = ", ".join(p for p in (row.contact_name, row.contact_email) if p)[:300]
        bind.execute(sa.text(
            "INSERT INTO lessons_records (challenge_id, status, summary, problem, what_was_new, "
            "what_went_wrong, conditions, legal_pitfalls, transfer_potential, contact, "
            "not_yet_known, published_at, created_at, updated_at) VALUES (:c, :s, :t, :p, '', "
            "'', '', '', '', :contact, :f, :pub, :now, :now)"),
            {"c": row.id, "s": "published" if published else "draft", "t": row.lessons_learned,
             "p": row.problem or "", "contact": contact, "f": False,
             "pub": now if published else None, "now": now})


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('population_band')
    with op.batch_alter_table('lessons_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lessons_records_status'))
        batch_op.drop_index(batch_op.f('ix_lessons_records_published_at'))
    op.drop_table('lessons_records')
