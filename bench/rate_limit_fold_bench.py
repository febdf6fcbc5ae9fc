"""What the rate limit's own Redis round trip costs a cached read: ``python -m
bench.rate_limit_fold_bench`` (issue 19).

A cached GET makes two Redis calls: the rate limit's token bucket (before the route is known)
and the cache's lookup. Four ways of making them, on one thread against the machine's Redis,
5 rounds of 5,000 reads each way, alternating:

- separate: ``RedisRateLimiter.hit`` then ``RedisCache.get_or_lock`` (what the API does);
- pipelined: both scripts' EVALSHA in one redis-py pipeline (one round trip);
- folded: one Lua script running both (one round trip, one command);
- lookup only: ``get_or_lock`` alone, the floor (what a free rate limit would leave).

Prints the median wall time and Python CPU time per read of each way.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable

import redis

from shared.adapters import redis_cache, redis_rate_limit
from shared.adapters.redis_cache import RedisCache
from shared.adapters.redis_rate_limit import RedisRateLimiter
from shared.ports import ReadCount

REDIS_URL = os.environ.get("BENCH_FOLD_REDIS_URL", "redis://127.0.0.1:6379/13")
READS, ROUNDS = 5000, 5
_FOLDED = (
    "local function bucket(KEYS, ARGV)\n"
    + redis_rate_limit._TOKEN_BUCKET
    + "\nend\nlocal function lookup(KEYS, ARGV)\n"
    + redis_cache._GET_OR_LOCK
    + "\nend\n"
    + "local decision = bucket({KEYS[1]}, {ARGV[1], ARGV[2]})\n"
    + "local found = lookup({KEYS[2], KEYS[3], KEYS[4], KEYS[5]}, {ARGV[3], ARGV[4], ARGV[5]})\n"
    + "return {decision, found}\n"
)


def main() -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    prefix = f"bench:fold:{uuid.uuid4().hex}:"
    cache = RedisCache(client, hot_prefix=prefix + "hot:")
    limiter = RedisRateLimiter(client, prefix=prefix)
    key, lock, marker = prefix + "track", prefix + "track:refreshing", prefix + "track:stale"
    client.set(key, b"\0" * 8 + b'{"id":"x","title":"a cached track body"}' * 20, px=600_000)
    count = ReadCount("track", "member")
    bucket_args = [10_000_000 / 60.0, 1_000_000]
    lookup_args: list[int | str | float] = [10_000, count.member, 200_000]
    lookup_keys = [key, lock, prefix + "hot:track", marker]
    get_or_lock = client.register_script(redis_cache._GET_OR_LOCK)
    token_bucket = client.register_script(redis_rate_limit._TOKEN_BUCKET)
    folded = client.register_script(_FOLDED)

    def lookup() -> None:
        cache.get_or_lock(key, lock=lock, lock_ttl_s=10, markers=[marker], count=count)

    def separate() -> None:
        limiter.hit("ratelimit:client:bench", per_minute=10_000_000, burst=1_000_000)
        lookup()

    def pipelined() -> None:
        pipe = client.pipeline(transaction=False)
        token_bucket(keys=[prefix + "ratelimit:client:bench"], args=bucket_args, client=pipe)
        get_or_lock(keys=lookup_keys, args=lookup_args, client=pipe)
        pipe.execute()

    def fold() -> None:
        folded(
            keys=[prefix + "ratelimit:client:bench", *lookup_keys],
            args=[*bucket_args, *lookup_args],
        )

    ways: dict[str, Callable[[], None]] = {
        "separate (the API today)": separate,
        "pipelined": pipelined,
        "folded into one script": fold,
        "lookup only (floor)": lookup,
    }
    for read in ways.values():
        read()  # scripts loaded, a pooled connection
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(ROUNDS):
        for name, read in ways.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(READS):
                read()
            results[name].append(
                (
                    (time.perf_counter() - wall) / READS * 1e3,
                    (time.process_time() - cpu) / READS * 1e3,
                )
            )
    print(f"load average {os.getloadavg()[0]:.1f}; {ROUNDS} rounds of {READS:,} reads each way")
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{name}: wall {statistics.median(walls):.3f} ms a read "
            f"({min(walls):.3f}-{max(walls):.3f}), Python CPU {statistics.median(cpus):.3f} ms "
            f"({min(cpus):.3f}-{max(cpus):.3f})",
            flush=True,
        )
    for leftover in client.scan_iter(prefix + "*"):
        client.delete(leftover)


if __name__ == "__main__":
    main()
