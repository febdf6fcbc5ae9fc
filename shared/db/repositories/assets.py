"""Assets."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.db.repositories.base import CatalogRepository, Row
from shared.db.tables import assets
from shared.domain.assets import Asset, TechnicalFacts
from shared.errors import NotFound


class AssetRepository(CatalogRepository[Asset]):
    """Stored audio objects of a partner."""

    table = assets
    noun = "asset"

    def to_row(self, obj: Asset) -> dict[str, Any]:
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "bucket": obj.bucket,
            "object_name": obj.object_name,
            "generation": obj.generation,
            "sha256": obj.sha256,
            "size_bytes": obj.size_bytes,
            "format": obj.format,
            "technical": asdict(obj.technical) if obj.technical else {},
            "fingerprint": obj.fingerprint,
            "fingerprint_error": obj.fingerprint_error,
            "audio_object": obj.audio_object,
            "status": obj.status,
            "upload_id": obj.upload_id,
            "original_filename": obj.original_filename,
            "duration_ms": _duration_ms(obj),
            "duplicate_of": obj.duplicate_of,
            "duplicate_similarity": obj.duplicate_similarity,
        }

    def from_row(self, row: Row) -> Asset:
        return Asset(
            id=row["id"],
            partner_id=row["partner_id"],
            bucket=row["bucket"],
            object_name=row["object_name"],
            generation=row["generation"],
            size_bytes=row["size_bytes"],
            created_at=row["created_at"],
            sha256=row["sha256"],
            format=row["format"],
            technical=TechnicalFacts(**row["technical"]) if row["technical"] else None,
            fingerprint=row["fingerprint"],
            fingerprint_error=row["fingerprint_error"],
            audio_object=row["audio_object"],
            status=row["status"],
            upload_id=row["upload_id"],
            original_filename=row["original_filename"],
            duplicate_of=row["duplicate_of"],
            duplicate_similarity=row["duplicate_similarity"],
        )

    def save(self, obj: Asset, *, now: Any, expected_version: int | None = None) -> int:
        """Assets carry no version column: write and return 1."""
        values = self.to_row(obj)
        partner_id, obj_id = values.pop("partner_id"), values.pop("id")
        self._conn.execute(
            assets.update().where(self._key(partner_id, obj_id)).values(**values, updated_at=now)
        )
        return 1

    def find_by_object(
        self, partner_id: UUID, bucket: str, object_name: str, generation: int
    ) -> Asset | None:
        """The asset for one (bucket, object, generation): the idempotency key of ingest."""
        found = self.where(
            partner_id,
            assets.c.bucket == bucket,
            assets.c.object_name == object_name,
            assets.c.generation == generation,
            limit=1,
        )
        return found[0] if found else None

    def find_by_sha256(self, partner_id: UUID, sha256: str) -> list[Asset]:
        """Assets with identical content."""
        return self.where(partner_id, assets.c.sha256 == sha256)

    def add_if_absent(self, obj: Asset, *, now: datetime) -> bool:
        """Insert unless an asset with the same (bucket, object, generation), or a live one with
        the same sha256, exists; True when this call inserted it. Two deliveries of one finalize
        event race here, and so do identical files uploaded at the same moment: the unique
        indexes let one win, and the loser waits for its commit and then finds it."""
        values = {**self.to_row(obj), "created_at": now, "updated_at": now}
        inserted = self._conn.execute(
            pg_insert(assets).values(**values).on_conflict_do_nothing().returning(assets.c.id)
        ).scalar()
        return inserted is not None

    def lock(self, partner_id: UUID, asset_id: UUID) -> Asset:
        """The asset, row-locked until the transaction ends (one router publishes per asset)."""
        row = (
            self._conn.execute(
                sa.select(assets).where(self._key(partner_id, asset_id)).with_for_update()
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"asset {asset_id} not found")
        return self.from_row(row)

    def set_status(self, partner_id: UUID, asset_id: UUID, status: str, *, now: datetime) -> None:
        """Move the asset along the pipeline (extracted -> queued)."""
        self._conn.execute(
            assets.update()
            .where(self._key(partner_id, asset_id))
            .values(status=status, updated_at=now)
        )

    def fingerprint_candidates(
        self, partner_id: UUID, duration_ms: int, *, tolerance_ms: int = 3000, limit: int = 50
    ) -> list[Asset]:
        """Fingerprinted assets of about the same duration: the only ones worth comparing."""
        return self.where(
            partner_id,
            assets.c.fingerprint.is_not(None),
            assets.c.duration_ms.between(duration_ms - tolerance_ms, duration_ms + tolerance_ms),
            limit=limit,
        )


def _duration_ms(asset: Asset) -> int | None:
    duration = asset.technical.duration_s if asset.technical else None
    return None if duration is None else int(round(duration * 1000))
