"""Where a track's analysis stands, read from its asset and the last analysis attempt, so the
track page shows a failure with its reason and offers to analyse again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from shared.domain.status import ANALYSIS_FAILED  # the upload status document's code

AnalysisState = Literal["none", "queued", "running", "analysed", "failed"]
BUSY: frozenset[AnalysisState] = frozenset({"queued", "running"})

ANALYSIS_DEAD_LETTERED = "analysis_dead_lettered"
_STATES: dict[str, AnalysisState] = {"running": "running", "done": "analysed"}


@dataclass(frozen=True, slots=True)
class AnalysisAttempt:
    """The app's own record of one analysis message: how often it was tried and how it ended."""

    state: str  # running, done, failed, dead_lettered
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AnalysisProgress:
    """An asset's pipeline status, when it last changed, and its latest analysis attempt."""

    asset_status: str  # received, extracted, queued
    asset_changed_at: datetime
    latest: AnalysisAttempt | None


@dataclass(frozen=True, slots=True)
class AnalysisError:
    """Why an analysis failed: a stable code and a sentence for the user."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class TrackAnalysis:
    """What the track page shows about the analysis of a track's audio."""

    state: AnalysisState
    attempts: int = 0
    error: AnalysisError | None = None
    updated_at: datetime | None = None


def track_analysis(progress: AnalysisProgress | None) -> TrackAnalysis:
    """The state of a track's analysis; ``None`` progress: the track has no audio."""
    if progress is None:
        return TrackAnalysis("none")
    latest = progress.latest
    requeued = latest is not None and latest.created_at < progress.asset_changed_at
    if progress.asset_status == "queued" and (latest is None or requeued):
        return TrackAnalysis("queued", updated_at=progress.asset_changed_at)
    if latest is None:
        return TrackAnalysis("none")
    state = _STATES.get(latest.state, "failed")  # failed or dead_lettered
    error = _error_of(latest) if state == "failed" else None
    return TrackAnalysis(state, latest.attempts, error, latest.updated_at)


def _error_of(attempt: AnalysisAttempt) -> AnalysisError:
    if attempt.state == "dead_lettered":
        # the recorded reason is an internal exception: operators read it in the dead letters
        return AnalysisError(
            ANALYSIS_DEAD_LETTERED,
            f"the analysis failed {attempt.attempts} times (the model or its worker did not "
            "answer) and was set aside for the operators; Re-analyse to try again",
        )
    return AnalysisError(ANALYSIS_FAILED, attempt.last_error or "the analysis failed")
