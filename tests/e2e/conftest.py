"""Run `catalog run` as users do: a subprocess, its own data dir, the embedded PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningCatalog:
    """A `catalog run` process and how to reach it."""

    process: subprocess.Popen[str]
    port: int
    env: dict[str, str]
    log_path: Path
    log_file: IO[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get_json(self, path: str) -> tuple[int, dict[str, object]]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "shared.cli", *args],
            env=self.env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def catalog_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh user: local mode, embedded PostgreSQL under ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update({"CATALOG_DATA_DIR": str(data_dir), **extra})
    return env


def start_catalog(
    env: dict[str, str], log_path: Path, port: int | None = None, *, as_background_job: bool = False
) -> RunningCatalog:
    """Start `catalog run` and wait until /healthz answers 200 (or fail with its log).
    ``as_background_job``: with SIGINT ignored, as a shell starts `catalog run &`."""
    port = port or free_port()
    log = log_path.open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "shared.cli", "run", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        preexec_fn=_ignore_sigint if as_background_job else None,
    )  # fmt: skip
    running = RunningCatalog(process, port, env, log_path, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.close()
            pytest.fail(f"catalog run exited with {process.returncode}:\n{running.log()}")
        try:
            status, _ = running.get_json("/healthz")
            if status == 200:
                return running
        except (OSError, ValueError):
            pass
        time.sleep(0.3)
    process.kill()
    process.wait()
    log.close()
    pytest.fail(f"catalog run did not become healthy:\n{running.log()}")


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_catalog(running: RunningCatalog, sig: int = signal.SIGINT) -> int:
    """Send ``sig`` and wait for the exit code (killed if it does not stop in 60 s)."""
    try:
        running.process.send_signal(sig)
        return running.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        running.process.kill()
        return running.process.wait()
    finally:
        running.log_file.close()


def postmaster_pid(data_dir: Path) -> int | None:
    """The embedded PostgreSQL's pid while it runs under ``data_dir``, else None."""
    from shared.db.embedded_reaper import is_alive

    try:
        pid = int((data_dir / "pg" / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if is_alive(pid) else None


def wait_until_stopped(data_dir: Path, timeout_s: float = 30.0) -> bool:
    """True once no embedded PostgreSQL runs under ``data_dir`` (False after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while postmaster_pid(data_dir) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@contextlib.contextmanager
def catalog_process(env: dict[str, str], log_path: Path, port: int | None = None, *,
                    as_background_job: bool = False) -> Iterator[RunningCatalog]:  # fmt: skip
    """A running `catalog run`, stopped at the end whatever the test did; its database too."""
    running = start_catalog(env, log_path, port, as_background_job=as_background_job)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            stop_catalog(running)
        running.log_file.close()
        data_dir = Path(env["CATALOG_DATA_DIR"])
        if not wait_until_stopped(data_dir):  # a leftover server: stop it, then say so
            pid = postmaster_pid(data_dir)
            if pid:
                os.kill(pid, signal.SIGINT)
            pytest.fail(f"the embedded PostgreSQL under {data_dir} outlived `catalog run`")


@pytest.fixture
def catalog_data_dir(pgserver_reachable_dir: Path) -> Path:
    return pgserver_reachable_dir / "var"


@pytest.fixture
def running_catalog(catalog_data_dir: Path, tmp_path: Path) -> Iterator[RunningCatalog]:
    with catalog_process(catalog_env(catalog_data_dir), tmp_path / "catalog.log") as running:
        yield running


@pytest.fixture
def ui_catalog(pgserver_reachable_dir: Path, tmp_path: Path) -> Iterator[RunningCatalog]:
    """`catalog run` whose signed URLs point at itself (the web UI's browser PUTs files there)."""
    port = free_port()
    env = catalog_env(pgserver_reachable_dir / "var", PUBLIC_URL=f"http://127.0.0.1:{port}")
    with catalog_process(env, tmp_path / "catalog.log", port=port) as running:
        yield running
