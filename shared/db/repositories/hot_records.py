"""What the cache warm job loads: tracks by id in bulk, ISRC groups, the recently changed."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.tracks import TrackRepository
from shared.db.tables import tracks
from shared.domain.identifiers import Isrc
from shared.domain.recordings import SoundRecording


class HotRecordRepository:
    """Bulk reads for pre-warming."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._tracks = TrackRepository(conn)

    def tracks(self, partner_id: UUID, track_ids: Sequence[UUID]) -> list[SoundRecording]:
        """Live tracks among ``track_ids`` (missing and deleted ones are skipped)."""
        if not track_ids:
            return []
        return self._tracks.where(
            partner_id, tracks.c.id.in_(list(track_ids)), limit=len(track_ids)
        )

    def tracks_sharing_isrcs(
        self, partner_id: UUID, isrcs: Sequence[Isrc]
    ) -> dict[Isrc, list[SoundRecording]]:
        """Every live track of the partner carrying one of ``isrcs``, grouped by ISRC."""
        if not isrcs:
            return {}
        found = self._tracks.where(
            partner_id, tracks.c.isrc.in_([str(i) for i in set(isrcs)]), limit=100_000
        )
        groups: dict[Isrc, list[SoundRecording]] = {}
        for track in found:
            if track.isrc is not None:
                groups.setdefault(track.isrc, []).append(track)
        return groups

    def recently_updated(self, limit: int) -> list[tuple[UUID, UUID]]:
        """``(partner_id, track_id)`` of the most recently changed live tracks."""
        rows = self._conn.execute(
            sa.select(tracks.c.partner_id, tracks.c.id)
            .where(tracks.c.deleted_at.is_(None))
            .order_by(tracks.c.updated_at.desc())
            .limit(limit)
        )
        return [(UUID(str(partner_id)), UUID(str(track_id))) for partner_id, track_id in rows]
