"""Audio retention for partners: what is about to be deleted, and the Enterprise extension.

GET  /api/v1/retention/pending      the partner's audio with a deletion notice, soonest first
POST /api/v1/retention/extensions   {"days": 30, "asset_ids": [...]} (Enterprise; no ids: all
                                    noticed assets) -> the new retention dates
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.context import current_services
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role

BASE = "/api/v1/retention"


class ExtensionRequest(BaseModel):
    """Body of POST /api/v1/retention/extensions."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1)
    asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10_000)
    partner_id: uuid.UUID | None = None  # admins name the partner


class PartnerScope(BaseModel):
    """Admins name the partner; others act for their own."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None


class PendingDeletionsOut(BaseModel):
    """Audio with a deletion notice, soonest first."""

    items: list[dict[str, Any]]


class ExtensionsOut(BaseModel):
    """The new retention dates."""

    items: list[dict[str, str]]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, datetime) else str(v) if isinstance(v, UUID) else v
        for k, v in row.items()
    }


def retention_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The retention routes."""
    bp = flask.Blueprint("retention", __name__)

    @spec.operation(bp, "GET", BASE + "/pending", summary="Audio about to be deleted",
                    tag="retention", roles=(Role.ADMIN, Role.LABEL, Role.API),
                    query=PartnerScope, response=PendingDeletionsOut)  # fmt: skip
    def retention_pending(query: PartnerScope) -> PendingDeletionsOut:
        partner_id = current_principal().partner_scope(query.partner_id)
        rows = current_services().retention.pending_deletions(partner_id)
        return PendingDeletionsOut(items=[_jsonable(dict(row)) for row in rows])

    @spec.operation(bp, "POST", BASE + "/extensions", summary="Extend audio retention "
                    "(Enterprise)", tag="retention", roles=(Role.ADMIN, Role.LABEL),
                    body=ExtensionRequest, response=ExtensionsOut)  # fmt: skip
    def extend_retention(body: ExtensionRequest) -> ExtensionsOut:
        principal = current_principal()
        partner_id = principal.partner_scope(body.partner_id)
        done = current_services().retention.extend(
            partner_id,
            days=body.days,
            asset_ids=body.asset_ids,
            now=current_services().clock(),
            actor=principal.actor(),
        )
        items = [
            {"asset_id": str(e.asset_id), "retain_until": e.retain_until.isoformat()} for e in done
        ]
        return ExtensionsOut(items=items)

    return bp
