"""attachments' bytes in one content-addressed file store (stored_files, by SHA-256)

Revision ID: 10c1
Revises: 13f2
Create Date: 2026-12-02 06:10:00

Every attachment's bytes move, unchanged, into `stored_files`, named by their SHA-256 (equal
files become one row); the attachment keeps the name. One row is read at a time, so a large
database does not need its files in memory at once.
"""
import hashlib
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '10c1'
down_revision = '13f2'
branch_labels = None
depends_on = None

TABLES = ('challenge_attachments', 'proposal_attachments', 'pilot_documents')


def upgrade():
    op.create_table(
        'stored_files',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('store', sa.String(length=16), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("store IN ('database', 's3')",
                           name=op.f('ck_stored_files_known_store')),
        sa.CheckConstraint("(store = 'database' AND data IS NOT NULL) "
                           "OR (store = 's3' AND data IS NULL)",
                           name=op.f('ck_stored_files_bytes_in_one_place')),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_files')),
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('file_sha256', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    now = datetime.now(timezone.utc)
    stored = sa.table('stored_files', sa.column('sha256'), sa.column('size'),
                      sa.column('store'), sa.column('data'), sa.column('created_at'))
    known = set(connection.execute(sa.select(stored.c.sha256)).scalars())
    for name in TABLES:
        table = sa.table(name, sa.column('id'), sa.column('data'), sa.column('file_sha256'))
        ids = list(connection.execute(sa.select(table.c.id).order_by(table.c.id)).scalars())
        for ident in ids:
            data = connection.execute(
                sa.select(table.c.data).where(table.c.id == ident)).scalar() or b''
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 not in known:
                connection.execute(stored.insert().values(
                    sha256=sha256, size=len(data), store='database', data=data,
                    created_at=now))
                known.add(sha256)
            connection.execute(table.update().where(table.c.id == ident).values(
                file_sha256=sha256))

    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('file_sha256', existing_type=sa.String(length=64),
                                  nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_file_sha256'), ['file_sha256'],
                                  unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_file_sha256_stored_files'),
                                        'stored_files', ['file_sha256'], ['sha256'])
            batch_op.drop_column('data')


def downgrade():
    connection = op.get_bind()
    elsewhere = connection.execute(sa.text(
        "SELECT count(*) FROM stored_files WHERE store <> 'database'")).scalar()
    if elsewhere:
        raise RuntimeError(f"{elsewhere} file(s) are in object storage: run "
                           "`flask --app challenges files move --to database` first")
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('data', sa.LargeBinary(), nullable=True))
    stored = sa.table('stored_files', sa.column('sha256'), sa.column('data'))
    for name in TABLES:
        table = sa.table(name, sa.column('id'), sa.column('data'), sa.column('file_sha256'))
        rows = list(connection.execute(sa.select(table.c.id, table.c.file_sha256)))
        for ident, sha256 in rows:
            data = connection.execute(
                sa.select(stored.c.data).where(stored.c.sha256 == sha256)).scalar()
            connection.execute(table.update().where(table.c.id == ident).values(data=data))
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_file_sha256_stored_files'),
                                     type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_file_sha256'))
            batch_op.drop_column('file_sha256')
    op.drop_table('stored_files')
