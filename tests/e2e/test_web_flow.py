"""A label's whole day in the UI, in Debian's chromium against `catalog run` (web/e2e/ui-flow.mjs):
sign in, drop two real audio files and a text file, wait for the analysis, bulk-edit the genre of
both tracks, export CSV and read the file. The text file's error shows beside it; the others go on.
"""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"


def write_click_track(
    path: Path, *, bpm: float, melody: tuple[float, ...], seconds: float = 8.0, rate: int = 22_050
) -> Path:
    """A real WAV: a melody of one note per beat with a click on each (16-bit mono, ``rate`` Hz)."""
    beat = round(rate * 60 / bpm)
    frames = bytearray()
    for n in range(int(rate * seconds)):
        click = 0.8 * math.exp(-(n % beat) / 200) if n % beat < 2_000 else 0.0
        pitch_hz = melody[(n // beat) % len(melody)]
        sample = 0.25 * math.sin(2 * math.pi * pitch_hz * n / rate) + click
        frames += struct.pack("<h", int(max(-1.0, min(1.0, sample)) * 32_000))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def _create_user(running: RunningCatalog, email: str) -> None:
    partner = running.cli("admin", "create-partner", "E2E Label", "--tier", "enterprise")
    assert partner.returncode == 0, partner.stderr
    user = subprocess.run(
        [sys.executable, "-m", "shared.cli", "admin", "create-user", email, "--role", "label",
         "--partner", "E2E Label", "--password-stdin"],
        env=running.env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert user.returncode == 0, user.stderr


def test_a_label_uploads_analyses_bulk_edits_and_exports(
    ui_catalog: RunningCatalog, tmp_path: Path
) -> None:
    email = "e2e@label.example"
    _create_user(ui_catalog, email)
    first = write_click_track(tmp_path / "night-drive.wav", bpm=120, melody=(220, 277, 330, 440))
    second = write_click_track(
        tmp_path / "morning-light.wav", bpm=96, melody=(523, 392, 349, 294, 262)
    )
    notes = tmp_path / "liner-notes.txt"
    notes.write_text("Recorded in one take on a rainy Tuesday.\n" * 20)

    outcome = run_browser_script(
        "ui-flow.mjs",
        {
            "CATALOG_URL": ui_catalog.url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_AUDIO": f"{first},{second}",
            "E2E_BAD": str(notes),
            "E2E_GENRE": "Chillwave E2E",
            "E2E_ANALYSIS_TIMEOUT_S": os.environ.get("E2E_ANALYSIS_TIMEOUT_S", "420"),
        },
        timeout_s=900,
    )

    assert outcome["ok"] is True
    assert "liner-notes.txt" in str(outcome["bad_error"])
    assert len(str(outcome["bad_error"])) > len("liner-notes.txt") + 20  # the error, in words
    assert int(str(outcome["csv_lines"])) >= 3  # header and both tracks
