"""Decode audio once, keep it in memory, hand out resampled views that are computed once each."""

from __future__ import annotations

import json
import math
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from shared.errors import InvalidInput

MIN_ANALYSIS_S = 5.0  # tempo and key of a shorter clip are guesses, not estimates
SILENCE_DBFS = -60.0  # peak RMS below this is silence
MAX_DECODED_RATE = 48000  # higher rates are resampled: no engine reads above 24 kHz
_BLOCK_FRAMES = 65536
_DECODE_TIMEOUT_S = 120.0


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
        base = self._mono.get(self.sample_rate)
        return len(base if base is not None else self.frames) / self.sample_rate

    def keep_mono_only(self) -> None:
        """Free the channel frames once nothing needs them (loudness has been measured): only
        the mono mix stays, which halves a stereo file's memory (a 20-minute 44.1 kHz stereo
        file holds 423 MB of frames)."""
        self.mono()
        self.frames = np.empty((0, self.frames.shape[1]), dtype=np.float32)

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
    """Decode encoded audio held in memory: written to a temporary file first, since MP4 (M4A)
    needs a seekable source (its index, the `moov` atom, is often at the end)."""
    if not data:
        raise AudioDecodeError("the file is empty")
    with tempfile.NamedTemporaryFile(prefix="catalog-audio-", suffix=".bin") as handle:
        handle.write(data)
        handle.flush()
        return decode_file(Path(handle.name), max_seconds=max_seconds)


def decode_file(path: Path, *, max_seconds: float) -> DecodedAudio:
    """Decode an audio file (any container ingest accepts) to float32 frames.

    ffmpeg reads every format from a seekable file; libsndfile is the fallback when ffmpeg is
    missing. Memory follows the audio actually present, never a length a header claims: frames
    are read in blocks, more than two channels are mixed down to stereo, rates above 48 kHz are
    resampled to 48 kHz, and decoding stops at ``max_seconds``.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioDecodeError(f"the file cannot be read: {exc.strerror}") from None
    if size == 0:
        raise AudioDecodeError("the file is empty")
    if shutil.which("ffmpeg") is None:
        return _decode_soundfile(path, max_seconds)
    return _decode_ffmpeg(path, max_seconds)


def _decode_soundfile(path: Path, max_seconds: float) -> DecodedAudio:
    try:
        with sf.SoundFile(path) as handle:
            rate = int(handle.samplerate)
            target = min(rate, MAX_DECODED_RATE)
            limit = int(max_seconds * rate)
            resampler = soxr.ResampleStream(rate, target, min(handle.channels, 2), dtype="float32")
            blocks, read = [], 0
            for block in handle.blocks(blocksize=_BLOCK_FRAMES, dtype="float32", always_2d=True):
                block = _at_most_stereo(block[: limit - read])
                read += len(block)
                last = read >= limit
                blocks.append(block if target == rate else resampler.resample_chunk(block, last))
                if last:
                    break
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise AudioDecodeError(f"unreadable audio: {exc}") from None
    frames = np.concatenate(blocks) if blocks else np.zeros((0, 1), np.float32)
    if len(frames) == 0:
        raise AudioDecodeError("the file holds no audio frames")
    return DecodedAudio(frames, target, truncated=read >= limit)


def _at_most_stereo(block: np.ndarray) -> np.ndarray:
    """Mono and stereo as they are; more channels mixed down to stereo (front left/right get
    their own channel plus half of every other one), as a listener's stereo fold-down would."""
    if block.shape[1] <= 2:
        return block
    rest = block[:, 2:].mean(axis=1, keepdims=True) * 0.5
    return np.ascontiguousarray(block[:, :2] + rest, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class _Stream:
    channels: int
    sample_rate: int


def _probe(path: Path) -> _Stream:
    """The first audio stream's channels and rate (ffprobe), or AudioDecodeError."""
    command = ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
               "stream=channels,sample_rate", "-of", "json", str(path)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise AudioDecodeError("reading the file's header took longer than 60 s") from None
    if done.returncode != 0:
        raise AudioDecodeError(f"unreadable audio: {_last_line(done.stderr, 'not audio')}")
    try:
        stream = json.loads(done.stdout)["streams"][0]
        return _Stream(int(stream["channels"]), int(stream["sample_rate"]))
    except (ValueError, KeyError, IndexError, TypeError):
        raise AudioDecodeError("unreadable audio: the file holds no audio stream") from None


def _decode_ffmpeg(path: Path, max_seconds: float) -> DecodedAudio:
    """Any container and codec ffmpeg reads, from the file (seekable), as float32 frames."""
    stream = _probe(path)
    channels = min(max(stream.channels, 1), 2)
    rate = min(max(stream.sample_rate, 1), MAX_DECODED_RATE)
    limit_bytes = int(max_seconds * rate) * channels * 4
    command = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-vn",
               "-ac", str(channels), "-ar", str(rate), "-f", "f32le", "pipe:1"]  # fmt: skip
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        pcm, complete = _read_at_most(process, limit_bytes, deadline_s=_DECODE_TIMEOUT_S)
        errors.seek(0)
        message = _last_line(errors.read(4096 * 4), "no audio frames")
    if not complete:
        raise AudioDecodeError(f"decoding took longer than {_DECODE_TIMEOUT_S:g} s")
    usable = len(pcm) // (channels * 4) * channels * 4
    if usable == 0:
        if process.returncode not in (0, None):
            raise AudioDecodeError(f"unreadable audio: {message}")
        raise AudioDecodeError("the file holds no audio frames")
    frames = np.frombuffer(pcm, dtype=np.float32, count=usable // 4).reshape(-1, channels)
    return DecodedAudio(frames, rate, truncated=usable >= limit_bytes)


def _read_at_most(
    process: subprocess.Popen[bytes], limit_bytes: int, *, deadline_s: float
) -> tuple[bytearray, bool]:
    """Read the decoder's output up to ``limit_bytes``; stop it at the limit or the deadline.
    Returns the bytes and False when the deadline passed."""
    assert process.stdout is not None
    pcm, deadline = bytearray(), time.monotonic() + deadline_s
    fd = process.stdout.fileno()
    try:
        while len(pcm) < limit_bytes:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return pcm, False
            chunk = os.read(fd, min(1 << 20, limit_bytes - len(pcm)))
            if not chunk:
                break
            pcm += chunk
        return pcm, True
    finally:
        if process.poll() is None:
            process.kill()  # at the limit or the deadline: the rest is not needed
        process.wait()
        process.stdout.close()


def _last_line(stderr: bytes, default: str) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else default
