"""'Sounds like' search: a track's neighbours by audio embedding, and what narrows them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.errors import InvalidField

EMBEDDING_DIMENSIONS = 200  # MSD_musicnn's penultimate dense layer
MAX_SIMILAR = 100
UNAVAILABLE = (
    "similar-track search needs pgvector, which this PostgreSQL server does not have: install "
    "it (or use the embedded default) and run `catalog migrate`"
)


@dataclass(frozen=True, slots=True)
class SimilarFilter:
    """Optional conditions on the neighbours (the same meaning as the track list's filters)."""

    bpm_min: float | None = None
    bpm_max: float | None = None
    key: str | None = None  # normalised, "A minor"
    genre: str | None = None  # case-insensitive


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A similar track and its cosine similarity to the reference (1 identical, 0 unrelated)."""

    track_id: UUID
    score: float


@dataclass(frozen=True, slots=True)
class TrackEmbedding:
    """One asset's embedding and the model behind it."""

    asset_id: UUID
    vector: tuple[float, ...]
    model: str
    model_version: str

    def __post_init__(self) -> None:
        if len(self.vector) != EMBEDDING_DIMENSIONS:
            raise InvalidField(
                "embedding", f"has {len(self.vector)} dimensions, not {EMBEDDING_DIMENSIONS}"
            )
