"""The router's rules: a stable 90/10 split, retries with backoff, the circuit breaker, the
fallback on low confidence or a degraded model, and the fallback's daily cost cap.

The model server and OpenAI are replaced by fakes of the AudioAnalyzer / FallbackTagger ports
here (the wire formats are tested in tests/integration and tests/inference).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

import pytest

from shared.domain.enrichment import AudioAnalysis, Label
from shared.errors import InvalidInput, ModelUnavailable
from shared.services.analysis.costs import Prices
from shared.services.analysis.resilience import CircuitBreaker, RetryPolicy
from shared.services.analysis.routing import ModelRouter, RoutingConfig


def _analysis(confidence: float, model: str = "musicnn", genre: str = "rock") -> AudioAnalysis:
    return AudioAnalysis(
        bpm=120.0,
        bpm_confidence=0.7,
        bpm_candidates=(),
        key="A minor",
        key_confidence=0.9,
        loudness_lufs=-9.0,
        genres=(Label(genre, confidence),),
        moods=(Label("happy", 0.5),),
        model=model,
        model_version="1",
        confidence=confidence,
        duration_s=180.0,
        usage={"audio_tokens": 300, "text_tokens": 131, "output_tokens": 28}
        if model == "gpt"
        else {},
    )


@dataclass
class ScriptedAnalyzer:
    """Answers (or raises) from a script, one item per call."""

    script: list[AudioAnalysis | Exception]
    calls: list[str] = field(default_factory=list)

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis:
        self.calls.append(backend)
        item = self.script[min(len(self.calls), len(self.script)) - 1]
        if isinstance(item, Exception):
            raise item
        return item


@dataclass
class ScriptedFallback:
    answer: AudioAnalysis | Exception
    model: str = "gpt"
    calls: int = 0

    def tag(self, audio: bytes) -> AudioAnalysis:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


PRICES = Prices({"qwen2-audio": 0.0006, "local": 0.00005}, 40.0, 2.5, 10.0, 10.0)


def _router(
    analyzer: ScriptedAnalyzer,
    fallback: ScriptedFallback | None = None,
    sleeps: list[float] | None = None,
) -> ModelRouter:
    recorded = sleeps if sleeps is not None else []
    return ModelRouter(
        analyzer=analyzer,
        fallback=fallback,
        prices=PRICES,
        retry=RetryPolicy(retries=2, backoff_s=1.0, sleep=recorded.append),
        confidence_floor=0.8,
        excerpt_s=30.0,
        breaker_factory=lambda: CircuitBreaker(3, 30.0),
    )


def _route(router: ModelRouter, budget: float = 5.0):  # type: ignore[no-untyped-def]
    return router.route(
        b"audio", arm="primary", backend="qwen2-audio", fallback_budget_usd=budget, deadline_s=300.0
    )


def test_the_split_sends_about_ten_percent_to_the_challenger_and_never_moves_an_asset() -> None:
    config = RoutingConfig("qwen2-audio", "local", 0.10, "salt")
    assets = [uuid.uuid4() for _ in range(5000)]

    arms = [config.arm_of(asset) for asset in assets]

    assert 0.085 < arms.count("challenger") / len(arms) < 0.115
    assert [config.arm_of(asset) for asset in assets] == arms


def test_a_confident_primary_answer_is_used_without_the_fallback() -> None:
    fallback = ScriptedFallback(_analysis(0.95, "gpt"))
    routed = _route(_router(ScriptedAnalyzer([_analysis(0.9)]), fallback))

    assert routed.analysis.model == "musicnn"
    assert (routed.fallback_used, routed.low_confidence, fallback.calls) == (False, False, 0)
    assert [c.outcome for c in routed.calls] == ["ok"]
    assert routed.calls[0].cost_usd == pytest.approx(0.0006 * 3)  # 3 audio minutes


def test_low_confidence_goes_to_the_fallback_and_its_surer_tags_win_keeping_the_dsp() -> None:
    routed = _route(
        _router(
            ScriptedAnalyzer([_analysis(0.4)]),
            ScriptedFallback(_analysis(0.93, "gpt", "electronic")),
        )
    )

    assert routed.fallback_used
    assert not routed.low_confidence
    assert routed.analysis.genres[0].label == "electronic"
    assert (routed.analysis.bpm, routed.analysis.key) == (120.0, "A minor")
    assert [c.outcome for c in routed.calls] == ["low_confidence", "ok"]
    assert routed.calls[1].cost_usd == pytest.approx(
        (300 * 40 + 131 * 2.5 + 28 * 10) / 1e6, abs=1e-6
    )


def test_without_an_openai_key_a_low_confidence_answer_is_kept_for_review() -> None:
    routed = _route(_router(ScriptedAnalyzer([_analysis(0.4)]), None))

    assert routed.low_confidence
    assert not routed.fallback_used
    assert routed.analysis.genres[0].label == "rock"


def test_a_spent_daily_budget_keeps_the_primary_answer_marked_low_confidence() -> None:
    fallback = ScriptedFallback(_analysis(0.95, "gpt"))
    routed = _route(_router(ScriptedAnalyzer([_analysis(0.4)]), fallback), budget=0.0)

    assert fallback.calls == 0
    assert routed.low_confidence
    assert [c.outcome for c in routed.calls] == ["low_confidence", "cost_capped"]


def test_a_failing_model_is_retried_with_doubling_backoff_then_falls_back() -> None:
    sleeps: list[float] = []
    analyzer = ScriptedAnalyzer([ModelUnavailable("503", "error")])
    routed = _route(_router(analyzer, ScriptedFallback(_analysis(0.9, "gpt")), sleeps))

    assert analyzer.calls == ["qwen2-audio"] * 3
    assert sleeps == [1.0, 2.0]
    assert [c.outcome for c in routed.calls] == ["error", "error", "error", "ok"]
    assert routed.analysis.bpm is None
    assert "bpm" in routed.analysis.reasons


def test_a_timeout_that_recovers_needs_no_fallback() -> None:
    analyzer = ScriptedAnalyzer([ModelUnavailable("slow", "timeout"), _analysis(0.9)])

    routed = _route(_router(analyzer, ScriptedFallback(_analysis(0.9, "gpt"))))

    assert [c.outcome for c in routed.calls] == ["timeout", "ok"]
    assert not routed.fallback_used


def test_an_open_breaker_skips_the_model_and_nothing_left_raises_for_a_retry() -> None:
    router = _router(ScriptedAnalyzer([ModelUnavailable("down", "error")]), None)
    with pytest.raises(ModelUnavailable):
        _route(router)  # three failures open the breaker

    with pytest.raises(ModelUnavailable, match="circuit_open"):
        _route(router)


def test_unreadable_audio_is_not_retried() -> None:
    analyzer = ScriptedAnalyzer([InvalidInput("unreadable audio")])

    with pytest.raises(InvalidInput):
        _route(_router(analyzer, ScriptedFallback(_analysis(0.9, "gpt"))))
    assert len(analyzer.calls) == 1


def test_the_breaker_lets_one_trial_through_after_its_reset_time() -> None:
    now = [0.0]
    breaker = CircuitBreaker(2, 30.0, clock=lambda: now[0])
    breaker.record_failure()
    breaker.record_failure()

    assert not breaker.allow()
    now[0] = 31.0
    assert breaker.allow()
    assert not breaker.allow()
    breaker.record_success()
    assert breaker.allow()


def _sung(confidence: float, label: str = "vocal", gender: str | None = "female") -> AudioAnalysis:
    return replace(
        _analysis(0.9),
        vocals=Label(label, confidence),
        vocal_gender=Label(gender, 0.7) if gender else None,
        engines={"vocals": "musicnn 1", "vocal_gender": "musicnn 1"},
    )


def test_unsure_vocals_ask_the_fallback_whose_surer_reading_wins_and_clears_the_gender() -> None:
    """Issue 18: vocals below 0.80 go to the fallback like an unsure genre does."""
    answer = replace(_analysis(0.5, "gpt", "pop"), vocals=Label("instrumental", 0.93))
    fallback = ScriptedFallback(answer)

    routed = _route(_router(ScriptedAnalyzer([_sung(0.62)]), fallback))

    assert fallback.calls == 1
    assert routed.fallback_used
    assert routed.analysis.vocals == Label("instrumental", 0.93)
    assert routed.analysis.vocal_gender is None  # nobody sings: no gender
    assert routed.analysis.genres[0].label == "rock"  # the primary was surer of the genre
    assert not routed.low_confidence
    by_field = {e.field: e for e in routed.analysis.estimates()}
    assert (by_field["vocals"].model, by_field["genre"].model) == ("gpt", "musicnn")
    assert "vocal_gender" not in by_field


def test_sure_vocals_need_no_fallback_and_a_less_sure_fallback_changes_nothing() -> None:
    unsure_fallback = ScriptedFallback(
        replace(_analysis(0.5, "gpt"), vocals=Label("instrumental", 0.55))
    )
    sure = _route(_router(ScriptedAnalyzer([_sung(0.91)]), unsure_fallback))
    unsure = _route(_router(ScriptedAnalyzer([_sung(0.62)]), unsure_fallback))

    assert sure.analysis.vocals == Label("vocal", 0.91)
    assert unsure_fallback.calls == 1  # only the unsure reading asked
    assert unsure.analysis.vocals == Label("vocal", 0.62)
    assert unsure.analysis.vocal_gender == Label("female", 0.7)
