"""The audit log (partitioned by retention class and month)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import Row
from shared.db.tables import audit_events
from shared.domain.audit import Actor, ActorType, AuditEvent, FieldChange, RetentionClass
from shared.domain.provenance import Provenance


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # dates, UUIDs, Decimals, identifiers: their text form


def change_json(change: FieldChange) -> dict[str, Any]:
    """One field change as the audit log stores it (before_provenance only when recorded)."""
    stored = {
        "field": change.field,
        "before": _jsonable(change.before),
        "after": _jsonable(change.after),
    }
    if change.source_recorded:
        source = change.before_source
        stored["before_provenance"] = source.to_json() if source else None
    return stored


def _change(stored: dict[str, Any]) -> FieldChange:
    change = FieldChange(stored["field"], stored["before"], stored["after"])
    if "before_provenance" not in stored:
        return change  # recorded before provenance was kept: unknown
    source = stored["before_provenance"]
    return change.with_before_source(Provenance.from_json(source) if source else None)


def _event(row: Row) -> AuditEvent:
    return AuditEvent(
        id=row["id"],
        occurred_at=row["occurred_at"],
        action=row["action"],
        actor=Actor(
            ActorType(row["actor_type"]), row["actor_id"], row["client_id"], row["request_id"]
        ),
        retention_class=RetentionClass(row["retention_class"]),
        partner_id=row["partner_id"],
        entity_type=row["entity_type"],
        entity_id=row["entity_id"],
        change_set_id=row["change_set_id"],
        changes=tuple(_change(c) for c in row["changes"]),
        detail=row["detail"] or None,
    )


class AuditRepository:
    """Append and read audit events."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def append(self, events: Sequence[AuditEvent]) -> None:
        """Record events (one statement for a whole bulk change)."""
        if not events:
            return
        self._conn.execute(
            sa.insert(audit_events),
            [
                {
                    "id": e.id,
                    "occurred_at": e.occurred_at,
                    "retention_class": e.retention_class.value,
                    "partner_id": e.partner_id,
                    "actor_type": e.actor.type.value,
                    "actor_id": e.actor.id,
                    "client_id": e.actor.client_id,
                    "request_id": e.actor.request_id,
                    "action": e.action,
                    "entity_type": e.entity_type,
                    "entity_id": e.entity_id,
                    "change_set_id": e.change_set_id,
                    "changes": [change_json(c) for c in e.changes],
                    "detail": _jsonable(e.detail or {}),
                }
                for e in events
            ],
        )

    def of_entity(self, entity_id: UUID, *, limit: int = 200) -> list[AuditEvent]:
        """An object's history, newest first."""
        rows = self._conn.execute(
            sa.select(audit_events)
            .where(audit_events.c.entity_id == entity_id)
            .order_by(audit_events.c.occurred_at.desc())
            .limit(limit)
        ).mappings()
        return [_event(row) for row in rows]

    def of_partner(
        self, partner_id: UUID | None, *, since: datetime | None = None, limit: int = 200
    ) -> list[AuditEvent]:
        """A partner's events (every partner's when None), newest first."""
        query = sa.select(audit_events).order_by(audit_events.c.occurred_at.desc()).limit(limit)
        if partner_id is not None:
            query = query.where(audit_events.c.partner_id == partner_id)
        if since is not None:
            query = query.where(audit_events.c.occurred_at >= since)
        return [_event(row) for row in self._conn.execute(query).mappings()]
