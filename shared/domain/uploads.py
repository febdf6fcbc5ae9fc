"""Uploads: the object a finalize event names, where it belongs, and its status document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared.errors import InvalidField

UPLOADS_COLLECTION = "uploads"  # status documents: doc id = upload id
MAX_FILENAME_CHARS = 255
_UPLOAD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$")
_BAD_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


class UploadState(StrEnum):
    """Where an upload is; the UI shows ``progress`` beside it."""

    AWAITING_UPLOAD = "awaiting_upload"  # an upload URL was handed out, no bytes yet
    RECEIVED = "received"  # the file landed; ingest started
    EXTRACTED = "extracted"  # tags, facts and fingerprint read; catalog updated
    QUEUED = "queued"  # waiting for analysis (analysis-high or analysis-low)
    ANALYSED = "analysed"  # the analyze function finished
    FAILED = "failed"  # see ``errors``

    @property
    def progress(self) -> float:
        """The progress shown for this state (0..1)."""
        return _PROGRESS[self]


_PROGRESS = {
    UploadState.AWAITING_UPLOAD: 0.0,
    UploadState.RECEIVED: 0.1,
    UploadState.EXTRACTED: 0.5,
    UploadState.QUEUED: 0.6,
    UploadState.ANALYSED: 1.0,
    UploadState.FAILED: 1.0,
}


@dataclass(frozen=True, slots=True)
class StoredObject:
    """The Cloud Storage object a finalize event describes (GCS sends numbers as strings)."""

    bucket: str
    name: str
    generation: int
    size_bytes: int
    content_type: str | None = None
    created_at: datetime | None = None

    @classmethod
    def from_event_data(cls, data: Any) -> StoredObject:
        """Parse ``event.data`` (the object resource); InvalidField names a bad key."""
        if not isinstance(data, Mapping):
            raise InvalidField("data", "the event carries no object resource")
        bucket, name = data.get("bucket"), data.get("name")
        if not isinstance(bucket, str) or not bucket:
            raise InvalidField("bucket", "is missing from the event")
        if not isinstance(name, str) or not name:
            raise InvalidField("name", "is missing from the event")
        return cls(
            bucket=bucket,
            name=name,
            generation=_count(data, "generation"),
            size_bytes=_count(data, "size"),
            content_type=data.get("contentType") or None,
            created_at=_time(data.get("timeCreated")),
        )

    @property
    def key(self) -> str:
        """``bucket/name#generation``: what makes one delivery of one upload unique."""
        return f"{self.bucket}/{self.name}#{self.generation}"


def _count(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    raise InvalidField(key, f"{value!r} is not a whole number")


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class UploadRef:
    """Who an upload belongs to, read from its object name ``<partner>/<upload>/<filename>``."""

    partner_id: UUID
    upload_id: str
    filename: str

    @classmethod
    def parse(cls, object_name: str) -> UploadRef:
        """InvalidField when the name does not have the uploads bucket's shape."""
        parts = object_name.split("/", 2)
        if len(parts) != 3:
            raise InvalidField(
                "name", f"{object_name!r} is not <partner id>/<upload id>/<file name>"
            )
        try:
            partner_id = UUID(parts[0])
        except ValueError:
            raise InvalidField("name", f"{parts[0]!r} is not a partner id") from None
        if not _UPLOAD_ID.match(parts[1]):
            raise InvalidField("name", f"{parts[1]!r} is not an upload id")
        return cls(partner_id, parts[1], check_filename(parts[2], field="name"))

    @property
    def object_name(self) -> str:
        """The object name in the uploads bucket."""
        return f"{self.partner_id}/{self.upload_id}/{self.filename}"


def check_filename(filename: str, *, field: str = "filename") -> str:
    """A plain file name: no folders, no control characters, at most 255 characters."""
    name = filename.strip()
    if not name or name in (".", ".."):
        raise InvalidField(field, "a file name is needed")
    if len(name) > MAX_FILENAME_CHARS:
        raise InvalidField(field, f"has {len(name)} characters; at most {MAX_FILENAME_CHARS}")
    if _BAD_FILENAME.search(name):
        raise InvalidField(field, f"{name!r} contains a slash or a control character")
    return name


def is_upload_id(text: str) -> bool:
    """True for what ``new_upload_id`` makes (and other safe ids of 8-64 characters)."""
    return bool(_UPLOAD_ID.match(text))


def status_document(
    ref: UploadRef, *, state: UploadState, now: datetime, source: str
) -> dict[str, Any]:
    """A new status document (collection "uploads", doc id = upload id)."""
    stamp = now.isoformat()
    return {
        "upload_id": ref.upload_id,
        "partner_id": str(ref.partner_id),
        "filename": ref.filename,
        "source": source,  # "api", "watch_folder" or "bucket"
        "state": state.value,
        "progress": state.progress,
        "errors": [],
        "warnings": [],
        "found": None,
        "asset_id": None,
        "track_id": None,
        "created_at": stamp,
        "updated_at": stamp,
    }
