"""What the analysis stage reports: analytics rows, dead-letter attributes, upload summaries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.domain.dead_letters import (
    DELIVERY_COUNT_ATTRIBUTE,
    FAILURE_REASON_ATTRIBUTE,
    PARTNER_ATTRIBUTE,
    SOURCE_TOPIC_ATTRIBUTE,
)
from shared.domain.pipeline import AiRequestEvent, AnalysisRequest, ProcessingEvent
from shared.domain.status import AnalysisSummary
from shared.services.analysis.routing import ModelCall, Routed


def ai_request_row(request: AnalysisRequest, call: ModelCall, now: datetime) -> dict[str, Any]:
    """The ai_requests row of one model call."""
    return AiRequestEvent(
        event_time=now,
        partner_id=str(request.partner_id),
        asset_id=str(request.asset_id),
        arm=call.arm,
        model=call.model,
        model_version=call.model_version,
        outcome=call.outcome,
        latency_ms=call.latency_ms,
        confidence=call.confidence,
        fallback_used=call.fallback,
        cost_usd=call.cost_usd,
        error_type=call.error_type,
    ).to_row()


def processing_row(
    request: AnalysisRequest,
    outcome: str,
    queued_ms: float,
    started: datetime,
    finished: datetime,
) -> dict[str, Any]:
    """The pipeline_processing row of one job."""
    return ProcessingEvent(
        event_time=started,
        partner_id=str(request.partner_id),
        asset_id=str(request.asset_id),
        stage="analyze",
        priority=request.priority.value,
        queue_latency_ms=round(queued_ms, 1),
        processing_ms=round((finished - started) / timedelta(milliseconds=1), 1),
        outcome=outcome,
    ).to_row()


def dead_letter_attributes(
    request: AnalysisRequest, topic: str, attempt: int, reason: str
) -> dict[str, str]:
    """Attributes of a message the app dead-letters itself (the dlq function reads them)."""
    return {
        FAILURE_REASON_ATTRIBUTE: reason[:1000],
        SOURCE_TOPIC_ATTRIBUTE: topic,
        PARTNER_ATTRIBUTE: str(request.partner_id),
        DELIVERY_COUNT_ATTRIBUTE: str(attempt),
    }


def upload_summary(routed: Routed, applied: list[str]) -> AnalysisSummary:
    """What the upload's status document shows once the analysis is done."""
    analysis = routed.analysis
    return AnalysisSummary(
        bpm=analysis.bpm,
        key=analysis.key,
        loudness_lufs=analysis.loudness_lufs,
        genres=[g.label for g in analysis.genres[:3]],
        moods=[m.label for m in analysis.moods[:2]],
        model=analysis.model,
        model_version=analysis.model_version,
        confidence=analysis.confidence,
        arm=routed.arm,
        fallback_used=routed.fallback_used,
        low_confidence=routed.low_confidence,
        applied=applied,
        cost_usd=routed.cost_usd,
        reasons=dict(analysis.reasons),
    )
