"""Planner statistics after bulk writes: ANALYZE the partitions a job wrote, before it reports done.

Straight after an import of 200,000 tracks the new rows have no statistics until autovacuum gets
to them; the planner estimates a handful of rows and picks nested loops, and the export that
follows takes 40 times longer (issue 19). A job that writes many rows therefore ANALYZEs the
partitions it touched (the partner's own partition, or the DEFAULT one it shares), never the
whole database, after its transaction commits: ANALYZE takes a SHARE UPDATE EXCLUSIVE lock,
which writers do not wait on, and reads a sample of 300 x default_statistics_target rows, so
its cost is bounded by the sample, not by the partition's size.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from uuid import UUID

import sqlalchemy as sa

from shared.db.long_statements import long_statements
from shared.db.partitions import partition_name
from shared.db.tables import PARTNER_PARTITIONED

logger = logging.getLogger(__name__)

ANALYZE_AFTER_ROWS = 1_000
"""A job that wrote at least this many rows of a partner ANALYZEs them; fewer is noise to the
planner (autovacuum's own threshold is 50 rows plus 10% of the table)."""

ANALYZE_TIMEOUT_S = 300.0
"""ANALYZE of a partition reads a bounded sample; this only keeps the pool's 10 s request timeout
from cutting it off on a loaded machine."""

_PARTITIONED = {table.name for table in PARTNER_PARTITIONED}


def partition_of(conn: sa.Connection, table: str, partner_id: UUID) -> str:
    """The partition holding ``partner_id``'s rows of ``table``: its own, or the DEFAULT one."""
    if table not in _PARTITIONED:
        return table
    own = partition_name(table, partner_id)
    found = conn.execute(sa.text("SELECT to_regclass(:n)"), {"n": own}).scalar()
    return own if found is not None else f"{table}_default"


def analyze_partitions(
    engine: sa.Engine, partner_tables: Iterable[tuple[UUID, str]]
) -> dict[str, float]:
    """ANALYZE each partition holding one of ``(partner_id, table)``; seconds spent on each.

    Runs on a connection of its own once the caller's transaction has committed (ANALYZE sees
    only committed rows), one short transaction per partition so no lock outlives its ANALYZE.
    """
    spent: dict[str, float] = {}
    with engine.connect() as conn:
        names = sorted({partition_of(conn, table, partner) for partner, table in partner_tables})
        conn.commit()
        for name in names:
            started = time.perf_counter()
            with conn.begin(), long_statements(conn, ANALYZE_TIMEOUT_S):
                conn.exec_driver_sql(f'ANALYZE "{name}"')  # names come from our own tables
            spent[name] = time.perf_counter() - started
    if spent:
        logger.info(
            "analyzed %s in %.2f s",
            ", ".join(f"{n} ({s:.2f} s)" for n, s in spent.items()),
            sum(spent.values()),
        )
    return spent
