"""A person's review of AI values (issue 17): accept marks the value a person's, reject clears
it, a measurement is not a suggestion, and an undo gives a value back with its own source."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.analyses import Estimate
from shared.domain.partners import Partner
from shared.domain.records import StoredEstimate
from shared.services.analysis.applying import TRACK_FIELDS, apply_estimates

Headers = dict[str, str]
EARLIER = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _track(client: FlaskClient, headers: Headers, **fields: Any) -> str:
    created = client.post("/api/v1/tracks", json={"title": "Night Bus", **fields}, headers=headers)
    assert created.status_code == 201, created.json
    return str(created.json["id"])


def _ai_value(services: Services, partner: Partner, track_id: str, estimate: Estimate) -> str:
    """The analyze service's own write: the estimate stored, and applied with AI provenance
    where the track has a field for it."""
    applied = estimate.field in TRACK_FIELDS
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, uuid.UUID(track_id))
        if applied:
            updated, _ = apply_estimates(track, [estimate], now=EARLIER)
            uow.tracks.save(updated, now=EARLIER)
        uow.analyses.add(
            partner.id,
            [StoredEstimate(estimate, None, track.id, "primary", 120.0, 0.001, applied, EARLIER)],
        )
        [stored] = [
            s for s in uow.analyses.of_track(partner.id, track.id) if s.estimate == estimate
        ]
    return str(stored.id)


def _low_confidence_ids(client: FlaskClient, headers: Headers) -> set[str]:
    page = client.get("/api/v1/tracks?low_confidence=true&limit=100", headers=headers).json
    return {item["id"] for item in page["items"]}


def test_accepting_the_ai_value_a_track_has_marks_it_reviewed_and_leaves_the_low_filter(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(client, label)
    estimate_id = _ai_value(
        services, partner, track, Estimate("bpm", 86.0, 0.64, "catalog-tempo", "2")
    )
    flagged = _low_confidence_ids(client, label)

    accepted = client.post(f"/api/v1/tracks/{track}/estimates/{estimate_id}/accept", headers=label)

    assert track in flagged
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["bpm"] == 86.0
    source = accepted.json["provenance"]["bpm"]
    assert (source["source"], source["model"]) == ("human", "catalog-tempo")
    assert source["actor"]  # the person who reviewed it
    assert source["detail"] == f"accepted AI estimate {estimate_id}"
    assert track not in _low_confidence_ids(client, label)
    history = client.get(f"/api/v1/tracks/{track}/history?field=bpm", headers=label).json
    assert history["items"][0]["action"] == "track.update"  # the review is on the record


def test_rejecting_the_ai_value_a_track_has_clears_it_as_a_persons_choice(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(client, label)
    estimate_id = _ai_value(
        services, partner, track, Estimate("genre", "Reggae", 0.41, "musicnn", "0.1.0")
    )

    rejected = client.post(f"/api/v1/tracks/{track}/estimates/{estimate_id}/reject", headers=label)
    listed = client.get(f"/api/v1/tracks/{track}/estimates", headers=label).json["items"]

    assert rejected.status_code == 200, rejected.json
    assert rejected.json["genre"] is None
    source = rejected.json["provenance"]["genre"]
    assert (source["source"], source["detail"]) == (
        "human",
        f"rejected AI estimate {estimate_id}",
    )
    assert [e["review"] for e in listed] == ["rejected"]
    assert track not in _low_confidence_ids(client, label)


def test_rejecting_a_suggestion_the_track_does_not_hold_keeps_the_tracks_value(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(client, label, genre="Dub")
    other = _ai_value(services, partner, track, Estimate("moods", ["calm"], 0.3, "musicnn", "0.1"))
    with services.uow() as uow:
        uow.analyses.add(
            partner.id,
            [
                StoredEstimate(
                    Estimate("genre", "Reggae", 0.9, "musicnn", "0.1.0"),
                    None, uuid.UUID(track), "primary", None, None, False, EARLIER,
                )
            ],
        )  # fmt: skip
        [suggestion] = [
            s for s in uow.analyses.of_track(partner.id, uuid.UUID(track))
            if s.estimate.field == "genre"
        ]  # fmt: skip

    response = client.post(
        f"/api/v1/tracks/{track}/estimates/{suggestion.id}/reject", headers=label
    )

    assert response.status_code == 200
    assert response.json["genre"] == "Dub"  # a person's value, untouched
    assert response.json["moods"] == ["calm"]
    assert other


def test_accepting_a_loudness_measurement_is_refused_with_the_reason(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(client, label)
    loudness = _ai_value(
        services, partner, track, Estimate("loudness_lufs", -13.8, 1.0, "catalog-bs1770", "1")
    )

    response = client.post(f"/api/v1/tracks/{track}/estimates/{loudness}/accept", headers=label)
    listed = client.get(f"/api/v1/tracks/{track}/estimates", headers=label).json["items"]

    assert response.status_code == 422
    assert response.json["field"] == "field"
    assert "loudness_lufs' is a measurement" in response.json["detail"]
    assert [(e["field"], e["reviewable"]) for e in listed] == [("loudness_lufs", False)]


def test_undoing_a_bulk_edit_gives_ai_and_tag_values_back_with_their_own_provenance(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(client, label)
    _ai_value(services, partner, track, Estimate("bpm", 172.0, 0.66, "catalog-tempo", "2"))
    before = client.get(f"/api/v1/tracks/{track}", headers=label).json
    untouched = _track(client, label, genre="Dub")

    change = client.patch(
        "/api/v1/tracks",
        headers=label,
        json={"ids": [track, untouched], "set": {"bpm": 86}},
    ).json
    edited = client.get(f"/api/v1/tracks/{track}", headers=label).json
    undo = client.post(f"/api/v1/changes/{change['id']}/undo", headers=label)
    after = client.get(f"/api/v1/tracks/{track}", headers=label).json
    fresh = client.get(f"/api/v1/tracks/{untouched}", headers=label).json

    assert edited["provenance"]["bpm"]["source"] == "human"
    assert undo.status_code == 200, undo.json
    assert after["bpm"] == 172.0
    assert after["provenance"]["bpm"] == before["provenance"]["bpm"]
    assert after["provenance"]["bpm"]["source"] == "ai"
    assert (after["provenance"]["bpm"]["model"], after["provenance"]["bpm"]["confidence"]) == (
        "catalog-tempo",
        0.66,
    )
    assert fresh["bpm"] is None
    assert "bpm" not in fresh["provenance"]  # an empty field comes back unsourced, not "human"
    assert track in _low_confidence_ids(client, label)  # still flagged for review
    assert datetime.fromisoformat(after["provenance"]["bpm"]["at"]) < datetime.now(UTC) - timedelta(
        days=1
    )


def test_accepting_an_era_hint_is_refused_and_the_suggestion_stays_a_suggestion(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    """The era hint is a suggestion beside the release date, never a value a person owns."""
    track = _track(client, label)
    era = _ai_value(services, partner, track, Estimate("era_hint", "1980s", 0.7, "musicnn", "1"))

    response = client.post(f"/api/v1/tracks/{track}/estimates/{era}/accept", headers=label)
    after = client.get(f"/api/v1/tracks/{track}", headers=label).json

    assert response.status_code == 422, response.json
    assert "era_hint" in response.json["detail"], response.json
    assert after["era_hint"] == "1980s"
    assert after["provenance"]["era_hint"]["source"] == "ai"
