"""Structured logs in Cloud Logging's format, with the trace of the request or event."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import flask
import pytest

from shared.api.requests import register_request_context
from shared.logs import (
    CloudLoggingFormatter,
    TraceFilter,
    trace_from_headers,
    trace_from_traceparent,
    traced,
)

TRACE = "105445aa7843bc8bf206b12000100000"


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(CloudLoggingFormatter("catalog-prod"))
    handler.addFilter(TraceFilter())
    logger = logging.getLogger("tests.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)


def _entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_logs_under_its_cloud_trace_and_request_id(lines: io.StringIO) -> None:
    app = flask.Flask(__name__)
    register_request_context(app)

    @app.get("/")
    def index() -> str:
        logging.getLogger("tests.logs").info("reading track")
        return "ok"

    app.test_client().get(
        "/", headers={"X-Cloud-Trace-Context": f"{TRACE}/1;o=1", "X-Request-Id": "req-42"}
    )
    logging.getLogger("tests.logs").info("after the request")

    during, after = _entries(lines)
    assert during["logging.googleapis.com/trace"] == f"projects/catalog-prod/traces/{TRACE}"
    assert during["logging.googleapis.com/spanId"] == "1"
    assert during["logging.googleapis.com/trace_sampled"] is True
    assert during["logging.googleapis.com/labels"] == {"request_id": "req-42"}
    assert during["severity"] == "INFO"
    assert "logging.googleapis.com/trace" not in after


def test_an_event_logs_under_its_traceparent(lines: io.StringIO) -> None:
    context = trace_from_traceparent(f"00-{TRACE}-00f067aa0ba902b7-01")

    with traced(context):
        logging.getLogger("tests.logs").warning("cleanup step failed")

    entry = _entries(lines)[0]
    assert entry["logging.googleapis.com/trace"].endswith(TRACE)
    assert entry["logging.googleapis.com/spanId"] == str(0x00F067AA0BA902B7)
    assert entry["severity"] == "WARNING"


def test_an_exception_is_reported_for_error_reporting(lines: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("tests.logs").exception("export failed")

    entry = _entries(lines)[0]
    assert entry["severity"] == "ERROR"
    assert entry["@type"].endswith("ReportedErrorEvent")
    assert "ValueError: boom" in entry["message"]


@pytest.mark.parametrize(
    ("cloud", "traceparent", "trace_id"),
    [
        (f"{TRACE}/123;o=0", "", TRACE),
        ("", f"00-{TRACE}-00f067aa0ba902b7-00", TRACE),
        ("not-a-trace", "garbage", None),
    ],
)
def test_trace_headers_parse_or_are_ignored(
    cloud: str, traceparent: str, trace_id: str | None
) -> None:
    assert trace_from_headers(cloud, traceparent).trace_id == trace_id
