"""Cover images for the demo challenges, drawn here with Pillow (no network): a calm
gradient in the colour of the challenge's first theme, with a few shapes, and a text
alternative that says what it shows."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator

from PIL import Image, ImageDraw

from challenges.challenges.models import Challenge, ChallengeCover
from challenges.images import renditions

# (top colour, bottom colour, what the shapes suggest) per theme slug; others get the last.
PALETTE = {
    "mobility": ((36, 87, 160), (140, 190, 235), "roads"),
    "cleanliness-environment": ((30, 110, 70), (170, 220, 160), "trees"),
    "energy": ((200, 110, 20), (250, 215, 120), "sun"),
    "climate": ((40, 120, 150), (180, 225, 215), "trees"),
    "care-welfare": ((150, 50, 90), (240, 190, 210), "houses"),
}
DEFAULT = ((60, 70, 90), (190, 200, 215), "houses")
ALT = {
    "roads": ("Getekende straten en kruispunten op een blauwe achtergrond",
              "Drawn streets and crossings on a blue background"),
    "trees": ("Getekende bomen op een groene achtergrond",
              "Drawn trees on a green background"),
    "sun": ("Een getekende zon boven daken op een oranje achtergrond",
            "A drawn sun above roofs on an orange background"),
    "houses": ("Getekende huizen op een effen achtergrond",
               "Drawn houses on a plain background"),
}


def _draw(slug: str, top, bottom, motif: str) -> bytes:
    width, height = 1280, 720
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line([(0, y), (width, y)],
                  fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    # The same challenge always gets the same drawing: its slug seeds the positions.
    seed = hashlib.sha256(slug.encode()).digest()
    light = (255, 255, 255)
    for i in range(6):
        x = 80 + seed[i] * 4
        if motif == "trees":
            draw.rectangle([x - 8, 470, x + 8, 600], fill=(90, 60, 40))
            draw.ellipse([x - 70, 330, x + 70, 490], fill=(40 + seed[i] % 40, 120, 60))
        elif motif == "roads":
            y = 180 + seed[i] * 2
            draw.line([(0, y), (width, y + seed[i + 6] - 128)], fill=light, width=14)
        elif motif == "sun":
            draw.rectangle([x - 60, 520, x + 60, 720], fill=(120, 60, 30))
            draw.polygon([(x - 75, 520), (x, 450), (x + 75, 520)], fill=(160, 70, 40))
        else:
            draw.rectangle([x - 55, 500, x + 55, 720], fill=light)
            draw.polygon([(x - 70, 500), (x, 420), (x + 70, 500)], fill=(200, 80, 70))
    if motif == "sun":
        draw.ellipse([980, 90, 1160, 270], fill=(255, 230, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def load_covers(challenges: dict[str, Challenge]) -> None:
    """A cover for each demo challenge that has none (a cover removed by hand comes back only
    when the challenge itself is loaded again)."""
    for slug, challenge in sorted(challenges.items()):
        if challenge.cover is not None:
            continue
        theme = challenge.themes[0].slug if challenge.themes else ""
        top, bottom, motif = PALETTE.get(theme, DEFAULT)
        nl, en = ALT[motif]
        made = renditions(_draw(slug, top, bottom, motif))
        sizes = {r.size: r for r in made}
        challenge.cover = ChallengeCover(
            alt_text=en if challenge.language == "en" else nl,
            version=sizes["detail"].digest, card=sizes["card"].data,
            detail=sizes["detail"].data)


def cover_lines() -> Iterator[str]:
    yield "Every demo challenge has a cover image (drawn by the demo itself)."
