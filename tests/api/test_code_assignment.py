"""Identifier assignment (issue 17, item 3): a partner registers ISRC prefixes and UPC/EAN
ranges, and selected tracks and releases get the next free codes, never one twice, with where
each came from. Bad input is a 422 naming the field; nothing is saved then."""

from __future__ import annotations

import random
import string
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.identifiers import Gtin

Headers = dict[str, str]
YEAR = datetime.now(UTC).year % 100


def _registrant() -> str:
    """A registrant code no other test registered (the prefix register is global)."""
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=3))


def _company_prefix() -> str:
    return "".join(random.choices(string.digits, k=9))


def _prefix(client: FlaskClient, label: Headers, country: str = "GB") -> tuple[str, str]:
    registrant = _registrant()
    response = client.post(
        "/api/v1/code-sources/isrc-prefixes",
        json={"country_code": country.lower(), "registrant_code": registrant.lower()},
        headers=label,
    )
    assert response.status_code == 201, response.json
    return response.json["id"], f"{country}{registrant}"


def _tracks(client: FlaskClient, label: Headers, count: int, **values: Any) -> list[str]:
    ids = []
    for index in range(count):
        body = {"title": f"Track {index}", **values}
        response = client.post("/api/v1/tracks", json=body, headers=label)
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return ids


def _release(client: FlaskClient, label: Headers, **values: Any) -> str:
    response = client.post("/api/v1/releases", json={"title": "EP", **values}, headers=label)
    assert response.status_code == 201, response.json
    return str(response.json["id"])


def _assign_isrcs(client: FlaskClient, label: Headers, source: str, ids: list[str], **more: Any):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/tracks/assign-isrcs",
        json={"source_id": source, "track_ids": ids, **more},
        headers=label,
    )


def test_tracks_get_the_next_isrcs_of_the_prefix_with_where_they_came_from(
    client: FlaskClient, label: Headers
) -> None:
    source, stem = _prefix(client, label)
    first, second = _tracks(client, label, 2)

    response = _assign_isrcs(client, label, source, [first, second])
    track = client.get(f"/api/v1/tracks/{second}", headers=label).json
    origin = client.get(f"/api/v1/assigned-codes?subject_ids={second}", headers=label).json
    sources = client.get("/api/v1/code-sources", headers=label).json["items"]

    assert response.status_code == 200, response.json
    codes = [a["code"] for a in response.json["assigned"]]
    assert codes == [f"{stem}{YEAR:02d}00001", f"{stem}{YEAR:02d}00002"]
    assert track["isrc"] == codes[1]
    assert track["provenance"]["isrc"]["source"] == "human"
    assert origin["items"][0]["source"] == f"ISRC prefix {stem[:2]}-{stem[2:]}"
    assert origin["items"][0]["assigned_by"]
    assert [s["used"] for s in sources] == [2]


def test_a_track_keeps_its_isrc_unless_overwrite_is_asked(
    client: FlaskClient, label: Headers
) -> None:
    source, stem = _prefix(client, label)
    (track,) = _tracks(client, label, 1, isrc="USRC17607839")

    kept = _assign_isrcs(client, label, source, [track]).json
    replaced = _assign_isrcs(client, label, source, [track], overwrite=True).json
    isrc = client.get(f"/api/v1/tracks/{track}", headers=label).json["isrc"]

    assert kept["assigned"] == []
    assert kept["kept"] == [{"subject_id": track, "code": "USRC17607839"}]
    assert replaced["assigned"][0]["replaced"] == "USRC17607839"
    assert isrc == replaced["assigned"][0]["code"] == f"{stem}{YEAR:02d}00001"


def test_a_code_a_track_already_carries_is_passed_over(client: FlaskClient, label: Headers) -> None:
    source, stem = _prefix(client, label)
    _tracks(client, label, 1, isrc=f"{stem}{YEAR:02d}00001")
    (track,) = _tracks(client, label, 1)

    response = _assign_isrcs(client, label, source, [track])

    assert response.json["assigned"][0]["code"] == f"{stem}{YEAR:02d}00002"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"country_code": "U5", "registrant_code": "RC1"}, "country_code", "2 letters"),
        ({"country_code": "XX", "registrant_code": "RC1"}, "country_code", "ISO 3166-1"),
        ({"country_code": "US", "registrant_code": "R!1"}, "registrant_code", "letters or digits"),
        ({"country_code": "US", "registrant_code": "RC"}, "registrant_code", "must have 3"),
    ],
)
def test_a_bad_isrc_prefix_is_refused_naming_the_part(
    client: FlaskClient, label: Headers, body: dict[str, str], field: str, words: str
) -> None:
    response = client.post("/api/v1/code-sources/isrc-prefixes", json=body, headers=label)

    assert response.status_code == 422
    assert response.json["field"] == field
    assert words in response.json["detail"]
    assert client.get("/api/v1/code-sources", headers=label).json["items"] == []


def test_a_prefix_is_registered_once(client: FlaskClient, label: Headers) -> None:
    _, stem = _prefix(client, label)

    again = client.post(
        "/api/v1/code-sources/isrc-prefixes",
        json={"country_code": stem[:2], "registrant_code": stem[2:]},
        headers=label,
    )

    assert again.status_code == 409
    assert again.json["field"] == "registrant_code"
    assert f"{stem[:2]}-{stem[2:]} is registered already" in again.json["detail"]


def test_releases_get_upcs_from_a_company_prefix_with_check_digits(
    client: FlaskClient, label: Headers
) -> None:
    prefix = _company_prefix()
    created = client.post(
        "/api/v1/code-sources/upc-ranges",
        json={"company_prefix": prefix, "length": 13, "label": "GS1"},
        headers=label,
    )
    releases = [_release(client, label), _release(client, label)]

    response = client.post(
        "/api/v1/releases/assign-upcs",
        json={"source_id": created.json["id"], "release_ids": releases},
        headers=label,
    )
    release = client.get(f"/api/v1/releases/{releases[1]}", headers=label).json

    assert created.status_code == 201, created.json
    assert created.json["size"] == 1000
    codes = [a["code"] for a in response.json["assigned"]]
    assert [c[:12] for c in codes] == [f"{prefix}000", f"{prefix}001"]
    assert all(Gtin.check(code) is None for code in codes)
    assert release["upc"] == codes[1]


def test_a_used_up_range_is_refused_naming_it_and_assigns_nothing(
    client: FlaskClient, label: Headers
) -> None:
    body = f"{_company_prefix()}00"
    first, last = (str(Gtin.parse(f"{body}{n}{_check(body + str(n))}")) for n in (0, 1))
    source = client.post(
        "/api/v1/code-sources/upc-ranges", json={"first": first, "last": last}, headers=label
    ).json["id"]
    releases = [_release(client, label) for _ in range(3)]

    response = client.post(
        "/api/v1/releases/assign-upcs",
        json={"source_id": source, "release_ids": releases},
        headers=label,
    )
    after = [client.get(f"/api/v1/releases/{r}", headers=label).json["upc"] for r in releases]

    assert response.status_code == 422
    assert response.json["field"] == "source_id"
    assert f"{first}..{last} is used up" in response.json["detail"]
    assert after == [None, None, None]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first": "4006381333932", "last": "4006381333948"}, "first"),
        ({"first": "4006381333931", "last": "400638133394"}, "last"),
        ({"first": "4006381333948", "last": "4006381333931"}, "last"),
        ({"company_prefix": "12ab5", "length": 13}, "company_prefix"),
        ({"length": 13}, "company_prefix"),
    ],
)
def test_a_bad_range_is_refused_naming_the_field(
    client: FlaskClient, label: Headers, body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/code-sources/upc-ranges", json=body, headers=label)

    assert response.status_code == 422, response.json
    assert response.json["field"] == field


def test_overlapping_ranges_are_refused(client: FlaskClient, label: Headers) -> None:
    prefix = _company_prefix()
    first = client.post(
        "/api/v1/code-sources/upc-ranges", json={"company_prefix": prefix}, headers=label
    )

    inside = client.post(
        "/api/v1/code-sources/upc-ranges",
        json={"company_prefix": prefix + "1", "length": 13},
        headers=label,
    )

    assert first.status_code == 201
    assert inside.status_code == 409
    assert inside.json["field"] == "company_prefix"
    assert "overlaps" in inside.json["detail"]


def test_assigning_from_a_source_of_the_wrong_kind_or_unknown_tracks_is_refused(
    client: FlaskClient, label: Headers
) -> None:
    source, _ = _prefix(client, label)
    (track,) = _tracks(client, label, 1)
    release = _release(client, label)

    wrong_kind = client.post(
        "/api/v1/releases/assign-upcs",
        json={"source_id": source, "release_ids": [release]},
        headers=label,
    )
    unknown = _assign_isrcs(client, label, source, [track, release])

    assert wrong_kind.status_code == 422
    assert wrong_kind.json["field"] == "source_id"
    assert unknown.status_code == 422
    assert unknown.json["field"] == "track_ids[1]"
    assert client.get(f"/api/v1/tracks/{track}", headers=label).json["isrc"] is None


def test_two_assignments_at_once_never_issue_one_code_twice(
    client: FlaskClient, label: Headers
) -> None:
    source, stem = _prefix(client, label)
    batches = [_tracks(client, label, 4), _tracks(client, label, 4)]
    start = threading.Barrier(2)
    answers: list[Any] = []

    def assign(ids: list[str]) -> None:
        start.wait()
        answers.append(_assign_isrcs(client, label, source, ids))

    threads = [threading.Thread(target=assign, args=(ids,)) for ids in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)

    assert [a.status_code for a in answers] == [200, 200]
    codes = sorted(c["code"] for a in answers for c in a.json["assigned"])
    assert codes == [f"{stem}{YEAR:02d}{n:05d}" for n in range(1, 9)]


def test_the_counter_row_is_locked_until_the_assignment_commits(
    client: FlaskClient, label: Headers, services: Services
) -> None:
    """A second request waits for the first transaction instead of reading the same count."""
    source, stem = _prefix(client, label)
    (track,) = _tracks(client, label, 1)
    answers: list[Any] = []
    with services.engine.connect() as conn, conn.begin():
        conn.execute(
            sa.text(
                "INSERT INTO code_counters (source_id, year, used) VALUES (:id, :year, 1) "
                "ON CONFLICT (source_id, year) DO UPDATE SET used = code_counters.used + 1"
            ),
            {"id": source, "year": datetime.now(UTC).year},
        )
        waiting = threading.Thread(
            target=lambda: answers.append(_assign_isrcs(client, label, source, [track]))
        )
        waiting.start()
        time.sleep(0.5)
        assert answers == []  # blocked on the row lock

    waiting.join(15)

    assert answers[0].json["assigned"][0]["code"] == f"{stem}{YEAR:02d}00002"


def test_the_register_refuses_a_code_issued_twice(services: Services, label: Headers) -> None:
    row = {
        "kind": "isrc", "code": "GBAAA2600001", "subject_kind": "track", "source": "x",
        "replaced": None, "assigned_by": "test", "assigned_at": datetime.now(UTC),
    }  # fmt: skip
    with services.engine.connect() as conn:
        partner_id, source_id = _any_source(conn)
        insert = sa.text(
            "INSERT INTO issued_codes VALUES (:kind, :code, :partner, :source_id, :source, "
            ":subject_kind, gen_random_uuid(), :replaced, :assigned_by, :assigned_at)"
        )
        values = {**row, "partner": partner_id, "source_id": source_id}
        conn.execute(insert, values)

        with pytest.raises(sa.exc.DatabaseError, match="issued_codes_pkey"):
            conn.execute(insert, values)
        conn.rollback()


def _any_source(conn: sa.Connection) -> tuple[Any, Any]:
    partner = conn.execute(sa.text("SELECT id FROM partners LIMIT 1")).scalar_one()
    source = conn.execute(
        sa.text(
            "INSERT INTO code_sources (id, partner_id, kind, isrc_stem, created_by, created_at) "
            "VALUES (gen_random_uuid(), :p, 'isrc', :stem, 'test', now()) RETURNING id"
        ),
        {"p": partner, "stem": "ZZ" + _registrant()},
    ).scalar_one()
    return partner, source


def _check(body: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10
