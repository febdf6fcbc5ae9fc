"""Ingest: a file landed in the uploads bucket. Read it safely, put what it says into the
partner's catalog, keep a copy in the audio bucket, and queue it for analysis by tier.

Permanent problems (not audio, truncated, hostile sizes, unknown partner...) are recorded on the
upload's status document and the event is acknowledged; transient ones (storage or database
unavailable) raise so the event is delivered again. Deliveries are idempotent on
(bucket, object, generation).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from shared.domain.assets import Asset
from shared.domain.audit import Actor, ActorType
from shared.domain.media import (
    AUDIO_CONTENT_TYPES,
    Extraction,
    Notice,
    ProblemCode,
    UnreadableAudio,
    extension_mismatch,
    kept_audio_name,
)
from shared.domain.partners import Partner
from shared.domain.uploads import StoredObject, UploadRef, UploadState
from shared.errors import InvalidInput, NotFound
from shared.ports import AudioExtractor, BlobStore
from shared.services.catalog_upsert import NewUpload, Upserted, upsert_upload
from shared.services.routing import PriorityRouter
from shared.services.upload_status import UploadStatusBook
from shared.services.uploads import upload_audit_event
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

_IMAGE_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
}
_COPY_CHUNK = 1 << 20
_ASSET_NAMESPACE = uuid.UUID("5b0c3a52-1d1e-4a51-9a53-6f2ad3b6e0c1")


def asset_id_for(stored: StoredObject) -> UUID:
    """The same id for every delivery of one (bucket, object, generation): retries reuse it."""
    return uuid.uuid5(_ASSET_NAMESPACE, stored.key)


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """What ingest needs from the settings."""

    uploads_bucket: str
    audio_bucket: str
    max_upload_bytes: int
    duplicate_similarity: float = 0.85


class IngestService:
    """The use case behind functions/ingest.py."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        extractor: AudioExtractor,
        status: UploadStatusBook,
        router: PriorityRouter,
        config: IngestConfig,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._extractor = extractor
        self._status = status
        self._router = router
        self._config = config
        self._clock = clock

    def ingest_upload(self, stored: StoredObject) -> None:
        """Ingest one finalized object; returns normally for every permanent problem."""
        try:
            ref = UploadRef.parse(stored.name)
        except InvalidInput as exc:
            self._status.record_rejected(stored, exc.message)
            return
        if stored.bucket != self._config.uploads_bucket:
            self._status.record_rejected(stored, f"{stored.bucket} is not the uploads bucket")
            return
        ref, failed_before = self._as_documented(ref)
        if not self._status.receive(ref, stored):
            logger.info(
                "upload %s: generation %s was handled already", ref.upload_id, stored.generation
            )
            return
        # the same bytes are analysed again only when asked (a retry) or after a failure
        retrying = self._status.take_retry(ref.upload_id) or failed_before
        try:
            self._ingest(ref, stored, retrying=retrying)
        except UnreadableAudio as exc:
            self._fail(ref, exc.code.value, exc.message)
        except InvalidInput as exc:  # a tag value the catalog refuses, e.g. an impossible year
            self._fail(ref, "invalid_metadata", exc.message)

    def _fail(self, ref: UploadRef, code: str, message: str) -> None:
        """Audited with the client that started the upload, then recorded on the upload (a
        transient failure of the audit raises first, so the redelivery does both)."""
        doc = self._status.get(ref.upload_id)
        started = doc.actor if doc is not None else None
        actor = actor_from_json(started) if started else Actor.system("bucket")
        event = upload_audit_event(
            "upload.failed", ref.partner_id, actor, self._clock(),
            {"upload_id": ref.upload_id, "code": code, "reason": message},
        )  # fmt: skip
        with self._uow() as uow:
            uow.audit.append([event])
        self._status.fail(ref.upload_id, code, message)

    def _as_documented(self, ref: UploadRef) -> tuple[UploadRef, bool]:
        """The upload with the user's file name from its status document (object names are
        generated), and whether it had failed before this generation landed."""
        doc = self._status.get(ref.upload_id)
        if doc is None or doc.partner_id != str(ref.partner_id):
            return ref, False
        failed = doc.state is UploadState.FAILED
        filename = doc.filename
        return (replace(ref, filename=filename) if filename is not None else ref), failed

    def _ingest(self, ref: UploadRef, stored: StoredObject, *, retrying: bool) -> None:
        partner = self._partner(ref.partner_id)
        with self._uow() as uow:
            existing = uow.assets.find_by_object(
                partner.id, stored.bucket, stored.name, stored.generation
            )
        if existing is not None:
            self._resume(partner, existing, ref)
            return
        self._check_size(stored)
        with self._downloaded(stored) as (path, sha256):
            same = self._same_content(partner.id, sha256)
            if same is not None:
                self._link(partner, ref, same, retrying=retrying)
                return
            extraction = self._extractor.extract(path, sha256=sha256, want_cover=True)
            asset_id = asset_id_for(stored)
            audio_object = kept_audio_name(partner.id, asset_id, extraction.format)
            with path.open("rb") as audio:
                self._blobs.write(
                    self._config.audio_bucket,
                    audio_object,
                    audio,
                    content_type=AUDIO_CONTENT_TYPES[extraction.format],
                )
        upserted = self._upsert_keeping_nothing_on_failure(
            NewUpload(ref, stored, extraction, asset_id, audio_object, self._clock())
        )
        if upserted.asset.id != asset_id:  # the same bytes, ingested a moment ago (a race)
            self._forget_audio(audio_object)
            self._link(partner, ref, upserted.asset, retrying=retrying)
            return
        self._record_extracted(ref, extraction, upserted)
        track_id = upserted.track.id if upserted.track else None
        topic = self._router.route(
            partner, upserted.asset.id, track_id=track_id, upload_id=ref.upload_id
        )
        if topic is not None:
            self._status.merge(ref.upload_id, state=UploadState.QUEUED, queue=topic)

    def _upsert_keeping_nothing_on_failure(self, upload: NewUpload) -> Upserted:
        """The catalog rows; when they cannot be written, the kept copy goes too (no orphan)."""
        try:
            return self._upsert(upload)
        except BaseException:
            self._forget_audio(upload.audio_object)
            raise

    def _forget_audio(self, audio_object: str) -> None:
        try:
            self._blobs.delete(self._config.audio_bucket, audio_object)
        except Exception:  # isolation boundary: cleanup must not hide the outcome it follows
            logger.exception("could not delete %s from the audio bucket", audio_object)

    def _partner(self, partner_id: UUID) -> Partner:
        try:
            with self._uow() as uow:
                return uow.partners.get(partner_id)
        except NotFound:
            raise UnreadableAudio(
                ProblemCode.UNKNOWN_PARTNER, f"partner {partner_id} does not exist"
            ) from None

    def _check_size(self, stored: StoredObject) -> None:
        limit = self._config.max_upload_bytes
        if stored.size_bytes > limit:
            raise UnreadableAudio(
                ProblemCode.TOO_LARGE,
                f"the file is {stored.size_bytes:,} bytes, over the {limit:,}-byte upload limit",
            )
        if stored.size_bytes == 0:
            raise UnreadableAudio(ProblemCode.EMPTY_FILE, "the file is empty (0 bytes)")

    @contextlib.contextmanager
    def _downloaded(self, stored: StoredObject) -> Iterator[tuple[Path, str]]:
        """The object in a temporary file, with its sha256 (computed while copying)."""
        with tempfile.TemporaryDirectory(prefix="ingest-") as folder:
            path = Path(folder) / "audio"
            digest = hashlib.sha256()
            try:
                source = self._blobs.open_read(stored.bucket, stored.name)
            except NotFound:
                raise UnreadableAudio(
                    ProblemCode.OBJECT_MISSING,
                    "the uploaded file is gone (uploads are kept for 24 hours): upload it again",
                ) from None
            with source, path.open("wb") as target:
                self._copy(source, target, digest)
            yield path, digest.hexdigest()

    def _copy(self, source: IO[bytes], target: IO[bytes], digest: Any) -> None:
        limit, copied = self._config.max_upload_bytes, 0
        while chunk := source.read(_COPY_CHUNK):
            copied += len(chunk)
            if copied > limit:  # the event's size lied, or the object grew: stop reading
                raise UnreadableAudio(
                    ProblemCode.TOO_LARGE, f"the file is over the {limit:,}-byte upload limit"
                )
            digest.update(chunk)
            target.write(chunk)

    def _same_content(self, partner_id: UUID, sha256: str) -> Asset | None:
        with self._uow() as uow:
            found = uow.assets.find_by_sha256(partner_id, sha256)
        return found[0] if found else None

    def _link(self, partner: Partner, ref: UploadRef, same: Asset, *, retrying: bool) -> None:
        """Identical bytes are in the catalog already: point this upload at them."""
        with self._uow() as uow:
            track = uow.tracks.find_by_asset(partner.id, same.id)
        track_id = track.id if track else None
        if same.upload_id == ref.upload_id:
            if retrying:  # POST .../retry of this very upload: analyse it again
                self._analyse_again(partner, ref, same, track_id)
            else:  # the same signed URL PUT twice: the first copy's state stands
                logger.info(
                    "upload %s: the same bytes again (asset %s): not analysed again",
                    ref.upload_id,
                    same.id,
                )
            return
        on_track = f" (track {track_id})" if track_id else ""
        notice = Notice(
            "same_content",
            f"identical to asset {same.id}{on_track}, uploaded before: linked to it, "
            "not analysed again",
        )
        self._status.merge(
            ref.upload_id,
            state=UploadState.EXTRACTED,
            progress=1.0,
            asset_id=str(same.id),
            track_id=str(track_id) if track_id else None,
            warnings=[notice],
            duplicate_of={
                "asset_id": str(same.id),
                "track_id": str(track_id) if track_id else None,
                "reason": "same_content",
            },
        )

    def _analyse_again(
        self, partner: Partner, ref: UploadRef, same: Asset, track_id: UUID | None
    ) -> None:
        self._status.merge(
            ref.upload_id,
            state=UploadState.EXTRACTED,
            asset_id=str(same.id),
            track_id=str(track_id) if track_id else None,
        )
        topic = self._router.route(
            partner, same.id, track_id=track_id, upload_id=ref.upload_id, attempt=2
        )
        self._status.merge(ref.upload_id, state=UploadState.QUEUED, queue=topic)

    def _upsert(self, upload: NewUpload) -> Upserted:
        def write_artwork(release_id: UUID, data: bytes, mime: str) -> tuple[str, str]:
            name = f"{upload.ref.partner_id}/artwork/{release_id}{_IMAGE_EXTENSIONS.get(mime, '')}"
            self._blobs.write(self._config.audio_bucket, name, data, content_type=mime)
            return self._config.audio_bucket, name

        with self._uow() as uow:
            return upsert_upload(
                uow,
                upload,
                similarity_floor=self._config.duplicate_similarity,
                artwork=write_artwork,
            )

    def _record_extracted(self, ref: UploadRef, extraction: Extraction, upserted: Upserted) -> None:
        warnings = [*extraction.warnings, *upserted.notices]
        mismatch = extension_mismatch(ref.filename, extraction.format)
        if mismatch is not None:
            warnings.append(mismatch)
        if extraction.fingerprint_error and extraction.fingerprint is None:
            warnings.append(Notice("no_fingerprint", extraction.fingerprint_error))
        changes: dict[str, object] = {
            "found": found_summary(extraction),
            "asset_id": str(upserted.asset.id),
            "track_id": str(upserted.track.id) if upserted.track else None,
            "release_id": str(upserted.release.id) if upserted.release else None,
            "warnings": warnings,
        }
        if upserted.asset.duplicate_of is not None:
            changes["duplicate_of"] = {
                "asset_id": str(upserted.asset.duplicate_of),
                "reason": "fingerprint",
                "similarity": upserted.asset.duplicate_similarity,
            }
        if upserted.merge_proposal is not None:
            changes["merge_proposal_id"] = str(upserted.merge_proposal.id)
        if upserted.duplicate_track_id is not None:
            changes["duplicate_track_id"] = str(upserted.duplicate_track_id)
        self._status.merge(ref.upload_id, state=UploadState.EXTRACTED, **changes)

    def _resume(self, partner: Partner, asset: Asset, ref: UploadRef) -> None:
        """A second delivery, or a retry after a crash between commit and publish."""
        with self._uow() as uow:
            track = uow.tracks.find_by_asset(partner.id, asset.id)
        topic = self._router.route(
            partner, asset.id, track_id=track.id if track else None, upload_id=ref.upload_id
        )
        if topic is not None:
            self._status.merge(
                ref.upload_id, state=UploadState.QUEUED, queue=topic, asset_id=str(asset.id)
            )


def found_summary(extraction: Extraction) -> dict[str, object]:
    """What the status document shows under ``found``."""
    technical = extraction.technical
    return {
        "format": extraction.format,
        "container": technical.container,
        "codec": technical.codec,
        "duration_s": technical.duration_s,
        "sample_rate": technical.sample_rate,
        "bit_depth": technical.bit_depth,
        "channels": technical.channels,
        "bitrate": technical.bitrate,
        "vbr": technical.vbr,
        "lossless": technical.lossless,
        "size_bytes": extraction.size_bytes,
        "sha256": extraction.sha256,
        "fingerprint": extraction.fingerprint is not None,
        "tags": extraction.tags.to_json(),
    }


def actor_from_json(raw: Mapping[str, object]) -> Actor:
    """The Actor a status document recorded (``{"type", "id", "client_id"}``)."""
    try:
        kind = ActorType(str(raw.get("type") or "system"))
    except ValueError:
        kind = ActorType.SYSTEM
    actor_id, client = raw.get("id"), raw.get("client_id")
    return Actor(kind, str(actor_id) if actor_id else None, str(client) if client else None)
