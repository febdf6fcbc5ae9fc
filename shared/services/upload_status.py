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
from shared.domain.status import ANALYSIS_FAILED, UPLOAD_FIELDS, AnalysisSummary, UploadStatus
from shared.domain.uploads import (
    UPLOADS_COLLECTION,
    StoredObject,
    UploadRef,
    UploadState,
    status_document,
)
from shared.errors import NotFound
from shared.ports import JsonObject, JsonValue, StatusStore

logger = logging.getLogger(__name__)
_DONE = (UploadState.EXTRACTED.value, UploadState.QUEUED.value, UploadState.ANALYSED.value)


class UploadStatusBook:
    """The one writer of upload status documents: each stage of an upload, ingest's and the
    analysis's alike, goes through here, so every document has the shape of ``UploadStatus``."""

    def __init__(self, store: StatusStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def get(self, upload_id: str) -> UploadStatus | None:
        """The document, or None."""
        doc = self._store.get(UPLOADS_COLLECTION, upload_id)
        return None if doc is None else UploadStatus.model_validate(doc)

    def list(self, partner_id: str | None, *, limit: int) -> list[UploadStatus]:
        """A partner's most recently updated uploads (every partner's when None)."""
        docs = self._store.list(UPLOADS_COLLECTION, partner_id=partner_id, limit=limit)
        return [UploadStatus.model_validate(doc) for doc in docs]

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
        doc = self.get(ref.upload_id)
        if (
            doc is not None
            and doc.object_generation == str(stored.generation)
            and doc.state is not UploadState.RECEIVED
        ):
            return False
        landed: dict[str, Any] = {
            "object_generation": str(stored.generation),
            "size_bytes": stored.size_bytes,
        }
        if doc is not None and doc.state in _DONE and not doc.retry_pending:
            self.merge(ref.upload_id, **landed)
        else:
            self.merge(ref.upload_id, state=UploadState.RECEIVED, errors=[], **landed)
        return True

    def take_retry(self, upload_id: str) -> bool:
        """True (once) when a retry asked for this upload to be read and analysed again."""
        doc = self.get(upload_id)
        if doc is None or not doc.retry_pending:
            return False
        self.merge(upload_id, retry_pending=False)
        return True

    def merge(self, upload_id: str, *, state: UploadState | None = None, **changes: Any) -> None:
        """Set fields of ``UploadStatus`` (and the state with its progress); stamps
        ``updated_at``. A name that is not a field of the document is a bug: TypeError."""
        unknown = set(changes) - UPLOAD_FIELDS
        if unknown:
            raise TypeError(f"{sorted(unknown)} are not fields of an upload's status document")
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

    def analysed(self, upload_id: str, summary: AnalysisSummary) -> None:
        """The analysis finished: its summary, progress 1.0."""
        self._merge_existing(
            upload_id, state=UploadState.ANALYSED, analysis=summary.model_dump(mode="json")
        )

    def analysis_failed(self, upload_id: str, reason: str) -> None:
        """The analysis gave up: one error with the code ``analysis_failed``, like ingest's."""
        errors = [{"code": ANALYSIS_FAILED, "message": reason}]
        self._merge_existing(upload_id, state=UploadState.FAILED, errors=errors)

    def _merge_existing(self, upload_id: str, **changes: Any) -> None:
        try:
            self.merge(upload_id, **changes)
        except NotFound:  # an asset analysed again long after its upload's document went
            logger.warning("upload %s has no status document to update", upload_id)

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
