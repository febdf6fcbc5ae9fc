"""Uploads as users start them: a signed upload URL (API), a file dropped in the watch folder,
a retry of a failed upload. The file then lands in the uploads bucket and ingest takes over."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.status import UploadStatus
from shared.domain.uploads import UploadRef, UploadState
from shared.errors import Conflict, InvalidField, InvalidInput, NotFound, PayloadTooLarge
from shared.ports import BlobStore
from shared.services.upload_status import UploadStatusBook
from shared.unit_of_work import UnitOfWork

_MIME = re.compile(r"^[\w.+-]+/[\w.+-]+$")


_UNKNOWN = Actor.system("uploads")  # callers that do not say who acts (tests, old callers)


def upload_audit_event(
    action: str, partner_id: UUID, actor: Actor, now: datetime, detail: dict[str, object]
) -> AuditEvent:
    """An operational audit event about an upload that failed or was refused."""
    return AuditEvent(
        uuid.uuid4(), now, action, actor, RetentionClass.OPERATIONAL, partner_id, "upload",
        detail=detail,
    )  # fmt: skip


def new_upload_id() -> str:
    """A fresh, URL-safe upload id (also the status document's id)."""
    return "up_" + secrets.token_hex(12)


@dataclass(frozen=True, slots=True)
class UploadTicket:
    """Where and how to send the file."""

    upload_id: str
    upload_url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class UploadsConfig:
    """What uploads need from the settings."""

    uploads_bucket: str
    max_upload_bytes: int
    url_ttl_s: int


class UploadService:
    """Start, show, list and retry uploads."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        status: UploadStatusBook,
        config: UploadsConfig,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._status = status
        self.book = status  # the one writer of upload status documents (analysis writes too)
        self._config = config
        self._clock = clock

    def create_upload(
        self,
        partner_id: UUID,
        filename: str,
        size_bytes: int,
        content_type: str | None,
        actor: Actor = _UNKNOWN,
    ) -> UploadTicket:
        """A status document and a signed PUT URL for one file. Everything is checked before
        the document exists, so a refused ticket leaves nothing behind but its audit event."""
        self._check_partner(partner_id)
        try:
            self._check_size(size_bytes)
            kind = (content_type or "application/octet-stream").strip().lower()
            if not _MIME.match(kind):
                raise InvalidField("content_type", f"{content_type!r} is not a MIME type")
            ref = UploadRef.new(partner_id, new_upload_id(), filename)
        except (InvalidInput, PayloadTooLarge) as exc:
            self._audit_refusal(partner_id, actor, exc.message, filename)
            raise
        ttl = self._config.url_ttl_s
        url = self._blobs.signed_url(
            self._config.uploads_bucket,
            ref.object_name,
            method="PUT",
            expires_s=ttl,
            content_type=kind,
        )
        self._status.create(ref, state=UploadState.AWAITING_UPLOAD, source="api", actor=actor)
        self._status.merge(ref.upload_id, expected_size_bytes=size_bytes, content_type=kind)
        expires = self._clock() + timedelta(seconds=ttl)
        return UploadTicket(ref.upload_id, url, "PUT", {"Content-Type": kind}, expires)

    def get(self, upload_id: str, partner_id: UUID | None) -> UploadStatus:
        """One status document; NotFound for another partner's (``partner_id`` None: any)."""
        doc = self._status.get(upload_id)
        if doc is None or (partner_id is not None and doc.partner_id != str(partner_id)):
            raise NotFound(f"upload {upload_id} not found")
        return doc

    def recent(self, partner_id: UUID | None, *, limit: int = 50) -> list[UploadStatus]:
        """Most recently updated uploads first."""
        return self._status.list(str(partner_id) if partner_id else None, limit=limit)

    def retry(self, upload_id: str, partner_id: UUID | None) -> UploadStatus:
        """Run a failed upload again: the object is rewritten, so the bucket announces a new
        generation and ingest reads it afresh (the same path in GCP and locally)."""
        doc = self.get(upload_id, partner_id)
        if doc.state is not UploadState.FAILED:
            raise Conflict(f"upload {upload_id} is {doc.state.value}: only failed uploads retry")
        ref = UploadRef.of_document(
            UUID(str(doc.partner_id)), upload_id, str(doc.filename), doc.object_name
        )
        bucket = self._config.uploads_bucket
        try:
            info = self._blobs.stat(bucket, ref.object_name)
        except NotFound:
            raise Conflict(
                "the uploaded file is gone (uploads are kept for 24 hours): upload it again"
            ) from None
        self._status.merge(
            upload_id,
            state=UploadState.RECEIVED,
            attempts=(doc.attempts or 1) + 1,
            previous_errors=[e.model_dump(mode="json") for e in doc.errors],
            errors=[],
            retry_pending=True,  # ingest analyses these same bytes again only when this is set
        )
        with self._blobs.open_read(bucket, ref.object_name) as source:
            self._blobs.write(
                bucket,
                ref.object_name,
                source,
                content_type=info.content_type or "application/octet-stream",
            )
        return self.get(upload_id, partner_id)

    def upload_file(self, partner_id: UUID, path: Path, *, source: str) -> str:
        """Put a local file into the uploads bucket (the watch folder); its upload id."""
        actor = Actor.system(source)
        try:
            self._check_size(path.stat().st_size)
            ref = UploadRef.new(partner_id, new_upload_id(), path.name)
        except (InvalidInput, PayloadTooLarge) as exc:
            self._audit_refusal(partner_id, actor, exc.message, path.name)
            raise
        self._status.create(ref, state=UploadState.RECEIVED, source=source, actor=actor)
        with path.open("rb") as data:
            self._blobs.write(
                self._config.uploads_bucket,
                ref.object_name,
                data,
                content_type="application/octet-stream",
            )
        return ref.upload_id

    def _audit_refusal(self, partner_id: UUID, actor: Actor, reason: str, filename: str) -> None:
        """A refused upload, with the client that tried (the file name as sent, cut short)."""
        shown = filename[:300].encode("utf-8", "backslashreplace").decode()
        event = upload_audit_event(
            "upload.refused", partner_id, actor, self._clock(),
            {"reason": reason, "filename": shown.replace("\x00", "\\x00")},
        )  # fmt: skip
        with self._uow() as uow:
            uow.audit.append([event])

    def _check_partner(self, partner_id: UUID) -> None:
        with self._uow() as uow:
            uow.partners.get(partner_id)

    def _check_size(self, size_bytes: int) -> None:
        limit = self._config.max_upload_bytes
        if size_bytes > limit:
            raise PayloadTooLarge(f"{size_bytes:,} bytes is over the {limit:,}-byte upload limit")
        if size_bytes <= 0:
            raise InvalidField("size_bytes", "an empty file cannot be uploaded")
