"""The audit log's retention: monthly partitions created ahead and dropped when they expire."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import audit_events
from shared.domain.audit import RetentionClass
from shared.domain.records import AuditPartition


class AuditRetentionRepository:
    """Partitions of audit_events: list, create ahead, drop."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def partitions(self) -> list[AuditPartition]:
        """Every monthly partition, oldest first."""
        rows = self._conn.execute(
            sa.text(
                "SELECT name, retention_class, month_start FROM audit_partitions "
                "ORDER BY month_start, retention_class"
            )
        )
        return [AuditPartition(name, RetentionClass(cls), month) for name, cls, month in rows]

    def ensure_months(self, start: date, months: int) -> int:
        """Create the monthly partitions from ``start``'s month on; return how many were new."""
        created = self._conn.execute(
            sa.text("SELECT catalog_ensure_audit_partitions(:start, :months)"),
            {"start": start, "months": months},
        ).scalar()
        return int(created or 0)

    def drop(self, partition: AuditPartition, held: Sequence[UUID]) -> int:
        """Drop one partition, keeping rows of partners under legal hold; return rows kept."""
        kept = self._conn.execute(
            sa.text("SELECT catalog_drop_audit_partition(:name, CAST(:held AS uuid[]))"),
            {"name": partition.name, "held": [str(partner_id) for partner_id in held]},
        ).scalar()
        return int(kept or 0)

    def expired_default_rows(
        self, retention_class: RetentionClass, *, before: datetime, held: Sequence[UUID]
    ) -> int:
        """Rows of a class older than ``before`` outside monthly partitions (not held)."""
        default, conditions = _expired_in_default(retention_class, before, held)
        counted = self._conn.execute(
            sa.select(sa.func.count()).select_from(default).where(*conditions)
        ).scalar()
        return int(counted or 0)

    def delete_expired_default_rows(
        self, retention_class: RetentionClass, *, before: datetime, held: Sequence[UUID]
    ) -> int:
        """Delete what ``expired_default_rows`` counts; return how many went."""
        default, conditions = _expired_in_default(retention_class, before, held)
        return int(self._conn.execute(sa.delete(default).where(*conditions)).rowcount)


def _expired_in_default(
    retention_class: RetentionClass, before: datetime, held: Sequence[UUID]
) -> tuple[sa.TableClause, list[sa.ColumnElement[bool]]]:
    """The class's DEFAULT partition (rows written outside prepared months) and its old rows.

    Rows inside monthly partitions go only with their partition: no row-by-row deletes there.
    """
    default = sa.table(
        f"audit_events_{retention_class.value}_default",
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("partner_id", audit_events.c.partner_id.type),
    )
    conditions: list[sa.ColumnElement[bool]] = [default.c.occurred_at < before]
    if held:
        conditions.append(sa.or_(default.c.partner_id.is_(None), default.c.partner_id.not_in(held)))
    return default, conditions
