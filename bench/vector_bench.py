"""pgvector at catalog scale (issue 18): p99 latency of a top-10 cosine query through the HNSW
index, and its recall@10 against exact search, on random unit vectors of 200 dimensions.

`python -m bench.vector_bench [--count 1000000] [--queries 200] [--exact 50]` runs on a throwaway
embedded server (pgserver bundles pgvector), with the index the catalog creates (migration 1040:
hnsw, vector_cosine_ops, pgvector's defaults m=16, ef_construction=64). Latency is measured at the
client, one query at a time, for each ef_search in ``--ef``; recall on the first ``--exact``
queries, the truth from a sequential scan. Random vectors are a hard case for HNSW (no clusters),
so recall on real embeddings is expected to be at least this good.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import percentile
from shared.db.embedded import start_embedded_postgres
from shared.db.engine import PgTarget

DIMENSIONS = 200
BATCH = 20_000


def _vector(v: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in v) + "]"


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.normal(size=(n, DIMENSIONS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def run(
    count: int, queries: int, exact: int, ef_values: list[int], m: int, ef_construction: int
) -> dict[str, Any]:
    """Load, index, query; the numbers."""
    base = Path(tempfile.mkdtemp(prefix="catalog-vector-bench-"))
    base.chmod(0o755)
    try:
        socket_dir = start_embedded_postgres(base / "data")
        conn: Any = PgTarget.from_url(f"postgresql://postgres@/postgres?host={socket_dir}").connect(
            timeout_s=7200, statement_timeout_s=0
        )
        conn.autocommit = True
        cursor = conn.cursor()
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        cursor.execute("DROP TABLE IF EXISTS bench_vectors")
        cursor.execute(f"CREATE TABLE bench_vectors (id integer, embedding vector({DIMENSIONS}))")
        rng = np.random.default_rng(18)
        started = time.perf_counter()
        for first in range(0, count, BATCH):
            block = _unit(rng, min(BATCH, count - first))
            text = "".join(f"{first + i}\t{_vector(v)}\n" for i, v in enumerate(block))
            cursor.execute("COPY bench_vectors FROM STDIN", stream=io.BytesIO(text.encode()))
        load_s = time.perf_counter() - started
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")
        started = time.perf_counter()
        cursor.execute("CREATE INDEX ON bench_vectors USING hnsw (embedding vector_cosine_ops)")
        index_s = time.perf_counter() - started
        cursor.execute("ANALYZE bench_vectors")
        probes = _unit(rng, queries)
        sql = "SELECT id FROM bench_vectors ORDER BY embedding <=> %s::vector LIMIT 10"
        truth = []
        cursor.execute("SET enable_indexscan = off")
        for probe in probes[:exact]:
            cursor.execute(sql, (_vector(probe),))
            truth.append({row[0] for row in cursor.fetchall()})
        cursor.execute("SET enable_indexscan = on")
        results: dict[str, Any] = {}
        for ef in ef_values:
            cursor.execute(f"SET hnsw.ef_search = {ef}")
            latencies, found = [], []
            for probe in probes:
                started = time.perf_counter()
                cursor.execute(sql, (_vector(probe),))
                rows = cursor.fetchall()
                latencies.append((time.perf_counter() - started) * 1000)
                found.append({row[0] for row in rows})
            recall = np.mean([len(f & t) / 10 for f, t in zip(found, truth, strict=False)])
            results[f"ef_search={ef}"] = {
                "p50_ms": round(percentile(latencies, 0.50), 2),
                "p99_ms": round(percentile(latencies, 0.99), 2),
                "recall_at_10": round(float(recall), 4),
            }
        cursor.execute("EXPLAIN " + sql.replace("%s", "'" + _vector(probes[0]) + "'"))
        plan = [row[0] for row in cursor.fetchall()]
        conn.close()
        return {
            "vectors": count,
            "dimensions": DIMENSIONS,
            "m": m,
            "ef_construction": ef_construction,
            "load_s": round(load_s, 1),
            "index_build_s": round(index_s, 1),
            "queries": queries,
            "exact_queries": exact,
            "plan": " | ".join(line.strip()[:60] for line in plan[:2]),
            **results,
        }
    finally:
        _stop(base / "data")
        shutil.rmtree(base, ignore_errors=True)


def _stop(pgdata: Path) -> None:
    """Stop the throwaway server (its postmaster, by the pid it wrote) before its folder goes."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return
    os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.vector_bench", description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact", type=int, default=50)
    parser.add_argument("--ef", type=int, nargs="+", default=[40, 100, 200])
    parser.add_argument("--m", type=int, default=16, help="HNSW m (pgvector's default 16)")
    parser.add_argument("--ef-construction", type=int, default=64)
    args = parser.parse_args()
    result = run(args.count, args.queries, args.exact, args.ef, args.m, args.ef_construction)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
