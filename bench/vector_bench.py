"""pgvector at catalog scale (issue 18): p99 latency of a top-10 cosine query through the HNSW
index, and its recall@10 against exact search, on unit vectors of 200 dimensions.

`python -m bench.vector_bench [--count 1000000] [--data random|lowrank] [--m 16]
[--ef-construction 64] [--ef 40 100 200] [--iterative relaxed_order] [--anchor]` runs on a
throwaway embedded server (pgserver bundles pgvector 0.8), restarted with `--shared-buffers` so
the index stays in memory, and builds the index the catalog creates (hnsw, vector_cosine_ops) with
the given m and ef_construction, `--workers` parallel maintenance workers. Variants:
``--types vector halfvec`` builds a second index on ``embedding::halfvec(200)``
(halfvec_cosine_ops: 2-byte floats, half the index) and asks every probe through both, one right
after the other (each query's expression picks its own index); ``--index ivfflat --lists 1000``
builds IVFFlat instead of HNSW, and ``--ef`` is then the sweep of ``ivfflat.probes``.

``--anchor`` measures FAISS (`bench.vector_anchor`: exact ``IndexFlatIP`` and ``IndexHNSWFlat``
with the same m and ef_construction) on the same vectors and probes, query by query right after
pgvector in the ``all`` shape (``--anchor-only`` skips PostgreSQL); ``--floor`` only the exact
``IndexFlatIP`` (no graph to build). ``--shapes all`` limits the shapes.

Query shapes, as the product asks them (`shared/db/repositories/embeddings.py`): ``all`` (no
filter: a partner with its own partition), ``partner 10%`` and ``partner 1%`` (a partner holding
that share of the rows, filtered in the same index as the others: the default partition's case),
and the same two ``exact`` (ordered by ``distance + 0``, which no index serves: the partner's rows
through its btree index, every distance computed; ``--no-hnsw`` runs only these). Each runs the
product's query (iterative scan, a materialized top-N re-sorted by distance) for every
ef_search; latency is measured at the client, one query at a time; recall@10 against exact
search computed in numpy on the same float32 values (a found row counts when its exact distance
is within 1e-5 of the 10th nearest, as ann-benchmarks counts ties).

``--data random``: Gaussian vectors normalised (no neighbourhood structure: every point is
almost equally far from every other, the worst case for any index). ``--data lowrank``: vectors
on a ``--intrinsic``-dimensional subspace plus 5 % isotropic noise, normalised: a model of real
embeddings, which cluster (musicnn's 200 units come from 3 s patches of music, not noise).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.vector_anchor import FaissAnchor, summary
from shared.db.embedded import start_embedded_postgres
from shared.db.engine import PgTarget

DIMENSIONS = 200
BATCH = 50_000
TOP = 10
# shape -> (partner id filtered on, exact): exact orders by `distance + 0`, which no index can
# serve, so PostgreSQL reads the partner's rows through its btree index and sorts them
SHAPES = {
    "all": (None, False),
    "partner 10%": (1, False),
    "partner 1%": (0, False),
    "partner 10% exact": (1, True),
    "partner 1% exact": (0, True),
}
INDEX_NAMES = {"vector": "bench_vectors_embedding_idx", "halfvec": "bench_vectors_half_idx"}
PARTNER_SHARES = (0.01, 0.10)  # partner 0, partner 1; the rest is partner 2


@dataclass(frozen=True)
class Plan:
    """One bench run's knobs."""

    count: int
    data: str
    intrinsic: int
    m: int
    ef_construction: int
    ef_values: tuple[int, ...]
    iterative: str
    queries: int
    workers: int
    shared_buffers: str
    plan_cache: str = "force_custom_plan"
    no_hnsw: bool = False  # only the exact shapes (no index to build)
    index: str = "hnsw"  # or "ivfflat": --ef is then the sweep of ivfflat.probes
    types: tuple[str, ...] = ("vector",)  # "halfvec": an index on embedding::halfvec(200)
    lists: int = 1000  # ivfflat
    shapes: tuple[str, ...] = tuple(SHAPES)
    anchor: bool = False  # FAISS on the same vectors and probes (the "all" shape)
    anchor_only: bool = False
    floor: bool = False  # FAISS exact search only

    @property
    def sweep_setting(self) -> str:
        """The session setting --ef sweeps."""
        return "ivfflat.probes" if self.index == "ivfflat" else "hnsw.ef_search"


def distance_sql(kind: str) -> str:
    """The indexed distance to the probe (a %s placeholder), in full or half precision."""
    if kind == "halfvec":
        return f"embedding::halfvec({DIMENSIONS}) <=> %s::halfvec({DIMENSIONS})"
    return "embedding <=> %s::vector"


def vectors(rng: np.random.Generator, n: int, data: str, basis: np.ndarray) -> np.ndarray:
    """``n`` unit vectors of the chosen kind (float32)."""
    if data == "random":
        raw = rng.normal(size=(n, DIMENSIONS))
    else:
        latent = rng.normal(size=(n, basis.shape[0]))
        raw = latent @ basis + 0.05 * rng.normal(size=(n, DIMENSIONS))
    raw = raw.astype(np.float32)
    return raw / np.linalg.norm(raw, axis=1, keepdims=True)


def partners_for(ids: np.ndarray) -> np.ndarray:
    """Partner of each row: 0 holds 1 %, 1 holds 10 %, 2 the rest (spread over the ids)."""
    position = (ids * 0.6180339887) % 1.0  # golden-ratio spread: shares hold in every prefix
    return np.where(position < PARTNER_SHARES[0], 0, np.where(position < sum(PARTNER_SHARES), 1, 2))


def copy_binary(cursor: Any, first_id: int, block: np.ndarray) -> None:
    """COPY a block in PostgreSQL's binary format (pgvector's recv: int16 dim, int16 0, float4s)."""
    n = len(block)
    ids = np.arange(first_id, first_id + n)
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("id_len", ">i4"),
            ("id", ">i4"),
            ("partner_len", ">i4"),
            ("partner", ">i4"),
            ("vec_len", ">i4"),
            ("dim", ">i2"),
            ("unused", ">i2"),
            ("values", ">f4", (DIMENSIONS,)),
        ]
    )
    rows = np.zeros(n, dtype=row)
    rows["fields"], rows["id_len"], rows["id"] = 3, 4, ids
    rows["partner_len"], rows["partner"] = 4, partners_for(ids)
    rows["vec_len"], rows["dim"], rows["values"] = 4 + 4 * DIMENSIONS, DIMENSIONS, block
    payload = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + rows.tobytes() + b"\xff\xff"
    cursor.execute("COPY bench_vectors FROM STDIN WITH (FORMAT binary)", stream=io.BytesIO(payload))


def vector_text(v: np.ndarray) -> str:
    """pgvector's text form."""
    return "[" + ",".join(f"{x:.9g}" for x in v) + "]"


def query_sql(partner: int | None, exact: bool = False, distance: str = "") -> str:
    """The product's query shape: iterative scan, top-N materialized, then exact order."""
    where = "" if partner is None else f" WHERE partner = {partner}"
    distance = "embedding <=> %s::vector" if exact or not distance else distance
    order = f"({distance}) + 0" if exact else "distance"  # an alias cannot take + 0
    return (
        f"WITH nearest AS MATERIALIZED (SELECT id, {distance} AS distance"
        f" FROM bench_vectors{where} ORDER BY {order} LIMIT {TOP})"
        " SELECT id FROM nearest ORDER BY distance"
    )


def truth_threshold(data: np.ndarray, mask: np.ndarray | None, probe: np.ndarray) -> np.ndarray:
    """Exact cosine distance of every row to ``probe``; rows outside ``mask`` at +inf."""
    distance = 1.0 - data @ probe
    if mask is not None:
        distance = np.where(mask, distance, np.inf)
    return distance


Series = dict[str, tuple[list[float], list[float]]]  # label -> (latencies ms, recalls)


def measure_shape(
    cursor: Any,
    data: np.ndarray,
    probes: np.ndarray,
    shape: tuple[int | None, bool],
    plan: Plan,
    anchor: FaissAnchor | None = None,
) -> dict[str, Any]:
    """Latency and recall of one query shape for every ef_search (and the anchor's, if given)."""
    partner, exact = shape
    mask = None if partner is None else partners_for(np.arange(len(data))) == partner
    distances = [truth_threshold(data, mask, probe) for probe in probes]
    tenth = [float(np.partition(d, TOP - 1)[TOP - 1]) for d in distances]
    texts = [vector_text(p) for p in probes]
    kinds = ("vector",) if exact else plan.types  # the exact path reads full precision
    sqls = {kind: query_sql(partner, exact, distance_sql(kind)) for kind in kinds}
    backend = _backend_pid(cursor) if cursor is not None else 0
    cpu_before = _cpu_s(backend) if cursor is not None else 0.0
    setting = plan.sweep_setting.split(".")[1]
    series: Series = {}
    for probe, text, d, limit in zip(probes, texts, distances, tenth, strict=True):
        for ef in plan.ef_values:  # interleaved: the machine's other load hits every ef alike
            if cursor is not None:
                cursor.execute(f"SET {plan.sweep_setting} = {ef}")
            for kind, sql in sqls.items() if cursor is not None else ():
                started = time.perf_counter()
                cursor.execute(sql, (text, text) if exact else (text,))
                found = [row[0] for row in cursor.fetchall()]
                ms = (time.perf_counter() - started) * 1000
                label = f"{setting}={ef}" if len(sqls) == 1 else f"{kind} {setting}={ef}"
                _record(series, label, found, ms, d, limit)
            if anchor is not None and anchor.hnsw:  # right after pgvector: the same moment
                _record(
                    series, f"faiss hnsw ef_search={ef}", *anchor.search_hnsw(probe, ef), d, limit
                )
        if anchor is not None:
            _record(series, "faiss exact", *anchor.search_exact(probe), d, limit)
    results: dict[str, Any] = {label: summary(*values) for label, values in series.items()}
    results["load_average"] = round(os.getloadavg()[0], 1)
    if anchor is not None and anchor.hnsw:
        results["faiss hnsw batch queries/s (1 thread, 2 threads)"] = {
            f"ef_search={ef}": [round(anchor.batch_qps(probes, ef, t)) for t in (1, 2)]
            for ef in plan.ef_values
        }
    if cursor is not None:
        queries = len(texts) * len(plan.ef_values) * len(sqls)
        cpu_ms = (_cpu_s(backend) - cpu_before) * 1000 / queries
        results["server_cpu_ms_per_query"] = round(cpu_ms, 2)
        for kind, sql in sqls.items():
            cursor.execute("EXPLAIN " + sql.replace("%s", "'" + texts[0] + "'"))  # noqa: S608
            plan_text = " | ".join(row[0].strip()[:70] for row in cursor.fetchall()[:4])
            results["plan" if kind == "vector" else f"plan {kind}"] = plan_text
    return results


def _record(
    series: Series, label: str, found: list[int], ms: float, d: np.ndarray, limit: float
) -> None:
    """Add one query's latency and recall@10 (a row counts when within 1e-5 of the 10th)."""
    latencies, recalls = series.setdefault(label, ([], []))
    latencies.append(ms)
    recalls.append(sum(1 for i in found if i >= 0 and d[i] <= limit + 1e-5) / TOP)


def _backend_pid(cursor: Any) -> int:
    cursor.execute("SELECT pg_backend_pid()")
    return int(cursor.fetchone()[0])


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a local process has used (Linux /proc, 10 ms ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def restart_with(pgdata: Path, shared_buffers: str, cursor: Any) -> None:
    """Give the throwaway server enough shared buffers for the index, then restart it."""
    cursor.execute(f"ALTER SYSTEM SET shared_buffers = '{shared_buffers}'")
    cursor.execute("ALTER SYSTEM SET max_parallel_maintenance_workers = 8")
    cursor.execute("ALTER SYSTEM SET jit = off")  # a top-10 query must not pay for compiling
    pg_ctl = _pg_bin() / "pg_ctl"
    subprocess.run(
        [str(pg_ctl), "-D", str(pgdata), "-w", "-m", "fast", "restart"],
        check=True,
        stdout=subprocess.DEVNULL,  # a pipe would hang: the restarted server inherits it
        stderr=subprocess.DEVNULL,
        timeout=300,
        user="pgserver" if os.geteuid() == 0 else None,  # pgserver runs the server so as root
    )


def _pg_bin() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def _connect(socket_dir: Path) -> Any:
    conn: Any = PgTarget.from_url(f"postgresql://postgres@/postgres?host={socket_dir}").connect(
        timeout_s=14400, statement_timeout_s=0
    )
    conn.autocommit = True
    return conn


def run(plan: Plan) -> dict[str, Any]:
    """Make the vectors, index them in pgvector (and FAISS), query; the numbers."""
    rng = np.random.default_rng(18)
    basis = rng.normal(size=(plan.intrinsic, DIMENSIONS)) / np.sqrt(plan.intrinsic)
    data = np.empty((plan.count, DIMENSIONS), dtype=np.float32)
    for first in range(0, plan.count, BATCH):
        data[first : first + BATCH] = vectors(rng, min(BATCH, plan.count - first), plan.data, basis)
    probes = vectors(rng, plan.queries, plan.data, basis)
    anchor = None
    if plan.anchor or plan.anchor_only or plan.floor:
        anchor = FaissAnchor(data, plan.m, plan.ef_construction, hnsw=not plan.floor)
        anchor.build(threads=2)
    described: dict[str, Any] = {
        "vectors": plan.count,
        "data": plan.data if plan.data == "random" else f"lowrank({plan.intrinsic})",
        "m": plan.m,
        "ef_construction": plan.ef_construction,
        "queries": plan.queries,
    }
    if anchor is not None and anchor.hnsw:
        described["faiss_hnsw_build_s (2 threads)"] = round(anchor.build_s, 1)
    if plan.anchor_only:
        shape = SHAPES["all"]
        return described | {
            "shapes": {"all": measure_shape(None, data, probes, shape, plan, anchor)}
        }
    return described | run_postgres(plan, data, probes, anchor)


def run_postgres(
    plan: Plan, data: np.ndarray, probes: np.ndarray, anchor: FaissAnchor | None
) -> dict[str, Any]:
    """Load the vectors into a throwaway pgvector server, index them, ask every shape."""
    base = Path(tempfile.mkdtemp(prefix="catalog-vector-bench-"))
    base.chmod(0o755)
    try:
        socket_dir = start_embedded_postgres(base / "data")
        restart_with(base / "data", plan.shared_buffers, _connect(socket_dir).cursor())
        conn = _connect(socket_dir)
        cursor = conn.cursor()
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        columns = f"id integer, partner integer, embedding vector({DIMENSIONS})"
        cursor.execute(f"CREATE TABLE bench_vectors ({columns})")
        started = time.perf_counter()
        for first in range(0, plan.count, BATCH):
            copy_binary(cursor, first, data[first : first + BATCH])
        load_s = time.perf_counter() - started
        index_s = {kind: build_index(cursor, plan, kind) for kind in plan.types}
        cursor.execute("CREATE INDEX ON bench_vectors (partner)")
        cursor.execute("ANALYZE bench_vectors")
        index_size = {}
        for kind in plan.types if not plan.no_hnsw else ():
            cursor.execute(f"SELECT pg_size_pretty(pg_relation_size('{INDEX_NAMES[kind]}'))")
            index_size[kind] = cursor.fetchone()[0]
        cursor.execute(f"SET hnsw.iterative_scan = {plan.iterative}")
        if plan.iterative != "strict_order":  # ivfflat knows off and relaxed_order only
            cursor.execute(f"SET ivfflat.iterative_scan = {plan.iterative}")
        # pg8000 prepares each statement once per connection; after five runs PostgreSQL may
        # switch to a generic plan that cannot see the partner's share (the product sets this too)
        cursor.execute(f"SET plan_cache_mode = {plan.plan_cache}")
        if not plan.no_hnsw and _prewarm(cursor):
            for kind in plan.types:
                cursor.execute(f"SELECT pg_prewarm('{INDEX_NAMES[kind]}')")
        shapes = {
            name: measure_shape(
                cursor, data, probes, shape, plan, anchor if name == "all" else None
            )
            for name, shape in SHAPES.items()
            if name in plan.shapes
            and not (plan.no_hnsw and name in ("all", "partner 10%", "partner 1%"))
        }
        conn.close()
        return {
            "index": f"{plan.index} on {' and '.join(plan.types)}",
            "lists": plan.lists if plan.index == "ivfflat" else None,
            "iterative_scan": plan.iterative,
            "parallel_workers": plan.workers,
            "plan_cache_mode": plan.plan_cache,
            "load_s": round(load_s, 1),
            "index_build_s": {kind: round(seconds, 1) for kind, seconds in index_s.items()},
            "index_size": index_size,
            "shapes": shapes,
        }
    finally:
        _stop(base / "data")
        shutil.rmtree(base, ignore_errors=True)


def build_index(cursor: Any, plan: Plan, kind: str) -> float:
    """Create the plan's vector index on ``kind``; seconds it took (0 without one)."""
    if plan.no_hnsw:
        return 0.0
    cursor.execute("SET maintenance_work_mem = '6GB'")
    cursor.execute(f"SET max_parallel_maintenance_workers = {plan.workers}")
    if kind == "halfvec":
        column = f"(embedding::halfvec({DIMENSIONS})) halfvec_cosine_ops"
    else:
        column = "embedding vector_cosine_ops"
    if plan.index == "ivfflat":
        options = f"lists = {plan.lists}"
    else:
        options = f"m = {plan.m}, ef_construction = {plan.ef_construction}"
    started = time.perf_counter()
    cursor.execute(
        f"CREATE INDEX {INDEX_NAMES[kind]} ON bench_vectors USING {plan.index}"
        f" ({column}) WITH ({options})"
    )
    return time.perf_counter() - started


def _prewarm(cursor: Any) -> bool:
    """Load pg_prewarm when the build has it: the first queries then do not read the disk."""
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except Exception:  # noqa: BLE001 - an optional contrib module; the bench runs without it
        return False
    return True


def _stop(pgdata: Path) -> None:
    """Stop the throwaway server (its postmaster, by the pid it wrote) before its folder goes."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return
    os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
    for _ in range(300):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.vector_bench", description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--data", choices=["random", "lowrank"], default="random")
    parser.add_argument("--intrinsic", type=int, default=16, help="lowrank: latent dimensions")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ef", type=int, nargs="+", default=[40, 100, 200])
    parser.add_argument("--m", type=int, default=16, help="HNSW m (pgvector's default 16)")
    parser.add_argument("--ef-construction", type=int, default=64)
    parser.add_argument(
        "--iterative", choices=["off", "relaxed_order", "strict_order"], default="relaxed_order"
    )
    parser.add_argument("--workers", type=int, default=1, help="parallel maintenance workers")
    parser.add_argument("--shared-buffers", default="3GB")
    parser.add_argument("--no-hnsw", action="store_true", help="only the exact shapes")
    parser.add_argument(
        "--plan-cache", choices=["auto", "force_custom_plan"], default="force_custom_plan"
    )
    parser.add_argument("--index", choices=["hnsw", "ivfflat"], default="hnsw")
    parser.add_argument("--lists", type=int, default=1000, help="ivfflat lists")
    parser.add_argument(
        "--types", nargs="+", choices=["vector", "halfvec"], default=["vector"], help="indexes"
    )
    parser.add_argument("--floor", action="store_true", help="FAISS exact search too")
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--anchor", action="store_true", help="FAISS on the same vectors too")
    parser.add_argument("--anchor-only", action="store_true", help="FAISS only, no PostgreSQL")
    args = parser.parse_args()
    if args.index == "hnsw" and not args.anchor_only and max(args.ef) > 1000:
        parser.error(f"--ef {max(args.ef)}: pgvector's hnsw.ef_search is at most 1000")
    plan = Plan(
        count=args.count,
        data=args.data,
        intrinsic=args.intrinsic,
        m=args.m,
        ef_construction=args.ef_construction,
        ef_values=tuple(args.ef),
        iterative=args.iterative,
        queries=args.queries,
        workers=args.workers,
        shared_buffers=args.shared_buffers,
        plan_cache=args.plan_cache,
        no_hnsw=args.no_hnsw,
        index=args.index,
        types=tuple(args.types),
        lists=args.lists,
        shapes=tuple(args.shapes),
        anchor=args.anchor,
        anchor_only=args.anchor_only,
        floor=args.floor,
    )
    print(json.dumps(run(plan), indent=1))


if __name__ == "__main__":
    main()
