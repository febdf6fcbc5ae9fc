"""`catalog run` when the analyzer crashes, hangs or the whole stack is killed mid-job.

The analyzer runs in supervised worker processes. Here the worker is the fault-injecting stand-in
(`tests/support/fault_worker.py`, chosen by ANALYSIS_WORKER_MODULE): a file carrying `CRASH-ME`
kills its worker with SIGSEGV, one carrying `SLOW-ME` takes seconds. Everything else is the real
product: the watch folder, ingest, the bus, the analyze function, the API, the CLI.
"""

from __future__ import annotations

import base64
import json
import signal
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import audio_factory as af
from tests.e2e.conftest import RunningCatalog, catalog_env, catalog_process, stop_catalog

pytestmark = pytest.mark.slow
PARTNER = "Fault Records"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    return catalog_env(
        data_dir,
        ANALYSIS_WORKER_MODULE="tests.support.fault_worker",
        WATCH_FOLDER_INTERVAL_S="0.2",
        BUS_RETRY_MIN_BACKOFF_S="0.2",
        BUS_RETRY_MAX_BACKOFF_S="0.5",
        **extra,
    )


def _drop(running: RunningCatalog, tmp_path: Path, name: str, *, marker: bytes, seed: int) -> None:
    """A real WAV (so ingest takes it) carrying ``marker`` in a RIFF INFO comment."""
    wav = af.write_wav(tmp_path / f"{name}.src.wav", 6.0, seed=seed)
    af.add_riff_info(wav, {b"ICMT": marker or b"fine"})
    inbox = Path(running.env["CATALOG_DATA_DIR"]) / "inbox" / PARTNER
    inbox.mkdir(parents=True, exist_ok=True)
    wav.replace(inbox / f"{name}.wav")


def _token(running: RunningCatalog) -> str:
    client = json.loads(
        running.cli("admin", "create-client", "--partner", PARTNER, "--json").stdout
    )
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    request = urllib.request.Request(
        running.url + "/oauth/token", data=b"grant_type=client_credentials",
        headers={"Authorization": f"Basic {basic}",
                 "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["access_token"])


def _uploads(running: RunningCatalog, token: str) -> dict[str, dict[str, Any]]:
    request = urllib.request.Request(
        running.url + "/api/v1/uploads?limit=50", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return {item["filename"]: item for item in json.loads(response.read())["items"]}


def _wait(probe: Callable[[], Any], what: str, timeout_s: float = 180.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def _settled(running: RunningCatalog, token: str, names: set[str]) -> dict[str, dict[str, Any]]:
    uploads = _uploads(running, token)
    if all(uploads.get(n, {}).get("state") in ("analysed", "failed") for n in names):
        return uploads
    return {}


def test_a_crashing_analyzer_fails_its_file_alone_and_the_stack_stays_up(
    pgserver_reachable_dir: Path, tmp_path: Path
) -> None:
    env = _env(pgserver_reachable_dir / "var")
    with catalog_process(env, tmp_path / "run.log") as running:
        assert running.cli("admin", "create-partner", PARTNER, "--tier", "pro").returncode == 0
        token = _token(running)
        _drop(running, tmp_path, "first", marker=b"", seed=1)
        _drop(running, tmp_path, "crasher", marker=b"CRASH-ME", seed=2)
        _drop(running, tmp_path, "second", marker=b"", seed=3)

        uploads = _wait(
            lambda: _settled(running, token, {"first.wav", "crasher.wav", "second.wav"}),
            "every upload to settle",
        )
        health = running.get_json("/healthz")
        letters = running.cli("dlq", "list", "--json").stdout.splitlines()
        dead = [json.loads(line) for line in letters]

        assert running.process.poll() is None  # the stack that served it all is the same one
    assert health[0] == 200
    assert uploads["first.wav"]["state"] == uploads["second.wav"]["state"] == "analysed"
    crashed = uploads["crasher.wav"]
    assert crashed["state"] == "failed"
    assert "analyzer crashed (signal 11: SIGSEGV)" in json.dumps(crashed["errors"])
    reasons = [letter["reason"] for letter in dead]
    assert any("analyzer crashed (signal 11: SIGSEGV)" in reason for reason in reasons), dead


def test_jobs_held_by_a_killed_stack_resume_right_after_a_restart(
    pgserver_reachable_dir: Path, tmp_path: Path
) -> None:
    """The ack deadline is 600 s: a restart must not wait it out for the jobs the dead stack
    was handling (issue 13: 10 minutes for 5 uploads)."""
    data_dir = pgserver_reachable_dir / "var"
    env = _env(data_dir, FAULT_WORKER_SLOW_S="8")
    with catalog_process(env, tmp_path / "first.log") as first:
        assert first.cli("admin", "create-partner", PARTNER, "--tier", "pro").returncode == 0
        _drop(first, tmp_path, "slow", marker=b"SLOW-ME", seed=4)
        _wait(lambda: (data_dir / "fault-worker-busy").exists(), "the analysis to start")
        stop_catalog(first, signal.SIGKILL)  # mid-analysis, no cleanup of any kind

    restarted_at = time.monotonic()
    with catalog_process(env, tmp_path / "second.log") as second:
        token = _token(second)
        uploads = _wait(lambda: _settled(second, token, {"slow.wav"}), "the job", 120.0)

    assert uploads["slow.wav"]["state"] == "analysed"
    assert time.monotonic() - restarted_at < 120  # not the 600 s ack deadline
