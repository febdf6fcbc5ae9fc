"""Media the UI shows: a release's front cover (facts and a signed URL) and a track's audio;
and a person replacing a release's cover."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, FieldChange, RetentionClass
from shared.domain.media import AUDIO_CONTENT_TYPES
from shared.domain.provenance import Provenance, Source
from shared.domain.releases import Artwork, Release
from shared.errors import NotFound
from shared.media.images import COVER_EXTENSIONS, read_cover
from shared.ports import BlobStore
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ArtworkView:
    """What the artwork spec check needs, and where to fetch the image."""

    mime_type: str
    width: int
    height: int
    size_bytes: int
    url: str


def artwork_of(
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    partner_id: UUID,
    release_id: UUID,
    *,
    url_ttl_s: int,
) -> ArtworkView:
    """The release's artwork; NotFound when the release is missing or has none."""
    with uow() as work:
        release = work.releases.get(partner_id, release_id)
    artwork = release.artwork
    if artwork is None:
        raise NotFound(f"release {release_id} has no artwork")
    url = blobs.signed_url(artwork.bucket, artwork.object_name, method="GET", expires_s=url_ttl_s)
    return ArtworkView(artwork.mime_type, artwork.width, artwork.height, artwork.size_bytes, url)


def replace_artwork(
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    partner_id: UUID,
    release_id: UUID,
    data: bytes,
    *,
    bucket: str,
    actor: Actor,
    now: datetime,
    url_ttl_s: int,
) -> ArtworkView:
    """Store ``data`` as the release's front cover (a person's value, audited).

    Any JPEG or PNG is kept: the store spec (square, 3000 px) is the delivery checks' to judge,
    and the UI shows it before saving. Refused: not an image, or a release not the partner's."""
    facts = read_cover(data)
    with uow() as work:
        release = work.releases.get(partner_id, release_id)
    name = f"{partner_id}/artwork/{release_id}-{uuid.uuid4().hex[:12]}"
    name += COVER_EXTENSIONS[facts.mime_type]  # a new name each time: no cached old cover
    blobs.write(bucket, name, data, content_type=facts.mime_type)
    artwork = Artwork(bucket, name, facts.mime_type, facts.width, facts.height, facts.size_bytes)
    with uow() as work:
        release = work.releases.get(partner_id, release_id)
        provenance = {**release.provenance, "artwork": Provenance(Source.HUMAN, now, actor.id)}
        updated = replace(release, artwork=artwork, provenance=provenance)
        work.releases.save_many([updated], now=now, columns={"artwork", "provenance"})
        work.changes.append_events([_artwork_event(release, updated, actor, now)])
    url = blobs.signed_url(bucket, name, method="GET", expires_s=url_ttl_s)
    return ArtworkView(facts.mime_type, facts.width, facts.height, facts.size_bytes, url)


def _artwork_event(before: Release, after: Release, actor: Actor, now: datetime) -> AuditEvent:
    def described(release: Release) -> str | None:
        art = release.artwork
        return None if art is None else f"{art.object_name} ({art.width}x{art.height})"

    return AuditEvent(
        uuid.uuid4(), now, "release.artwork", actor, RetentionClass.DDEX, after.partner_id,
        "release", after.id, None, (FieldChange("artwork", described(before), described(after)),),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AudioView:
    """Where the browser fetches a track's audio for the waveform and playback."""

    url: str
    expires_s: int
    content_type: str | None


def audio_of(
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    partner_id: UUID,
    track_id: UUID,
    *,
    audio_bucket: str,
    url_ttl_s: int,
) -> AudioView:
    """A signed URL of the track's kept audio (the upload itself until the copy exists)."""
    with uow() as work:
        track = work.tracks.get(partner_id, track_id)
        if track.asset_id is None:
            raise NotFound(f"track {track_id} has no audio")
        asset = work.assets.get(partner_id, track.asset_id)
    bucket, name = (
        (audio_bucket, asset.audio_object)
        if asset.audio_object
        else (asset.bucket, asset.object_name)
    )
    url = blobs.signed_url(bucket, name, method="GET", expires_s=url_ttl_s)
    content_type = AUDIO_CONTENT_TYPES.get((asset.format or "").lower())  # sniffed, not named
    return AudioView(url, url_ttl_s, content_type)
