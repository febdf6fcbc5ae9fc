"""The analyze function with QWEN_ENDPOINT set: it calls the model server over HTTP.

The model server runs here with its local backend (Qwen2-Audio's weights cannot be downloaded);
the envelope copies what Eventarc pushes for a Pub/Sub message (tests/data).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.domain.pipeline import AI_REQUESTS_TABLE
from tests.functions.analysis_helpers import analysis_event, function_client, make_services, seed

__all__ = ["make_services"]


@pytest.mark.slow
def test_with_qwen_endpoint_set_the_function_analyses_through_the_model_server(
    make_services: Callable[..., Services], inference_url: str, partner: Partner, now: datetime
) -> None:
    services = make_services(qwen_endpoint=inference_url, analysis_primary="local",
                             analysis_challenger="local")  # fmt: skip
    seeded = seed(services, partner, now, fixture="essentia-audio/techno_loop.mp3")
    headers, body = analysis_event(seeded.request(now))

    response = function_client().post("/", headers=headers, data=body)

    assert response.status_code == 200
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload is not None
    assert upload["state"] == "analysed"
    assert upload["analysis"]["bpm"] == pytest.approx(125, rel=0.04)  # type: ignore[index]
    calls = [r for r in services.analytics.read_rows(AI_REQUESTS_TABLE)
             if r["asset_id"] == str(seeded.asset.id)]  # fmt: skip
    assert calls[0]["model"] == "musicnn"


@pytest.mark.slow
def test_a_backend_the_model_server_lacks_is_a_degraded_model_not_bad_audio(
    make_services: Callable[..., Services], inference_url: str, partner: Partner, now: datetime
) -> None:
    services = make_services(qwen_endpoint=inference_url, analysis_retries=0,
                             ab_challenger_share=0.0)  # fmt: skip
    seeded = seed(services, partner, now, fixture="essentia-audio/techno_loop.mp3")
    headers, body = analysis_event(seeded.request(now))

    response = function_client().post("/", headers=headers, data=body)

    assert response.status_code == 500  # retried: a configuration problem, not the file's
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload is not None
    assert upload["state"] == "queued"
