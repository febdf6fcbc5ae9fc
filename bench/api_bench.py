"""API benchmark: 1M tracks in PostgreSQL, the app under gunicorn (2 workers on 2 cores).

Measures GET track by id and by ISRC at a fixed 500 requests/s (open loop, latency from the
scheduled send time), each first on cold records and then again, on the database-only path and
through the Redis read cache; then GraphQL release with 20 tracks and contributors, and a bulk
PATCH of 10,000 tracks. Run with `make bench` or `python -m bench.api_bench` (`--help` for the
options: only the reads, one path, older code alternating with this checkout); not part of
`make test`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from bench.common import percentile, throwaway_database
from bench.load import open_loop
from shared.bootstrap import Services, build_services
from shared.db.engine import PgTarget
from shared.db.reads import TRACK_WITH_CREDITS
from shared.domain.audit import Actor
from shared.domain.partners import Role, Tier
from shared.settings import Settings
from tests.auth_helpers import mint_token
from tests.e2e.conftest import free_port

RATE = 500
SECONDS = 10  # per pass: 5,000 requests
SAMPLE = 5000  # distinct tracks read
PATHS = {"database": "database", "cache": "Redis read cache"}


@dataclass(frozen=True)
class Options:
    """What to run: see ``parse_options`` (``--help``)."""

    tracks: int
    reads_only: bool
    paths: tuple[str, ...]
    baseline: Path | None
    rounds: int
    redis_url: str


def parse_options(argv: list[str] | None = None) -> Options:
    """The command line; environment variables give the defaults (BENCH_TRACKS, ...)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.api_bench",
        description="The API at 500 GETs/s open loop (by id and by ISRC, cold then again), "
        "GraphQL and a bulk PATCH, on a throwaway database of TRACKS tracks.",
    )
    parser.add_argument(
        "--tracks",
        type=_positive,
        default=int(os.environ.get("BENCH_TRACKS", "1000000")),
        help="tracks in the fixture (default: $BENCH_TRACKS or 1,000,000)",
    )
    parser.add_argument(
        "--reads",
        action="store_true",
        help="only the read passes and their floors (no GraphQL, no bulk PATCH)",
    )
    parser.add_argument(
        "--path",
        action="append",
        choices=sorted(PATHS),
        help="read path to measure: database (no REDIS_URL) or cache (REDIS_URL set); "
        "repeat for both (the default)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="a checkout of older code (git worktree add DIR COMMIT): each read pass runs on "
        "its code and on this checkout's, alternating, on the same database and Redis",
    )
    parser.add_argument(
        "--rounds",
        type=_positive,
        default=1,
        help="how many times the read passes run (alternating with --baseline); default 1",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="the Redis database the cache path uses, flushed before each cache pass "
        "(default: $BENCH_REDIS_URL or redis://127.0.0.1:6379/14)",
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "bench" / "api_wsgi.py").is_file():
        parser.error(f"--baseline {args.baseline}: no bench/api_wsgi.py there (not a checkout)")
    return Options(
        tracks=args.tracks,
        reads_only=args.reads,
        paths=tuple(args.path or PATHS),
        baseline=args.baseline.resolve() if args.baseline else None,
        rounds=args.rounds,
        redis_url=args.redis_url,
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number of 1 or more")
    return value


def build_fixture(engine: sa.Engine, partner_id: uuid.UUID, tracks: int) -> None:
    """``tracks`` tracks with generate_series (server-side), one release of 20 with
    contributors."""
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
            {"p": partner_id, "n": tracks},
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
    print(f"fixture: {tracks:,} tracks in {time.perf_counter() - started:.1f} s", flush=True)


def start_gunicorn(
    database_url: str,
    port: int,
    redis_url: str,
    app: str = "bench.api_wsgi:app",
    code: Path | None = None,
) -> subprocess.Popen[bytes]:
    """gunicorn serving ``app`` from the code in ``code`` (default: this checkout)."""
    env = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        **({"REDIS_URL": redis_url} if redis_url else {}),
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
            app,
        ],
        env=env,
        cwd=code,  # python -m puts the working directory first on sys.path
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def measure(name: str, base: str, paths: list[str], headers: dict[str, str]) -> str:
    """Open loop at RATE requests a second for SECONDS; print (and return) the percentiles
    and the load average of the last minute."""
    host, port = base.removeprefix("http://").split(":")
    result = open_loop(host, int(port), paths, headers, rate=RATE, seconds=SECONDS)
    values = result.latencies_ms
    line = (
        f"{name}: n={len(values)} p50 {percentile(values, 0.5):.1f} ms, "
        f"p95 {percentile(values, 0.95):.1f} ms, p99 {percentile(values, 0.99):.1f} ms, "
        f"max {max(values):.1f} ms"
        + (f", failures {result.failures}" if result.failures else "")
        + f" (load {os.getloadavg()[0]:.1f})"
    )
    print(line, flush=True)
    return line


def track_id(n: int) -> str:
    """The id build_fixture gave track number ``n``."""
    return str(uuid.UUID(hashlib.md5(f"t{n}".encode()).hexdigest()))


def sampled(tracks: int) -> range:
    """The numbers of the SAMPLE tracks the read passes read, spread over the fixture."""
    return range(1, tracks + 1, max(1, tracks // SAMPLE))


def measure_reads(label: str, base: str, headers: dict[str, str], tracks: int) -> list[str]:
    """GET by id and by ISRC: a first pass over SAMPLE records (cold), then the measured one.

    The ISRCs are another SAMPLE tracks than the ids (the next track of each), so their first
    pass finds the tracks cold too, not cached by the passes by id."""
    numbers = sampled(tracks)
    by_id = [f"/api/v1/tracks/{track_id(n)}" for n in numbers]
    by_isrc = [f"/api/v1/tracks?isrc=QZBEN{min(n + 1, tracks):07d}" for n in numbers]
    others = [f"/api/v1/tracks/{track_id(min(n + 2, tracks))}" for n in numbers[:1000]]
    # the workers' first requests (imports, pools, prepared statements), not the cold records
    warm_up(base, others, headers)
    return [
        measure(f"[{label}] GET /api/v1/tracks/{{id}}, first read of each", base, by_id, headers),
        measure(f"[{label}] GET /api/v1/tracks/{{id}}", base, by_id, headers),
        measure(f"[{label}] GET /api/v1/tracks?isrc=, first read of each", base, by_isrc, headers),
        measure(f"[{label}] GET /api/v1/tracks?isrc=", base, by_isrc, headers),
    ]


def warm_up(base: str, paths: list[str], headers: dict[str, str]) -> None:
    """Two seconds of reads of tracks the passes do not read, at the passes' rate."""
    host, port = base.removeprefix("http://").split(":")
    result = open_loop(host, int(port), paths, headers, rate=RATE, seconds=2)
    print(f"  warm-up of the workers: {len(result.latencies_ms)} GETs of other tracks", flush=True)


def measure_floors(url: str, partner_id: uuid.UUID, headers: dict[str, str], tracks: int) -> None:
    """What the figures are measured against, in the same run: a fixed body from the same
    gunicorn at the same rate, and pgbench running the read path's own statement."""
    with gunicorn(url, "", "bench.floor_wsgi:app") as base:
        measure("[floor] trivial WSGI endpoint, same gunicorn", base, ["/floor"] * 100, headers)
    ids = [track_id(n) for n in sampled(tracks)]
    script = TRACK_WITH_CREDITS.text.replace(":partner_id", f"'{partner_id}'").replace(
        ":track_id", "(ARRAY['" + "','".join(ids[:200]) + "']::uuid[])[1 + :i]"
    )
    pgbench("[floor] the read's one statement under pgbench -R 500", url, script)


def pgbench(name: str, url: str, statement: str) -> None:
    """pgbench at RATE statements/s for SECONDS on 2 clients; latency percentiles from its log."""
    target = PgTarget.from_url(url)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "read.sql"
        script.write_text("\\set i random(0, 199)\n" + " ".join(statement.split()) + ";\n")
        subprocess.run(
            ["pgbench", "-n", "-c", "2", "-j", "1", "-R", str(RATE), "-T", str(SECONDS), "-l",
             "--log-prefix", f"{folder}/log", "-f", str(script), "-h", target.host or "127.0.0.1",
             "-p", str(target.port), "-U", target.user, target.database],
            check=True, capture_output=True,
        )  # fmt: skip
        values = [
            # a line: client, transaction, latency us, script, epoch, us, lag us (with -R)
            int(line.split()[2]) / 1000 + int(line.split()[6]) / 1000
            for log in Path(folder).glob("log*")
            for line in log.read_text().splitlines()
        ]
    print(
        f"{name}: n={len(values)} p50 {percentile(values, 0.5):.2f} ms, "
        f"p95 {percentile(values, 0.95):.2f} ms, p99 {percentile(values, 0.99):.2f} ms",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    options = parse_options(argv)
    with throwaway_database("bench_api") as (url, _):
        built = build_services(Settings(database_url=url, db_pool_size=2))
        try:
            partner_id, headers = prepare(built, url, options.tracks)
            measure_floors(url, partner_id, headers, options.tracks)
            summary = run_read_passes(url, headers, options)
            if not options.reads_only:
                measure_writes(url, headers, options)
        finally:
            built.close()
    print("\nsummary:\n" + "\n".join(summary), flush=True)


def prepare(built: Services, url: str, tracks: int) -> tuple[uuid.UUID, dict[str, str]]:
    """A partner with the fixture's tracks; the headers of an API client of theirs."""
    partner = built.partners.create_partner(
        f"Bench {uuid.uuid4().hex[:6]}",
        Tier.ENTERPRISE,
        now=datetime.now(UTC),
        actor=Actor.system("bench"),
    )
    slow = sa.create_engine(  # the 1M-row insert outlives the default 10 s socket timeout
        "postgresql+pg8000://",
        creator=lambda: PgTarget.from_url(url).connect(timeout_s=1800, statement_timeout_s=1800),
    )
    build_fixture(slow, partner.id, tracks)
    slow.dispose()
    built.tokens.ensure_signing_key(now=datetime.now(UTC))
    token = mint_token(built, partner_id=partner.id, role=Role.API, kind="client")
    return partner.id, {"Authorization": f"Bearer {token}"}


def run_read_passes(url: str, headers: dict[str, str], options: Options) -> list[str]:
    """Each path's read passes, ``rounds`` times, the baseline's code first in each round."""
    codes: list[tuple[str, Path | None]] = [("this checkout", None)]
    if options.baseline is not None:
        codes.insert(0, (f"baseline {options.baseline.name}", options.baseline))
    summary = []
    for round_number in range(1, options.rounds + 1):
        for path in options.paths:
            redis_url = options.redis_url if path == "cache" else ""
            for code_label, code in codes:
                if redis_url:
                    flush_redis(redis_url)  # every cache pass starts cold
                label = f"{PATHS[path]}, {code_label}, round {round_number}"
                with gunicorn(url, redis_url, code=code) as base:
                    summary += measure_reads(label, base, headers, options.tracks)
    return summary


def measure_writes(url: str, headers: dict[str, str], options: Options) -> None:
    """GraphQL release with 20 tracks, then a bulk PATCH of 10,000 tracks through the cache."""
    with gunicorn(url, options.redis_url) as base:
        session = requests.Session()
        query = {
            "query": "query($id: ID!) { release(id: $id) { title tracks(first: 20) "
            "{ edges { node { title isrc contributors { role share party { name } } } } }"
            " } }",
            "variables": {"id": str(uuid.UUID(hashlib.md5(b"release").hexdigest()))},
        }
        graph = []
        for _ in range(400):
            started = time.perf_counter()
            answer = session.post(f"{base}/graphql", json=query, headers=headers, timeout=10)
            graph.append((time.perf_counter() - started) * 1000)
            assert len(answer.json()["data"]["release"]["tracks"]["edges"]) == 20
        print(
            f"GraphQL release with 20 tracks + contributors (sequential): "
            f"p50 {percentile(graph, 0.5):.1f} ms, p95 {percentile(graph, 0.95):.1f} ms",
            flush=True,
        )
        bulk_ids = [track_id(n) for n in range(100, 10_100)]
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
        after = session.get(f"{base}/api/v1/tracks/{track_id(201)}", headers=headers)
        assert after.json()["genre"] == "Bench", "the read cache kept a value the edit changed"


@contextmanager
def gunicorn(
    database_url: str, redis_url: str, app: str = "bench.api_wsgi:app", code: Path | None = None
) -> Iterator[str]:
    """The app under gunicorn on a free port (``code``: another checkout's); yields its URL."""
    port = free_port()
    server = start_gunicorn(database_url, port, redis_url, app, code)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def flush_redis(url: str) -> None:
    """Start from an empty cache database (the bench's own: --redis-url)."""
    redis.Redis.from_url(url, socket_timeout=5).flushdb()


if __name__ == "__main__":
    main()
