"""Read-only counts for the dashboard."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import dead_letters, releases, tracks, works
from shared.domain.dashboard import CatalogCounts, DeadLetterSummary


class StatsRepository:
    """Counts over one partner's catalog and dead letters."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def catalog_counts(self, partner_id: UUID) -> CatalogCounts:
        """Live tracks, releases and works of the partner (one round trip)."""

        def live(table: sa.Table) -> sa.ScalarSelect[int]:
            return (
                sa.select(sa.func.count())
                .select_from(table)
                .where(table.c.partner_id == partner_id, table.c.deleted_at.is_(None))
                .scalar_subquery()
            )

        row = self._conn.execute(sa.select(live(tracks), live(releases), live(works))).one()
        return CatalogCounts(tracks=int(row[0]), releases=int(row[1]), works=int(row[2]))

    def open_dead_letters(self, partner_id: UUID, *, now: datetime) -> DeadLetterSummary:
        """Unresolved dead letters of the partner, counted per topic."""
        rows = self._conn.execute(
            sa.select(
                dead_letters.c.topic, sa.func.count(), sa.func.min(dead_letters.c.recorded_at)
            )
            .where(dead_letters.c.partner_id == partner_id, dead_letters.c.resolved_at.is_(None))
            .group_by(dead_letters.c.topic)
            .order_by(sa.func.count().desc(), dead_letters.c.topic)
        ).all()
        oldest = min((row[2] for row in rows), default=None)
        return DeadLetterSummary(
            open=sum(int(row[1]) for row in rows),
            oldest_age_s=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
            by_topic=tuple((str(row[0]), int(row[1])) for row in rows),
        )
