"""The BigQuery analytics sink: its schemas and the rows it streams, without an emulator.

No BigQuery emulator runs offline here, so the real google-cloud-bigquery client talks to a local
HTTP server that records the REST calls (tables.insert, tabledata.insertAll, jobs.query) and
answers with the response shapes BigQuery returns.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery

from shared.adapters.bigquery_analytics import BigQueryAnalyticsSink, check_rows, schema_of
from shared.domain.pipeline import AI_REQUESTS_TABLE, PROCESSING_TABLE, AiRequestEvent
from shared.errors import InvalidField, Unavailable

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class FakeBigQuery:
    """Records every REST call; answers like BigQuery (insertErrors when told to)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.insert_errors: list[dict[str, Any]] = []
        self.query_rows: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def _answer(self, method: str, path: str, body: Any) -> Any:
        path = path.split("?")[0]
        self.calls.append((method, path, body))
        if path.endswith("/insertAll"):
            return {
                "kind": "bigquery#tableDataInsertAllResponse",
                "insertErrors": self.insert_errors,
            }
        if path.endswith("/queries") or "/queries/" in path:
            return {
                "kind": "bigquery#queryResponse",
                "jobComplete": True,
                "jobReference": {"projectId": "test-project", "jobId": "j1", "location": "US"},
                "schema": {"fields": [{"name": "row", "type": "STRING", "mode": "NULLABLE"}]},
                "rows": [{"f": [{"v": row}]} for row in self.query_rows],
                "totalRows": str(len(self.query_rows)),
            }
        if path.endswith("/jobs"):
            return {
                **body,
                "status": {"state": "DONE"},
                "jobReference": {"projectId": "test-project", "jobId": "j1", "location": "US"},
            }
        if "/jobs/" in path:
            return {
                "kind": "bigquery#job",
                "status": {"state": "DONE"},
                "jobReference": {"projectId": "test-project", "jobId": "j1", "location": "US"},
                "configuration": {"query": {"query": "", "useLegacySql": False}},
            }
        return body  # datasets.insert and tables.insert echo the resource

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                self._send(fake._answer("POST", self.path, body))

            def do_GET(self) -> None:  # noqa: N802
                self._send(fake._answer("GET", self.path, None))

            def _send(self, answer: Any) -> None:
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def bigquery_fake() -> Iterator[FakeBigQuery]:
    fake = FakeBigQuery()
    yield fake
    fake.close()


@pytest.fixture
def sink(bigquery_fake: FakeBigQuery) -> BigQueryAnalyticsSink:
    client = bigquery.Client(
        project="test-project",
        credentials=AnonymousCredentials(),
        client_options={"api_endpoint": bigquery_fake.url},
    )
    return BigQueryAnalyticsSink(client, "catalog_analytics", timeout_s=5)


def _event(**changes: Any) -> dict[str, Any]:
    event = AiRequestEvent(
        NOW, "p1", "a1", "challenger", "musicnn", "0.1.0", "ok", 812.5, 0.91, False, 0.00015
    )
    return {**event.to_row(), **changes}


def test_the_ai_requests_schema_follows_the_event_rows_field_by_field() -> None:
    schema = {f.name: (f.field_type, f.mode) for f in schema_of(AI_REQUESTS_TABLE)}

    assert schema == {
        "event_time": ("TIMESTAMP", "REQUIRED"),
        "partner_id": ("STRING", "REQUIRED"),
        "asset_id": ("STRING", "REQUIRED"),
        "arm": ("STRING", "REQUIRED"),
        "model": ("STRING", "REQUIRED"),
        "model_version": ("STRING", "REQUIRED"),
        "outcome": ("STRING", "REQUIRED"),
        "latency_ms": ("FLOAT64", "REQUIRED"),
        "confidence": ("FLOAT64", "NULLABLE"),
        "fallback_used": ("BOOL", "REQUIRED"),
        "cost_usd": ("FLOAT64", "REQUIRED"),
        "error_type": ("STRING", "NULLABLE"),
    }
    assert {f.name for f in schema_of(PROCESSING_TABLE)} >= {"queue_latency_ms", "outcome"}


def test_tables_are_created_day_partitioned_with_that_schema(
    sink: BigQueryAnalyticsSink, bigquery_fake: FakeBigQuery
) -> None:
    sink.ensure_tables()

    tables = {
        body["tableReference"]["tableId"]: body
        for method, path, body in bigquery_fake.calls
        if path.endswith("/tables")
    }
    assert set(tables) == {AI_REQUESTS_TABLE, PROCESSING_TABLE}
    sent = tables[AI_REQUESTS_TABLE]
    assert sent["timePartitioning"] == {"type": "DAY", "field": "event_time"}
    assert [f["name"] for f in sent["schema"]["fields"]][:3] == [
        "event_time",
        "partner_id",
        "asset_id",
    ]


def test_rows_are_streamed_as_json_with_stable_insert_ids(
    sink: BigQueryAnalyticsSink, bigquery_fake: FakeBigQuery
) -> None:
    rows = [_event(), _event(asset_id="a2", confidence=None, outcome="timeout")]

    sink.insert_rows(AI_REQUESTS_TABLE, rows)
    sink.insert_rows(AI_REQUESTS_TABLE, rows)  # a retried insert

    inserts = [(path, body) for _, path, body in bigquery_fake.calls if path.endswith("/insertAll")]
    path, body = inserts[0]
    assert path.endswith(
        "/projects/test-project/datasets/catalog_analytics/tables/ai_requests/insertAll"
    )
    assert [r["json"] for r in body["rows"]] == rows
    assert [r["insertId"] for r in body["rows"]] == [r["insertId"] for r in inserts[1][1]["rows"]]


def test_a_row_that_does_not_fit_the_schema_is_refused_naming_the_column(
    sink: BigQueryAnalyticsSink,
) -> None:
    with pytest.raises(InvalidField, match=r"ai_requests\[0\].fallback_used"):
        check_rows(AI_REQUESTS_TABLE, [_event(fallback_used="yes")])
    with pytest.raises(InvalidField, match="latency_ms: is required"):
        sink.insert_rows(AI_REQUESTS_TABLE, [_event(latency_ms=None)])


def test_rows_bigquery_rejects_raise_unavailable(
    sink: BigQueryAnalyticsSink, bigquery_fake: FakeBigQuery
) -> None:
    bigquery_fake.insert_errors = [{"index": 0, "errors": [{"reason": "invalid", "message": "x"}]}]

    with pytest.raises(Unavailable, match="rejected rows of ai_requests"):
        sink.insert_rows(AI_REQUESTS_TABLE, [_event()])


def test_rows_are_read_back_with_a_parameterised_query(
    sink: BigQueryAnalyticsSink, bigquery_fake: FakeBigQuery
) -> None:
    bigquery_fake.query_rows = [json.dumps(_event())]

    rows = sink.read_rows(AI_REQUESTS_TABLE, since=NOW)

    assert rows == [_event()]
    [job] = [body for _, path, body in bigquery_fake.calls if path.endswith("/jobs")]
    query = job["configuration"]["query"]
    assert "WHERE t.event_time >= @since" in query["query"]
    assert query["queryParameters"][0]["name"] == "since"
