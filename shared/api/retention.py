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
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.api.auth import current_principal, requires
from shared.domain.partners import Role
from shared.errors import InvalidField


class ExtensionRequest(BaseModel):
    """Body of POST /api/v1/retention/extensions."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1)
    asset_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10_000)
    partner_id: uuid.UUID | None = None  # admins name the partner


def _body() -> ExtensionRequest:
    try:
        return ExtensionRequest.model_validate(flask.request.get_json(silent=True) or {})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "body"
        raise InvalidField(field, error["msg"]) from None


def _partner_arg() -> UUID | None:
    raw = flask.request.args.get("partner_id")
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError:
        raise InvalidField("partner_id", f"{raw!r} is not a UUID") from None


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, datetime) else str(v) if isinstance(v, UUID) else v
        for k, v in row.items()
    }


def retention_blueprint() -> flask.Blueprint:
    """The retention routes."""
    blueprint = flask.Blueprint("retention", __name__, url_prefix="/api/v1/retention")

    @blueprint.get("/pending")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def pending() -> flask.Response:
        from shared.api.context import current_services

        partner_id = current_principal().partner_scope(_partner_arg())
        rows = current_services().retention.pending_deletions(partner_id)
        return flask.jsonify({"items": [_jsonable(row) for row in rows]})

    @blueprint.post("/extensions")
    @requires(Role.ADMIN, Role.LABEL)
    def extend() -> tuple[flask.Response, int]:
        from shared.api.context import current_services

        body = _body()
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
        return flask.jsonify({"items": items}), 200

    return blueprint
