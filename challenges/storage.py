"""Where the bytes of uploaded files live, behind one small interface, so that app servers
keep no files of their own and a copy costs no bytes.

Every file is kept once, named by the SHA-256 of its bytes (a `stored_files` row): two
attachments with the same content (a duplicated challenge, one PDF sent twice) share it, and
an attachment keeps only that name (`file_sha256`) beside its own file name and type. The
bytes are in one of two stores, written in the row's `store`:

- `database`, the default, with nothing to set up: in `stored_files.data`;
- `s3`: an object in S3-compatible object storage (`STORAGE_URL=s3://bucket/prefix`), reached
  through boto3 with `S3_ENDPOINT_URL`, `S3_REGION` and the usual `AWS_*` credentials.

New files go to the store `STORAGE_URL` names; a file is read from the store its row names, so
changing `STORAGE_URL` works at once and `flask files move` moves the others when convenient.
Downloads from object storage are streamed in chunks, never held whole in memory. boto3 is
imported only when object storage is used (it costs every worker about 20 MB).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

from flask import Flask, Response, abort, current_app, request
from flask_babel import gettext as _
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    LargeBinary,
    String,
    and_,
    delete,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from challenges.db import UTCDateTime, utcnow
from challenges.extensions import Model, db

log = logging.getLogger(__name__)

DATABASE, S3 = "database", "s3"
# What a download hands on at a time from object storage.
CHUNK = 256 * 1024


class StoredFile(Model):
    """The bytes of one file, named by their SHA-256; in this row (`database`) or in object
    storage (`s3`), never in both and never in neither."""

    __tablename__ = "stored_files"
    __table_args__ = (
        CheckConstraint(f"store IN ('{DATABASE}', '{S3}')", name="known_store"),
        CheckConstraint(f"(store = '{DATABASE}' AND data IS NOT NULL) "
                        f"OR (store = '{S3}' AND data IS NULL)", name="bytes_in_one_place"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    store: Mapped[str] = mapped_column(String(16), default=DATABASE)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class Location:
    """`STORAGE_URL` read: the store new files go to, and for `s3` the bucket and the prefix
    of the object names."""

    store: str
    bucket: str = ""
    prefix: str = ""

    def key(self, sha256: str) -> str:
        # Two characters of the hash as a "folder" keep listings of the bucket readable.
        return f"{self.prefix}{sha256[:2]}/{sha256}"


def parse_storage_url(url: str | None) -> Location:
    """`database` (or nothing) or `s3://bucket` / `s3://bucket/prefix`."""
    url = (url or "").strip()
    if url in ("", DATABASE):
        return Location(DATABASE)
    if url.startswith("s3://"):
        bucket, _sep, prefix = url[len("s3://"):].partition("/")
        if bucket:
            prefix = prefix.strip("/")
            return Location(S3, bucket, f"{prefix}/" if prefix else "")
    raise ValueError(f"STORAGE_URL: {url!r} is neither 'database' nor s3://bucket[/prefix]")


def location(app: Flask | None = None) -> Location:
    return parse_storage_url((app or current_app).config.get("STORAGE_URL"))


def object_store(app: Flask | None = None) -> Any:
    """The app's boto3 S3 client, made on first use (the import and the client are heavy)."""
    app = app or current_app
    settings = (app.config.get("S3_ENDPOINT_URL") or None, app.config.get("S3_REGION") or None)
    made = app.extensions.get("storage_s3")
    if made is None or made[0] != settings:
        import boto3
        from botocore.config import Config

        client = boto3.client(
            "s3", endpoint_url=settings[0], region_name=settings[1],
            config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}))
        made = app.extensions["storage_s3"] = (settings, client)
    return made[1]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep(data: bytes) -> str:
    """Keep `data` (once, whoever sent the same bytes before) and return the name an
    attachment refers to it by. Only flushes: the caller's operation commits. An object is
    written before the row that names it, so no committed row names a missing object; one
    whose row was rolled back is harmless (it is the same bytes under the same name) and
    `flask files prune` removes it."""
    sha256 = digest(data)
    if db.session.get(StoredFile, sha256) is not None:
        return sha256
    where = location()
    if where.store == S3:
        _upload(where, sha256, data)
        row = StoredFile(sha256=sha256, size=len(data), store=S3, data=None)
    else:
        row = StoredFile(sha256=sha256, size=len(data), store=DATABASE, data=data)
    # Two people sending the same bytes at once: the second finds the first's row.
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        if db.session.get(StoredFile, sha256) is None:
            raise
    return sha256


def read_bytes(sha256: str) -> bytes:
    """The whole file, for the few places that need it in memory (checks, the demo)."""
    row = db.session.get(StoredFile, sha256)
    if row is None:
        raise LookupError(sha256)
    if row.store == DATABASE:
        return row.data or b""
    body = _get_object(sha256)["Body"]
    try:
        return body.read()
    finally:
        body.close()


# Downloads ----------------------------------------------------------------------------------

def send(sha256: str, content_type: str, filename: str, private: bool = True) -> Response:
    """A stored file as a download: never shown inline (Content-Disposition: attachment with
    a safe name), its type as checked at upload, its hash as a strong ETag (a file never
    changes under its name, so a browser that has it gets a 304), streamed from object
    storage. A file whose bytes are gone is a 404 with a reason, never a 500."""
    row = db.session.get(StoredFile, sha256)
    if row is None:
        _missing(sha256, "no stored_files row")
    headers = {"Cache-Control": "private, no-store"} if private else {}
    if sha256 in request.if_none_match:
        response = Response(status=304, headers=headers)
    elif row.store == DATABASE:
        response = Response(row.data, mimetype=content_type, headers=headers)
    else:
        found = _get_object(sha256)
        body = found["Body"]
        response = Response(_chunks(body), mimetype=content_type, headers=headers,
                            direct_passthrough=True)
        response.content_length = found.get("ContentLength", row.size)
        response.call_on_close(body.close)
    response.set_etag(sha256)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def _chunks(body) -> Iterator[bytes]:
    yield from body.iter_chunks(CHUNK)


def _missing(sha256: str, why: str) -> NoReturn:
    # The platform's administrators must hear of it: the log says which file, the page why.
    log.error("stored file %s cannot be read: %s", sha256, why)
    abort(404, description=_("This file is missing from the platform's file store. Please "
                             "let the platform's administrators know."))


# Object storage -----------------------------------------------------------------------------

def _put_object(where: Location, sha256: str, data: bytes) -> None:
    object_store().put_object(Bucket=where.bucket, Key=where.key(sha256), Body=data,
                              ContentLength=len(data),
                              ContentType="application/octet-stream")


def _upload(where: Location, sha256: str, data: bytes) -> None:
    """An upload's object; when the store fails, the person is told to try again (503) and
    nothing of the upload is committed."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        _put_object(where, sha256, data)
    except (BotoCoreError, ClientError) as error:
        log.error("object storage refused to keep %s: %s", sha256, error)
        abort(503, description=_("The file store cannot be reached. Try again in a moment."))


def _get_object(sha256: str) -> dict:
    """An object's answer, its body not read yet; a 404 when it is not there, a 503 when
    the store does not answer."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = location()
    if where.store != S3:
        _missing(sha256, "kept in object storage, and STORAGE_URL names none")
    try:
        return object_store().get_object(Bucket=where.bucket, Key=where.key(sha256))
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchKey", "404", "NotFound", "NoSuchBucket"):
            _missing(sha256, f"object storage answered {code}")
        log.error("object storage refused %s: %s", sha256, error)
        abort(503, description=_("The file store cannot be reached. Try again in a moment."))
    except BotoCoreError as error:
        log.error("object storage cannot be reached for %s: %s", sha256, error)
        abort(503, description=_("The file store cannot be reached. Try again in a moment."))


# Moving and pruning (flask files ...) -------------------------------------------------------

@dataclass
class Moved:
    moved: int = 0
    bytes: int = 0
    already: int = 0
    failed: int = 0


def move_all(to: str, say: Callable[[str], None] = lambda _line: None) -> Moved:
    """Move every file to the `to` store, one file per commit, so that a move stopped half
    way loses nothing and running it again finishes it. Each file is checked against its
    hash on the way. To object storage: the object is written, then the row forgets the
    bytes. Back to the database: the row takes the bytes, then the object is deleted."""
    if to not in (DATABASE, S3):
        raise ValueError(to)
    where = location()
    if where.store != S3:
        raise ValueError("STORAGE_URL names no object storage (s3://bucket)")
    result = Moved()
    source = S3 if to == DATABASE else DATABASE
    result.already = db.session.scalar(
        select(func.count()).select_from(StoredFile).where(StoredFile.store == to)) or 0
    names = list(db.session.scalars(
        select(StoredFile.sha256).where(StoredFile.store == source).order_by(
            StoredFile.sha256)))
    for sha256 in names:
        row = db.session.get(StoredFile, sha256)
        if row is None or row.store != source:  # moved or pruned meanwhile
            continue
        moved = _move_one(row, to, where, say)
        db.session.expire(row)
        if moved is None:
            result.failed += 1
        else:
            result.moved += 1
            result.bytes += moved
    return result


def _move_one(row: StoredFile, to: str, where: Location,
              say: Callable[[str], None]) -> int | None:
    """One file into the `to` store, committed; its size, or None when it stays where it
    was (and `say` says why)."""
    from botocore.exceptions import BotoCoreError, ClientError

    sha256 = row.sha256
    try:
        if to == S3:
            data = row.data or b""
            if digest(data) != sha256:
                say(f"{sha256}: the bytes in the database do not match their hash; left")
                return None
            _put_object(where, sha256, data)
            row.store, row.data = S3, None
            db.session.commit()
            return len(data)
        fetched = _fetch_checked(where, sha256, say)
        if fetched is None:
            return None
        row.store, row.data = DATABASE, fetched
        db.session.commit()
    except (BotoCoreError, ClientError) as error:
        db.session.rollback()
        say(f"{sha256}: object storage failed: {error}")
        return None
    try:
        object_store().delete_object(Bucket=where.bucket, Key=where.key(sha256))
    except (BotoCoreError, ClientError) as error:  # moved all the same; the copy is harmless
        say(f"{sha256}: moved, but its object was not deleted: {error}")
    return len(fetched)


def _fetch_checked(where: Location, sha256: str, say: Callable[[str], None]) -> bytes | None:
    from botocore.exceptions import ClientError

    try:
        body = object_store().get_object(Bucket=where.bucket, Key=where.key(sha256))["Body"]
    except ClientError as error:
        say(f"{sha256}: not in object storage ({error.response.get('Error', {}).get('Code')})")
        return None
    try:
        data = body.read()
    finally:
        body.close()
    if digest(data) != sha256:
        say(f"{sha256}: the object does not match its hash; left")
        return None
    return data


def _referenced(sha256_column) -> Any:
    """Whether any table's foreign key names the file: found in the metadata, so that this
    module needs to know no domain."""
    checks = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == StoredFile.__tablename__:
                checks.append(exists().where(key.parent == sha256_column))
    return or_(*checks) if checks else false()


def prune(older_than: timedelta = timedelta(hours=1)) -> int:
    """Forget the files no attachment names any more (a deleted attachment, proposal or
    challenge): the row, then its object. Files younger than `older_than` stay, as an upload
    may be between keeping its file and committing its attachment."""
    cutoff = utcnow() - older_than
    unused = list(db.session.execute(select(StoredFile.sha256, StoredFile.store).where(
        and_(StoredFile.created_at < cutoff, ~_referenced(StoredFile.sha256)))))
    forgotten = 0
    for sha256, store in unused:
        # Asked again in the statement itself: an upload may have taken it up meanwhile.
        deleted = db.session.execute(delete(StoredFile).where(
            StoredFile.sha256 == sha256, ~_referenced(StoredFile.sha256)))
        db.session.commit()
        if not deleted.rowcount:  # type: ignore[attr-defined]
            continue
        forgotten += 1
        if store == S3:
            where = location()
            if where.store == S3:
                object_store().delete_object(Bucket=where.bucket, Key=where.key(sha256))
    return forgotten
