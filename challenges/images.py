"""Cover images: checked and resized here, with Pillow, to the sizes the pages show.

An upload is opened by Pillow (not trusted by its name), refused when it is not a picture,
when it is animated beyond its first frame (only that frame is kept), or when its dimensions
are larger than MAX_PIXELS (a "decompression bomb": a small file that would take gigabytes
once decoded). What is kept is re-encoded, so no metadata (GPS positions in a phone photo)
and no hidden payload leaves with it.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from challenges.errors import Refused

# 16:9, the card's and the detail page's shape; the detail size also serves wide screens.
SIZES = {"card": (640, 360), "detail": (1280, 720)}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 × 5000: a camera's photo passes, a bomb does not
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class Rendition:
    size: str
    width: int
    height: int
    data: bytes
    digest: str


def _refuse(message) -> Refused:
    return Refused({"image": message})


def renditions(data: bytes) -> list[Rendition]:
    """The cover in every size of SIZES, as JPEG; Refused with a message for the form."""
    if not data:
        raise _refuse(_l("Choose an image."))
    if len(data) > MAX_BYTES:
        raise _refuse(_l("The image is larger than %(size)s MB.", size=MAX_BYTES // 1024 // 1024))
    # Imported here: only an upload needs Pillow (about 2 MB in every worker otherwise).
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise _refuse(_l("Use a JPEG, PNG, WebP or GIF image."))
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(_l("The image is too large: at most %(pixels)s megapixels.",
                                 pixels=MAX_PIXELS // 1_000_000))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_l("The image is too large: at most %(pixels)s megapixels.",
                         pixels=MAX_PIXELS // 1_000_000)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _refuse(_l("This file is not an image we can read. Use JPEG, PNG, WebP or "
                         "GIF.")) from None
    picture: Image.Image = ImageOps.exif_transpose(image)
    if picture.mode not in ("RGB", "L"):
        # Transparent parts on white, as on the page.
        background = Image.new("RGB", picture.size, "white")
        picture = picture.convert("RGBA")
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    result = []
    for name, (width, height) in SIZES.items():
        fitted = ImageOps.fit(picture.convert("RGB"), (width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        fitted.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        encoded = buffer.getvalue()
        result.append(Rendition(name, width, height, encoded,
                                hashlib.sha256(encoded).hexdigest()[:20]))
    return result
