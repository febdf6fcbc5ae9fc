"""The era hint in the API read models (issue 18 item 4): shown with its AI provenance in REST
and GraphQL, and refused, naming the field, when anyone tries to set it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording

Headers = dict[str, str]
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _hinted(services: Services, partner: Partner) -> SoundRecording:
    ai = Provenance(Source.AI, NOW, model="musicnn", model_version="0.1.0", confidence=0.42)
    track = SoundRecording(
        uuid.uuid4(), partner.id, "Neon", era_hint="1980s", provenance={"era_hint": ai}
    )
    with services.uow() as uow:
        uow.tracks.add(track, now=NOW)
    return track


def test_the_era_hint_is_shown_with_its_model_and_confidence(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _hinted(services, partner)

    body = client.get(f"/api/v1/tracks/{track.id}", headers=label).json

    assert body["era_hint"] == "1980s"
    assert body["provenance"]["era_hint"]["source"] == "ai"
    assert body["provenance"]["era_hint"]["confidence"] == 0.42
    query = f'{{ track(id: "{track.id}") {{ title eraHint }} }}'
    answer = client.post("/graphql", json={"query": query}, headers=label)
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["track"] == {"title": "Neon", "eraHint": "1980s"}


def test_setting_the_era_hint_is_refused_and_nothing_changes(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _hinted(services, partner)

    patched = client.patch(f"/api/v1/tracks/{track.id}", json={"era_hint": "1990s"}, headers=label)
    created = client.post("/api/v1/tracks", json={"title": "x", "era_hint": "1990s"}, headers=label)

    bulk = client.patch(
        "/api/v1/tracks",
        headers=label,
        json={"ids": [str(track.id)], "set": {"era_hint": "1990s"}},
    )

    assert patched.status_code == 422
    assert "era_hint" in str(patched.json)
    assert created.status_code == 422
    assert bulk.status_code == 422
    assert bulk.json["field"].endswith("era_hint")
    assert "AI suggestion" in str(bulk.json)
    assert client.get(f"/api/v1/tracks/{track.id}", headers=label).json["era_hint"] == "1980s"
