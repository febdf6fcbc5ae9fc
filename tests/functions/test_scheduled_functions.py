"""The scheduled entry points (cleanup, cache warm, metrics) through functions-framework.

Pub/Sub cannot run here. Two deliveries are copied: the CloudEvent Eventarc pushes
(tests/data/pubsub_cloudevent.json), and the raw push body a Terraform-managed push subscription
sends to ``<function url>/projects/<p>/topics/<topic>`` (the shape documented for Pub/Sub push
subscriptions), which functions-framework turns into the same CloudEvent.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent
from functions_framework import create_app

from shared.bootstrap import Services
from shared.domain.assets import Asset
from shared.domain.partners import Tier
from tests.conftest import REPO_ROOT, TEST_ACTOR

SCHEDULER_BODY = json.dumps({"schedule": "cleanup-daily"}).encode()


def _client(entry_point: str):  # noqa: ANN202
    return create_app(entry_point, str(REPO_ROOT / "functions/main.py"), "cloudevent").test_client()


def _eventarc(topic: str, data: bytes) -> tuple[dict[str, str], bytes]:
    envelope = json.loads((REPO_ROOT / "tests/data/pubsub_cloudevent.json").read_text())
    envelope["data"]["message"]["data"] = base64.b64encode(data).decode()
    envelope["source"] = f"//pubsub.googleapis.com/projects/test-project/topics/{topic}"
    envelope["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    event = CloudEvent({k: v for k, v in envelope.items() if k != "data"}, envelope["data"])
    return to_structured(event)


def _raw_push(data: bytes) -> dict[str, object]:
    return {
        "message": {
            "data": base64.b64encode(data).decode(),
            "attributes": {"schedule": "cleanup-daily"},
            "messageId": "2070443601311540",
            "publishTime": "2026-11-24T02:30:00.123Z",
        },
        "subscription": "projects/catalog-prod/subscriptions/cleanup-run",
    }


def test_the_cleanup_function_applies_retention(installed_services: Services) -> None:
    services = installed_services
    free = services.partners.create_partner(
        f"Free {uuid.uuid4().hex[:6]}", Tier.FREE, now=datetime.now(UTC), actor=TEST_ACTOR
    )
    name = f"{free.id}/old.flac"
    services.blobs.write(services.settings.audio_bucket, name, b"fLaC", content_type="audio/flac")
    created = datetime.now(UTC) - timedelta(days=45)
    with services.uow() as uow:
        uow.assets.add(
            Asset(uuid.uuid4(), free.id, "uploads", name, 1, 4, created, audio_object=name),
            now=created,
        )
    headers, body = _eventarc("cleanup-scheduled", SCHEDULER_BODY)

    response = _client("on_cleanup_scheduled").post("/", headers=headers, data=body)

    assert response.status_code == 200
    pending = services.retention.pending_deletions(free.id)
    assert [row["audio_object"] for row in pending] == [name]  # noticed, deleted in 7 days


def test_a_raw_pubsub_push_reaches_the_function_with_its_topic(
    installed_services: Services,
) -> None:
    """Terraform pushes through its own subscriptions (they carry the dead-letter policy)."""
    message_id = f"push-{uuid.uuid4().hex}"
    push = _raw_push(b'{"asset_id": "x"}')
    push["message"]["messageId"] = message_id  # type: ignore[index]

    response = _client("on_dead_letter").post(
        "/projects/catalog-prod/topics/analysis-dlq", json=push
    )

    assert response.status_code == 200
    letters = installed_services.dead_letters.open_letters(limit=1000)
    assert [x["topic"] for x in letters if x["message_id"] == message_id] == ["analysis-dlq"]


def test_the_metrics_function_records_a_snapshot(installed_services: Services) -> None:
    with installed_services.engine.begin() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM metric_snapshots")).scalar()
    headers, body = _eventarc("metrics-scheduled", b"{}")

    response = _client("on_metrics_scheduled").post("/", headers=headers, data=body)

    with installed_services.engine.begin() as conn:
        after = conn.execute(sa.text("SELECT count(*) FROM metric_snapshots")).scalar()
    assert response.status_code == 200
    assert after == before + 1


def test_the_cache_warm_function_warms_recent_tracks(installed_services: Services) -> None:
    from shared.domain.recordings import SoundRecording
    from shared.services.read_cache import track_key

    partner = installed_services.partners.create_partner(
        f"Warm {uuid.uuid4().hex[:6]}", Tier.PRO, now=datetime.now(UTC), actor=TEST_ACTOR
    )
    track = SoundRecording(uuid.uuid4(), partner.id, "Hit")
    with installed_services.uow() as uow:
        uow.tracks.add(track, now=datetime.now(UTC) + timedelta(days=3650))  # the most recent
    headers, body = _eventarc("cache-warm-scheduled", b"{}")

    response = _client("on_cache_warm_scheduled").post("/", headers=headers, data=body)

    assert response.status_code == 200
    assert installed_services.cache.get(track_key(partner.id, track.id)) is not None


def test_the_validation_function_checks_queued_releases(installed_services: Services) -> None:
    from shared.domain.search import CatalogQuery
    from tests.support.catalog import album_bundle, store_bundle

    now = datetime.now(UTC)
    partner = installed_services.partners.create_partner(
        f"Check {uuid.uuid4().hex[:6]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )
    album = store_bundle(installed_services, album_bundle(partner.id), now)
    with installed_services.engine.begin() as conn:  # other tests' releases: not this one's job
        conn.execute(
            sa.text("DELETE FROM validation_dirty WHERE partner_id <> :p"), {"p": partner.id}
        )
    headers, body = _eventarc("validation-scheduled", b"{}")

    response = _client("on_validation_scheduled").post("/", headers=headers, data=body)

    assert response.status_code == 200
    checked = installed_services.catalog.search(
        "release", partner.id, CatalogQuery(validation="valid")
    )
    assert [r.id for r in checked.items] == [album.release.id]
