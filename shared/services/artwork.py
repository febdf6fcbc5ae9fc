"""A release's front cover as the UI shows it: its facts and a signed URL to look at it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from shared.db.uow import UnitOfWork
from shared.errors import NotFound
from shared.ports import BlobStore


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
