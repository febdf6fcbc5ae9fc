"""What a unit of work changed, so caches can forget it once the transaction commits.

Repositories record every catalog row they write; the unit of work hands the record to its
``on_commit`` callback only after COMMIT succeeded (a rolled-back write changed nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID


@dataclass
class TouchedRecords:
    """Tracks whose rendered form may have changed, and ISRCs whose set of tracks may have."""

    tracks: set[tuple[UUID, UUID]] = field(default_factory=set)  # (partner_id, track_id)
    isrcs: set[tuple[UUID, str]] = field(default_factory=set)  # (partner_id, ISRC)
    partners: set[UUID] = field(default_factory=set)  # too much changed: forget all of theirs

    def track(self, partner_id: UUID, track_id: UUID, isrc: str | None = None) -> None:
        """Record a written track (and the ISRC it now has, whose lookup gains it)."""
        self.tracks.add((partner_id, track_id))
        if isrc:
            self.isrcs.add((partner_id, isrc))

    def tracks_of(self, partner_id: UUID, rows: Iterable[tuple[UUID, str | None]]) -> None:
        """Record many ``(track_id, isrc)`` of one partner (set-based writes)."""
        for track_id, isrc in rows:
            self.track(partner_id, track_id, isrc)

    def partner(self, partner_id: UUID) -> None:
        """Record a write too wide to list (a bulk import): all the partner's records."""
        self.partners.add(partner_id)

    def __bool__(self) -> bool:
        return bool(self.tracks or self.isrcs or self.partners)
