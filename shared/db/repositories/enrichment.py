"""The analysis stage's own records: attempts per message, the cost ledger, A/B assignments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from shared.db.tables import ab_assignments, ai_cost_ledger, analysis_attempts, assets
from shared.domain.track_analysis import AnalysisAttempt, AnalysisProgress


class AnalysisAttemptRepository:
    """How often each analysis message was tried (committed before the work starts)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def begin(self, message_key: str, partner_id: UUID, asset_id: UUID, *, now: datetime) -> int:
        """Count one more attempt of ``message_key``; return its number (1 for the first)."""
        statement = (
            insert(analysis_attempts)
            .values(
                message_key=message_key,
                partner_id=partner_id,
                asset_id=asset_id,
                attempts=1,
                state="running",
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=[analysis_attempts.c.message_key],
                set_={"attempts": analysis_attempts.c.attempts + 1, "updated_at": now},
            )
            .returning(analysis_attempts.c.attempts)
        )
        return int(self._conn.execute(statement).scalar_one())

    def state_of(self, message_key: str) -> str | None:
        """'running', 'done', 'failed' or 'dead_lettered'; None when never tried."""
        return self._conn.execute(
            sa.select(analysis_attempts.c.state).where(
                analysis_attempts.c.message_key == message_key
            )
        ).scalar()

    def finish(
        self, message_key: str, state: str, *, now: datetime, error: str | None = None
    ) -> None:
        """Record how the attempt ended."""
        self._conn.execute(
            sa.update(analysis_attempts)
            .where(analysis_attempts.c.message_key == message_key)
            .values(state=state, last_error=error, updated_at=now)
        )

    def progress_of(self, partner_id: UUID, asset_id: UUID) -> AnalysisProgress | None:
        """The asset's status and its latest attempt; None when the asset is gone."""
        asset = self._conn.execute(
            sa.select(assets.c.status, assets.c.updated_at).where(
                assets.c.partner_id == partner_id, assets.c.id == asset_id
            )
        ).first()
        if asset is None:
            return None
        latest = (
            self._conn.execute(
                sa.select(analysis_attempts)
                .where(
                    analysis_attempts.c.partner_id == partner_id,
                    analysis_attempts.c.asset_id == asset_id,
                )
                .order_by(analysis_attempts.c.created_at.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        attempt = None
        if latest is not None:
            attempt = AnalysisAttempt(
                latest["state"],
                latest["attempts"],
                latest["last_error"],
                latest["created_at"],
                latest["updated_at"],
            )
        return AnalysisProgress(asset.status, asset.updated_at, attempt)


class CostLedgerRepository:
    """Cost of every model call, per partner and UTC day."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(
        self,
        partner_id: UUID,
        asset_id: UUID | None,
        model: str,
        kind: str,
        cost_usd: float,
        *,
        now: datetime,
    ) -> None:
        """Record one call's cost."""
        self._conn.execute(
            sa.insert(ai_cost_ledger).values(
                partner_id=partner_id,
                day=now.date(),
                asset_id=asset_id,
                model=model,
                kind=kind,
                cost_usd=Decimal(str(round(cost_usd, 6))),
                created_at=now,
            )
        )

    def spent(self, partner_id: UUID, day: date, kind: str) -> float:
        """What ``kind`` calls cost the partner on ``day``."""
        total = self._conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(ai_cost_ledger.c.cost_usd), 0)).where(
                ai_cost_ledger.c.partner_id == partner_id,
                ai_cost_ledger.c.day == day,
                ai_cost_ledger.c.kind == kind,
            )
        ).scalar_one()
        return float(total)


class AbAssignmentRepository:
    """The arm each asset was first assigned to."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def assign(
        self, partner_id: UUID, asset_id: UUID, arm: str, backend: str, *, now: datetime
    ) -> tuple[str, str]:
        """Record (arm, backend) unless the asset has one already; return the recorded one."""
        self._conn.execute(
            insert(ab_assignments)
            .values(
                partner_id=partner_id, asset_id=asset_id, arm=arm, backend=backend, assigned_at=now
            )
            .on_conflict_do_nothing()
        )
        row = self._conn.execute(
            sa.select(ab_assignments.c.arm, ab_assignments.c.backend).where(
                ab_assignments.c.partner_id == partner_id, ab_assignments.c.asset_id == asset_id
            )
        ).one()
        return str(row[0]), str(row[1])
