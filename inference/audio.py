"""Decode audio once, keep it in memory, hand out resampled views that are computed once each."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from dataclasses import dataclass, field

import numpy as np
import soundfile as sf
import soxr

from shared.errors import InvalidInput

MIN_ANALYSIS_S = 5.0  # tempo and key of a shorter clip are guesses, not estimates
SILENCE_DBFS = -60.0  # peak RMS below this is silence
MAX_EXCERPT_SOURCE_S = 20 * 60.0
_BLOCK_FRAMES = 65536


class AudioDecodeError(InvalidInput):
    """The bytes are not audio we can decode (a 422 on HTTP, never retried)."""


@dataclass
class DecodedAudio:
    """A decoded file: stereo frames at the file's rate, with mono and resampled views cached."""

    frames: np.ndarray  # (n, channels) float32
    sample_rate: int
    truncated: bool = False  # longer than the analysis cap: only the start was decoded
    derived: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # shared features
    _mono: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def duration_s(self) -> float:
        """Seconds of decoded audio."""
        return len(self.frames) / self.sample_rate

    def mono(self, sample_rate: int | None = None) -> np.ndarray:
        """Mono float32 at ``sample_rate`` (default: the file's), resampled once and cached."""
        rate = sample_rate or self.sample_rate
        if rate not in self._mono:
            base = self._mono.get(self.sample_rate)
            if base is None:
                base = np.ascontiguousarray(self.frames.mean(axis=1), dtype=np.float32)
                self._mono[self.sample_rate] = base
            if rate != self.sample_rate:
                self._mono[rate] = soxr.resample(base, self.sample_rate, rate).astype(np.float32)
        return self._mono[rate]

    @property
    def peak_rms_dbfs(self) -> float:
        """Loudest 400 ms window's RMS in dBFS: tells silence from music."""
        mono = self.mono()
        window = max(1, int(0.4 * self.sample_rate))
        usable = len(mono) // window * window
        if usable == 0:
            energy = float(np.mean(mono**2)) if len(mono) else 0.0
        else:
            energy = float(np.max(np.mean(mono[:usable].reshape(-1, window) ** 2, axis=1)))
        return 10 * math.log10(energy) if energy > 0 else -math.inf

    def too_short_or_silent(self) -> str | None:
        """Why tempo and key cannot be estimated, or None when they can."""
        if self.duration_s < MIN_ANALYSIS_S:
            return f"the clip is {self.duration_s:.1f} s; at least {MIN_ANALYSIS_S:g} s are needed"
        if self.peak_rms_dbfs < SILENCE_DBFS:
            return f"the audio is silent (loudest level {self.peak_rms_dbfs:.0f} dBFS)"
        return None


def decode(data: bytes, *, max_seconds: float) -> DecodedAudio:
    """Decode WAV, FLAC, Ogg, MP3 (libsndfile) or, with ffmpeg, anything else.

    Memory follows the audio actually present, never a length a header claims: frames are read
    in blocks and decoding stops at ``max_seconds``.
    """
    if not data:
        raise AudioDecodeError("the file is empty")
    try:
        return _decode_soundfile(data, max_seconds)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as first:
        if shutil.which("ffmpeg") is None:
            raise AudioDecodeError(f"unreadable audio: {first}") from None
        return _decode_ffmpeg(data, max_seconds)


def _decode_soundfile(data: bytes, max_seconds: float) -> DecodedAudio:
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
        raise AudioDecodeError("the file holds no audio frames")
    frames = np.concatenate(blocks)
    return DecodedAudio(frames, rate, truncated=read >= limit)


def _decode_ffmpeg(data: bytes, max_seconds: float) -> DecodedAudio:
    """AAC/ALAC/Opus and other containers libsndfile lacks: ffmpeg to 44.1 kHz stereo float."""
    rate = 44100
    command = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-i",
        "pipe:0",
        "-t",
        f"{max_seconds:g}",
        "-f",
        "f32le",
        "-ac",
        "2",
        "-ar",
        str(rate),
        "pipe:1",
    ]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise AudioDecodeError("decoding took longer than 120 s") from None
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise AudioDecodeError(f"unreadable audio: {reason[-1] if reason else 'no audio stream'}")
    frames = np.frombuffer(done.stdout, dtype=np.float32).reshape(-1, 2)
    return DecodedAudio(frames.copy(), rate, truncated=len(frames) >= int(max_seconds * rate))


def wav_excerpt(data: bytes, *, seconds: float, rate: int = 16000) -> bytes:
    """A mono 16-bit WAV of ``seconds`` from the middle of the file (what a chat model hears)."""
    audio = decode(data, max_seconds=MAX_EXCERPT_SOURCE_S)
    mono = audio.mono(rate)
    size = int(seconds * rate)
    start = max(0, (len(mono) - size) // 2)
    buffer = io.BytesIO()
    sf.write(buffer, mono[start : start + size], rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()
