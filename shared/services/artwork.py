"""Media the UI shows: a release's front cover (facts and a signed URL) and a track's audio."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from shared.domain.media import AUDIO_CONTENT_TYPES
from shared.errors import NotFound
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
