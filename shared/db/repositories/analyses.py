"""Analyses: every AI and DSP estimate kept, whether or not it was applied to the track."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import analyses
from shared.domain.analyses import Estimate
from shared.domain.records import StoredEstimate


class AnalysisRepository:
    """Append estimates and read them back (per track, per asset)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, partner_id: UUID, items: Sequence[StoredEstimate]) -> None:
        """Append estimates in one statement."""
        if not items:
            return
        self._conn.execute(sa.insert(analyses), [_row(partner_id, item) for item in items])

    def of_asset(self, partner_id: UUID, asset_id: UUID) -> list[StoredEstimate]:
        """An asset's estimates, newest first."""
        return self._select(partner_id, analyses.c.asset_id == asset_id)

    def of_track(self, partner_id: UUID, track_id: UUID) -> list[StoredEstimate]:
        """A track's estimates, newest first (suggestions with applied=false included)."""
        return self._select(partner_id, analyses.c.track_id == track_id)

    def tracks_of_asset(self, partner_id: UUID, asset_id: UUID) -> list[UUID]:
        """The live tracks made from an asset."""
        return track_ids_of_asset(self._conn, partner_id, asset_id)

    def answers_since(self, field: str, since: datetime) -> list[tuple[UUID, str, str]]:
        """(asset, model, value) of every ``field`` estimate since ``since``, oldest first: the
        A/B report's agreement between models."""
        rows = self._conn.execute(
            sa.select(analyses.c.asset_id, analyses.c.model, analyses.c.value)
            .where(analyses.c.field == field, analyses.c.created_at >= since)
            .order_by(analyses.c.created_at)
        )
        return [(row[0], row[1], str(row[2])) for row in rows if row[0] is not None]

    def _select(self, partner_id: UUID, condition: sa.ColumnElement[bool]) -> list[StoredEstimate]:
        rows = self._conn.execute(
            sa.select(analyses)
            .where(analyses.c.partner_id == partner_id, condition)
            .order_by(analyses.c.created_at.desc(), analyses.c.field)
        ).mappings()
        return [stored_estimate(row) for row in rows]


def _row(partner_id: UUID, item: StoredEstimate) -> dict[str, Any]:
    estimate = item.estimate
    return {
        "partner_id": partner_id,
        "id": uuid.uuid4(),
        "asset_id": item.asset_id,
        "track_id": item.track_id,
        "field": estimate.field,
        "value": estimate.value,
        "confidence": estimate.confidence,
        "model": estimate.model,
        "model_version": estimate.model_version,
        "arm": item.arm,
        "latency_ms": item.latency_ms,
        "cost_usd": None if item.cost_usd is None else Decimal(str(round(item.cost_usd, 6))),
        "applied": item.applied,
        "created_at": item.created_at,
        "review": item.review,
        "reviewed_at": item.reviewed_at,
        "reviewed_by": item.reviewed_by,
    }


def stored_estimate(row: Any) -> StoredEstimate:
    """A row of analyses as the record services read (with its review, when there is one)."""
    value = row["value"]
    return StoredEstimate(
        estimate=Estimate(
            row["field"], value, float(row["confidence"] or 0.0), row["model"], row["model_version"]
        ),
        asset_id=row["asset_id"],
        track_id=row["track_id"],
        arm=row["arm"],
        latency_ms=row["latency_ms"],
        cost_usd=None if row["cost_usd"] is None else float(row["cost_usd"]),
        applied=row["applied"],
        created_at=row["created_at"],
        id=row["id"],
        review=row["review"],
        reviewed_at=row["reviewed_at"],
        reviewed_by=row["reviewed_by"],
    )


def track_ids_of_asset(conn: sa.Connection, partner_id: UUID, asset_id: UUID) -> list[UUID]:
    """The live tracks made from an asset (ingest links one; duplicates may link more)."""
    from shared.db.tables import tracks

    rows = conn.execute(
        sa.select(tracks.c.id).where(
            tracks.c.partner_id == partner_id,
            tracks.c.asset_id == asset_id,
            tracks.c.deleted_at.is_(None),
        )
    )
    return [row[0] for row in rows]
