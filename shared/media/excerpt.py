"""A WAV excerpt of an audio file: what a chat model (the OpenAI fallback) hears.

Decodes with libsndfile (WAV, FLAC, Ogg, MP3) and, for what it lacks (AAC, ALAC, Opus), ffmpeg
reading a temporary file (MP4's index, the `moov` atom, is often at the end: a pipe cannot seek to
it); memory follows the audio actually present, never a length a header claims.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile

import numpy as np
import soundfile as sf
import soxr

from shared.errors import InvalidInput

MAX_EXCERPT_SOURCE_S = 20 * 60.0  # the excerpt comes from the middle of at most this much
_BLOCK_FRAMES = 65536
_FFMPEG_RATE = 44100
_FFMPEG_TIMEOUT_S = 120


def wav_excerpt(data: bytes, *, seconds: float, rate: int = 16000) -> bytes:
    """A mono 16-bit WAV of ``seconds`` from the middle of the file; InvalidInput when the bytes
    are not audio."""
    mono, source_rate = _decode_mono(data, max_seconds=MAX_EXCERPT_SOURCE_S)
    if source_rate != rate:
        mono = soxr.resample(mono, source_rate, rate).astype(np.float32)
    size = int(seconds * rate)
    start = max(0, (len(mono) - size) // 2)
    buffer = io.BytesIO()
    sf.write(buffer, mono[start : start + size], rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def _decode_mono(data: bytes, *, max_seconds: float) -> tuple[np.ndarray, int]:
    if not data:
        raise InvalidInput("the file is empty")
    try:
        frames, rate = _decode_soundfile(data, max_seconds)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as first:
        if shutil.which("ffmpeg") is None:
            raise InvalidInput(f"unreadable audio: {first}") from None
        frames, rate = _decode_ffmpeg(data, max_seconds)
    return np.ascontiguousarray(frames.mean(axis=1), dtype=np.float32), rate


def _decode_soundfile(data: bytes, max_seconds: float) -> tuple[np.ndarray, int]:
    with sf.SoundFile(io.BytesIO(data)) as handle:
        rate = int(handle.samplerate)
        limit = int(max_seconds * rate)
        blocks, read = [], 0
        for block in handle.blocks(blocksize=_BLOCK_FRAMES, dtype="float32", always_2d=True):
            blocks.append(block[: limit - read])
            read += len(blocks[-1])
            if read >= limit:
                break
    if read == 0:
        raise InvalidInput("the file holds no audio frames")
    return np.concatenate(blocks), rate


def _decode_ffmpeg(data: bytes, max_seconds: float) -> tuple[np.ndarray, int]:
    with tempfile.NamedTemporaryFile(prefix="catalog-excerpt-", suffix=".bin") as source:
        source.write(data)
        source.flush()
        command = ["ffmpeg", "-nostdin", "-v", "error", "-i", source.name,
                   "-t", f"{max_seconds:g}", "-f", "f32le", "-ac", "2",
                   "-ar", str(_FFMPEG_RATE), "pipe:1"]  # fmt: skip
        done = _run(command)
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise InvalidInput(f"unreadable audio: {reason[-1] if reason else 'no audio stream'}")
    return np.frombuffer(done.stdout, dtype=np.float32).reshape(-1, 2).copy(), _FFMPEG_RATE


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, timeout=_FFMPEG_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise InvalidInput(f"decoding took longer than {_FFMPEG_TIMEOUT_S} s") from None
