"""Scheduled (Cloud Scheduler -> Pub/Sub cache-warm-scheduled): pre-warm the most read records."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.logs import trace_from_traceparent, traced

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_cache_warm_scheduled(event: CloudEvent) -> None:
    """Load the top records (CACHE_WARM_TOP_N, 10,000 by default) into the cache."""
    with traced(trace_from_traceparent(str(event.get("traceparent") or ""))):
        built = services()
        report = built.cache_warmer.warm(top_n=built.settings.cache_warm_top_n)
        logger.info("cache warm: %d of %d record(s) cached", report.cached, report.requested)
