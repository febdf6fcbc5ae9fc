"""StatusStore on Firestore (or the Firestore emulator when FIRESTORE_EMULATOR_HOST is set).

Each document keeps two hidden fields beside the caller's: ``_partner_id`` (to list a partner's
documents) and ``_updated_at`` (server time, to list the newest first). They are never returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore
from google.cloud.firestore_v1.field_path import FieldPath

from shared.errors import NotFound, Unavailable
from shared.ports import JsonObject

_HIDDEN = ("_partner_id", "_updated_at")
_TRANSIENT = (
    gcp_exceptions.ServiceUnavailable,
    gcp_exceptions.DeadlineExceeded,
    gcp_exceptions.InternalServerError,
    gcp_exceptions.Aborted,
)


class FirestoreStatusStore:
    """Status documents as Firestore documents, collection by collection."""

    def __init__(self, client: firestore.Client, *, timeout_s: float) -> None:
        self._client = client
        self._timeout_s = timeout_s

    @classmethod
    def connect(
        cls, *, project: str, timeout_s: float, emulator_host: str | None = None
    ) -> FirestoreStatusStore:
        """A store for the real service, or the emulator at ``emulator_host``."""
        if emulator_host is None:
            return cls(firestore.Client(project=project), timeout_s=timeout_s)
        from google.auth.credentials import AnonymousCredentials

        anonymous: Any = AnonymousCredentials
        client = firestore.Client(project=project, credentials=anonymous())
        # the client reads FIRESTORE_EMULATOR_HOST from the environment only; settings give it
        client._emulator_host = emulator_host
        return cls(client, timeout_s=timeout_s)

    def _ref(self, collection: str, doc_id: str) -> Any:
        return self._client.collection(collection).document(doc_id)

    def create(
        self, collection: str, doc_id: str, doc: JsonObject, *, partner_id: str | None
    ) -> bool:
        """Create the document unless it exists; True when this call created it."""
        stored = {**doc, "_partner_id": partner_id, "_updated_at": firestore.SERVER_TIMESTAMP}
        try:
            self._ref(collection, doc_id).create(stored, timeout=self._timeout_s)
        except gcp_exceptions.AlreadyExists:
            return False
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer for {collection}/{doc_id}") from exc
        return True

    def merge(self, collection: str, doc_id: str, changes: JsonObject) -> JsonObject:
        """Set the given top-level keys atomically; the whole document after the change."""
        ref = self._ref(collection, doc_id)
        fields: dict[str, Any] = {FieldPath(key).to_api_repr(): v for key, v in changes.items()}
        fields["_updated_at"] = firestore.SERVER_TIMESTAMP
        try:
            ref.update(fields, timeout=self._timeout_s)
            snapshot = ref.get(timeout=self._timeout_s)
        except gcp_exceptions.NotFound:
            raise NotFound(f"{collection}/{doc_id} does not exist") from None
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer for {collection}/{doc_id}") from exc
        return _visible(snapshot.to_dict())

    def get(self, collection: str, doc_id: str) -> JsonObject | None:
        try:
            snapshot = self._ref(collection, doc_id).get(timeout=self._timeout_s)
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer for {collection}/{doc_id}") from exc
        return _visible(snapshot.to_dict()) if snapshot.exists else None

    def list_idle(
        self, collection: str, *, states: Sequence[str], updated_before: datetime, limit: int
    ) -> list[JsonObject]:
        """Documents in one of ``states`` not updated since ``updated_before``, oldest first."""
        query: Any = (
            self._client.collection(collection)
            .where(filter=firestore.FieldFilter("state", "in", list(states)))
            .where(filter=firestore.FieldFilter("_updated_at", "<", updated_before))
            .order_by("_updated_at")
            .limit(limit)
        )
        try:
            return [_visible(doc.to_dict()) for doc in query.stream(timeout=self._timeout_s)]
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer listing idle {collection}") from exc

    def delete(self, collection: str, doc_id: str) -> None:
        """Remove the document (nothing happens when it is already gone)."""
        try:
            self._ref(collection, doc_id).delete(timeout=self._timeout_s)
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer for {collection}/{doc_id}") from exc

    def list(
        self, collection: str, *, partner_id: str | None, limit: int = 100
    ) -> list[JsonObject]:
        query: Any = self._client.collection(collection)
        if partner_id:
            query = query.where(filter=firestore.FieldFilter("_partner_id", "==", partner_id))
        query = query.order_by("_updated_at", direction=firestore.Query.DESCENDING).limit(limit)
        try:
            return [_visible(doc.to_dict()) for doc in query.stream(timeout=self._timeout_s)]
        except _TRANSIENT as exc:
            raise Unavailable(f"Firestore did not answer listing {collection}") from exc


def _visible(raw: dict[str, Any] | None) -> JsonObject:
    return cast(JsonObject, {k: v for k, v in (raw or {}).items() if k not in _HIDDEN})
