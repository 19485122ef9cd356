"""Files behind the storage interface (challenges/storage.py): kept once by their SHA-256 in
the database or in S3-compatible object storage, downloaded with the same checks and headers
either way. The object store is a real S3-compatible server over HTTP (moto's, started here on
a free port), spoken to by the app's own boto3 client: nothing is patched."""

from __future__ import annotations

import hashlib
import uuid
from io import BytesIO

import pytest
from sqlalchemy import func, select

from challenges import storage
from challenges.challenges.models import Challenge, ChallengeAttachment
from challenges.extensions import db
from challenges.storage import StoredFile
from tests.conftest import free_port

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 300_000
SHA = hashlib.sha256(PDF).hexdigest()
EN = {"Accept-Language": "en"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as patch:
        # What boto3 reads from the environment in production, as any client would.
        for name, value in (("AWS_ACCESS_KEY_ID", "test-key"),
                            ("AWS_SECRET_ACCESS_KEY", "test-secret"),
                            ("AWS_DEFAULT_REGION", "eu-west-1")):
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


@pytest.fixture
def bucket(app, s3_endpoint):
    """A new bucket on the S3 server, named by STORAGE_URL for this test."""
    name = f"files-{uuid.uuid4().hex[:12]}"
    app.config.update(STORAGE_URL=f"s3://{name}/challenges", S3_ENDPOINT_URL=s3_endpoint,
                      S3_REGION="eu-west-1")
    s3 = storage.object_store(app)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return name


def objects(app, bucket: str) -> list[str]:
    found = storage.object_store(app).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in found.get("Contents", []))


def _upload(client, challenge, data: bytes = PDF, name: str = "briefing.pdf"):
    return client.post(f"/manage/challenges/{challenge.slug}/attachments",
                       data={"file": (BytesIO(data), name)}, content_type="multipart/form-data")


def _editor_with_challenge(make):
    editor = make.org_admin()
    return editor, make.challenge(editor.memberships[0].organisation)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFile))


# The database, the default ---------------------------------------------------------------------

def test_a_file_is_kept_once_in_the_database_and_downloaded_with_its_headers(client, make):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    assert _upload(client, challenge).status_code == 302
    assert _upload(client, challenge, name="same-again.pdf").status_code == 302
    db.session.refresh(challenge)
    first, second = challenge.attachments
    # Two attachments, one copy of the bytes, named by their hash.
    assert first.file_sha256 == second.file_sha256 == SHA
    row = db.session.get(StoredFile, SHA)
    assert row.store == "database" and row.size == len(PDF) and row.data == PDF

    url = f"/challenges/{challenge.slug}/attachments/{first.id}"
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=briefing.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["ETag"] == f'"{SHA}"'
    again = client.get(url, headers={"If-None-Match": f'"{SHA}"'})
    assert again.status_code == 304 and again.data == b""


def test_duplicating_a_challenge_copies_only_the_reference(client, make):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    _upload(client, challenge)
    before = _count()
    client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copy = db.session.scalar(select(Challenge).where(Challenge.id != challenge.id,
                                                     Challenge.title.contains(challenge.title)))
    assert [a.file_sha256 for a in copy.attachments] == [SHA]
    assert _count() == before
    response = client.get(f"/challenges/{copy.slug}/attachments/{copy.attachments[0].id}")
    # A draft is not public: its editor still reads it.
    assert response.status_code == 200 and response.data == PDF


def test_prune_forgets_files_no_attachment_names(client, make, runner):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    _upload(client, challenge)
    _upload(client, challenge, data=b"a,b\n1,2\n", name="kept.csv")
    db.session.refresh(challenge)
    removed = next(a for a in challenge.attachments if a.file_sha256 == SHA)
    client.post(f"/manage/challenges/{challenge.slug}/attachments/{removed.id}/delete")
    # An unused file younger than the margin stays: an upload may be about to name it.
    assert "forgot 0" in runner.invoke(args=["files", "prune"]).output
    result = runner.invoke(args=["files", "prune", "--older-than", "0"])
    assert result.exit_code == 0 and "forgot 1 unused file(s)" in result.output
    assert db.session.get(StoredFile, SHA) is None and _count() == 1


# Object storage over HTTP -----------------------------------------------------------------------

def test_upload_and_download_through_object_storage(app, client, make, bucket):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    assert _upload(client, challenge).status_code == 302
    db.session.refresh(challenge)
    [attachment] = challenge.attachments
    assert objects(app, bucket) == [f"challenges/{SHA[:2]}/{SHA}"]
    row = db.session.get(StoredFile, SHA)
    assert row.store == "s3" and row.data is None and row.size == len(PDF)

    url = f"/challenges/{challenge.slug}/attachments/{attachment.id}"
    client.logout()
    response = client.get(url, buffered=False)
    # Handed on in chunks as they come from the object store, not read whole first.
    assert response.is_streamed
    body = b"".join(response.response)
    response.close()
    assert body == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["Content-Disposition"] == "attachment; filename=briefing.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["ETag"] == f'"{SHA}"'
    assert client.get(url, headers={"If-None-Match": f'"{SHA}"'}).status_code == 304


def test_a_proposal_attachment_in_object_storage_stays_private(app, client, make, bucket):
    proposal = make.proposal(status="draft")
    client.login_as(proposal.author)
    response = client.post(f"/proposals/{proposal.id}/attachments",
                           data={"file": (BytesIO(PDF), "plan.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(proposal)
    [attachment] = proposal.attachments
    assert objects(app, bucket) == [f"challenges/{SHA[:2]}/{SHA}"]
    url = f"/proposals/{proposal.id}/attachments/{attachment.id}"
    response = client.get(url)
    assert response.data == PDF and response.headers["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(url).status_code in (302, 403, 404)


def test_a_duplicate_shares_the_object(app, client, make, bucket):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    _upload(client, challenge)
    client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copies = list(db.session.scalars(select(ChallengeAttachment)))
    assert len(copies) == 2 and {a.file_sha256 for a in copies} == {SHA}
    assert len(objects(app, bucket)) == 1


def test_files_move_to_object_storage_and_back(app, client, make, runner, bucket):
    editor, challenge = _editor_with_challenge(make)
    # Kept in the database while STORAGE_URL named it...
    app.config["STORAGE_URL"] = "database"
    client.login_as(editor)
    _upload(client, challenge)
    _upload(client, challenge, data=b"a,b\n1,2\n", name="data.csv")
    db.session.refresh(challenge)
    assert {r.store for r in db.session.scalars(select(StoredFile))} == {"database"}

    # ...then the deployment moves to object storage.
    app.config["STORAGE_URL"] = f"s3://{bucket}/challenges"
    result = runner.invoke(args=["files", "move", "--to", "s3"])
    assert result.exit_code == 0, result.output
    assert "moved 2 file(s) (300053 bytes) to s3, 0 already there, 0 failed" in result.output
    assert len(objects(app, bucket)) == 2
    db.session.expire_all()
    assert {(r.store, r.data) for r in db.session.scalars(select(StoredFile))} == {("s3", None)}
    for attachment in challenge.attachments:
        response = client.get(f"/challenges/{challenge.slug}/attachments/{attachment.id}")
        assert response.status_code == 200 and len(response.data) == attachment.size
    # Again: nothing left to move.
    result = runner.invoke(args=["files", "move", "--to", "s3"])
    assert "moved 0 file(s) (0 bytes) to s3, 2 already there, 0 failed" in result.output

    result = runner.invoke(args=["files", "move", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert "moved 2 file(s) (300053 bytes) to database, 0 already there" in result.output
    assert objects(app, bucket) == []
    db.session.expire_all()
    assert db.session.get(StoredFile, SHA).data == PDF
    response = client.get(f"/challenges/{challenge.slug}/attachments/"
                          f"{challenge.attachments[0].id}")
    assert response.data == PDF


def test_files_move_needs_object_storage(app, runner):
    app.config["STORAGE_URL"] = "database"
    result = runner.invoke(args=["files", "move", "--to", "s3"])
    assert result.exit_code == 2 and "STORAGE_URL names no object storage" in result.output


def test_a_missing_object_is_a_clear_404(app, client, make, bucket):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    _upload(client, challenge)
    db.session.refresh(challenge)
    storage.object_store(app).delete_object(Bucket=bucket, Key=f"challenges/{SHA[:2]}/{SHA}")
    client.logout()
    response = client.get(f"/challenges/{challenge.slug}/attachments/"
                          f"{challenge.attachments[0].id}", headers=EN)
    assert response.status_code == 404
    assert "missing from the platform&#39;s file store" in response.get_data(as_text=True)
    # Moving it back says which file failed, keeps its row and exits non-zero.
    result = client.application.test_cli_runner().invoke(
        args=["files", "move", "--to", "database"])
    assert result.exit_code == 1 and SHA in result.output and "1 failed" in result.output
    assert db.session.get(StoredFile, SHA).store == "s3"


def test_prune_deletes_the_object_too(app, client, make, runner, bucket):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    _upload(client, challenge)
    db.session.refresh(challenge)
    client.post(f"/manage/challenges/{challenge.slug}/attachments/"
                f"{challenge.attachments[0].id}/delete")
    result = runner.invoke(args=["files", "prune", "--older-than", "0"])
    assert "forgot 1 unused file(s)" in result.output
    assert objects(app, bucket) == []


def test_storage_url_is_checked():
    assert storage.parse_storage_url("") == storage.Location("database")
    assert storage.parse_storage_url("s3://b/p/q/") == storage.Location("s3", "b", "p/q/")
    for wrong in ("s3://", "s3:/bucket", "file:///srv/files"):
        with pytest.raises(ValueError, match="STORAGE_URL"):
            storage.parse_storage_url(wrong)


def test_boto3_is_imported_only_when_object_storage_is_used(tmp_path):
    """boto3 and botocore cost a worker about 20 MB: an app on the database store never
    imports them (in a process of its own, as this one has moto loaded)."""
    import subprocess
    import sys

    code = ("import sys\nfrom challenges import create_app\n"
            f"app = create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/x.db'}})\n"
            "app.test_client().get('/healthz')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_an_object_store_that_does_not_answer_is_a_503(app, client, make, s3_endpoint):
    editor, challenge = _editor_with_challenge(make)
    client.login_as(editor)
    app.config.update(STORAGE_URL="s3://nowhere",
                      S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}")
    response = client.post(f"/manage/challenges/{challenge.slug}/attachments",
                           data={"file": (BytesIO(PDF), "briefing.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 503
    assert "Try again in a moment" in response.get_data(as_text=True) or \
        "opnieuw" in response.get_data(as_text=True)
    db.session.refresh(challenge)
    assert challenge.attachments == [] and _count() == 0
