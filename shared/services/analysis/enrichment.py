"""The analyze use case: one AnalysisRequest in, estimates stored and applied, events out.

Attempts are the app's own record, committed before the work starts: a crash counts too. The
third failure publishes the message to analysis-dlq with the reason and acks it (Pub/Sub's own
dead-letter policy, 5 attempts at least, stays as a backstop). Bad input is recorded and acked.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from shared.domain.analyses import Estimate
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.enrichment import TrackTimeline
from shared.domain.events import PubsubMessage
from shared.domain.pipeline import (
    AI_REQUESTS_TABLE,
    PROCESSING_TABLE,
    AnalysisRequest,
)
from shared.domain.recordings import SoundRecording
from shared.domain.records import StoredEstimate
from shared.domain.similarity import EMBEDDING_DIMENSIONS, TrackEmbedding
from shared.domain.status import AnalysisSummary
from shared.errors import InvalidInput, NotFound, PayloadTooLarge, Unavailable
from shared.ports import AnalyticsSink, BlobStore, Publisher
from shared.services.analysis.applying import apply_estimates, may_apply
from shared.services.analysis.reporting import (
    ai_request_row,
    dead_letter_attributes,
    processing_row,
    upload_summary,
)
from shared.services.analysis.routing import (
    ModelCall,
    ModelRouter,
    NoModelAnswered,
    Routed,
    RoutingConfig,
)
from shared.services.upload_status import UploadStatusBook
from shared.topics import ANALYSIS_DLQ
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalysisPolicy:
    """The numbers the use case follows (from settings)."""

    audio_bucket: str
    confidence_floor: float
    max_attempts: int
    fallback_daily_cap_usd: float
    deadline_s: float
    max_audio_bytes: int


@dataclass
class AnalysisService:
    """Analyse assets, store every estimate, apply the confident ones, report each call."""

    uow: Callable[[], UnitOfWork]
    blobs: BlobStore
    publisher: Publisher
    uploads: UploadStatusBook  # the one writer of upload status documents
    analytics: AnalyticsSink
    router: ModelRouter
    routing: Callable[[], RoutingConfig]
    policy: AnalysisPolicy
    clock: Callable[[], datetime]

    def on_message(self, message: PubsubMessage, *, topic: str) -> str:
        """Handle one delivery; returns the job's outcome. Raises Unavailable to be retried."""
        started = self.clock()
        request = AnalysisRequest.from_bytes(message.data)  # InvalidField: the caller acks
        key = message.message_id or f"{request.asset_id}:{request.requested_at.isoformat()}"
        with self.uow() as uow:
            if uow.analysis_attempts.state_of(key) in ("done", "failed", "dead_lettered"):
                logger.info("analysis %s already finished: duplicate delivery acked", key)
                return "duplicate"
            attempt = uow.analysis_attempts.begin(
                key, request.partner_id, request.asset_id, now=started
            )
        queued_ms = max(0.0, (started - message.published_at).total_seconds() * 1000)
        try:
            summary = self._enrich(request, started)
        except (InvalidInput, NotFound) as exc:
            self._give_up(request, key, "failed", str(exc), queued_ms, started)
            return "failed"
        except Exception as exc:  # isolation boundary: any other failure is retried or DLQ'd
            logger.exception("analysis of asset %s failed (attempt %d)", request.asset_id, attempt)
            reason = f"{type(exc).__name__}: {exc}"
            if attempt >= self.policy.max_attempts:
                self._dead_letter(message, request, topic, attempt, reason)
                self._give_up(request, key, "dead_lettered", reason, queued_ms, started)
                return "dead_lettered"
            with self.uow() as uow:
                uow.analysis_attempts.finish(key, "running", now=self.clock(), error=reason)
            raise Unavailable(f"analysis attempt {attempt} failed: {reason}") from exc
        self._finish(request, key, summary, queued_ms, started)
        return "ok"

    def _enrich(self, request: AnalysisRequest, now: datetime) -> AnalysisSummary:
        with self.uow() as uow:
            asset = uow.assets.get(request.partner_id, request.asset_id)
            spent = uow.ai_costs.spent(request.partner_id, now.date(), "fallback")
            config = self.routing()
            guess = config.arm_of(request.asset_id)
            arm, backend = uow.ab_assignments.assign(
                request.partner_id, request.asset_id, guess, config.backend_of(guess), now=now
            )
        audio = self._read_audio(asset.audio_object, asset.bucket, asset.object_name)
        try:
            routed = self._route(audio, arm, backend, spent)
        except NoModelAnswered as exc:
            self._report_calls(request, exc.calls, now)
            raise
        applied = self._store(request, routed, now)
        self._report_calls(request, routed.calls, now)
        return upload_summary(routed, applied)

    def _route(self, audio: bytes, arm: str, backend: str, spent: float) -> Routed:
        return self.router.route(
            audio,
            arm=arm,
            backend=backend,
            deadline_s=self.policy.deadline_s,
            fallback_budget_usd=max(0.0, self.policy.fallback_daily_cap_usd - spent),
        )

    def _read_audio(self, audio_object: str | None, bucket: str, object_name: str) -> bytes:
        where = (self.policy.audio_bucket, audio_object) if audio_object else (bucket, object_name)
        info = self.blobs.stat(*where)
        if info.size_bytes > self.policy.max_audio_bytes:
            raise PayloadTooLarge(f"gs://{where[0]}/{where[1]} is {info.size_bytes} bytes")
        with self.blobs.open_read(*where) as handle:
            return handle.read(self.policy.max_audio_bytes + 1)

    def _store(self, request: AnalysisRequest, routed: Routed, now: datetime) -> list[str]:
        """Every estimate kept; the confident ones applied, in one transaction."""
        with self.uow() as uow:
            track = self._track_of(uow, request)
            final = routed.analysis.estimates()
            earlier = uow.analyses.of_track(request.partner_id, track.id) if track else []
            rejected = _rejected_values(earlier)
            to_apply = [
                e
                for e in final
                if may_apply(track, e, self.policy.confidence_floor)
                and _value_key(e) not in rejected
            ]
            rows = [
                _stays_rejected(row) if _value_key(row.estimate) in rejected else row
                for row in self._rows(request, routed, final, to_apply, track, now)
            ]
            uow.analyses.add(request.partner_id, rows)
            if (embedding := _embedding_of(request, routed)) is not None:
                uow.embeddings.put(request.partner_id, embedding, now=now)
            if (timeline := _timeline_of(request, routed)) is not None:
                uow.timelines.put(request.partner_id, timeline, now=now)
            if track is not None and to_apply:
                self._apply(uow, request, track, to_apply, routed, now)
            for call in routed.calls:
                if call.cost_usd > 0:
                    kind = "fallback" if call.fallback else call.arm
                    uow.ai_costs.add(
                        request.partner_id,
                        request.asset_id,
                        call.model,
                        kind,
                        call.cost_usd,
                        now=now,
                    )
        return [e.field for e in to_apply]

    def _track_of(self, uow: UnitOfWork, request: AnalysisRequest) -> SoundRecording | None:
        track_ids = [request.track_id] if request.track_id else []
        track_ids += uow.analyses.tracks_of_asset(request.partner_id, request.asset_id)
        for track_id in track_ids:
            found = uow.tracks.find(request.partner_id, track_id)
            if found is not None:
                return found
        return None

    def _rows(
        self,
        request: AnalysisRequest,
        routed: Routed,
        final: tuple[Estimate, ...],
        to_apply: list[Estimate],
        track: SoundRecording | None,
        now: datetime,
    ) -> list[StoredEstimate]:
        """Every estimate of every model that answered, each with its own call's latency and
        cost (shared by the fields one call answered)."""
        track_id = track.id if track else None

        def row(estimate: Estimate, applied: bool) -> StoredEstimate:
            call = _call_behind(routed, estimate)
            latency, cost = (call.latency_ms, call.cost_usd) if call else (None, None)
            return StoredEstimate(
                estimate, request.asset_id, track_id, routed.arm, latency, cost, applied, now
            )

        rows = [row(e, e in to_apply) for e in final]
        for other in (routed.primary, routed.fallback):
            if other is not None and other is not routed.analysis:
                rows += [row(e, False) for e in other.estimates() if e not in final]
        return rows

    def _apply(
        self,
        uow: UnitOfWork,
        request: AnalysisRequest,
        track: SoundRecording,
        estimates: list[Estimate],
        routed: Routed,
        now: datetime,
    ) -> None:
        updated, changes = apply_estimates(track, estimates, now=now)
        uow.tracks.save(updated, now=now)
        uow.audit.append(
            [
                AuditEvent(
                    id=uuid.uuid4(),
                    occurred_at=now,
                    action="track.ai_enrich",
                    actor=Actor.system("analyze"),
                    retention_class=RetentionClass.AI,
                    partner_id=request.partner_id,
                    entity_type="track",
                    entity_id=track.id,
                    changes=changes,
                    detail={
                        "asset_id": str(request.asset_id),
                        "arm": routed.arm,
                        "model": routed.analysis.model,
                        "fallback_used": routed.fallback_used,
                    },
                )
            ]
        )

    def _report_calls(
        self, request: AnalysisRequest, calls: tuple[ModelCall, ...], now: datetime
    ) -> None:
        """One analytics event per model call; a sink failure is logged, never retried."""
        self._emit(AI_REQUESTS_TABLE, [ai_request_row(request, call, now) for call in calls])

    def _emit(self, table: str, rows: list[dict[str, Any]]) -> None:
        try:
            self.analytics.insert_rows(table, rows)
        except Unavailable:
            logger.exception("analytics rows for %s lost", table)

    def _finish(
        self,
        request: AnalysisRequest,
        key: str,
        summary: AnalysisSummary,
        queued_ms: float,
        started: datetime,
    ) -> None:
        with self.uow() as uow:
            uow.analysis_attempts.finish(key, "done", now=self.clock())
        if request.upload_id:
            self.uploads.analysed(request.upload_id, summary)
        self._processing(request, "ok", queued_ms, started)

    def _give_up(
        self,
        request: AnalysisRequest,
        key: str,
        state: str,
        reason: str,
        queued_ms: float,
        started: datetime,
    ) -> None:
        logger.warning("analysis of asset %s %s: %s", request.asset_id, state, reason)
        with self.uow() as uow:
            uow.analysis_attempts.finish(key, state, now=self.clock(), error=reason)
        if request.upload_id:
            self.uploads.analysis_failed(request.upload_id, reason)
        self._processing(request, state, queued_ms, started)

    def _dead_letter(
        self,
        message: PubsubMessage,
        request: AnalysisRequest,
        topic: str,
        attempt: int,
        reason: str,
    ) -> None:
        attributes = dead_letter_attributes(request, topic, attempt, reason)
        self.publisher.publish(ANALYSIS_DLQ, message.data, attributes)

    def _processing(
        self, request: AnalysisRequest, outcome: str, queued_ms: float, started: datetime
    ) -> None:
        row = processing_row(request, outcome, queued_ms, started, self.clock())
        self._emit(PROCESSING_TABLE, [row])


def _value_key(estimate: Estimate) -> tuple[str, str]:
    """A field and its value, compared as JSON text (moods are lists; 120 and 120.0 agree)."""
    value = estimate.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value)
    return estimate.field, json.dumps(value, sort_keys=True)


def _rejected_values(stored: list[StoredEstimate]) -> set[tuple[str, str]]:
    """Values a person rejected for the track: a re-analysis never suggests them again."""
    return {_value_key(s.estimate) for s in stored if s.review == "rejected"}


def _stays_rejected(row: StoredEstimate) -> StoredEstimate:
    return replace(
        row, applied=False, review="rejected", reviewed_at=row.created_at, reviewed_by="analyze"
    )


def _call_behind(routed: Routed, estimate: Estimate) -> ModelCall | None:
    """The answered call an estimate came from: the fallback's for its labels, else the arm's."""
    answered = [c for c in routed.calls if c.outcome in ("ok", "low_confidence")]
    from_fallback = routed.fallback is not None and estimate.model == routed.fallback.model
    return next((c for c in answered if c.fallback == from_fallback), None)


def _timeline_of(request: AnalysisRequest, routed: Routed) -> TrackTimeline | None:
    """The timeline of the answer kept, or of the local model behind a fallback's answer."""
    for analysis in (routed.analysis, routed.primary):
        if analysis is not None and (found := analysis.timeline_of(request.asset_id)):
            return found
    return None


def _embedding_of(request: AnalysisRequest, routed: Routed) -> TrackEmbedding | None:
    """The audio embedding of the answer kept, or of the local model behind a fallback's answer
    (a hosted model gives none)."""
    for analysis in (routed.analysis, routed.primary):
        if analysis is not None and analysis.embedding:
            if len(analysis.embedding) != EMBEDDING_DIMENSIONS:
                logger.warning(
                    "asset %s: an embedding of %d dimensions, not %d, is not kept",
                    request.asset_id,
                    len(analysis.embedding),
                    EMBEDDING_DIMENSIONS,
                )
                return None
            engine = analysis.engines.get("embedding", f"{analysis.model} {analysis.model_version}")
            model, _, version = engine.partition(" ")
            return TrackEmbedding(request.asset_id, analysis.embedding, model, version or "unknown")
    return None
