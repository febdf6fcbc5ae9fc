"""Catalog exports streamed straight out of PostgreSQL with COPY ... TO STDOUT.

The rows never pass through Python objects: PostgreSQL formats each cell (durations as m:ss,
copyright lines as "2026 Owner", formula-dangerous cells neutralised by catalog_csv_cell) and
pg8000 hands the bytes to the output file as they arrive, so memory stays flat for any size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

import sqlalchemy as sa

from shared.batch.presets import AI_UNREVIEWED

_CLOCK = """CASE WHEN t.duration_ms IS NULL THEN NULL ELSE
    CASE WHEN t.duration_ms >= 3600000 THEN (t.duration_ms / 3600000)::text || ':' ||
         lpad(mod(t.duration_ms / 60000, 60)::text, 2, '0')
         ELSE (t.duration_ms / 60000)::text END || ':' ||
    lpad(mod(t.duration_ms / 1000, 60)::text, 2, '0') ||
    CASE WHEN mod(t.duration_ms, 1000) <> 0
         THEN '.' || rtrim(lpad(mod(t.duration_ms, 1000)::text, 3, '0'), '0') ELSE '' END END"""


def _line(column: str) -> str:
    year, text = f"coalesce({column}->>'year', '')", f"({column}->>'text')"
    return f"CASE WHEN {column} IS NOT NULL THEN trim({year} || ' ' || {text}) END"


# the fields whose value an AI set and no person reviewed (accepting one makes it a person's)
_AI_KEYS = "FROM jsonb_each(t.provenance) p WHERE p.value->>'source' = 'ai'"

# field -> (CSV expression, JSON expression)
_TEXT = "catalog_csv_cell({})"
EXPRESSIONS: dict[str, tuple[str, str]] = {
    "track_id": ("t.id::text", "t.id"),
    "isrc": ("t.isrc", "t.isrc"),
    "title": (_TEXT.format("t.title"), "t.title"),
    "version_title": (_TEXT.format("t.version_title"), "t.version_title"),
    "display_artist": (_TEXT.format("t.display_artist"), "t.display_artist"),
    "duration": (_CLOCK, _CLOCK),
    "genre": (_TEXT.format("t.genre"), "t.genre"),
    "sub_genre": (_TEXT.format("t.sub_genre"), "t.sub_genre"),
    "explicit": ("CASE WHEN t.explicit THEN 'yes' WHEN NOT t.explicit THEN 'no' END", "t.explicit"),
    "language": ("t.language", "t.language"),
    "track_number": ("t.track_number::text", "t.track_number"),
    "disc_number": ("t.disc_number::text", "t.disc_number"),
    "p_line": (_TEXT.format(_line("t.p_line")), _line("t.p_line")),
    "iswc": ("w.iswc", "w.iswc"),
    "bpm": ("rtrim(rtrim(t.bpm::text, '0'), '.')", "t.bpm"),
    "key": ("t.musical_key", "t.musical_key"),
    "vocals": ("t.vocals", "t.vocals"),
    "vocal_gender": ("t.vocal_gender", "t.vocal_gender"),
    "preview_start_s": ("t.preview_start_s::text", "t.preview_start_s"),
    "release_id": ("r.id::text", "r.id"),
    "upc": ("r.upc", "r.upc"),
    "release_title": (_TEXT.format("r.title"), "r.title"),
    "release_version": (_TEXT.format("r.version_title"), "r.version_title"),
    "release_artist": (_TEXT.format("r.display_artist"), "r.display_artist"),
    "label": (_TEXT.format("r.label_name"), "r.label_name"),
    "release_date": ("r.release_date::text", "r.release_date"),
    "original_release_date": ("r.original_release_date::text", "r.original_release_date"),
    "release_type": ("r.release_type", "r.release_type"),
    "catalog_number": (_TEXT.format("r.catalog_number"), "r.catalog_number"),
    "c_line": (_TEXT.format(_line("r.c_line")), _line("r.c_line")),
    "release_genre": (_TEXT.format("r.genre"), "r.genre"),
    "parental_advisory": ("r.parental_advisory", "r.parental_advisory"),
    AI_UNREVIEWED: (
        f"(SELECT string_agg(p.key, ';' ORDER BY p.key) {_AI_KEYS})",
        f"(SELECT json_agg(p.key ORDER BY p.key) {_AI_KEYS})",
    ),
}
_FROM = """FROM tracks t
LEFT JOIN releases r ON r.partner_id = t.partner_id AND r.id = t.release_id AND r.deleted_at IS NULL
LEFT JOIN works w ON w.partner_id = t.partner_id AND w.id = t.work_id AND w.deleted_at IS NULL"""
_ORDER = (
    "ORDER BY r.title NULLS LAST, r.id, t.disc_number NULLS FIRST, t.track_number, t.title, t.id"
)


def _where(partner_id: UUID, release_ids: Sequence[UUID]) -> str:
    # COPY takes no bind parameters: ids are inlined, and they are UUIDs we parsed (no injection)
    where = f"WHERE t.partner_id = '{UUID(str(partner_id))}' AND t.deleted_at IS NULL"
    if release_ids:
        listed = ", ".join(f"'{UUID(str(i))}'" for i in release_ids)
        where += f" AND t.release_id IN ({listed})"
    return where


def csv_select(partner_id: UUID, fields: Sequence[str], release_ids: Sequence[UUID]) -> str:
    """The SELECT a CSV export copies out (tests EXPLAIN it)."""
    columns = ", ".join(EXPRESSIONS[name][0] for name in fields)
    return f"SELECT {columns} {_FROM} {_where(partner_id, release_ids)} {_ORDER}"


class ByteSink(Protocol):
    """Where COPY writes: a file, or anything with write(bytes)."""

    def write(self, data: bytes, /) -> int: ...


class ExportRepository:
    """Streams a partner's tracks as CSV or JSON lines."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def count_tracks(self, partner_id: UUID, release_ids: Sequence[UUID] = ()) -> int:
        """How many rows an export will have."""
        query = f"SELECT count(*) FROM tracks t {_where(partner_id, release_ids)}"
        return int(self._conn.execute(sa.text(query)).scalar() or 0)

    def copy_csv(
        self, partner_id: UUID, fields: Sequence[str], release_ids: Sequence[UUID], out: ByteSink
    ) -> None:
        """The rows (no header) as CSV into ``out``."""
        query = f"COPY ({csv_select(partner_id, fields, release_ids)}) TO STDOUT WITH (FORMAT csv)"
        self._copy_out(query, out)

    def copy_json_lines(
        self,
        partner_id: UUID,
        fields: Sequence[tuple[str, str]],
        release_ids: Sequence[UUID],
        out: ByteSink,
    ) -> None:
        """One JSON object per line (key, field) into ``out``; nulls are left out."""
        pairs = ", ".join(f"'{key}', {EXPRESSIONS[name][1]}" for key, name in fields)
        # CSV format with control characters as delimiter and quote: JSON text never contains
        # them (it escapes every control character), so each line is written exactly as built
        query = (
            f"COPY (SELECT json_strip_nulls(json_build_object({pairs}))::text {_FROM} "
            f"{_where(partner_id, release_ids)} {_ORDER}) TO STDOUT WITH "
            "(FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')"
        )
        self._copy_out(query, out)

    def _copy_out(self, query: str, out: ByteSink) -> None:
        driver = self._conn.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(query, stream=out)
        finally:
            cursor.close()
