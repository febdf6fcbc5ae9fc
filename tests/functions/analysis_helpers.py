"""Seeding assets and tracks with real fixture audio, and the CloudEvent Eventarc pushes."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent
from functions_framework import create_app

from shared.bootstrap import Services, build_services, install_services
from shared.domain.assets import Asset
from shared.domain.partners import Partner
from shared.domain.pipeline import AnalysisRequest, Priority
from shared.domain.provenance import Provenance
from shared.domain.recordings import SoundRecording
from shared.settings import Settings
from tests.conftest import REPO_ROOT, SHARED_RESOURCES

FIXTURES = SHARED_RESOURCES / "audio-fixtures"


@dataclass
class Seeded:
    """An asset with its audio in the audio bucket, its track, and its upload's status doc."""

    asset: Asset
    track: SoundRecording
    upload_id: str

    def request(self, now: datetime, attempt: int = 1) -> AnalysisRequest:
        return AnalysisRequest(
            self.asset.id,
            self.asset.partner_id,
            Priority.LOW,
            attempt,
            now,
            self.track.id,
            self.upload_id,
        )


def seed(
    services: Services,
    partner: Partner,
    now: datetime,
    *,
    fixture: str | None = None,
    data: bytes | None = None,
    **track_values: Any,
) -> Seeded:
    """Store audio as ingest leaves it, with an asset, a track and a status document."""
    audio = data if data is not None else (FIXTURES / fixture).read_bytes()  # type: ignore[operator]
    asset_id, track_id, upload_id = uuid.uuid4(), uuid.uuid4(), f"up-{uuid.uuid4().hex[:10]}"
    name = f"{partner.id}/{asset_id}"
    services.blobs.write(
        services.settings.audio_bucket, name, audio, content_type="application/octet-stream"
    )
    asset = Asset(
        asset_id,
        partner.id,
        "uploads",
        f"{upload_id}/song",
        1,
        len(audio),
        now,
        audio_object=name,
        status="extracted",
    )
    track = SoundRecording(
        track_id, partner.id, title=f"Song {upload_id}", asset_id=asset_id, **track_values
    )
    with services.uow() as uow:
        uow.assets.add(asset, now=now)
        uow.tracks.add(track, now=now)
    services.status.create(
        "uploads",
        upload_id,
        {"upload_id": upload_id, "partner_id": str(partner.id), "state": "queued", "progress": 0.6},
        partner_id=str(partner.id),
    )
    return Seeded(asset, track, upload_id)


def human(at: datetime) -> Provenance:
    from shared.domain.provenance import Source

    return Provenance(Source.HUMAN, at, actor="editor@label.example")


def analysis_event(
    request: AnalysisRequest, *, message_id: str | None = None, data: bytes | None = None
) -> tuple[dict[str, str], bytes]:
    """Eventarc's push for a message on analysis-low (recorded shape in tests/data)."""
    envelope = json.loads((REPO_ROOT / "tests/data/pubsub_cloudevent.json").read_text())
    message = envelope["data"]["message"]
    message["data"] = base64.b64encode(data or request.to_bytes()).decode()
    message["messageId"] = message["message_id"] = message_id or uuid.uuid4().hex
    envelope["source"] = "//pubsub.googleapis.com/projects/test-project/topics/analysis-low"
    event = CloudEvent({k: v for k, v in envelope.items() if k != "data"}, envelope["data"])
    return to_structured(event)


def function_client() -> Any:
    """The analyze entry point served by functions-framework, as Cloud Functions runs it."""
    return create_app(
        "on_analysis_requested", str(REPO_ROOT / "functions/main.py"), "cloudevent"
    ).test_client()


@pytest.fixture
def make_services(settings: Settings, now: datetime) -> Iterator[Callable[..., Services]]:
    """Build and install services with setting overrides (local analyzer, fast retries), on the
    tests' fixed clock unless ``clock`` is given: the records a job writes carry its day."""
    built: list[Services] = []

    def make(*, clock: Callable[[], datetime] | None = None, **overrides: Any) -> Services:
        tuned = settings.model_copy(update={"analysis_retry_backoff_s": 0.0, **overrides})
        services = build_services(tuned, clock=clock or (lambda: now))
        install_services(services)
        built.append(services)
        return services

    yield make
    install_services(None)
    for services in built:
        services.close()
