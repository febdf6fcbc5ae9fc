"""Numbers JSON allows but no field needs (issue 15): a 4xx naming the field, never a 500, on
every route that reads a JSON body, and nothing written."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner

Headers = dict[str, str]
BIG = "1" * 5000


def _tracks(services: Services, partner: Partner) -> int:
    with services.uow() as uow:
        return len(uow.tracks.where(partner.id))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (f'{{"title": "x", "bpm": {BIG}}}', "bpm"),
        (f'{{"title": "x", "bpm": {BIG}.5}}', "bpm"),
        (f'{{"title": "x", "contributors": [{{"share": {BIG}}}]}}', "contributors[0].share"),
    ],
)
def test_a_5000_digit_number_in_a_new_track_is_a_422_naming_the_field(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, body: str, field: str
) -> None:
    response = client.post(
        "/api/v1/tracks", data=body, content_type="application/json", headers=label
    )

    assert response.status_code == 422
    assert response.json["field"] == field
    assert response.json["detail"].startswith(f"{field}: is a number of 5,00")
    assert response.json["detail"].endswith("characters; a number has at most 50")
    assert _tracks(services, partner) == 0


def test_a_5000_digit_number_in_a_track_edit_is_a_422_and_changes_nothing(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    created = client.post("/api/v1/tracks", json={"title": "Kept", "bpm": 120}, headers=label)
    track_id = created.json["id"]

    response = client.patch(
        f"/api/v1/tracks/{track_id}",
        data=f'{{"bpm": {BIG}}}',
        content_type="application/merge-patch+json",
        headers=label,
    )

    assert response.status_code == 422
    assert response.json["field"] == "bpm"
    assert client.get(f"/api/v1/tracks/{track_id}", headers=label).json["bpm"] == 120


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/uploads", f'{{"filename": "a.mp3", "size_bytes": {BIG}}}', "size_bytes"),
        ("/api/v1/imports", f'{{"file_name": {BIG}}}', "file_name"),
        ("/api/v1/exports", f'{{"format": "csv", "release_ids": [{BIG}]}}', "release_ids[0]"),
    ],
)
def test_other_json_bodies_name_the_field_too(
    client: FlaskClient, label: Headers, path: str, body: str, field: str
) -> None:
    response = client.post(path, data=body, content_type="application/json", headers=label)

    assert response.status_code == 422
    assert response.json["field"] == field


def test_a_5000_digit_json_file_posted_to_validate_is_invalid_naming_item_and_field(
    client: FlaskClient, label: Headers
) -> None:
    data = f'[{{"title": "x", "bpm": {BIG}}}]'.encode()

    response = client.post("/api/v1/validate?name=t.json", data=data, headers=label)

    assert response.status_code == 200
    assert response.json["valid"] is False
    assert response.json["findings"][0]["location"] == "item 1, bpm"


def test_a_5000_digit_graphql_variable_is_refused_naming_it(
    client: FlaskClient, label: Headers
) -> None:
    query = "query($n: Int) { tracks(first: $n) { edges { node { id } } } }"
    body = f'{{"query": "{query}", "variables": {{"n": {BIG}}}}}'

    response = client.post("/graphql", data=body, content_type="application/json", headers=label)

    assert response.status_code == 422
    assert response.json["field"] == "variables.n"
