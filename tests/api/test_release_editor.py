"""The release editor's API: PATCH of every release field the validation rules ask for, each
with a person's provenance, and bad values refused naming the field with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

Headers = dict[str, str]

EVERY_FIELD: dict[str, Any] = {
    "title": "Night Drive",
    "version_title": "Deluxe",
    "release_type": "EP",
    "display_artist": "Nina Sky",
    "label_name": "Moonbeam Records",
    "catalog_number": "MBR-042",
    "upc": "0 36000 29145 2",
    "grid": "A1-2425G-ABC1234002-M",
    "p_line": {"text": "Moonbeam Records", "year": 2024},
    "c_line": {"text": "Moonbeam Records", "year": 2025},
    "release_date": "2025-03-07",
    "original_release_date": "2019-11-01",
    "genre": "Electronic",
    "sub_genre": "Synthwave",
    "parental_advisory": "Explicit",
    "territories": ["DE", "FR", "GB"],
}


def _release(client: FlaskClient, label: Headers) -> Any:
    response = client.post("/api/v1/releases", json={"title": "Draft"}, headers=label)
    assert response.status_code == 201, response.json
    return response.json


def test_every_release_field_is_patched_and_marked_as_a_persons(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)

    patched = client.patch(f"/api/v1/releases/{release['id']}", json=EVERY_FIELD, headers=label)
    read = client.get(f"/api/v1/releases/{release['id']}", headers=label).json

    assert patched.status_code == 200, patched.json
    assert patched.json["change_id"]
    assert read["upc"] == "036000291452"
    assert read["grid"] == "A12425GABC1234002M"
    assert read["p_line"] == {"text": "Moonbeam Records", "year": 2024}
    unchanged = {k: v for k, v in EVERY_FIELD.items() if k not in ("upc", "grid")}
    assert {k: read[k] for k in unchanged} == unchanged
    assert {read["provenance"][k]["source"] for k in EVERY_FIELD} == {"human"}


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("title", ""),
        ("release_type", "Mixtape"),
        ("upc", "036000291453"),  # wrong check digit
        ("grid", "not a grid"),
        ("catalog_number", "x" * 101),
        ("release_date", "2025-13-01"),
        ("original_release_date", "yesterday"),
        ("parental_advisory", "Maybe"),
        ("territories", ["XX"]),
        ("display_artist", "x" * 1001),
        ("label_name", 42),
        ("genre", "x" * 101),
        ("sub_genre", ["Synthwave"]),
        ("version_title", "x" * 501),
    ],
)
def test_a_bad_release_value_is_422_naming_the_field_and_nothing_is_saved(
    client: FlaskClient, label: Headers, field: str, bad: Any
) -> None:
    release = _release(client, label)
    before = client.get(f"/api/v1/releases/{release['id']}", headers=label).json

    response = client.patch(
        f"/api/v1/releases/{release['id']}", json={"genre": "Pop", field: bad}, headers=label
    )
    after = client.get(f"/api/v1/releases/{release['id']}", headers=label).json

    assert response.status_code == 422
    assert response.json["field"] == field
    assert after == before  # not even the good genre


def test_a_bad_copyright_year_names_the_line_and_its_year(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)

    response = client.patch(
        f"/api/v1/releases/{release['id']}",
        json={"c_line": {"text": "Moonbeam", "year": 1500}},
        headers=label,
    )

    assert response.status_code == 422
    assert response.json["field"] == "c_line.year"
