"""Decode a file on disk for the benchmarks, as the analysis workers do (a seekable source)."""

from __future__ import annotations

from pathlib import Path

from inference.audio import DecodedAudio
from inference.audio import decode_file as _decode_file

MAX_SECONDS = 20 * 60.0


def decode_file(path: Path) -> DecodedAudio:
    """The decoded audio of ``path`` (at most 20 minutes)."""
    return _decode_file(path, max_seconds=MAX_SECONDS)
