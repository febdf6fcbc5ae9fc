"""'Sounds like': a track's nearest neighbours by audio, within the caller's partner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from shared.domain.recordings import SoundRecording
from shared.domain.similarity import (
    EMBEDDING_DIMENSIONS,
    MAX_SIMILAR,
    UNAVAILABLE,
    Neighbour,
    SimilarFilter,
)
from shared.errors import InvalidField, InvalidInput, NotFound, Unavailable
from shared.ports import AudioAnalyzer
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SimilarTrack:
    """A neighbour and its cosine similarity to the reference track."""

    track: SoundRecording
    score: float


@dataclass
class SimilarTracks:
    """Neighbour search over the stored embeddings (pgvector); the health of the feature.

    ``analyzer`` is the analysis stage's own (its worker pool or model server), used for a
    reference file; ``backend`` names the backend in force (the A/B primary)."""

    uow: Callable[[], UnitOfWork]
    analyzer: AudioAnalyzer
    backend: Callable[[], str]

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
            return self._tracks(uow, partner_id, found)

    def similar_to_audio(
        self, partner_id: UUID, audio: bytes, *, limit: int, where: SimilarFilter
    ) -> list[SimilarTrack]:
        """The partner's tracks that sound most like a reference file, which is analysed and
        forgotten (nothing is stored). InvalidInput when it is not audio or gives no embedding
        (silence, a clip the model does not tag)."""
        if not 1 <= limit <= MAX_SIMILAR:
            raise InvalidField("limit", f"must be between 1 and {MAX_SIMILAR}")
        with self.uow() as uow:
            if not uow.embeddings.available():
                raise Unavailable(UNAVAILABLE)
        analysis = self.analyzer.analyze(audio, backend=self.backend())
        if len(analysis.embedding) != EMBEDDING_DIMENSIONS:
            reason = analysis.reasons.get("genres", "the model gave no embedding")
            raise InvalidInput(f"the reference file cannot be compared: {reason}")
        with self.uow() as uow:
            found = uow.embeddings.nearest(partner_id, analysis.embedding, limit, where)
            return self._tracks(uow, partner_id, found)

    @staticmethod
    def _tracks(uow: UnitOfWork, partner_id: UUID, found: list[Neighbour]) -> list[SimilarTrack]:
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
