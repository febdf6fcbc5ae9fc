"""Column mapping: which file column feeds which field, detected from headers and overridable."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from shared.batch.fields import BY_NAME, FIELDS, normalise_header
from shared.batch.presets import PRESETS
from shared.batch.sources import listed
from shared.errors import InvalidField


def _synonyms() -> dict[str, str]:
    """normalised header -> field, from field names, their synonyms and every preset."""
    table: dict[str, str] = {}
    for spec in FIELDS:
        for alias in spec.synonyms:
            table.setdefault(normalise_header(alias), spec.name)
    for preset in PRESETS.values():  # preset headers win: they are exact
        for header, name in preset.columns:
            table[normalise_header(header)] = name
    for spec in FIELDS:
        table[normalise_header(spec.name)] = spec.name
    return table


_SYNONYMS = _synonyms()
# Columns an import can never set (no mass assignment): the server or an admin assigns them.
SERVER_ASSIGNED = frozenset(
    normalise_header(name)
    for name in ("id", "partner_id", "partner", "tenant_id", "owner", "role", "user_id",
                 "client_id", "is_admin", "admin", "version", "created_at", "updated_at",
                 "deleted_at")
)  # fmt: skip


def why_ignored(column: str) -> str:
    """Why an unmapped column is not imported, in the report's words."""
    if normalise_header(column) in SERVER_ASSIGNED:
        return (
            f"column {column!r} is ignored: the server (or an admin) assigns it, an import "
            "cannot set it"
        )
    return f"column {column!r} matches no field and is ignored (map it to import it)"


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """file column -> field; unmapped columns are ignored (and listed)."""

    columns: dict[str, str]
    unmapped: tuple[str, ...] = ()
    missing_required: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        """For status documents and the API."""
        return {
            "columns": self.columns,
            "unmapped": list(self.unmapped),
            "ignored": [{"column": c, "reason": why_ignored(c)} for c in self.unmapped],
            "missing_required": list(self.missing_required),
        }


def detect_mapping(headers: Sequence[str]) -> ColumnMapping:
    """The mapping the headers suggest; the first column claiming a field wins."""
    columns: dict[str, str] = {}
    taken: set[str] = set()
    unmapped: list[str] = []
    for header in headers:
        name = _SYNONYMS.get(normalise_header(header))
        if name is None or name in taken:
            unmapped.append(header)
            continue
        columns[header] = name
        taken.add(name)
    return _finish(columns, unmapped)


def _finish(columns: dict[str, str], unmapped: list[str]) -> ColumnMapping:
    missing = (
        ()
        if "title" in columns.values()
        or "track_id" in columns.values()
        or "isrc" in columns.values()
        else ("title",)
    )
    return ColumnMapping(columns, tuple(unmapped), missing)


def override_mapping(
    headers: Sequence[str],
    overrides: Mapping[str, str | None],
    *,
    start: ColumnMapping | None = None,
) -> ColumnMapping:
    """The detected mapping with the user's choices applied (None or '' ignores a column)."""
    columns = dict((start or detect_mapping(headers)).columns)
    for column, name in overrides.items():
        if column not in headers:
            raise InvalidField(
                f"mapping.{column}",
                f"the file has no column {column!r} (columns: {listed(headers)})",
            )
        if not name:
            columns.pop(column, None)
            continue
        if name not in BY_NAME:
            raise InvalidField(
                f"mapping.{column}", f"{name!r} is not a field ({', '.join(BY_NAME)})"
            )
        for other, taken in list(columns.items()):
            if taken == name and other != column:
                del columns[other]
        columns[column] = name
    unmapped = [h for h in headers if h not in columns]
    return _finish(columns, unmapped)


def load_mapping_file(text: str) -> dict[str, str | None]:
    """A mapping file: a JSON object {"file column": "field" or null}."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidField(
            "mapping", f"is not JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in raw.items()
    ):
        raise InvalidField("mapping", 'must be a JSON object like {"Song Name": "title"}')
    return raw
