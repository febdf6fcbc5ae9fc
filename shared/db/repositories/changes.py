"""Change sets (one per create, edit, bulk edit, delete or undo) and the history of fields."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PgUuid

from shared.db.repositories.analyses import stored_estimate
from shared.db.repositories.audit import _event, _jsonable, change_json
from shared.db.tables import analyses, audit_events, change_sets
from shared.domain.audit import Actor, ActorType, AuditEvent
from shared.domain.records import ChangeSet, StoredEstimate
from shared.errors import NotFound


def _change_set(row: sa.RowMapping) -> ChangeSet:
    return ChangeSet(
        id=row["id"], partner_id=row["partner_id"], entity_type=row["entity_type"],
        action=row["action"],
        actor=Actor(ActorType(row["actor_type"]), row["actor_id"], row["client_id"],
                    row["request_id"]),
        status=row["status"], total=row["total"], done=row["done"], created_at=row["created_at"],
        finished_at=row["finished_at"], error=row["error"], undoes=row["undoes"],
        undone_by=row["undone_by"],
    )  # fmt: skip


class ChangeRepository:
    """Change sets, field history, and AI estimates' reviews."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, change: ChangeSet) -> None:
        """Record a change set."""
        self._conn.execute(
            sa.insert(change_sets).values(
                id=change.id, partner_id=change.partner_id, entity_type=change.entity_type,
                action=change.action, actor_type=change.actor.type.value,
                actor_id=change.actor.id, client_id=change.actor.client_id,
                request_id=change.actor.request_id, status=change.status, total=change.total,
                done=change.done, created_at=change.created_at, finished_at=change.finished_at,
                undoes=change.undoes, request={},
            )
        )  # fmt: skip

    def finish(self, change_id: UUID, *, status: str, done: int, now: datetime,
               error: str | None = None) -> None:  # fmt: skip
        """Mark a change set done or failed."""
        self._conn.execute(
            sa.update(change_sets).where(change_sets.c.id == change_id)
            .values(status=status, done=done, finished_at=now, error=error)
        )  # fmt: skip

    def get(self, change_id: UUID, partner_id: UUID | None) -> ChangeSet:
        """A change set (of the partner, unless None for admins); NotFound otherwise."""
        query = sa.select(change_sets).where(change_sets.c.id == change_id)
        if partner_id is not None:
            query = query.where(change_sets.c.partner_id == partner_id)
        row = self._conn.execute(query.with_for_update()).mappings().first()
        if row is None:
            raise NotFound(f"change {change_id} not found")
        return _change_set(row)

    def many(self, change_ids: Sequence[UUID]) -> dict[UUID, ChangeSet]:
        """Change sets by id (missing ones absent)."""
        ids = sa.literal(list(change_ids), ARRAY(PgUuid()))
        rows = self._conn.execute(
            sa.select(change_sets).where(change_sets.c.id == sa.any_(ids))
        ).mappings()
        return {row["id"]: _change_set(row) for row in rows}

    def mark_undone(self, change_id: UUID, by: UUID) -> None:
        """Link a change to the change that undid it."""
        self._conn.execute(
            sa.update(change_sets).where(change_sets.c.id == change_id).values(undone_by=by)
        )

    def events_of(self, change_id: UUID) -> list[AuditEvent]:
        """The audit events of one change set."""
        rows = self._conn.execute(
            sa.select(audit_events).where(audit_events.c.change_set_id == change_id)
        ).mappings()
        return [_event(row) for row in rows]

    def later_fields(
        self, entity_ids: Sequence[UUID], after: datetime, exclude: UUID
    ) -> dict[UUID, list[tuple[str, UUID | None, datetime]]]:
        """Fields changed on these entities after ``after`` by other change sets."""
        ids = sa.literal(list(entity_ids), ARRAY(PgUuid()))
        rows = self._conn.execute(
            sa.select(audit_events.c.entity_id, audit_events.c.changes,
                      audit_events.c.change_set_id, audit_events.c.occurred_at)
            .where(audit_events.c.entity_id == sa.any_(ids), audit_events.c.occurred_at > after,
                   sa.or_(audit_events.c.change_set_id.is_(None),
                          audit_events.c.change_set_id != exclude))
        )  # fmt: skip
        found: dict[UUID, list[tuple[str, UUID | None, datetime]]] = {}
        for row in rows:
            for change in row.changes or []:
                found.setdefault(row.entity_id, []).append(
                    (change["field"], row.change_set_id, row.occurred_at)
                )
        return found

    def history(
        self, partner_id: UUID, entity_id: UUID, *, field: str | None = None, limit: int = 500
    ) -> list[AuditEvent]:
        """An object's audit events, newest first (only those touching ``field`` if given)."""
        query = (
            sa.select(audit_events)
            .where(audit_events.c.partner_id == partner_id, audit_events.c.entity_id == entity_id)
            .order_by(audit_events.c.occurred_at.desc())
            .limit(limit)
        )
        if field is not None:
            query = query.where(audit_events.c.changes.contains([{"field": field}]))
        return [_event(row) for row in self._conn.execute(query).mappings()]

    def append_events(self, events: Sequence[AuditEvent]) -> None:
        """Record many audit events in one statement (bulk edits write 10,000 at once)."""
        if not events:
            return
        records = [
            {"id": str(e.id), "occurred_at": e.occurred_at.isoformat(),
             "retention_class": e.retention_class.value,
             "partner_id": str(e.partner_id) if e.partner_id else None,
             "actor_type": e.actor.type.value, "actor_id": e.actor.id,
             "client_id": e.actor.client_id, "request_id": e.actor.request_id,
             "action": e.action, "entity_type": e.entity_type,
             "entity_id": str(e.entity_id) if e.entity_id else None,
             "change_set_id": str(e.change_set_id) if e.change_set_id else None,
             "changes": [change_json(c) for c in e.changes],
             "detail": _jsonable(e.detail or {})}
            for e in events
        ]  # fmt: skip
        columns = ", ".join(records[0])
        self._conn.execute(
            sa.text(
                f"INSERT INTO audit_events ({columns}) SELECT {columns} FROM "
                "jsonb_to_recordset(CAST(:records AS jsonb)) AS r(id uuid, occurred_at "
                "timestamptz, retention_class text, partner_id uuid, actor_type text, actor_id "
                "text, client_id text, request_id text, action text, entity_type text, entity_id "
                "uuid, change_set_id uuid, changes jsonb, detail jsonb)"
            ),
            {"records": json.dumps(records)},
        )

    def audit_page(
        self, partner_id: UUID | None, *, before: datetime | None, limit: int,
        entity_type: str | None = None, retention_class: str | None = None,
    ) -> list[AuditEvent]:  # fmt: skip
        """Audit events newest first (a partner's, or all for admins), before a time."""
        query = sa.select(audit_events).order_by(audit_events.c.occurred_at.desc()).limit(limit)
        if partner_id is not None:
            query = query.where(audit_events.c.partner_id == partner_id)
        if before is not None:
            query = query.where(audit_events.c.occurred_at < before)
        if entity_type is not None:
            query = query.where(audit_events.c.entity_type == entity_type)
        if retention_class is not None:
            query = query.where(audit_events.c.retention_class == retention_class)
        return [_event(row) for row in self._conn.execute(query).mappings()]

    # ------------------------------------------------------------------ AI estimates

    def estimates(self, partner_id: UUID, track_ids: Sequence[UUID]) -> list[StoredEstimate]:
        """Every estimate of these tracks, newest first."""
        ids = sa.literal(list(track_ids), ARRAY(PgUuid()))
        rows = self._conn.execute(
            sa.select(analyses)
            .where(analyses.c.partner_id == partner_id, analyses.c.track_id == sa.any_(ids))
            .order_by(analyses.c.created_at.desc(), analyses.c.confidence.desc())
        ).mappings()
        return [stored_estimate(row) for row in rows]

    def estimate(self, partner_id: UUID, estimate_id: UUID) -> StoredEstimate:
        """One estimate; NotFound otherwise."""
        row = (
            self._conn.execute(
                sa.select(analyses).where(
                    analyses.c.partner_id == partner_id, analyses.c.id == estimate_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"estimate {estimate_id} not found")
        return stored_estimate(row)

    def review_estimates(
        self, partner_id: UUID, estimate_ids: Sequence[UUID], *, verdict: str, by: str,
        now: datetime,
    ) -> None:  # fmt: skip
        """Record a person's verdict (accepting marks the estimate applied; a rejected one is
        no longer the track's value)."""
        ids = sa.literal(list(estimate_ids), ARRAY(PgUuid()))
        values: dict[str, Any] = {"review": verdict, "reviewed_at": now, "reviewed_by": by}
        values["applied"] = verdict == "accepted"
        self._conn.execute(
            sa.update(analyses)
            .where(analyses.c.partner_id == partner_id, analyses.c.id == sa.any_(ids))
            .values(**values)
        )
