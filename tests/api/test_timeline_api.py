"""The timeline in the API (issue 18 item 3): genre and mood per segment as the analysis stored
them, empty before analysis, another partner's track refused, replaced by a new analysis."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.enrichment import Label, TimelineSegment, TrackTimeline
from shared.domain.partners import Partner, Tier
from shared.domain.recordings import SoundRecording
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _segments(*moods: str) -> tuple[TimelineSegment, ...]:
    return tuple(
        TimelineSegment(15.0 * i, 15.0 * (i + 1), (Label("rock", 0.5),), (Label(mood, 0.4),))
        for i, mood in enumerate(moods)
    )


def _track(services: Services, partner: Partner, *moods: str) -> SoundRecording:
    asset_id = uuid.uuid4()
    track = SoundRecording(uuid.uuid4(), partner.id, "Turns dark", asset_id=asset_id)
    with services.uow() as uow:
        uow.tracks.add(track, now=NOW)
        if moods:
            timeline = TrackTimeline(asset_id, _segments(*moods), "musicnn", "0.1.0 test")
            uow.timelines.put(partner.id, timeline, now=NOW)
    return track


def test_the_timeline_lists_segments_in_order(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(services, partner, "happy", "energetic", "dark")

    answer = client.get(f"/api/v1/tracks/{track.id}/timeline", headers=label)

    assert answer.status_code == 200, answer.json
    body = answer.json
    assert (body["model"], body["model_version"]) == ("musicnn", "0.1.0 test")
    assert [s["moods"][0]["label"] for s in body["segments"]] == ["happy", "energetic", "dark"]
    assert body["segments"][2] == {
        "start_s": 30.0,
        "end_s": 45.0,
        "genres": [{"label": "rock", "score": 0.5}],
        "moods": [{"label": "dark", "score": 0.4}],
    }

    with services.uow() as uow:  # a new analysis replaces the timeline
        assert track.asset_id is not None
        again = TrackTimeline(track.asset_id, _segments("calm"), "musicnn", "0.2.0")
        uow.timelines.put(partner.id, again, now=NOW)
    body = client.get(f"/api/v1/tracks/{track.id}/timeline", headers=label).json
    assert [s["moods"][0]["label"] for s in body["segments"]] == ["calm"]
    assert body["model_version"] == "0.2.0"


def test_no_segments_before_analysis_and_no_other_partners_track(
    client: FlaskClient,
    label: Headers,
    services: Services,
    partner: Partner,
    auth: Callable[..., Headers],
) -> None:
    fresh = _track(services, partner)
    answer = client.get(f"/api/v1/tracks/{fresh.id}/timeline", headers=label)
    assert answer.status_code == 200
    assert answer.json == {"segments": [], "model": None, "model_version": None}

    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", Tier.PRO, now=NOW, actor=TEST_ACTOR
    )
    theirs = _track(services, other, "sad")
    assert client.get(f"/api/v1/tracks/{theirs.id}/timeline", headers=label).status_code == 404
    mine = client.get(f"/api/v1/tracks/{theirs.id}/timeline", headers=auth(other))
    assert [s["moods"][0]["label"] for s in mine.json["segments"]] == ["sad"]


def test_graphql_gives_the_timeline_too(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    track = _track(services, partner, "calm", "energetic")
    query = '{ track(id: "ID") { timeline { startS endS moods { label score } } } }'
    answer = client.post(
        "/graphql", json={"query": query.replace("ID", str(track.id))}, headers=label
    )
    assert answer.status_code == 200, answer.json
    segments = answer.json["data"]["track"]["timeline"]
    assert [(s["startS"], s["moods"][0]["label"]) for s in segments] == [
        (0.0, "calm"),
        (15.0, "energetic"),
    ]
