"""Read one file: sniff, check its structure, mutagen for tags and stream info, facts, sha256,
fingerprint. Runs inside the sandbox worker (``shared.media.worker``), one file at a time."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import mutagen
from mutagen.aiff import AIFF
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from shared.domain.media import Extraction, ProblemCode, UnreadableAudio
from shared.media import containers, flac, riff
from shared.media.fingerprint import fingerprint_file
from shared.media.id3scan import plain_text_frames
from shared.media.layout import Layout
from shared.media.limits import Limits
from shared.media.normalise import build_tagset
from shared.media.sniff import sniff
from shared.media.tags import (
    RawTags,
    read_dropped_id3_text,
    read_flac_pictures,
    read_id3,
    read_mp4,
    read_vorbis,
)
from shared.media.technical import technical_facts

_ID3: Any = ID3  # mutagen has no type hints
_INSPECTORS: dict[str, Callable[[BinaryIO, int, int, Limits], Layout]] = {
    "mp3": containers.inspect_mp3,
    "flac": flac.inspect_flac,
    "wav": riff.inspect_wav,
    "aiff": riff.inspect_aiff,
    "m4a": containers.inspect_mp4,
    "ogg": containers.inspect_ogg,
}
# what mutagen raises on damaged input besides its own errors
_PARSE_ERRORS = (mutagen.MutagenError, struct.error, ValueError, IndexError, KeyError,
                 EOFError, OverflowError, TypeError, AssertionError)  # fmt: skip


def extract_file(
    path: Path, limits: Limits, *, sha256: str | None = None, want_cover: bool = False
) -> Extraction:
    """Everything we read from ``path``; UnreadableAudio when it is not audio we can read."""
    size = path.stat().st_size
    with path.open("rb") as f:
        sniffed = sniff(f, size)
        layout = _INSPECTORS[sniffed.format](f, sniffed.start, size, limits)
        audio = _open(sniffed.format, sniffed.codec_hint, f)
        raw = _read_tags(sniffed.format, audio, layout, f)
        tags, cover_data, notices = build_tagset(raw, limits)
        technical = technical_facts(sniffed.format, sniffed.codec_hint, audio.info, layout, size)
        digest = sha256 or _sha256(f)
    found: str | None = None
    why_not: str | None = "fingerprinting was not asked for"
    if limits.fingerprint:
        found, why_not = fingerprint_file(
            path, fpcalc=limits.fpcalc, length_s=limits.fingerprint_length_s,
            timeout_s=limits.fingerprint_timeout_s,
        )  # fmt: skip
    return Extraction(
        format=sniffed.format,
        technical=technical,
        tags=tags,
        size_bytes=size,
        sha256=digest,
        fingerprint=found,
        fingerprint_error=why_not,
        warnings=tuple(layout.warnings + notices),
        cover_data=cover_data if want_cover else None,
    )


def _open(fmt: str, codec_hint: str | None, f: BinaryIO) -> Any:
    opener: Any = {
        "mp3": MP3, "flac": FLAC, "wav": WAVE, "aiff": AIFF, "m4a": MP4,
        "ogg": OggOpus if codec_hint == "opus" else OggVorbis,
    }[fmt]  # fmt: skip
    f.seek(0)
    try:
        return opener(f)
    except _PARSE_ERRORS as exc:
        raise UnreadableAudio(
            ProblemCode.CORRUPT, f"the {fmt.upper()} file is damaged: {_reason(exc)}"
        ) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def _read_tags(fmt: str, audio: Any, layout: Layout, f: BinaryIO) -> RawTags:
    raw = RawTags()
    tags = audio.tags
    if fmt in ("mp3", "wav", "aiff") and isinstance(tags, ID3):
        read_id3(tags, raw)
        if fmt == "mp3" and getattr(tags, "_header", None) is not None:
            parsed: Any = tags  # mutagen has no type hints
            read_dropped_id3_text(
                plain_text_frames(f, 0, f.seek(0, 2)), {fr.FrameID for fr in parsed.values()},
                raw, version=f"ID3v2.{parsed.version[1]}",
            )  # fmt: skip
    elif fmt == "mp3":
        _id3v1_only(f, raw)
    elif fmt == "flac":
        if tags is not None:
            read_vorbis(tags, raw, where="FLAC")
        read_flac_pictures(audio.pictures, raw)
    elif fmt == "ogg" and tags is not None:
        read_vorbis(tags, raw, where="Opus" if isinstance(audio, OggOpus) else "Ogg Vorbis")
    elif fmt == "m4a" and tags is not None:
        read_mp4(tags, raw)
    for name, value, source in layout.text_tags:  # RIFF INFO / AIFF text: after ID3
        raw.add(name, value, source, rank=100)
    return raw


def _id3v1_only(f: BinaryIO, raw: RawTags) -> None:
    """mutagen's MP3 keeps no tags when there is no ID3v2 and the v1 tag is all there is."""
    try:
        f.seek(0)
        tags = _ID3(f)
    except _PARSE_ERRORS:
        return
    read_id3(tags, raw)


def _sha256(f: BinaryIO) -> str:
    f.seek(0)
    return hashlib.file_digest(f, "sha256").hexdigest()  # type: ignore[arg-type]
