"""Alert rules evaluated on a recorded metric series (tests/data/metrics/incident_series.json).

The series is what the metrics function records once a minute: 20 minutes of an incident where
AI confidence drops (minutes 8-15), AI errors blip for 3 minutes (3-5), high-priority queue
latency breaches its SLA from minute 12, and the backlog and the oldest job grow steadily.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from shared.domain.alerts import ALERT_RULES, evaluate, evaluate_all
from shared.domain.metrics import Gauge, MetricsSnapshot
from tests.conftest import REPO_ROOT

SERIES = [
    MetricsSnapshot.from_json(raw)
    for raw in json.loads((REPO_ROOT / "tests/data/metrics/incident_series.json").read_text())
]
RULES = {rule.name: rule for rule in ALERT_RULES}


def _until(minute: int) -> list[MetricsSnapshot]:
    """The series as recorded up to and including ``minute``."""
    return SERIES[: minute + 1]


def _status(name: str, minute: int) -> str:
    return evaluate(RULES[name], _until(minute)).status


def test_low_confidence_fires_after_five_minutes_above_20_percent() -> None:
    assert _status("ai_low_confidence", 7) == "ok"
    assert _status("ai_low_confidence", 10) == "pending"  # breached since minute 8
    assert _status("ai_low_confidence", 13) == "firing"
    assert _status("ai_low_confidence", 16) == "ok"  # recovered


def test_a_short_error_blip_never_fires_the_error_rate_alert() -> None:
    statuses = {_status("ai_error_rate", minute) for minute in range(20)}

    assert statuses == {"ok", "pending"}


def test_high_priority_sla_fires_two_minutes_into_the_breach() -> None:
    assert _status("high_priority_sla", 12) == "pending"
    assert _status("high_priority_sla", 14) == "firing"
    assert evaluate(RULES["high_priority_sla"], _until(14)).since == SERIES[12].taken_at


def test_the_backlog_alert_waits_five_minutes_past_500_pending() -> None:
    assert _status("queue_backlog", 10) == "ok"  # 500 is the limit, not a breach
    assert _status("queue_backlog", 15) == "pending"
    # past the end of the recording: the series continues above 500 for five minutes
    assert evaluate(RULES["queue_backlog"], SERIES + _extend(SERIES[-1], 5)).status == "firing"


def test_processing_delay_fires_at_once_past_ten_minutes() -> None:
    assert _status("processing_delay", 18) == "ok"  # 580 s
    assert _status("processing_delay", 19) == "firing"  # 610 s


def test_rules_without_data_say_so() -> None:
    empty = MetricsSnapshot(SERIES[0].taken_at, 300, ())

    states = evaluate_all([empty])

    assert {state.status for state in states} == {"no_data"}


def test_every_alert_of_the_product_owner_is_defined() -> None:
    thresholds = {rule.name: (rule.metric, rule.threshold) for rule in ALERT_RULES}

    assert thresholds == {
        "ai_low_confidence": ("catalog_ai_low_confidence_ratio", 0.20),
        "high_priority_sla": ("catalog_pipeline_queue_latency_p95_seconds", 1.0),
        "low_priority_sla": ("catalog_pipeline_total_p95_seconds", 600.0),
        "ai_error_rate": ("catalog_ai_error_ratio", 0.05),
        "queue_backlog": ("catalog_queue_pending_total", 500.0),
        "dlq_size": ("catalog_dlq_open_letters", 100.0),
        "processing_delay": ("catalog_queue_oldest_seconds_max", 600.0),
    }


@pytest.mark.parametrize(("value", "status"), [(100.0, "ok"), (101.0, "firing")])
def test_dlq_size_fires_above_100(value: float, status: str) -> None:
    snapshot = MetricsSnapshot(SERIES[0].taken_at, 300, (Gauge("catalog_dlq_open_letters", value),))

    assert evaluate(RULES["dlq_size"], [snapshot]).status == status


def _extend(last: MetricsSnapshot, minutes: int) -> list[MetricsSnapshot]:
    return [
        MetricsSnapshot(last.taken_at + timedelta(minutes=i + 1), last.window_s, last.gauges)
        for i in range(minutes)
    ]
