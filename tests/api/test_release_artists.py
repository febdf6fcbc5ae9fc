"""Release artist credits through REST on the real PostgreSQL: saved in order with roles, read
back with names, refused by name with nothing saved, and written to the release's ERN."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, plural: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{plural}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def _artists(client: FlaskClient, label: Headers) -> tuple[str, str]:
    main = _create(client, label, "parties", {"name": "The Examples", "kind": "organization"})
    guest = _create(client, label, "parties", {"name": "Gina Guest", "kind": "person"})
    return main["id"], guest["id"]


def test_release_artists_are_saved_in_order_and_replaced_by_a_patch(
    client: FlaskClient, label: Headers
) -> None:
    main, guest = _artists(client, label)
    release = _create(
        client, label, "releases",
        {"title": "Example Album", "artists": [{"party_id": main, "role": "MainArtist"},
                                               {"party_id": guest, "role": "featuring"}]},
    )  # fmt: skip

    patched = client.patch(
        f"/api/v1/releases/{release['id']}",
        json={"artists": [{"party_id": guest, "role": "MainArtist"}]},
        headers=label,
    )
    read = client.get(f"/api/v1/releases/{release['id']}", headers=label).json

    assert release["artists"] == [
        {"party_id": main, "name": "The Examples", "role": "MainArtist", "sequence": 1},
        {"party_id": guest, "name": "Gina Guest", "role": "FeaturedArtist", "sequence": 2},
    ]
    assert patched.status_code == 200, patched.json
    assert read["artists"] == [
        {"party_id": guest, "name": "Gina Guest", "role": "MainArtist", "sequence": 1}
    ]


def test_a_bad_artist_credit_is_refused_naming_the_row_and_nothing_changes(
    client: FlaskClient, label: Headers
) -> None:
    main, guest = _artists(client, label)
    release = _create(
        client, label, "releases",
        {"title": "Example Album", "artists": [{"party_id": main, "role": "MainArtist"}]},
    )  # fmt: skip

    bad_role = client.patch(
        f"/api/v1/releases/{release['id']}",
        json={"artists": [{"party_id": guest, "role": "MainArtist"},
                          {"party_id": main, "role": "StudioProducer"}]},
        headers=label,
    )  # fmt: skip
    unknown = client.patch(
        f"/api/v1/releases/{release['id']}",
        json={"artists": [{"party_id": "00000000-0000-4000-8000-000000000000"}]},
        headers=label,
    )
    read = client.get(f"/api/v1/releases/{release['id']}", headers=label).json

    assert bad_role.status_code == 422
    assert bad_role.json["field"] == "artists[1].role"
    assert "'StudioProducer' is not a DDEX DisplayArtistRole" in bad_role.json["detail"]
    assert unknown.status_code == 422
    assert unknown.json["field"] == "artists[0].party_id"
    assert [a["party_id"] for a in read["artists"]] == [main]


def test_a_delivery_bundle_carries_the_release_artists_and_their_parties(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    main, guest = _artists(client, label)
    release = _create(
        client, label, "releases",
        {"title": "Example Album", "artists": [{"party_id": main}, {"party_id": guest,
                                                                   "role": "FeaturedArtist"}]},
    )  # fmt: skip

    with services.uow() as uow:
        bundle = uow.delivery_reads.bundle(partner.id, UUID(release["id"]))

    assert [(a.name, a.role) for a in bundle.release.artists] == [
        ("The Examples", "MainArtist"),
        ("Gina Guest", "FeaturedArtist"),
    ]
    assert {str(p.id) for p in bundle.parties} >= {main, guest}


def test_graphql_reads_release_artists_and_a_deals_preorder(
    client: FlaskClient, label: Headers
) -> None:
    main, guest = _artists(client, label)
    release = _create(
        client, label, "releases",
        {"title": "Example Album", "artists": [{"party_id": main},
                                               {"party_id": guest, "role": "FeaturedArtist"}]},
    )  # fmt: skip
    _create(
        client, label, "deals",
        {"release_id": release["id"], "commercial_models": ["PayAsYouGoModel"],
         "use_types": ["PermanentDownload"], "start_date": "2026-03-06",
         "preorder_start_date": "2026-02-06"},
    )  # fmt: skip
    query = """{ releases(first: 5) { edges { node { title
      artists { role sequence party { name } } deals { preorderStartDate } } } } }"""

    response = client.post("/graphql", json={"query": query}, headers=label)

    assert "errors" not in response.json, response.json
    node = response.json["data"]["releases"]["edges"][0]["node"]
    assert node["artists"] == [
        {"role": "MainArtist", "sequence": 1, "party": {"name": "The Examples"}},
        {"role": "FeaturedArtist", "sequence": 2, "party": {"name": "Gina Guest"}},
    ]
    assert node["deals"] == [{"preorderStartDate": "2026-02-06"}]
