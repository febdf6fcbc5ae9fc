"""Bulk edits, field history, undo (with conflicts), AI estimates accepted and rejected, audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner

Headers = dict[str, str]


def _tracks(client: FlaskClient, headers: Headers, n: int, **fields: Any) -> list[str]:
    return [
        client.post("/api/v1/tracks", json={"title": f"Take {i}", **fields}, headers=headers).json[
            "id"
        ]
        for i in range(n)
    ]


def test_a_bulk_edit_is_one_change_and_undoes_as_one(client: FlaskClient, label: Headers) -> None:
    ids = _tracks(client, label, 5, bpm=70)

    change = client.patch(
        "/api/v1/tracks",
        headers=label,
        json={
            "ids": ids,
            "set": {"genre": "Trip Hop"},
            "scale_bpm": "double",
            "find_replace": [{"field": "title", "find": "Take", "replace": "Version"}],
        },
    ).json
    after = [client.get(f"/api/v1/tracks/{i}", headers=label).json for i in ids]
    undo = client.post(f"/api/v1/changes/{change['id']}/undo", headers=label)
    restored = [client.get(f"/api/v1/tracks/{i}", headers=label).json for i in ids]
    again = client.post(f"/api/v1/changes/{change['id']}/undo", headers=label)

    assert change["total"] == 5
    assert {(t["genre"], t["bpm"]) for t in after} == {("Trip Hop", 140.0)}
    assert all(t["title"].startswith("Version") for t in after)
    assert undo.status_code == 200
    assert {(t["genre"], t["bpm"]) for t in restored} == {(None, 70.0)}
    assert all(t["title"].startswith("Take") for t in restored)
    assert again.status_code == 409


def test_a_bulk_edit_is_all_or_nothing(client: FlaskClient, label: Headers) -> None:
    ids = _tracks(client, label, 3)

    bad = client.patch(
        "/api/v1/tracks", headers=label, json={"ids": ids, "set": {"isrc": "TOO-SHORT"}}
    )
    missing = client.patch(
        "/api/v1/tracks",
        headers=label,
        json={"ids": [*ids, str(uuid.uuid4())], "set": {"genre": "x"}},
    )
    unchanged = {client.get(f"/api/v1/tracks/{i}", headers=label).json["genre"] for i in ids}

    assert bad.status_code == 422
    assert bad.json["field"].endswith(".isrc")
    assert missing.json["field"] == "ids[3]"
    assert unchanged == {None}


def test_a_bulk_edit_by_filter_reports_progress_when_run_as_a_job(
    client: FlaskClient, label: Headers, services: Services
) -> None:
    _tracks(client, label, 4, genre="Ambient")

    accepted = client.patch(
        "/api/v1/tracks",
        headers=label,
        json={"filter": {"genre": "ambient"}, "set": {"status": "ready"}, "run_async": True},
    )
    queued = client.get(accepted.headers["Location"], headers=label).json
    services.bulk_edits.run_job(accepted.json["id"])  # what the bulk-edits function does
    status = client.get(accepted.headers["Location"], headers=label).json
    ready = client.get("/api/v1/tracks?status=ready", headers=label).json["items"]

    assert accepted.status_code == 202
    assert (accepted.json["status"], queued["status"], queued["total"]) == ("pending", "pending", 4)
    assert status["status"] == "done"
    assert status["total"] == 4
    assert len(ready) == 4


def test_history_shows_each_change_and_undo_refuses_when_a_later_change_touched_the_field(
    client: FlaskClient, label: Headers
) -> None:
    [track] = _tracks(client, label, 1)
    first = client.patch(
        f"/api/v1/tracks/{track}", json={"bpm": 100, "genre": "Soul"}, headers=label
    ).json["change_id"]
    second = client.patch(f"/api/v1/tracks/{track}", json={"bpm": 101}, headers=label).json[
        "change_id"
    ]

    history = client.get(f"/api/v1/tracks/{track}/history?field=bpm", headers=label).json
    blocked = client.post(f"/api/v1/changes/{first}/undo", headers=label)
    undo_second = client.post(f"/api/v1/changes/{second}/undo", headers=label)
    undo_first = client.post(f"/api/v1/changes/{first}/undo", headers=label)
    now = client.get(f"/api/v1/tracks/{track}", headers=label).json

    bpm_changes = [
        (c["before"], c["after"])
        for e in history["items"]
        for c in e["changes"]
        if c["field"] == "bpm"
    ]
    assert bpm_changes == [(100.0, 101.0), (None, 100.0)]
    assert history["items"][0]["change_id"] == second
    assert history["items"][0]["actor"]["request_id"]
    assert blocked.status_code == 409
    assert "bpm was changed later" in blocked.json["detail"]
    assert undo_second.status_code == undo_first.status_code == 200
    assert (now["bpm"], now["genre"]) == (None, None)


def _estimate(
    services: Services, partner: Partner, track: str, field: str, value: Any, confidence: float
) -> str:
    from shared.db.tables import analyses

    estimate_id = uuid.uuid4()
    with services.engine.begin() as conn:
        conn.execute(
            sa.insert(analyses).values(
                partner_id=partner.id,
                id=estimate_id,
                track_id=uuid.UUID(track),
                field=field,
                value=value,
                confidence=confidence,
                model="essentia",
                model_version="2.1b6",
                applied=False,
                created_at=datetime.now(UTC),
            )
        )
    return str(estimate_id)


def test_accepting_an_estimate_sets_the_value_as_a_persons_choice(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    [track] = _tracks(client, label, 1)
    half = _estimate(services, partner, track, "bpm", 64.0, 0.55)
    double = _estimate(services, partner, track, "bpm", 128.0, 0.71)

    listed = client.get(f"/api/v1/tracks/{track}/estimates", headers=label).json["items"]
    accepted = client.post(f"/api/v1/tracks/{track}/estimates/{double}/accept", headers=label)
    rejected = client.post(f"/api/v1/tracks/{track}/estimates/{half}/reject", headers=label)
    reviewed = {
        e["id"]: e
        for e in client.get(f"/api/v1/tracks/{track}/estimates", headers=label).json["items"]
    }

    assert {e["value"] for e in listed} == {64.0, 128.0}
    assert accepted.json["bpm"] == 128.0
    provenance = accepted.json["provenance"]["bpm"]
    assert (provenance["source"], provenance["model"], provenance["confidence"]) == (
        "human",
        "essentia",
        0.71,
    )
    assert rejected.status_code == 200
    assert (reviewed[double]["review"], reviewed[double]["applied"]) == ("accepted", True)
    assert reviewed[half]["review"] == "rejected"


def test_audit_lists_a_partners_own_records_with_who_and_which_request(
    client: FlaskClient, label: Headers
) -> None:
    [track] = _tracks(client, label, 1)
    client.patch(
        f"/api/v1/tracks/{track}",
        json={"genre": "Blues"},
        headers={**label, "X-Request-Id": "req-audit-1"},
    )

    audit = client.get("/api/v1/audit?entity_type=track", headers=label).json["items"]

    latest = audit[0]
    assert latest["action"] == "track.update"
    assert latest["actor"]["request_id"] == "req-audit-1"
    assert latest["retention_class"] == "ddex"
    assert latest["changes"] == [{"field": "genre", "before": None, "after": "Blues"}]
