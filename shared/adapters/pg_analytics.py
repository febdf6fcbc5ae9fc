"""AnalyticsSink on a PostgreSQL table (BigQuery's role in local mode)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import cast

import sqlalchemy as sa

from shared.ports import JsonObject


class PostgresAnalyticsSink:
    """Rows appended as JSONB under a table name, read back for reports."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def insert_rows(self, table: str, rows: Sequence[JsonObject]) -> None:
        if not rows:
            return
        with self._engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO analytics_events (table_name, row_data) "
                    "VALUES (:t, CAST(:r AS jsonb))"
                ),
                [{"t": table, "r": json.dumps(row, default=str)} for row in rows],
            )

    def read_rows(self, table: str, *, since: datetime | None = None) -> list[JsonObject]:
        query = "SELECT row_data FROM analytics_events WHERE table_name = :t"
        if since is not None:
            query += " AND inserted_at >= :since"
        with self._engine.connect() as conn:
            rows = conn.execute(sa.text(query + " ORDER BY id"), {"t": table, "since": since})
            return [cast(JsonObject, row) for row in rows.scalars()]
