"""What the dashboard charts: catalog counts, AI confidence, processing times, dead letters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HISTOGRAM_BUCKETS = 10  # 0-10%, 10-20%, ..., 90-100%


@dataclass(frozen=True, slots=True)
class CatalogCounts:
    """Live (not deleted) objects of a partner."""

    tracks: int
    releases: int
    works: int


@dataclass(frozen=True, slots=True)
class ValidationCounts:
    """A partner's live releases by their last validation result, and how many wait for a
    (re)check since an edit."""

    valid: int
    failed: int
    unchecked: int
    pending: int


@dataclass(frozen=True, slots=True)
class ConfidenceBucket:
    """Model calls whose confidence fell in [low, high) (the last bucket includes 1.0)."""

    low: float
    high: float
    count: int


@dataclass(frozen=True, slots=True)
class PriorityTimings:
    """Queue and processing times of one analysis priority (nearest-rank percentiles)."""

    priority: str
    count: int
    queue_p50_ms: float | None
    queue_p95_ms: float | None
    processing_p50_ms: float | None
    processing_p95_ms: float | None


@dataclass(frozen=True, slots=True)
class DeadLetterSummary:
    """Unresolved dead letters: how many, the oldest's age, and how many per topic."""

    open: int
    oldest_age_s: float
    by_topic: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class DashboardStats:
    """Everything the dashboard shows for one partner over a window of days."""

    window_days: int
    counts: CatalogCounts
    confidence_histogram: tuple[ConfidenceBucket, ...]
    processing_times: tuple[PriorityTimings, ...]
    dead_letters: DeadLetterSummary
    validation: ValidationCounts


def confidence_histogram(confidences: Iterable[float]) -> tuple[ConfidenceBucket, ...]:
    """Ten buckets of width 0.1; values outside 0..1 are clamped into the end buckets."""
    counts = [0] * HISTOGRAM_BUCKETS
    for confidence in confidences:
        index = min(HISTOGRAM_BUCKETS - 1, max(0, math.floor(confidence * HISTOGRAM_BUCKETS)))
        counts[index] += 1
    width = 1 / HISTOGRAM_BUCKETS
    return tuple(
        ConfidenceBucket(round(i * width, 2), round((i + 1) * width, 2), count)
        for i, count in enumerate(counts)
    )


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def timings_by_priority(rows: Iterable[Mapping[str, Any]]) -> tuple[PriorityTimings, ...]:
    """p50 and p95 of queue latency and processing time per priority, high before low."""
    queue: dict[str, list[float]] = {}
    processing: dict[str, list[float]] = {}
    for row in rows:
        priority = str(row.get("priority", "unknown"))
        queue.setdefault(priority, []).append(float(row.get("queue_latency_ms") or 0.0))
        processing.setdefault(priority, []).append(float(row.get("processing_ms") or 0.0))
    order = sorted(queue, key=lambda name: ({"high": 0, "low": 1}.get(name, 2), name))
    return tuple(
        PriorityTimings(
            priority=name,
            count=len(queue[name]),
            queue_p50_ms=percentile(queue[name], 0.5),
            queue_p95_ms=percentile(queue[name], 0.95),
            processing_p50_ms=percentile(processing[name], 0.5),
            processing_p95_ms=percentile(processing[name], 0.95),
        )
        for name in order
    )
