"""The caps extraction enforces so that memory never follows a size a file claims."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file caps (settings choose them; the defaults suit music files)."""

    max_tag_chars: int = 2000  # longer values are cut, with a warning
    max_picture_bytes: int = 16 * 1024 * 1024  # bigger cover art is ignored, with a warning
    max_inflated_bytes: int = 8 * 1024 * 1024  # a compressed ID3 frame may not inflate past this
    max_metadata_bytes: int = 48 * 1024 * 1024  # an ID3 tag, FLAC block or MP4 moov atom
    fingerprint: bool = True
    fingerprint_length_s: int = 120
    fingerprint_timeout_s: float = 60.0
    fpcalc: str = "fpcalc"
