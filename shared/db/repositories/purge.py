"""GDPR purge: soft-deleted records removed for good once their grace period is over.

Catalog tables link by id without foreign keys (rows move between partner partitions), so the
links are cleaned here, in the same transaction as the row: credits of a purged party, a purged
work's writer shares, a purged release's deals; tracks pointing at a purged release, work or
asset keep their own data and lose the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import (
    PARTNER_PARTITIONED,
    analyses,
    api_clients,
    asset_timelines,
    assets,
    audit_events,
    deals,
    notification_targets,
    parties,
    partners,
    release_artists,
    release_validations,
    releases,
    retention_extensions,
    retention_notices,
    status_documents,
    track_contributors,
    tracks,
    users,
    validation_dirty,
    work_publishers,
    work_writers,
    works,
)
from shared.domain.records import PurgeKind, SoftDeleted

_PARTITIONED = {table.name for table in PARTNER_PARTITIONED}


@dataclass(frozen=True, slots=True)
class _Links:
    table: sa.Table
    dependants: tuple[tuple[sa.Table, str], ...] = ()  # rows deleted with it: (table, column)
    unlinked: tuple[tuple[sa.Table, str], ...] = ()  # columns set to NULL


_CATALOG: dict[PurgeKind, _Links] = {
    PurgeKind.PARTY: _Links(
        parties,
        (
            (release_artists, "party_id"),
            (track_contributors, "party_id"),
            (work_writers, "party_id"),
            (work_publishers, "party_id"),
        ),
        ((work_writers, "publisher_party_id"),),
    ),
    PurgeKind.RELEASE: _Links(
        releases,
        (
            (release_artists, "release_id"),
            (deals, "release_id"),
            (release_validations, "release_id"),
        ),
        ((tracks, "release_id"),),
    ),
    PurgeKind.WORK: _Links(
        works, ((work_writers, "work_id"), (work_publishers, "work_id")), ((tracks, "work_id"),)
    ),
    PurgeKind.TRACK: _Links(tracks, ((track_contributors, "track_id"), (analyses, "track_id"))),
    PurgeKind.DEAL: _Links(deals),
    PurgeKind.ASSET: _Links(
        assets, ((analyses, "asset_id"), (asset_timelines, "asset_id")), ((tracks, "asset_id"),)
    ),
}


class PurgeRepository:
    """Find and remove soft-deleted records for good."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def soft_deleted(
        self, kind: PurgeKind, *, before: datetime, held: Sequence[UUID], limit: int
    ) -> list[SoftDeleted]:
        """Records of ``kind`` soft-deleted before ``before``, except legally held partners'."""
        if kind is PurgeKind.PARTNER:
            return self._soft_deleted_partners(before, limit)
        table = users if kind is PurgeKind.USER else _CATALOG[kind].table
        query = sa.select(table).where(table.c.deleted_at <= before)
        if held:
            query = query.where(
                sa.or_(table.c.partner_id.is_(None), table.c.partner_id.not_in(held))
            )
        rows = self._conn.execute(query.order_by(table.c.deleted_at).limit(limit)).mappings()
        return [
            SoftDeleted(kind, row["id"], row["partner_id"], row["deleted_at"], _objects_of(row))
            for row in rows
        ]

    def _soft_deleted_partners(self, before: datetime, limit: int) -> list[SoftDeleted]:
        rows = self._conn.execute(
            sa.select(partners.c.id, partners.c.deleted_at)
            .where(partners.c.deleted_at <= before, sa.not_(partners.c.legal_hold))
            .order_by(partners.c.deleted_at)
            .limit(limit)
        ).all()
        return [
            SoftDeleted(
                PurgeKind.PARTNER, row.id, row.id, row.deleted_at, self._partner_objects(row.id)
            )
            for row in rows
        ]

    def _partner_objects(self, partner_id: UUID) -> tuple[tuple[str, str], ...]:
        rows = self._conn.execute(sa.select(assets).where(assets.c.partner_id == partner_id))
        return tuple(obj for row in rows.mappings() for obj in _objects_of(row))

    def purge(self, record: SoftDeleted) -> dict[str, int]:
        """Delete the record and what hangs on it, and unlink what points at it; the rows
        deleted from each partner-partitioned table (their statistics may want refreshing)."""
        if record.kind is PurgeKind.PARTNER:
            return self._purge_partner(record.id)
        if record.kind is PurgeKind.USER:
            self._conn.execute(sa.delete(users).where(users.c.id == record.id))
            return {}
        return self._purge_catalog_row(_CATALOG[record.kind], record)

    def _purge_catalog_row(self, links: _Links, record: SoftDeleted) -> dict[str, int]:
        same_partner = record.partner_id
        deleted: dict[str, int] = {}
        for table, column in links.dependants:
            deleted[table.name] = self._conn.execute(
                sa.delete(table).where(
                    table.c.partner_id == same_partner, table.c[column] == record.id
                )
            ).rowcount
        for table, column in links.unlinked:
            self._conn.execute(
                sa.update(table)
                .where(
                    table.c.partner_id == same_partner,
                    table.c[column] == record.id,
                )
                .values({column: None})
            )
        if record.kind is PurgeKind.ASSET:
            for table in (retention_notices, retention_extensions):
                self._conn.execute(sa.delete(table).where(table.c.asset_id == record.id))
        table = links.table
        deleted[table.name] = self._conn.execute(
            sa.delete(table).where(table.c.partner_id == same_partner, table.c.id == record.id)
        ).rowcount
        return deleted

    def _purge_partner(self, partner_id: UUID) -> dict[str, int]:
        owned = (
            *PARTNER_PARTITIONED,
            retention_notices,
            retention_extensions,
            notification_targets,
            users,
            api_clients,
            status_documents,
            release_validations,
            validation_dirty,
        )
        deleted = {}
        for table in owned:
            rows = self._conn.execute(sa.delete(table).where(table.c.partner_id == partner_id))
            if table.name in _PARTITIONED:
                deleted[table.name] = rows.rowcount
        self._conn.execute(sa.delete(partners).where(partners.c.id == partner_id))
        return deleted

    def redact_audit(self, record: SoftDeleted) -> int:
        """Blank the values in earlier audit entries of a purged record (who and when stay);
        for a partner, in every entry of that partner."""
        if record.kind is PurgeKind.PARTNER:
            where = audit_events.c.partner_id == record.id
        else:
            where = audit_events.c.entity_id == record.id
        redacted: sa.ColumnElement[object] = sa.literal_column(
            "coalesce((SELECT jsonb_agg(jsonb_build_object('field', c->>'field', "
            "'before', NULL, 'after', NULL, 'redacted', true)) "
            "FROM jsonb_array_elements(audit_events.changes) AS c), '[]'::jsonb)"
        )
        result = self._conn.execute(
            sa.update(audit_events).where(where).values(changes=redacted, detail={"redacted": True})
        )
        return int(result.rowcount)


def _objects_of(row: sa.RowMapping) -> tuple[tuple[str, str], ...]:
    """Blobs of an asset row: the upload (if still there) and the kept audio copy."""
    if "object_name" not in row or "bucket" not in row:
        return ()
    found = [(str(row["bucket"]), str(row["object_name"]))]
    if row.get("audio_object"):
        found.append(("", str(row["audio_object"])))  # "" = the audio bucket, named by settings
    return tuple(found)
