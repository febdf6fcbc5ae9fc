"""GET /api/v1/tracks/{id}/similar: the caller's tracks that sound most like one of theirs; and
GET /api/v1/tracks/{id}/timeline: genre and mood along one of them (issue 18's discovery reads)."""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.bodies import UploadedFile
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.music import MusicalKey
from shared.domain.partners import Role
from shared.domain.similarity import SimilarFilter
from shared.errors import InvalidField
from shared.services.similar import SimilarTrack

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)


def register_similar(spec: ApiSpec, bp: flask.Blueprint) -> None:
    """The similar-tracks route."""
    from shared.api.context import services
    from shared.api.documents import dump

    @spec.operation(
        bp,
        "GET",
        "/api/v1/tracks/<uuid:track_id>/similar",
        summary="Tracks that sound like this one",
        tag="tracks",
        roles=EVERYONE,
        query=s.SimilarQuery,
        response=s.SimilarPage,
        optional_feature=True,
    )
    def similar_tracks(track_id: UUID, query: s.SimilarQuery) -> BaseModel:
        """The partner's live tracks nearest to this one's audio embedding (musicnn), most similar
        first (score: cosine similarity), never the track itself. Filters narrow the neighbours.
        503 where the database has no pgvector; no items before the track is analysed."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "track", track_id)
        found = services().similar.similar(
            partner, track_id, limit=query.limit, where=_where(query)
        )
        return page(found)

    @spec.operation(
        bp,
        "POST",
        "/api/v1/similar",
        summary="Tracks that sound like a reference file (multipart 'file' or the raw body)",
        tag="tracks",
        roles=EVERYONE,
        query=s.SimilarQuery,
        upload="raw",
        response=s.SimilarPage,
        optional_feature=True,
    )
    def similar_to_file(query: s.SimilarQuery, file: UploadedFile | None) -> BaseModel:
        """The reference file is analysed (the local models) and forgotten: it is not added to
        the catalog. 422 when it is not audio or too short or quiet to compare."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        if file is None or not file.data:
            raise InvalidField("file", "post the audio as the body or as multipart 'file'")
        found = services().similar.similar_to_audio(
            partner, file.data, limit=query.limit, where=_where(query)
        )
        return page(found)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/tracks/<uuid:track_id>/timeline",
        summary="Genre and mood scores along the track",
        tag="tracks",
        roles=EVERYONE,
        query=s.TimelineQuery,
        response=s.TimelineOut,
    )
    def track_timeline(track_id: UUID, query: s.TimelineQuery) -> BaseModel:
        """Segments in order, each with the taxonomy's genres and moods and their raw musicnn
        scores (best first): one segment per analysed patch, tiling the track. No segments
        before the track's audio is analysed; 404 for a track the caller cannot see."""
        partner = partner_of(current_principal(), query.partner_id, "track", track_id)
        found = services().timelines.of_track(partner, track_id)
        if found is None:
            return s.TimelineOut(segments=[], model=None, model_version=None)
        return s.TimelineOut(
            segments=[
                s.TimelineSegmentOut.model_validate(segment.to_json()) for segment in found.segments
            ],
            model=found.model,
            model_version=found.model_version,
        )

    def page(found: list[SimilarTrack]) -> s.SimilarPage:
        principal = current_principal()
        return s.SimilarPage(
            items=[
                s.SimilarItem(
                    track=s.TrackOut.model_validate(dump("track", item.track, principal)),
                    score=item.score,
                )
                for item in found
            ]
        )


def _where(query: s.SimilarQuery) -> SimilarFilter:
    return SimilarFilter(
        bpm_min=query.bpm_min,
        bpm_max=query.bpm_max,
        key=str(MusicalKey.parse(query.key)) if query.key else None,
        genre=query.genre,
    )
