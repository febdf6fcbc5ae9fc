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
JOBS_DLQ = "jobs-dlq"

TOPICS = (UPLOADS_FINALIZED, ANALYSIS_HIGH, ANALYSIS_LOW, ANALYSIS_DLQ, IMPORTS, EXPORTS, JOBS_DLQ)


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
    Route("analyze-high", ANALYSIS_HIGH, "functions.analyze:on_analysis_requested", dead_letter_topic=ANALYSIS_DLQ),
    Route("analyze-low", ANALYSIS_LOW, "functions.analyze:on_analysis_requested", dead_letter_topic=ANALYSIS_DLQ),
)
