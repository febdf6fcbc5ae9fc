"""Duplicates compared and merged (issue 17, item 2): two tracks side by side with their
differences and the side a merge keeps by default; a merge moves the chosen values (and the
other's place on its release) to the kept track with provenance "merged from track <other>",
deletes the other (restorable) in the same change, and an admin can undo it whole. Bad merges
are 4xx and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, Tier
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]


def _track(client: FlaskClient, headers: Headers, **fields: Any) -> str:
    response = client.post("/api/v1/tracks", json={"title": "Night Drive", **fields},
                           headers=headers)  # fmt: skip
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def _release(client: FlaskClient, headers: Headers, title: str = "EP") -> str:
    response = client.post("/api/v1/releases", json={"title": title}, headers=headers)
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def _merge(client: FlaskClient, headers: Headers, kept: str, other: str, **choices: str) -> Any:
    return client.post(f"/api/v1/tracks/{kept}/merge",
                       json={"other_id": other, "choices": choices}, headers=headers)  # fmt: skip


def test_compare_shows_both_tracks_field_by_field_with_the_default_side(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)
    kept = _track(client, label, genre="Jazz", isrc="GBUV72400001")
    other = _track(client, label, genre="Soul", bpm=120, release_id=release, track_number=3)

    response = client.get(f"/api/v1/tracks/{kept}/compare/{other}", headers=label)

    assert response.status_code == 200, response.json
    body = response.json
    assert (body["kept"]["id"], body["other"]["id"]) == (kept, other)
    rows = {row["field"]: row for row in body["fields"]}
    assert rows["title"]["differs"] is False
    assert (rows["genre"]["kept"], rows["genre"]["other"]) == ("Jazz", "Soul")
    assert rows["genre"]["differs"] is True
    assert rows["genre"]["default"] == "kept"  # both set by a person: the kept track's
    assert rows["bpm"]["default"] == "other"  # only the other has one
    assert rows["isrc"]["default"] == "kept"
    assert rows["release_id"]["default"] == "other"
    assert rows["genre"]["kept_source"] == "human"
    assert "status" not in rows


def test_a_merge_moves_the_chosen_values_and_the_release_place_then_deletes_the_other(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)
    kept = _track(client, label, genre="Jazz", isrc="GBUV72400002")
    other = _track(client, label, title="Night Drive (Remaster)", genre="Soul", bpm=120,
                   release_id=release, track_number=3)  # fmt: skip

    merged = _merge(client, label, kept, other, title="other")
    track = client.get(f"/api/v1/tracks/{kept}", headers=label).json
    gone = client.get(f"/api/v1/tracks/{other}", headers=label)
    tracklist = client.get(f"/api/v1/releases/{release}/tracklist", headers=label).json
    history = client.get(f"/api/v1/tracks/{kept}/history", headers=label).json["items"]

    assert merged.status_code == 200, merged.json
    assert merged.json["merged_track_id"] == other
    assert (track["title"], track["genre"], track["bpm"]) == ("Night Drive (Remaster)", "Jazz",
                                                              120.0)  # fmt: skip
    assert (track["release_id"], track["track_number"], track["isrc"]) == (
        release, 3, "GBUV72400002"
    )  # fmt: skip
    assert track["provenance"]["bpm"]["detail"] == f"merged from track {other}"
    assert track["provenance"]["genre"].get("detail") is None  # kept as it was
    assert gone.status_code == 404
    assert [entry["track_id"] for entry in tracklist["tracks"]] == [kept]
    assert any(e["change_id"] == merged.json["change_id"] for e in history)


def test_an_admin_undoes_a_merge_whole(client: FlaskClient, label: Headers, admin: Headers) -> None:
    release = _release(client, label)
    kept = _track(client, label, genre="Jazz")
    other = _track(client, label, bpm=120, release_id=release, track_number=1)
    change = _merge(client, label, kept, other).json["change_id"]

    by_label = client.post(f"/api/v1/changes/{change}/undo", headers=label)
    by_admin = client.post(f"/api/v1/changes/{change}/undo", headers=admin)
    track = client.get(f"/api/v1/tracks/{kept}", headers=label).json
    back = client.get(f"/api/v1/tracks/{other}", headers=label)

    assert by_label.status_code == 403  # it restores a deleted track: admins only
    assert by_admin.status_code == 200, by_admin.json
    assert (track["bpm"], track["release_id"]) == (None, None)
    assert back.status_code == 200
    assert (back.json["bpm"], back.json["release_id"]) == (120.0, release)


def test_bad_merges_are_refused_with_the_field_and_change_nothing(
    client: FlaskClient,
    label: Headers,
    auth: Callable[..., Headers],
    services: Services,
    partner: Partner,
    now: datetime,
) -> None:
    kept = _track(client, label, release_id=_release(client, label, "A"))
    other = _track(client, label, bpm=99, release_id=_release(client, label, "B"))
    loose = _track(client, label, bpm=100)
    stranger = services.partners.create_partner(
        f"Other Label {partner.id.hex[:8]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )
    theirs = _track(client, auth(stranger, Role.LABEL))

    itself = _merge(client, label, kept, kept)
    unknown = _merge(client, label, loose, other, tempo="other")
    wrong_side = _merge(client, label, loose, other, bpm="both")
    two_releases = _merge(client, label, kept, other)
    foreign = _merge(client, label, kept, theirs)
    foreign_compare = client.get(f"/api/v1/tracks/{kept}/compare/{theirs}", headers=label)

    assert (itself.status_code, itself.json["field"]) == (422, "other_id")
    assert (unknown.status_code, unknown.json["field"]) == (422, "choices.tempo")
    assert wrong_side.status_code == 422
    assert "choices" in str(wrong_side.json)
    assert two_releases.status_code == 409
    assert "take one off its release" in two_releases.json["detail"]
    assert (foreign.status_code, foreign.json["field"]) == (422, "other_id")
    assert foreign_compare.status_code == 404
    assert client.get(f"/api/v1/tracks/{other}", headers=label).json["bpm"] == 99.0
    assert client.get(f"/api/v1/tracks/{loose}", headers=label).json["bpm"] == 100.0
