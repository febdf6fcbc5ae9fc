"""Operational metrics computed from what the pipeline records: a snapshot over a time window.

Sources: ``ai_requests`` and ``pipeline_processing`` analytics rows (AiRequestEvent,
ProcessingEvent), the queue depth per subscription, and the open dead letters. The same snapshot
is rendered for Prometheus (/metrics), written to Cloud Monitoring, and evaluated by the alerts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.domain.pipeline import AiRequestEvent, ProcessingEvent

Labels = tuple[tuple[str, str], ...]

ERROR_OUTCOMES = frozenset({"error", "timeout", "circuit_open"})  # the primary model failed
LOW_CONFIDENCE = 0.70  # product owner: alert when > 20% of requests fall below 70%
MIN_REQUESTS_FOR_RATIOS = 20  # fewer requests in the window: a ratio says nothing yet

AI_SECONDS_BOUNDS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
CONFIDENCE_BOUNDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
QUEUE_SECONDS_BOUNDS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0)
PROCESSING_SECONDS_BOUNDS = (0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


@dataclass(frozen=True, slots=True)
class Gauge:
    """One value with its labels."""

    name: str
    value: float
    labels: Labels = ()


@dataclass(frozen=True, slots=True)
class Distribution:
    """A histogram over the window: counts per upper bound (not cumulative), count and sum."""

    name: str
    labels: Labels
    bounds: tuple[float, ...]
    bucket_counts: tuple[int, ...]  # one per bound, plus the overflow (+Inf) bucket
    count: int
    total: float


@dataclass(frozen=True, slots=True)
class MetricsSnapshot:
    """Every metric at one moment, over the window ending then."""

    taken_at: datetime
    window_s: float
    gauges: tuple[Gauge, ...]
    distributions: tuple[Distribution, ...] = ()

    def value(self, name: str, labels: Mapping[str, str] | None = None) -> float | None:
        """A gauge's value (None when absent: no data)."""
        wanted = tuple(sorted((labels or {}).items()))
        for gauge in self.gauges:
            if gauge.name == name and gauge.labels == wanted:
                return gauge.value
        return None

    def to_json(self) -> dict[str, Any]:
        """The recorded form (gauges only: the series alerts evaluate)."""
        return {
            "taken_at": self.taken_at.isoformat(),
            "window_s": self.window_s,
            "gauges": [[g.name, dict(g.labels), g.value] for g in self.gauges],
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> MetricsSnapshot:
        """The inverse of ``to_json``."""
        gauges = tuple(
            Gauge(str(name), float(value), labels_of(labels))
            for name, labels, value in raw["gauges"]
        )
        return cls(datetime.fromisoformat(raw["taken_at"]), float(raw["window_s"]), gauges)


def labels_of(labels: Mapping[str, str]) -> Labels:
    """Labels in their canonical (sorted) order."""
    return tuple(sorted((str(k), str(v)) for k, v in labels.items()))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def distribution(
    name: str, labels: Mapping[str, str], bounds: tuple[float, ...], values: Sequence[float]
) -> Distribution:
    """Bucket ``values`` by ``bounds`` (a value equal to a bound falls in that bucket)."""
    counts = [0] * (len(bounds) + 1)
    for value in values:
        index = next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds))
        counts[index] += 1
    return Distribution(name, labels_of(labels), bounds, tuple(counts), len(values), sum(values))


def _group(items: Iterable[Any], key: Callable[[Any], str]) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def ai_metrics(events: Sequence[AiRequestEvent]) -> tuple[list[Gauge], list[Distribution]]:
    """AI response time by model, confidence, error rates and types, cost per request."""
    gauges = [Gauge("catalog_ai_window_requests", float(len(events)))]
    dists: list[Distribution] = []
    for model, rows in sorted(_group(events, lambda e: e.model).items()):
        gauges.extend(_model_gauges(model, rows))
        dists.append(
            distribution(
                "catalog_ai_response_seconds",
                {"model": model},
                AI_SECONDS_BOUNDS,
                [r.latency_ms / 1000 for r in rows],
            )
        )
        scores = [r.confidence for r in rows if r.confidence is not None]
        dists.append(
            distribution("catalog_ai_confidence", {"model": model}, CONFIDENCE_BOUNDS, scores)
        )
    for (model, outcome), count in sorted(_count(events, lambda e: (e.model, e.outcome)).items()):
        gauges.append(
            Gauge("catalog_ai_requests", count, labels_of({"model": model, "outcome": outcome}))
        )
    failed = [e for e in events if e.outcome in ERROR_OUTCOMES]
    for (model, kind), count in sorted(_count(failed, _error_kind).items()):
        gauges.append(
            Gauge("catalog_ai_errors", count, labels_of({"model": model, "error_type": kind}))
        )
    gauges.extend(_ai_ratios(events, failed))
    return gauges, dists


def _model_gauges(model: str, rows: Sequence[AiRequestEvent]) -> list[Gauge]:
    labels = labels_of({"model": model})
    seconds = [r.latency_ms / 1000 for r in rows]
    cost = sum(r.cost_usd for r in rows)
    found = [
        Gauge("catalog_ai_response_p50_seconds", percentile(seconds, 50), labels),
        Gauge("catalog_ai_response_p95_seconds", percentile(seconds, 95), labels),
        Gauge("catalog_ai_cost_usd", cost, labels),
        Gauge("catalog_ai_cost_per_request_usd", cost / len(rows), labels),
    ]
    scores = [r.confidence for r in rows if r.confidence is not None]
    if scores:
        found.append(Gauge("catalog_ai_confidence_mean", sum(scores) / len(scores), labels))
    return found


def _ai_ratios(events: Sequence[AiRequestEvent], failed: Sequence[AiRequestEvent]) -> list[Gauge]:
    if len(events) < MIN_REQUESTS_FOR_RATIOS:
        return []
    scored = [e.confidence for e in events if e.confidence is not None]
    found = [Gauge("catalog_ai_error_ratio", len(failed) / len(events))]
    if len(scored) >= MIN_REQUESTS_FOR_RATIOS:
        low = sum(1 for score in scored if score < LOW_CONFIDENCE)
        found.append(Gauge("catalog_ai_low_confidence_ratio", low / len(scored)))
    return found


def _error_kind(event: AiRequestEvent) -> tuple[str, str]:
    return event.model, event.error_type or event.outcome


def _count(
    items: Iterable[Any], key: Callable[[Any], tuple[str, str]]
) -> dict[tuple[str, str], float]:
    counts: dict[tuple[str, str], float] = {}
    for item in items:
        counts[key(item)] = counts.get(key(item), 0.0) + 1
    return counts


def processing_metrics(
    events: Sequence[ProcessingEvent],
) -> tuple[list[Gauge], list[Distribution]]:
    """Queue latency, processing time and failures of pipeline jobs, by priority."""
    gauges: list[Gauge] = []
    dists: list[Distribution] = []
    for priority, rows in sorted(_group(events, lambda e: e.priority).items()):
        labels = {"priority": priority}
        queued = [r.queue_latency_ms / 1000 for r in rows]
        busy = [r.processing_ms / 1000 for r in rows]
        total = [q + b for q, b in zip(queued, busy, strict=True)]
        failed = sum(1 for r in rows if r.outcome != "ok")
        gauges += [
            Gauge(
                "catalog_pipeline_queue_latency_p95_seconds",
                percentile(queued, 95),
                labels_of(labels),
            ),
            Gauge(
                "catalog_pipeline_processing_p95_seconds", percentile(busy, 95), labels_of(labels)
            ),
            Gauge("catalog_pipeline_total_p95_seconds", percentile(total, 95), labels_of(labels)),
            Gauge("catalog_pipeline_error_ratio", failed / len(rows), labels_of(labels)),
        ]
        dists += [
            distribution(
                "catalog_pipeline_queue_latency_seconds", labels, QUEUE_SECONDS_BOUNDS, queued
            ),
            distribution(
                "catalog_pipeline_processing_seconds", labels, PROCESSING_SECONDS_BOUNDS, busy
            ),
        ]
    for (priority, outcome), count in sorted(
        _count(events, lambda e: (e.priority, e.outcome)).items()
    ):
        gauges.append(
            Gauge(
                "catalog_pipeline_jobs",
                count,
                labels_of({"priority": priority, "outcome": outcome}),
            )
        )
    return gauges, dists


@dataclass(frozen=True, slots=True)
class QueueDepth:
    """One subscription's backlog."""

    subscription: str
    priority: str  # "high", "low", "jobs" (imports, exports, uploads...) or "dlq"
    ready: int
    leased: int
    retrying: int
    oldest_s: float

    @property
    def pending(self) -> int:
        """Messages not yet acknowledged."""
        return self.ready + self.leased + self.retrying


def queue_metrics(depths: Sequence[QueueDepth]) -> list[Gauge]:
    """Queue size by priority and the age of the oldest pending message (DLQs excluded)."""
    gauges: list[Gauge] = []
    for depth in depths:
        for state, count in (
            ("ready", depth.ready),
            ("in_flight", depth.leased),
            ("retrying", depth.retrying),
        ):
            labels = {
                "subscription": depth.subscription,
                "priority": depth.priority,
                "state": state,
            }
            gauges.append(Gauge("catalog_queue_messages", float(count), labels_of(labels)))
        gauges.append(
            Gauge(
                "catalog_queue_oldest_seconds",
                depth.oldest_s,
                labels_of({"subscription": depth.subscription}),
            )
        )
    work = [d for d in depths if d.priority != "dlq"]
    for priority, rows in sorted(_group(work, lambda d: d.priority).items()):
        pending = float(sum(d.pending for d in rows))
        gauges.append(Gauge("catalog_queue_pending", pending, labels_of({"priority": priority})))
    gauges.append(Gauge("catalog_queue_pending_total", float(sum(d.pending for d in work))))
    oldest = max((d.oldest_s for d in work if d.pending), default=0.0)
    gauges.append(Gauge("catalog_queue_oldest_seconds_max", oldest))
    return gauges


def dead_letter_metrics(open_count: int, oldest_age_s: float) -> list[Gauge]:
    """DLQ size and age."""
    return [
        Gauge("catalog_dlq_open_letters", float(open_count)),
        Gauge("catalog_dlq_oldest_age_seconds", oldest_age_s if open_count else 0.0),
    ]


def ai_event_from_row(row: Mapping[str, Any]) -> AiRequestEvent | None:
    """Parse an ai_requests row; None for one that does not have the recorded shape."""
    try:
        confidence = row.get("confidence")
        return AiRequestEvent(
            event_time=_aware(datetime.fromisoformat(str(row["event_time"]))),
            partner_id=str(row["partner_id"]),
            asset_id=str(row["asset_id"]),
            arm=str(row.get("arm", "")),
            model=str(row["model"]),
            model_version=str(row.get("model_version", "")),
            outcome=str(row["outcome"]),
            latency_ms=float(row["latency_ms"]),
            confidence=None if confidence is None else float(confidence),
            fallback_used=bool(row.get("fallback_used", False)),
            cost_usd=float(row.get("cost_usd") or 0.0),
            error_type=row.get("error_type"),
        )
    except (KeyError, TypeError, ValueError):
        return None


def processing_event_from_row(row: Mapping[str, Any]) -> ProcessingEvent | None:
    """Parse a pipeline_processing row; None for one that does not have the recorded shape."""
    try:
        return ProcessingEvent(
            event_time=_aware(datetime.fromisoformat(str(row["event_time"]))),
            partner_id=str(row["partner_id"]),
            asset_id=str(row["asset_id"]),
            stage=str(row.get("stage", "analyze")),
            priority=str(row["priority"]),
            queue_latency_ms=float(row["queue_latency_ms"]),
            processing_ms=float(row["processing_ms"]),
            outcome=str(row["outcome"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _aware(moment: datetime) -> datetime:
    """BigQuery and older rows may carry naive UTC times."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
