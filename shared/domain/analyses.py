"""AI (and DSP) estimates: every value with its model, version and confidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.errors import InvalidField


@dataclass(frozen=True, slots=True)
class Estimate:
    """One enriched value: never a bare float."""

    field: str  # bpm, key, genre, moods, loudness_lufs, ...
    value: str | float | list[str] | None
    confidence: float
    model: str
    model_version: str

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise InvalidField("confidence", f"{self.confidence} is outside 0..1")


@dataclass(frozen=True, slots=True)
class Analysis:
    """An analysis run of one asset: its estimates and what it cost."""

    id: UUID
    partner_id: UUID
    asset_id: UUID
    estimates: tuple[Estimate, ...]
    latency_ms: float
    cost_usd: float
    created_at: datetime
    track_id: UUID | None = None
    arm: str | None = None  # A/B arm: primary or challenger
