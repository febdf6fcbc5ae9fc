"""Deals."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.db.repositories.base import (
    Row,
    SearchableRepository,
    provenance_from_json,
    provenance_to_json,
)
from shared.db.tables import deals
from shared.domain.deals import Deal


class DealRepository(SearchableRepository[Deal]):
    """Deals of a partner's releases."""

    table = deals
    noun = "deal"

    def to_row(self, obj: Deal) -> dict[str, Any]:
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "release_id": obj.release_id,
            "territories": sorted(obj.territories),
            "excluded_territories": sorted(obj.excluded_territories),
            "commercial_models": sorted(obj.commercial_models),
            "use_types": sorted(obj.use_types),
            "start_date": obj.start_date,
            "end_date": obj.end_date,
            "provenance": provenance_to_json(obj.provenance),
            "preorder_start_date": obj.preorder_start_date,
            "instant_grat_track_ids": sorted(obj.instant_grat_track_ids, key=str),
        }

    def from_row(self, row: Row) -> Deal:
        return Deal(
            id=row["id"],
            partner_id=row["partner_id"],
            release_id=row["release_id"],
            commercial_models=frozenset(row["commercial_models"]),
            use_types=frozenset(row["use_types"]),
            start_date=row["start_date"],
            end_date=row["end_date"],
            territories=frozenset(row["territories"]),
            excluded_territories=frozenset(row["excluded_territories"]),
            provenance=provenance_from_json(row["provenance"]),
            preorder_start_date=row.get("preorder_start_date"),
            instant_grat_track_ids=frozenset(row.get("instant_grat_track_ids") or ()),
        )

    def of_release(self, partner_id: UUID, release_id: UUID) -> list[Deal]:
        """A release's deals."""
        return self.where(partner_id, deals.c.release_id == release_id)
