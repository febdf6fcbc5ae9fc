"""The grids' search box and column sorts, through REST and GraphQL on the real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, plural: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{plural}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize(
    "typed", ["USRC17607839", "US-RC1-76-07839", "usrc17607839", "us-rc1-76-07839"]
)
def test_the_search_box_finds_a_track_by_its_isrc_in_any_format(
    client: FlaskClient, label: Headers, typed: str
) -> None:
    _create(client, label, "tracks", {"title": "Move Ya Body", "isrc": "USRC17607839"})
    _create(client, label, "tracks", {"title": "Other Song", "isrc": "GBAYE0601498"})

    found = client.get("/api/v1/tracks", query_string={"q": typed}, headers=label).json

    assert [t["title"] for t in found["items"]] == ["Move Ya Body"]


def test_graphql_track_search_finds_a_hyphenated_isrc(client: FlaskClient, label: Headers) -> None:
    _create(client, label, "tracks", {"title": "Move Ya Body", "isrc": "USRC17607839"})
    _create(client, label, "tracks", {"title": "Other Song", "isrc": "GBAYE0601498"})
    query = (
        'query { tracks(first: 5, filter: {q: "us-rc1-76-07839"}) { edges { node { title } } } }'
    )

    data = client.post("/graphql", json={"query": query}, headers=label).json["data"]

    assert [e["node"]["title"] for e in data["tracks"]["edges"]] == ["Move Ya Body"]


def test_the_release_search_finds_a_release_by_its_upc(client: FlaskClient, label: Headers) -> None:
    _create(client, label, "releases", {"title": "Album One", "upc": "036000291452"})
    _create(client, label, "releases", {"title": "Album Two"})

    found = client.get("/api/v1/releases?q=0-36000-29145-2", headers=label).json

    assert [r["title"] for r in found["items"]] == ["Album One"]


def _release_with_track(client: FlaskClient, headers: Headers, release: str, track: str) -> Any:
    made = _create(client, headers, "releases", {"title": release})
    return _create(client, headers, "tracks", {"title": track, "release_id": made["id"]})


def test_tracks_sort_by_release_title_across_pages_and_list_it(
    client: FlaskClient, label: Headers
) -> None:
    for release, track in (("Beta", "b1"), ("Alpha", "a1"), ("Gamma", "g1"), ("Alpha", "a2")):
        _release_with_track(client, label, release, track)
    _create(client, label, "tracks", {"title": "single"})  # no release: sorts first

    def every_page(sort: str) -> list[tuple[str, str | None]]:
        seen, after = [], ""
        while True:
            url = f"/api/v1/tracks?sort={sort}&limit=2&grid_columns=true{after}"
            page = client.get(url, headers=label).json
            seen += [(t["title"], t.get("release_title")) for t in page["items"]]
            if not page["next_cursor"]:
                return seen
            after = f"&after={page['next_cursor']}"

    ascending = every_page("release")
    descending = every_page("-release")

    assert [release for _, release in ascending] == [None, "Alpha", "Alpha", "Beta", "Gamma"]
    assert sorted(title for title, _ in ascending) == ["a1", "a2", "b1", "g1", "single"]
    assert [release for _, release in descending] == ["Gamma", "Beta", "Alpha", "Alpha", None]


@pytest.mark.parametrize("sort", ["title", "-display_artist", "isrc", "-bpm", "updated_at"])
def test_each_sortable_grid_column_pages_every_track_once(
    client: FlaskClient, label: Headers, sort: str
) -> None:
    for i in range(5):
        body = {"title": f"T{i % 3}", "display_artist": f"A{i % 2}", "bpm": 100 + i % 2}
        _create(client, label, "tracks", body)

    seen, after = [], ""
    while True:
        page = client.get(f"/api/v1/tracks?sort={sort}&limit=2{after}", headers=label).json
        seen += [t["id"] for t in page["items"]]
        if not page["next_cursor"]:
            break
        after = f"&after={page['next_cursor']}"

    assert len(seen) == len(set(seen)) == 5


def test_an_unknown_sort_is_422_naming_sort(client: FlaskClient, label: Headers) -> None:
    refused = client.get("/api/v1/tracks?sort=-release_title", headers=label)

    assert refused.status_code == 422
    assert refused.json["field"] == "sort"
    assert "'release_title'" in refused.json["detail"]


def test_the_most_recently_changed_track_leads_sort_minus_updated_at(
    client: FlaskClient, label: Headers
) -> None:
    first = _create(client, label, "tracks", {"title": "First"})
    _create(client, label, "tracks", {"title": "Second"})
    patched = client.patch(f"/api/v1/tracks/{first['id']}", json={"bpm": 99}, headers=label)

    listed = client.get("/api/v1/tracks?sort=-updated_at&grid_columns=1", headers=label).json
    listed = listed["items"]

    assert patched.status_code == 200
    assert [t["title"] for t in listed] == ["First", "Second"]
    assert listed[0]["updated_at"] > listed[1]["updated_at"]


def test_grid_columns_are_only_for_tracks(client: FlaskClient, label: Headers) -> None:
    plain = client.get("/api/v1/tracks", headers=label)
    refused = client.get("/api/v1/releases?grid_columns=true", headers=label)

    assert plain.status_code == 200
    assert (refused.status_code, refused.json["field"]) == (422, "grid_columns")
