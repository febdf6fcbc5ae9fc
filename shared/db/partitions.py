"""Dedicated partner partitions: move a large partner out of the DEFAULT partitions."""

from __future__ import annotations

import logging
from uuid import UUID

import sqlalchemy as sa

from shared.db.tables import PARTNER_PARTITIONED

logger = logging.getLogger(__name__)


def partition_name(table: str, partner_id: UUID) -> str:
    """``tracks_p_<32 hex>``: stable, unique, within PostgreSQL's 63-character limit."""
    return f"{table}_p_{partner_id.hex}"


def dedicate_partitions(conn: sa.Connection, partner_id: UUID) -> list[str]:
    """Give ``partner_id`` its own partition of every catalog table, moving its rows there.

    Runs in the caller's transaction: either every table moves or none does. Each DEFAULT
    partition is locked while its rows move, so writers wait rather than land in the wrong place.
    """
    created = []
    for table_name in _partitioned_tables(conn):
        name = partition_name(table_name, partner_id)
        if conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": name}).scalar() is not None:
            continue
        _move_partner_rows(conn, table_name, name, partner_id)
        created.append(name)
    conn.execute(
        sa.text("UPDATE partners SET dedicated_partition = true WHERE id = :id"), {"id": partner_id}
    )
    logger.info("dedicated partitions for partner %s: %d created", partner_id, len(created))
    return created


# partner-partitioned tables that exist only on some servers: asset_embeddings needs pgvector (1040)
OPTIONAL_PARTITIONED = ("asset_embeddings",)


def _partitioned_tables(conn: sa.Connection) -> list[str]:
    """Every partner-partitioned table of this database (the optional ones where they exist)."""
    names = [table.name for table in PARTNER_PARTITIONED]
    for name in OPTIONAL_PARTITIONED:
        if conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": name}).scalar() is not None:
            names.append(name)
    return names


def _move_partner_rows(conn: sa.Connection, table: str, name: str, partner_id: UUID) -> None:
    default = f"{table}_default"
    literal = f"'{partner_id}'"  # a UUID's text form: safe to inline in DDL
    conn.exec_driver_sql(f"LOCK TABLE {default} IN SHARE ROW EXCLUSIVE MODE")
    conn.exec_driver_sql(
        f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    conn.exec_driver_sql(
        f"WITH moved AS (DELETE FROM {default} WHERE partner_id = {literal} RETURNING *) "
        f"INSERT INTO {name} SELECT * FROM moved"
    )
    conn.exec_driver_sql(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES IN ({literal})")


def partition_of_row(conn: sa.Connection, table: str, partner_id: UUID, row_id: UUID) -> str:
    """The physical partition holding a row (used by tests and `catalog admin partitions`)."""
    if table not in {t.name for t in PARTNER_PARTITIONED}:
        raise ValueError(f"{table} is not a partner-partitioned table")
    found = conn.execute(
        sa.text(f"SELECT tableoid::regclass::text FROM {table} WHERE partner_id = :p AND id = :i"),
        {"p": partner_id, "i": row_id},
    ).scalar()
    return str(found)
