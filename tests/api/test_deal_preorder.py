"""Deal pre-order through REST on the real PostgreSQL: a sale deal with a pre-order date and
instant-gratification tracks is saved and read back; impossible ones are refused by field with
nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, plural: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{plural}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def _release_with_track(client: FlaskClient, label: Headers) -> tuple[str, str]:
    release = _create(client, label, "releases", {"title": "Example Album"})
    track = _create(client, label, "tracks", {"title": "Opener", "release_id": release["id"]})
    return release["id"], track["id"]


def _sale(release_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "release_id": release_id,
        "commercial_models": ["PayAsYouGoModel"],
        "use_types": ["PermanentDownload"],
        "start_date": "2026-03-06",
        **extra,
    }


def test_a_preorder_with_an_instant_track_is_saved_and_read_back(
    client: FlaskClient, label: Headers
) -> None:
    release_id, track_id = _release_with_track(client, label)

    deal = _create(
        client, label, "deals",
        _sale(release_id, preorder_start_date="2026-02-06", instant_grat_track_ids=[track_id]),
    )  # fmt: skip
    cleared = client.patch(
        f"/api/v1/deals/{deal['id']}",
        json={"preorder_start_date": None, "instant_grat_track_ids": []},
        headers=label,
    )

    assert (deal["preorder_start_date"], deal["instant_grat_track_ids"]) == (
        "2026-02-06",
        [track_id],
    )
    assert cleared.status_code == 200, cleared.json
    read = client.get(f"/api/v1/deals/{deal['id']}", headers=label).json
    assert (read["preorder_start_date"], read["instant_grat_track_ids"]) == (None, [])


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"preorder_start_date": "2026-03-06"}, "preorder_start_date", "is not before start_date"),
        ({"preorder_start_date": "2026-02-06", "commercial_models": ["SubscriptionModel"]},
         "preorder_start_date", "needs the PayAsYouGoModel"),
        ({"instant_grat_track_ids": ["TRACK"]}, "instant_grat_track_ids",
         "need a pre-order date"),
        ({"preorder_start_date": "2026-02-06",
          "instant_grat_track_ids": ["00000000-0000-4000-8000-000000000000"]},
         "instant_grat_track_ids[0]", ""),
    ],
)  # fmt: skip
def test_an_impossible_preorder_is_refused_by_field_and_nothing_is_saved(
    client: FlaskClient, label: Headers, extra: dict[str, Any], field: str, words: str
) -> None:
    release_id, track_id = _release_with_track(client, label)
    if extra.get("instant_grat_track_ids") == ["TRACK"]:
        extra = {**extra, "instant_grat_track_ids": [track_id]}

    response = client.post("/api/v1/deals", json=_sale(release_id, **extra), headers=label)

    assert response.status_code == 422, response.json
    assert response.json["field"] == field
    assert words in response.json["detail"]
    listed = client.get(f"/api/v1/deals?release_id={release_id}", headers=label).json
    assert listed["items"] == []
