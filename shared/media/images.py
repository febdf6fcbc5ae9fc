"""What a cover image is, read from its bytes: format by magic number, size from the header."""

from __future__ import annotations

import io
from dataclasses import dataclass

from shared.errors import InvalidField

# DDEX and every store take a front cover as JPEG or PNG
_COVER_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
COVER_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """A cover's format and pixel size (the spec check reads these)."""

    mime_type: str
    width: int
    height: int
    size_bytes: int


def read_cover(data: bytes, *, field: str = "file") -> ImageFacts:
    """The facts of a JPEG or PNG cover; InvalidField naming ``field`` for anything else."""
    mime = next((m for magic, m in _COVER_MAGIC if data.startswith(magic)), None)
    if mime is None:
        raise InvalidField(field, "is not a JPEG or PNG image (a front cover must be one)")
    width, height = _pixel_size(data)
    if not width or not height:
        raise InvalidField(field, f"is a {mime} whose size in pixels cannot be read")
    return ImageFacts(mime, width, height, len(data))


def _pixel_size(data: bytes) -> tuple[int | None, int | None]:
    """Width and height from the image header (Pillow reads only the header here)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, None
