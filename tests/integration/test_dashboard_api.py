"""The UI's read-only views: the dashboard (counts, AI confidence, timings, dead letters, one
partner only) and a release's artwork facts."""

from __future__ import annotations

import uuid
from datetime import datetime

import flask
import pytest

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.dead_letters import FAILURE_REASON_ATTRIBUTE, SOURCE_TOPIC_ATTRIBUTE, DeadLetter
from shared.domain.partners import Partner, Role, Tier
from shared.domain.pipeline import AI_REQUESTS_TABLE, PROCESSING_TABLE
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from tests.conftest import TEST_ACTOR


def _app(services: Services, principal: Principal | None) -> flask.Flask:
    app = create_app(lambda: services)
    if principal is not None:
        install_authenticator(app, lambda request: principal)
    return app


def _label(partner: Partner) -> Principal:
    return Principal("u1", "user", Role.LABEL, partner.id)


def _seed(services: Services, partner: Partner, now: datetime, *, tracks: int) -> None:
    with services.uow() as uow:
        uow.releases.add(Release(uuid.uuid4(), partner.id, "An Album"), now=now)
        for n in range(tracks):
            uow.tracks.add(SoundRecording(uuid.uuid4(), partner.id, f"Song {n}"), now=now)
        letter = DeadLetter(
            "analysis-dlq", uuid.uuid4().hex, b"{}",
            {FAILURE_REASON_ATTRIBUTE: "decoder crashed", SOURCE_TOPIC_ATTRIBUTE: "analysis-low"},
            now,
        )  # fmt: skip
        uow.dead_letters.record(letter, partner_id=partner.id, now=now)
    pid = str(partner.id)
    services.analytics.insert_rows(
        AI_REQUESTS_TABLE,
        [{"partner_id": pid, "confidence": c} for c in (0.95, 0.91, 0.42)]
        + [{"partner_id": pid, "confidence": None}],
    )
    services.analytics.insert_rows(
        PROCESSING_TABLE,
        [
            {"partner_id": pid, "priority": "low", "queue_latency_ms": 1500, "processing_ms": 8000},
            {"partner_id": pid, "priority": "low", "queue_latency_ms": 2500, "processing_ms": 6000},
        ],
    )


def test_the_dashboard_counts_only_the_callers_partner(
    services: Services, partner: Partner, now: datetime
) -> None:
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", Tier.FREE, now=now, actor=TEST_ACTOR
    )
    _seed(services, partner, now, tracks=3)
    _seed(services, other, now, tracks=5)

    response = _app(services, _label(partner)).test_client().get("/api/v1/stats/dashboard?days=7")

    assert response.status_code == 200
    body = response.json
    assert body["counts"] == {"tracks": 3, "releases": 1, "works": 0}
    assert [b["count"] for b in body["confidence_histogram"]][4] == 1  # 0.42
    assert [b["count"] for b in body["confidence_histogram"]][9] == 2  # 0.95, 0.91
    assert body["processing_times"] == [
        {"priority": "low", "count": 2, "queue_p50_ms": 1500.0, "queue_p95_ms": 2500.0,
         "processing_p50_ms": 6000.0, "processing_p95_ms": 8000.0}
    ]  # fmt: skip
    assert body["dead_letters"]["open"] == 1
    assert body["dead_letters"]["by_topic"] == [{"topic": "analysis-low", "count": 1}]
    assert body["validation"] == {"valid": 0, "failed": 0, "unchecked": 1, "pending": 1}


def test_the_dashboard_counts_releases_by_their_last_validation(
    services: Services, partner: Partner, now: datetime
) -> None:
    _seed(services, partner, now, tracks=2)  # a release with no deal: it fails validation
    services.validation.sweep(now=lambda: now, limit=100, budget_s=600, partner_id=partner.id)

    body = _app(services, _label(partner)).test_client().get("/api/v1/stats/dashboard").json

    assert body["validation"] == {"valid": 0, "failed": 1, "unchecked": 0, "pending": 0}


def test_an_admin_names_the_partner_and_others_get_not_found(
    services: Services, partner: Partner
) -> None:
    admin = Principal("a1", "user", Role.ADMIN, None)
    stranger = Principal("u2", "user", Role.LABEL, uuid.uuid4())
    url = f"/api/v1/stats/dashboard?partner_id={partner.id}"

    assert _app(services, admin).test_client().get(url).status_code == 200
    assert _app(services, stranger).test_client().get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "field"), [("days=0", "days"), ("days=week", "days"), ("partner_id=x", "partner_id")]
)
def test_bad_parameters_are_named_in_a_problem(
    services: Services, partner: Partner, query: str, field: str
) -> None:
    response = _app(services, _label(partner)).test_client().get(f"/api/v1/stats/dashboard?{query}")

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["field"] == field


def test_without_credentials_the_dashboard_is_refused(services: Services) -> None:
    response = _app(services, None).test_client().get("/api/v1/stats/dashboard")

    assert response.status_code == 401


def test_a_releases_artwork_facts_come_with_a_signed_url(
    services: Services, partner: Partner, now: datetime
) -> None:
    from shared.domain.releases import Artwork

    release_id, bare_id = uuid.uuid4(), uuid.uuid4()
    cover = Artwork("audio", f"{partner.id}/cover.jpg", "image/jpeg", 3000, 3000, 2_400_000)
    with services.uow() as uow:
        uow.releases.add(Release(release_id, partner.id, "Covered", artwork=cover), now=now)
        uow.releases.add(Release(bare_id, partner.id, "Bare"), now=now)
    client = _app(services, _label(partner)).test_client()

    found = client.get(f"/api/v1/releases/{release_id}/artwork")
    missing = client.get(f"/api/v1/releases/{bare_id}/artwork")

    assert found.status_code == 200
    assert (found.json["width"], found.json["mime_type"]) == (3000, "image/jpeg")
    assert "/local-blobs/audio/" in found.json["url"]
    assert missing.status_code == 404
    assert "has no artwork" in missing.json["detail"]


def test_a_tracks_audio_is_a_signed_url_of_its_kept_copy(
    services: Services, partner: Partner, now: datetime
) -> None:
    from shared.domain.assets import Asset

    asset = Asset(
        uuid.uuid4(), partner.id, "uploads", f"{partner.id}/a.flac", 1, 1000, now,
        format="FLAC", audio_object=f"{partner.id}/kept/a.flac",
    )  # fmt: skip
    track_id, silent_id = uuid.uuid4(), uuid.uuid4()
    with services.uow() as uow:
        uow.assets.add(asset, now=now)
        uow.tracks.add(SoundRecording(track_id, partner.id, "Heard", asset_id=asset.id), now=now)
        uow.tracks.add(SoundRecording(silent_id, partner.id, "Silent"), now=now)
    client = _app(services, _label(partner)).test_client()

    heard = client.get(f"/api/v1/tracks/{track_id}/audio")
    silent = client.get(f"/api/v1/tracks/{silent_id}/audio")

    assert heard.status_code == 200
    assert f"/local-blobs/audio/{partner.id}/kept/a.flac" in heard.json["url"]
    assert heard.json["content_type"] == "audio/flac"
    assert silent.status_code == 404
