"""Awkward files through the real analyzer in its supervised worker: each gets a result or a
clear reason, within the worker's memory and time limits (the supervisor stops it otherwise).

Files are made by ffmpeg from lavfi sources: notes every half second (a 120 BPM pulse) on A.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.adapters.analysis_workers import SupervisedAnalyzer, WorkerConfig
from shared.errors import InvalidInput

pytestmark = pytest.mark.slow
NOTES = "0.4*sin(2*PI*220*t)*exp(-4*mod(t\\,0.5))+0.2*sin(2*PI*277.18*t)*exp(-4*mod(t\\,0.5))"


def _make(path: Path, seconds: float, *, rate: int, channels: int, options: list[str]) -> Path:
    layout = "|".join([NOTES] * channels)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"aevalsrc={layout}:s={rate}:d={seconds}", *options, str(path)],
        check=True, timeout=300,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def analyzer() -> Iterator[SupervisedAnalyzer]:
    command = (sys.executable, "-m", "inference.worker", "--tempo", "catalog-tempo",
               "--key", "catalog-key", "--loudness", "catalog-bs1770")  # fmt: skip
    pool = SupervisedAnalyzer(WorkerConfig(command, memory_mb=2048, timeout_s=240.0))
    yield pool
    pool.close()


@pytest.mark.parametrize(
    ("name", "seconds", "rate", "channels", "options"),
    [
        ("twenty-minutes.flac", 1200.0, 44100, 2, ["-c:a", "flac"]),
        ("telephone-8k-mono.wav", 20.0, 8000, 1, ["-c:a", "pcm_s16le"]),
        ("hi-res-192k-24bit.flac", 20.0, 192000, 2, ["-c:a", "flac", "-sample_fmt", "s32"]),
        ("surround-5.1.wav", 20.0, 48000, 6, ["-c:a", "pcm_s24le"]),
    ],
)
def test_awkward_but_real_audio_is_analysed_within_the_worker_limits(
    analyzer: SupervisedAnalyzer,
    tmp_path: Path,
    name: str,
    seconds: float,
    rate: int,
    channels: int,
    options: list[str],
) -> None:
    path = _make(tmp_path / name, seconds, rate=rate, channels=channels, options=options)

    result = analyzer.analyze(path.read_bytes(), backend="local")

    assert result.duration_s == pytest.approx(seconds, abs=0.1)
    assert result.loudness_lufs is not None
    assert result.bpm is None or result.bpm == pytest.approx(120, rel=0.04)  # notes at 120 BPM
    assert set(result.reasons) <= {"bpm", "key"}  # a null value always says why


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("no-samples.m4a", ["-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "0",
                            "-c:a", "aac"], "no audio"),
        ("video-only.mp4", ["-f", "lavfi", "-i", "color=c=black:s=64x64:d=1", "-c:v", "mpeg4"],
         "no audio"),
    ],
)  # fmt: skip
def test_a_file_with_no_audio_gets_a_clear_reason(
    analyzer: SupervisedAnalyzer, tmp_path: Path, name: str, make: list[str], reason: str
) -> None:
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", *make, str(path)], check=True, timeout=60)

    with pytest.raises(InvalidInput, match=reason):
        analyzer.analyze(path.read_bytes(), backend="local")


def test_bytes_that_are_not_audio_get_a_clear_reason(analyzer: SupervisedAnalyzer) -> None:
    with pytest.raises(InvalidInput, match="unreadable audio"):
        analyzer.analyze(b"Recorded in one take on a rainy Tuesday.\n" * 50, backend="local")
