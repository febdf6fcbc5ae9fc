"""Shared set-up for benchmarks: a throwaway database on the machine's PostgreSQL (or embedded)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from shared.db.engine import PgTarget, ensure_database
from shared.db.migrate import migrate


def bench_server() -> PgTarget:
    """BENCH_DATABASE_SERVER=postgresql://... or the machine's PostgreSQL on 127.0.0.1:5432."""
    url = os.environ.get("BENCH_DATABASE_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")
    return PgTarget.from_url(url)


def engine_for(url: str) -> sa.Engine:
    """A pooled engine on ``url`` (a benchmark's own connections)."""
    target = PgTarget.from_url(url)
    return sa.create_engine(
        "postgresql+pg8000://",
        creator=lambda: target.connect(timeout_s=10, statement_timeout_s=600),
        pool_size=8,
        max_overflow=8,
    )


def statement_engine_for(url: str) -> sa.Engine:
    """An autocommit pool on ``url`` shaped like the read pool (shared.db.engine)."""
    target = PgTarget.from_url(url)
    return sa.create_engine(
        "postgresql+pg8000://",
        creator=lambda: target.connect(timeout_s=10, statement_timeout_s=600),
        pool_size=8,
        max_overflow=0,
        pool_pre_ping=False,
        pool_reset_on_return=None,
        isolation_level="AUTOCOMMIT",
    )


@contextmanager
def throwaway_database(prefix: str) -> Iterator[tuple[str, sa.Engine]]:
    """A migrated database that is dropped afterwards; yields its URL and an engine."""
    server = bench_server()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    ensure_database(server, name, timeout_s=10)
    target = server.with_database(name)
    url = f"postgresql://{target.user}@{target.host}:{target.port}/{name}"
    engine = engine_for(url)
    migrate(engine)
    try:
        yield url, engine
    finally:
        engine.dispose()
        conn = server.connect(timeout_s=10, statement_timeout_s=60)
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]
