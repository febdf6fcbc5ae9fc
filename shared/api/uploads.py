"""Uploads API: start an upload (a signed URL to PUT the file to), watch its status, retry it.

Status documents are served through ``UploadStatus``, the model their one writer keeps to.
"""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.domain.status import UploadStatus

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)
BASE = "/api/v1/uploads"


class NewUpload(BaseModel):
    """Body of POST /api/v1/uploads."""

    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=255)
    size_bytes: int = Field(gt=0)
    content_type: str | None = Field(default=None, max_length=200)
    partner_id: UUID | None = None  # admins name the partner; others act for their own


class UploadListQuery(BaseModel):
    """Most recent uploads first; admins may name the partner."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None
    limit: int = Field(50, ge=1, le=500)


class UploadTicketOut(BaseModel):
    """Where to send the file: PUT it to ``upload_url`` with ``headers`` before ``expires_at``."""

    upload_id: str
    upload_url: str
    method: str
    headers: dict[str, str]
    expires_at: str


class UploadListOut(BaseModel):
    """Recent uploads."""

    items: list[UploadStatus]


def _scope(requested: UUID | None = None) -> UUID | None:
    """The partner the caller may see: its own; an admin any (None) unless it names one."""
    principal = current_principal()
    if principal.is_admin and requested is None:
        return None
    return principal.partner_scope(requested)


def uploads_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Routes under /api/v1/uploads."""
    from shared.api.context import current_services

    bp = flask.Blueprint("uploads", __name__)

    @spec.operation(bp, "POST", BASE, summary="Start an upload: a signed URL to PUT the file to",
                    tag="uploads", roles=_ROLES, body=NewUpload, response=UploadTicketOut,
                    status=201)  # fmt: skip
    def create_upload(body: NewUpload) -> UploadTicketOut:
        partner_id = current_principal().partner_scope(body.partner_id)  # another's: 404
        ticket = current_services().uploads.create_upload(
            partner_id, body.filename, body.size_bytes, body.content_type,
            current_principal().actor(),
        )  # fmt: skip
        return UploadTicketOut(
            upload_id=ticket.upload_id,
            upload_url=ticket.upload_url,
            method=ticket.method,
            headers=ticket.headers,
            expires_at=ticket.expires_at.isoformat(),
        )

    @spec.operation(bp, "GET", BASE, summary="Recent uploads and their pipeline status",
                    tag="uploads", roles=_ROLES, query=UploadListQuery,
                    response=UploadListOut)  # fmt: skip
    def list_uploads(query: UploadListQuery) -> UploadListOut:
        items = current_services().uploads.recent(_scope(query.partner_id), limit=query.limit)
        return UploadListOut(items=items)

    @spec.operation(bp, "GET", BASE + "/<upload_id>", summary="One upload's live status",
                    tag="uploads", roles=_ROLES, response=UploadStatus)  # fmt: skip
    def get_upload(upload_id: str) -> UploadStatus:
        return current_services().uploads.get(upload_id, _scope())

    @spec.operation(bp, "POST", BASE + "/<upload_id>/retry", summary="Run a failed upload again",
                    tag="uploads", roles=_ROLES, response=UploadStatus, status=202)  # fmt: skip
    def retry_upload(upload_id: str) -> UploadStatus:
        return current_services().uploads.retry(upload_id, _scope())

    return bp
