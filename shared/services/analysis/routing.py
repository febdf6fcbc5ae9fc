"""Which model answers: a stable A/B split, retries, a circuit breaker and the OpenAI fallback.

The router knows nothing of GCP or HTTP: it calls an AudioAnalyzer (the model server or the
in-process CPU analyzer) and a FallbackTagger (OpenAI) through their ports, and says what each
call did, so the service can store it and write one analytics event per call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal
from uuid import UUID

from shared.domain.enrichment import AudioAnalysis
from shared.errors import ModelUnavailable
from shared.ports import AudioAnalyzer, FallbackTagger, StatusStore
from shared.services.analysis.costs import Prices
from shared.services.analysis.resilience import CircuitBreaker, RetryPolicy

Arm = Literal["primary", "challenger"]
MODEL_ROUTING = ("config", "model_routing")  # status-store document of the live A/B split
# A worker that crashed or ran out of memory on a file would most likely do it again at once:
# the job fails this attempt, and the bus's retries (the third failure goes to the DLQ) decide.
NOT_RETRIED_IN_JOB = frozenset({"crashed", "memory"})


@dataclass(frozen=True, slots=True)
class RoutingConfig:
    """The A/B split: which backend each arm uses and the challenger's share of assets."""

    primary: str
    challenger: str
    challenger_share: float
    salt: str

    def arm_of(self, asset_id: UUID) -> Arm:
        """Stable per asset: a hash of (salt, asset id) in [0, 1) below the share -> challenger."""
        digest = hashlib.sha256(f"{self.salt}:{asset_id}".encode()).digest()
        position = int.from_bytes(digest[:8], "big") / 2**64
        return "challenger" if position < self.challenger_share else "primary"

    def backend_of(self, arm: str) -> str:
        """The backend serving ``arm``."""
        return self.challenger if arm == "challenger" else self.primary


def promoted_routing(status: StatusStore, defaults: RoutingConfig) -> RoutingConfig:
    """The A/B split in force: the config promoted into the status store (by the A/B report),
    field by field, else ``defaults`` (from settings). Read on every message, so a promotion
    takes effect without a deploy."""
    doc = status.get(*MODEL_ROUTING) or {}
    share = doc.get("challenger_share")
    return RoutingConfig(
        primary=str(doc.get("primary") or defaults.primary),
        challenger=str(doc.get("challenger") or defaults.challenger),
        challenger_share=float(share)
        if isinstance(share, int | float)
        else defaults.challenger_share,
        salt=defaults.salt,
    )


@dataclass(frozen=True, slots=True)
class ModelCall:
    """One call to one model: what the analytics event and the cost ledger record."""

    arm: str
    backend: str
    model: str
    model_version: str
    outcome: str  # ok, low_confidence, error, timeout, circuit_open, cost_capped
    latency_ms: float
    confidence: float | None
    cost_usd: float
    fallback: bool
    error_type: str | None = None
    detail: str | None = None  # the error message of a failed call


class NoModelAnswered(ModelUnavailable):
    """Neither the arm's model nor the fallback answered; ``calls`` says what each try did."""

    def __init__(self, message: str, calls: tuple[ModelCall, ...]) -> None:
        super().__init__(message, "error")
        self.calls = calls


@dataclass(frozen=True, slots=True)
class Routed:
    """The answer of a routed analysis and every call it took."""

    analysis: AudioAnalysis
    arm: str
    backend: str
    calls: tuple[ModelCall, ...]
    fallback_used: bool
    low_confidence: bool
    primary: AudioAnalysis | None = None
    fallback: AudioAnalysis | None = None

    @property
    def cost_usd(self) -> float:
        """Everything the calls cost."""
        return round(sum(call.cost_usd for call in self.calls), 6)


@dataclass
class ModelRouter:
    """Primary/challenger by arm; confidence below the floor or a degraded model -> fallback."""

    analyzer: AudioAnalyzer
    fallback: FallbackTagger | None
    prices: Prices
    retry: RetryPolicy
    confidence_floor: float
    excerpt_s: float  # seconds of audio the fallback hears (its cost estimate)
    breaker_factory: Callable[[], CircuitBreaker]
    _breakers: dict[str, CircuitBreaker] = field(default_factory=dict)

    def breaker(self, backend: str) -> CircuitBreaker:
        """The breaker of one backend (one per process, shared by every job)."""
        return self._breakers.setdefault(backend, self.breaker_factory())

    def route(
        self,
        audio: bytes,
        *,
        arm: str,
        backend: str,
        fallback_budget_usd: float,
        deadline_s: float,
    ) -> Routed:
        """Analyse ``audio``; ModelUnavailable when nothing could answer (retry the job)."""
        started = self.retry.clock()
        calls: list[ModelCall] = []
        primary = self._call_primary(audio, arm, backend, calls, started + deadline_s)
        low = primary is None or primary.confidence < self.confidence_floor
        if not low and not unsure_vocals(primary, self.confidence_floor):
            assert primary is not None
            return Routed(primary, arm, backend, tuple(calls), False, False, primary=primary)
        fallback = self._call_fallback(audio, arm, primary, calls, fallback_budget_usd)
        return _settle(arm, backend, primary, fallback, calls, self.confidence_floor)

    def _call_primary(
        self, audio: bytes, arm: str, backend: str, calls: list[ModelCall], deadline: float
    ) -> AudioAnalysis | None:
        breaker = self.breaker(backend)
        for attempt in range(self.retry.retries + 1):
            if not breaker.allow():
                open_error = ModelUnavailable(f"{backend}: circuit breaker open", "circuit_open")
                calls.append(_failed(arm, backend, "circuit_open", 0.0, open_error))
                return None
            began = self.retry.clock()
            try:
                answer = self.analyzer.analyze(audio, backend=backend)
            except ModelUnavailable as exc:
                breaker.record_failure()
                latency = (self.retry.clock() - began) * 1000
                calls.append(_failed(arm, backend, exc.kind, latency, exc))
                pause = self.retry.backoff_s * 2**attempt
                if (
                    exc.kind in NOT_RETRIED_IN_JOB
                    or attempt == self.retry.retries
                    or self.retry.clock() + pause >= deadline
                ):
                    return None
                self.retry.sleep(pause)
                continue
            breaker.record_success()
            latency = (self.retry.clock() - began) * 1000
            calls.append(self._ok(arm, backend, answer, latency))
            return answer
        return None

    def _ok(self, arm: str, backend: str, answer: AudioAnalysis, latency_ms: float) -> ModelCall:
        outcome = "ok" if answer.confidence >= self.confidence_floor else "low_confidence"
        cost = self.prices.of_backend(backend, answer.duration_s)
        return ModelCall(
            arm,
            backend,
            answer.model,
            answer.model_version,
            outcome,
            round(latency_ms, 1),
            answer.confidence,
            cost,
            False,
        )

    def _call_fallback(
        self,
        audio: bytes,
        arm: str,
        primary: AudioAnalysis | None,
        calls: list[ModelCall],
        budget_usd: float,
    ) -> AudioAnalysis | None:
        if self.fallback is None:
            return None
        model = self.fallback.model
        if self.prices.estimate_fallback(self.excerpt_s) > budget_usd:
            calls.append(
                ModelCall(
                    arm, "openai", model, model, "cost_capped", 0.0, None, 0.0, True, "DailyCostCap"
                )
            )
            return None
        began = self.retry.clock()
        try:
            answer = self.fallback.tag(audio)
        except ModelUnavailable as exc:
            latency = (self.retry.clock() - began) * 1000
            calls.append(
                ModelCall(
                    arm,
                    "openai",
                    model,
                    model,
                    exc.kind,
                    round(latency, 1),
                    None,
                    0.0,
                    True,
                    type(exc).__name__,
                    exc.message,
                )
            )
            return None
        latency = (self.retry.clock() - began) * 1000
        outcome = "ok" if answer.confidence >= self.confidence_floor else "low_confidence"
        calls.append(
            ModelCall(
                arm,
                "openai",
                answer.model,
                answer.model_version,
                outcome,
                round(latency, 1),
                answer.confidence,
                self.prices.of_fallback(dict(answer.usage)),
                True,
            )
        )
        return answer


def _failed(
    arm: str, backend: str, kind: str, latency_ms: float, error: ModelUnavailable
) -> ModelCall:
    return ModelCall(
        arm,
        backend,
        backend,
        "unknown",
        kind,
        round(latency_ms, 1),
        None,
        0.0,
        False,
        type(error).__name__,
        error.message,
    )


def _settle(
    arm: str,
    backend: str,
    primary: AudioAnalysis | None,
    fallback: AudioAnalysis | None,
    calls: list[ModelCall],
    floor: float,
) -> Routed:
    """Merge: DSP values from the primary, tags from whichever model is surer."""
    if primary is None and fallback is None:
        reasons = "; ".join(f"{c.backend} {c.outcome}: {c.detail}" for c in calls[-2:])
        raise NoModelAnswered(f"no model could analyse the audio ({reasons})", tuple(calls))
    if primary is None:
        assert fallback is not None
        merged = replace(
            fallback,
            bpm=None,
            bpm_confidence=None,
            bpm_candidates=(),
            key=None,
            key_confidence=None,
            loudness_lufs=None,
            reasons={**fallback.reasons, **_dsp_missing()},
        )
        return Routed(
            merged, arm, backend, tuple(calls), True, fallback.confidence < floor, fallback=fallback
        )
    if fallback is None or fallback.confidence <= primary.confidence:
        return Routed(
            with_surer_vocals(primary, fallback),
            arm,
            backend,
            tuple(calls),
            fallback is not None,
            primary.confidence < floor,  # the genre's: vocals carry their own confidence
            primary=primary,
            fallback=fallback,
        )
    base = with_surer_vocals(primary, fallback)
    merged = replace(
        base,
        genres=fallback.genres,
        moods=fallback.moods,
        confidence=fallback.confidence,
        description=fallback.description or primary.description,
        model=fallback.model,
        model_version=fallback.model_version,
        engines={**base.engines, "genre": _engine(fallback), "moods": _engine(fallback)},
    )
    return Routed(
        merged,
        arm,
        backend,
        tuple(calls),
        True,
        fallback.confidence < floor,
        primary=primary,
        fallback=fallback,
    )


def unsure_vocals(answer: AudioAnalysis | None, floor: float) -> bool:
    """The answer reads vocals below the floor: the fallback is asked too (issue 18)."""
    return answer is not None and answer.vocals is not None and answer.vocals.score < floor


def with_surer_vocals(primary: AudioAnalysis, fallback: AudioAnalysis | None) -> AudioAnalysis:
    """The primary's answer with the fallback's vocals where the fallback is surer of them. The
    fallback names no gender: a gender stays only while the track is still read as sung."""
    if fallback is None or fallback.vocals is None:
        return primary
    if primary.vocals is not None and fallback.vocals.score <= primary.vocals.score:
        return primary
    both_sung = fallback.vocals.label == "vocal" and (
        primary.vocals is not None and primary.vocals.label == "vocal"
    )
    gender = primary.vocal_gender if both_sung else None
    engines = {**primary.engines, "vocals": _engine(fallback)}
    if gender is None:
        engines.pop("vocal_gender", None)
    return replace(primary, vocals=fallback.vocals, vocal_gender=gender, engines=engines)


def _engine(answer: AudioAnalysis) -> str:
    return f"{answer.model} {answer.model_version}"


def _dsp_missing() -> dict[str, str]:
    reason = "the model server was unavailable; the fallback gives genre and mood only"
    return {"bpm": reason, "key": reason, "loudness_lufs": reason}
