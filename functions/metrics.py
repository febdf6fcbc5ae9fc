"""Scheduled (Cloud Scheduler -> Pub/Sub metrics-scheduled, every minute): record a snapshot.

In GCP the snapshot goes to Cloud Monitoring, whose alert policies evaluate it; locally it is
recorded in PostgreSQL for `catalog alerts`.
"""

from __future__ import annotations

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.logs import trace_from_traceparent, traced


@functions_framework.cloud_event
def on_metrics_scheduled(event: CloudEvent) -> None:
    """Compute the metrics over the window ending now and hand them to the metrics sink."""
    with traced(trace_from_traceparent(str(event.get("traceparent") or ""))):
        built = services()
        built.metrics.record(now=built.clock())
