"""A failed analysis shows on the track with its reason, and "Re-analyse" queues it again through
the normal bus path, never twice at once (issue 17). Real PostgreSQL and the local bus."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.assets import Asset
from shared.domain.partners import Partner
from shared.domain.recordings import SoundRecording
from shared.errors import Conflict

Headers = dict[str, str]
QUEUED_AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _track_with_audio(services: Services, partner: Partner) -> tuple[uuid.UUID, uuid.UUID]:
    asset = Asset(
        uuid.uuid4(), partner.id, "uploads", "up-1/song.flac", 1, 1024, QUEUED_AT,
        audio_object=f"{partner.id}/song", status="extracted",
    )  # fmt: skip
    track = SoundRecording(uuid.uuid4(), partner.id, "Night Bus", asset_id=asset.id)
    with services.uow() as uow:
        uow.assets.add(asset, now=QUEUED_AT)
        uow.tracks.add(track, now=QUEUED_AT)
        uow.assets.set_status(partner.id, asset.id, "queued", now=QUEUED_AT)
    return track.id, asset.id


def _attempt(services: Services, partner: Partner, asset_id: uuid.UUID, state: str, error: str):
    key, at = uuid.uuid4().hex, QUEUED_AT + timedelta(seconds=5)
    with services.uow() as uow:
        for _ in range(3 if state == "dead_lettered" else 1):
            uow.analysis_attempts.begin(key, partner.id, asset_id, now=at)
        uow.analysis_attempts.finish(key, state, now=at + timedelta(seconds=30), error=error)


def _queued_requests(services: Services, asset_id: uuid.UUID) -> list[str]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT topic FROM bus_messages WHERE attributes->>'asset_id' = :asset"),
            {"asset": str(asset_id)},
        )
        return [row[0] for row in rows]


def test_a_dead_lettered_analysis_shows_why_in_words_and_reanalyse_queues_it_once(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track, asset = _track_with_audio(services, partner)
    _attempt(services, partner, asset, "dead_lettered", "RuntimeError: worker exited with -9")

    failed = client.get(f"/api/v1/tracks/{track}/analysis", headers=label)
    queued = client.post(f"/api/v1/tracks/{track}/reanalyse", headers=label)
    again = client.post(f"/api/v1/tracks/{track}/reanalyse", headers=label)
    now = client.get(f"/api/v1/tracks/{track}/analysis", headers=label).json

    assert failed.status_code == 200
    assert failed.json["state"] == "failed"
    assert failed.json["attempts"] == 3
    assert failed.json["error"]["code"] == "analysis_dead_lettered"
    assert "failed 3 times" in failed.json["error"]["message"]
    assert "RuntimeError" not in failed.json["error"]["message"]  # internals stay in the logs
    assert queued.status_code == 202, queued.json
    assert queued.json["state"] == "queued"
    assert _queued_requests(services, asset) == ["analysis-low"]  # a Free partner's topic
    assert again.status_code == 409
    assert "already queued" in again.json["detail"]
    assert now["state"] == "queued"
    assert now["error"] is None


def test_a_failed_analysis_shows_its_recorded_reason(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track, asset = _track_with_audio(services, partner)
    _attempt(services, partner, asset, "failed", "the audio could not be decoded: not a FLAC file")

    failed = client.get(f"/api/v1/tracks/{track}/analysis", headers=label).json

    assert failed["state"] == "failed"
    assert failed["error"] == {
        "code": "analysis_failed",
        "message": "the audio could not be decoded: not a FLAC file",
    }


def test_a_running_analysis_is_not_queued_twice_and_a_track_without_audio_cannot_be_analysed(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track, asset = _track_with_audio(services, partner)
    with services.uow() as uow:
        uow.analysis_attempts.begin("m-1", partner.id, asset, now=QUEUED_AT + timedelta(seconds=1))
    silent = client.post("/api/v1/tracks", json={"title": "No audio"}, headers=label).json["id"]

    running = client.post(f"/api/v1/tracks/{track}/reanalyse", headers=label)
    no_audio = client.post(f"/api/v1/tracks/{silent}/reanalyse", headers=label)
    none = client.get(f"/api/v1/tracks/{silent}/analysis", headers=label).json

    assert running.status_code == 409
    assert "already running" in running.json["detail"]
    assert _queued_requests(services, asset) == []
    assert no_audio.status_code == 422
    assert no_audio.json["field"] == "track"
    assert "has no audio to analyse" in no_audio.json["detail"]
    assert none["state"] == "none"


def test_two_reanalyses_at_once_queue_one_analysis(services: Services, partner: Partner) -> None:
    track, asset = _track_with_audio(services, partner)
    _attempt(services, partner, asset, "failed", "the audio could not be decoded")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def reanalyse() -> None:
        start.wait()
        try:
            services.track_analyses.reanalyse(partner.id, track)
            outcomes.append("queued")
        except Conflict:
            outcomes.append("refused")

    workers = [threading.Thread(target=reanalyse) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert sorted(outcomes) == ["queued", "refused"]
    assert _queued_requests(services, asset) == ["analysis-low"]
