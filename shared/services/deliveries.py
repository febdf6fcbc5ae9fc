"""Delivery packages (issue 17, item 4): one release for one store, as a zip or a folder.

The package holds the NewReleaseMessage (ERN 4.3, or 3.8.2 for stores that have not moved) and
every file it references, in one folder named for the release (its UPC, else its id):

    <release>/<release>.xml
    <release>/resources/<release>_01_001.flac     disc 1, track 1 (the kept audio, as it is)
    <release>/resources/<release>_cover.jpg       the front cover

Each file's URI (relative to the message), MD5 and size (FileSize, in kilobytes as ERN 4.3
says) are written in its resource's TechnicalDetails; ERN 3.8.2 writes FileName, FilePath and
the same MD5 (it has no FileSize). As a folder (``unpack_to_folder``) the package goes into the
exports bucket under ``<batch>/<release>/``, the layout stores' SFTP drop boxes expect.
Files are streamed from the store into the zip and hashed as they go, so memory stays flat for
any album. A file that cannot be found is a
blocking finding: the export service refuses such a package unless forced, as it does for a
DDEX export's findings.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from shared.domain.bundles import ReleaseBundle
from shared.domain.delivery_checks import ImageFacts, check_delivery
from shared.domain.findings import Finding, Layer, Severity, Target
from shared.ern.model import Envelope, PackagedFile, build_messages, thread_id
from shared.ern.validation import ErnValidator
from shared.errors import NotFound
from shared.ports import BlobStore

CHUNK_BYTES = 1024 * 1024
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to put in the package: whose it is, where it is stored, its name in the package."""

    owner: str  # "track:<id>" or "artwork"
    bucket: str
    name: str
    package_name: str  # relative to the message: resources/...


@dataclass
class Package:
    """What went into one package."""

    folder: str
    message_name: str
    files: list[PackagedFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def image_facts(stream: BinaryIO) -> ImageFacts | None:
    """Format, size and colour mode from an image's header (Pillow reads only the header)."""
    try:
        with Image.open(stream) as image:
            return ImageFacts(str(image.format), image.width, image.height, image.mode)
    except (UnidentifiedImageError, OSError):
        return None


def source_files(bundle: ReleaseBundle, audio_bucket: str) -> Iterator[SourceFile]:
    """Each track's audio (the kept copy, else the upload) and the cover; a track with no audio
    is skipped here (check_delivery's blocking ``audio.missing`` names it)."""
    key = thread_id(bundle)
    for index, track in enumerate(bundle.ordered_tracks(), start=1):
        asset = bundle.asset(track.asset_id)
        if asset is None:  # the delivery checks' audio.missing says so, once
            continue
        bucket, name = (
            (audio_bucket, asset.audio_object)
            if asset.audio_object
            else (asset.bucket, asset.object_name)
        )
        extension = posixpath.splitext(name)[1].lower() or f".{asset.format or 'audio'}"
        number = f"{track.disc_number or 1:02d}_{track.track_number or index:03d}"
        yield SourceFile(f"track:{track.id}", bucket, name, f"resources/{key}_{number}{extension}")
    artwork = bundle.release.artwork
    if artwork is not None:
        extension = _EXTENSIONS.get(artwork.mime_type) or posixpath.splitext(artwork.object_name)[1]
        yield SourceFile(
            "artwork", artwork.bucket, artwork.object_name, f"resources/{key}_cover{extension}"
        )


def write_package(
    archive: zipfile.ZipFile,
    bundle: ReleaseBundle,
    envelope: Envelope,
    *,
    blobs: BlobStore,
    audio_bucket: str,
    validator: ErnValidator,
    ern_version: str = "4.3",
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> Package:
    """Copy the files into ``archive``, then the message naming them; the package's findings are
    the message's (XSD, AVS, business rules), the delivery checks' and any missing file."""
    key = thread_id(bundle)
    package = Package(key, f"{key}/{key}.xml")
    artwork: ImageFacts | None = None
    items = list(source_files(bundle, audio_bucket))
    for done, item in enumerate(items, start=1):
        on_progress(done - 1, len(items) + 1)
        try:
            packaged = _copy(archive, blobs, item, f"{key}/{item.package_name}")
        except NotFound:
            package.findings.append(missing_bytes(item, bundle))
            continue
        package.files.append(packaged)
        if item.owner == "artwork":
            with blobs.open_read(item.bucket, item.name) as stream:
                artwork = image_facts(stream)
    with_files = replace(envelope, files=tuple(package.files))
    message = build_messages(bundle, with_files, (ern_version,))[0]
    archive.writestr(package.message_name, message.xml)
    package.findings += validator.validate_bytes(message.xml).findings
    package.findings += check_delivery(bundle, artwork)
    on_progress(len(items) + 1, len(items) + 1)
    return package


def batch_id(now: datetime) -> str:
    """A delivery batch's folder name: the time to the millisecond, YYYYMMDDhhmmssnnn (the
    DDEX choreography's batch naming), so batches sort by when they were made."""
    return now.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")[:17]


def unpack_to_folder(
    archive: zipfile.ZipFile, blobs: BlobStore, bucket: str, prefix: str
) -> list[str]:
    """Write each file of a finished package zip as its own object under ``prefix`` (which ends
    with the batch folder); on any failure the objects written so far are deleted again, so a
    store never picks up half a package. Returns the object names."""
    written: list[str] = []
    try:
        for member in archive.infolist():
            if member.is_dir():
                continue
            name = f"{prefix}/{member.filename}"
            with archive.open(member) as source:
                blobs.write(bucket, name, source, content_type=_content_type(member.filename))
            written.append(name)
    except Exception:
        for name in written:
            blobs.delete(bucket, name)
        raise
    return written


def _content_type(path: str) -> str:
    extension = posixpath.splitext(path)[1].lower()
    return {
        ".xml": "application/xml",
        ".flac": "audio/flac",
        ".wav": "audio/wav",
        ".mp3": "audio/mpeg",
        ".jpg": "image/jpeg",
        ".png": "image/png",
    }.get(extension, "application/octet-stream")


def _copy(archive: zipfile.ZipFile, blobs: BlobStore, item: SourceFile, path: str) -> PackagedFile:
    """Stream one stored file into the zip, hashing it on the way."""
    digest = hashlib.md5(usedforsecurity=False)
    size = 0
    with (
        blobs.open_read(item.bucket, item.name) as source,
        archive.open(_stored(path), "w", force_zip64=True) as target,
    ):
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return PackagedFile(item.owner, item.package_name, size, digest.hexdigest())


def _stored(path: str) -> zipfile.ZipInfo:
    """Audio and images are compressed already: stored as they are (deflating them costs CPU
    and saves next to nothing); the message is deflated."""
    info = zipfile.ZipInfo(path)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16  # rw-r--r-- once unzipped
    return info


def _missing(message: str, entity: str, entity_id: object) -> Finding:
    return Finding(
        Layer.DELIVERY,
        Severity.BLOCKING,
        "package",
        message,
        "delivery.file",
        "upload the audio for this track again before delivering"
        if entity == "track"
        else "upload the front cover again before delivering",
        Target(entity, str(entity_id), "asset" if entity == "track" else "artwork"),
    )


def missing_bytes(item: SourceFile, bundle: ReleaseBundle) -> Finding:
    """The blocking finding of a file the store does not hold."""
    if item.owner == "artwork":
        return _missing(
            f"the front cover {item.name} is not in storage", "release", bundle.release.id
        )
    track_id = item.owner.removeprefix("track:")
    return _missing(f"the audio file {item.name} of track {track_id} is not in storage", "track",
                    track_id)  # fmt: skip
