"""REST: deliver a release to a store (issue 17, item 4).

POST /api/v1/releases/{id}/deliveries checks the release first: a release with blocking findings
(or no DPIDs configured) is refused with a 422 problem document whose ``findings`` list them,
unless ``force`` is set, as an export is. Otherwise an export job of format ``delivery`` is
queued on the exports topic (the same function, retries and dead-letter topic as every export);
its status and signed download URL are at GET /api/v1/exports/{job_id}, and
GET /api/v1/releases/{id}/deliveries lists the release's packages, newest first.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.batch import ExportJobOut, PartnerScope
from shared.api.context import current_services, now
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.ports import JsonObject
from shared.services.exports import ExportFormat, ExportRequest, PackageLayout

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)


class DeliveryIn(BaseModel):
    """The store (recipient) to deliver to; the settings' DPIDs when left out."""

    model_config = ConfigDict(extra="forbid")

    store: str | None = Field(
        None, max_length=200, description="a store of the DDEX settings, by name (else the default)"
    )
    recipient_dpid: str | None = Field(None, max_length=64, description="the store's DDEX DPID")
    recipient_name: str | None = Field(None, max_length=200)
    sender_dpid: str | None = Field(None, max_length=64)
    sender_name: str | None = Field(None, max_length=200)
    ern_version: Literal["4.3", "3.8.2"] = Field(
        "4.3", description="the message's ERN version: 4.3, or 3.8.2 for stores not moved yet"
    )
    layout: Literal["zip", "folder"] = Field(
        "zip",
        description="zip: one download; folder: also written to the exports bucket as "
        "<batch>/<release>/ (the message and resources/), the layout stores pick up",
    )
    test_message: bool = False
    force: bool = Field(False, description="deliver despite blocking findings (a test delivery)")


class DeliveryListOut(BaseModel):
    """A release's delivery packages, newest first."""

    deliveries: list[ExportJobOut]


def _request(release_id: UUID, body: DeliveryIn) -> ExportRequest:
    return ExportRequest(
        ExportFormat.DELIVERY,
        release_ids=(release_id,),
        ern_versions=(body.ern_version,),
        package_layout=PackageLayout(body.layout),
        test_message=body.test_message,
        sender_dpid=body.sender_dpid or None,
        sender_name=body.sender_name or None,
        recipient_dpid=body.recipient_dpid or None,
        recipient_name=body.recipient_name or None,
        store=body.store or None,
        force=body.force,
    )


def _of_release(doc: JsonObject, release_id: UUID) -> bool:
    request = doc.get("request")
    ids = request.get("release_ids") if isinstance(request, dict) else None
    return doc.get("format") == ExportFormat.DELIVERY.value and ids == [str(release_id)]


def deliveries_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The delivery routes."""
    bp = flask.Blueprint("deliveries", __name__)

    @spec.operation(bp, "POST", "/api/v1/releases/<uuid:release_id>/deliveries",
                    name="deliver_release", summary="Deliver a release to a store: its ERN 4.3 "
                    "(or 3.8.2) message and files as a zip or a folder (422 with the blocking "
                    "findings when it is not deliverable)", tag="releases", roles=_ROLES,
                    query=PartnerScope, body=DeliveryIn, response=ExportJobOut,
                    status=202)  # fmt: skip
    def deliver_release(release_id: UUID, query: PartnerScope, body: DeliveryIn) -> ExportJobOut:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "release", release_id)
        services, request, at = current_services(), _request(release_id, body), now()
        services.validation.refuse_undeliverable(partner, request, now=at)
        doc = services.exports.start(partner, request, principal.actor(), now=at)
        return ExportJobOut.model_validate(doc)

    @spec.operation(bp, "GET", "/api/v1/releases/<uuid:release_id>/deliveries",
                    name="list_release_deliveries", summary="A release's delivery packages",
                    tag="releases", roles=_ROLES, query=PartnerScope,
                    response=DeliveryListOut)  # fmt: skip
    def list_deliveries(release_id: UUID, query: PartnerScope) -> DeliveryListOut:
        partner = partner_of(current_principal(), query.partner_id, "release", release_id)
        services = current_services()
        with services.uow() as uow:
            uow.releases.get(partner, release_id)  # NotFound: another partner's is 404
        jobs = services.exports.jobs.list(str(partner), limit=200)
        return DeliveryListOut(
            deliveries=[ExportJobOut.model_validate(d) for d in jobs if _of_release(d, release_id)]
        )

    return bp
