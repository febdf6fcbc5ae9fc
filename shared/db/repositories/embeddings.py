"""Asset embeddings in pgvector (migration 1040) and the nearest-neighbour query over them.

The table exists only where pgvector does: ``available()`` says so, ``put`` is a no-op without it
and ``neighbours`` raises Unavailable. Vectors travel as pgvector's text form ('[0.1,0.2,...]').
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa

from shared.domain.similarity import UNAVAILABLE, Neighbour, SimilarFilter, TrackEmbedding
from shared.errors import Unavailable

EF_SEARCH = 100  # HNSW candidates per query: recall against latency (bench/vector_bench.py)
# A partner with at most this many embeddings is searched exactly: its rows through the primary
# key, every distance computed (about 2 us of server CPU a row, bench/vector_bench.py). Above it
# the HNSW index: in the default partition a small partner's share is too thin for the shared
# graph (1 % of 300,000 rows: 104 ms a query, against 23 ms exact), so partners past this size
# want their own partition (`catalog admin dedicate-partition`), where the index is theirs alone.
EXACT_SCAN_MAX = 5_000
SEARCH_SETTINGS = (
    # pgvector 0.8's iterative scan keeps reading the HNSW index until `limit` rows pass the
    # partner, liveness and filter conditions; relaxed order (re-sorted by the outer query) costs
    # less than strict order for the same rows
    "hnsw.iterative_scan = relaxed_order",
    # pg8000 prepares a statement once per connection and PostgreSQL may switch it to a generic
    # plan after five runs, one that cannot see how few rows a small partner has (an exact scan
    # of them beats the shared index then)
    "plan_cache_mode = force_custom_plan",
)


def vector_text(vector: tuple[float, ...]) -> str:
    """pgvector's input form."""
    return "[" + ",".join(repr(float(v)) for v in vector) + "]"


def embeddings_available(conn: sa.Connection) -> bool:
    """Whether this database has the embeddings table (pgvector was there at migrate time)."""
    return conn.execute(sa.text("SELECT to_regclass('asset_embeddings')")).scalar() is not None


class EmbeddingRepository:
    """One embedding per (partner, asset); neighbours among the partner's live tracks."""

    def __init__(self, conn: sa.Connection, *, exact_scan_max: int = EXACT_SCAN_MAX) -> None:
        self._conn = conn
        self._available: bool | None = None
        self._exact_scan_max = exact_scan_max

    def available(self) -> bool:
        """Whether similar-track search works on this database."""
        if self._available is None:
            self._available = embeddings_available(self._conn)
        return self._available

    def put(self, partner_id: UUID, embedding: TrackEmbedding, *, now: datetime) -> bool:
        """Store (or replace) an asset's embedding; False when the database cannot hold it."""
        if not self.available():
            return False
        self._conn.execute(
            sa.text(
                "INSERT INTO asset_embeddings"
                " (partner_id, asset_id, embedding, model, model_version, created_at)"
                " VALUES (:p, :a, CAST(:v AS vector), :m, :mv, :now)"
                " ON CONFLICT (partner_id, asset_id) DO UPDATE SET embedding = EXCLUDED.embedding,"
                " model = EXCLUDED.model, model_version = EXCLUDED.model_version,"
                " created_at = EXCLUDED.created_at"
            ),
            {
                "p": partner_id,
                "a": embedding.asset_id,
                "v": vector_text(embedding.vector),
                "m": embedding.model,
                "mv": embedding.model_version,
                "now": now,
            },
        )
        return True

    def neighbours(
        self, partner_id: UUID, track_id: UUID, limit: int, where: SimilarFilter
    ) -> list[Neighbour]:
        """The partner's live tracks nearest to ``track_id``'s audio, nearest first, without the
        track itself; [] when the track has no embedding (not analysed yet)."""
        if not self.available():
            raise Unavailable(UNAVAILABLE)
        reference = self._conn.execute(
            sa.text(
                "SELECT e.embedding::text FROM tracks t JOIN asset_embeddings e"
                " ON e.partner_id = t.partner_id AND e.asset_id = t.asset_id"
                " WHERE t.partner_id = :p AND t.id = :t AND t.deleted_at IS NULL"
            ),
            {"p": partner_id, "t": track_id},
        ).scalar()
        if reference is None:
            return []
        return self._nearest(partner_id, str(reference), limit, where, track_id)

    def nearest(
        self, partner_id: UUID, vector: tuple[float, ...], limit: int, where: SimilarFilter
    ) -> list[Neighbour]:
        """The partner's live tracks nearest to ``vector`` (a reference file's embedding)."""
        if not self.available():
            raise Unavailable(UNAVAILABLE)
        return self._nearest(partner_id, vector_text(vector), limit, where, None)

    def _nearest(
        self, partner_id: UUID, vector: str, limit: int, where: SimilarFilter, exclude: UUID | None
    ) -> list[Neighbour]:
        conditions, params = _conditions(where)
        if exclude is not None:
            conditions, params["t"] = conditions + " AND t.id <> :t", exclude
        for setting in SEARCH_SETTINGS:
            self._conn.execute(sa.text(f"SET LOCAL {setting}"))
        self._conn.execute(sa.text(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, limit)}"))
        # `+ 0`: an expression no index serves, so the planner reads the partner's rows and sorts
        exact = self._is_small(partner_id)
        order = "(e.embedding <=> CAST(:v AS vector)) + 0" if exact else "distance"
        rows = self._conn.execute(
            sa.text(
                "WITH nearest AS MATERIALIZED ("
                " SELECT t.id, e.embedding <=> CAST(:v AS vector) AS distance"
                " FROM asset_embeddings e JOIN tracks t"
                " ON t.partner_id = e.partner_id AND t.asset_id = e.asset_id"
                " WHERE e.partner_id = :p AND t.partner_id = :p AND t.deleted_at IS NULL"
                f"{conditions}"
                f" ORDER BY {order} LIMIT :n)"
                " SELECT id, distance FROM nearest ORDER BY distance"
            ),
            {"p": partner_id, "v": vector, "n": limit, **params},
        )
        return [Neighbour(row[0], round(1.0 - float(row[1]), 4)) for row in rows]

    def _is_small(self, partner_id: UUID) -> bool:
        """Whether the partner has at most ``exact_scan_max`` embeddings (counted no further)."""
        counted = self._conn.execute(
            sa.text(
                "SELECT count(*) FROM (SELECT 1 FROM asset_embeddings WHERE partner_id = :p"
                " LIMIT :cap) AS few"
            ),
            {"p": partner_id, "cap": self._exact_scan_max + 1},
        ).scalar()
        return int(counted or 0) <= self._exact_scan_max


def _conditions(where: SimilarFilter) -> tuple[str, dict[str, object]]:
    sql, params = "", dict[str, object]()
    if where.bpm_min is not None:
        sql, params["bpm_min"] = sql + " AND t.bpm >= :bpm_min", where.bpm_min
    if where.bpm_max is not None:
        sql, params["bpm_max"] = sql + " AND t.bpm <= :bpm_max", where.bpm_max
    if where.key is not None:
        sql, params["key"] = sql + " AND t.musical_key = :key", where.key
    if where.genre is not None:
        sql, params["genre"] = sql + " AND lower(t.genre) = lower(:genre)", where.genre
    return sql, params
