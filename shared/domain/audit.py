"""Audit events: who changed what, when, through which client, before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared.domain.provenance import Provenance


class RetentionClass(StrEnum):
    """How long an audit record is kept (product owner's numbers)."""

    DDEX = "ddex"  # deliveries: 7 years
    AI = "ai"  # AI metadata: 3 years
    OPERATIONAL = "operational"  # low-risk operational: 6 months


RETENTION: dict[RetentionClass, timedelta] = {
    RetentionClass.DDEX: timedelta(days=7 * 366),
    RetentionClass.AI: timedelta(days=3 * 366),
    RetentionClass.OPERATIONAL: timedelta(days=183),
}


class ActorType(StrEnum):
    """Who acted."""

    USER = "user"
    CLIENT = "client"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """The person, API client or system component behind a change."""

    type: ActorType
    id: str | None = None
    client_id: str | None = None
    request_id: str | None = None

    @classmethod
    def system(cls, component: str) -> Actor:
        """A pipeline stage acting on its own (ingest, analyze, cleanup)."""
        return cls(ActorType.SYSTEM, component)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's value before and after, and where the value before came from (so an undo
    gives an AI or tag value back as the AI's or the tag's, not as a person's)."""

    field: str
    before: Any
    after: Any
    before_source: Provenance | None = None
    source_recorded: bool = False  # True: before_source is known (None then means: unsourced)

    def with_before_source(self, source: Provenance | None) -> FieldChange:
        """The same change, recording where the value before came from."""
        return FieldChange(self.field, self.before, self.after, source, True)


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One recorded action."""

    id: UUID
    occurred_at: datetime
    action: str  # "track.update", "release.create", "ddex.delivery", ...
    actor: Actor
    retention_class: RetentionClass
    partner_id: UUID | None = None
    entity_type: str | None = None
    entity_id: UUID | None = None
    change_set_id: UUID | None = None  # groups the changes of one bulk edit for undo
    changes: tuple[FieldChange, ...] = ()
    detail: dict[str, Any] | None = None
