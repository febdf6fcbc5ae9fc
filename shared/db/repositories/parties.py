"""Parties."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import (
    Row,
    SearchableRepository,
    provenance_from_json,
    provenance_to_json,
)
from shared.db.tables import parties, track_contributors
from shared.domain.identifiers import Dpid, IpiBaseNumber, IpiNameNumber, Isni
from shared.domain.parties import Party, PartyKind


class PartyRepository(SearchableRepository[Party]):
    """People and companies of a partner's catalog."""

    table = parties
    noun = "party"

    def _touch(self, obj: Party) -> None:
        self._touch_id(obj.partner_id, obj.id)

    def _touch_id(self, partner_id: UUID, obj_id: UUID) -> None:
        """A party's name shows in the credits of its tracks: their cached forms go too."""
        credited = self._conn.execute(
            sa.select(track_contributors.c.track_id)
            .distinct()
            .where(
                track_contributors.c.partner_id == partner_id,
                track_contributors.c.party_id == obj_id,
            )
        ).scalars()
        self._touched.tracks_of(partner_id, ((track_id, None) for track_id in credited))

    def to_row(self, obj: Party) -> dict[str, Any]:
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "name": obj.name,
            "kind": obj.kind.value,
            "isni": str(obj.isni) if obj.isni else None,
            "ipi_name_number": str(obj.ipi_name_number) if obj.ipi_name_number else None,
            "ipi_base_number": str(obj.ipi_base_number) if obj.ipi_base_number else None,
            "dpid": str(obj.dpid) if obj.dpid else None,
            "provenance": provenance_to_json(obj.provenance),
        }

    def from_row(self, row: Row) -> Party:
        return Party(
            id=row["id"],
            partner_id=row["partner_id"],
            name=row["name"],
            kind=PartyKind(row["kind"]),
            isni=Isni(row["isni"]) if row["isni"] else None,
            ipi_name_number=IpiNameNumber(row["ipi_name_number"])
            if row["ipi_name_number"]
            else None,
            ipi_base_number=IpiBaseNumber(row["ipi_base_number"])
            if row["ipi_base_number"]
            else None,
            dpid=Dpid(row["dpid"]) if row["dpid"] else None,
            provenance=provenance_from_json(row["provenance"]),
        )

    def find_by_name(self, partner_id: Any, name: str) -> Party | None:
        """The partner's party with exactly this name (case-insensitive), if any."""
        found = self.where(
            partner_id, sa.func.lower(parties.c.name) == name.strip().lower(), limit=1
        )
        return found[0] if found else None
