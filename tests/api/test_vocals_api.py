"""Vocals in the API (issue 18): shown, edited by a person (then AI keeps off), filtered in REST
and GraphQL."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post("/api/v1/tracks", json=body, headers=headers)
    assert answer.status_code == 201, answer.json
    return answer.json  # type: ignore[no-any-return]


def test_vocals_are_edited_shown_and_filtered(client: FlaskClient, label: Headers) -> None:
    sung = _create(client, label, {"title": "Sung", "vocals": "vocal", "vocal_gender": "female"})
    plain = _create(client, label, {"title": "Plain", "vocals": "instrumental"})
    _create(client, label, {"title": "Unknown"})

    read = client.get(f"/api/v1/tracks/{sung['id']}", headers=label).json
    assert (read["vocals"], read["vocal_gender"]) == ("vocal", "female")
    assert read["provenance"]["vocals"]["source"] == "human"

    def titles(query: str) -> list[str]:
        answer = client.get(f"/api/v1/tracks?{query}", headers=label)
        assert answer.status_code == 200, answer.json
        return sorted(item["title"] for item in answer.json["items"])

    assert titles("vocals=instrumental") == ["Plain"]
    assert titles("vocals=vocal&vocal_gender=female") == ["Sung"]
    assert titles("vocal_gender=male") == []
    assert titles("missing=vocals") == ["Unknown"]

    patched = client.patch(f"/api/v1/tracks/{plain['id']}", json={"vocals": None}, headers=label)
    assert patched.status_code == 200
    assert patched.json["vocals"] is None


def test_a_value_outside_the_vocabulary_is_422(client: FlaskClient, label: Headers) -> None:
    bad = client.post("/api/v1/tracks", json={"title": "x", "vocals": "hummed"}, headers=label)
    assert bad.status_code == 422
    assert client.get("/api/v1/tracks?vocals=hummed", headers=label).status_code in (400, 422)


def test_graphql_lists_and_filters_vocals(client: FlaskClient, label: Headers) -> None:
    _create(client, label, {"title": "Choir", "vocals": "vocal", "vocal_gender": "mixed"})
    query = """{ tracks(filter: {vocalGender: "mixed"}) { edges { node { title vocals
        vocalGender } } } }"""
    answer = client.post("/graphql", json={"query": query}, headers=label)
    assert answer.status_code == 200, answer.json
    nodes = [e["node"] for e in answer.json["data"]["tracks"]["edges"]]
    assert {"title": "Choir", "vocals": "vocal", "vocalGender": "mixed"} in nodes
