"""GET track by id and by ISRC through the shared read cache (the machine's Redis), and every
kind of write reaching it: PATCH, bulk PATCH, a party's rename, an ISRC moving, a delete and a
bulk import. Each test first reads so the value is cached, then writes, then reads again."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.services.import_runs import ImportOptions
from shared.services.read_cache import isrc_key, stale_marker, track_key
from shared.settings import Settings
from tests.api.test_catalog_rest import _create

REDIS_URL = "redis://127.0.0.1:6379/12"
Headers = dict[str, str]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"redis_url": REDIS_URL})


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()
    client.close()


def _get(client: FlaskClient, headers: Headers, track_id: str) -> Any:
    answer = client.get(f"/api/v1/tracks/{track_id}", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def _by_isrc(client: FlaskClient, headers: Headers, isrc: str) -> list[str]:
    answer = client.get(f"/api/v1/tracks?isrc={isrc}", headers=headers)
    assert answer.status_code == 200, answer.json
    return [item["title"] for item in answer.json["items"]]


def test_a_read_is_served_from_the_cache_in_the_same_shape_as_from_the_database(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    artist = _create(client, label, "parties", {"name": "Nina Sky", "kind": "person"})
    track = _create(
        client,
        label,
        "tracks",
        {
            "title": "Cached",
            "isrc": "GB-UV7-12-00495",
            "contributors": [{"party_id": artist["id"], "role": "MainArtist", "share": 50}],
        },
    )
    cached_before = services.cache.get(track_key(partner.id, uuid.UUID(track["id"])))

    first = _get(client, label, track["id"])
    stored = services.cache.get(track_key(partner.id, uuid.UUID(track["id"])))
    again = _get(client, label, track["id"])
    listed = client.get("/api/v1/tracks?isrc=GBUV71200495", headers=label).json

    assert cached_before is None
    assert stored is not None
    assert first == again == {k: v for k, v in track.items() if k != "change_id"}
    assert listed == {"items": [first], "next_cursor": None}


def test_patch_bulk_patch_and_delete_reach_the_cache(
    client: FlaskClient, label: Headers, partner: Partner
) -> None:
    track = _create(client, label, "tracks", {"title": "Before", "isrc": "USRC17607839"})
    _get(client, label, track["id"]), _by_isrc(client, label, "USRC17607839")

    client.patch(f"/api/v1/tracks/{track['id']}", headers=label, json={"title": "Patched"})
    after_patch = _get(client, label, track["id"])["title"], _by_isrc(client, label, "USRC17607839")
    bulk = client.patch(
        "/api/v1/tracks", headers=label, json={"ids": [track["id"]], "set": {"genre": "Jazz"}}
    )
    after_bulk = _get(client, label, track["id"])["genre"]
    client.delete(f"/api/v1/tracks/{track['id']}", headers=label)
    after_delete = client.get(f"/api/v1/tracks/{track['id']}", headers=label)

    assert after_patch == ("Patched", ["Patched"])
    assert bulk.status_code == 200
    assert after_bulk == "Jazz"
    assert after_delete.status_code == 404
    assert _by_isrc(client, label, "USRC17607839") == []


def test_an_isrc_moving_leaves_the_old_lookup_and_joins_the_new_one(
    client: FlaskClient, label: Headers
) -> None:
    track = _create(client, label, "tracks", {"title": "Mover", "isrc": "USRC17607839"})
    assert _by_isrc(client, label, "USRC17607839") == ["Mover"]
    assert _by_isrc(client, label, "GBUV71200495") == []  # an empty answer is cached too

    client.patch(f"/api/v1/tracks/{track['id']}", headers=label, json={"isrc": "GBUV71200495"})

    assert _by_isrc(client, label, "USRC17607839") == []
    assert _by_isrc(client, label, "GBUV71200495") == ["Mover"]


def test_renaming_a_party_refreshes_the_credits_of_its_tracks(
    client: FlaskClient, label: Headers
) -> None:
    artist = _create(client, label, "parties", {"name": "Old Name", "kind": "person"})
    track = _create(
        client,
        label,
        "tracks",
        {"title": "Credited", "contributors": [{"party_id": artist["id"], "role": "MainArtist"}]},
    )
    assert _get(client, label, track["id"])["contributors"][0]["name"] == "Old Name"

    client.patch(f"/api/v1/parties/{artist['id']}", headers=label, json={"name": "New Name"})

    assert _get(client, label, track["id"])["contributors"][0]["name"] == "New Name"


def test_a_bulk_import_reaches_the_cache(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    track = _create(client, label, "tracks", {"title": "Old Title", "isrc": "USRC17607839"})
    _get(client, label, track["id"])
    assert _by_isrc(client, label, "GBUV71200495") == []
    data = b"ISRC,Track Title\nUSRC17607839,Imported Title\nGBUV71200495,Brand New\n"

    services.imports.run_file(
        partner.id,
        "tracks.csv",
        lambda: io.BytesIO(data),
        len(data),
        ImportOptions(keep_person_values=False),  # the title was typed by a person
        Actor.system("tests"),
        now=now,
    )

    assert _get(client, label, track["id"])["title"] == "Imported Title"
    assert _by_isrc(client, label, "GBUV71200495") == ["Brand New"]


def test_another_partners_track_is_not_found_even_when_cached(
    client: FlaskClient,
    label: Headers,
    auth: Callable[..., Headers],
    services: Services,
    now: datetime,
) -> None:
    track = _create(client, label, "tracks", {"title": "Mine", "isrc": "USRC17607839"})
    _get(client, label, track["id"])
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", partner_tier(), now=now, actor=Actor.system("tests")
    )
    stranger = auth(other)

    assert client.get(f"/api/v1/tracks/{track['id']}", headers=stranger).status_code == 404
    assert _by_isrc(client, stranger, "USRC17607839") == []


def partner_tier() -> Any:
    from shared.domain.partners import Tier

    return Tier.PRO


def test_a_cold_read_by_id_is_one_statement_and_one_redis_round_trip_more_than_a_hit(
    client: FlaskClient,
    label: Headers,
    statements: list[str],
    redis_round_trips: list[list[str]],
) -> None:
    warm = _create(client, label, "tracks", {"title": "Warm", "isrc": "USRC17607839"})
    track = _create(client, label, "tracks", {"title": "Cold", "isrc": "GBUV71200495"})
    _get(client, label, warm["id"])  # the scripts are loaded, the read pool connected
    statements.clear(), redis_round_trips.clear()

    cold = _get(client, label, track["id"])
    on_miss = list(statements), list(redis_round_trips)
    statements.clear(), redis_round_trips.clear()
    hit = _get(client, label, track["id"])

    assert cold == hit
    assert hit["title"] == "Cold"
    assert len(on_miss[0]) == 1, on_miss[0]  # the track with its credits
    assert "track_contributors" in on_miss[0][0]
    # the rate limit; read counted + lookup (+ lock and markers); the store
    assert on_miss[1] == [["EVALSHA"], ["EVALSHA"], ["EVALSHA"]], on_miss[1]
    assert statements == []
    assert redis_round_trips == [["EVALSHA"], ["EVALSHA"]]  # the rate limit; the lookup


def _expire_markers(partner: Partner, *tracks: dict[str, Any]) -> None:
    """What a write leaves for a short time (its lock TTL) so that no read straddling it stores
    an old value; here dropped at once, as if that time had passed."""
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*(stale_marker(track_key(partner.id, uuid.UUID(t["id"]))) for t in tracks))
    client.close()


def test_a_cold_read_by_isrc_is_one_statement_and_one_store_and_stores_its_tracks(
    client: FlaskClient,
    label: Headers,
    partner: Partner,
    statements: list[str],
    redis_round_trips: list[list[str]],
) -> None:
    warm = _create(client, label, "tracks", {"title": "Warm", "isrc": "USRC17607839"})
    first = _create(client, label, "tracks", {"title": "First", "isrc": "GBUV71200495"})
    second = _create(client, label, "tracks", {"title": "Second", "isrc": "GBUV71200495"})
    _by_isrc(client, label, warm["isrc"])  # the scripts are loaded, the read pool connected
    _expire_markers(partner, first, second)  # as 10 s after the writes that made them
    statements.clear(), redis_round_trips.clear()

    cold = client.get("/api/v1/tracks?isrc=GBUV71200495", headers=label).json
    on_miss = list(statements), list(redis_round_trips)
    statements.clear(), redis_round_trips.clear()
    hit = client.get("/api/v1/tracks?isrc=GBUV71200495", headers=label).json
    on_hit = list(statements), list(redis_round_trips)
    statements.clear(), redis_round_trips.clear()
    by_id = _get(client, label, second["id"])

    assert cold == hit
    assert [t["id"] for t in cold["items"]] == [first["id"], second["id"]]
    assert len(on_miss[0]) == 1, on_miss[0]  # both tracks with their credits
    assert "track_contributors" in on_miss[0][0]
    # the rate limit; lookup (+ lock and markers); the ids and both tracks stored
    assert on_miss[1] == [["EVALSHA"], ["EVALSHA"], ["EVALSHA"]], on_miss[1]
    assert on_hit[0] == []
    assert len(on_hit[1]) == 4, on_hit[1]  # the rate limit; the ids; each track by id
    assert by_id == cold["items"][1]
    assert statements == []  # stored with the ISRC's entry


def test_an_isrc_with_more_tracks_than_the_page_is_paged_and_not_cached(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    made = [
        _create(client, label, "tracks", {"title": f"Take {n}", "isrc": "GBUV71200495"})
        for n in range(3)
    ]

    page = client.get("/api/v1/tracks?isrc=GBUV71200495&limit=2", headers=label).json
    everything = client.get("/api/v1/tracks?isrc=GBUV71200495&limit=3", headers=label).json

    assert [t["id"] for t in page["items"]] == [t["id"] for t in made[:2]]
    assert page["next_cursor"] is not None
    assert [t["id"] for t in everything["items"]] == [t["id"] for t in made]
    assert services.cache.get(isrc_key(partner.id, "GBUV71200495")) is not None  # the 2nd
