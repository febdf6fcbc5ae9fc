"""Merge proposals (migration 0300)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import Row
from shared.db.tables import merge_proposals
from shared.domain.duplicates import FieldDifference, MergeProposal


class MergeProposalRepository:
    """Proposals to merge two tracks of one partner."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, proposal: MergeProposal) -> None:
        """Record a new proposal."""
        self._conn.execute(sa.insert(merge_proposals).values(**_row(proposal)))

    def open_for_partner(self, partner_id: UUID, *, limit: int = 200) -> list[MergeProposal]:
        """Undecided proposals, oldest first."""
        rows = self._conn.execute(
            sa.select(merge_proposals)
            .where(merge_proposals.c.partner_id == partner_id, merge_proposals.c.status == "open")
            .order_by(merge_proposals.c.created_at)
            .limit(limit)
        ).mappings()
        return [_proposal(row) for row in rows]


def _row(proposal: MergeProposal) -> dict[str, Any]:
    return {
        "partner_id": proposal.partner_id,
        "id": proposal.id,
        "reason": proposal.reason,
        "isrc": proposal.isrc,
        "existing_track_id": proposal.existing_track_id,
        "incoming_track_id": proposal.incoming_track_id,
        "incoming_asset_id": proposal.incoming_asset_id,
        "upload_id": proposal.upload_id,
        "differences": [
            {"field": d.field, "existing": d.existing, "incoming": d.incoming}
            for d in proposal.differences
        ],
        "status": proposal.status,
        "created_at": proposal.created_at,
    }


def _proposal(row: Row) -> MergeProposal:
    return MergeProposal(
        id=row["id"],
        partner_id=row["partner_id"],
        existing_track_id=row["existing_track_id"],
        incoming_track_id=row["incoming_track_id"],
        created_at=row["created_at"],
        reason=row["reason"],
        isrc=row["isrc"],
        incoming_asset_id=row["incoming_asset_id"],
        upload_id=row["upload_id"],
        differences=tuple(FieldDifference(**d) for d in row["differences"]),
        status=row["status"],
    )
