"""Building a release from tracks and editing its tracklist: each operation answers the whole
tracklist and an undoable change; bad input is 422 naming the field, with nothing saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Role, Tier
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]


def _tracks(client: FlaskClient, label: Headers, *titles: str) -> list[str]:
    ids = []
    for title in titles:
        response = client.post("/api/v1/tracks", json={"title": title}, headers=label)
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return ids


def _build(client: FlaskClient, label: Headers, track_ids: list[str], title: str = "EP") -> Any:
    response = client.post(
        "/api/v1/releases/from-tracks",
        json={"title": title, "release_type": "EP", "track_ids": track_ids},
        headers=label,
    )
    assert response.status_code == 201, response.json
    return response.json


def _order(tracklist: Any) -> list[tuple[str, int, int]]:
    return [(t["title"], t["disc_number"], t["track_number"]) for t in tracklist["tracks"]]


def _tracklist(client: FlaskClient, label: Headers, release_id: str) -> Any:
    return client.get(f"/api/v1/releases/{release_id}/tracklist", headers=label).json


def test_a_release_is_created_from_tracks_in_the_order_given(
    client: FlaskClient, label: Headers
) -> None:
    first, second, third = _tracks(client, label, "Intro", "Night Drive", "Outro")

    built = _build(client, label, [third, first, second])
    track = client.get(f"/api/v1/tracks/{first}", headers=label).json

    assert built["release"]["title"] == "EP"
    assert built["release"]["release_type"] == "EP"
    assert built["change_id"]
    assert _order(built["tracklist"]) == [("Outro", 1, 1), ("Intro", 1, 2), ("Night Drive", 1, 3)]
    assert track["release_id"] == built["release"]["id"]
    assert track["provenance"]["track_number"]["source"] == "human"


def test_creating_from_an_unknown_or_repeated_track_names_it_and_creates_nothing(
    client: FlaskClient, label: Headers
) -> None:
    (known,) = _tracks(client, label, "Intro")
    before = client.get("/api/v1/releases", headers=label).json["items"]

    unknown = client.post(
        "/api/v1/releases/from-tracks",
        json={"title": "EP", "track_ids": [known, str(uuid.uuid4())]},
        headers=label,
    )
    repeated = client.post(
        "/api/v1/releases/from-tracks",
        json={"title": "EP", "track_ids": [known, known]},
        headers=label,
    )
    bad_release = client.post(
        "/api/v1/releases/from-tracks",
        json={"title": "EP", "upc": "123", "track_ids": [known]},
        headers=label,
    )
    none = client.post(
        "/api/v1/releases/from-tracks", json={"title": "EP", "track_ids": []}, headers=label
    )

    assert (unknown.status_code, unknown.json["field"]) == (422, "track_ids[1]")
    assert (repeated.status_code, repeated.json["field"]) == (422, "track_ids[1]")
    assert (bad_release.status_code, bad_release.json["field"]) == (422, "upc")
    assert (none.status_code, none.json["field"]) == (422, "track_ids")
    assert client.get("/api/v1/releases", headers=label).json["items"] == before
    assert client.get(f"/api/v1/tracks/{known}", headers=label).json["release_id"] is None


def test_a_track_is_added_at_the_end_or_at_a_number_moving_the_rest_down(
    client: FlaskClient, label: Headers
) -> None:
    first, second, bonus, hidden = _tracks(client, label, "A", "B", "Bonus", "Hidden")
    release_id = _build(client, label, [first, second])["release"]["id"]
    url = f"/api/v1/releases/{release_id}/tracklist"

    at_end = client.post(url, json={"track_id": bonus}, headers=label)
    at_one = client.post(url, json={"track_id": hidden, "track_number": 1}, headers=label)

    assert at_end.status_code == 200, at_end.json
    assert at_end.json["change_id"]
    assert _order(at_end.json) == [("A", 1, 1), ("B", 1, 2), ("Bonus", 1, 3)]
    assert _order(at_one.json) == [("Hidden", 1, 1), ("A", 1, 2), ("B", 1, 3), ("Bonus", 1, 4)]


def test_adding_a_bad_track_is_422_naming_the_field_and_changes_nothing(
    client: FlaskClient, label: Headers
) -> None:
    first, other = _tracks(client, label, "A", "Other")
    release_id = _build(client, label, [first])["release"]["id"]
    url = f"/api/v1/releases/{release_id}/tracklist"
    before = _tracklist(client, label, release_id)

    unknown = client.post(url, json={"track_id": str(uuid.uuid4())}, headers=label)
    already = client.post(url, json={"track_id": first}, headers=label)
    disc_zero = client.post(url, json={"track_id": other, "disc_number": 0}, headers=label)
    not_an_id = client.post(url, json={"track_id": "seven"}, headers=label)

    assert (unknown.status_code, unknown.json["field"]) == (422, "track_id")
    assert (already.status_code, already.json["field"]) == (422, "track_id")
    assert (disc_zero.status_code, disc_zero.json["field"]) == (422, "disc_number")
    assert (not_an_id.status_code, not_an_id.json["field"]) == (422, "track_id")
    assert _tracklist(client, label, release_id) == before


def test_a_track_taken_from_another_release_leaves_no_gap_there(
    client: FlaskClient, label: Headers
) -> None:
    a, b, c = _tracks(client, label, "A", "B", "C")
    old = _build(client, label, [a, b, c], "Old")["release"]["id"]
    new = _build(client, label, [b], "New")["release"]["id"]

    assert _order(_tracklist(client, label, old)) == [("A", 1, 1), ("C", 1, 2)]
    assert _order(_tracklist(client, label, new)) == [("B", 1, 1)]


def test_removing_a_track_closes_the_gap_and_keeps_the_track(
    client: FlaskClient, label: Headers
) -> None:
    a, b, c = _tracks(client, label, "A", "B", "C")
    release_id = _build(client, label, [a, b, c])["release"]["id"]

    removed = client.delete(f"/api/v1/releases/{release_id}/tracklist/{a}", headers=label)
    track = client.get(f"/api/v1/tracks/{a}", headers=label)

    assert removed.status_code == 200, removed.json
    assert _order(removed.json) == [("B", 1, 1), ("C", 1, 2)]
    assert track.status_code == 200
    assert (track.json["release_id"], track.json["track_number"]) == (None, None)


def test_removing_a_track_not_on_the_release_is_422_and_changes_nothing(
    client: FlaskClient, label: Headers
) -> None:
    a, stranger = _tracks(client, label, "A", "Stranger")
    release_id = _build(client, label, [a])["release"]["id"]
    before = _tracklist(client, label, release_id)

    response = client.delete(f"/api/v1/releases/{release_id}/tracklist/{stranger}", headers=label)

    assert (response.status_code, response.json["field"]) == (422, "track_id")
    assert _tracklist(client, label, release_id) == before


def test_setting_discs_and_numbers_reorders_and_undo_puts_it_back(
    client: FlaskClient, label: Headers
) -> None:
    a, b, c = _tracks(client, label, "A", "B", "C")
    release_id = _build(client, label, [a, b, c])["release"]["id"]
    url = f"/api/v1/releases/{release_id}/tracklist"
    body = {
        "tracks": [
            {"track_id": c, "disc_number": 1, "track_number": 1},
            {"track_id": a, "disc_number": 1, "track_number": 2},
            {"track_id": b, "disc_number": 2, "track_number": 1},
        ]
    }

    reordered = client.put(url, json=body, headers=label)
    undone = client.post(f"/api/v1/changes/{reordered.json['change_id']}/undo", headers=label)

    assert reordered.status_code == 200, reordered.json
    assert _order(reordered.json) == [("C", 1, 1), ("A", 1, 2), ("B", 2, 1)]
    assert undone.status_code == 200, undone.json
    assert _order(_tracklist(client, label, release_id)) == [("A", 1, 1), ("B", 1, 2), ("C", 1, 3)]


def test_a_bad_tracklist_is_422_naming_the_field_and_changes_nothing(
    client: FlaskClient, label: Headers
) -> None:
    a, b, stranger = _tracks(client, label, "A", "B", "Stranger")
    release_id = _build(client, label, [a, b])["release"]["id"]
    url = f"/api/v1/releases/{release_id}/tracklist"
    before = _tracklist(client, label, release_id)

    def put(*places: tuple[str, int, int]) -> Any:
        tracks = [{"track_id": t, "disc_number": d, "track_number": n} for t, d, n in places]
        return client.put(url, json={"tracks": tracks}, headers=label)

    same_place = put((b, 1, 1), (a, 1, 1))
    left_out = put((b, 1, 1))
    not_on_it = put((a, 1, 1), (b, 1, 2), (stranger, 1, 3))
    twice = put((a, 1, 1), (a, 1, 2), (b, 1, 3))
    zero = put((a, 1, 0), (b, 1, 1))

    assert (same_place.status_code, same_place.json["field"]) == (422, "tracks[1].track_number")
    assert (left_out.status_code, left_out.json["field"]) == (422, "tracks")
    assert (not_on_it.status_code, not_on_it.json["field"]) == (422, "tracks[2].track_id")
    assert (twice.status_code, twice.json["field"]) == (422, "tracks[1].track_id")
    assert (zero.status_code, zero.json["field"]) == (422, "tracks[0].track_number")
    assert _tracklist(client, label, release_id) == before


def test_another_partners_release_is_not_found(
    client: FlaskClient,
    label: Headers,
    auth: Callable[..., Headers],
    services: Services,
    now: datetime,
) -> None:
    (a,) = _tracks(client, label, "A")
    release_id = _build(client, label, [a])["release"]["id"]
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:8]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )

    read = client.get(f"/api/v1/releases/{release_id}/tracklist", headers=auth(other, Role.LABEL))
    remove = client.delete(
        f"/api/v1/releases/{release_id}/tracklist/{a}", headers=auth(other, Role.LABEL)
    )

    assert (read.status_code, remove.status_code) == (404, 404)
    assert _tracklist(client, label, release_id)["tracks"][0]["track_id"] == a
