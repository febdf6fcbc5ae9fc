"""The dashboard's arithmetic: confidence buckets and processing-time percentiles."""

from __future__ import annotations

from shared.domain.dashboard import confidence_histogram, percentile, timings_by_priority


def test_confidences_fall_into_ten_buckets_with_one_point_zero_in_the_last() -> None:
    buckets = confidence_histogram([0.05, 0.79, 0.8, 0.95, 1.0, 1.0])

    assert [bucket.count for bucket in buckets] == [1, 0, 0, 0, 0, 0, 0, 1, 1, 3]
    assert (buckets[7].low, buckets[7].high) == (0.7, 0.8)


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]

    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([], 0.5) is None


def test_timings_are_grouped_by_priority_high_first() -> None:
    rows = [
        {"priority": "low", "queue_latency_ms": 4000, "processing_ms": 9000},
        {"priority": "high", "queue_latency_ms": 200, "processing_ms": 3000},
        {"priority": "high", "queue_latency_ms": 900, "processing_ms": 5000},
    ]

    timings = timings_by_priority(rows)

    assert [t.priority for t in timings] == ["high", "low"]
    assert (timings[0].count, timings[0].queue_p50_ms, timings[0].queue_p95_ms) == (2, 200, 900)
    assert timings[1].processing_p95_ms == 9000
