"""Recorded dead letters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import dead_letters
from shared.domain.dead_letters import (
    SOURCE_SUBSCRIPTION_ATTRIBUTE,
    DeadLetter,
    OpenDeadLetter,
    subject_of,
)


class DeadLetterRepository:
    """Dead letters, one row per message id and topic."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def record(self, letter: DeadLetter, *, partner_id: UUID | None, now: datetime) -> UUID:
        """Insert unless this message was recorded before; return the record's id."""
        existing = self._conn.execute(
            sa.select(dead_letters.c.id).where(
                dead_letters.c.message_id == letter.message_id,
                dead_letters.c.topic == letter.source_topic,
            )
        ).scalar()
        if existing is not None:
            return UUID(str(existing))
        letter_id = uuid.uuid4()
        self._conn.execute(
            sa.insert(dead_letters).values(
                id=letter_id,
                topic=letter.source_topic,
                source_subscription=letter.attributes.get(SOURCE_SUBSCRIPTION_ATTRIBUTE),
                message_id=letter.message_id,
                data=letter.data,
                attributes=dict(letter.attributes),
                reason=letter.reason,
                delivery_attempts=letter.delivery_attempts,
                partner_id=partner_id,
                failed_at=letter.published_at,
                recorded_at=now,
            )
        )
        return letter_id

    def open_letters(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Unresolved dead letters, newest first (without their payload)."""
        columns = [c for c in dead_letters.c if c.name not in ("data", "attributes")]
        rows = self._conn.execute(
            sa.select(*columns)
            .where(dead_letters.c.resolved_at.is_(None))
            .order_by(dead_letters.c.recorded_at.desc())
            .limit(limit)
        ).mappings()
        return [dict(row) for row in rows]

    def open_letters_of(self, partner_id: UUID, *, limit: int) -> list[OpenDeadLetter]:
        """A partner's unresolved dead letters, newest first, with what each was about."""
        rows = self._conn.execute(
            sa.select(
                dead_letters.c.id, dead_letters.c.topic, dead_letters.c.recorded_at,
                dead_letters.c.delivery_attempts, dead_letters.c.reason,
                dead_letters.c.data, dead_letters.c.attributes,
            )
            .where(dead_letters.c.partner_id == partner_id, dead_letters.c.resolved_at.is_(None))
            .order_by(dead_letters.c.recorded_at.desc(), dead_letters.c.id)
            .limit(limit)
        ).all()  # fmt: skip
        letters = []
        for row in rows:
            kind, subject = subject_of(row.topic, bytes(row.data), row.attributes or {})
            letters.append(
                OpenDeadLetter(
                    id=row.id,
                    topic=row.topic,
                    recorded_at=row.recorded_at,
                    delivery_attempts=row.delivery_attempts,
                    reason=row.reason,
                    subject_kind=kind,
                    subject_id=subject,
                )  # fmt: skip
            )
        return letters

    def resolve_about(self, partner_id: UUID, subject_ids: set[str], *, now: datetime) -> int:
        """Resolve a partner's open dead letters about any of these subjects (a track, its
        audio, a job); how many."""
        rows = self._conn.execute(
            sa.select(dead_letters.c.id, dead_letters.c.topic, dead_letters.c.data,
                      dead_letters.c.attributes)
            .where(dead_letters.c.partner_id == partner_id, dead_letters.c.resolved_at.is_(None))
        ).all()  # fmt: skip
        about = [
            row.id
            for row in rows
            if subject_of(row.topic, bytes(row.data), row.attributes or {})[1] in subject_ids
        ]
        if not about:
            return 0
        self._conn.execute(
            sa.update(dead_letters).where(dead_letters.c.id.in_(about)).values(resolved_at=now)
        )
        return len(about)

    def count_open(self) -> tuple[int, float]:
        """How many are unresolved, and the age in seconds of the oldest."""
        row = self._conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(
                    sa.func.extract(
                        "epoch", sa.func.now() - sa.func.min(dead_letters.c.recorded_at)
                    ),
                    0,
                ),
            ).where(dead_letters.c.resolved_at.is_(None))
        ).one()
        return int(row[0]), float(row[1])

    def resolve(self, letter_id: UUID, *, now: datetime, partner_id: UUID | None = None) -> bool:
        """Mark one resolved (only the partner's, when one is named); False when it was not
        open."""
        where = [dead_letters.c.id == letter_id, dead_letters.c.resolved_at.is_(None)]
        if partner_id is not None:
            where.append(dead_letters.c.partner_id == partner_id)
        result = self._conn.execute(sa.update(dead_letters).where(*where).values(resolved_at=now))
        return bool(result.rowcount)
