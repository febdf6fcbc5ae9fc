"""Asset timelines (migration 1051): genre and mood scores along a track, one row per asset."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from shared.db.tables import asset_timelines, tracks
from shared.domain.enrichment import TimelineSegment, TrackTimeline


class TimelineRepository:
    """Put an asset's timeline (replacing the last analysis'); read a live track's."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def put(self, partner_id: UUID, timeline: TrackTimeline, *, now: datetime) -> None:
        values = {
            "partner_id": partner_id,
            "asset_id": timeline.asset_id,
            "segments": [segment.to_json() for segment in timeline.segments],
            "model": timeline.model,
            "model_version": timeline.model_version,
            "created_at": now,
        }
        statement = insert(asset_timelines).values(values)
        self._conn.execute(
            statement.on_conflict_do_update(
                index_elements=["partner_id", "asset_id"],
                set_={
                    k: statement.excluded[k] for k in values if k not in ("partner_id", "asset_id")
                },
            )
        )

    def of_track(self, partner_id: UUID, track_id: UUID) -> TrackTimeline | None:
        """The timeline of the live track's audio; None before it is analysed."""
        row = (
            self._conn.execute(
                sa.select(asset_timelines)
                .join(
                    tracks,
                    sa.and_(
                        tracks.c.partner_id == asset_timelines.c.partner_id,
                        tracks.c.asset_id == asset_timelines.c.asset_id,
                    ),
                )
                .where(
                    tracks.c.partner_id == partner_id,
                    tracks.c.id == track_id,
                    tracks.c.deleted_at.is_(None),
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return TrackTimeline(
            row["asset_id"],
            tuple(TimelineSegment.from_json(item) for item in row["segments"]),
            row["model"],
            row["model_version"],
        )
