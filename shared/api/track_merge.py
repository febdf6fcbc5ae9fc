"""REST for duplicates (issue 17, item 2): two tracks side by side, and one merged into another.

GET /api/v1/tracks/{a}/compare/{b} shows both tracks field by field (differences flagged, each
value's source, the side a merge keeps by default); POST /api/v1/tracks/{a}/merge with
{other_id, choices} merges the other track into {a} as one undoable change (see
shared/services/track_merge.py). Another partner's track is a 404, the same track twice or an
unknown field a 422, two tracks on different releases a 409; nothing is saved then.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import flask
from pydantic import BaseModel, Field

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.context import now, services
from shared.api.documents import dump
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.errors import InvalidField
from shared.services.track_merge import MERGED_FIELDS

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)
Side = Literal["kept", "other"]


class FieldComparisonOut(BaseModel):
    """One field of both tracks; ``default`` is the side a merge keeps unless told otherwise."""

    field: str
    kept: Any
    other: Any
    kept_source: str | None
    other_source: str | None
    differs: bool
    default: Side


class TrackComparisonOut(BaseModel):
    """Two tracks side by side: {a} (kept by a merge) and {b} (merged into it)."""

    kept: s.TrackOut
    other: s.TrackOut
    kept_has_audio: bool
    other_has_audio: bool
    fields: list[FieldComparisonOut]


class MergeIn(s.Strict):
    """Merge ``other_id`` into this track; ``choices`` says per field whose value to keep."""

    other_id: UUID
    choices: dict[str, Side] = Field(
        default_factory=dict, max_length=len(MERGED_FIELDS), examples=[{"genre": "other"}]
    )


class MergeOut(BaseModel):
    """The merge's change (undo it with POST /api/v1/changes/{change_id}/undo) and the kept
    track as it is now; the other track is deleted (restorable) and names it as merged into."""

    change_id: UUID
    merged_track_id: UUID
    track: s.TrackOut


def track_merge_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Compare and merge routes."""
    bp = flask.Blueprint("track_merge", __name__)

    @spec.operation(bp, "GET", "/api/v1/tracks/<uuid:track_id>/compare/<uuid:other_id>",
                    name="compare_tracks", summary="Two tracks side by side, field by field",
                    tag="tracks", roles=EVERYONE, query=s.PartnerQuery,
                    response=TrackComparisonOut)  # fmt: skip
    def compare_tracks(track_id: UUID, other_id: UUID, query: s.PartnerQuery) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "track", track_id)
        if track_id == other_id:
            raise InvalidField("other_id", "compare a track with another track, not itself")
        kept, other, rows = services().track_merge.compare(partner, track_id, other_id)
        return TrackComparisonOut(
            kept=s.TrackOut.model_validate(dump("track", kept, principal)),
            other=s.TrackOut.model_validate(dump("track", other, principal)),
            kept_has_audio=kept.asset_id is not None,
            other_has_audio=other.asset_id is not None,
            fields=[FieldComparisonOut.model_validate(row, from_attributes=True) for row in rows],
        )

    @spec.operation(bp, "POST", "/api/v1/tracks/<uuid:track_id>/merge", name="merge_tracks",
                    summary="Merge another track into this one (one undoable change)",
                    tag="tracks", roles=EVERYONE, query=s.PartnerQuery, body=MergeIn,
                    response=MergeOut)  # fmt: skip
    def merge_tracks(track_id: UUID, query: s.PartnerQuery, body: MergeIn) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "track", track_id)
        changed = services().track_merge.merge(
            partner, track_id, body.other_id, body.choices, actor=principal.actor(), now=now()
        )
        kept = changed.objects[0]
        return MergeOut(
            change_id=changed.change_id,
            merged_track_id=body.other_id,
            track=s.TrackOut.model_validate(dump("track", kept, principal)),
        )

    return bp
