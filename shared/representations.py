"""How a track is shown: the body of GET /api/v1/tracks/{id}, also what the read cache stores.

The API serves it and the cache warmer (a scheduled function) writes it, so it lives beside both
rather than in the API layer; shared/api/schemas.py re-exports the models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from shared.domain.provenance import Source
from shared.domain.recordings import SoundRecording
from shared.services.catalog_fields import KINDS


class ContributorOut(BaseModel):
    """A credit as stored, with the party's name."""

    party_id: UUID
    name: str
    role: str
    sequence: int
    share: float | None


class MasterSplitOut(BaseModel):
    """A rights holder's percentage of the master recording."""

    party_id: UUID
    name: str
    share: float


class ProvenanceOut(BaseModel):
    """Where a field's value came from."""

    source: Source
    at: datetime
    actor: str | None = None
    model: str | None = None
    model_version: str | None = None
    confidence: float | None = None
    detail: str | None = None


class TrackOut(BaseModel):
    """A track."""

    id: UUID
    partner_id: UUID
    title: str
    version_title: str | None
    display_artist: str | None
    isrc: str | None
    duration_ms: int | None
    genre: str | None
    sub_genre: str | None
    moods: list[str]
    bpm: float | None
    key: str | None
    explicit: bool | None
    language: str | None
    p_line: dict[str, Any] | None
    disc_number: int | None
    track_number: int | None
    status: str
    release_id: UUID | None
    work_id: UUID | None
    contributors: list[ContributorOut]
    provenance: dict[str, ProvenanceOut]
    vocals: Literal["vocal", "instrumental"] | None = None
    vocal_gender: Literal["female", "male", "mixed"] | None = None
    preview_start_s: float | None = None
    master_splits: list[MasterSplitOut] = []
    era_hint: Literal["1960s", "1970s", "1980s", "1990s", "2000s"] | None = Field(
        None, description="the decade the audio sounds like: an AI suggestion, never a date"
    )


def catalog_body(kind_name: str, obj: Any) -> dict[str, Any]:
    """A catalog object as the API shows it, before any trimming to the caller's territories."""
    kind = KINDS[kind_name]
    body = {"id": obj.id, "partner_id": obj.partner_id}
    body.update({name: spec.dump(getattr(obj, spec.attr)) for name, spec in kind.fields.items()})
    body["provenance"] = {name: p.to_json() for name, p in obj.provenance.items()}
    return body


def track_json(track: SoundRecording) -> bytes:
    """GET /api/v1/tracks/{id}'s body (a track's form does not depend on who asks)."""
    return TrackOut.model_validate(catalog_body("track", track)).model_dump_json().encode()
