"""`catalog analyze FILE... [--json]` as users run it: a subprocess on real fixture audio."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED_RESOURCES

FIXTURES = SHARED_RESOURCES / "audio-fixtures"
KEYS = {
    "file",
    "bpm",
    "key",
    "key_confidence",
    "genres",
    "moods",
    "vocals",
    "vocal_gender",
    "loudness_lufs",
    "model",
    "model_version",
    "confidence",
    "seconds",
}


def _catalog(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "CATALOG_DATA_DIR": str(data_dir), "HOME": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_one_json_line_per_file_and_exit_1_naming_the_file_that_failed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + b"\0" * 100)
    files = [
        FIXTURES / "essentia-audio/techno_loop.mp3",
        broken,
        FIXTURES / "madmom/sample.wav",
        tmp_path / "missing.flac",
    ]

    done = _catalog("analyze", "--json", *map(str, files), data_dir=tmp_path)

    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1
    assert [Path(line["file"]).name for line in lines] == ["techno_loop.mp3", "sample.wav"]
    assert all(set(line) == KEYS for line in lines)
    assert lines[0]["bpm"] == pytest.approx(125, rel=0.04)
    assert lines[1]["bpm"] is None
    errors = done.stderr.strip().splitlines()
    assert errors[0].startswith(f"catalog: {broken}: unreadable audio")
    assert errors[1] == f"catalog: {tmp_path / 'missing.flac'}: No such file or directory"
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_every_file_read_exits_0_with_a_table(tmp_path: Path) -> None:
    done = _catalog("analyze", str(FIXTURES / "essentia-audio/dubstep.flac"), data_dir=tmp_path)

    assert done.returncode == 0, done.stderr
    assert "dubstep.flac" in done.stdout
    assert "electronic" in done.stdout


def test_a_file_that_crashes_the_analyzer_gets_its_own_line_and_the_others_go_on(
    tmp_path: Path,
) -> None:
    """The analyzer is the fault-injecting stand-in (tests/support/fault_worker.py): `CRASH-ME`
    in a file's bytes kills its worker with SIGSEGV, as a native decoder bug would."""
    crasher = tmp_path / "crasher.wav"
    crasher.write_bytes(b"RIFF....WAVE CRASH-ME")
    fine = tmp_path / "fine.wav"
    fine.write_bytes(b"RIFF....WAVE")
    env = {"PATH": "/usr/bin:/bin", "CATALOG_DATA_DIR": str(tmp_path), "HOME": str(tmp_path),
           "ANALYSIS_WORKER_MODULE": "tests.support.fault_worker"}  # fmt: skip

    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "analyze", "--json", str(crasher), str(fine)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert done.returncode == 1
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == [str(fine)]
    assert done.stderr.strip() == f"catalog: {crasher}: analyzer crashed (signal 11: SIGSEGV)"
