"""A partner's first big import loads an unindexed table, indexes it once and attaches it.

Inserting a million rows into a partition that already carries its indexes updates two trigram
GIN and nine btree indexes row by row; building each index once over the loaded table is far
cheaper (sorted bulk builds, ``maintenance_work_mem`` for the session). So when an import
creates many tracks of a partner that has none yet, anywhere, its tracks go into a plain table
of the ``tracks`` shape with ``CHECK (partner_id = ...)`` from the start; the parent's indexes
and primary key are then built on it and it is attached as the partner's own tracks partition.
The CHECK lets ATTACH skip the scan of the new table (it stays, restating the partition's bound);
PostgreSQL still scans the DEFAULT partition for rows of the partner (under an ACCESS EXCLUSIVE
lock on it, until the commit).

Everything runs in the import's own transaction: a failure or a crash half-way leaves no table,
no index and no row behind. A partner whose own tracks partition exists but is empty (dedicated
by `catalog admin dedicate-partition`, nothing imported yet) has that empty partition swapped
for the loaded one at the end, after a last check, under lock, that it is still empty.
"""

from __future__ import annotations

import logging
import re
from uuid import UUID

import sqlalchemy as sa

from shared.db.partitions import partition_name
from shared.errors import Conflict, Unavailable

logger = logging.getLogger(__name__)

MAINTENANCE_WORK_MEM = "256MB"
"""Memory for each index build of the session (the server's default, 64MB, spills GIN builds)."""

SWAP_LOCK_TIMEOUT = "30s"
"""How long the attach waits for the locks it needs before the import gives up (rolled back)."""

_WRITTEN_MEANWHILE = (
    "a track of this partner was written elsewhere while the import ran; nothing was "
    "imported: run the import again"
)
_INDEX_HEAD = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+ ")


KNOWN_INSERT_TRIGGERS = frozenset({"validation_dirty_insert"})
"""Triggers on INSERT into ``tracks`` whose work the load does itself (0700's statement trigger);
another one (a later migration's) would not fire for rows loaded before the ATTACH, so its
presence sends imports back to the normal path until this module learns it."""


def can_load_fresh(conn: sa.Connection, partner_id: UUID) -> bool:
    """True when the partner has no track at all, soft-deleted ones included (its tracks go to
    the DEFAULT partition or to an own partition that is empty), and no INSERT trigger on
    ``tracks`` needs rows to arrive through the parent."""
    found = conn.execute(
        sa.text(
            "SELECT EXISTS (SELECT 1 FROM tracks WHERE partner_id = :p) OR EXISTS ("
            "SELECT 1 FROM pg_trigger WHERE tgrelid = 'tracks'::regclass AND NOT tgisinternal "
            "AND tgtype & 4 <> 0 AND NOT tgname = ANY(:known))"  # 4: TRIGGER_TYPE_INSERT
        ),
        {"p": partner_id, "known": sorted(KNOWN_INSERT_TRIGGERS)},
    ).scalar()
    return not found


def create_load_table(conn: sa.Connection, partner_id: UUID) -> str:
    """An empty, unindexed table shaped like ``tracks``, accepting only this partner's rows."""
    name = _load_name(conn, partner_id)
    conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    conn.exec_driver_sql(
        f"CREATE TABLE {name} (LIKE tracks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    conn.exec_driver_sql(  # checked per row as it loads; lets ATTACH skip scanning the table
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_partner CHECK (partner_id = '{partner_id}')"
    )
    return name


def build_indexes(conn: sa.Connection, name: str) -> None:
    """Build the keys and indexes of ``tracks`` on the loaded table, once each."""
    for definition in _key_definitions(conn):
        conn.exec_driver_sql(f"ALTER TABLE {name} ADD {definition}")
    for definition in _index_definitions(conn):
        head = _INDEX_HEAD.match(definition)
        if head is None:  # pg_get_indexdef of a partitioned index always reads so
            raise RuntimeError(f"unexpected index definition of tracks: {definition}")
        unique = head[1] or ""
        conn.exec_driver_sql(f"CREATE {unique}INDEX ON {name} {definition[head.end() :]}")


def attach(conn: sa.Connection, name: str, partner_id: UUID) -> None:
    """Make the loaded, indexed table the partner's tracks partition (replacing an own
    partition that is still empty); its indexes become those of the parent's indexes."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
    own = partition_name("tracks", partner_id)
    if name != own:
        _drop_empty_partition(conn, own)
        conn.exec_driver_sql(f"ALTER TABLE {name} RENAME TO {own}")
    try:
        conn.exec_driver_sql(
            f"ALTER TABLE tracks ATTACH PARTITION {own} FOR VALUES IN ('{partner_id}')"
        )
    except sa.exc.DBAPIError as exc:
        code = _sqlstate(exc)
        if code == "23514":  # the DEFAULT partition holds a row of the partner now
            raise Conflict(_WRITTEN_MEANWHILE) from None
        if code == "55P03":
            raise Unavailable(
                f"the tracks table stayed locked by other work for {SWAP_LOCK_TIMEOUT}; "
                "nothing was imported: run the import again"
            ) from exc
        raise
    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
    logger.info("partner %s: tracks loaded into %s, indexed once and attached", partner_id, own)


def _load_name(conn: sa.Connection, partner_id: UUID) -> str:
    own = partition_name("tracks", partner_id)
    exists = conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": own}).scalar() is not None
    return f"tracks_l_{partner_id.hex}" if exists else own


def _drop_empty_partition(conn: sa.Connection, own: str) -> None:
    conn.exec_driver_sql(f"LOCK TABLE {own} IN ACCESS EXCLUSIVE MODE")
    if conn.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {own})").scalar():
        raise Conflict(_WRITTEN_MEANWHILE)
    conn.exec_driver_sql(f"DROP TABLE {own}")


def _key_definitions(conn: sa.Connection) -> list[str]:
    """``PRIMARY KEY (...)`` and ``UNIQUE (...)`` of ``tracks``: ATTACH matches a parent's key
    only with a constraint of the partition, not with a bare unique index."""
    rows = conn.execute(
        sa.text(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'tracks'::regclass AND contype IN ('p', 'u') ORDER BY conname"
        )
    )
    return [str(row[0]) for row in rows]


def _index_definitions(conn: sa.Connection) -> list[str]:
    """``CREATE INDEX name ON ONLY public.tracks ...`` of each index of ``tracks`` that no key
    constraint owns, read from the catalog so a later migration's index is built too."""
    rows = conn.execute(
        sa.text(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = 'tracks'::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY i.indexrelid"
        )
    )
    return [str(row[0]) for row in rows]


def _sqlstate(exc: sa.exc.DBAPIError) -> str:
    fields = exc.orig.args[0] if exc.orig is not None and exc.orig.args else {}
    return str(fields.get("C", "")) if isinstance(fields, dict) else ""
