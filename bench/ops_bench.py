"""Operations benchmark: cached vs uncached track reads, pre-warming 10K records, cleanup rate.

    python -m bench.ops_bench [--tracks 10000] [--reads 5000] [--assets 2000]

Needs the machine's PostgreSQL (BENCH_DATABASE_SERVER) and Redis (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/0). Prints one JSON object; the README's tables quote it.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

from bench.common import percentile, throwaway_database
from shared.adapters.redis_cache import RedisCache, RedisHotKeys
from shared.bootstrap import build_services
from shared.domain.assets import Asset
from shared.domain.audit import Actor
from shared.domain.partners import Tier
from shared.domain.recordings import SoundRecording
from shared.domain.retention import CleanupKind
from shared.services.cache_warm import CacheWarmer
from shared.services.read_cache import ReadThroughCache, TrackReads
from shared.settings import Settings

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
ACTOR = Actor.system("bench")


def _timed(calls: int, read: Callable[[int], object]) -> list[float]:
    latencies = []
    for i in range(calls):
        started = time.perf_counter()
        read(i)
        latencies.append(time.perf_counter() - started)
    return latencies


def _summary(latencies: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 3),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 3),
        "per_s_one_thread": round(len(latencies) / sum(latencies)),
    }


def _threaded_rate(read: Callable[[int], object], *, threads: int, seconds: float) -> float:
    counts = [0] * threads
    deadline = time.perf_counter() + seconds

    def run(slot: int) -> None:
        i = slot
        while time.perf_counter() < deadline:
            read(i)
            counts[slot] += 1
            i += threads

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return round(sum(counts) / seconds)


def measure(tracks: int, reads: int, assets: int) -> dict[str, object]:
    """Every measure on a throwaway database and a key namespace of its own."""
    with throwaway_database("bench_ops") as (url, _), tempfile.TemporaryDirectory() as tmp:
        services = build_services(
            Settings(database_url=url, catalog_data_dir=Path(tmp), db_pool_size=8)
        )
        try:
            return _measure(services, tracks, reads, assets)
        finally:
            services.close()


def _measure(services, tracks: int, reads: int, assets: int) -> dict[str, object]:  # noqa: ANN001
    now = datetime.now(UTC)
    partner = services.partners.create_partner("Bench", Tier.FREE, now=now, actor=ACTOR)
    ids = [uuid.uuid4() for _ in range(tracks)]
    with services.uow() as uow:
        for i, track_id in enumerate(ids):
            uow.tracks.add(
                SoundRecording(track_id, partner.id, f"Song {i}", display_artist="Bench Artist"),
                now=now,
            )
    namespace = f"bench:{uuid.uuid4().hex}:"
    cache = RedisCache.connect(REDIS_URL, timeout_s=2)
    hot = RedisHotKeys(redis.Redis.from_url(REDIS_URL), prefix=namespace)
    reads_service = TrackReads(services.uow, ReadThroughCache(cache, ttl_s=3600), hot)

    def uncached(i: int) -> object:
        with services.uow() as uow:
            return uow.tracks.get(partner.id, ids[i % len(ids)])

    def cached(i: int) -> object:
        return reads_service.track(partner.id, ids[i % 1000])

    for i in range(1000):
        cached(i)  # warm the first 1,000
    started = time.perf_counter()
    warm = CacheWarmer(services.uow, hot, reads_service).warm(top_n=tracks)
    warm_s = time.perf_counter() - started
    result: dict[str, object] = {
        "uncached_read": _summary(_timed(reads, uncached)),
        "cached_read": _summary(_timed(reads, cached)),
        "uncached_read_per_s_8_threads": _threaded_rate(uncached, threads=8, seconds=5),
        "cached_read_per_s_8_threads": _threaded_rate(cached, threads=8, seconds=5),
        "warm": {
            "records": warm.cached,
            "seconds": round(warm_s, 2),
            "per_s": round(warm.cached / warm_s),
        },
        "cleanup": _cleanup_rate(services, partner, assets, now),
    }
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*[f"catalog:v1:track:{partner.id}:{i}" for i in ids], namespace + "track")
    return result


def _cleanup_rate(services, partner, count: int, now: datetime) -> dict[str, float]:  # noqa: ANN001
    """Audio past retention (notice already due): notices, then deletions, per second."""
    bucket = services.settings.audio_bucket
    created = now - timedelta(days=40)
    with services.uow() as uow:
        for i in range(count):
            name = f"{partner.id}/{i}.flac"
            services.blobs.write(bucket, name, b"fLaC", content_type="audio/flac")
            uow.assets.add(
                Asset(uuid.uuid4(), partner.id, "uploads", name, 1, 4, created, audio_object=name),
                now=created,
            )
    started = time.perf_counter()
    _until_complete(services, now)
    noticed = time.perf_counter()
    gone = _until_complete(services, now + timedelta(days=8))
    deleted = time.perf_counter()
    return {
        "assets": count,
        "notices_per_s": round(count / (noticed - started)),
        "deletions_per_s": round(gone / (deleted - noticed)),
    }


def _until_complete(services, at: datetime) -> int:  # noqa: ANN001
    """Run cleanup until no batch limit is hit; return the audio objects deleted."""
    deleted = 0
    while True:
        report = services.cleanup.run(now=at)
        deleted += report.count(CleanupKind.AUDIO)
        if report.complete:
            return deleted


def main() -> None:
    """Run and print the results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=5_000)
    parser.add_argument("--assets", type=int, default=2_000)
    args = parser.parse_args()
    print(json.dumps(measure(args.tracks, args.reads, args.assets), indent=2))


if __name__ == "__main__":
    main()
