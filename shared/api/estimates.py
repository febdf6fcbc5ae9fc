"""A track's AI estimates: read them, accept one (the value becomes a person's), reject one."""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.kinds import API_KINDS, partner_of
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.domain.records import StoredEstimate
from shared.services.catalog import REVIEWABLE_FIELDS

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)
_TRACK = "/api/v1/tracks/<uuid:track_id>/estimates"


def register_estimates(spec: ApiSpec, bp: flask.Blueprint) -> None:
    """GET estimates, POST accept / reject."""
    from shared.api.context import now, services
    from shared.api.documents import dump

    track_changed = API_KINDS[0].changed

    @spec.operation(
        bp,
        "GET",
        _TRACK,
        summary="A track's AI estimates",
        tag="tracks",
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=s.EstimateList,
    )
    def list_estimates(track_id: UUID, query: s.PartnerQuery) -> BaseModel:
        """Every estimate with its model, version and confidence; BPM half / double
        alternatives are estimates of the field bpm too."""
        partner = partner_of(current_principal(), query.partner_id, "track", track_id)
        rows = services().catalog.estimates(partner, track_id)
        return s.EstimateList(items=[estimate_out(row) for row in rows])

    def review(
        track_id: UUID, estimate_id: UUID, partner_id: UUID | None, accept: bool
    ) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, partner_id, "track", track_id)
        changed = services().catalog.review_estimate(
            partner, track_id, estimate_id, accept=accept, actor=principal.actor(), now=now()
        )
        body = dump("track", changed.objects[0], principal)
        return track_changed.model_validate({**body, "change_id": changed.change_id})

    @spec.operation(
        bp,
        "POST",
        f"{_TRACK}/<uuid:estimate_id>/accept",
        summary="Accept an AI estimate",
        tag="tracks",
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=track_changed,
    )
    def accept_estimate(track_id: UUID, estimate_id: UUID, query: s.PartnerQuery) -> BaseModel:
        """The estimate's value becomes the track's, with a person's (human) provenance that
        still names the model, its version and confidence."""
        return review(track_id, estimate_id, query.partner_id, True)

    @spec.operation(
        bp,
        "POST",
        f"{_TRACK}/<uuid:estimate_id>/reject",
        summary="Reject an AI estimate",
        tag="tracks",
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=track_changed,
    )
    def reject_estimate(track_id: UUID, estimate_id: UUID, query: s.PartnerQuery) -> BaseModel:
        """Mark the estimate rejected; the track keeps its value."""
        return review(track_id, estimate_id, query.partner_id, False)


def estimate_out(stored: StoredEstimate) -> s.EstimateOut:
    """A stored estimate as the API shows it."""
    estimate = stored.estimate
    return s.EstimateOut(
        id=stored.id,
        track_id=stored.track_id,
        field=estimate.field,
        value=estimate.value,
        confidence=estimate.confidence,
        model=estimate.model,
        model_version=estimate.model_version,
        arm=stored.arm,
        applied=stored.applied,
        review=stored.review,
        reviewed_at=stored.reviewed_at,
        created_at=stored.created_at,
        reviewable=estimate.field in REVIEWABLE_FIELDS,
    )
