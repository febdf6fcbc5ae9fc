"""Scheduled (Cloud Scheduler -> Pub/Sub cleanup-scheduled): the daily retention and cleanup."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.errors import Unavailable
from shared.logs import trace_from_traceparent, traced
from shared.topics import CLEANUP_SCHEDULED

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_cleanup_scheduled(event: CloudEvent) -> None:
    """Run every retention rule once; a failed step raises so Pub/Sub retries the run."""
    with traced(trace_from_traceparent(str(event.get("traceparent") or ""))):
        built = services()
        report = built.cleanup.run(now=built.clock())
        logger.info("cleanup done: %s", report.summary())
        if report.errors:
            raise Unavailable("cleanup step(s) failed: " + "; ".join(report.errors))
        if not report.complete:  # a batch limit was reached: carry on in a fresh invocation
            built.publisher.publish(CLEANUP_SCHEDULED, b'{"continuation": true}', {})
