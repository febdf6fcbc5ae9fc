"""`catalog ab-report`: compare the A/B arms and apply the automatic model-selection rule.

Each job's AiRequestEvent rows (one per model call) are grouped into jobs; an arm's numbers are
per job (per track analysed). The rule promotes the challenger when, with at least
``min_samples`` jobs in each arm, it beats the primary on the configured metric by
``min_improvement`` (relative); the promotion swaps the arms in the routing config and is
recorded in the audit log. Where two models answered for the same asset (an arm's model and
the fallback), their answers are compared per field: genre, vocals and vocal gender.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.pipeline import AI_REQUESTS_TABLE
from shared.ports import AnalyticsSink, JsonObject, StatusStore
from shared.services.analysis.routing import MODEL_ROUTING, RoutingConfig
from shared.unit_of_work import UnitOfWork

HIGHER_IS_BETTER = {
    "mean_confidence": True,
    "fallback_rate": False,
    "cost_per_track": False,
    "p95_latency_ms": False,
}
# the fields whose answers are compared between models; genre first (the report's headline)
AGREEMENT_FIELDS = ("genre", "vocals", "vocal_gender")


@dataclass(frozen=True, slots=True)
class ArmStats:
    """One arm's numbers over the report window."""

    arm: str
    models: str
    tracks: int
    mean_confidence: float | None
    fallback_rate: float
    p50_latency_ms: float | None
    p95_latency_ms: float | None
    cost_per_track: float
    failure_rate: float


@dataclass(frozen=True, slots=True)
class Decision:
    """What the rule concluded, and why."""

    promote: bool
    reason: str


@dataclass(frozen=True, slots=True)
class FieldAgreement:
    """How often the models that answered one field for the same asset chose the same value."""

    field: str
    agreement: float | None  # None: no asset with two models' answers
    assets: int


@dataclass(frozen=True, slots=True)
class AbReport:
    """Both arms, the agreement between models per field, and the rule's decision."""

    arms: tuple[ArmStats, ...]
    agreements: tuple[FieldAgreement, ...]
    metric: str
    decision: Decision
    applied: bool

    @property
    def agreement(self) -> float | None:
        """The genre's agreement (the report's headline figure)."""
        return self.agreements[0].agreement

    @property
    def agreement_assets(self) -> int:
        """Assets the genre's agreement was computed on."""
        return self.agreements[0].assets

    def to_json(self) -> dict[str, Any]:
        """JSON-ready; ``agreement`` is the genre's, ``agreement_by_field`` has every field."""
        return {
            "arms": [asdict(a) for a in self.arms],
            "agreement": self.agreement,
            "agreement_assets": self.agreement_assets,
            "agreement_by_field": {
                a.field: {"agreement": a.agreement, "assets": a.assets} for a in self.agreements
            },
            "metric": self.metric,
            "decision": asdict(self.decision),
            "applied": self.applied,
        }


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _jobs(rows: Sequence[JsonObject]) -> dict[str, list[list[JsonObject]]]:
    """Rows grouped into jobs (same asset and event time), per arm."""
    jobs: dict[tuple[str, str, str], list[JsonObject]] = defaultdict(list)
    for row in rows:
        jobs[(str(row["arm"]), str(row["asset_id"]), str(row["event_time"]))].append(row)
    by_arm: dict[str, list[list[JsonObject]]] = defaultdict(list)
    for (arm, _, _), calls in jobs.items():
        by_arm[arm].append(calls)
    return by_arm


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float | str) else 0.0


def arm_stats(arm: str, jobs: list[list[JsonObject]]) -> ArmStats:
    """Per-job numbers of one arm."""
    confidences: list[float] = []
    latencies: list[float] = []
    costs: list[float] = []
    fallbacks = failures = 0
    models: set[str] = set()
    for calls in jobs:
        answered = [_num(c["confidence"]) for c in calls if c.get("confidence") is not None]
        confidences.append(max(answered) if answered else 0.0)
        failures += not answered
        fallbacks += any(bool(c["fallback_used"]) for c in calls)
        latencies.append(sum(_num(c["latency_ms"]) for c in calls))
        costs.append(sum(_num(c["cost_usd"]) for c in calls))
        models.update(str(c["model"]) for c in calls if not c["fallback_used"])
    count = len(jobs)
    return ArmStats(
        arm=arm,
        models=", ".join(sorted(models)),
        tracks=count,
        mean_confidence=round(statistics.fmean(confidences), 3) if confidences else None,
        fallback_rate=round(fallbacks / count, 3) if count else 0.0,
        p50_latency_ms=_percentile(latencies, 0.5),
        p95_latency_ms=_percentile(latencies, 0.95),
        cost_per_track=round(sum(costs) / count, 6) if count else 0.0,
        failure_rate=round(failures / count, 3) if count else 0.0,
    )


def agreement(answers: Sequence[tuple[Any, str, str]]) -> tuple[float | None, int]:
    """Share of assets two or more models answered where they chose the same value."""
    per_asset: dict[Any, dict[str, str]] = defaultdict(dict)
    for asset_id, model, value in answers:
        per_asset[asset_id][model] = value  # the latest answer of each model
    compared = [set(models.values()) for models in per_asset.values() if len(models) >= 2]
    if not compared:
        return None, 0
    return round(sum(len(g) == 1 for g in compared) / len(compared), 3), len(compared)


def decide(
    primary: ArmStats | None,
    challenger: ArmStats | None,
    *,
    metric: str,
    min_samples: int,
    min_improvement: float,
) -> Decision:
    """The automatic model-selection rule."""
    if primary is None or challenger is None:
        return Decision(False, "both arms need traffic before they can be compared")
    short = min(primary.tracks, challenger.tracks)
    if short < min_samples:
        return Decision(False, f"{short} tracks in the smaller arm; {min_samples} needed")
    mine, theirs = getattr(challenger, metric), getattr(primary, metric)
    if mine is None or theirs is None:
        return Decision(False, f"{metric} is not known for both arms")
    higher = HIGHER_IS_BETTER[metric]
    margin = abs(theirs) * min_improvement
    wins = mine > theirs + margin if higher else mine < theirs - margin
    verdict = "beats" if wins else "does not beat"
    return Decision(
        wins,
        f"challenger {metric} {mine} {verdict} primary {theirs} "
        f"by the required {min_improvement:.0%}",
    )


@dataclass
class AbReportService:
    """Build the report from the analytics sink and the analyses table; apply the rule."""

    analytics: AnalyticsSink
    status: StatusStore
    uow: Callable[[], UnitOfWork]
    routing: Callable[[], RoutingConfig]
    metric: str
    min_samples: int
    min_improvement: float

    def report(self, *, since: datetime, now: datetime, apply: bool) -> AbReport:
        """Compare the arms since ``since``; promote the challenger if the rule says so."""
        by_arm = _jobs(self.analytics.read_rows(AI_REQUESTS_TABLE, since=since))
        stats = {arm: arm_stats(arm, jobs) for arm, jobs in sorted(by_arm.items())}
        with self.uow() as uow:
            agreements = tuple(
                FieldAgreement(name, *agreement(uow.analyses.answers_since(name, since)))
                for name in AGREEMENT_FIELDS
            )
        decision = decide(
            stats.get("primary"),
            stats.get("challenger"),
            metric=self.metric,
            min_samples=self.min_samples,
            min_improvement=self.min_improvement,
        )
        applied = apply and decision.promote
        if applied:
            self._promote(decision, now)
        return AbReport(tuple(stats.values()), agreements, self.metric, decision, applied)

    def _promote(self, decision: Decision, now: datetime) -> None:
        config = self.routing()
        swapped: JsonObject = {
            "primary": config.challenger,
            "challenger": config.primary,
            "challenger_share": config.challenger_share,
            "promoted_at": now.isoformat(),
            "reason": decision.reason,
        }
        if not self.status.create(*MODEL_ROUTING, swapped, partner_id=None):
            self.status.merge(*MODEL_ROUTING, swapped)
        with self.uow() as uow:
            uow.audit.append(
                [
                    AuditEvent(
                        id=uuid.uuid4(),
                        occurred_at=now,
                        action="ab.promote",
                        actor=Actor.system("ab-report"),
                        retention_class=RetentionClass.AI,
                        detail={
                            "from": config.primary,
                            "to": config.challenger,
                            "metric": self.metric,
                            "reason": decision.reason,
                        },
                    )
                ]
            )
