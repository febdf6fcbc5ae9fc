"""Identifiers through the API: one rule for characters outside ASCII, a 422 naming the field
and the character, never a 500; nothing stored converted."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

Headers = dict[str, str]


@pytest.mark.parametrize(
    ("plural", "body", "field", "named"),
    [
        ("releases", {"title": "R", "upc": "400638133393\u00b9"}, "upc", "'¹' (superscript one)"),
        (
            "releases",
            {"title": "R", "upc": "４００６３８１３３３９３１"},
            "upc",
            "fullwidth digit four",
        ),
        ("tracks", {"title": "T", "isrc": "US-RC1-76-0783\u0669"}, "isrc", "arabic-indic digit"),
        ("works", {"title": "W", "iswc": "T-034.524.680-\u0661"}, "iswc", "arabic-indic digit"),
        ("parties", {"name": "P", "isni": "000000012103268\u00b3"}, "isni", "superscript three"),
    ],
)
def test_non_ascii_digits_in_an_identifier_are_a_422_naming_field_and_character(
    plural: str, body: dict[str, str], field: str, named: str, client: FlaskClient, label: Headers
) -> None:
    response = client.post(f"/api/v1/{plural}", json=body, headers=label)

    assert response.status_code == 422, response.json
    assert response.json["field"] == field
    assert named in response.json["detail"]
    listed = client.get(f"/api/v1/{plural}", headers=label).json
    assert listed["items"] == []  # nothing stored, converted or not


def test_a_patch_with_a_non_ascii_upc_is_a_422_and_the_stored_upc_stays(
    client: FlaskClient, label: Headers
) -> None:
    created = client.post(
        "/api/v1/releases", json={"title": "R", "upc": "4006381333931"}, headers=label
    ).json

    response = client.patch(
        f"/api/v1/releases/{created['id']}", json={"upc": "400638133393\u00b9"}, headers=label
    )

    assert response.status_code == 422
    assert client.get(f"/api/v1/releases/{created['id']}", headers=label).json["upc"] == (
        "4006381333931"
    )
