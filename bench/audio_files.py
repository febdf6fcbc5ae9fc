"""Decode a file on disk for the benchmarks: the analyzer's own decoder, and ffmpeg on the path
for MP4 (an M4A whose ``moov`` atom is at the end needs a seekable source; a file path is one)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from inference.audio import AudioDecodeError, DecodedAudio, decode

MAX_SECONDS = 20 * 60.0


def decode_file(path: Path) -> DecodedAudio:
    """The decoded audio of ``path`` (at most 20 minutes)."""
    try:
        return decode(path.read_bytes(), max_seconds=MAX_SECONDS)
    except AudioDecodeError:
        if path.suffix.lower() not in (".m4a", ".mp4"):
            raise
    command = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-t", f"{MAX_SECONDS:g}",
               "-f", "f32le", "-ac", "2", "-ar", "44100", "pipe:1"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, timeout=300, check=True)
    frames = np.frombuffer(done.stdout, dtype=np.float32).reshape(-1, 2)
    return DecodedAudio(frames.copy(), 44100)
