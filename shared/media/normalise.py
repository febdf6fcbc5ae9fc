"""Raw tag values -> one TagSet: cleaned, capped, identifiers checked, numbers parsed.

One bad value never rejects a file: a value that does not convert (an identifier with a bad
check digit or a non-ASCII digit, a BPM of "fast", a date of "soon") becomes a warning that names
the tag it came from (``FLAC BARCODE``, ``ID3v2.4 TSRC``) and the rest of the file is ingested.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from shared.domain.identifiers import Gtin, Isrc, Iswc
from shared.domain.media import CoverArt, Notice, TagSet
from shared.domain.music import MusicalKey, parse_bpm
from shared.errors import InvalidField
from shared.media.limits import Limits
from shared.media.tags import RawPicture, RawTags
from shared.media.text import clean_text

_PLAIN_FIELDS = ("title", "album", "albumartist", "genre", "composer", "lyricist", "label",
                 "copyright", "catalognumber", "releasetype", "comment")  # fmt: skip
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?$")
_NUMBER_OF = re.compile(r"^\s*(\d+)\s*(?:(?:/|of)\s*(\d+))?\s*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
T = TypeVar("T")
# what a converter may raise on a hostile value besides our own InvalidField
_CONVERSION_ERRORS = (InvalidField, ValueError, ArithmeticError, IndexError)
_IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
                (b"GIF8", "image/gif"), (b"BM", "image/bmp"))  # fmt: skip


class _Builder:
    """Collects cleaned values and the notices cleaning produced."""

    def __init__(self, raw: RawTags, limits: Limits) -> None:
        self.raw = raw
        self.limits = limits
        self.notices: list[Notice] = list(raw.notices)
        self.sources: dict[str, str] = {}
        self.originals: dict[str, str] = dict(raw.originals)

    def texts(self, name: str, *, into: str | None = None) -> list[str]:
        """The cleaned values of a raw field from its best source (one frame, one comment
        name: LABEL beats ORGANIZATION, ID3 beats RIFF INFO), recording that source."""
        kept: list[str] = []
        found = self.raw.get(name)
        best = found[0][1] if found else None
        for value, source, legacy in found:
            if source != best:
                continue
            text = clean_text(
                value, field=name, cap=self.limits.max_tag_chars, notices=self.notices,
                legacy=legacy, originals=self.originals,
            )  # fmt: skip
            if text is not None and text not in kept:
                kept.append(text)
                self.sources.setdefault(into or name, source)
        return kept

    def first(self, name: str) -> str | None:
        values = self.texts(name)
        return values[0] if values else None

    def warn(self, code: str, message: str) -> None:
        self.notices.append(Notice(code, message))

    def convert(self, name: str, text: str, convert: Callable[[str], T]) -> T | None:
        """``convert(text)``; a value that does not convert is a warning naming its tag."""
        try:
            return convert(text)
        except _CONVERSION_ERRORS as exc:
            reason = exc.reason if isinstance(exc, InvalidField) else str(exc) or "unreadable"
            where = self.sources.get(name) or name
            self.warn(f"bad_{name}", f"{where}: {text!r} ignored: {reason}")
            self.sources.pop(name, None)
            return None


def build_tagset(raw: RawTags, limits: Limits) -> tuple[TagSet, bytes | None, list[Notice]]:
    """The TagSet, the chosen cover's bytes, and notices about what was changed or dropped."""
    b = _Builder(raw, limits)
    plain = {name: "; ".join(b.texts(name)) or None for name in _PLAIN_FIELDS}
    artists, artist = _artists(b)
    track, track_total = _position(b, "track", "tracktotal")
    disc, disc_total = _position(b, "disc", "disctotal")
    cover, cover_data = _cover(raw.pictures, limits, b)
    tags = TagSet(
        **plain,
        artist=artist,
        artists=artists,
        tracknumber=track,
        tracktotal=track_total,
        discnumber=disc,
        disctotal=disc_total,
        date=_date(b, "date"),
        originaldate=_date(b, "originaldate"),
        isrc=_identifier(b, "isrc", Isrc),
        barcode=_identifier(b, "barcode", Gtin),
        iswc=_identifier(b, "iswc", Iswc),
        bpm=_bpm(b),
        key=_key(b),
        language=_language(b),
        explicit=_explicit(b),
        cover=cover,
        sources=b.sources,
        originals=b.originals,
    )
    return tags, cover_data, b.notices


def _artists(b: _Builder) -> tuple[tuple[str, ...], str | None]:
    shown = b.texts("artist")
    listed = b.texts("artists")
    artist = "; ".join(shown) or None
    if listed:
        return tuple(listed), artist
    return tuple(shown), artist


def _position(b: _Builder, name: str, total_name: str) -> tuple[int | None, int | None]:
    number = total = None
    text = b.first(name)
    if text is not None:
        match = _NUMBER_OF.match(text)
        if match:
            number = int(match.group(1)) or None
            total = int(match.group(2)) if match.group(2) else None
        else:
            where = b.sources.get(name) or f"{name}number"
            b.warn("bad_number", f"{where}: {text!r} is not a number; ignored")
            b.sources.pop(name, None)
    if number is not None:
        b.sources[f"{name}number"] = b.sources.pop(name, "")
    total_text = b.first(total_name)
    if total is None and total_text and total_text.isdigit():
        total = int(total_text)
    return number, total or None


def _date(b: _Builder, name: str) -> str | None:
    text = b.first(name)
    if text is None:
        return None
    match = _DATE.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            date(year or 1, month or 1, day or 1)
        except ValueError:
            match = None
        else:
            if year and 1000 <= year <= 2200:
                return "-".join(
                    f"{part:02d}" if i else f"{part:04d}"
                    for i, part in enumerate(p for p in (year, month, day) if p is not None)
                )
    b.warn("bad_date", f"{b.sources.get(name) or name}: {text!r} is not a date; ignored")
    b.sources.pop(name, None)
    return None


def _identifier(b: _Builder, name: str, kind: type[Isrc] | type[Gtin] | type[Iswc]) -> str | None:
    for text in b.texts(name):
        found = b.convert(name, text, lambda t: kind.parse(t, field=name).value)
        if found is not None:
            return found
    b.sources.pop(name, None)
    return None


def _bpm(b: _Builder) -> float | None:
    text = b.first("bpm")
    if text is None or text.strip() in ("0", "0.0"):
        b.sources.pop("bpm", None)
        return None
    return b.convert("bpm", text, parse_bpm)


def _key(b: _Builder) -> str | None:
    text = b.first("key")
    if text is None or text.strip().lower() == "o":  # ID3 TKEY "o" means off key
        b.sources.pop("key", None)
        return None
    return b.convert("key", text, lambda t: str(MusicalKey.parse(t)))


def _language(b: _Builder) -> str | None:
    text = b.first("language")
    code = text.strip().lower() if text else None
    if code in (None, "xxx", "und", "zxx"):
        b.sources.pop("language", None)
        return None
    if not _LANGUAGE.match(code):
        where = b.sources.get("language") or "language"
        b.warn("bad_language", f"{where}: {text!r} is not an ISO 639 code; ignored")
        b.sources.pop("language", None)
        return None
    return code


def _explicit(b: _Builder) -> bool | None:
    text = b.first("explicit")
    value = text.strip().lower() if text else ""
    if value in ("1", "4", "yes", "true", "explicit"):
        return True
    if value in ("2", "no", "false", "clean"):
        return False
    b.sources.pop("explicit", None)
    return None


def _cover(
    pictures: list[RawPicture], limits: Limits, b: _Builder
) -> tuple[CoverArt | None, bytes | None]:
    for picture in sorted(pictures, key=lambda p: not p.front):
        if len(picture.data) > limits.max_picture_bytes:
            b.warn("picture_too_large", f"a {len(picture.data) / (1 << 20):.1f} MB picture was "
                   f"ignored (limit {limits.max_picture_bytes // (1 << 20)} MB)")  # fmt: skip
            continue
        mime = next((m for magic, m in _IMAGE_MAGIC if picture.data.startswith(magic)), None)
        if mime is None:
            b.warn("bad_picture", f"{picture.source} is not a JPEG, PNG, GIF or BMP image; ignored")
            continue
        width, height = _pixel_size(picture.data)
        b.sources["cover"] = picture.source
        return CoverArt(mime, width, height, len(picture.data)), picture.data
    return None, None


def _pixel_size(data: bytes) -> tuple[int | None, int | None]:
    """Width and height from the image header (Pillow reads only the header here)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, None
