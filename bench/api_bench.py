"""API benchmark: 1M tracks in PostgreSQL, the app under gunicorn (2 workers on 2 cores).

Measures GET track by id and by ISRC at a fixed 500 requests/s (open loop, latency from the
scheduled send time), GraphQL release with 20 tracks and contributors, and a bulk PATCH of
10,000 tracks. Run with `make bench` or `python -m bench.api_bench`; not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import requests
import sqlalchemy as sa

from bench.common import throwaway_database
from shared.bootstrap import build_services
from shared.db.engine import PgTarget
from shared.domain.audit import Actor
from shared.domain.partners import Role, Tier
from shared.settings import Settings
from tests.auth_helpers import mint_token
from tests.e2e.conftest import free_port

TRACKS = int(os.environ.get("BENCH_TRACKS", "1000000"))
RATE = 500
SECONDS = 20


def build_fixture(engine: sa.Engine, partner_id: uuid.UUID) -> None:
    """1M tracks with generate_series (server-side), one release of 20 with contributors."""
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            sa.text("""
            INSERT INTO tracks (partner_id, id, isrc, title, display_artist, genre, bpm,
                                status, provenance, created_at, updated_at)
            SELECT :p, md5('t' || g)::uuid, 'QZBEN' || lpad(g::text, 7, '0'),
                   'Track ' || g, 'Artist ' || (g %% 5000), 'Genre ' || (g %% 40),
                   60 + (g %% 140), 'draft', '{}', now(), now()
            FROM generate_series(1, :n) AS g"""),
            {"p": partner_id, "n": TRACKS},
        )
        conn.execute(
            sa.text("""
            INSERT INTO releases (partner_id, id, title, provenance, created_at, updated_at)
            VALUES (:p, md5('release')::uuid, 'Bench Album', '{}', now(), now())"""),
            {"p": partner_id},
        )
        conn.execute(
            sa.text("""
            INSERT INTO parties (partner_id, id, name, provenance, created_at, updated_at)
            SELECT :p, md5('party' || g)::uuid, 'Party ' || g, '{}', now(), now()
            FROM generate_series(1, 3) AS g"""),
            {"p": partner_id},
        )
        conn.execute(
            sa.text("""
            UPDATE tracks SET release_id = md5('release')::uuid, track_number = g
            FROM generate_series(1, 20) AS g WHERE partner_id = :p AND id = md5('t' || g)::uuid
            """),
            {"p": partner_id},
        )
        conn.execute(
            sa.text("""
            INSERT INTO track_contributors (partner_id, id, track_id, party_id, role, sequence,
                                            share, provenance)
            SELECT :p, gen_random_uuid(), md5('t' || g)::uuid, md5('party' || c)::uuid,
                   'MainArtist', c, 33.3, '{}'
            FROM generate_series(1, 20) AS g, generate_series(1, 3) AS c"""),
            {"p": partner_id},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE tracks"))
    print(f"fixture: {TRACKS:,} tracks in {time.perf_counter() - started:.1f} s", flush=True)


def start_gunicorn(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RATE_LIMIT_ENTERPRISE": "10000000/1000000",
        "DB_POOL_SIZE": "8",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "--threads",
            "8",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.api_wsgi:app",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def open_loop(urls: list[str], headers: dict[str, str]) -> list[float]:
    """Send RATE requests a second for SECONDS; latency counts from the scheduled time."""
    local = threading.local()
    latencies: list[float] = []
    errors = 0

    def one(url: str, due: float) -> None:
        nonlocal errors
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        response = session.get(url, headers=headers, timeout=10)
        latencies.append((time.perf_counter() - due) * 1000)
        if response.status_code != 200:
            errors += 1

    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(max_workers=48) as pool:
        for i in range(RATE * SECONDS):
            pool.submit(one, urls[i % len(urls)], start + i / RATE)
    if errors:
        print(f"  {errors} non-200 answers", flush=True)
    return latencies


def report(name: str, latencies: list[float]) -> None:
    print(
        f"{name}: n={len(latencies)} p50 {percentile(latencies, 0.5):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
        f"mean {statistics.fmean(latencies):.1f} ms",
        flush=True,
    )


def main() -> None:
    with throwaway_database("bench_api") as (url, engine):
        built = build_services(Settings(database_url=url, db_pool_size=2))
        partner = built.partners.create_partner(
            f"Bench {uuid.uuid4().hex[:6]}",
            Tier.ENTERPRISE,
            now=datetime.now(UTC),
            actor=Actor.system("bench"),
        )
        slow = sa.create_engine(  # the 1M-row insert outlives the default 10 s socket timeout
            "postgresql+pg8000://",
            creator=lambda: PgTarget.from_url(url).connect(
                timeout_s=1800, statement_timeout_s=1800
            ),
        )
        build_fixture(slow, partner.id)
        slow.dispose()
        built.tokens.ensure_signing_key(now=datetime.now(UTC))
        token = mint_token(built, partner_id=partner.id, role=Role.API, kind="client")
        headers = {"Authorization": f"Bearer {token}"}
        port = free_port()
        server = start_gunicorn(url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            ids = [
                str(uuid.UUID(__import__("hashlib").md5(f"t{g}".encode()).hexdigest()))
                for g in range(1, TRACKS + 1, max(1, TRACKS // 5000))
            ]
            for _ in range(200):  # warm both workers' pools and key caches
                requests.get(f"{base}/api/v1/tracks/{ids[_ % len(ids)]}", headers=headers)
            report(
                "GET /api/v1/tracks/{id} at 500 req/s",
                open_loop([f"{base}/api/v1/tracks/{i}" for i in ids], headers),
            )
            isrcs = [
                f"{base}/api/v1/tracks?isrc=QZBEN{g:07d}"
                for g in range(1, TRACKS + 1, max(1, TRACKS // 5000))
            ]
            report("GET /api/v1/tracks?isrc= at 500 req/s", open_loop(isrcs, headers))
            query = {
                "query": "query($id: ID!) { release(id: $id) { title tracks(first: 20) "
                "{ edges { node { title isrc contributors { role share party { name } } } } }"
                " } }",
                "variables": {
                    "id": str(uuid.UUID(__import__("hashlib").md5(b"release").hexdigest()))
                },
            }
            session = requests.Session()
            graph = []
            for _ in range(400):
                started = time.perf_counter()
                answer = session.post(f"{base}/graphql", json=query, headers=headers, timeout=10)
                graph.append((time.perf_counter() - started) * 1000)
                assert len(answer.json()["data"]["release"]["tracks"]["edges"]) == 20
            report("GraphQL release with 20 tracks + contributors (sequential)", graph)
            bulk_ids = ids[:0] or [
                str(uuid.UUID(__import__("hashlib").md5(f"t{g}".encode()).hexdigest()))
                for g in range(100, 10_100)
            ]
            started = time.perf_counter()
            answer = session.patch(
                f"{base}/api/v1/tracks",
                headers=headers,
                timeout=120,
                json={"ids": bulk_ids, "set": {"genre": "Bench"}, "run_async": False},
            )
            elapsed = time.perf_counter() - started
            print(
                f"bulk PATCH of {len(bulk_ids):,} tracks: {elapsed:.2f} s "
                f"(HTTP {answer.status_code}, {answer.json().get('total')} changed)",
                flush=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            built.close()


if __name__ == "__main__":
    main()
