"""AnalyticsSink on BigQuery (GCP): streaming inserts into day-partitioned tables.

The schema of each known table is derived from its row dataclass (AiRequestEvent,
ProcessingEvent), so the rows the services write and the tables BigQuery holds cannot drift.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from google.api_core import exceptions as gcp_exceptions
from google.cloud import bigquery

from shared.domain.pipeline import (
    AI_REQUESTS_TABLE,
    PROCESSING_TABLE,
    AiRequestEvent,
    ProcessingEvent,
)
from shared.errors import InvalidField, Unavailable
from shared.ports import JsonObject

ROW_TYPES: dict[str, type] = {AI_REQUESTS_TABLE: AiRequestEvent, PROCESSING_TABLE: ProcessingEvent}
_BQ_TYPES = {str: "STRING", float: "FLOAT64", int: "INT64", bool: "BOOL", datetime: "TIMESTAMP"}
_PY_CHECKS: dict[str, tuple[type, ...]] = {
    "STRING": (str,),
    "FLOAT64": (int, float),
    "INT64": (int,),
    "BOOL": (bool,),
    "TIMESTAMP": (str,),
}


def schema_of(table: str) -> list[bigquery.SchemaField]:
    """The BigQuery schema of a known analytics table, from its row dataclass."""
    row_type = ROW_TYPES[table]
    hints = get_type_hints(row_type)
    fields = []
    for field in dataclasses.fields(row_type):
        python_type, nullable = _unwrap(hints[field.name])
        mode = "NULLABLE" if nullable else "REQUIRED"
        fields.append(bigquery.SchemaField(field.name, _BQ_TYPES[python_type], mode=mode))
    return fields


def _unwrap(hint: Any) -> tuple[type, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        return args[0], True
    return hint, False


def check_rows(table: str, rows: Sequence[JsonObject]) -> None:
    """InvalidField naming the row and column that does not fit the table's schema."""
    if table not in ROW_TYPES:
        return
    schema = schema_of(table)
    for index, row in enumerate(rows):
        unknown = set(row) - {f.name for f in schema}
        if unknown:
            raise InvalidField(f"{table}[{index}]", f"unknown columns {sorted(unknown)}")
        for field in schema:
            value = row.get(field.name)
            if value is None and field.mode == "REQUIRED":
                raise InvalidField(f"{table}[{index}].{field.name}", "is required")
            bad_bool = isinstance(value, bool) and field.field_type != "BOOL"
            if value is not None and (
                bad_bool or not isinstance(value, _PY_CHECKS[field.field_type])
            ):
                raise InvalidField(
                    f"{table}[{index}].{field.name}", f"{value!r} is not {field.field_type}"
                )


def _row_id(row: JsonObject) -> str:
    """A stable insert id: BigQuery drops a retried duplicate within its dedup window."""
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()


class BigQueryAnalyticsSink:
    """Rows streamed into ``project.dataset.table``; reads with a parameterised query."""

    def __init__(self, client: bigquery.Client, dataset: str, *, timeout_s: float) -> None:
        self._client = client
        self._dataset = f"{client.project}.{dataset}"
        self._timeout_s = timeout_s

    @classmethod
    def connect(cls, project: str, dataset: str, *, timeout_s: float) -> BigQueryAnalyticsSink:
        """A sink on the project's BigQuery with application default credentials."""
        return cls(bigquery.Client(project=project), dataset, timeout_s=timeout_s)

    def ensure_tables(self) -> None:
        """Create the dataset and every known table (day-partitioned on event_time)."""
        try:
            self._client.create_dataset(self._dataset, exists_ok=True, timeout=self._timeout_s)
            for name in ROW_TYPES:
                table = bigquery.Table(f"{self._dataset}.{name}", schema=schema_of(name))
                table.time_partitioning = bigquery.TimePartitioning(field="event_time")
                self._client.create_table(table, exists_ok=True, timeout=self._timeout_s)
        except gcp_exceptions.GoogleAPIError as exc:
            raise Unavailable(f"BigQuery refused the analytics tables: {exc}") from exc

    def insert_rows(self, table: str, rows: Sequence[JsonObject]) -> None:
        """Stream rows; Unavailable when BigQuery fails or rejects any of them."""
        if not rows:
            return
        check_rows(table, rows)
        try:
            errors = self._client.insert_rows_json(
                f"{self._dataset}.{table}",
                list(rows),
                row_ids=[_row_id(r) for r in rows],
                timeout=self._timeout_s,
            )
        except gcp_exceptions.GoogleAPIError as exc:
            raise Unavailable(f"BigQuery insert into {table} failed: {exc}") from exc
        if errors:
            raise Unavailable(f"BigQuery rejected rows of {table}: {errors[:3]}")

    def read_rows(self, table: str, *, since: datetime | None = None) -> list[JsonObject]:
        """Rows of ``table`` (since ``since``), oldest first."""
        sql = f"SELECT TO_JSON_STRING(t) AS row FROM `{self._dataset}.{table}` AS t"
        params = []
        if since is not None:
            sql += " WHERE t.event_time >= @since"
            params.append(bigquery.ScalarQueryParameter("since", "TIMESTAMP", since))
        config = bigquery.QueryJobConfig(query_parameters=params)
        try:
            result = self._client.query(sql + " ORDER BY t.event_time", job_config=config)
            return [json.loads(row["row"]) for row in result.result(timeout=self._timeout_s)]
        except gcp_exceptions.GoogleAPIError as exc:
            raise Unavailable(f"BigQuery query of {table} failed: {exc}") from exc
