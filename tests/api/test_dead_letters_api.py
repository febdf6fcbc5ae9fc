"""The dashboard's dead-letter list: a partner sees only its own work that was set aside, in
words (the recorded exception stays with the operators), with what it was about, and dismisses
it with an audit event. Real PostgreSQL; the letters are recorded as the dlq function does."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.assets import Asset
from shared.domain.dead_letters import (
    DELIVERY_COUNT_ATTRIBUTE,
    FAILURE_REASON_ATTRIBUTE,
    PARTNER_ATTRIBUTE,
    SOURCE_TOPIC_ATTRIBUTE,
    DeadLetter,
)
from shared.domain.partners import Partner, Role, Tier
from shared.domain.recordings import SoundRecording
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]
AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _record(services: Services, partner: Partner, topic: str, data: dict, minutes: int) -> None:
    letter = DeadLetter(
        topic="analysis-dlq" if topic.startswith("analysis") else "jobs-dlq",
        message_id=uuid.uuid4().hex,
        data=json.dumps(data).encode(),
        attributes={
            FAILURE_REASON_ATTRIBUTE: "RuntimeError: worker exited with -9",
            SOURCE_TOPIC_ATTRIBUTE: topic,
            PARTNER_ATTRIBUTE: str(partner.id),
            DELIVERY_COUNT_ATTRIBUTE: "3",
        },
        published_at=AT,
    )
    services.dead_letters.record(letter, now=AT + timedelta(minutes=minutes))


def _dashboard_open(client: FlaskClient, headers: Headers) -> int:
    body = client.get("/api/v1/stats/dashboard", headers=headers).json
    return int(body["dead_letters"]["open"])


def test_a_partner_lists_its_own_dead_letters_in_words_newest_first(
    client: FlaskClient, label: Headers, admin: Headers, services: Services, partner: Partner
) -> None:
    track_id, job_id = uuid.uuid4(), uuid.uuid4()
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", Tier.PRO, now=AT, actor=TEST_ACTOR
    )
    _record(services, partner, "analysis-high", {"asset_id": str(uuid.uuid4()),
            "track_id": str(track_id), "partner_id": str(partner.id)}, minutes=1)  # fmt: skip
    _record(services, partner, "exports", {"job_id": str(job_id)}, minutes=2)
    _record(services, other, "imports", {"job_id": str(uuid.uuid4())}, minutes=3)

    mine = client.get("/api/v1/dead-letters", headers=label)
    as_admin = client.get(f"/api/v1/dead-letters?partner_id={partner.id}", headers=admin)

    assert mine.status_code == 200, mine.json
    items = mine.json["items"]
    assert [(x["topic"], x["subject_kind"], x["subject_id"]) for x in items] == [
        ("exports", "export", str(job_id)),
        ("analysis-high", "track", str(track_id)),
    ]  # newest first; the other partner's import is not listed
    assert items[1]["summary"] == (
        "The analysis of a track's audio failed 3 times and was set aside: open the track "
        "and choose Re-analyse."
    )
    assert all(x["reason"] is None for x in items)  # the exception is for operators
    assert [x["reason"] for x in as_admin.json["items"]] == [
        "RuntimeError: worker exited with -9"
    ] * 2


def test_dismissing_a_dead_letter_removes_it_from_the_list_and_the_dashboard_with_an_audit(
    client: FlaskClient,
    label: Headers,
    auth: Callable[..., Headers],
    services: Services,
    partner: Partner,
) -> None:
    _record(services, partner, "imports", {"job_id": str(uuid.uuid4())}, minutes=1)
    letter_id = client.get("/api/v1/dead-letters", headers=label).json["items"][0]["id"]
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", Tier.PRO, now=AT, actor=TEST_ACTOR
    )
    before = _dashboard_open(client, label)

    stranger = client.post(
        f"/api/v1/dead-letters/{letter_id}/dismiss", headers=auth(other, Role.LABEL)
    )
    dismissed = client.post(f"/api/v1/dead-letters/{letter_id}/dismiss", headers=label)
    twice = client.post(f"/api/v1/dead-letters/{letter_id}/dismiss", headers=label)

    assert stranger.status_code == 404  # another partner's letter is not theirs to see
    assert dismissed.status_code == 204
    assert twice.status_code == 404
    assert "already dismissed" in twice.json["detail"]
    assert client.get("/api/v1/dead-letters", headers=label).json["items"] == []
    assert (before, _dashboard_open(client, label)) == (1, 0)
    with services.engine.connect() as conn:
        actions = conn.execute(
            sa.text("SELECT action FROM audit_events WHERE entity_id = :id"), {"id": letter_id}
        ).scalars().all()  # fmt: skip
    assert actions == ["dead_letter.dismiss"]


def test_a_bad_limit_is_refused_naming_the_field(client: FlaskClient, label: Headers) -> None:
    response = client.get("/api/v1/dead-letters?limit=0", headers=label)

    assert response.status_code == 422
    assert response.json["field"] == "limit"


def test_re_analysing_a_track_resolves_the_dead_letters_of_its_earlier_runs(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    asset = Asset(
        uuid.uuid4(), partner.id, "uploads", "up-1/song.flac", 1, 1024, AT,
        audio_object=f"{partner.id}/song", status="extracted",
    )  # fmt: skip
    track = SoundRecording(uuid.uuid4(), partner.id, "Night Bus", asset_id=asset.id)
    with services.uow() as uow:
        uow.assets.add(asset, now=AT)
        uow.tracks.add(track, now=AT)
    _record(services, partner, "analysis-low", {"asset_id": str(asset.id),
            "track_id": str(track.id)}, minutes=1)  # fmt: skip
    _record(services, partner, "exports", {"job_id": str(uuid.uuid4())}, minutes=2)

    queued = client.post(f"/api/v1/tracks/{track.id}/reanalyse", headers=label)
    left = client.get("/api/v1/dead-letters", headers=label).json["items"]

    assert queued.status_code == 202, queued.json
    assert [x["subject_kind"] for x in left] == ["export"]  # the track's letter went with it
