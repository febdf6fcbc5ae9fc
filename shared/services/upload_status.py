"""The status document of each upload (collection "uploads", doc id = upload id): what the UI
and GET /api/v1/uploads/{id} show. Firestore in GCP, a table locally."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from shared.domain.audit import Actor
from shared.domain.media import Notice
from shared.domain.uploads import (
    UPLOADS_COLLECTION,
    StoredObject,
    UploadRef,
    UploadState,
    status_document,
)
from shared.ports import JsonObject, JsonValue, StatusStore

logger = logging.getLogger(__name__)
_DONE = (UploadState.EXTRACTED.value, UploadState.QUEUED.value, UploadState.ANALYSED.value)


class UploadStatusBook:
    """Writes each stage of an upload into its status document."""

    def __init__(self, store: StatusStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def get(self, upload_id: str) -> JsonObject | None:
        """The document, or None."""
        return self._store.get(UPLOADS_COLLECTION, upload_id)

    def list(self, partner_id: str | None, *, limit: int) -> list[JsonObject]:
        """A partner's most recently updated uploads (every partner's when None)."""
        return self._store.list(UPLOADS_COLLECTION, partner_id=partner_id, limit=limit)

    def create(
        self, ref: UploadRef, *, state: UploadState, source: str, actor: Actor | None = None
    ) -> bool:
        """A new document (with who started the upload, for the audit of its failure); False
        when one exists already."""
        doc = status_document(ref, state=state, now=self._clock(), source=source)
        if actor is not None:
            doc["actor"] = {"type": actor.type.value, "id": actor.id, "client_id": actor.client_id}
        return self._store.create(
            UPLOADS_COLLECTION, ref.upload_id, doc, partner_id=str(ref.partner_id)
        )

    def receive(self, ref: UploadRef, stored: StoredObject) -> bool:
        """The file landed. False when this very generation was already read and failed: a
        second delivery of the same finalize event must not repeat (or undo) that outcome.

        A new generation of an upload that is already extracted, queued or analysed (the same
        signed URL PUT twice) keeps its state until ingest knows whether the bytes differ; a
        retry (``retry_pending``) or a failed upload starts again from ``received``."""
        self.create(ref, state=UploadState.RECEIVED, source="bucket")
        doc = self.get(ref.upload_id) or {}
        if doc.get("object_generation") == str(stored.generation) and doc.get("state") != (
            UploadState.RECEIVED.value
        ):
            return False
        landed: dict[str, Any] = {
            "object_generation": str(stored.generation),
            "size_bytes": stored.size_bytes,
        }
        if doc.get("state") in _DONE and not doc.get("retry_pending"):
            self.merge(ref.upload_id, **landed)
        else:
            self.merge(ref.upload_id, state=UploadState.RECEIVED, errors=[], **landed)
        return True

    def take_retry(self, upload_id: str) -> bool:
        """True (once) when a retry asked for this upload to be read and analysed again."""
        doc = self.get(upload_id) or {}
        if not doc.get("retry_pending"):
            return False
        self.merge(upload_id, retry_pending=False)
        return True

    def merge(self, upload_id: str, *, state: UploadState | None = None, **changes: Any) -> None:
        """Set fields (and the state with its progress); stamps ``updated_at``."""
        update: dict[str, JsonValue] = {}
        if state is not None:
            update["state"] = state.value
            update["progress"] = state.progress
        update.update({key: _json(value) for key, value in changes.items()})
        update["updated_at"] = self._clock().isoformat()
        self._store.merge(UPLOADS_COLLECTION, upload_id, update)

    def fail(
        self, upload_id: str, code: str, message: str, warnings: Sequence[Notice] = ()
    ) -> None:
        """A permanent error: recorded for the user, the event acknowledged."""
        logger.info("upload %s failed: %s: %s", upload_id, code, message)
        changes: dict[str, Any] = {"errors": [{"code": code, "message": message}]}
        if warnings:
            changes["warnings"] = [w.to_json() for w in warnings]
        self.merge(upload_id, state=UploadState.FAILED, **changes)

    def record_rejected(self, stored: StoredObject, reason: str) -> str:
        """An object outside ``<partner>/<upload>/<file>``: a document of its own, no partner."""
        doc_id = "rejected-" + hashlib.sha256(stored.key.encode()).hexdigest()[:24]
        now = self._clock().isoformat()
        doc: JsonObject = {
            "upload_id": doc_id,
            "partner_id": None,
            "filename": stored.name,
            "source": "bucket",
            "state": UploadState.FAILED.value,
            "progress": 1.0,
            "errors": [{"code": "object_name_rejected", "message": reason}],
            "warnings": [],
            "found": None,
            "asset_id": None,
            "track_id": None,
            "object": f"gs://{stored.bucket}/{stored.name}#{stored.generation}",
            "created_at": now,
            "updated_at": now,
        }
        self._store.create(UPLOADS_COLLECTION, doc_id, doc, partner_id=None)
        logger.warning("rejected %s: %s", stored.key, reason)
        return doc_id


def _json(value: Any) -> JsonValue:
    if isinstance(value, UploadState):
        return value.value
    if isinstance(value, Notice):
        return value.to_json()  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
