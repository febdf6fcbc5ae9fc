"""REST under /api/v1/releases for building a release: create one from tracks, read its
tracklist, add and remove a track, and set every track's disc and number (reorder).

Each write answers the whole tracklist and the change_id that undoes it (POST /changes/{id}/undo).
"""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel, Field

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.context import now, services
from shared.api.documents import dump
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.domain.tracklists import MAX_DISC, MAX_TRACK_NUMBER, TrackPosition
from shared.services.tracklists import Tracklist

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)


class TracklistEntryOut(BaseModel):
    """One track where it sits on the release."""

    track_id: UUID
    disc_number: int | None
    track_number: int | None
    title: str
    version_title: str | None
    display_artist: str | None
    isrc: str | None
    duration_ms: int | None


class TracklistOut(BaseModel):
    """A release's tracks in disc and track order; change_id undoes the edit that made it."""

    release_id: UUID
    tracks: list[TracklistEntryOut]
    change_id: UUID | None = None


class ReleaseFromTracksIn(s.ReleaseCreate):
    """A new release and the tracks it holds, in order (disc 1, numbered from 1)."""

    track_ids: list[UUID] = Field(min_length=1, max_length=500)


class ReleaseBuiltOut(BaseModel):
    """The new release (change_id undoes its creation) and its tracklist."""

    release: s.ReleaseOut
    change_id: UUID
    tracklist: TracklistOut


class TrackOnReleaseIn(s.Strict):
    """A track to add: at the end of its disc, or at track_number (later tracks move down)."""

    track_id: UUID
    disc_number: int = Field(1, ge=1, le=MAX_DISC)
    track_number: int | None = Field(None, ge=1, le=MAX_TRACK_NUMBER)


class TrackPositionIn(s.Strict):
    """Where one track goes."""

    track_id: UUID
    disc_number: int = Field(ge=1, le=MAX_DISC)
    track_number: int = Field(ge=1, le=MAX_TRACK_NUMBER)


class TracklistIn(s.Strict):
    """Every track of the release with its disc and number (none left out, no place twice)."""

    tracks: list[TrackPositionIn] = Field(max_length=2000)


def tracklist_out(tracklist: Tracklist) -> TracklistOut:
    """A tracklist as the API shows it."""
    return TracklistOut(
        release_id=tracklist.release.id,
        change_id=tracklist.change_id,
        tracks=[
            TracklistEntryOut(
                track_id=t.id,
                disc_number=t.disc_number,
                track_number=t.track_number,
                title=t.title,
                version_title=t.version_title,
                display_artist=t.display_artist,
                isrc=str(t.isrc) if t.isrc else None,
                duration_ms=t.duration_ms,
            )
            for t in tracklist.tracks
        ],
    )


def tracklists_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Routes that build releases and their tracklists."""
    bp = flask.Blueprint("tracklists", __name__)
    base = "/api/v1/releases/<uuid:release_id>/tracklist"

    @spec.operation(bp, "POST", "/api/v1/releases/from-tracks", name="create_release_from_tracks",
                    summary="Create a release from tracks", tag="releases", status=201,
                    roles=EVERYONE, query=s.PartnerQuery, body=ReleaseFromTracksIn,
                    response=ReleaseBuiltOut)  # fmt: skip
    def create_release_from_tracks(query: s.PartnerQuery, body: ReleaseFromTracksIn) -> BaseModel:
        """The tracks leave any release they were on; all or nothing."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        values = body.model_dump(mode="json", exclude_unset=True, exclude={"track_ids"})
        built = services().tracklists.create_release(
            partner, values, body.track_ids, actor=principal.actor(), now=now()
        )
        release = s.ReleaseOut.model_validate(dump("release", built.tracklist.release, principal))
        return ReleaseBuiltOut(
            release=release,
            change_id=built.release_change_id,
            tracklist=tracklist_out(built.tracklist),
        )

    @spec.operation(bp, "GET", base, name="get_tracklist", summary="A release's tracklist",
                    tag="releases", roles=EVERYONE, query=s.PartnerQuery,
                    response=TracklistOut)  # fmt: skip
    def get_tracklist(release_id: UUID, query: s.PartnerQuery) -> BaseModel:
        partner = partner_of(current_principal(), query.partner_id, "release", release_id)
        return tracklist_out(services().tracklists.tracklist(partner, release_id))

    @spec.operation(bp, "POST", base, name="add_track_to_release", summary="Add a track",
                    tag="releases", roles=EVERYONE, query=s.PartnerQuery, body=TrackOnReleaseIn,
                    response=TracklistOut)  # fmt: skip
    def add_track(release_id: UUID, query: s.PartnerQuery, body: TrackOnReleaseIn) -> BaseModel:
        """A track on another release moves here (that release's disc closes its gap)."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "release", release_id)
        tracklist = services().tracklists.add_track(
            partner, release_id, body.track_id, disc_number=body.disc_number,
            track_number=body.track_number, actor=principal.actor(), now=now(),
        )  # fmt: skip
        return tracklist_out(tracklist)

    @spec.operation(bp, "DELETE", f"{base}/<uuid:track_id>", name="remove_track_from_release",
                    summary="Remove a track", tag="releases", roles=EVERYONE,
                    query=s.PartnerQuery, response=TracklistOut)  # fmt: skip
    def remove_track(release_id: UUID, track_id: UUID, query: s.PartnerQuery) -> BaseModel:
        """The track stays in the catalog; the tracks after it on its disc move up one."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "release", release_id)
        tracklist = services().tracklists.remove_track(
            partner, release_id, track_id, actor=principal.actor(), now=now()
        )
        return tracklist_out(tracklist)

    @spec.operation(bp, "PUT", base, name="set_tracklist", summary="Set discs and track numbers",
                    tag="releases", roles=EVERYONE, query=s.PartnerQuery, body=TracklistIn,
                    response=TracklistOut)  # fmt: skip
    def set_tracklist(release_id: UUID, query: s.PartnerQuery, body: TracklistIn) -> BaseModel:
        """Every track of the release with its place: how a tracklist is reordered."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id, "release", release_id)
        positions = [TrackPosition(t.track_id, t.disc_number, t.track_number) for t in body.tracks]
        tracklist = services().tracklists.set_positions(
            partner, release_id, positions, actor=principal.actor(), now=now()
        )
        return tracklist_out(tracklist)

    return bp
