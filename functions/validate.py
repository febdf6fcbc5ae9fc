"""Scheduled (Cloud Scheduler -> Pub/Sub validation-scheduled): re-check stale releases.

Edits queue the releases whose findings they may change (database triggers); this sweep stores
each one's new result, which the catalog grid's "failed validation" filter reads.
"""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.logs import trace_from_traceparent, traced

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_validation_scheduled(event: CloudEvent) -> None:
    """Validate up to VALIDATION_SWEEP_LIMIT queued releases within VALIDATION_SWEEP_BUDGET_S."""
    with traced(trace_from_traceparent(str(event.get("traceparent") or ""))):
        built = services()
        report = built.validation.sweep(
            now=built.clock,
            limit=built.settings.validation_sweep_limit,
            budget_s=built.settings.validation_sweep_budget_s,
        )
        quiet = not (report.checked or report.gone or report.errors)  # every minute: idle is noise
        logger.log(
            logging.DEBUG if quiet else logging.INFO, "validation sweep: %s", report.to_json()
        )
