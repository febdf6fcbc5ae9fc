"""Audio retention: kept audio nearing expiry, notices sent, Enterprise extensions, targets."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.db.tables import (
    assets,
    notification_targets,
    partners,
    retention_extensions,
    retention_notices,
)
from shared.domain.partners import Partner, Tier
from shared.domain.records import KeptAudio
from shared.domain.retention import NotificationTarget, SentNotice

_AUDIO_NEAR_EXPIRY = sa.text(
    """
    SELECT a.partner_id, a.id AS asset_id, a.audio_object, a.created_at,
           p.name, p.tier, p.audio_retention_days, p.legal_hold, p.created_at AS partner_created,
           x.retain_until, n.expires_at AS notice_expires_at, n.notified_at
    FROM assets a
    JOIN partners p ON p.id = a.partner_id AND p.deleted_at IS NULL AND NOT p.legal_hold
    LEFT JOIN retention_extensions x ON x.partner_id = a.partner_id AND x.asset_id = a.id
    LEFT JOIN LATERAL (
        SELECT expires_at, notified_at, deletion_at FROM retention_notices rn
        WHERE rn.asset_id = a.id AND rn.deleted_at IS NULL
        ORDER BY notified_at DESC LIMIT 1
    ) n ON true
    CROSS JOIN LATERAL (
        SELECT coalesce(p.audio_retention_days,
                        (CAST(:defaults AS jsonb) ->> p.tier)::integer) AS days
    ) r
    CROSS JOIN LATERAL (
        -- seconds, not days: a day interval follows the session's daylight-saving shifts
        SELECT greatest(a.created_at + make_interval(secs => r.days * 86400.0),
                        coalesce(x.retain_until, '-infinity')) AS expires_at
    ) e
    WHERE a.audio_object IS NOT NULL AND a.deleted_at IS NULL AND r.days IS NOT NULL
      AND e.expires_at <= CAST(:horizon AS timestamptz)
      -- notified for this expiry and still inside the notice period: nothing to do yet
      AND NOT (n.expires_at IS NOT NULL AND n.expires_at = e.expires_at
               AND n.deletion_at > CAST(:now AS timestamptz))
    ORDER BY e.expires_at, a.id
    LIMIT :limit
    """
)


class RetentionRepository:
    """Kept audio, deletion notices, extensions and notification targets."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def held_partner_ids(self) -> list[UUID]:
        """Partners under legal hold: nothing of theirs may be deleted."""
        rows = self._conn.execute(sa.select(partners.c.id).where(partners.c.legal_hold))
        return [UUID(str(partner_id)) for partner_id in rows.scalars()]

    def audio_near_expiry(
        self,
        *,
        now: datetime,
        notice_period: timedelta,
        default_days: Mapping[str, int],
        limit: int,
    ) -> list[KeptAudio]:
        """Kept audio that expires within ``notice_period`` of ``now`` (or already has)."""
        rows = self._conn.execute(
            _AUDIO_NEAR_EXPIRY,
            {
                "defaults": json.dumps(dict(default_days)),
                "horizon": now + notice_period,
                "now": now,
                "limit": limit,
            },
        ).mappings()
        return [_kept_audio(row) for row in rows]

    def record_notice(
        self,
        audio: KeptAudio,
        *,
        expires_at: datetime,
        deletion_at: datetime,
        now: datetime,
        channel: str,
    ) -> None:
        """Remember that the owner was told (once per asset and expiry)."""
        self._conn.execute(
            pg_insert(retention_notices)
            .values(
                partner_id=audio.partner.id,
                asset_id=audio.asset_id,
                expires_at=expires_at,
                audio_object=audio.audio_object,
                notified_at=now,
                deletion_at=deletion_at,
                channel=channel,
            )
            .on_conflict_do_nothing()
        )

    def mark_audio_deleted(self, audio: KeptAudio, *, now: datetime) -> None:
        """The kept copy is gone: the asset keeps its metadata, the notice its deletion time."""
        self._conn.execute(
            sa.update(assets)
            .where(assets.c.partner_id == audio.partner.id, assets.c.id == audio.asset_id)
            .values(audio_object=None, updated_at=now)
        )
        self._conn.execute(
            sa.update(retention_notices)
            .where(
                retention_notices.c.asset_id == audio.asset_id,
                retention_notices.c.deleted_at.is_(None),
            )
            .values(deleted_at=now)
        )

    def kept_audio_of(self, partner: Partner, asset_ids: Iterable[UUID]) -> list[KeptAudio]:
        """The partner's assets that still have kept audio, with extension and last notice."""
        ids = list(asset_ids)
        query = (
            sa.select(
                assets.c.id,
                assets.c.audio_object,
                assets.c.created_at,
                retention_extensions.c.retain_until,
            )
            .select_from(
                assets.outerjoin(
                    retention_extensions,
                    sa.and_(
                        retention_extensions.c.partner_id == assets.c.partner_id,
                        retention_extensions.c.asset_id == assets.c.id,
                    ),
                )
            )
            .where(
                assets.c.partner_id == partner.id,
                assets.c.audio_object.is_not(None),
                assets.c.deleted_at.is_(None),
            )
        )
        if ids:
            query = query.where(assets.c.id.in_(ids))
        rows = self._conn.execute(query.order_by(assets.c.created_at)).mappings().all()
        return [
            KeptAudio(
                partner,
                row["id"],
                row["audio_object"],
                row["created_at"],
                row["retain_until"],
                None,
            )
            for row in rows
        ]

    def extend(
        self, audio: KeptAudio, *, retain_until: datetime, now: datetime, actor_id: str | None
    ) -> None:
        """Keep one asset's audio until ``retain_until`` (an existing later date stays)."""
        statement = pg_insert(retention_extensions).values(
            partner_id=audio.partner.id,
            asset_id=audio.asset_id,
            retain_until=retain_until,
            extended_at=now,
            actor_id=actor_id,
        )
        self._conn.execute(
            statement.on_conflict_do_update(
                index_elements=["partner_id", "asset_id"],
                set_={
                    "retain_until": sa.func.greatest(
                        retention_extensions.c.retain_until, statement.excluded.retain_until
                    ),
                    "extended_at": now,
                    "actor_id": actor_id,
                },
            )
        )

    def pending_deletions(self, partner_id: UUID) -> list[dict[str, object]]:
        """Notices sent whose audio has not gone yet, soonest first."""
        rows = self._conn.execute(
            sa.select(
                retention_notices.c.asset_id,
                retention_notices.c.audio_object,
                retention_notices.c.expires_at,
                retention_notices.c.deletion_at,
                retention_notices.c.notified_at,
                retention_notices.c.channel,
            )
            .where(
                retention_notices.c.partner_id == partner_id,
                retention_notices.c.deleted_at.is_(None),
            )
            .order_by(retention_notices.c.deletion_at)
        ).mappings()
        return [dict(row) for row in rows]

    def target(self, partner_id: UUID) -> NotificationTarget:
        """Where the partner wants notices (empty when never set)."""
        row = (
            self._conn.execute(
                sa.select(notification_targets).where(
                    notification_targets.c.partner_id == partner_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return NotificationTarget()
        return NotificationTarget(row["webhook_url"], row["email"])

    def set_target(self, partner_id: UUID, target: NotificationTarget, *, now: datetime) -> None:
        """Replace the partner's notification target."""
        values = {"webhook_url": target.webhook_url, "email": target.email, "updated_at": now}
        self._conn.execute(
            pg_insert(notification_targets)
            .values(partner_id=partner_id, **values)
            .on_conflict_do_update(index_elements=["partner_id"], set_=values)
        )

    def owners_of_objects(self, bucket: str, names: Iterable[str]) -> dict[str, UUID]:
        """Which partner's asset each object belongs to (objects without an asset are absent)."""
        wanted = list(names)
        if not wanted:
            return {}
        rows = self._conn.execute(
            sa.select(assets.c.object_name, assets.c.partner_id).where(
                assets.c.bucket == bucket, assets.c.object_name.in_(wanted)
            )
        )
        return {str(name): UUID(str(partner_id)) for name, partner_id in rows}


def _kept_audio(row: sa.RowMapping) -> KeptAudio:
    partner = Partner(
        id=row["partner_id"],
        name=row["name"],
        tier=Tier(row["tier"]),
        created_at=row["partner_created"],
        audio_retention_days=row["audio_retention_days"],
        legal_hold=row["legal_hold"],
    )
    notice = (
        SentNotice(row["notice_expires_at"], row["notified_at"])
        if row["notice_expires_at"] is not None
        else None
    )
    return KeptAudio(
        partner,
        row["asset_id"],
        row["audio_object"],
        row["created_at"],
        row["retain_until"],
        notice,
    )
