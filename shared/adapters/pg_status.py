"""StatusStore on a PostgreSQL table (Firestore's role in local mode)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import cast

import sqlalchemy as sa

from shared.errors import NotFound
from shared.ports import JsonObject


class PostgresStatusStore:
    """Status documents as JSONB rows; merge is a shallow, atomic update like Firestore's."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def create(
        self, collection: str, doc_id: str, doc: JsonObject, *, partner_id: str | None
    ) -> bool:
        """Create the document unless it exists; True when this call created it."""
        with self._engine.begin() as conn:
            result = conn.execute(
                sa.text(
                    "INSERT INTO status_documents (collection, id, partner_id, doc) "
                    "VALUES (:c, :i, CAST(:p AS uuid), CAST(:d AS jsonb)) "
                    "ON CONFLICT (collection, id) DO NOTHING"
                ),
                {"c": collection, "i": doc_id, "p": partner_id, "d": json.dumps(doc)},
            )
        return bool(result.rowcount)

    def merge(self, collection: str, doc_id: str, changes: JsonObject) -> JsonObject:
        """Set the given top-level keys; return the whole document after the change."""
        with self._engine.begin() as conn:
            doc = conn.execute(
                sa.text(
                    "UPDATE status_documents SET doc = doc || CAST(:d AS jsonb), "
                    "updated_at = now() WHERE collection = :c AND id = :i RETURNING doc"
                ),
                {"c": collection, "i": doc_id, "d": json.dumps(changes)},
            ).scalar()
        if doc is None:
            raise NotFound(f"{collection}/{doc_id} does not exist")
        return cast(JsonObject, doc)

    def get(self, collection: str, doc_id: str) -> JsonObject | None:
        with self._engine.connect() as conn:
            doc = conn.execute(
                sa.text("SELECT doc FROM status_documents WHERE collection = :c AND id = :i"),
                {"c": collection, "i": doc_id},
            ).scalar()
        return cast(JsonObject | None, doc)

    def list_idle(
        self, collection: str, *, states: Sequence[str], updated_before: datetime, limit: int
    ) -> list[JsonObject]:
        """Documents in one of ``states`` not updated since ``updated_before``, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT doc FROM status_documents WHERE collection = :c "
                    "AND doc->>'state' = ANY(:s) AND updated_at < :t "
                    "ORDER BY updated_at LIMIT :n"
                ),
                {"c": collection, "s": list(states), "t": updated_before, "n": limit},
            )
            return [cast(JsonObject, doc) for doc in rows.scalars()]

    def delete(self, collection: str, doc_id: str) -> None:
        """Remove the document (nothing happens when it is already gone)."""
        with self._engine.begin() as conn:
            conn.execute(
                sa.text("DELETE FROM status_documents WHERE collection = :c AND id = :i"),
                {"c": collection, "i": doc_id},
            )

    def list(
        self, collection: str, *, partner_id: str | None, limit: int = 100
    ) -> list[JsonObject]:
        query = (
            "SELECT doc FROM status_documents WHERE collection = :c "
            + ("AND partner_id = CAST(:p AS uuid) " if partner_id else "")
            + "ORDER BY updated_at DESC LIMIT :n"
        )
        with self._engine.connect() as conn:
            rows = conn.execute(sa.text(query), {"c": collection, "p": partner_id, "n": limit})
            return [cast(JsonObject, doc) for doc in rows.scalars()]
