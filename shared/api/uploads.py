"""Uploads API: start an upload (a signed URL to PUT the file to), watch its status, retry it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.api.auth import current_principal, requires
from shared.api.bodies import parse_json
from shared.domain.partners import Role
from shared.errors import InvalidField


class NewUpload(BaseModel):
    """Body of POST /api/v1/uploads."""

    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=255)
    size_bytes: int = Field(gt=0)
    content_type: str | None = Field(default=None, max_length=200)
    partner_id: UUID | None = None  # admins name the partner; others act for their own


def _body() -> NewUpload:
    from shared.api import current_services

    raw = parse_json(
        flask.request.get_data(cache=True),
        max_depth=current_services().settings.api_max_json_depth,
    )  # the strict reader every API body goes through: a 5,000-digit size is a 422 naming it
    if not isinstance(raw, dict):
        raise InvalidField("body", "send a JSON object")
    try:
        return NewUpload.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "body"
        raise InvalidField(field, error["msg"]) from None


def _scope(requested: UUID | None = None) -> UUID | None:
    """The partner the caller may see: its own; an admin any (None) unless it names one."""
    principal = current_principal()
    if principal.is_admin and requested is None:
        return None
    return principal.partner_scope(requested)


def uploads_blueprint() -> flask.Blueprint:
    """Routes under /api/v1/uploads."""
    from shared.api import current_services

    blueprint = flask.Blueprint("uploads", __name__, url_prefix="/api/v1/uploads")

    @blueprint.post("")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def create_upload() -> tuple[dict[str, Any], int]:
        body = _body()
        partner_id = current_principal().partner_scope(body.partner_id)  # another's: 404
        ticket = current_services().uploads.create_upload(
            partner_id, body.filename, body.size_bytes, body.content_type,
            current_principal().actor(),
        )  # fmt: skip
        return {
            "upload_id": ticket.upload_id,
            "upload_url": ticket.upload_url,
            "method": ticket.method,
            "headers": ticket.headers,
            "expires_at": ticket.expires_at.isoformat(),
        }, 201

    @blueprint.get("")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def list_uploads() -> dict[str, Any]:
        requested = flask.request.args.get("partner_id")
        limit = flask.request.args.get("limit", "50")
        if not limit.isdigit() or not 1 <= int(limit) <= 500:
            raise InvalidField("limit", f"{limit!r} is not a number from 1 to 500")
        partner = _scope(_uuid(requested, "partner_id") if requested else None)
        items = current_services().uploads.recent(partner, limit=int(limit))
        return {"items": items}

    @blueprint.get("/<upload_id>")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def get_upload(upload_id: str) -> dict[str, Any]:
        return current_services().uploads.get(upload_id, _scope())

    @blueprint.post("/<upload_id>/retry")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def retry_upload(upload_id: str) -> tuple[dict[str, Any], int]:
        return current_services().uploads.retry(upload_id, _scope()), 202

    return blueprint


def _uuid(text: str, field: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidField(field, f"{text!r} is not a UUID") from None
