"""A track's timeline: genre and mood scores along its audio, from its last analysis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from shared.domain.enrichment import TrackTimeline
from shared.errors import NotFound
from shared.unit_of_work import UnitOfWork


@dataclass
class TrackTimelines:
    """Reads a partner's track timelines (the analyze stage writes them)."""

    uow: Callable[[], UnitOfWork]

    def of_track(self, partner_id: UUID, track_id: UUID) -> TrackTimeline | None:
        """The track's timeline; None before its audio is analysed. NotFound for a track the
        partner does not have (or deleted)."""
        with self.uow() as uow:
            if uow.tracks.find(partner_id, track_id) is None:
                raise NotFound(f"track {track_id} not found")
            return uow.timelines.of_track(partner_id, track_id)
