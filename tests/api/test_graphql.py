"""GraphQL: nested relations, Relay pages, mutations, bounded query counts, depth/complexity."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.parties import Party
from shared.domain.partners import Partner
from shared.domain.recordings import Contributor, SoundRecording
from shared.domain.releases import Release

Headers = dict[str, str]
RELEASES = """query($first: Int!) { releases(first: $first) { edges { node { title
  tracks(first: 20) { edges { node { title isrc contributors { role share party { name } } } } }
} } } }"""


def _catalog(services: Services, partner: Partner, releases: int, tracks: int) -> list[Release]:
    now = datetime.now(UTC)
    made = []
    with services.uow() as uow:
        party = uow.parties.add(Party(uuid.uuid4(), partner.id, "Ana Moura"), now=now)
        for r in range(releases):
            release = uow.releases.add(Release(uuid.uuid4(), partner.id, f"Album {r}"), now=now)
            made.append(release)
            for t in range(tracks):
                uow.tracks.add(
                    SoundRecording(
                        uuid.uuid4(),
                        partner.id,
                        f"Song {r}.{t}",
                        release_id=release.id,
                        track_number=t + 1,
                        contributors=(Contributor(party.id, party.name, "MainArtist", 1, 100.0),),
                    ),
                    now=now,
                )
    return made


@contextmanager
def _counting(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def _gql(client: FlaskClient, headers: Headers, query: str, **variables: Any) -> Any:
    return client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    ).json


def test_a_release_page_with_tracks_and_contributors_costs_the_same_queries_at_any_size(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    _catalog(services, partner, releases=8, tracks=5)

    with _counting(services.engine) as small:
        few = _gql(client, label, RELEASES, first=2)
    with _counting(services.engine) as large:
        many = _gql(client, label, RELEASES, first=8)

    assert "errors" not in many, many
    assert len(few["data"]["releases"]["edges"]) == 2
    releases = many["data"]["releases"]["edges"]
    assert len(releases) == 8
    first_track = releases[0]["node"]["tracks"]["edges"][0]["node"]
    assert first_track["contributors"][0]["party"]["name"] == "Ana Moura"
    assert len(large) == len(small)
    assert len(large) <= 8


def test_relay_pages_of_a_releases_tracks(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    release = _catalog(services, partner, releases=1, tracks=5)[0]
    query = """query($id: ID!, $after: String) { release(id: $id) { tracks(first: 2, after: $after)
      { edges { node { title } cursor } pageInfo { hasNextPage endCursor } } } }"""

    first = _gql(client, label, query, id=str(release.id))["data"]["release"]["tracks"]
    second = _gql(client, label, query, id=str(release.id), after=first["pageInfo"]["endCursor"])[
        "data"
    ]["release"]["tracks"]

    assert [e["node"]["title"] for e in first["edges"]] == ["Song 0.0", "Song 0.1"]
    assert [e["node"]["title"] for e in second["edges"]] == ["Song 0.2", "Song 0.3"]
    assert second["pageInfo"]["hasNextPage"] is True


def test_mutations_edit_and_undo_like_rest(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    release = _catalog(services, partner, releases=1, tracks=2)[0]
    track_id = str(services.catalog.search("track", partner.id, _all()).items[0].id)

    edited = _gql(
        client,
        label,
        """mutation($id: ID!) { updateTrack(id: $id,
      changes: {genre: "Fado", bpm: 92}) { changeId track { genre bpm } } }""",
        id=track_id,
    )
    bulk = _gql(
        client,
        label,
        """mutation($input: JSON!) { bulkEditTracks(input: $input)
      { changeId total } }""",
        input={"filter": {"release_id": str(release.id)}, "set": {"status": "ready"}},
    )
    bad = _gql(
        client,
        label,
        """mutation($id: ID!) { updateTrack(id: $id,
      changes: {isrc: "nope"}) { changeId } }""",
        id=track_id,
    )
    undone = _gql(
        client,
        label,
        "mutation($id: ID!) { undoChange(id: $id) { status } }",
        id=bulk["data"]["bulkEditTracks"]["changeId"],
    )

    assert edited["data"]["updateTrack"]["track"] == {"genre": "Fado", "bpm": 92.0}
    assert bulk["data"]["bulkEditTracks"]["total"] == 2
    assert bad["errors"][0]["extensions"] == {"status": 422, "field": "isrc"}
    assert undone["data"]["undoChange"]["status"] == "done"
    assert {t.status for t in services.catalog.search("track", partner.id, _all()).items} == {
        "draft"
    }


def test_releases_works_and_parties_are_listed_and_edited_too(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    release = _catalog(services, partner, releases=1, tracks=1)[0]
    party_id = str(services.catalog.search("party", partner.id, _all()).items[0].id)
    work = client.post(
        "/api/v1/works", headers=label, json={"title": "Canção", "iswc": "T-034.524.680-1"}
    ).json

    renamed = _gql(
        client,
        label,
        """mutation($id: ID!) { updateParty(id: $id, changes: {name: "Ana M."})
      { changeId party { name } } }""",
        id=party_id,
    )
    retitled = _gql(
        client,
        label,
        """mutation($id: ID!) { updateRelease(id: $id, changes: {title: "Album (Deluxe)"})
      { release { title } } }""",
        id=str(release.id),
    )
    rewritten = _gql(
        client,
        label,
        """mutation($id: ID!) { updateWork(id: $id, changes: {title: "Cancao"})
      { work { title iswc } } }""",
        id=work["id"],
    )
    refused = _gql(
        client,
        label,
        """mutation($id: ID!) { updateWork(id: $id, changes: {iswc: "T-000"}) { changeId } }""",
        id=work["id"],
    )
    lists = _gql(
        client,
        label,
        """{ works(first: 5) { edges { node { title } } }
      parties(first: 5, q: "Ana") { edges { node { name } } } }""",
    )

    assert renamed["data"]["updateParty"]["party"] == {"name": "Ana M."}
    assert retitled["data"]["updateRelease"]["release"] == {"title": "Album (Deluxe)"}
    assert rewritten["data"]["updateWork"]["work"]["title"] == "Cancao"
    assert refused["errors"][0]["extensions"]["field"] == "iswc"
    assert lists["data"]["works"]["edges"] == [{"node": {"title": "Cancao"}}]
    assert lists["data"]["parties"]["edges"] == [{"node": {"name": "Ana M."}}]


def _all() -> Any:
    from shared.domain.search import CatalogQuery

    return CatalogQuery(limit=100)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        (
            "{ releases(first: 100) { edges { node { tracks(first: 100) { edges { node "
            "{ contributors { party { name } } } } } } } } }",
            "complexity",
        ),
        (
            "{ releases { edges { node { tracks { edges { node { release { tracks { edges { node "
            "{ release { tracks { edges { node { title } } } } } } } } } } } } } } }",
            "depth",
        ),
    ],
)
def test_too_deep_or_too_costly_queries_are_refused(
    client: FlaskClient, label: Headers, query: str, problem: str
) -> None:
    response = client.post("/graphql", json={"query": query}, headers=label)

    assert response.status_code == 400
    assert problem in response.json["errors"][0]["message"]


def test_another_partners_track_is_null_and_graphiql_is_served_locally(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:6]}",
        partner.tier,
        now=datetime.now(UTC),
        actor=__import__("tests.conftest").conftest.TEST_ACTOR,
    )
    _catalog(services, other, releases=1, tracks=1)
    foreign = services.catalog.search("track", other.id, _all()).items[0].id

    found = _gql(client, label, "query($id: ID!) { track(id: $id) { title } }", id=str(foreign))
    page = client.get("/graphql", headers={"Accept": "text/html"})

    assert found["data"]["track"] is None
    assert page.status_code == 200
    assert b"/docs/assets/graphiql/graphiql.min.js" in page.data
    assert b"unpkg" not in page.data
    asset = client.get("/docs/assets/graphiql/graphiql.min.js")
    asset.close()
    assert asset.status_code == 200


def test_tracks_and_releases_filter_by_their_stored_validation_result(
    client: FlaskClient, label: Headers, services: Services, partner: Partner
) -> None:
    from datetime import UTC, datetime

    from tests.support.catalog import album_bundle, store_bundle

    now = datetime.now(UTC)
    album = store_bundle(services, album_bundle(partner.id), now)
    services.validation.sweep(now=lambda: now, limit=100, budget_s=600, partner_id=partner.id)
    query = """query($state: String!) {
      tracks(first: 10, filter: {validation: $state}) { edges { node { id } } }
      releases(first: 10, validation: $state) { edges { node { id } } } }"""

    valid = _gql(client, label, query, state="valid")["data"]
    failed = _gql(client, label, query, state="failed")["data"]

    assert {e["node"]["id"] for e in valid["tracks"]["edges"]} == {str(t.id) for t in album.tracks}
    assert [e["node"]["id"] for e in valid["releases"]["edges"]] == [str(album.release.id)]
    assert failed["tracks"]["edges"] == failed["releases"]["edges"] == []
