"""Metrics from what the pipeline records, on a database of their own (counts must be exact).

The analytics rows are written the way the analyze function writes them (AiRequestEvent and
ProcessingEvent through the analytics sink); queue depth comes from the real local bus; dead
letters from the real table. Then /metrics, the recorded series and `catalog alerts`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from shared.api import create_app
from shared.bootstrap import Services, build_services
from shared.cli import cli
from shared.db.engine import PgTarget, ensure_database
from shared.db.migrate import migrate
from shared.domain.dead_letters import DeadLetter
from shared.domain.pipeline import (
    AI_REQUESTS_TABLE,
    PROCESSING_TABLE,
    AiRequestEvent,
    ProcessingEvent,
)
from shared.settings import Settings
from shared.topics import ANALYSIS_DLQ, METRICS_SCHEDULED


@pytest.fixture(scope="module")
def own_database(pg_server: PgTarget) -> Iterator[str]:
    name = f"catalog_metrics_{uuid.uuid4().hex[:10]}"
    ensure_database(pg_server, name, timeout_s=10)
    url = f"postgresql://{pg_server.user}@{pg_server.host}:{pg_server.port}/{name}"
    if pg_server.unix_sock:
        url = f"postgresql://{pg_server.user}@/{name}?host={Path(pg_server.unix_sock).parent}"
    yield url
    conn = pg_server.connect(timeout_s=10, statement_timeout_s=60)
    conn.autocommit = True
    conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def quiet(own_database: str, tmp_path: Path) -> Iterator[Services]:
    """Services on an otherwise empty database, emptied again before each test."""
    settings = Settings(database_url=own_database, catalog_data_dir=tmp_path, environment="test")
    built = build_services(settings)
    migrate(built.engine)
    with built.engine.begin() as conn:
        conn.exec_driver_sql(
            "TRUNCATE analytics_events, bus_messages, dead_letters, metric_snapshots"
        )
    yield built
    built.close()


def _record_pipeline(services: Services, now: datetime) -> None:
    ai = [
        AiRequestEvent(
            now - timedelta(seconds=30),
            "p",
            f"a{i}",
            "primary",
            "qwen2-audio",
            "7b",
            "ok",
            900.0,
            0.55 if i < 8 else 0.92,
            False,
            0.0004,
        )
        for i in range(20)
    ] + [
        AiRequestEvent(
            now - timedelta(seconds=20),
            "p",
            "b",
            "challenger",
            "gpt-4o-audio",
            "2025-06",
            "error",
            120.0,
            None,
            True,
            0.0,
            "RateLimitError",
        ),
        AiRequestEvent(
            now - timedelta(hours=2),
            "p",
            "old",
            "primary",
            "qwen2-audio",
            "7b",
            "error",
            10.0,
            None,
            False,
            0.0,
            "old",
        ),  # outside the window
    ]
    jobs = [
        ProcessingEvent(
            now - timedelta(seconds=10),
            "p",
            f"a{i}",
            "analyze",
            "high",
            300.0 if i else 2500.0,
            4000.0,
            "ok",
        )
        for i in range(10)
    ]
    services.analytics.insert_rows(AI_REQUESTS_TABLE, [e.to_row() for e in ai])
    services.analytics.insert_rows(PROCESSING_TABLE, [e.to_row() for e in jobs])


def test_the_snapshot_reads_what_the_pipeline_recorded(quiet: Services) -> None:
    now = datetime.now(UTC)
    _record_pipeline(quiet, now)
    assert quiet.bus is not None
    quiet.bus.publish_many(METRICS_SCHEDULED, [(b"{}", {})] * 3)
    quiet.dead_letters.record(
        DeadLetter(ANALYSIS_DLQ, "m-1", b"{}", {"catalog_failure_reason": "x"}, now), now=now
    )

    snapshot = quiet.metrics.snapshot(now=now)

    assert snapshot.value("catalog_ai_window_requests") == 21
    assert snapshot.value("catalog_ai_low_confidence_ratio") == 8 / 20
    assert snapshot.value("catalog_ai_error_ratio") == 1 / 21
    assert (
        snapshot.value(
            "catalog_ai_errors", {"model": "gpt-4o-audio", "error_type": "RateLimitError"}
        )
        == 1
    )
    assert snapshot.value("catalog_pipeline_jobs", {"priority": "high", "outcome": "ok"}) == 10
    assert snapshot.value("catalog_queue_pending", {"priority": "jobs"}) == 3
    assert snapshot.value("catalog_dlq_open_letters") == 1


def test_metrics_are_served_for_prometheus(quiet: Services) -> None:
    _record_pipeline(quiet, datetime.now(UTC))
    client = create_app(lambda: quiet).test_client()

    response = client.get("/metrics")

    assert response.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(response.get_data(as_text=True))}
    ratio = families["catalog_ai_low_confidence_ratio"].samples[0].value
    assert ratio == pytest.approx(0.4)
    latency = {
        s.labels["model"]: s.value for s in families["catalog_ai_response_p95_seconds"].samples
    }
    assert latency["qwen2-audio"] == pytest.approx(0.9)


def test_alerts_fire_from_the_recorded_series_and_the_cli_says_so(
    quiet: Services, own_database: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    for minutes_ago in (7, 6, 5, 4, 3, 2, 1):  # the scheduled function's minutely recordings
        _record_pipeline(quiet, now - timedelta(minutes=minutes_ago))
        quiet.metrics.record(now=now - timedelta(minutes=minutes_ago))
    _record_pipeline(quiet, now)

    states = {s.rule.name: s for s in quiet.metrics.alerts(now=now, lookback=timedelta(hours=1))}
    result = CliRunner().invoke(
        cli,
        ["alerts", "--json"],
        env={"DATABASE_URL": own_database, "CATALOG_DATA_DIR": str(tmp_path)},
    )

    assert states["ai_low_confidence"].status == "firing"  # 40% below 70% for 7 minutes
    assert states["high_priority_sla"].status == "firing"  # one job waited 2.5 s
    assert states["ai_error_rate"].status == "ok"  # about 1 in 21 is under 5%
    assert states["dlq_size"].status == "ok"
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    firing = sorted(line["alert"] for line in lines if line["status"] == "firing")
    assert firing == ["ai_low_confidence", "high_priority_sla"]


def test_a_quiet_system_has_no_alerts(quiet: Services, own_database: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["alerts"], env={"DATABASE_URL": own_database, "CATALOG_DATA_DIR": str(tmp_path)}
    )

    assert result.exit_code == 0, result.output
    assert "ai_low_confidence" in result.output
