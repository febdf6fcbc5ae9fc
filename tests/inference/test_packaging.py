"""The model server as it ships: `python -m inference` on any CPU, and its GPU image recipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REPO_ROOT
from tests.e2e.conftest import free_port


@pytest.mark.slow
def test_the_server_starts_cpu_only_and_answers_health_once_models_are_loaded() -> None:
    port = free_port()
    env = {**os.environ, "INFERENCE_BACKENDS": "local", "CUDA_VISIBLE_DEVICES": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "inference", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, health = time.monotonic() + 180, None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.loads(r.read())
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert health == {"status": "ok", "backends": ["local"]}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_gpu_image_runs_qwen2_audio_on_a_cuda_base() -> None:
    dockerfile = (REPO_ROOT / "inference/Dockerfile").read_text()

    assert dockerfile.splitlines()[
        [line.startswith("FROM") for line in dockerfile.splitlines()].index(True)
    ].startswith("FROM nvidia/cuda:")
    assert "INFERENCE_BACKENDS=local,qwen2-audio" in dockerfile
    assert "Qwen/Qwen2-Audio-7B-Instruct" in dockerfile
    assert 'CMD ["python", "-m", "inference"' in dockerfile
