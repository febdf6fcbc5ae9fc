"""Read-only views the web UI needs beside the catalog API: the dashboard's numbers
(GET /api/v1/stats/dashboard), a release's artwork facts (GET /api/v1/releases/{id}/artwork)
and a signed URL of a track's audio for the waveform (GET /api/v1/tracks/{id}/audio)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

import flask

from shared.api.auth import current_principal, requires
from shared.domain.dashboard import DashboardStats
from shared.domain.partners import Role
from shared.errors import InvalidField
from shared.services.artwork import artwork_of, audio_of
from shared.services.dashboard import DashboardService

DEFAULT_DAYS = 7


def stats_blueprint() -> flask.Blueprint:
    """The dashboard statistics endpoint."""
    blueprint = flask.Blueprint("stats", __name__)

    @blueprint.get("/api/v1/stats/dashboard")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def dashboard() -> flask.Response:
        from shared.api.context import current_services

        services = current_services()
        partner_id = current_principal().partner_scope(_partner_arg())
        service = DashboardService(
            services.uow, services.analytics, max_days=services.settings.dashboard_max_days
        )
        stats = service.dashboard(partner_id, days=_days_arg(), now=services.clock())
        return flask.jsonify(dashboard_json(stats))

    @blueprint.get("/api/v1/releases/<uuid:release_id>/artwork")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def artwork(release_id: UUID) -> flask.Response:
        from shared.api.context import current_services

        services = current_services()
        partner_id = current_principal().partner_scope(_partner_arg())
        view = artwork_of(
            services.uow, services.blobs, partner_id, release_id,
            url_ttl_s=services.settings.signed_url_ttl_s,
        )  # fmt: skip
        return flask.jsonify(asdict(view))

    @blueprint.get("/api/v1/tracks/<uuid:track_id>/audio")
    @requires(Role.ADMIN, Role.LABEL, Role.API)
    def audio(track_id: UUID) -> flask.Response:
        from shared.api.context import current_services

        services = current_services()
        partner_id = current_principal().partner_scope(_partner_arg())
        settings = services.settings
        view = audio_of(
            services.uow, services.blobs, partner_id, track_id,
            audio_bucket=settings.audio_bucket, url_ttl_s=settings.signed_url_ttl_s,
        )  # fmt: skip
        return flask.jsonify(asdict(view))

    return blueprint


def _days_arg() -> int:
    raw = flask.request.args.get("days", str(DEFAULT_DAYS))
    if not raw.isdigit():
        raise InvalidField("days", f"{raw!r} is not a whole number of days")
    return int(raw)


def _partner_arg() -> UUID | None:
    raw = flask.request.args.get("partner_id")
    if raw is None:
        return None
    try:
        return UUID(raw)
    except ValueError:
        raise InvalidField("partner_id", f"{raw!r} is not a UUID") from None


def dashboard_json(stats: DashboardStats) -> dict[str, Any]:
    """The response body (the UI's Zod schema in web/src/features/dashboard mirrors it)."""
    body = asdict(stats)
    body["dead_letters"]["by_topic"] = [
        {"topic": topic, "count": count} for topic, count in stats.dead_letters.by_topic
    ]
    return body
