"""Where a CSV import's time goes (issue 19).

    python -m bench.import_profile [--rows N] [--paths normal,fresh,...]

Runs the real import service on bench.batch_bench's generated CSV and times each stage by
wrapping it: parse and validate (the generator that feeds COPY), COPY into the staging table,
matching tracks and releases, each upsert statement, the index builds and the ATTACH of an own
partition, the audit entry, the commit and the ANALYZE after it. Each path in ``--paths`` imports
the file into a new partner of the same database, in that order: ``normal`` into the DEFAULT
partition (the indexes updated row by row), ``fresh`` into an own partition loaded unindexed,
indexed once and attached (its ATTACH scans the DEFAULT partition, which then holds the rows of
the earlier ``normal`` runs). The floors, in the same run: a plain COPY of the same file into an
unindexed table, and an INSERT of the imported tracks into a copy of their partition with its
indexes. Stages overlap where they stream: COPY's wall time includes the parsing that feeds it.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.batch_bench import write_csv
from bench.common import throwaway_database
from shared.bootstrap import build_services
from shared.db import fresh_partition
from shared.db import uow as sql_uow
from shared.db.long_statements import long_statements
from shared.db.repositories import audit, bulk_import
from shared.domain.audit import Actor
from shared.domain.partners import Tier
from shared.services import import_runs
from shared.services.import_runs import ImportOptions
from shared.settings import Settings

SPENT: defaultdict[str, float] = defaultdict(float)
PARSE = "parse + validate (the generator feeding COPY)"


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, adding its wall time to SPENT[name]."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] += time.perf_counter() - started

    return wrapper


def timed_chunks(*args: Any, **kwargs: Any) -> Iterator[bytes]:
    """import_runs.copy_chunks, timing each step of the generator."""
    chunks = ORIGINAL_CHUNKS(*args, **kwargs)
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        SPENT[PARSE] += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


def timed_statements(repository: Any, stamp: Any, **options: Any) -> dict[str, int]:
    """BulkImportRepository.apply, timing each statement by its first words."""
    conn = repository._conn
    execute = conn.execute

    def each(statement: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(statement, *args, **kwargs)
        finally:
            words = " ".join(str(statement).split()[:3])
            words = words.split("_p_")[0] + ("_p_<partner>" if "_p_" in words else "")
            SPENT[f"upsert: {words}"] += time.perf_counter() - started

    conn.execute = each
    try:
        return ORIGINAL_APPLY(repository, stamp, **options)  # type: ignore[no-any-return]
    finally:
        del conn.execute


ORIGINAL_CHUNKS = import_runs.copy_chunks
ORIGINAL_APPLY = bulk_import.BulkImportRepository.apply


def instrument() -> None:
    """Wrap each stage of the import in a timer."""
    import_runs.copy_chunks = timed_chunks  # type: ignore[assignment]
    repository = bulk_import.BulkImportRepository
    repository.copy_rows = timed("COPY into staging (wall, parsing included)", repository.copy_rows)  # type: ignore[method-assign]
    repository.match_tracks = timed("match tracks", repository.match_tracks)  # type: ignore[method-assign]
    repository.match_releases = timed("match releases", repository.match_releases)  # type: ignore[method-assign]
    repository.apply = timed_statements  # type: ignore[method-assign]
    audit.AuditRepository.append = timed("audit entry", audit.AuditRepository.append)  # type: ignore[method-assign]
    fresh_partition.build_indexes = timed(
        "own partition: build keys and indexes once", fresh_partition.build_indexes
    )  # type: ignore[assignment]
    fresh_partition.attach = timed(
        "own partition: ATTACH (scans the DEFAULT partition)", fresh_partition.attach
    )  # type: ignore[assignment]
    sql_uow.analyze_partitions = timed("ANALYZE of the partitions", sql_uow.analyze_partitions)  # type: ignore[assignment]
    exit_ = sql_uow.SqlUnitOfWork.__exit__
    sql_uow.SqlUnitOfWork.__exit__ = timed("commit (and the ANALYZE after it)", exit_)  # type: ignore[method-assign]


def copy_floor(built: Any, path: Path) -> float:
    """Seconds for a plain COPY of the same file into an unindexed temporary table."""
    columns = ", ".join(f"c{i} text" for i in range(11))
    with built.engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE TEMP TABLE floor_rows ({columns})")
        cursor = conn.connection.driver_connection.cursor()
        started = time.perf_counter()
        with path.open("rb") as stream:
            cursor.execute(
                "COPY floor_rows FROM STDIN WITH (FORMAT csv, HEADER true)", stream=stream
            )
        elapsed = time.perf_counter() - started
        conn.rollback()
    return elapsed


def indexed_floor(built: Any, partner_id: Any) -> float:
    """Seconds to INSERT the imported tracks again, as they are, into a copy of their partition
    with the same indexes (2 trigram GIN, the btrees): what the indexes alone cost."""
    with built.engine.connect() as conn, long_statements(conn, 1800):
        conn.exec_driver_sql("CREATE TEMP TABLE floor_tracks (LIKE tracks_default INCLUDING ALL)")
        started = time.perf_counter()
        conn.exec_driver_sql(
            f"INSERT INTO floor_tracks SELECT * FROM tracks WHERE partner_id = '{partner_id}'"
        )
        elapsed = time.perf_counter() - started
        conn.rollback()
    return elapsed


def run_import(url: str, folder: str, path: Path, path_kind: str) -> Any:
    """Import the file into a new partner along ``path_kind``; print its stages; the partner."""
    own_from = 1 if path_kind == "fresh" else None  # normal: never an own partition
    built = build_services(
        Settings(database_url=url, catalog_data_dir=Path(folder) / "data", db_pool_size=2)
    )
    built.imports._settings = replace(built.imports._settings, own_partition_rows=own_from)
    now, actor = datetime.now(UTC), Actor.system("bench")
    partner = built.partners.create_partner(
        f"profile {path_kind} {time.time_ns()}", Tier.ENTERPRISE, now=now, actor=actor
    )
    SPENT.clear()
    cpu, started = time.process_time(), time.perf_counter()
    doc = built.imports.run_file(
        partner.id, path.name, lambda: path.open("rb"), path.stat().st_size,
        ImportOptions(), actor, now=now,
    )  # fmt: skip
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert doc["state"] == "succeeded", doc.get("failure")
    with built.engine.connect() as conn:
        where = conn.exec_driver_sql(
            "SELECT DISTINCT tableoid::regclass::text FROM tracks "
            f"WHERE partner_id = '{partner.id}'"
        ).scalar()
        default_rows = conn.exec_driver_sql("SELECT count(*) FROM tracks_default").scalar()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{path_kind} path (tracks in {str(where)[:9]}, DEFAULT partition {default_rows:,} rows "
        f"after): {total:.1f} s wall, {cpu:.1f} s Python CPU, peak RSS so far {rss:.0f} MB"
    )
    for name, seconds in sorted(SPENT.items(), key=lambda item: -item[1]):
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {name}")
    built.close()
    return partner


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--paths", default="normal,fresh")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, throwaway_database("bench_profile") as (url, _):
        path = Path(folder) / "tracks.csv"
        write_csv(path, args.rows)
        instrument()
        print(f"{args.rows:,} rows, load average {os.getloadavg()[0]:.1f} at the start")
        partner = None
        for kind in args.paths.split(","):
            partner = run_import(url, folder, path, kind)
        built = build_services(
            Settings(database_url=url, catalog_data_dir=Path(folder) / "data", db_pool_size=2)
        )
        print(f"floor: plain COPY of the same file, unindexed: {copy_floor(built, path):.2f} s")
        print(
            "floor: INSERT of the imported tracks into a copy of their partition with its "
            f"indexes: {indexed_floor(built, partner.id):.2f} s"
        )
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        built.close()


if __name__ == "__main__":
    main()
