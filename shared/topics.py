"""Topics, subscriptions and the function each one triggers.

Terraform declares the same topics and subscriptions for Pub/Sub (a test checks the names);
locally the bus uses these routes to deliver the same CloudEvents to the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UPLOADS_FINALIZED = "uploads-finalized"  # local stand-in for the uploads bucket's finalize event
ANALYSIS_HIGH = "analysis-high"  # Enterprise: real time
ANALYSIS_LOW = "analysis-low"  # Free and Pro: done within 10 minutes
ANALYSIS_DLQ = "analysis-dlq"
IMPORTS = "imports"
EXPORTS = "exports"
BULK_EDITS = "bulk-edits"  # bulk edits too large to answer at once (issue 14)
JOBS_DLQ = "jobs-dlq"

# Cloud Scheduler publishes to these (shared/schedules.py); locally the scheduler of `catalog run`
CLEANUP_SCHEDULED = "cleanup-scheduled"
CACHE_WARM_SCHEDULED = "cache-warm-scheduled"
METRICS_SCHEDULED = "metrics-scheduled"
VALIDATION_SCHEDULED = "validation-scheduled"  # re-check releases whose result went stale

TOPICS: tuple[str, ...] = (
    UPLOADS_FINALIZED, ANALYSIS_HIGH, ANALYSIS_LOW, ANALYSIS_DLQ, IMPORTS, EXPORTS, JOBS_DLQ
)  # fmt: skip
TOPICS = (*TOPICS, CLEANUP_SCHEDULED, CACHE_WARM_SCHEDULED, METRICS_SCHEDULED)  # issue 8
TOPICS = (*TOPICS, VALIDATION_SCHEDULED)  # issue 7
TOPICS = (*TOPICS, BULK_EDITS)  # issue 14


@dataclass(frozen=True, slots=True)
class Route:
    """A subscription and the entry point it triggers."""

    subscription: str
    topic: str
    entry_point: str  # "module:function" under functions/
    event: Literal["pubsub", "storage"] = "pubsub"
    dead_letter_topic: str | None = None
    ack_deadline_s: float | None = None  # None: BUS_ACK_DEADLINE_S


# Each issue adds the routes of the functions it builds; a route names an existing function.
ROUTES: tuple[Route, ...] = (
    Route("analysis-dlq-record", ANALYSIS_DLQ, "functions.dlq:on_dead_letter", ack_deadline_s=60),
    Route("jobs-dlq-record", JOBS_DLQ, "functions.dlq:on_dead_letter", ack_deadline_s=60),
    Route(
        "analyze-high",
        ANALYSIS_HIGH,
        "functions.analyze:on_analysis_requested",
        dead_letter_topic=ANALYSIS_DLQ,
    ),
    Route(
        "analyze-low",
        ANALYSIS_LOW,
        "functions.analyze:on_analysis_requested",
        dead_letter_topic=ANALYSIS_DLQ,
    ),
    Route(
        "ingest",
        UPLOADS_FINALIZED,
        "functions.ingest:on_upload_finalized",
        "storage",
        dead_letter_topic=JOBS_DLQ,
        ack_deadline_s=300,
    ),
    # operations (issue 8): scheduled jobs; a failed run is retried, the 3rd failure dead-letters
    Route("cleanup-run", CLEANUP_SCHEDULED, "functions.cleanup:on_cleanup_scheduled",
          dead_letter_topic=JOBS_DLQ, ack_deadline_s=600),
    Route("cache-warm-run", CACHE_WARM_SCHEDULED, "functions.cache_warm:on_cache_warm_scheduled",
          dead_letter_topic=JOBS_DLQ, ack_deadline_s=600),
    Route("metrics-record", METRICS_SCHEDULED, "functions.metrics:on_metrics_scheduled",
          dead_letter_topic=JOBS_DLQ, ack_deadline_s=60),
    Route("import", IMPORTS, "functions.imports:on_import_requested", dead_letter_topic=JOBS_DLQ),
    Route("export", EXPORTS, "functions.exports:on_export_requested", dead_letter_topic=JOBS_DLQ),
    Route("bulk-edit", BULK_EDITS, "functions.bulk_edits:on_bulk_edit_requested",
          dead_letter_topic=JOBS_DLQ, ack_deadline_s=600),
    # web UI (issue 7): the stored results behind the grid's "failed validation" filter
    Route("validation-sweep", VALIDATION_SCHEDULED, "functions.validate:on_validation_scheduled",
          dead_letter_topic=JOBS_DLQ, ack_deadline_s=120),
)  # fmt: skip
