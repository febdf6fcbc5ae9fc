"""Uploads: the object a finalize event names, where it belongs, and its status document.

Object names are generated: an upload's bytes live at ``<partner id>/<upload id>/original``
whatever the user called the file. The user's file name is metadata (the status document, the
asset's ``original_filename``), never part of an object name or a filesystem path, so a name of
300 bytes, of emoji, or of ``..%2f`` tricks cannot fail a PUT, escape a folder, or show an
internal key in an error. Objects named the old way (``<partner>/<upload>/<file name>``, before
issue 15, or written straight to the bucket) are still read: their last part is the file name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared.domain.text import describe_character, unstorable
from shared.errors import InvalidField

UPLOADS_COLLECTION = "uploads"  # status documents: doc id = upload id
MAX_FILENAME_BYTES = 255  # what filesystems and object stores count: bytes of UTF-8, not characters
ORIGINAL = "original"  # the last part of every generated upload object name
_UPLOAD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


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
    """Who an upload belongs to, what the user called the file, and where its bytes are."""

    partner_id: UUID
    upload_id: str
    filename: str
    object_name: str

    @classmethod
    def new(cls, partner_id: UUID, upload_id: str, filename: str) -> UploadRef:
        """A new upload: the file name checked, the object name generated."""
        name = check_filename(filename)
        return cls(partner_id, upload_id, name, f"{partner_id}/{upload_id}/{ORIGINAL}")

    @classmethod
    def parse(cls, object_name: str) -> UploadRef:
        """The upload an object name belongs to; InvalidField when it does not have the uploads
        bucket's shape. The file name is the object's last part until the status document names
        the real one (a generated name's last part is ``original``)."""
        parts = object_name.split("/", 2)
        if len(parts) != 3:
            raise InvalidField(
                "name", "the object name is not <partner id>/<upload id>/<file name>"
            )
        try:
            partner_id = UUID(parts[0])
        except ValueError:
            raise InvalidField("name", f"{parts[0][:64]!r} is not a partner id") from None
        if not _UPLOAD_ID.match(parts[1]):
            raise InvalidField("name", f"{parts[1][:64]!r} is not an upload id")
        return cls(partner_id, parts[1], check_filename(parts[2], field="name"), object_name)

    @classmethod
    def of_document(cls, partner_id: UUID, upload_id: str, filename: str, object_name: str | None
                    ) -> UploadRef:  # fmt: skip
        """The upload a status document describes; documents older than generated object
        names carry none, and their object is named after the file."""
        return cls(partner_id, upload_id, filename,
                   object_name or f"{partner_id}/{upload_id}/{filename}")  # fmt: skip


def check_filename(filename: str, *, field: str = "filename") -> str:
    """A plain file name: no folders (also none hidden in %2f escapes), no control characters,
    nothing PostgreSQL cannot store, at most 255 bytes of UTF-8."""
    name = filename.strip()
    if not name or name in (".", ".."):
        raise InvalidField(field, "a file name is needed")
    problem = unstorable(name)
    if problem:
        raise InvalidField(field, f"the file name {problem}")
    size = len(name.encode("utf-8"))
    if size > MAX_FILENAME_BYTES:
        raise InvalidField(
            field,
            f"the file name is {size} bytes long in UTF-8 ({len(name)} characters); at most "
            f"{MAX_FILENAME_BYTES} bytes",
        )
    control = _CONTROL.search(name)
    if control:
        raise InvalidField(
            field, f"the file name contains the control character {describe_character(control[0])}"
        )
    decoded = _percent_decoded(name)
    if any(part in decoded for part in ("/", "\\")) or decoded in (".", ".."):
        shown = f" (it reads as {decoded!r})" if decoded != name else ""
        raise InvalidField(
            field,
            f"{name!r} looks like a path{shown}: send the file's own name, without folders",
        )
    return name


def _percent_decoded(name: str) -> str:
    """The name with %XX escapes decoded, up to three times (``%252f`` is ``%2f`` is ``/``)."""
    decoded = unicodedata.normalize("NFKC", name)  # a fullwidth solidus is a slash to some tools
    for _ in range(3):
        if not _PERCENT_ESCAPE.search(decoded):
            break
        decoded = _PERCENT_ESCAPE.sub(lambda m: chr(int(m[0][1:], 16)), decoded)
    return decoded


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
        "filename": ref.filename,  # what the user called the file (metadata only)
        "object_name": ref.object_name,  # where its bytes are in the uploads bucket
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
