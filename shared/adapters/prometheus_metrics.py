"""Prometheus exposition of a metrics snapshot (GET /metrics in local mode).

A custom collector computes the snapshot at scrape time from what the pipeline recorded, so the
numbers are the same whichever process serves the scrape. Windowed distributions are exposed as
gauge histograms (Prometheus's type for "the current distribution"), the rest as gauges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import accumulate

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from shared.domain.metrics import Distribution, Gauge, MetricsSnapshot

HELP = {
    "catalog_ai_window_requests": "AI requests in the window",
    "catalog_ai_requests": "AI requests in the window by model and outcome",
    "catalog_ai_errors": "Failed AI requests in the window by model and error type",
    "catalog_ai_error_ratio": "Share of AI requests that failed (window)",
    "catalog_ai_low_confidence_ratio": "Share of AI requests with confidence below 0.70",
    "catalog_ai_response_p50_seconds": "Median AI response time by model",
    "catalog_ai_response_p95_seconds": "95th percentile AI response time by model",
    "catalog_ai_confidence_mean": "Mean AI confidence by model",
    "catalog_ai_cost_usd": "AI cost in the window by model (USD)",
    "catalog_ai_cost_per_request_usd": "Mean AI cost per request by model (USD)",
    "catalog_ai_response_seconds": "AI response time distribution by model (window)",
    "catalog_ai_confidence": "AI confidence distribution by model (window)",
    "catalog_pipeline_jobs": "Pipeline jobs in the window by priority and outcome",
    "catalog_pipeline_error_ratio": "Share of pipeline jobs that failed, by priority",
    "catalog_pipeline_queue_latency_p95_seconds": "95th percentile queue latency by priority",
    "catalog_pipeline_processing_p95_seconds": "95th percentile processing time by priority",
    "catalog_pipeline_total_p95_seconds": "95th percentile queue + processing time by priority",
    "catalog_pipeline_queue_latency_seconds": "Queue latency distribution by priority",
    "catalog_pipeline_processing_seconds": "Processing time distribution by priority",
    "catalog_queue_messages": "Messages per subscription and state",
    "catalog_queue_pending": "Pending jobs by priority",
    "catalog_queue_pending_total": "Pending jobs (dead-letter queues excluded)",
    "catalog_queue_oldest_seconds": "Age of the oldest message per subscription",
    "catalog_queue_oldest_seconds_max": "Age of the oldest pending job",
    "catalog_dlq_open_letters": "Unresolved dead letters",
    "catalog_dlq_oldest_age_seconds": "Age of the oldest unresolved dead letter",
    "catalog_metrics_rows_skipped": "Analytics rows in the window that could not be read",
}


class SnapshotCollector(Collector):
    """Renders ``snapshot()`` on every collect."""

    def __init__(self, snapshot: Callable[[], MetricsSnapshot]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        snapshot = self._snapshot()
        yield from _gauge_families(snapshot.gauges)
        yield from _histogram_families(snapshot.distributions)


def _gauge_families(gauges: tuple[Gauge, ...]) -> Iterator[Metric]:
    by_name: dict[str, list[Gauge]] = {}
    for gauge in gauges:
        by_name.setdefault(gauge.name, []).append(gauge)
    for name, items in by_name.items():
        label_names = [key for key, _ in items[0].labels]
        family = GaugeMetricFamily(name, HELP.get(name, name), labels=label_names)
        for gauge in items:
            family.add_metric([value for _, value in gauge.labels], gauge.value)
        yield family


def _histogram_families(distributions: tuple[Distribution, ...]) -> Iterator[Metric]:
    by_name: dict[str, list[Distribution]] = {}
    for dist in distributions:
        by_name.setdefault(dist.name, []).append(dist)
    for name, items in by_name.items():
        label_names = [key for key, _ in items[0].labels]
        family = GaugeHistogramMetricFamily(name, HELP.get(name, name), labels=label_names)
        for dist in items:
            cumulative = list(accumulate(dist.bucket_counts))
            bounds = [*(_le(b) for b in dist.bounds), "+Inf"]
            family.add_metric(
                [value for _, value in dist.labels],
                list(zip(bounds, [float(c) for c in cumulative], strict=True)),
                gsum_value=dist.total,
            )
        yield family


def _le(bound: float) -> str:
    return repr(float(bound))


def render(snapshot: Callable[[], MetricsSnapshot], accept: str = "") -> tuple[bytes, str]:
    """One scrape as ``(body, content type)``: OpenMetrics when the scraper accepts it (gauge
    histograms are typed there), else the classic text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SnapshotCollector(snapshot))
    encoder, content_type = choose_encoder(accept)
    return encoder(registry), content_type
