"""`catalog run` end to end: a file dropped in the watch folder is ingested through the local bus
(finalize notification -> ingest function -> analysis queue), as an upload is in GCP."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import audio_factory as af
from tests.e2e.conftest import catalog_env, free_port

pytestmark = pytest.mark.slow


def _healthz(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as exc:
        return dict(json.loads(exc.read()))
    except OSError:
        return None


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_file_dropped_in_the_watch_folder_is_ingested_and_queued(
    tmp_path: Path, pgserver_reachable_dir: Path
) -> None:
    data_dir = pgserver_reachable_dir / "var"
    env = catalog_env(data_dir, WATCH_FOLDER_INTERVAL_S="0.2")
    created = _cli(env, "admin", "create-partner", "Drop Records", "--tier", "pro", "--json")
    assert created.returncode == 0, created.stderr
    port = free_port()
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "shared.cli", "run", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        health = _wait(lambda: _healthz(port), "catalog run answering /healthz")
        inbox = data_dir / "inbox" / "Drop Records"
        inbox.mkdir(parents=True, exist_ok=True)
        wav = af.write_wav(tmp_path / "s.wav", 4.0, seed=61)
        staged = af.tag_flac(af.encode(wav, tmp_path / "Song.flac"), af.PICARD_TAGS)
        staged.replace(inbox / "Song.flac")
        (data_dir / "inbox" / "Ghost Label").mkdir()

        _wait(lambda: _analysis_requested(env, port), "the analysis request")
        final = _healthz(port) or {}
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()

    assert not (inbox / "Song.flac").exists()
    components = final["components"]
    assert isinstance(components, dict)
    assert isinstance(health, dict)
    assert "1 file(s) ingested" in components["watch_folder"]["detail"]
    assert "Ghost Label" in components["watch_folder"]["detail"]


def _analysis_requested(env: dict[str, str], port: int) -> bool:
    """An AnalysisRequest waits on analysis-low (no analyze function installed yet), or the
    analyze function has consumed it (ingest and analyze both delivered)."""
    done = _cli(env, "bus", "stats", "--json")
    if done.returncode == 0:
        stats = json.loads(done.stdout)
        if stats.get("analyze-low", {}).get("ready"):
            return True
    workers = ((_healthz(port) or {}).get("components") or {}).get("bus_workers") or {}
    detail = str(workers.get("detail", ""))
    return detail.startswith("running: ") and int(detail.split()[1]) >= 2


def _wait(probe, what: str, timeout_s: float = 90.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")
