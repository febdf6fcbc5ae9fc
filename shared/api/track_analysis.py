"""GET /api/v1/tracks/{id}/analysis and POST /api/v1/tracks/{id}/reanalyse: a failed analysis
shows on the track page with its reason, and a person can queue it again (issue 17)."""

from __future__ import annotations

from uuid import UUID

import flask

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.domain.track_analysis import TrackAnalysis

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)
_TRACK = "/api/v1/tracks/<uuid:track_id>"


def register_track_analysis(spec: ApiSpec, bp: flask.Blueprint) -> None:
    """The analysis state and the re-analyse action of one track."""
    from shared.api.context import services

    @spec.operation(
        bp,
        "GET",
        f"{_TRACK}/analysis",
        summary="Where a track's analysis stands",
        tag="tracks",
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=s.TrackAnalysisOut,
    )
    def track_analysis(track_id: UUID, query: s.PartnerQuery) -> s.TrackAnalysisOut:
        """Queued, running, analysed or failed, with the failure's code and message."""
        partner = partner_of(current_principal(), query.partner_id, "track", track_id)
        return analysis_out(services().track_analyses.status(partner, track_id))

    @spec.operation(
        bp,
        "POST",
        f"{_TRACK}/reanalyse",
        summary="Analyse a track's audio again",
        tag="tracks",
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=s.TrackAnalysisOut,
        status=202,
    )
    def reanalyse_track(track_id: UUID, query: s.PartnerQuery) -> s.TrackAnalysisOut:
        """Queue the audio on the partner's analysis topic, as an upload does; 409 while an
        analysis is queued or running, 422 for a track without audio."""
        partner = partner_of(current_principal(), query.partner_id, "track", track_id)
        return analysis_out(services().track_analyses.reanalyse(partner, track_id))


def analysis_out(analysis: TrackAnalysis) -> s.TrackAnalysisOut:
    """The API's form of a track's analysis state."""
    error = analysis.error
    return s.TrackAnalysisOut(
        state=analysis.state,
        attempts=analysis.attempts,
        error=s.AnalysisErrorOut(code=error.code, message=error.message) if error else None,
        updated_at=analysis.updated_at,
    )
