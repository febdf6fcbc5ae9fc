"""Alert rules (the product owner's thresholds) and their evaluation over a recorded series.

The same rules are Cloud Monitoring alert policies in Terraform (a test checks the thresholds
agree); ``catalog alerts`` evaluates them locally over the recorded metric snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from shared.domain.metrics import MetricsSnapshot, labels_of

AlertStatus = Literal["ok", "pending", "firing", "no_data"]


@dataclass(frozen=True, slots=True)
class AlertRule:
    """A threshold on one gauge, held for ``for_s`` seconds before it fires."""

    name: str
    summary: str
    metric: str
    threshold: float
    for_s: float = 0.0
    labels: tuple[tuple[str, str], ...] = ()
    gcp_metric: str = ""  # the Cloud Monitoring metric type its policy watches

    def breached(self, value: float) -> bool:
        """Every rule alerts when the value rises above its threshold."""
        return value > self.threshold


def _custom(name: str) -> str:
    return f"custom.googleapis.com/catalog/{name}"


ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule(
        "ai_low_confidence",
        "more than 20% of AI requests scored a confidence below 70%",
        "catalog_ai_low_confidence_ratio",
        0.20,
        for_s=300,
        gcp_metric=_custom("ai_low_confidence_ratio"),
    ),
    AlertRule(
        "high_priority_sla",
        "high-priority (Enterprise) queue latency p95 over 1 s",
        "catalog_pipeline_queue_latency_p95_seconds",
        1.0,
        for_s=120,
        labels=labels_of({"priority": "high"}),
        gcp_metric=_custom("pipeline_queue_latency_p95_seconds"),
    ),
    AlertRule(
        "low_priority_sla",
        "low-priority (Free/Pro) analysis p95 not done within 10 minutes",
        "catalog_pipeline_total_p95_seconds",
        600.0,
        for_s=0,
        labels=labels_of({"priority": "low"}),
        gcp_metric=_custom("pipeline_total_p95_seconds"),
    ),
    AlertRule(
        "ai_error_rate",
        "more than 5% of AI requests failed (error, timeout, circuit open)",
        "catalog_ai_error_ratio",
        0.05,
        for_s=300,
        gcp_metric=_custom("ai_error_ratio"),
    ),
    AlertRule(
        "queue_backlog",
        "more than 500 jobs pending",
        "catalog_queue_pending_total",
        500.0,
        for_s=300,
        gcp_metric="pubsub.googleapis.com/subscription/num_undelivered_messages",
    ),
    AlertRule(
        "dlq_size",
        "more than 100 unresolved dead letters",
        "catalog_dlq_open_letters",
        100.0,
        for_s=0,
        gcp_metric=_custom("dlq_open_letters"),
    ),
    AlertRule(
        "processing_delay",
        "a pending job has waited more than 10 minutes",
        "catalog_queue_oldest_seconds_max",
        600.0,
        for_s=0,
        gcp_metric="pubsub.googleapis.com/subscription/oldest_unacked_message_age",
    ),
)


@dataclass(frozen=True, slots=True)
class AlertState:
    """A rule's verdict at the end of a series."""

    rule: AlertRule
    status: AlertStatus
    value: float | None = None
    since: datetime | None = None  # start of the current breach

    @property
    def firing(self) -> bool:
        """True when the rule fires."""
        return self.status == "firing"


def evaluate(rule: AlertRule, series: Sequence[MetricsSnapshot]) -> AlertState:
    """Fire when the latest value breaches the threshold and every sample since the breach
    began did too, for at least ``for_s`` (Cloud Monitoring's condition duration)."""
    points = [
        (s.taken_at, v)
        for s in sorted(series, key=lambda s: s.taken_at)
        if (v := s.value(rule.metric, dict(rule.labels))) is not None
    ]
    if not points:
        return AlertState(rule, "no_data")
    latest_at, latest = points[-1]
    if not rule.breached(latest):
        return AlertState(rule, "ok", latest)
    since = latest_at
    for taken_at, value in reversed(points):
        if not rule.breached(value):
            break
        since = taken_at
    held_s = (latest_at - since).total_seconds()
    return AlertState(rule, "firing" if held_s >= rule.for_s else "pending", latest, since)


def evaluate_all(series: Sequence[MetricsSnapshot]) -> list[AlertState]:
    """Every rule's verdict."""
    return [evaluate(rule, series) for rule in ALERT_RULES]
