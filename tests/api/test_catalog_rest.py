"""REST catalog: create, get, PATCH with provenance, lists with filters and cursors, soft delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from shared.domain.partners import Partner, Role

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, plural: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{plural}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_a_track_is_created_read_and_patched_with_human_provenance(
    client: FlaskClient, label: Headers
) -> None:
    artist = _create(client, label, "parties", {"name": "Nina Sky", "kind": "person"})
    work = _create(
        client,
        label,
        "works",
        {
            "title": "Move",
            "iswc": "T-034.524.680-1",
            "writers": [{"party_id": artist["id"], "role": "CA", "pr_share": 100}],
        },
    )
    track = _create(
        client,
        label,
        "tracks",
        {
            "title": "Move Ya Body",
            "isrc": "us-rc1-76-07839",
            "bpm": 120,
            "key": "Am",
            "work_id": work["id"],
            "contributors": [{"party_id": artist["id"], "role": "producer", "share": 50}],
        },
    )

    patched = client.patch(
        f"/api/v1/tracks/{track['id']}", json={"genre": "Dance", "bpm": 121.5}, headers=label
    )
    read = client.get(f"/api/v1/tracks/{track['id']}", headers=label).json

    assert track["isrc"] == "USRC17607839"
    assert track["key"] == "A minor"
    assert track["contributors"][0] == {
        "party_id": artist["id"],
        "name": "Nina Sky",
        "role": "StudioProducer",
        "sequence": 1,
        "share": 50.0,
    }
    assert patched.status_code == 200
    assert patched.json["change_id"]
    assert read["genre"] == "Dance"
    assert read["bpm"] == 121.5
    assert read["provenance"]["bpm"]["source"] == "human"
    assert work["writers"][0]["name"] == "Nina Sky"


def test_bad_values_are_422_naming_the_field(client: FlaskClient, label: Headers) -> None:
    track = _create(client, label, "tracks", {"title": "Song"})

    bad_isrc = client.patch(f"/api/v1/tracks/{track['id']}", json={"isrc": "USRC1"}, headers=label)
    bad_key = client.patch(
        f"/api/v1/tracks/{track['id']}", json={"key": "H# dorian"}, headers=label
    )
    unknown_party = client.patch(
        f"/api/v1/tracks/{track['id']}",
        headers=label,
        json={"contributors": [{"party_id": track["id"], "role": "MainArtist"}]},
    )

    assert bad_isrc.status_code == 422
    assert bad_isrc.json["field"] == "isrc"
    assert "12" in bad_isrc.json["detail"]
    assert bad_key.json["field"] == "key"
    assert unknown_party.json["field"] == "contributors[0].party_id"


def test_lists_filter_sort_and_page_with_a_cursor(client: FlaskClient, label: Headers) -> None:
    for i in range(7):
        _create(
            client,
            label,
            "tracks",
            {
                "title": f"Night Drive {i}",
                "bpm": 100 + i * 5,
                "genre": "House" if i % 2 else "Techno",
            },
        )
    _create(client, label, "tracks", {"title": "Sunrise", "isrc": "GBAYE0601498"})

    first = client.get("/api/v1/tracks?sort=-bpm&limit=2&genre=house", headers=label).json
    second = client.get(
        f"/api/v1/tracks?sort=-bpm&limit=2&genre=house&after={first['next_cursor']}", headers=label
    ).json
    fuzzy = client.get("/api/v1/tracks?q=nite%20drive", headers=label).json
    by_isrc = client.get("/api/v1/tracks?isrc=GB-AYE-06-01498", headers=label).json
    bpm_range = client.get("/api/v1/tracks?bpm_min=110&bpm_max=120", headers=label).json
    missing = client.get("/api/v1/tracks?missing=isrc&missing=genre", headers=label).json

    assert [t["bpm"] for t in first["items"]] == [125.0, 115.0]
    assert [t["bpm"] for t in second["items"]] == [105.0]  # only three house tracks
    assert second["next_cursor"] is None
    assert len(fuzzy["items"]) == 7
    assert [t["title"] for t in by_isrc["items"]] == ["Sunrise"]
    assert sorted(t["bpm"] for t in bpm_range["items"]) == [110.0, 115.0, 120.0]
    assert missing["items"] == []


def test_cursor_pagination_visits_every_row_once(client: FlaskClient, label: Headers) -> None:
    titles = {f"Track {i:02d}" for i in range(12)}
    for title in titles:
        _create(client, label, "tracks", {"title": title})

    seen: list[str] = []
    after = ""
    while True:
        page = client.get(f"/api/v1/tracks?sort=title&limit=5{after}", headers=label).json
        seen += [t["title"] for t in page["items"]]
        if not page["next_cursor"]:
            break
        after = f"&after={page['next_cursor']}"

    assert seen == sorted(titles)


def test_a_bad_filter_or_sort_is_named(client: FlaskClient, label: Headers) -> None:
    bad_sort = client.get("/api/v1/tracks?sort=password", headers=label)
    bad_missing = client.get("/api/v1/tracks?missing=secret", headers=label)
    bad_limit = client.get("/api/v1/tracks?limit=100000", headers=label)
    bad_cursor = client.get("/api/v1/tracks?after=garbage", headers=label)

    assert (bad_sort.status_code, bad_sort.json["field"]) == (422, "sort")
    assert bad_missing.json["field"] == "missing"
    assert bad_limit.json["field"] == "limit"
    assert bad_cursor.json["field"] == "after"


def test_the_failed_validation_filter_lists_tracks_and_releases_that_failed(
    client: FlaskClient, label: Headers, services: Any, partner: Partner, now: Any
) -> None:
    from tests.support.catalog import album_bundle, store_bundle

    album = store_bundle(services, album_bundle(partner.id), now)
    release = _create(client, label, "releases", {"title": "No tracks, no deal"})
    before = client.get("/api/v1/releases?validation=unchecked", headers=label).json
    services.validation.sweep(now=lambda: now, limit=100, budget_s=600, partner_id=partner.id)

    failed = client.get("/api/v1/releases?validation=failed", headers=label).json
    tracks = client.get("/api/v1/tracks?validation=valid", headers=label).json
    works = client.get("/api/v1/works?validation=failed", headers=label)
    unknown = client.get("/api/v1/tracks?validation=broken", headers=label)

    assert {r["id"] for r in before["items"]} == {str(album.release.id), release["id"]}
    assert [r["id"] for r in failed["items"]] == [release["id"]]
    assert {t["id"] for t in tracks["items"]} == {str(t.id) for t in album.tracks}
    assert (works.status_code, works.json["field"]) == (422, "validation")
    assert (unknown.status_code, unknown.json["field"]) == (422, "validation")


def test_invalid_identifiers_and_low_confidence_filters(
    client: FlaskClient, label: Headers, services: Any, partner: Partner
) -> None:
    import sqlalchemy as sa

    good = _create(client, label, "tracks", {"title": "Good", "isrc": "USRC17607839"})
    bad = _create(client, label, "tracks", {"title": "Imported badly"})
    guessed = _create(client, label, "tracks", {"title": "Guessed"})
    with services.engine.begin() as conn:  # what a COPY import can leave behind
        conn.execute(sa.text("UPDATE tracks SET isrc = 'XX123' WHERE id = :id"), {"id": bad["id"]})
        conn.execute(
            sa.text("""UPDATE tracks SET bpm = 90, provenance = '{"bpm": {"source": "ai",
            "at": "2026-01-01T00:00:00+00:00", "confidence": 0.41, "model": "m",
            "model_version": "1"}}' WHERE id = :id"""),
            {"id": guessed["id"]},
        )

    invalid = client.get("/api/v1/tracks?invalid=isrc", headers=label).json
    low = client.get("/api/v1/tracks?low_confidence=true", headers=label).json

    assert [t["id"] for t in invalid["items"]] == [bad["id"]]
    assert [t["id"] for t in low["items"]] == [guessed["id"]]
    assert good["id"] not in {t["id"] for t in invalid["items"] + low["items"]}


def test_delete_hides_the_track_and_only_an_admin_restores_it(
    client: FlaskClient, label: Headers, admin: Headers, partner: Partner
) -> None:
    track = _create(client, label, "tracks", {"title": "Forget me"})

    deleted = client.delete(f"/api/v1/tracks/{track['id']}", headers=label)
    hidden = client.get(f"/api/v1/tracks/{track['id']}", headers=label)
    listed = client.get("/api/v1/tracks", headers=label).json["items"]
    label_restore = client.post(f"/api/v1/tracks/{track['id']}/restore", headers=label)
    in_bin = client.get(f"/api/v1/tracks/deleted?partner_id={partner.id}", headers=admin).json
    restored = client.post(
        f"/api/v1/tracks/{track['id']}/restore?partner_id={partner.id}", headers=admin
    )

    assert deleted.status_code == 200
    assert hidden.status_code == 404
    assert track["id"] not in {t["id"] for t in listed}
    assert label_restore.status_code == 403
    assert track["id"] in {d["id"] for d in in_bin["items"]}
    assert restored.status_code == 200
    assert client.get(f"/api/v1/tracks/{track['id']}", headers=label).status_code == 200


def test_an_admin_reaches_any_partners_object_by_id(
    client: FlaskClient, label: Headers, admin: Headers
) -> None:
    track = _create(client, label, "tracks", {"title": "Visible to admins"})

    read = client.get(f"/api/v1/tracks/{track['id']}", headers=admin)
    listing = client.get("/api/v1/tracks", headers=admin)

    assert read.status_code == 200
    assert listing.status_code == 422
    assert listing.json["field"] == "partner_id"


def test_deals_outside_a_callers_territories_are_hidden(
    client: FlaskClient, label: Headers, auth: Callable[..., Headers], partner: Partner
) -> None:
    release = _create(client, label, "releases", {"title": "EP", "territories": ["DE", "FR"]})
    common = {
        "release_id": release["id"],
        "commercial_models": ["SubscriptionModel"],
        "use_types": ["Stream"],
        "start_date": "2026-01-01",
    }
    german = _create(client, label, "deals", {**common, "territories": ["DE"]})
    french = _create(client, label, "deals", {**common, "territories": ["FR"]})
    germany_only = auth(partner, Role.LABEL, territories=["DE"])

    listed = client.get("/api/v1/deals", headers=germany_only).json["items"]
    hidden = client.get(f"/api/v1/deals/{french['id']}", headers=germany_only)
    seen_release = client.get(f"/api/v1/releases/{release['id']}", headers=germany_only).json

    assert [d["id"] for d in listed] == [german["id"]]
    assert hidden.status_code == 404
    assert seen_release["territories"] == ["DE"]
