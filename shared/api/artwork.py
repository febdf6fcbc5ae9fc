"""REST: a person replaces a release's front cover (PUT /api/v1/releases/{id}/artwork)."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api.auth import current_principal
from shared.api.bodies import UploadedFile
from shared.api.context import current_services
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.api.stats import ArtworkOut, PartnerScope
from shared.domain.partners import Role
from shared.errors import InvalidField
from shared.services.artwork import replace_artwork

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)


def artwork_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The artwork upload route."""
    bp = flask.Blueprint("artwork", __name__)

    @spec.operation(bp, "PUT", "/api/v1/releases/<uuid:release_id>/artwork",
                    name="replace_release_artwork", summary="Replace a release's front cover",
                    tag="releases", roles=_ROLES, query=PartnerScope, upload="raw",
                    response=ArtworkOut)  # fmt: skip
    def put_artwork(release_id: UUID, query: PartnerScope, file: UploadedFile | None) -> BaseModel:
        """A JPEG or PNG as multipart 'file' or the raw body (up to the API's file limit)."""
        if file is None or not file.data:
            raise InvalidField("file", "send the image as the body or as multipart 'file'")
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "release", release_id)
        services = current_services()
        view = replace_artwork(
            services.uow, services.blobs, partner, release_id, file.data,
            bucket=services.settings.audio_bucket, actor=principal.actor(), now=services.clock(),
            url_ttl_s=services.settings.signed_url_ttl_s,
        )  # fmt: skip
        return ArtworkOut.model_validate(asdict(view))

    return bp
