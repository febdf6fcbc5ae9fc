"""Server time per GET, cold and cached, through the real app in process (issue 19):
``python -m bench.cache_miss_bench [--baseline DIR] [--rounds N]``.

The open-loop bench (`bench/api_bench.py`) shows queueing, which on a machine loaded by other
work says more about the machine than about the code. This one drives the app (create_app, real
tokens, the machine's PostgreSQL and Redis) through Flask's test client, one request at a time,
and reports the Python CPU time (``process_time``) and wall time per GET of: a track by id cold
(a cache miss), the same again (a hit), a track by ISRC cold (the ISRC and its track never read),
the same again, and both without Redis (the database-only path). With ``--baseline DIR`` (a
checkout of older code) each round runs the older code first, then this checkout's, each in its
own process on its own database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

READS = 1000  # distinct tracks per kind of GET
KINDS = (
    "by id, cold (cache miss)",
    "by id, cached",
    "by ISRC, cold (cache miss)",
    "by ISRC, cached",
    "by id, database only",
    "by ISRC, database only",
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cache_miss_bench", description=__doc__)
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="a checkout of older code")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="flushed before each run (default: $BENCH_REDIS_URL or redis://127.0.0.1:6379/14)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.redis_url)))
        return
    codes = [("this checkout", Path.cwd())]
    if args.baseline is not None:
        if not (args.baseline / "shared" / "api").is_dir():
            parser.error(f"--baseline {args.baseline}: not a checkout (no shared/api there)")
        codes.insert(0, (f"baseline {args.baseline.name}", args.baseline.resolve()))
    runs: dict[str, list[dict[str, list[float]]]] = {label: [] for label, _ in codes}
    for round_number in range(1, args.rounds + 1):
        for label, code in codes:
            found = run_child(code, args.redis_url)
            runs[label].append(found)
            print(f"round {round_number}, {label} (load {os.getloadavg()[0]:.1f}):", flush=True)
            for kind in KINDS:
                cpu, wall = found[kind]
                print(f"  {kind}: CPU {cpu:.2f} ms, wall {wall:.2f} ms a GET", flush=True)
    print(f"\nmedians of {args.rounds} rounds, ms a GET (Python CPU / wall):")
    for kind in KINDS:
        cells = [
            f"{statistics.median(r[kind][0] for r in runs[label]):.2f} / "
            f"{statistics.median(r[kind][1] for r in runs[label]):.2f} ({label})"
            for label, _ in codes
        ]
        print(f"  {kind}: " + "; ".join(cells))


def run_child(code: Path, redis_url: str) -> dict[str, list[float]]:
    """This file run on ``code``'s packages, in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--redis-url", redis_url],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def measure_here(redis_url: str) -> dict[str, tuple[float, float]]:
    """The six kinds of GET on the code this process imported (see run_child)."""
    import redis
    import sqlalchemy as sa

    from bench.common import throwaway_database
    from shared.api import create_app
    from shared.bootstrap import build_services
    from shared.domain.audit import Actor
    from shared.domain.partners import Role, Tier
    from shared.settings import Settings
    from tests.auth_helpers import mint_token

    redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder, throwaway_database("bench_miss") as (url, eng):
        base = Settings(
            database_url=url,
            catalog_data_dir=Path(folder),
            rate_limit_enterprise="10000000/1000000",  # the bench measures reads, not 429s
        )
        cached = build_services(base.model_copy(update={"redis_url": redis_url}))
        database = build_services(base)
        partner = cached.partners.create_partner(
            f"Miss {uuid.uuid4().hex[:6]}", Tier.ENTERPRISE, now=datetime.now(UTC),
            actor=Actor.system("bench"),
        )  # fmt: skip
        with eng.begin() as conn:
            conn.execute(
                sa.text("""
                INSERT INTO tracks (partner_id, id, isrc, title, display_artist, status,
                                    provenance, created_at, updated_at)
                SELECT :p, md5('t' || g)::uuid, 'QZMIS' || lpad(g::text, 7, '0'), 'Track ' || g,
                       'Artist ' || g, 'draft', '{}', now(), now()
                FROM generate_series(1, :n) AS g"""),
                {"p": partner.id, "n": 4 * READS},
            )
        cached.tokens.ensure_signing_key(now=datetime.now(UTC))
        token = mint_token(cached, partner_id=partner.id, role=Role.API, kind="client")
        headers = {"Authorization": f"Bearer {token}"}
        ids = [str(uuid.UUID(_md5(f"t{n}"))) for n in range(1, 4 * READS + 1)]
        isrcs = [f"QZMIS{n:07d}" for n in range(1, 4 * READS + 1)]
        with_cache = create_app(lambda: cached).test_client()
        without = create_app(lambda: database).test_client()
        for client in (with_cache, without):  # pools, prepared statements, scripts loaded
            client.get(f"/api/v1/tracks/{ids[-1]}", headers=headers)
            client.get(f"/api/v1/tracks?isrc={isrcs[-1]}", headers=headers)

        def timed(client: Any, paths: list[str]) -> tuple[float, float]:
            return _per_get(lambda path: _ok(client.get(path, headers=headers)), paths)

        by_id = [f"/api/v1/tracks/{i}" for i in ids[:READS]]
        by_isrc = [f"/api/v1/tracks?isrc={i}" for i in isrcs[READS : 2 * READS]]
        results[KINDS[0]] = timed(with_cache, by_id)
        results[KINDS[1]] = timed(with_cache, by_id)
        results[KINDS[2]] = timed(with_cache, by_isrc)
        results[KINDS[3]] = timed(with_cache, by_isrc)
        results[KINDS[4]] = timed(
            without, [f"/api/v1/tracks/{i}" for i in ids[2 * READS : 3 * READS]]
        )
        results[KINDS[5]] = timed(without, [f"/api/v1/tracks?isrc={i}" for i in isrcs[3 * READS :]])
        cached.close()
        database.close()
    return results


def _per_get(get: Callable[[str], None], paths: list[str]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        get(path)
    return (
        (time.process_time() - cpu) / len(paths) * 1e3,
        (time.perf_counter() - wall) / len(paths) * 1e3,
    )


def _ok(answer: Any) -> None:
    if answer.status_code != 200:
        raise SystemExit(f"GET answered {answer.status_code}: {answer.get_data(as_text=True)}")


def _md5(text: str) -> str:
    import hashlib

    return hashlib.md5(text.encode()).hexdigest()


if __name__ == "__main__":
    main()
