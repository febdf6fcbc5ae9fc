"""MetricsSink on a PostgreSQL table: the recorded series `catalog alerts` evaluates locally."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from shared.db.tables import metric_snapshots
from shared.domain.metrics import MetricsSnapshot


class PostgresMetricsSink:
    """One row per snapshot (gauges as JSONB); rows older than ``keep`` are pruned on write."""

    def __init__(self, engine: sa.Engine, *, keep: timedelta) -> None:
        self._engine = engine
        self._keep = keep

    def write(self, snapshot: MetricsSnapshot) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                sa.insert(metric_snapshots).values(
                    taken_at=snapshot.taken_at, gauges=snapshot.to_json()
                )
            )
            conn.execute(
                sa.delete(metric_snapshots).where(
                    metric_snapshots.c.taken_at < snapshot.taken_at - self._keep
                )
            )

    def series(self, *, since: datetime) -> list[MetricsSnapshot]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(metric_snapshots.c.gauges)
                .where(metric_snapshots.c.taken_at >= since)
                .order_by(metric_snapshots.c.taken_at)
            ).scalars()
            return [MetricsSnapshot.from_json(raw) for raw in rows]
