"""Bulk import into the catalog: COPY into a staging table, then set-based upserts.

Rows stream into a temporary table with COPY (pg8000's stream parameter), inside the unit of
work's transaction; then a handful of statements match rows to existing tracks (by id, then
ISRC), releases (by id, UPC, then title and artist) and works (by ISWC), report rows that cannot
be applied, and insert or update everything at once. Every imported value carries an ``import``
provenance naming the job and the row. Nothing is visible to others until the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import pg8000.dbapi
import sqlalchemy as sa

from shared.batch.rows import STAGING_COLUMNS, RowProblem
from shared.db import fresh_partition
from shared.db.engine import describe_db_error
from shared.domain.provenance import ROW_STAMP
from shared.domain.records import ImportStamp
from shared.domain.touched import TouchedRecords
from shared.errors import InvalidInput, Unavailable

_STAGING_DDL = """
CREATE TEMP TABLE import_rows (
    row_no integer PRIMARY KEY, release_key text, track_id uuid, isrc text, title text,
    version_title text, display_artist text, duration_ms integer, genre text, sub_genre text,
    explicit boolean, language text, track_number integer, disc_number integer,
    p_line_year integer, p_line_text text, iswc text, bpm numeric(6, 2), musical_key text,
    release_id uuid, upc text, release_title text, release_version text, release_artist text,
    label text, release_date date, original_release_date date, release_type text,
    catalog_number text, c_line_year integer, c_line_text text, release_genre text,
    parental_advisory text, vocals text, vocal_gender text, preview_start_s double precision
) ON COMMIT DROP
"""

_TARGETS = """
CREATE TEMP TABLE import_targets ON COMMIT DROP AS
SELECT s.row_no,
       coalesce(by_id.id, by_isrc.id, CASE WHEN s.track_id IS NOT NULL AND taken.id IS NULL
                                           THEN s.track_id ELSE gen_random_uuid() END) AS target_id,
       (by_id.id IS NOT NULL OR by_isrc.id IS NOT NULL) AS existing
FROM import_rows s
LEFT JOIN tracks by_id
       ON by_id.partner_id = :p AND by_id.id = s.track_id AND by_id.deleted_at IS NULL
LEFT JOIN (SELECT DISTINCT ON (isrc) isrc, id FROM tracks
           WHERE partner_id = :p AND isrc IS NOT NULL AND deleted_at IS NULL
           ORDER BY isrc, created_at) by_isrc
       ON by_isrc.isrc = s.isrc AND by_id.id IS NULL
LEFT JOIN tracks taken ON taken.partner_id = :p AND taken.id = s.track_id
"""

_TARGET_PROBLEMS = """
SELECT row_no, 'track', 'this row and row ' || first || ' are the same track (same ' ||
       CASE WHEN isrc IS NOT NULL THEN 'ISRC ' || isrc ELSE 'track_id' END || ')'
FROM (SELECT g.row_no, s.isrc, min(g.row_no) OVER (PARTITION BY
             CASE WHEN g.existing THEN g.target_id::text
                  ELSE coalesce('isrc:' || s.isrc, 'id:' || s.track_id::text, g.target_id::text) END
             ) AS first
      FROM import_targets g JOIN import_rows s USING (row_no)) d
WHERE row_no <> first
UNION ALL
SELECT g.row_no, 'title', 'the track is not in the catalog yet, so the row needs a title'
FROM import_targets g JOIN import_rows s USING (row_no)
WHERE NOT g.existing AND s.title IS NULL
"""


def _first(column: str) -> str:
    return (
        f"(array_agg({column} ORDER BY row_no) FILTER (WHERE {column} IS NOT NULL))[1] AS {column}"
    )


_RELEASE_COLUMNS = (
    "release_id",
    "upc",
    "release_title",
    "release_version",
    "release_artist",
    "label",
    "release_date",
    "original_release_date",
    "release_type",
    "catalog_number",
    "c_line_year",
    "c_line_text",
    "release_genre",
    "parental_advisory",
)
_RELEASES = f"""
CREATE TEMP TABLE import_releases ON COMMIT DROP AS
SELECT release_key, min(row_no) AS row_no, {", ".join(_first(c) for c in _RELEASE_COLUMNS)},
       NULL::uuid AS target_id, false AS existing
FROM import_rows WHERE release_key IS NOT NULL GROUP BY release_key
"""
_MATCH_RELEASES = (
    """UPDATE import_releases i SET target_id = r.id, existing = true FROM releases r
       WHERE r.partner_id = :p AND r.deleted_at IS NULL AND r.id = i.release_id""",
    """UPDATE import_releases i SET target_id = m.id, existing = true
       FROM (SELECT DISTINCT ON (upc) upc, id FROM releases
             WHERE partner_id = :p AND deleted_at IS NULL AND upc IS NOT NULL
             ORDER BY upc, created_at) m
       WHERE i.target_id IS NULL AND i.upc = m.upc""",
    """UPDATE import_releases i SET target_id = m.id, existing = true
       FROM (SELECT DISTINCT ON (lower(title), lower(coalesce(display_artist, '')))
                    lower(title) AS title, lower(coalesce(display_artist, '')) AS artist, id
             FROM releases WHERE partner_id = :p AND deleted_at IS NULL
             ORDER BY lower(title), lower(coalesce(display_artist, '')), created_at) m
       WHERE i.target_id IS NULL AND i.release_id IS NULL AND i.upc IS NULL
         AND m.title = lower(i.release_title)
         AND m.artist = lower(coalesce(i.release_artist, ''))""",
    """UPDATE import_releases i SET target_id =
           CASE WHEN i.release_id IS NOT NULL AND NOT EXISTS
                     (SELECT 1 FROM releases r WHERE r.partner_id = :p AND r.id = i.release_id)
                THEN i.release_id ELSE gen_random_uuid() END
       WHERE target_id IS NULL""",
)
_RELEASE_PROBLEMS = """
SELECT s.row_no, 'release_title',
       'the release (' || coalesce('UPC ' || i.upc, 'id ' || i.release_id::text) ||
       ') is not in the catalog yet, so a release_title is needed to create it'
FROM import_rows s JOIN import_releases i USING (release_key)
WHERE NOT i.existing AND i.release_title IS NULL
"""
_WORKS = (
    """CREATE TEMP TABLE import_works ON COMMIT DROP AS
       SELECT iswc, (array_agg(title ORDER BY row_no) FILTER (WHERE title IS NOT NULL))[1] AS title,
              min(row_no) AS row_no, NULL::uuid AS work_id, false AS existing
       FROM import_rows WHERE iswc IS NOT NULL GROUP BY iswc""",
    """UPDATE import_works i SET work_id = w.id, existing = true
       FROM (SELECT DISTINCT ON (iswc) iswc, id FROM works
             WHERE partner_id = :p AND deleted_at IS NULL AND iswc IS NOT NULL
             ORDER BY iswc, created_at) w
       WHERE w.iswc = i.iswc""",
    "UPDATE import_works SET work_id = gen_random_uuid() WHERE work_id IS NULL",
)


_IMPORT_MARK = """CAST('{"source": "import"}' AS jsonb)"""


def _provenance(fields: dict[str, str]) -> str:
    """A new row's provenance: the row's import stamp (``prov.value``) once, and a mark for
    each field the row fills (shared.domain.provenance.stored_entries reads them back)."""
    pairs = ", ".join(
        f"'{name}', CASE WHEN {expr} IS NOT NULL THEN {_IMPORT_MARK} END"
        for name, expr in fields.items()
    )
    return f"jsonb_strip_nulls(jsonb_build_object('{ROW_STAMP}', prov.value, {pairs}))"


def _provenance_of(row: str) -> str:
    """The row's import provenance, built once per row and shared by its fields."""
    return (
        "CROSS JOIN LATERAL (SELECT jsonb_build_object('source', 'import', "
        "'at', CAST(:at AS text), 'actor', CAST(:actor AS text), "
        f"'detail', CAST(:detail AS text) || {row}.row_no) AS value) prov"
    )


_PERSON_PROVENANCE = {"musical_key": ("musical_key", "key")}  # the API records the key as "key"


def _person_set(column: str, alias: str) -> str:
    """True when the stored row's value was set by a person and the import keeps those."""
    names = _PERSON_PROVENANCE.get(column, (column,))
    checks = " OR ".join(f"{alias}.provenance->'{name}'->>'source' = 'human'" for name in names)
    return f"(:keep_person_values AND ({checks}))"


def _kept_updates(values: dict[str, str], alias: str) -> str:
    """SET clauses: a file's value replaces the stored one unless a person set it and is kept."""
    return ",\n    ".join(
        f"{column} = CASE WHEN {_person_set(column, alias)} THEN {alias}.{column} "
        f"ELSE coalesce({value}, {alias}.{column}) END"
        for column, value in values.items()
    )


def _kept_provenance(fields: dict[str, str], alias: str) -> str:
    """Import provenance for the values a row actually changes (not the ones kept)."""
    pairs = ", ".join(
        f"'{name}', CASE WHEN {expr} IS NOT NULL AND NOT {_person_set(name, alias)} "
        "THEN prov.value END"
        for name, expr in fields.items()
    )
    return f"jsonb_strip_nulls(jsonb_build_object({pairs}))"


_RELEASE_FIELDS = {
    "title": "i.release_title",
    "version_title": "i.release_version",
    "upc": "i.upc",
    "display_artist": "i.release_artist",
    "label_name": "i.label",
    "release_date": "i.release_date",
    "original_release_date": "i.original_release_date",
    "release_type": "i.release_type",
    "catalog_number": "i.catalog_number",
    "c_line": "i.c_line_text",
    "genre": "i.release_genre",
    "parental_advisory": "i.parental_advisory",
}
_LINE = (
    "CASE WHEN {p}_text IS NOT NULL THEN jsonb_build_object('text', {p}_text, 'year', {p}_year) END"
)
_INSERT_RELEASES = f"""
INSERT INTO releases (partner_id, id, title, version_title, release_type, upc, catalog_number,
                      display_artist, label_name, release_date, original_release_date, c_line,
                      genre, parental_advisory, provenance, created_at, updated_at)
SELECT :p, i.target_id, i.release_title, i.release_version, coalesce(i.release_type, 'Album'),
       i.upc, i.catalog_number, i.release_artist, i.label, i.release_date,
       i.original_release_date, {_LINE.format(p="i.c_line")}, i.release_genre,
       coalesce(i.parental_advisory, 'NoAdviceAvailable'), {_provenance(_RELEASE_FIELDS)},
       :now, :now
FROM import_releases i {_provenance_of("i")}
WHERE NOT i.existing
"""
_RELEASE_VALUES = {
    "title": "i.release_title", "version_title": "i.release_version",
    "release_type": "i.release_type", "upc": "i.upc", "catalog_number": "i.catalog_number",
    "display_artist": "i.release_artist", "label_name": "i.label",
    "release_date": "i.release_date", "original_release_date": "i.original_release_date",
    "c_line": _LINE.format(p="i.c_line"), "genre": "i.release_genre",
    "parental_advisory": "i.parental_advisory",
}  # fmt: skip
"""Each release column an import updates and the value its rows bring for it."""
_RELEASE_FIELD_NAMES = {
    "title": "release_title", "version_title": "release_version",
    "display_artist": "release_artist", "label_name": "label", "genre": "release_genre",
}  # fmt: skip
"""The import's field names of release columns whose names differ (for the report)."""
_UPDATE_RELEASES = f"""
UPDATE releases r SET
    {_kept_updates(_RELEASE_VALUES, "r")},
    provenance = r.provenance || {_kept_provenance(_RELEASE_FIELDS, "r")},
    version = r.version + 1, updated_at = :now
FROM import_releases i {_provenance_of("i")}
WHERE i.existing AND r.partner_id = :p AND r.id = i.target_id
"""
_TRACK_FIELDS = {
    "isrc": "s.isrc",
    "title": "s.title",
    "version_title": "s.version_title",
    "display_artist": "s.display_artist",
    "duration_ms": "s.duration_ms",
    "genre": "s.genre",
    "sub_genre": "s.sub_genre",
    "explicit": "s.explicit",
    "language": "s.language",
    "track_number": "s.track_number",
    "disc_number": "s.disc_number",
    "p_line": "s.p_line_text",
    "bpm": "s.bpm",
    "musical_key": "s.musical_key",
    "vocals": "s.vocals",
    "vocal_gender": "s.vocal_gender",
    "preview_start_s": "s.preview_start_s",
    "release_id": "s.release_key",
    "work_id": "s.iswc",
}
_TRACK_SOURCE = """
FROM import_rows s
JOIN import_targets g USING (row_no)
LEFT JOIN import_releases r USING (release_key)
LEFT JOIN import_works w USING (iswc)
""" + _provenance_of("s")
_INSERT_TRACKS = f"""
INSERT INTO tracks (partner_id, id, release_id, work_id, isrc, title, version_title,
                    display_artist, duration_ms, genre, sub_genre, bpm, musical_key, explicit,
                    language, p_line, disc_number, track_number, vocals, vocal_gender,
                    preview_start_s, provenance, created_at, updated_at)
SELECT :p, g.target_id, r.target_id, w.work_id, s.isrc, s.title, s.version_title,
       s.display_artist, s.duration_ms, s.genre, s.sub_genre, s.bpm, s.musical_key, s.explicit,
       s.language, {_LINE.format(p="s.p_line")}, s.disc_number, s.track_number, s.vocals,
       s.vocal_gender, s.preview_start_s, {_provenance(_TRACK_FIELDS)}, :now, :now
{_TRACK_SOURCE}
WHERE NOT g.existing
"""
_INSERT_TRACKS_IN_KEY_ORDER = _INSERT_TRACKS + "ORDER BY g.target_id\n"
"""Into a partition that has its indexes: rows in primary-key order land at the right edge of
the key's btree and of the (created_at, id) and (updated_at, id) ones (one time for the whole
import), where random uuids touched a random page of each per row (1M rows into the DEFAULT
partition: 57.8 s -> 51.3 s, the sort included)."""
_MARK_FOR_VALIDATION = """
INSERT INTO validation_dirty (partner_id, release_id)
SELECT DISTINCT partner_id, release_id FROM {table} WHERE release_id IS NOT NULL
"""
"""What the statement trigger on ``tracks`` (0700) does for an INSERT, for rows loaded into a
table that is not yet a partition (the parent's statement triggers do not fire for it)."""
_TRACK_VALUES = {
    "release_id": "r.target_id", "work_id": "w.work_id", "isrc": "s.isrc", "title": "s.title",
    "version_title": "s.version_title", "display_artist": "s.display_artist",
    "duration_ms": "s.duration_ms", "genre": "s.genre", "sub_genre": "s.sub_genre",
    "bpm": "s.bpm", "musical_key": "s.musical_key", "vocals": "s.vocals",
    "vocal_gender": "s.vocal_gender", "preview_start_s": "s.preview_start_s",
    "explicit": "s.explicit", "language": "s.language", "p_line": _LINE.format(p="s.p_line"),
    "disc_number": "s.disc_number", "track_number": "s.track_number",
}  # fmt: skip
"""Each track column an import updates and the value a row brings for it."""
_UPDATE_TRACKS = f"""
UPDATE tracks t SET
    {_kept_updates(_TRACK_VALUES, "t")},
    provenance = t.provenance || {_kept_provenance(_TRACK_FIELDS, "t")},
    version = t.version + 1, updated_at = :now
{_TRACK_SOURCE}
WHERE g.existing AND t.partner_id = :p AND t.id = g.target_id
"""
_TRACK_VALUES_KEPT = [
    f"""SELECT s.row_no, '{column}', 'a person set ' || coalesce(t.{column}::text, 'nothing')
       || '; the file''s ' || ({value})::text || ' was kept out (choose overwrite to apply it)'
FROM import_rows s JOIN import_targets g USING (row_no)
LEFT JOIN import_releases r USING (release_key)
JOIN tracks t ON t.partner_id = :p AND t.id = g.target_id
WHERE g.existing AND ({value}) IS NOT NULL AND {_person_set(column, "t")}
  AND ({value}) IS DISTINCT FROM t.{column}"""
    for column, value in _TRACK_VALUES.items()
    if column != "work_id"  # works are matched in apply(); a row only links a work by ISWC
]
_RELEASE_VALUES_KEPT = [
    f"""SELECT i.row_no, '{_RELEASE_FIELD_NAMES.get(column, column)}',
       'a person set the release''s ' || coalesce(r.{column}::text, 'nothing')
       || '; the file''s ' || ({value})::text || ' was kept out (choose overwrite to apply it)'
FROM import_releases i JOIN releases r ON r.partner_id = :p AND r.id = i.target_id
WHERE i.existing AND ({value}) IS NOT NULL AND {_person_set(column, "r")}
  AND ({value}) IS DISTINCT FROM r.{column}"""
    for column, value in _RELEASE_VALUES.items()
]
_PERSON_VALUES_KEPT = (
    "\nUNION ALL\n".join(_TRACK_VALUES_KEPT + _RELEASE_VALUES_KEPT) + "\nORDER BY 1, 2"
)
_INSERT_WORKS = """
INSERT INTO works (partner_id, id, title, iswc, provenance, created_at, updated_at)
SELECT :p, i.work_id, coalesce(i.title, i.iswc), i.iswc,
       jsonb_build_object('iswc', jsonb_build_object('source', 'import', 'at', CAST(:at AS text),
                          'actor', CAST(:actor AS text),
                          'detail', CAST(:detail AS text) || i.row_no)),
       :now, :now
FROM import_works i WHERE NOT i.existing
"""
_COUNTS = """
SELECT (SELECT count(*) FROM import_targets WHERE NOT existing) AS tracks_created,
       (SELECT count(*) FROM import_targets WHERE existing) AS tracks_updated,
       (SELECT count(*) FROM import_releases WHERE NOT existing) AS releases_created,
       (SELECT count(*) FROM import_releases WHERE existing) AS releases_updated,
       (SELECT count(*) FROM import_works WHERE NOT existing) AS works_created,
       (SELECT count(*) FROM import_works WHERE existing) AS works_linked
"""


def _params(stamp: ImportStamp, *, keep_person_values: bool = True) -> dict[str, Any]:
    """Bind parameters shared by the statements."""
    return {
        "keep_person_values": keep_person_values,
        "p": stamp.partner_id,
        "now": stamp.now,
        "at": stamp.now.isoformat(),
        "actor": stamp.actor,
        "detail": f"import {stamp.job_id} row ",
    }


_LIST_TOUCHED_UP_TO = 10_000
_ANY_EXISTING = (
    "SELECT EXISTS (SELECT 1 FROM import_targets WHERE existing) "
    "OR EXISTS (SELECT 1 FROM import_releases WHERE existing)"
)
IMPORT_WORK_MEM = "64MB"
"""Memory for each hash and sort of an import's statements (the server's default, 4MB, sends
a million staged rows to temporary files; PostgreSQL gives hashes twice this)."""


class BulkImportRepository:
    """Staging, matching and applying one bulk import inside the caller's transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def begin(self) -> None:
        """Create the staging table (inside ``long_statements``: bulk statements take time).
        The transaction's joins and sorts get ``IMPORT_WORK_MEM`` each, so matching a million
        staged rows hashes and sorts in memory instead of in temporary files."""
        self._conn.exec_driver_sql(f"SET LOCAL work_mem = '{IMPORT_WORK_MEM}'")
        self._conn.execute(sa.text(_STAGING_DDL))

    def copy_rows(self, chunks: Iterable[bytes]) -> None:
        """COPY CSV chunks (rows in STAGING_COLUMNS order) into the staging table."""
        driver = self._conn.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(
                f"COPY import_rows ({', '.join(STAGING_COLUMNS)}) FROM STDIN WITH (FORMAT csv)",
                stream=chunks,
            )
        except pg8000.dbapi.DatabaseError as exc:  # the driver's cursor: SQLAlchemy never sees it
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            if str(fields.get("C", "")).startswith("22"):  # a data exception: permanent
                raise InvalidInput(
                    "the database refused a value of this file "
                    f"({fields.get('M', 'a data exception')}); nothing was imported"
                ) from None
            raise Unavailable(f"PostgreSQL: {describe_db_error(exc)}") from exc
        finally:
            cursor.close()

    def match_tracks(self, stamp: ImportStamp) -> list[RowProblem]:
        """Decide each row's track (existing or new); rows that cannot be applied. From here to
        the commit, imports of one partner take turns (a transaction-level advisory lock), so
        two of them never both decide that the same ISRC is new."""
        self._conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended('catalog.import:' || :p, 0))"),
            {"p": str(stamp.partner_id)},
        )
        self._conn.execute(sa.text(_TARGETS), _params(stamp))
        return self._problems(_TARGET_PROBLEMS)

    def match_releases(self, stamp: ImportStamp) -> list[RowProblem]:
        """Decide each release (existing or new); rows whose release cannot be created."""
        self._conn.execute(sa.text(_RELEASES))
        for statement in _MATCH_RELEASES:
            self._conn.execute(sa.text(statement), _params(stamp))
        return self._problems(_RELEASE_PROBLEMS)

    def drop_rows(self, rows: Iterable[int], *, releases: bool = False) -> None:
        """Leave these rows out (skip-invalid mode); ``releases`` once they are matched too."""
        numbers = sorted(set(rows))
        if not numbers:
            return
        for table in ("import_rows", "import_targets"):
            self._conn.execute(
                sa.text(f"DELETE FROM {table} WHERE row_no = ANY(:rows)"), {"rows": numbers}
            )
        if releases:
            self._conn.execute(
                sa.text(
                    "DELETE FROM import_releases i WHERE NOT EXISTS "
                    "(SELECT 1 FROM import_rows s WHERE s.release_key = i.release_key)"
                )
            )

    def person_values_kept(self, stamp: ImportStamp) -> list[RowProblem]:
        """Values of existing tracks and releases a person set that rows would change (kept by
        default). Nothing to look at when every row creates its track and release."""
        if not self._conn.execute(sa.text(_ANY_EXISTING)).scalar():
            return []
        rows = self._conn.execute(sa.text(_PERSON_VALUES_KEPT), _params(stamp)).all()
        return [RowProblem(int(row[0]), str(row[1]), str(row[2])) for row in rows]

    def apply(
        self,
        stamp: ImportStamp,
        *,
        keep_person_values: bool = True,
        own_partition_from: int | None = None,
    ) -> dict[str, int]:
        """Insert and update releases, works and tracks (values a person set on them stay
        unless ``keep_person_values`` is False); the counts of each. An import creating at
        least ``own_partition_from`` tracks of a partner that has none loads them into an own
        partition indexed once (shared/db/fresh_partition.py)."""
        params = _params(stamp, keep_person_values=keep_person_values)
        for statement in _WORKS:
            self._conn.execute(sa.text(statement), params)
        counts = {
            key: int(value)
            for key, value in self._conn.execute(sa.text(_COUNTS)).mappings().one().items()
        }
        steps = (
            (_INSERT_WORKS, "works_created"),
            (_INSERT_RELEASES, "releases_created"),
            (_UPDATE_RELEASES, "releases_updated"),
            (_INSERT_TRACKS_IN_KEY_ORDER, "tracks_created"),
            (_UPDATE_TRACKS, "tracks_updated"),
        )
        fresh = (
            own_partition_from is not None
            and counts["tracks_created"] >= own_partition_from
            and not counts["tracks_updated"]
            and fresh_partition.can_load_fresh(self._conn, stamp.partner_id)
        )
        for statement, count in steps:
            if fresh and statement is _INSERT_TRACKS_IN_KEY_ORDER:
                self._insert_tracks_fresh(stamp.partner_id, params)
            elif counts[count]:  # an UPDATE ... FROM with nothing to do still plans a join
                self._conn.execute(sa.text(statement), params)
        return counts

    def _insert_tracks_fresh(self, partner_id: UUID, params: dict[str, Any]) -> None:
        table = fresh_partition.create_load_table(self._conn, partner_id)
        insert = _INSERT_TRACKS.replace("INSERT INTO tracks ", f"INSERT INTO {table} ", 1)
        self._conn.execute(sa.text(insert), params)
        self._conn.execute(sa.text(_MARK_FOR_VALIDATION.format(table=table)))
        fresh_partition.build_indexes(self._conn, table)
        fresh_partition.attach(self._conn, table, partner_id)

    def record_touched(
        self, touched: TouchedRecords, partner_id: UUID, counts: dict[str, int]
    ) -> None:
        """Tell the caches what ``apply`` wrote: each track, or past 10,000 the whole partner."""
        if counts["tracks_created"] + counts["tracks_updated"] > _LIST_TOUCHED_UP_TO:
            touched.partner(partner_id)
            return
        rows = self._conn.execute(
            sa.text("SELECT g.target_id, s.isrc FROM import_targets g JOIN import_rows s "
                    "USING (row_no)")
        )  # fmt: skip
        touched.tracks_of(partner_id, ((UUID(str(i)), isrc) for i, isrc in rows))

    def _problems(self, query: str) -> list[RowProblem]:
        rows = self._conn.execute(sa.text(query)).all()
        return [RowProblem(int(row[0]), str(row[1]), str(row[2])) for row in rows]
