"""Works and splits editor (issue 17 part 2) through REST on the real PostgreSQL: works with
writers, publishers and shares, master splits on tracks, refusals naming the field with nothing
saved, and a CWR export of what the editor made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.cwr.reader import read_cwr
from shared.domain.partners import Partner

Headers = dict[str, str]


def _create(client: FlaskClient, headers: Headers, plural: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1/{plural}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def _parties(client: FlaskClient, label: Headers) -> dict[str, str]:
    """A composer-author, a lyricist and their publisher, each with a valid IPI name number."""
    people = {
        "composer": ("Ada Writer", "00000000199"),
        "lyricist": ("Ben Lyric", "00000000297"),
        "publisher": ("Example Publishing", "09000000020"),
    }
    return {
        key: _create(client, label, "parties", {"name": name, "ipi_name_number": ipi})["id"]
        for key, (name, ipi) in people.items()
    }


def _work_body(ids: dict[str, str], *, composer_pr: float = 25) -> dict[str, Any]:
    """Writers keep half the performance right, the publisher the rest and all of MR and SR."""
    return {
        "title": "Harbour Lights",
        "iswc": "T-034.524.680-1",
        "alternate_titles": ["Lights of the Harbour"],
        "writers": [
            {"party_id": ids["composer"], "role": "C", "pr_share": composer_pr,
             "publisher_party_id": ids["publisher"]},
            {"party_id": ids["lyricist"], "role": "A", "pr_share": 25,
             "publisher_party_id": ids["publisher"]},
        ],
        "publishers": [
            {"party_id": ids["publisher"], "role": "E", "pr_share": 50, "mr_share": 100,
             "sr_share": 100},
        ],
    }  # fmt: skip


def _works(client: FlaskClient, label: Headers) -> list[Any]:
    return client.get("/api/v1/works", headers=label).json["items"]  # type: ignore[no-any-return]


def test_a_work_with_writers_publishers_and_shares_is_saved_and_read_back(
    client: FlaskClient, label: Headers
) -> None:
    ids = _parties(client, label)

    work = _create(client, label, "works", _work_body(ids))
    read = client.get(f"/api/v1/works/{work['id']}", headers=label).json

    assert read["iswc"] == "T0345246801"
    assert read["alternate_titles"] == ["Lights of the Harbour"]
    composer, lyricist = read["writers"]
    assert (composer["name"], composer["role"], composer["ipi_name_number"]) == (
        "Ada Writer",
        "C",
        "00000000199",
    )
    assert composer["publisher_party_id"] == ids["publisher"]
    assert (lyricist["role"], lyricist["pr_share"]) == ("A", 25.0)
    publisher = read["publishers"][0]
    assert (publisher["role"], publisher["ipi_name_number"]) == ("E", "09000000020")
    assert (publisher["pr_share"], publisher["mr_share"], publisher["sr_share"]) == (50, 100, 100)


Body = dict[str, Any]
UNKNOWN_PARTY = "00000000-0000-4000-8000-000000000000"


def _set(group: str, index: int, **values: Any) -> Callable[[Body, dict[str, str]], None]:
    def change(body: Body, ids: dict[str, str]) -> None:
        body[group][index].update({k: ids.get(str(v), v) for k, v in values.items()})

    return change


def _iswc(body: Body, ids: dict[str, str]) -> None:
    body["iswc"] = "T-034.524.680-2"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (_set("writers", 0, pr_share=20), "pr_share", "95.00% of the performance right"),
        (_iswc, "iswc", "check digit"),
        (_set("writers", 0, role="XX"), "writers[0].role", "not a CWR writer role"),
        (_set("publishers", 0, role="ZZ"), "publishers[0].role", "not a CWR publisher role"),
        (_set("writers", 0, party_id=UNKNOWN_PARTY), "writers[0].party_id", ""),
        (
            _set("writers", 1, publisher_party_id="lyricist"),
            "writers[1].publisher_party_id",
            "not one of this work's publishers",
        ),
        (_set("publishers", 0, mr_share=90), "mr_share", "90.00% of the mechanical right"),
    ],
)
def test_a_bad_work_is_refused_naming_the_field_and_nothing_is_saved(
    client: FlaskClient,
    label: Headers,
    change: Callable[[Body, dict[str, str]], None],
    field: str,
    words: str,
) -> None:
    ids = _parties(client, label)
    body = _work_body(ids)
    change(body, ids)

    response = client.post("/api/v1/works", json=body, headers=label)

    assert response.status_code == 422, response.json
    named = response.json.get("field") or response.json["errors"][0]["field"]
    assert named == field
    assert words in response.json["detail"] + str(response.json.get("errors"))
    assert _works(client, label) == []


def test_patching_shares_off_100_is_refused_and_the_saved_work_is_unchanged(
    client: FlaskClient, label: Headers
) -> None:
    ids = _parties(client, label)
    work = _create(client, label, "works", _work_body(ids))
    writers = [
        {"party_id": ids["composer"], "role": "CA", "pr_share": 30},
        {"party_id": ids["lyricist"], "role": "A", "pr_share": 25},
    ]

    refused = client.patch(f"/api/v1/works/{work['id']}", json={"writers": writers}, headers=label)
    drafted = client.patch(
        f"/api/v1/works/{work['id']}",
        json={"writers": [{**w, "pr_share": 0} for w in writers], "publishers": []},
        headers=label,
    )

    assert refused.status_code == 422
    assert refused.json["field"] == "pr_share"
    assert "105.00%" in refused.json["detail"]
    assert drafted.status_code == 200, drafted.json  # no shares at all: a draft may be saved
    read = client.get(f"/api/v1/works/{work['id']}", headers=label).json
    assert [w["role"] for w in read["writers"]] == ["CA", "A"]
    assert read["publishers"] == []


def test_links_from_the_work_side_and_the_track_side_meet(
    client: FlaskClient, label: Headers
) -> None:
    work = _create(client, label, "works", {"title": "Harbour Lights"})
    track = _create(client, label, "tracks", {"title": "Harbour Lights (Live)"})

    linked = client.patch(
        f"/api/v1/tracks/{track['id']}", json={"work_id": work["id"]}, headers=label
    )
    recordings = client.get(f"/api/v1/tracks?work_id={work['id']}", headers=label).json
    unlinked = client.patch(f"/api/v1/tracks/{track['id']}", json={"work_id": None}, headers=label)

    assert linked.status_code == 200
    assert [t["id"] for t in recordings["items"]] == [track["id"]]
    assert unlinked.status_code == 200
    assert client.get(f"/api/v1/tracks?work_id={work['id']}", headers=label).json["items"] == []


def test_master_splits_total_100_apart_from_the_works_shares(
    client: FlaskClient, label: Headers
) -> None:
    ids = _parties(client, label)
    work = _create(client, label, "works", _work_body(ids))
    splits = [
        {"party_id": ids["publisher"], "share": 60},
        {"party_id": ids["composer"], "share": 40},
    ]

    track = _create(
        client, label, "tracks", {"title": "Harbour Lights", "work_id": work["id"],
                                  "master_splits": splits},
    )  # fmt: skip
    read = client.get(f"/api/v1/tracks/{track['id']}", headers=label).json

    assert read["master_splits"] == [
        {"party_id": ids["publisher"], "name": "Example Publishing", "share": 60.0},
        {"party_id": ids["composer"], "name": "Ada Writer", "share": 40.0},
    ]


@pytest.mark.parametrize(
    ("splits", "field", "words"),
    [
        ([("publisher", 60), ("composer", 30)], "master_splits", "total 90.00%"),
        ([("publisher", 60), ("publisher", 40)], "master_splits", "listed twice"),
        ([("publisher", 100), ("composer", 0)], "master_splits[1].share", ""),
    ],
)
def test_bad_master_splits_are_refused_naming_the_field_and_the_track_keeps_its_splits(
    client: FlaskClient,
    label: Headers,
    splits: list[tuple[str, float]],
    field: str,
    words: str,
) -> None:
    ids = _parties(client, label)
    whole = [{"party_id": ids["publisher"], "share": 100}]
    track = _create(client, label, "tracks", {"title": "Harbour Lights", "master_splits": whole})
    body = {"master_splits": [{"party_id": ids[who], "share": share} for who, share in splits]}

    response = client.patch(f"/api/v1/tracks/{track['id']}", json=body, headers=label)

    assert response.status_code == 422, response.json
    named = response.json.get("field") or response.json["errors"][0]["field"]
    assert named == field
    assert words in response.json["detail"] + str(response.json.get("errors"))
    read = client.get(f"/api/v1/tracks/{track['id']}", headers=label).json
    assert [s["share"] for s in read["master_splits"]] == [100.0]


def test_a_cwr_export_of_an_editor_made_work_carries_ipis_roles_and_shares(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    ids = _parties(client, label)
    _create(client, label, "works", _work_body(ids, composer_pr=25))

    queued = client.post("/api/v1/exports", json={"format": "cwr"}, headers=label)
    services.exports.run_job(queued.json["id"], now=now)  # what the exports function runs
    done = client.get(f"/api/v1/exports/{queued.json['id']}", headers=label).json
    with services.exports.open_output(partner.id, done["id"]) as stream:
        parsed = read_cwr(stream.read().decode("ascii"))

    assert queued.status_code == 202, queued.json
    assert done["state"] == "succeeded", done
    (transaction,) = parsed.transactions("NWR")
    spu = transaction.of_type("SPU")[0]
    assert (spu.get("ipi_name_number"), spu.get("publisher_type")) == ("09000000020", "E")
    assert (spu.get("pr_share"), spu.get("mr_share"), spu.get("sr_share")) == (
        "05000",
        "10000",
        "10000",
    )
    writers = {r.get("ipi_name_number"): r for r in transaction.of_type("SWR")}
    assert (writers["00000000199"].get("designation"), writers["00000000199"].get("pr_share")) == (
        "C",
        "02500",
    )
    assert writers["00000000297"].get("designation") == "A"
    pwr = transaction.of_type("PWR")
    assert len(pwr) == 2
    assert {r.get("publisher_name").strip() for r in pwr} == {"EXAMPLE PUBLISHING"}


def test_graphql_reads_the_shares_publisher_links_and_master_splits(
    client: FlaskClient, label: Headers
) -> None:
    ids = _parties(client, label)
    work = _create(client, label, "works", _work_body(ids))
    _create(
        client, label, "tracks",
        {"title": "Harbour Lights", "work_id": work["id"],
         "master_splits": [{"party_id": ids["publisher"], "share": 100}]},
    )  # fmt: skip
    query = """{ tracks(first: 5) { edges { node { masterSplits { share party { name } }
      work { alternateTitles writers { role prShare srShare publisher { name } } } } } } }"""

    response = client.post("/graphql", json={"query": query}, headers=label)

    assert response.status_code == 200, response.json
    assert "errors" not in response.json, response.json
    node = response.json["data"]["tracks"]["edges"][0]["node"]
    assert node["masterSplits"] == [{"share": 100.0, "party": {"name": "Example Publishing"}}]
    assert node["work"]["alternateTitles"] == ["Lights of the Harbour"]
    assert node["work"]["writers"][0] == {
        "role": "C",
        "prShare": 25.0,
        "srShare": 0.0,
        "publisher": {"name": "Example Publishing"},
    }
