"""CWR registrations of works: one row per submission, updated by acknowledgements."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import work_registrations, works


class RegistrationRepository:
    """work_registrations rows of a partner."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def record_submission(
        self,
        partner_id: UUID,
        work_id: UUID,
        number: str,
        *,
        file_name: str,
        transaction_type: str,
        now: datetime,
    ) -> None:
        """A work went out in a CWR file."""
        self._conn.execute(
            sa.insert(work_registrations).values(
                partner_id=partner_id,
                id=uuid.uuid4(),
                work_id=work_id,
                submitter_work_number=number,
                file_name=file_name,
                transaction_type=transaction_type,
                status="submitted",
                messages=[],
                submitted_at=now,
                created_at=now,
                updated_at=now,
            )
        )

    def find_work(self, partner_id: UUID, number: str) -> UUID | None:
        """The work a submitter work number names: a recorded submission, else the id prefix."""
        found = self._conn.execute(
            sa.select(work_registrations.c.work_id)
            .where(
                work_registrations.c.partner_id == partner_id,
                work_registrations.c.submitter_work_number == number.upper(),
            )
            .order_by(work_registrations.c.created_at.desc())
            .limit(1)
        ).scalar()
        if found is not None:
            return UUID(str(found))
        compact = number.strip().lower()
        if len(compact) < 8 or not all(c in "0123456789abcdef" for c in compact):
            return None
        candidate = (
            self._conn.execute(
                sa.select(works.c.id)
                .where(
                    works.c.partner_id == partner_id,
                    works.c.deleted_at.is_(None),
                    sa.func.replace(sa.cast(works.c.id, sa.Text), "-", "").like(f"{compact}%"),
                )
                .limit(2)
            )
            .scalars()
            .all()
        )
        return UUID(str(candidate[0])) if len(candidate) == 1 else None

    def record_acknowledgement(
        self, partner_id: UUID, work_id: UUID, number: str, values: dict[str, Any], now: datetime
    ) -> None:
        """Update the latest submission of the work (or record one from the ACK alone)."""
        latest = self._conn.execute(
            sa.select(work_registrations.c.id)
            .where(
                work_registrations.c.partner_id == partner_id,
                work_registrations.c.work_id == work_id,
            )
            .order_by(work_registrations.c.created_at.desc())
            .limit(1)
        ).scalar()
        if latest is None:
            self._conn.execute(
                sa.insert(work_registrations).values(
                    partner_id=partner_id,
                    id=uuid.uuid4(),
                    work_id=work_id,
                    submitter_work_number=number.upper(),
                    created_at=now,
                    updated_at=now,
                    acknowledged_at=now,
                    **values,
                )
            )
            return
        self._conn.execute(
            sa.update(work_registrations)
            .where(work_registrations.c.partner_id == partner_id, work_registrations.c.id == latest)
            .values(**values, acknowledged_at=now, updated_at=now)
        )
