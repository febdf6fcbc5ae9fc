"""Assets."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from shared.db.repositories.base import CatalogRepository, Row
from shared.db.tables import assets
from shared.domain.assets import Asset, TechnicalFacts


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
