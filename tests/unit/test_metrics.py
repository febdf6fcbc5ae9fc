"""Metric computations from pipeline rows, and their Cloud Monitoring and Prometheus forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from google.cloud import monitoring_v3
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from shared.adapters.cloud_monitoring import CloudMonitoringSink
from shared.adapters.prometheus_metrics import render
from shared.domain.metrics import (
    MetricsSnapshot,
    QueueDepth,
    ai_event_from_row,
    ai_metrics,
    percentile,
    processing_metrics,
    queue_metrics,
)
from shared.domain.pipeline import AiRequestEvent, ProcessingEvent

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _ai(
    model: str,
    latency_ms: float,
    confidence: float | None,
    outcome: str = "ok",
    cost: float = 0.002,
    error_type: str | None = None,
) -> AiRequestEvent:
    return AiRequestEvent(
        NOW,
        "p",
        "a",
        "primary",
        model,
        "1",
        outcome,
        latency_ms,
        confidence,
        False,
        cost,
        error_type,
    )


def _snapshot(events: list[AiRequestEvent]) -> MetricsSnapshot:
    gauges, dists = ai_metrics(events)
    return MetricsSnapshot(NOW, 300, tuple(gauges), tuple(dists))


def test_ai_ratios_count_low_confidence_and_failures() -> None:
    events = (
        [_ai("qwen2-audio", 800, 0.9)] * 14
        + [_ai("qwen2-audio", 900, 0.5)] * 4
        + [_ai("qwen2-audio", 30_000, None, "timeout", 0.0, "ReadTimeout")] * 2
    )

    snapshot = _snapshot(events)

    assert snapshot.value("catalog_ai_low_confidence_ratio") is None  # 18 scored: too few
    assert snapshot.value("catalog_ai_error_ratio") == 2 / 20
    assert (
        snapshot.value("catalog_ai_errors", {"model": "qwen2-audio", "error_type": "ReadTimeout"})
        == 2
    )


def test_the_low_confidence_ratio_needs_twenty_scored_requests() -> None:
    events = [_ai("gpt-4o-audio", 500, 0.9)] * 16 + [_ai("gpt-4o-audio", 500, 0.6)] * 5

    snapshot = _snapshot(events)

    assert snapshot.value("catalog_ai_low_confidence_ratio") == 5 / 21


def test_response_time_and_cost_are_per_model() -> None:
    events = [_ai("qwen2-audio", ms, 0.9, cost=0.001) for ms in range(100, 1100, 100)]
    events += [_ai("gpt-4o-audio", 2000, 0.95, "ok", 0.01)] * 3

    snapshot = _snapshot(events)

    qwen = {"model": "qwen2-audio"}
    assert snapshot.value("catalog_ai_response_p50_seconds", qwen) == pytest.approx(0.55)
    assert snapshot.value("catalog_ai_response_p95_seconds", qwen) == pytest.approx(0.955)
    assert snapshot.value("catalog_ai_cost_per_request_usd", {"model": "gpt-4o-audio"}) == 0.01
    confidence = next(
        d
        for d in snapshot.distributions
        if d.name == "catalog_ai_confidence" and dict(d.labels) == qwen
    )
    assert confidence.count == 10
    assert confidence.bucket_counts[8] == 10


def test_pipeline_latency_and_failures_are_per_priority() -> None:
    events = [ProcessingEvent(NOW, "p", "a", "analyze", "high", 200, 3000, "ok")] * 19
    events += [ProcessingEvent(NOW, "p", "a", "analyze", "high", 4000, 3000, "failed")]

    gauges, _ = processing_metrics(events)
    snapshot = MetricsSnapshot(NOW, 300, tuple(gauges))

    high = {"priority": "high"}
    assert snapshot.value("catalog_pipeline_error_ratio", high) == 0.05
    assert snapshot.value("catalog_pipeline_queue_latency_p95_seconds", high) == pytest.approx(0.39)
    assert snapshot.value("catalog_pipeline_jobs", {"priority": "high", "outcome": "failed"}) == 1


def test_queue_size_by_priority_leaves_out_dead_letter_queues() -> None:
    depths = [
        QueueDepth("analyze-high", "high", 3, 1, 0, 2.0),
        QueueDepth("analyze-low", "low", 400, 4, 120, 700.0),
        QueueDepth("analysis-dlq-record", "dlq", 900, 0, 0, 9000.0),
    ]

    snapshot = MetricsSnapshot(NOW, 300, tuple(queue_metrics(depths)))

    assert snapshot.value("catalog_queue_pending", {"priority": "low"}) == 524
    assert snapshot.value("catalog_queue_pending_total") == 528
    assert snapshot.value("catalog_queue_oldest_seconds_max") == 700.0


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5


def test_a_row_of_another_shape_is_skipped_not_fatal() -> None:
    assert ai_event_from_row({"model": "x"}) is None
    assert ai_event_from_row(_ai("m", 10, 0.5).to_row()) == _ai("m", 10, 0.5)


class FakeMetricClient:
    """Stands in for MetricServiceClient (Cloud Monitoring cannot be reached here); it keeps the
    real request objects, so the TimeSeries checked below are exactly what the API receives."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, list[monitoring_v3.TimeSeries]]] = []

    def create_time_series(
        self, *, name: str, time_series: list[monitoring_v3.TimeSeries], timeout: float
    ) -> None:
        self.requests.append((name, time_series))


def test_cloud_monitoring_gets_one_custom_metric_point_per_gauge() -> None:
    client = FakeMetricClient()
    snapshot = _snapshot([_ai("qwen2-audio", 800, 0.9)] * 20)

    CloudMonitoringSink(client, project="catalog-prod", timeout_s=5).write(snapshot)

    name, series = client.requests[0]
    by_type = {s.metric.type: s for s in series}
    ratio = by_type["custom.googleapis.com/catalog/ai_low_confidence_ratio"]
    assert name == "projects/catalog-prod"
    assert ratio.resource.type == "global"
    assert ratio.points[0].value.double_value == 0.0
    p95 = by_type["custom.googleapis.com/catalog/ai_response_p95_seconds"]
    assert dict(p95.metric.labels) == {"model": "qwen2-audio"}
    assert monitoring_v3.TimeSeries.pb(p95).points[0].interval.end_time.seconds == int(
        NOW.timestamp()
    )


def test_the_prometheus_exposition_parses_and_carries_the_histograms() -> None:
    snapshot = _snapshot([_ai("qwen2-audio", 800, 0.9)] * 20)

    body, content_type = render(lambda: snapshot, "application/openmetrics-text; version=1.0.0")

    assert content_type.startswith("application/openmetrics-text")
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    assert families["catalog_ai_confidence"].type == "gaugehistogram"
    buckets = {
        s.labels["le"]: s.value
        for s in families["catalog_ai_confidence"].samples
        if s.name.endswith("_bucket")
    }
    assert buckets["0.8"] == 0
    assert buckets["0.9"] == 20
    assert buckets["+Inf"] == 20
    assert families["catalog_ai_error_ratio"].samples[0].value == 0.0


def test_a_recorded_snapshot_round_trips() -> None:
    snapshot = _snapshot([_ai("m", 100, 0.9)] * 3)

    again = MetricsSnapshot.from_json(snapshot.to_json())

    assert again.gauges == snapshot.gauges
    assert again.taken_at == snapshot.taken_at
    assert again.taken_at - timedelta(seconds=again.window_s) == NOW - timedelta(minutes=5)


def test_classic_scrapers_get_the_text_format() -> None:
    from prometheus_client.parser import text_string_to_metric_families as classic

    body, content_type = render(lambda: _snapshot([_ai("m", 100, 0.9)] * 3), "text/plain")

    assert content_type.startswith("text/plain")
    names = {f.name for f in classic(body.decode())}
    assert {"catalog_ai_window_requests", "catalog_ai_confidence"} <= names
