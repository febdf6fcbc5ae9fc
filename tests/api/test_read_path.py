"""The database-only read path (no Redis): a GET of a track by id is one round trip (issue 19).

Counted where pg8000 talks to the server, so a pool ping, a BEGIN or a COMMIT would count too.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from tests.api.test_catalog_rest import _create

Headers = dict[str, str]


def _track_with_credits(client: FlaskClient, label: Headers) -> dict[str, Any]:
    artist = _create(client, label, "parties", {"name": "Nina Sky", "kind": "person"})
    producer = _create(client, label, "parties", {"name": "Sam Roe", "kind": "person"})
    track: dict[str, Any] = _create(
        client,
        label,
        "tracks",
        {
            "title": "Read Once",
            "isrc": "GB-UV7-12-00495",
            "contributors": [
                {"party_id": artist["id"], "role": "MainArtist", "share": 50},
                {"party_id": producer["id"], "role": "Producer"},
            ],
        },
    )
    return track


def test_a_track_read_by_id_is_one_statement_with_its_credits(
    client: FlaskClient, label: Headers, services: Services, statements: list[str]
) -> None:
    assert not services.settings.redis_url
    track = _track_with_credits(client, label)
    client.get(f"/api/v1/tracks/{track['id']}", headers=label)  # the pool has its connection

    statements.clear()
    answer = client.get(f"/api/v1/tracks/{track['id']}", headers=label)

    assert answer.status_code == 200, answer.json
    assert answer.json == {k: v for k, v in track.items() if k != "change_id"}
    assert [c["role"] for c in answer.json["contributors"]] == ["MainArtist", "StudioProducer"]
    assert len(statements) == 1, statements
    assert "track_contributors" in statements[0]


def test_a_missing_track_is_404_in_one_statement(
    client: FlaskClient, label: Headers, statements: list[str]
) -> None:
    _track_with_credits(client, label)
    client.get("/api/v1/tracks/00000000-0000-4000-8000-000000000000", headers=label)

    statements.clear()
    answer = client.get("/api/v1/tracks/00000000-0000-4000-8000-000000000001", headers=label)

    assert answer.status_code == 404
    assert len(statements) == 1, statements


def test_a_read_on_a_connection_the_server_closed_is_read_again_on_a_new_one(
    client: FlaskClient, label: Headers, services: Services
) -> None:
    track = _track_with_credits(client, label)
    client.get(f"/api/v1/tracks/{track['id']}", headers=label)  # a pooled read connection
    with services.engine.connect() as conn:
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
            )
        )
        conn.commit()

    answer = client.get(f"/api/v1/tracks/{track['id']}", headers=label)

    assert answer.status_code == 200, answer.json
    assert answer.json["title"] == "Read Once"


def test_a_list_by_isrc_alone_is_one_statement_oldest_first(
    client: FlaskClient, label: Headers, statements: list[str]
) -> None:
    first = _track_with_credits(client, label)
    second = _create(client, label, "tracks", {"title": "Same ISRC", "isrc": "GBUV71200495"})
    listed = client.get("/api/v1/tracks?isrc=GB-UV7-12-00495&sort=created_at", headers=label)
    client.get("/api/v1/tracks?isrc=GBUV71200495", headers=label)  # the read pool connects

    statements.clear()
    answer = client.get("/api/v1/tracks?isrc=GBUV71200495", headers=label)
    sent = list(statements)
    one = client.get("/api/v1/tracks?isrc=GBUV71200495&limit=1", headers=label)  # needs a cursor

    assert answer.status_code == 200, answer.json
    assert [t["id"] for t in answer.json["items"]] == [first["id"], second["id"]]
    assert answer.json == listed.json  # what the list query (a sort named) answers
    assert answer.json["next_cursor"] is None
    assert len(sent) == 1, sent
    assert [t["id"] for t in one.json["items"]] == [first["id"]]
    assert one.json["next_cursor"] is not None
