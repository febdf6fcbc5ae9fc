"""Every container and codec ingest accepts is analysed too, through the whole local pipeline:
watch folder -> uploads bucket -> ingest -> analysis queue -> the real analyzer in its worker.

The same 10 s of generated music (notes on a 120 BPM beat) is encoded by ffmpeg into each format.
M4A is written with its index (`moov`) last, ffmpeg's default and many encoders', and first
(`+faststart`): the decoder must seek, so it reads a file, never a pipe.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from shared.domain.partners import Tier
from shared.local.stack import LocalStack
from shared.settings import Settings
from tests import audio_factory as af
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.slow

FORMATS = {  # file name -> ffmpeg output options
    "pcm.mp3": ["-c:a", "libmp3lame", "-b:a", "192k"],
    "pcm.flac": ["-c:a", "flac"],
    "pcm16.wav": ["-c:a", "pcm_s16le"],
    "float32.wav": ["-c:a", "pcm_f32le"],
    "pcm.aiff": ["-c:a", "pcm_s16be"],
    "float.aifc": ["-c:a", "pcm_f32be", "-f", "aiff"],
    "aac-moov-last.m4a": ["-c:a", "aac", "-b:a", "160k"],
    "aac-moov-first.m4a": ["-c:a", "aac", "-b:a", "160k", "-movflags", "+faststart"],
    "alac.m4a": ["-c:a", "alac"],
    "vorbis.ogg": ["-c:a", "libvorbis", "-q:a", "5"],
    "opus.opus": ["-c:a", "libopus", "-b:a", "96k"],
}


def _encode(source: Path, target: Path, options: list[str]) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-map_metadata", "-1", *options,
         str(target)],
        check=True, timeout=120,
    )  # fmt: skip
    return target


def _states(stack: LocalStack, partner_id: str, names: set[str]) -> dict[str, dict[str, Any]]:
    assert stack.services is not None
    found: dict[str, dict[str, Any]] = {}
    for doc in stack.services.status.list("uploads", partner_id=partner_id, limit=100):
        if doc.get("filename") in names:
            found[str(doc["filename"])] = doc
    return found


def test_every_accepted_container_and_codec_is_ingested_and_analysed(
    settings: Settings, tmp_path: Path
) -> None:
    source = af.write_wav(tmp_path / "source.wav", 10.0, seed=7)
    files = {name: _encode(source, tmp_path / name, options) for name, options in FORMATS.items()}
    stack = LocalStack(settings.model_copy(update={"watch_folder_interval_s": 0.1}))
    stack.start()
    try:
        assert stack.services is not None
        partner = stack.services.partners.create_partner(
            f"Formats {time.time_ns()}", Tier.ENTERPRISE, now=stack.services.clock(),
            actor=TEST_ACTOR,
        )  # fmt: skip
        inbox = settings.catalog_data_dir / "inbox" / partner.name
        inbox.mkdir(parents=True)
        for name, path in files.items():
            path.replace(inbox / name)

        deadline, docs = time.monotonic() + 420, {}
        while time.monotonic() < deadline:
            docs = _states(stack, str(partner.id), set(FORMATS))
            if len(docs) == len(FORMATS) and all(
                d.get("state") in ("analysed", "failed") for d in docs.values()
            ):
                break
            time.sleep(0.5)
    finally:
        stack.stop()

    outcome = {name: (doc.get("state"), doc.get("errors")) for name, doc in docs.items()}
    assert outcome == {name: ("analysed", []) for name in FORMATS}
    for name, doc in docs.items():
        analysis = doc["analysis"]
        assert analysis["loudness_lufs"] is not None, name
        assert analysis["genres"], name
        assert doc["found"]["duration_s"] == pytest.approx(10.0, abs=0.1), name
