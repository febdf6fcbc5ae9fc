"""`catalog extract`: JSON lines with the documented keys, one stderr line per unreadable file,
exit 1 when any failed, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import audio_factory as af

KEYS = ["file", "format", "codec", "duration_s", "sample_rate", "bit_depth", "channels",
        "bitrate", "sha256", "fingerprint", "tags", "warnings"]  # fmt: skip
TAG_KEYS = ["title", "artist", "album", "albumartist", "date", "tracknumber", "discnumber",
            "genre", "composer", "lyricist", "label", "copyright", "isrc", "barcode", "iswc",
            "bpm", "key", "language", "comment"]  # fmt: skip


def _catalog(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "CATALOG_DATA_DIR": str(cwd / "var")},
    )  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    wav = af.write_wav(folder / "src.wav", 4.0, seed=51)
    af.tag_id3(af.encode(wav, folder / "song.mp3"), af.PICARD_TAGS)
    af.encode(wav, folder / "plain.flac")
    (folder / "photo.mp3").write_bytes(af.cover_png())
    return folder


def test_json_lines_have_the_documented_keys(files: Path) -> None:
    done = _catalog("extract", "song.mp3", "plain.flac", "--json", cwd=files)

    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0
    assert done.stderr == ""
    assert [list(row) for row in rows] == [KEYS, KEYS]
    assert list(rows[0]["tags"]) == TAG_KEYS
    assert (rows[0]["file"], rows[0]["format"], rows[0]["tags"]["isrc"]) == (
        "song.mp3", "mp3", "GBAYE2100123",
    )  # fmt: skip
    assert rows[0]["tags"]["tracknumber"] == 3
    assert rows[1]["fingerprint"].startswith("AQAA")
    assert rows[1]["bit_depth"] == 16


def test_a_failed_file_is_one_stderr_line_and_exit_1(files: Path) -> None:
    done = _catalog("extract", "photo.mp3", "song.mp3", "missing.wav", "--json", cwd=files)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "photo.mp3: this is a PNG image, not audio",
        "missing.wav: no such file",
    ]
    assert [json.loads(line)["file"] for line in done.stdout.splitlines()] == ["song.mp3"]
    assert "Traceback" not in done.stderr


def test_without_json_piped_output_is_tab_separated(files: Path) -> None:
    done = _catalog("extract", "song.mp3", "--no-fingerprint", cwd=files)

    header, line = done.stdout.splitlines()
    assert done.returncode == 0
    assert header.split("\t")[:4] == ["file", "format", "codec", "duration"]
    assert line.split("\t")[:9] == [
        "song.mp3", "mp3", "mp3", "4.0 s", "44.1 kHz 2 ch", "192", "Night Drive",
        "Ada Lovelace feat. Grace Hopper", "GBAYE2100123",
    ]  # fmt: skip
