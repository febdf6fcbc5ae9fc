"""What a catalog list asks for: filters, a sort, and where the previous page ended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

# fields the "missing" and "invalid" filters accept, per kind
MISSING_FIELDS: dict[str, frozenset[str]] = {
    "track": frozenset({"isrc", "genre", "bpm", "key", "display_artist", "release_id",
                        "work_id", "duration_ms", "language", "p_line", "explicit", "moods",
                        "vocals", "vocal_gender"}),
    "release": frozenset({"upc", "genre", "display_artist", "label_name", "release_date",
                          "p_line", "c_line", "artwork"}),
    "work": frozenset({"iswc", "language"}),
    "party": frozenset({"isni", "ipi_name_number"}),
    "deal": frozenset({"end_date"}),
}  # fmt: skip
INVALID_FIELDS: dict[str, frozenset[str]] = {
    "track": frozenset({"isrc"}),
    "release": frozenset({"upc"}),
    "work": frozenset({"iswc"}),
    "party": frozenset({"isni", "ipi_name_number"}),
    "deal": frozenset(),
}
SORTS: dict[str, tuple[str, ...]] = {
    "track": ("created_at", "updated_at", "title", "display_artist", "isrc", "bpm", "genre",
              "track_number", "release"),  # release: the release's title
    "release": ("created_at", "updated_at", "title", "release_date", "upc", "display_artist"),
    "work": ("created_at", "updated_at", "title", "iswc"),
    "party": ("created_at", "updated_at", "name"),
    "deal": ("created_at", "updated_at", "start_date"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort value and id of its last row."""

    value: Any
    id: UUID


@dataclass(frozen=True, slots=True)
class CatalogQuery:
    """Filters of a catalog list; None means "any"."""

    text: str | None = None  # fuzzy title / artist / name search (pg_trgm)
    isrc: str | None = None
    upc: str | None = None
    iswc: str | None = None
    genre: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    key: str | None = None  # "A minor", already normalised
    vocals: str | None = None
    vocal_gender: str | None = None
    status: str | None = None
    release_id: UUID | None = None
    work_id: UUID | None = None
    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    low_confidence: bool = False
    validation: str | None = None  # failed | valid | unchecked: the release's last result
    territories: frozenset[str] = frozenset()  # the caller's; empty = unrestricted
    ids: tuple[UUID, ...] = ()
    sort: str = "created_at"
    descending: bool = False
    after: Cursor | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class Page:
    """One page of objects and the cursor of the next, if any."""

    items: list[Any]
    next_cursor: Cursor | None
