"""Dead letters: record what failed three times so people see it and alerts count it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.dead_letters import PARTNER_ATTRIBUTE, DeadLetter, OpenDeadLetter
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


class DeadLetterService:
    """Record, list and resolve dead letters."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    def record(self, letter: DeadLetter, *, now: datetime) -> UUID:
        """Store a dead letter once per message (the DLQ subscription is at-least-once too)."""
        with self._uow() as uow:
            letter_id = uow.dead_letters.record(letter, partner_id=_partner_of(letter), now=now)
        logger.warning(
            "dead letter from %s recorded (message %s): %s",
            letter.source_topic,
            letter.message_id,
            letter.reason,
        )
        return letter_id

    def open_letters(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Unresolved dead letters, newest first."""
        with self._uow() as uow:
            return uow.dead_letters.open_letters(limit=limit)

    def open_letters_of(self, partner_id: UUID, *, limit: int = 50) -> list[OpenDeadLetter]:
        """A partner's unresolved dead letters, newest first, with what each was about."""
        with self._uow() as uow:
            return uow.dead_letters.open_letters_of(partner_id, limit=limit)

    def dismiss(self, partner_id: UUID, letter_id: UUID, *, actor: Actor, now: datetime) -> bool:
        """A person has seen a partner's dead letter: resolve it, with an audit event naming
        them. False when it is not the partner's or not open."""
        with self._uow() as uow:
            if not uow.dead_letters.resolve(letter_id, now=now, partner_id=partner_id):
                return False
            event = AuditEvent(
                id=uuid.uuid4(), occurred_at=now, action="dead_letter.dismiss", actor=actor,
                retention_class=RetentionClass.OPERATIONAL, partner_id=partner_id,
                entity_type="dead_letter", entity_id=letter_id,
            )  # fmt: skip
            uow.audit.append([event])
        return True

    def resolve(self, letter_id: UUID, *, now: datetime) -> bool:
        """Mark a dead letter handled."""
        with self._uow() as uow:
            return uow.dead_letters.resolve(letter_id, now=now)


def _partner_of(letter: DeadLetter) -> UUID | None:
    try:
        return UUID(letter.attributes.get(PARTNER_ATTRIBUTE, ""))
    except ValueError:
        return None
