"""GraphQL floods (issue 15): refused before validation, in milliseconds, with one message and
one log line per request, however many aliases or directives they hold."""

from __future__ import annotations

import logging
import time

import pytest
from flask.testing import FlaskClient

Headers = dict[str, str]
FIELD = "tracks(first: 1) { edges { node { title } } }"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "query { " + " ".join(f"a{i}: {FIELD}" for i in range(3000)) + " }",
            "the query has more than 5,000 tokens",
        ),
        (
            "query { tracks(first: 1) "
            + "@skip(if: false) " * 3000
            + "{ edges { node { id } } } }",
            "the query has more than 5,000 tokens",
        ),
        (
            "query { " + " ".join(f'a{i}: track(id: "x") {{ id }}' for i in range(31)) + " }",
            "the query uses 31 aliases; at most 30",
        ),
        (
            "query { tracks(first: 1) "
            + "@include(if: true) " * 60
            + "{ edges { node { id } } } }",
            "the query uses 60 directives; at most 50",
        ),
        (
            "query { tracks(first: %s) { edges { node { id } } } }" % ("1" * 5000),
            "a number literal has 5,000 characters; at most 50",
        ),
    ],
)
def test_a_flood_is_refused_early_with_one_message_and_one_log_line(
    client: FlaskClient, label: Headers, caplog: pytest.LogCaptureFixture, query: str, said: str
) -> None:
    caplog.set_level(logging.INFO)
    started = time.process_time()  # the work done, not the wait for a busy machine's cores

    response = client.post("/graphql", json={"query": query}, headers=label)

    elapsed = time.process_time() - started
    ours = [r for r in caplog.records if r.name.startswith(("shared", "strawberry"))]
    assert response.status_code == 400
    assert response.json == {"data": None, "errors": [{"message": said}]}
    assert elapsed < 1.0
    assert len(ours) == 1
    assert ours[0].levelno == logging.WARNING
    assert said in ours[0].getMessage()


def test_validation_errors_are_one_log_line_too(
    client: FlaskClient, label: Headers, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    query = "query { " + " ".join(f"nope{i}" for i in range(40)) + " }"

    response = client.post("/graphql", json={"query": query}, headers=label)

    logged = [r for r in caplog.records if r.name.startswith(("shared", "strawberry"))]
    assert response.status_code == 400
    assert len(response.json["errors"]) == 40
    assert len(logged) == 1
    assert logged[0].getMessage().startswith("graphql: 40 error(s), the first: ")


def test_an_ordinary_query_still_runs(client: FlaskClient, label: Headers) -> None:
    response = client.post(
        "/graphql", json={"query": "query { tracks(first: 5) { edges { node { id } } } }"},
        headers=label,
    )  # fmt: skip

    assert response.status_code == 200
    assert response.json["data"] == {"tracks": {"edges": []}}
