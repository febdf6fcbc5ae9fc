"""POST /v1/analyze, GET /healthz and GET /v1/models on real audio with the real local models."""

from __future__ import annotations

import numpy as np
import pytest
import requests

from inference.analyzer import Analyzer
from inference.config import InferenceSettings
from inference.server import create_app, gcs_reader
from tests.inference.conftest import fixture_bytes, fixture_path, gcs_client, wav

CONTRACT = {
    "bpm",
    "bpm_confidence",
    "bpm_candidates",
    "key",
    "key_confidence",
    "loudness_lufs",
    "genres",
    "moods",
    "description",
    "model",
    "model_version",
    "confidence",
    "timings",
}


def _post(url: str, data: bytes, **params: str) -> requests.Response:
    return requests.post(
        f"{url}/v1/analyze",
        data=data,
        params=params,
        timeout=120,
        headers={"Content-Type": "audio/mpeg"},
    )


@pytest.mark.slow
def test_a_techno_loop_gets_its_tempo_octave_alternatives_loudness_and_genre_but_no_key(
    inference_url: str,
) -> None:
    response = _post(inference_url, fixture_bytes("essentia-audio/techno_loop.mp3"))

    body = response.json()
    assert response.status_code == 200
    assert CONTRACT <= set(body)
    assert body["bpm"] == pytest.approx(125, rel=0.04)
    readings = {round(c["bpm"] / body["bpm"], 2) for c in body["bpm_candidates"]}
    assert readings == {1.0, 0.5, 2.0}
    assert sum(c["score"] for c in body["bpm_candidates"]) == pytest.approx(1.0, abs=0.01)
    assert body["key"] is None  # drums and a noise sweep: no key profile fits, so no guess
    assert body["reasons"]["key"].startswith("no key profile fits")
    assert -30 < body["loudness_lufs"] < -5
    assert body["genres"][0]["label"] == "electronic"
    assert body["confidence"] == body["genres"][0]["score"]
    assert body["model"] == "musicnn"
    assert {"decode_ms", "gate_ms", "tempo_ms", "loudness_ms", "tags_ms"} <= set(body["timings"])


def test_unreadable_audio_is_a_422_naming_the_problem(inference_url: str) -> None:
    response = _post(inference_url, b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)

    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("unreadable audio")


def test_an_empty_body_is_a_422(inference_url: str) -> None:
    assert _post(inference_url, b"").json()["detail"] == "the file is empty"


@pytest.mark.slow
def test_silence_gets_no_tempo_key_or_tags_and_says_why(inference_url: str) -> None:
    body = _post(inference_url, wav(np.zeros(44100 * 10))).json()

    assert (body["bpm"], body["key"], body["loudness_lufs"], body["genres"]) == (
        None,
        None,
        None,
        [],
    )
    assert "silent" in body["reasons"]["bpm"]
    assert "silent" in body["reasons"]["genres"]


@pytest.mark.slow
def test_a_clip_under_five_seconds_gets_no_tempo_but_still_its_loudness(
    inference_url: str,
) -> None:
    body = _post(inference_url, fixture_bytes("madmom/sample.wav")).json()

    assert (body["bpm"], body["bpm_candidates"]) == (None, [])
    assert body["reasons"]["bpm"] == "the clip is 2.8 s; at least 5 s are needed"
    assert body["loudness_lufs"] is not None


@pytest.mark.slow
def test_a_clip_under_two_seconds_gets_no_key_either(inference_url: str) -> None:
    t = np.arange(int(44100 * 1.5)) / 44100
    chord = sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0)) / 4

    body = _post(inference_url, wav(chord)).json()

    assert (body["bpm"], body["key"]) == (None, None)
    assert body["reasons"]["key"] == "the clip is 1.5 s; at least 2 s are needed"


@pytest.mark.slow
def test_audio_can_be_named_by_a_local_uri_or_sent_as_multipart(inference_url: str) -> None:
    path = fixture_path("essentia-audio/dubstep.flac")
    by_uri = requests.post(f"{inference_url}/v1/analyze", json={"uri": path.as_uri()}, timeout=60)
    with path.open("rb") as handle:
        by_form = requests.post(f"{inference_url}/v1/analyze", files={"audio": handle}, timeout=60)

    assert by_uri.status_code == by_form.status_code == 200
    assert by_uri.json()["bpm"] == by_form.json()["bpm"]


def test_a_local_uri_outside_the_allowed_root_is_refused(inference_url: str) -> None:
    response = requests.post(
        f"{inference_url}/v1/analyze", json={"uri": "file:///etc/passwd"}, timeout=10
    )

    assert response.status_code == 422
    assert response.json()["field"] == "uri"


def test_an_unknown_backend_is_a_422_naming_the_loaded_ones(inference_url: str) -> None:
    response = _post(inference_url, b"x", backend="qwen2-audio")

    assert response.status_code == 422
    assert response.json()["detail"] == "backend: 'qwen2-audio' is not loaded here (loaded: local)"


def test_health_and_the_model_list_with_every_licence(inference_url: str) -> None:
    health = requests.get(f"{inference_url}/healthz", timeout=10)
    models = requests.get(f"{inference_url}/v1/models", timeout=10).json()

    assert health.json() == {"status": "ok", "backends": ["local"]}
    licences = {m["name"]: m["licence"] for m in models["models"]}
    assert licences["catalog-tempo"] == licences["catalog-key"] == "Apache-2.0 (this project)"
    assert licences["librosa"] == "ISC"
    assert licences["musicnn"] == "ISC"
    assert licences["essentia"] == "AGPL-3.0"
    assert licences["pyloudnorm"] == "MIT"
    assert models["defaults"]["bpm"] == "catalog-tempo"
    assert models["defaults"]["key"] == "catalog-key"


@pytest.mark.slow
def test_audio_can_be_named_by_a_gs_uri(fake_gcs: str, analyzer: Analyzer) -> None:
    """Cloud Storage is fake-gcs-server here, reached through the real google-cloud-storage."""
    client = gcs_client(fake_gcs)
    bucket = client.create_bucket("audio-test")  # type: ignore[attr-defined]
    bucket.blob("p1/dubstep.flac").upload_from_string(fixture_bytes("essentia-audio/dubstep.flac"))
    app = create_app({"local": analyzer}, InferenceSettings(),
                     gcs_reader=gcs_reader(10, lambda: gcs_client(fake_gcs)))  # fmt: skip

    found = app.test_client().post("/v1/analyze", json={"uri": "gs://audio-test/p1/dubstep.flac"})
    missing = app.test_client().post("/v1/analyze", json={"uri": "gs://audio-test/nope.flac"})

    assert found.status_code == 200
    assert found.json["genres"][0]["label"] == "electronic"  # type: ignore[index]
    assert missing.status_code == 404
    assert missing.json["detail"] == "gs://audio-test/nope.flac does not exist"  # type: ignore[index]
