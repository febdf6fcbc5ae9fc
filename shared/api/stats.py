"""Read-only views the web UI needs beside the catalog API: the dashboard's numbers
(GET /api/v1/stats/dashboard), a release's artwork facts (GET /api/v1/releases/{id}/artwork)
and a signed URL of a track's audio for the waveform (GET /api/v1/tracks/{id}/audio)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.context import current_services
from shared.api.openapi import ApiSpec
from shared.domain.dashboard import (
    CatalogCounts,
    ConfidenceBucket,
    DashboardStats,
    PriorityTimings,
    ValidationCounts,
)
from shared.domain.partners import Role
from shared.services.artwork import artwork_of, audio_of
from shared.services.dashboard import DashboardService

DEFAULT_DAYS = 7
_ROLES = (Role.ADMIN, Role.LABEL, Role.API)


class PartnerScope(BaseModel):
    """Admins name the partner; others act for their own."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None


class DashboardQuery(PartnerScope):
    """The window the charts cover."""

    days: int = Field(DEFAULT_DAYS, ge=1, description="1..DASHBOARD_MAX_DAYS")


class TopicCount(BaseModel):
    """Open dead letters of one topic."""

    topic: str
    count: int


class DeadLettersOut(BaseModel):
    """Open dead letters: how many, the oldest's age, per topic."""

    open: int
    oldest_age_s: float
    by_topic: list[TopicCount]


class DashboardOut(BaseModel):
    """The dashboard's numbers (see GET /api/v1/stats/dashboard in the README)."""

    window_days: int
    counts: CatalogCounts
    confidence_histogram: list[ConfidenceBucket]
    processing_times: list[PriorityTimings]
    dead_letters: DeadLettersOut
    validation: ValidationCounts


class ArtworkOut(BaseModel):
    """A release's cover: facts read from the image and a signed URL."""

    mime_type: str
    width: int
    height: int
    size_bytes: int
    url: str


class AudioOut(BaseModel):
    """A signed URL of a track's audio."""

    url: str
    expires_s: int
    content_type: str | None


def stats_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The dashboard statistics, artwork and audio routes."""
    bp = flask.Blueprint("stats", __name__)

    @spec.operation(bp, "GET", "/api/v1/stats/dashboard", summary="The dashboard's numbers",
                    tag="stats", roles=_ROLES, query=DashboardQuery,
                    response=DashboardOut)  # fmt: skip
    def dashboard(query: DashboardQuery) -> DashboardOut:
        services = current_services()
        partner_id = current_principal().partner_scope(query.partner_id)
        service = DashboardService(
            services.uow, services.analytics, max_days=services.settings.dashboard_max_days
        )
        stats = service.dashboard(partner_id, days=query.days, now=services.clock())
        return DashboardOut.model_validate(dashboard_json(stats))

    @spec.operation(bp, "GET", "/api/v1/releases/<uuid:release_id>/artwork",
                    summary="A release's cover facts and signed URL", tag="stats", roles=_ROLES,
                    query=PartnerScope, response=ArtworkOut)  # fmt: skip
    def release_artwork(release_id: UUID, query: PartnerScope) -> ArtworkOut:
        services = current_services()
        partner_id = current_principal().partner_scope(query.partner_id)
        view = artwork_of(
            services.uow, services.blobs, partner_id, release_id,
            url_ttl_s=services.settings.signed_url_ttl_s,
        )  # fmt: skip
        return ArtworkOut.model_validate(asdict(view))

    @spec.operation(bp, "GET", "/api/v1/tracks/<uuid:track_id>/audio",
                    summary="A signed URL of a track's audio", tag="stats", roles=_ROLES,
                    query=PartnerScope, response=AudioOut)  # fmt: skip
    def track_audio(track_id: UUID, query: PartnerScope) -> AudioOut:
        services = current_services()
        partner_id = current_principal().partner_scope(query.partner_id)
        settings = services.settings
        view = audio_of(
            services.uow, services.blobs, partner_id, track_id,
            audio_bucket=settings.audio_bucket, url_ttl_s=settings.signed_url_ttl_s,
        )  # fmt: skip
        return AudioOut.model_validate(asdict(view))

    return bp


def dashboard_json(stats: DashboardStats) -> dict[str, Any]:
    """The response body (the UI's Zod schema in web/src/features/dashboard mirrors it)."""
    body = asdict(stats)
    body["dead_letters"]["by_topic"] = [
        {"topic": topic, "count": count} for topic, count in stats.dead_letters.by_topic
    ]
    return body
