"""The preview clip in the API (issue 18 item 4): shown with its provenance, set by a person,
refused outside 0..24 h, in GraphQL."""

from __future__ import annotations

from flask.testing import FlaskClient

Headers = dict[str, str]


def test_a_person_sets_and_clears_the_preview_start(client: FlaskClient, label: Headers) -> None:
    created = client.post("/api/v1/tracks", json={"title": "Hook"}, headers=label)
    assert created.status_code == 201, created.json
    assert created.json["preview_start_s"] is None
    url = f"/api/v1/tracks/{created.json['id']}"

    patched = client.patch(url, json={"preview_start_s": 42.5}, headers=label)
    assert patched.status_code == 200, patched.json
    read = client.get(url, headers=label).json
    assert read["preview_start_s"] == 42.5
    assert read["provenance"]["preview_start_s"]["source"] == "human"

    cleared = client.patch(url, json={"preview_start_s": None}, headers=label)
    assert cleared.status_code == 200
    assert cleared.json["preview_start_s"] is None


def test_a_negative_or_textual_start_is_422(client: FlaskClient, label: Headers) -> None:
    for bad in (-1, "chorus", 86400):
        answer = client.post(
            "/api/v1/tracks", json={"title": "x", "preview_start_s": bad}, headers=label
        )
        assert answer.status_code == 422, (bad, answer.json)


def test_graphql_shows_the_preview_start(client: FlaskClient, label: Headers) -> None:
    body = {"title": "Clip", "preview_start_s": 12}
    created = client.post("/api/v1/tracks", json=body, headers=label).json
    query = '{ track(id: "ID") { title previewStartS } }'.replace("ID", created["id"])
    answer = client.post("/graphql", json={"query": query}, headers=label)
    assert answer.status_code == 200, answer.json
    assert answer.json["data"]["track"] == {"title": "Clip", "previewStartS": 12.0}
