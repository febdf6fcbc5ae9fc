"""The anchor for `bench.vector_bench`: FAISS (faiss-cpu, MIT) on the same vectors and queries.

Two FAISS indexes over the bench's float32 unit vectors, inner product (= cosine on unit
vectors): ``IndexFlatIP``, exact search (the floor: every distance computed by BLAS-free SIMD
code), and ``IndexHNSWFlat`` with the same m and ef_construction as the pgvector index. The bench
asks them each query right after pgvector asks it, with the same ef_search, so the machine's
other load hits both alike. Latency is one query at a time on one thread (as the product asks:
one query per request); throughput is a whole batch on 1 and on 2 threads (FAISS splits a batch
over its OpenMP threads; a single query runs on one). Installed by the ``bench`` extra.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

TOP = 10


@dataclass
class FaissAnchor:
    """FAISS's exact and HNSW indexes over one data set, and their timings."""

    data: np.ndarray
    m: int
    ef_construction: int
    hnsw: bool = True  # False: the exact index only (the floor)
    build_s: float = 0.0
    _exact: Any = field(default=None, repr=False)
    _hnsw: Any = field(default=None, repr=False)

    def build(self, threads: int) -> None:
        """Build both indexes (the HNSW one timed, on ``threads`` OpenMP threads)."""
        import faiss  # the bench extra: the product never imports it

        faiss.omp_set_num_threads(threads)
        dimensions = self.data.shape[1]
        self._exact = faiss.IndexFlatIP(dimensions)
        self._exact.add(self.data)
        if self.hnsw:
            self._hnsw = faiss.IndexHNSWFlat(dimensions, self.m, faiss.METRIC_INNER_PRODUCT)
            self._hnsw.hnsw.efConstruction = self.ef_construction
            started = time.perf_counter()
            self._hnsw.add(self.data)
            self.build_s = time.perf_counter() - started
        faiss.omp_set_num_threads(1)  # one query at a time runs on one thread

    def search_hnsw(self, probe: np.ndarray, ef_search: int) -> tuple[list[int], float]:
        """Ids of the HNSW top-10 of one probe, and the milliseconds it took."""
        import faiss

        params = faiss.SearchParametersHNSW(efSearch=ef_search)
        started = time.perf_counter()
        _, ids = self._hnsw.search(probe[None, :], TOP, params=params)
        return [int(i) for i in ids[0]], (time.perf_counter() - started) * 1000

    def search_exact(self, probe: np.ndarray) -> tuple[list[int], float]:
        """Ids of the exact top-10 of one probe, and the milliseconds it took."""
        started = time.perf_counter()
        _, ids = self._exact.search(probe[None, :], TOP)
        return [int(i) for i in ids[0]], (time.perf_counter() - started) * 1000

    def batch_qps(self, probes: np.ndarray, ef_search: int, threads: int) -> float:
        """Queries a second over the whole batch of probes on ``threads`` threads."""
        import faiss

        faiss.omp_set_num_threads(threads)
        params = faiss.SearchParametersHNSW(efSearch=ef_search)
        started = time.perf_counter()
        self._hnsw.search(probes, TOP, params=params)
        elapsed = time.perf_counter() - started
        faiss.omp_set_num_threads(1)
        return len(probes) / elapsed


def summary(latencies_ms: list[float], recalls: list[float]) -> dict[str, float]:
    """p50, p99 and mean recall@10 of one series."""
    from bench.common import percentile

    return {
        "p50_ms": round(percentile(latencies_ms, 0.50), 3),
        "p99_ms": round(percentile(latencies_ms, 0.99), 3),
        "recall_at_10": round(float(np.mean(recalls)), 4),
    }
