"""'Sounds like': a track's nearest neighbours by audio, within the caller's partner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from shared.domain.recordings import SoundRecording
from shared.domain.similarity import MAX_SIMILAR, UNAVAILABLE, SimilarFilter
from shared.errors import InvalidField, NotFound, Unavailable
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SimilarTrack:
    """A neighbour and its cosine similarity to the reference track."""

    track: SoundRecording
    score: float


@dataclass
class SimilarTracks:
    """Neighbour search over the stored embeddings (pgvector); the health of the feature."""

    uow: Callable[[], UnitOfWork]

    def similar(
        self, partner_id: UUID, track_id: UUID, *, limit: int, where: SimilarFilter
    ) -> list[SimilarTrack]:
        """The partner's live tracks that sound most like ``track_id``, most similar first,
        never the track itself. NotFound for a track the partner does not have (or deleted);
        Unavailable where the database has no pgvector; [] before the track is analysed."""
        if not 1 <= limit <= MAX_SIMILAR:
            raise InvalidField("limit", f"must be between 1 and {MAX_SIMILAR}")
        with self.uow() as uow:
            if uow.tracks.find(partner_id, track_id) is None:
                raise NotFound(f"track {track_id} not found")
            found = uow.embeddings.neighbours(partner_id, track_id, limit, where)
            out = []
            for neighbour in found:
                track = uow.tracks.find(partner_id, neighbour.track_id)
                if track is not None:
                    out.append(SimilarTrack(track, neighbour.score))
        return out

    def state(self) -> str:
        """For /healthz's features: a one-line state, Unavailable without pgvector."""
        with self.uow() as uow:
            if not uow.embeddings.available():
                raise Unavailable(UNAVAILABLE)
        return "pgvector embeddings with an HNSW index"
