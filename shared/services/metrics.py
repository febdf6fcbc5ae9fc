"""Metrics: one snapshot over a window of what the pipeline recorded, and alerts over the series.

Reads what already exists (analytics rows, queue depth, dead letters); it instruments nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from shared.domain.alerts import AlertState, evaluate_all
from shared.domain.metrics import (
    Distribution,
    Gauge,
    MetricsSnapshot,
    QueueDepth,
    ai_event_from_row,
    ai_metrics,
    dead_letter_metrics,
    processing_event_from_row,
    processing_metrics,
    queue_metrics,
)
from shared.domain.pipeline import AI_REQUESTS_TABLE, PROCESSING_TABLE
from shared.ports import AnalyticsSink, MetricsSink
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

QueueDepths = Callable[[], list[QueueDepth]]


class MetricsService:
    """Compute, record and evaluate metric snapshots."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        analytics: AnalyticsSink,
        sink: MetricsSink,
        *,
        window: timedelta,
        queue_depths: QueueDepths | None = None,  # None in GCP: Pub/Sub reports its own
    ) -> None:
        self._uow = uow
        self._analytics = analytics
        self._sink = sink
        self._window = window
        self._queue_depths = queue_depths

    def snapshot(self, *, now: datetime) -> MetricsSnapshot:
        """Every metric over the window ending ``now``."""
        since = now - self._window
        gauges: list[Gauge] = []
        dists: list[Distribution] = []
        ai_rows = self._analytics.read_rows(AI_REQUESTS_TABLE, since=since)
        ai_events = [
            e for e in map(ai_event_from_row, ai_rows) if e and since <= e.event_time <= now
        ]
        found = ai_metrics(ai_events)
        gauges += found[0]
        dists += found[1]
        jobs = self._analytics.read_rows(PROCESSING_TABLE, since=since)
        job_events = [
            e for e in map(processing_event_from_row, jobs) if e and since <= e.event_time <= now
        ]
        found = processing_metrics(job_events)
        gauges += found[0]
        dists += found[1]
        skipped = len(ai_rows) + len(jobs) - len(ai_events) - len(job_events)
        gauges.append(Gauge("catalog_metrics_rows_skipped", float(max(0, skipped))))
        if self._queue_depths is not None:
            gauges += queue_metrics(self._queue_depths())
        with self._uow() as uow:
            gauges += dead_letter_metrics(*uow.dead_letters.count_open())
        return MetricsSnapshot(now, self._window.total_seconds(), tuple(gauges), tuple(dists))

    def record(self, *, now: datetime) -> MetricsSnapshot:
        """Take a snapshot and hand it to the sink (a table locally, Cloud Monitoring in GCP)."""
        snapshot = self.snapshot(now=now)
        self._sink.write(snapshot)
        return snapshot

    def alerts(self, *, now: datetime, lookback: timedelta) -> list[AlertState]:
        """Every alert rule over the recorded series plus a snapshot taken now."""
        series = [s for s in self._sink.series(since=now - lookback) if s.taken_at < now]
        series.append(self.snapshot(now=now))
        return evaluate_all(series)


def queue_depths_of(
    depth: Mapping[str, Mapping[str, int]], topics: Mapping[str, str], dead_letter_topics: set[str]
) -> list[QueueDepth]:
    """The local bus's depth per subscription, with each subscription's priority."""
    return [
        QueueDepth(
            subscription=name,
            priority=_priority(topics.get(name, ""), dead_letter_topics),
            ready=int(d["ready"]),
            leased=int(d["leased"]),
            retrying=int(d["retrying"]),
            oldest_s=float(d["oldest_s"]),
        )
        for name, d in sorted(depth.items())
    ]


def _priority(topic: str, dead_letter_topics: set[str]) -> str:
    if topic in dead_letter_topics:
        return "dlq"
    return {"analysis-high": "high", "analysis-low": "low"}.get(topic, "jobs")
