"""Duplicates ingest finds: an ISRC already in the catalog gives a merge proposal a person
decides on; nothing is merged or dropped silently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field where the existing and the incoming track disagree."""

    field: str
    existing: Any
    incoming: Any


@dataclass(frozen=True, slots=True)
class MergeProposal:
    """Merge ``incoming_track_id`` into ``existing_track_id`` (they share an ISRC)."""

    id: UUID
    partner_id: UUID
    existing_track_id: UUID
    incoming_track_id: UUID
    created_at: datetime
    reason: str = "same_isrc"
    isrc: str | None = None
    incoming_asset_id: UUID | None = None
    upload_id: str | None = None
    differences: tuple[FieldDifference, ...] = ()
    status: str = "open"  # open, merged, rejected
