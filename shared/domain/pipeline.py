"""Messages between pipeline stages, and the analytics rows each stage writes.

The ingest router publishes an AnalysisRequest; the analyze function consumes it and writes
AiRequestEvent and ProcessingEvent rows to the analytics sink (BigQuery in GCP, a table locally),
which metrics and alerts read.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared.errors import InvalidField

AI_REQUESTS_TABLE = "ai_requests"
PROCESSING_TABLE = "pipeline_processing"


class Priority(StrEnum):
    """Which analysis topic a request travels on."""

    HIGH = "high"  # Enterprise: < 1 s queue latency
    LOW = "low"  # Free and Pro: done within 10 minutes


@dataclass(frozen=True, slots=True)
class AnalysisRequest:
    """Body of a message on analysis-high / analysis-low."""

    asset_id: UUID
    partner_id: UUID
    priority: Priority
    attempt: int  # 1 for the first request; re-analysis after a model upgrade counts up
    requested_at: datetime
    track_id: UUID | None = None
    upload_id: str | None = None  # the upload's status document (collection "uploads") to update

    def to_bytes(self) -> bytes:
        """JSON for the message data."""
        return json.dumps(
            {
                "asset_id": str(self.asset_id),
                "partner_id": str(self.partner_id),
                "priority": self.priority.value,
                "attempt": self.attempt,
                "requested_at": self.requested_at.isoformat(),
                "track_id": str(self.track_id) if self.track_id else None,
                "upload_id": self.upload_id,
            }
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> AnalysisRequest:
        """Parse message data; InvalidField names the bad key (a permanent error: ack it)."""
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise InvalidField("message", "is not JSON") from None
        if not isinstance(raw, dict):
            raise InvalidField("message", "is not a JSON object")
        return cls(
            asset_id=_uuid(raw, "asset_id"),
            partner_id=_uuid(raw, "partner_id"),
            priority=_priority(raw),
            attempt=_attempt(raw),
            requested_at=_time(raw, "requested_at"),
            track_id=_uuid(raw, "track_id") if raw.get("track_id") else None,
            upload_id=str(raw["upload_id"]) if raw.get("upload_id") else None,
        )


def _uuid(raw: dict[str, Any], key: str) -> UUID:
    try:
        return UUID(str(raw[key]))
    except (KeyError, ValueError):
        raise InvalidField(key, f"{raw.get(key)!r} is not a UUID") from None


def _priority(raw: dict[str, Any]) -> Priority:
    try:
        return Priority(raw["priority"])
    except (KeyError, ValueError):
        raise InvalidField("priority", f"{raw.get('priority')!r} is not high or low") from None


def _attempt(raw: dict[str, Any]) -> int:
    attempt = raw.get("attempt", 1)
    if not isinstance(attempt, int) or attempt < 1:
        raise InvalidField("attempt", f"{attempt!r} is not a positive integer")
    return attempt


def _time(raw: dict[str, Any], key: str) -> datetime:
    try:
        return datetime.fromisoformat(str(raw[key]))
    except (KeyError, ValueError):
        raise InvalidField(key, f"{raw.get(key)!r} is not an ISO 8601 time") from None


@dataclass(frozen=True, slots=True)
class AiRequestEvent:
    """One model call (row of ai_requests): what A/B reports, metrics and alerts read."""

    event_time: datetime
    partner_id: str
    asset_id: str
    arm: str  # "primary" or "challenger"
    model: str
    model_version: str
    outcome: str  # "ok", "low_confidence", "error", "timeout", "circuit_open", "cost_capped"
    latency_ms: float
    confidence: float | None
    fallback_used: bool
    cost_usd: float
    error_type: str | None = None

    def to_row(self) -> dict[str, Any]:
        """The analytics row (JSON-ready)."""
        row = asdict(self)
        row["event_time"] = self.event_time.isoformat()
        return row


@dataclass(frozen=True, slots=True)
class ProcessingEvent:
    """One pipeline job's timings (row of pipeline_processing), by priority."""

    event_time: datetime
    partner_id: str
    asset_id: str
    stage: str  # "analyze"
    priority: str  # "high" or "low"
    queue_latency_ms: float  # published -> handler start
    processing_ms: float  # handler start -> done
    outcome: str  # "ok", "failed", "dead_lettered"

    def to_row(self) -> dict[str, Any]:
        """The analytics row (JSON-ready)."""
        row = asdict(self)
        row["event_time"] = self.event_time.isoformat()
        return row
