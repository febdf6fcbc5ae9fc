"""Local mode end to end: an AnalysisRequest published on analysis-high reaches the analyze
function through the PostgreSQL bus (the same CloudEvent as Pub/Sub) and the track is enriched
by the in-process CPU analyzer."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from shared.domain.partners import Partner, Tier
from shared.domain.pipeline import PROCESSING_TABLE, AnalysisRequest, Priority
from shared.local.stack import LocalStack
from shared.settings import Settings
from shared.topics import ANALYSIS_HIGH
from tests.conftest import TEST_ACTOR
from tests.functions.analysis_helpers import seed


@pytest.mark.slow
def test_a_request_on_analysis_high_is_analysed_by_the_local_stack(settings: Settings) -> None:
    stack = LocalStack(settings)
    stack.start()
    try:
        assert stack.services is not None
        services, now = stack.services, datetime.now(UTC)
        partner: Partner = services.partners.create_partner(
            f"Bus Label {time.time_ns()}", Tier.ENTERPRISE, now=now, actor=TEST_ACTOR
        )
        seeded = seed(services, partner, now, fixture="essentia-audio/techno_loop.mp3")
        request = AnalysisRequest(seeded.asset.id, partner.id, Priority.HIGH, 1, now,
                                  seeded.track.id, seeded.upload_id)  # fmt: skip

        services.publisher.publish(
            ANALYSIS_HIGH, request.to_bytes(), {"partner_id": str(partner.id)}
        )

        deadline, jobs = time.monotonic() + 120, []
        while time.monotonic() < deadline and not jobs:  # the job's row is its last write
            jobs = [r for r in services.analytics.read_rows(PROCESSING_TABLE)
                    if r["asset_id"] == str(seeded.asset.id)]  # fmt: skip
            time.sleep(0.2)
        upload = services.status.get("uploads", seeded.upload_id) or {}
        assert upload.get("state") == "analysed", upload
        assert [(j["priority"], j["outcome"]) for j in jobs] == [("high", "ok")]
        with services.uow() as uow:
            assert uow.analyses.of_asset(partner.id, seeded.asset.id)
    finally:
        stack.stop()
