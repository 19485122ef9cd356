"""Cover images: uploaded with a text alternative, checked and resized server-side, served
with caching headers; a file that is no image, or a decompression bomb, is refused with a
message."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge, ChallengeCover
from challenges.extensions import db
from tests.events import only

EN = {"Accept-Language": "en"}


def picture(width=1600, height=1200, kind="PNG", colour=(20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, kind)
    return buffer.getvalue()


def bomb(width=60_000, height=60_000) -> bytes:
    """A valid PNG of a few bytes that claims 3.6 billion pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


@pytest.fixture
def scene(make):
    organisation = make.organisation()
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation, title="Koele plekken", language="en")
    return editor, challenge


def upload(client, challenge, data, alt="A shaded square with trees", name="cover.png"):
    files = {"alt_text": alt}
    if data is not None:
        files["image"] = (io.BytesIO(data), name)
    return client.post(f"/manage/challenges/{challenge.slug}/cover", data=files,
                       content_type="multipart/form-data", headers=EN)


def test_a_cover_is_resized_shown_and_cached(client, scene):
    editor, challenge = scene
    client.login_as(editor)
    response = upload(client, challenge, picture())
    assert response.status_code == 302
    cover = db.session.scalar(select(ChallengeCover))
    assert cover.alt_text == "A shaded square with trees"
    for size, expected in (("card", (640, 360)), ("detail", (1280, 720))):
        image = Image.open(io.BytesIO(getattr(cover, size)))
        assert image.format == "JPEG" and image.size == expected
    assert only("cover_set").actor_id == editor.id
    client.logout()
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    src = f"/challenges/{challenge.slug}/cover/detail.jpg?v={cover.version}"
    assert f'src="{src}"' in page and 'alt="A shaded square with trees"' in page
    listing = client.get("/challenges", headers=EN).get_data(as_text=True)
    assert f"/challenges/{challenge.slug}/cover/card.jpg?v={cover.version}" in listing
    served = client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "immutable" in served.headers["Cache-Control"]
    assert "public" in served.headers["Cache-Control"]
    etag = served.headers["ETag"]
    again = client.get(src, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    plain = client.get(f"/challenges/{challenge.slug}/cover/card.jpg")
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
    assert client.get(f"/challenges/{challenge.slug}/cover/huge.jpg").status_code == 404


def test_the_text_alternative_is_required_and_kept(client, scene):
    editor, challenge = scene
    client.login_as(editor)
    response = upload(client, challenge, picture(), alt="  ")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Describe the image" in html and 'id="alt_text-error"' in html
    assert db.session.scalar(select(ChallengeCover)) is None
    # With a cover in place, the text alone can be changed.
    upload(client, challenge, picture())
    assert upload(client, challenge, None, alt="Trees around a fountain").status_code == 302
    assert db.session.scalar(select(ChallengeCover)).alt_text == "Trees around a fountain"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"%PDF-1.4 not a picture", "cover.png", "not an image we can read"),
    (b"", "cover.png", "Choose an image"),
    (bomb(), "bomb.png", "too large"),
    (picture(10, 10, "BMP"), "cover.bmp", "Use a JPEG, PNG, WebP or GIF image"),
])
def test_what_is_not_a_usable_image_is_refused_with_a_message(client, scene, data, name, message):
    editor, challenge = scene
    client.login_as(editor)
    response = upload(client, challenge, data, name=name)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'value="A shaded square with trees"' in html  # kept
    assert db.session.scalar(select(ChallengeCover)) is None


def test_removing_a_cover_and_cards_without_one(client, scene, make):
    editor, challenge = scene
    client.login_as(editor)
    upload(client, challenge, picture())
    response = client.post(f"/manage/challenges/{challenge.slug}/cover/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(ChallengeCover)) is None
    assert only("cover_removed").actor_id == editor.id
    listing = client.get("/challenges", headers=EN).get_data(as_text=True)
    assert "cover/card.jpg" not in listing and "Koele plekken" in listing
    assert client.get(f"/challenges/{challenge.slug}/cover/card.jpg").status_code == 404


def test_a_draft_cover_is_not_public_and_others_cannot_set_one(client, scene, make):
    editor, challenge = scene
    draft = make.challenge(challenge.organisation, phase="draft")
    client.login_as(editor)
    upload(client, draft, picture())
    assert client.get(f"/challenges/{draft.slug}/cover/card.jpg").status_code == 200
    client.logout()
    assert client.get(f"/challenges/{draft.slug}/cover/card.jpg").status_code == 404
    client.login_as(make.user())
    assert upload(client, challenge, picture()).status_code == 403


def test_the_listing_loads_covers_in_a_fixed_number_of_queries(client, make, count_queries):
    organisation = make.organisation()

    def count():
        with count_queries() as counter:
            client.get("/challenges")
        return counter.count

    make.challenge(organisation)
    few = count()
    for n in range(6):
        challenge = make.challenge(organisation)
        db.session.add(ChallengeCover(challenge=challenge, alt_text=f"Image {n}", version=f"v{n}",
                                      card=b"x", detail=b"y"))
    db.session.commit()
    assert count() == few  # the covers of every card in one query, whatever their number


def test_a_duplicate_keeps_the_cover(client, scene):
    editor, challenge = scene
    client.login_as(editor)
    upload(client, challenge, picture())
    client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copy = db.session.scalar(select(Challenge).where(Challenge.id != challenge.id))
    assert copy.cover is not None and copy.cover.alt_text == "A shaded square with trees"
