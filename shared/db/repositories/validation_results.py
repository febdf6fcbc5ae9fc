"""Each release's last validation result, and the queue of releases whose result may be stale.

Database triggers (migration 0700) append to the queue whenever a write may change a release's
findings. Whoever validates a release first takes the queue rows it can see, then reads the
release, and deletes exactly those rows with the result: a write committed meanwhile left a row
this reader never saw, so the release is checked again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert

from shared.db.tables import release_validations, releases, validation_dirty
from shared.domain.dashboard import ValidationCounts
from shared.domain.records import StaleRelease


class ValidationResults:
    """Stored validation results of releases."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def stale(self, limit: int, partner_id: UUID | None = None) -> list[StaleRelease]:
        """Up to ``limit`` releases waiting for a check (of one partner, or of all): each
        partner's longest-waiting first, taking partners in turn, so one partner's big import
        does not hold back everyone else's re-checks."""
        mine = validation_dirty.c.partner_id == partner_id if partner_id else sa.true()
        queued = (
            sa.select(
                validation_dirty.c.partner_id,
                validation_dirty.c.release_id,
                sa.func.array_agg(validation_dirty.c.id).label("ids"),
                sa.func.min(validation_dirty.c.id).label("first"),
            )
            .where(mine)
            .group_by(validation_dirty.c.partner_id, validation_dirty.c.release_id)
            .subquery()
        )
        turn = sa.func.row_number().over(partition_by=queued.c.partner_id, order_by=queued.c.first)
        rows = self._conn.execute(
            sa.select(queued.c.partner_id, queued.c.release_id, queued.c.ids)
            .order_by(turn, queued.c.first)
            .limit(limit)
        )
        return [StaleRelease(r.partner_id, r.release_id, tuple(r.ids)) for r in rows]

    def waiting(self, partner_id: UUID | None = None) -> int:
        """How many releases wait for a check (of one partner, or of all)."""
        mine = validation_dirty.c.partner_id == partner_id if partner_id else sa.true()
        pairs = (
            sa.select(validation_dirty.c.partner_id, validation_dirty.c.release_id)
            .where(mine)
            .distinct()
        )
        return int(
            self._conn.execute(
                sa.select(sa.func.count()).select_from(pairs.subquery())
            ).scalar_one()
        )

    def queued_for(self, partner_id: UUID, release_id: UUID) -> StaleRelease:
        """The queue rows of one release visible now (read them before reading the release)."""
        ids = self._conn.execute(
            sa.select(validation_dirty.c.id).where(
                validation_dirty.c.partner_id == partner_id,
                validation_dirty.c.release_id == release_id,
            )
        ).scalars()
        return StaleRelease(partner_id, release_id, tuple(ids))

    def record(
        self, checked: StaleRelease, *, blocking: int, warnings: int, checked_at: datetime
    ) -> None:
        """Store a release's result and take the queue rows it answered off the queue."""
        values = {
            "valid": blocking == 0,
            "blocking": blocking,
            "warnings": warnings,
            "checked_at": checked_at,
        }
        statement = insert(release_validations).values(
            partner_id=checked.partner_id, release_id=checked.release_id, **values
        )
        self._conn.execute(
            statement.on_conflict_do_update(
                index_elements=[release_validations.c.partner_id, release_validations.c.release_id],
                set_=values,
            )
        )
        self._dequeue(checked.queue_ids)

    def forget(self, gone: StaleRelease) -> None:
        """A release that no longer exists: no result, nothing queued."""
        self._conn.execute(
            sa.delete(release_validations).where(
                release_validations.c.partner_id == gone.partner_id,
                release_validations.c.release_id == gone.release_id,
            )
        )
        self._dequeue(gone.queue_ids)

    def counts(self, partner_id: UUID) -> ValidationCounts:
        """The partner's live releases by last result (for the dashboard)."""
        live = sa.and_(releases.c.partner_id == partner_id, releases.c.deleted_at.is_(None))
        joined = releases.outerjoin(
            release_validations,
            sa.and_(
                release_validations.c.partner_id == releases.c.partner_id,
                release_validations.c.release_id == releases.c.id,
            ),
        )
        valid, failed, unchecked = self._conn.execute(
            sa.select(
                sa.func.count().filter(release_validations.c.valid.is_(True)),
                sa.func.count().filter(release_validations.c.valid.is_(False)),
                sa.func.count().filter(release_validations.c.valid.is_(None)),
            )
            .select_from(joined)
            .where(live)
        ).one()
        pending = self._conn.execute(
            sa.select(sa.func.count(sa.distinct(validation_dirty.c.release_id))).where(
                validation_dirty.c.partner_id == partner_id
            )
        ).scalar_one()
        return ValidationCounts(valid, failed, unchecked, pending)

    def _dequeue(self, ids: Sequence[int]) -> None:
        if ids:
            listed = sa.literal(list(ids), ARRAY(sa.BigInteger))  # one parameter, however many
            self._conn.execute(
                sa.delete(validation_dirty).where(validation_dirty.c.id == sa.any_(listed))
            )
