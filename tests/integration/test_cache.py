"""The read cache against the machine's Redis (127.0.0.1:6379): contract, stampede, warm-up."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
import redis

from shared.adapters.memory_cache import MemoryCache, MemoryHotKeys
from shared.adapters.redis_cache import RedisCache, RedisHotKeys
from shared.bootstrap import Services
from shared.domain.identifiers import Isrc
from shared.domain.partners import Partner
from shared.domain.recordings import SoundRecording
from shared.domain.touched import TouchedRecords
from shared.errors import NotFound
from shared.ports import Cache, CacheEntry
from shared.services.cache_warm import CacheWarmer
from shared.services.read_cache import ReadThroughCache, TrackReads, partner_prefix, track_key

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def namespace() -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*")) + list(client.scan_iter("catalog:v2:*" + prefix))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["memory", "redis"])
def cache(request: pytest.FixtureRequest) -> Cache:
    if request.param == "memory":
        return MemoryCache()
    return RedisCache.connect(REDIS_URL, timeout_s=2)


def test_a_cached_value_comes_back_with_its_remaining_ttl(cache: Cache, namespace: str) -> None:
    cache.set(namespace + "k", b"value", ttl_s=30)

    entry = cache.get(namespace + "k")

    assert entry is not None
    assert entry.value == b"value"
    assert 29 < entry.ttl_remaining_s <= 30


def test_an_expired_or_deleted_value_is_gone(cache: Cache, namespace: str) -> None:
    cache.set(namespace + "short", b"x", ttl_s=0.05)
    cache.set(namespace + "deleted", b"y", ttl_s=30)

    time.sleep(0.1)
    cache.delete(namespace + "deleted")

    assert cache.get(namespace + "short") is None
    assert cache.get(namespace + "deleted") is None


def test_add_sets_only_when_absent(cache: Cache, namespace: str) -> None:
    first = cache.add(namespace + "lock", b"1", ttl_s=5)
    second = cache.add(namespace + "lock", b"2", ttl_s=5)

    assert (first, second) == (True, False)
    assert cache.get(namespace + "lock").value == b"1"  # type: ignore[union-attr]


def test_an_unreachable_redis_degrades_reads_to_the_loader() -> None:
    dead = RedisCache.connect("redis://127.0.0.1:1/0", timeout_s=0.5)
    reads = ReadThroughCache(dead, ttl_s=60)

    assert reads.fetch("catalog:v1:any", lambda: b"from the database") == b"from the database"


@dataclass
class LoadCounter:
    """A loader that takes ``seconds`` and records how many ran at once."""

    seconds: float
    calls: int = 0
    running: int = 0
    most_at_once: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        return b"record"


class MissCounter:
    """A Cache that counts reads of ``key`` finding nothing (an expired or missing value)."""

    def __init__(self, inner: RedisCache, key: str) -> None:
        self._inner = inner
        self._key = key
        self.misses = 0

    def get(self, key: str) -> CacheEntry | None:
        entry = self._inner.get(key)
        if entry is None and key == self._key:
            self.misses += 1
        return entry

    def set(self, key: str, value: bytes, *, ttl_s: float) -> None:
        self._inner.set(key, value, ttl_s=ttl_s)

    def delete(self, *keys: str) -> None:
        self._inner.delete(*keys)

    def add(self, key: str, value: bytes, *, ttl_s: float) -> bool:
        return self._inner.add(key, value, ttl_s=ttl_s)

    def get_or_lock(
        self, key: str, *, lock: str, lock_ttl_s: float, markers: Any, count: Any = None
    ) -> tuple[CacheEntry | None, bool, list[bytes | None]]:
        found = self._inner.get_or_lock(
            key, lock=lock, lock_ttl_s=lock_ttl_s, markers=markers, count=count
        )
        if found[0] is None and key == self._key:
            self.misses += 1
        return found

    def __getattr__(self, name: str) -> Any:  # the rest of the Cache port, unchanged
        return getattr(self._inner, name)


def _naive(cache: Cache, key: str, load: Callable[[], bytes], ttl_s: float) -> bytes:
    """Plain cache-aside: what a stampede looks like."""
    entry = cache.get(key)
    if entry is not None:
        return entry.value
    value = load()
    cache.set(key, value, ttl_s=ttl_s)
    return value


def _hammer(read: Callable[[], bytes], *, readers: int, seconds: float) -> list[float]:
    """``readers`` threads reading for ``seconds``; every read's latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(readers)
    deadline = time.monotonic() + seconds + 0.5

    def run() -> None:
        mine = []
        start.wait()
        while time.monotonic() < deadline:
            began = time.perf_counter()
            assert read() == b"record"
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return latencies


@pytest.mark.slow
def test_ttl_expiry_never_stampedes_with_early_refresh(namespace: str) -> None:
    """12 readers, each with its own Redis connection (as separate function instances), read one
    hot key through 4 TTL periods; the load takes 100 ms. Plain cache-aside sends the readers
    to the database together at each expiry; XFetch refreshes once, ahead of expiry."""
    ttl_s, readers, seconds = 1.0, 12, 4.0
    naive_key, xfetch_key = namespace + "naive", namespace + "xfetch"
    naive_load, xfetch_load = LoadCounter(0.1), LoadCounter(0.1)
    naive_caches = [RedisCache.connect(REDIS_URL, timeout_s=2) for _ in range(readers)]
    seen = [
        MissCounter(RedisCache.connect(REDIS_URL, timeout_s=2), xfetch_key) for _ in range(readers)
    ]
    xfetch = [ReadThroughCache(cache, ttl_s=ttl_s) for cache in seen]
    local = threading.local()
    turn = iter(range(readers * 10))

    def mine() -> int:
        if not hasattr(local, "index"):
            local.index = next(turn) % readers
        return int(local.index)

    _hammer(
        lambda: _naive(naive_caches[mine()], naive_key, naive_load, ttl_s),
        readers=readers,
        seconds=seconds,
    )
    local = threading.local()
    xfetch[0].fetch(xfetch_key, xfetch_load)  # warm, as the pre-warm job leaves hot keys
    seen[0].misses = 0
    latencies = _hammer(
        lambda: xfetch[mine()].fetch(xfetch_key, xfetch_load), readers=readers, seconds=seconds
    )

    assert naive_load.most_at_once >= 4  # the stampede the test would catch
    assert xfetch_load.most_at_once == 1
    # early refreshes come sooner at high read rates (delta * ln(reads/s * delta) ahead of
    # expiry, about 0.6 s here), yet stay far below one load per reader per expiry
    assert xfetch_load.calls <= (seconds + 0.5) / ttl_s * 4
    assert xfetch_load.calls < naive_load.calls / 2
    assert sum(cache.misses for cache in seen) == 0  # no reader ever found the key expired
    assert statistics.median(latencies) < 0.05  # readers are served from the cache


def test_a_cold_key_is_loaded_once_while_the_others_wait(namespace: str) -> None:
    load = LoadCounter(0.2)
    caches = [
        ReadThroughCache(RedisCache.connect(REDIS_URL, timeout_s=2), ttl_s=30) for _ in range(8)
    ]
    results: list[bytes] = []
    start = threading.Barrier(8)

    def read(reader: ReadThroughCache) -> None:
        start.wait()
        results.append(reader.fetch(namespace + "cold", load))

    threads = [threading.Thread(target=read, args=(c,)) for c in caches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results == [b"record"] * 8
    assert load.calls == 1


def test_a_reader_waiting_on_a_holder_that_gives_up_loads_at_once(
    cache: Cache, namespace: str
) -> None:
    """The holder's load failed (a missing track, say) and it let the lock go: the waiting
    reader loads itself instead of polling for a value that will not come for ``wait_s``."""
    reads = ReadThroughCache(cache, ttl_s=30, wait_s=5.0)
    key = namespace + "given-up"
    assert cache.add(f"{key}:refreshing", b"1", ttl_s=10)  # another reader is loading
    threading.Timer(0.1, lambda: cache.delete(f"{key}:refreshing")).start()  # and gives up

    started = time.monotonic()
    value = reads.fetch(key, lambda: b"loaded here")

    assert value == b"loaded here"
    assert time.monotonic() - started < 2.0


def test_early_refresh_grows_likelier_as_expiry_nears() -> None:
    draws = iter([i / 1000 for i in range(1, 1000)] * 3)
    reads = ReadThroughCache(MemoryCache(), ttl_s=60, rng=lambda: next(draws))

    far = sum(reads.should_refresh(0.1, 2.0) for _ in range(999))
    near = sum(reads.should_refresh(0.1, 0.05) for _ in range(999))
    expired = sum(reads.should_refresh(0.1, 0.0) for _ in range(999))

    assert far == 0
    assert 500 < near < 700  # P = exp(-0.05 / 0.1) = 0.61
    assert expired == 999


def _tracks(
    services: Services, partner: Partner, count: int, now: datetime
) -> list[SoundRecording]:
    made = [
        SoundRecording(
            uuid.uuid4(),
            partner.id,
            f"Song {i}",
            isrc=Isrc.parse(f"USRC1{i:07d}") if i < 3 else None,
        )
        for i in range(count)
    ]
    with services.uow() as uow:
        for track in made:
            uow.tracks.add(track, now=now)
    return made


@pytest.fixture
def redis_reads(services: Services, namespace: str) -> tuple[TrackReads, RedisCache, RedisHotKeys]:
    cache = RedisCache(redis.Redis.from_url(REDIS_URL), hot_prefix=namespace)
    hot = RedisHotKeys(redis.Redis.from_url(REDIS_URL), prefix=namespace)
    return TrackReads(services.uow, ReadThroughCache(cache, ttl_s=60), hot), cache, hot


def test_track_reads_hit_the_database_once_and_forget_after_a_change(
    services: Services, partner: Partner, now: datetime, redis_reads
) -> None:  # noqa: ANN001
    reads, cache, _ = redis_reads
    track = _tracks(services, partner, 1, now)[0]

    first = reads.track(partner.id, track.id)
    with services.uow() as uow:  # a write the cache has not been told about yet
        uow.tracks.save(SoundRecording(track.id, partner.id, "Renamed"), now=now)
    stale = reads.track(partner.id, track.id)
    touched = TouchedRecords()
    touched.track(partner.id, track.id)
    reads.forget(touched)
    fresh = reads.track(partner.id, track.id)

    assert b'"title":"Song 0"' in first
    assert first == stale
    assert b'"title":"Renamed"' in fresh
    cache.delete(track_key(partner.id, track.id))


def test_a_missing_track_is_not_found_and_not_cached(
    services: Services, partner: Partner, redis_reads
) -> None:  # noqa: ANN001
    reads, cache, _ = redis_reads
    missing = uuid.uuid4()

    with pytest.raises(NotFound):
        reads.track(partner.id, missing)

    assert cache.get(track_key(partner.id, missing)) is None


def test_the_warm_job_caches_the_most_read_tracks_first(
    services: Services, partner: Partner, now: datetime, redis_reads
) -> None:  # noqa: ANN001
    reads, cache, hot = redis_reads
    tracks = _tracks(services, partner, 6, now)
    for track, times in zip(tracks[:3], (5, 3, 1), strict=True):
        for _ in range(times):
            hot.record("track", f"{partner.id}:{track.id}")

    report = CacheWarmer(services.uow, hot, reads).warm(top_n=2)

    assert report.from_reads == 2
    assert report.cached == 2
    assert cache.get(track_key(partner.id, tracks[0].id)) is not None
    assert cache.get(track_key(partner.id, tracks[1].id)) is not None
    assert cache.get(track_key(partner.id, tracks[2].id)) is None
    cache.delete(*(track_key(partner.id, t.id) for t in tracks))


def test_the_warm_job_fills_up_with_recently_changed_tracks(
    services: Services, partner: Partner, now: datetime
) -> None:
    hot = MemoryHotKeys()
    cache = MemoryCache()
    reads = TrackReads(services.uow, ReadThroughCache(cache, ttl_s=60), hot)
    later = now.replace(year=9000)  # newer than anything else in the shared test database
    tracks = _tracks(services, partner, 3, later)

    report = CacheWarmer(services.uow, hot, reads).warm(top_n=3)

    assert report.from_reads == 0
    assert report.from_recent == 3
    assert all(cache.get(track_key(partner.id, t.id)) is not None for t in tracks)


def test_read_counts_halve_at_each_warm_up_so_recent_reads_win(namespace: str) -> None:
    hot = RedisHotKeys(redis.Redis.from_url(REDIS_URL), prefix=namespace)
    for _ in range(8):
        hot.record("track", "old-hit")
    hot.decay("track", 0.5)
    hot.decay("track", 0.5)  # two days later: 8 reads count as 2

    for _ in range(3):
        hot.record("track", "new-hit")

    assert hot.top("track", 2) == ["new-hit", "old-hit"]


def test_a_reload_that_raced_a_write_is_served_but_not_stored(cache: Cache, namespace: str) -> None:
    """The reader's load began before the writer's commit; its old value must not be cached."""
    reads = ReadThroughCache(cache, ttl_s=60)
    key = namespace + "raced"

    def load_while_a_write_commits() -> bytes:
        reads.invalidate(key)  # the writer commits and invalidates during our read
        return b"old"

    served = reads.fetch(key, load_while_a_write_commits)
    after = reads.fetch(key, lambda: b"new")

    assert served == b"old"
    assert after == b"new"
    stored = cache.get(key)
    assert stored is not None
    assert stored.value.endswith(b"new")


def test_a_reload_that_raced_a_second_write_is_not_stored_either(
    cache: Cache, namespace: str
) -> None:
    """The key's marker from a first write is still there when the reader notes it; a second
    write during the read must still count as a change."""
    reads = ReadThroughCache(cache, ttl_s=60)
    key = namespace + "raced-twice"
    reads.invalidate(key)  # a first write, its marker still alive

    def load_while_a_write_commits() -> bytes:
        reads.invalidate(key)
        return b"old"

    served = reads.fetch(key, load_while_a_write_commits)

    assert served == b"old"
    assert cache.get(key) is None


def test_values_a_load_read_besides_are_stored_with_it_unless_written_meanwhile(
    cache: Cache, namespace: str
) -> None:
    reads = ReadThroughCache(cache, ttl_s=60)
    key, quiet, written = namespace + "list", namespace + "quiet", namespace + "written"

    def load_while_one_is_written() -> bytes:
        reads.invalidate(written)
        return b"both"

    served = reads.fetch(
        key, load_while_one_is_written, also=lambda: {quiet: b"q-old", written: b"w-old"}
    )

    assert served == b"both"
    assert reads.fetch(quiet, lambda: b"q-new") == b"q-old"  # stored with the list
    assert reads.fetch(written, lambda: b"w-new") == b"w-new"  # a write marked it: not stored
    assert cache.get(key) is not None


def test_values_besides_are_not_stored_when_the_value_itself_raced_a_write(
    cache: Cache, namespace: str
) -> None:
    reads = ReadThroughCache(cache, ttl_s=60)
    key, besides = namespace + "list2", namespace + "besides"

    def load_while_the_list_is_written() -> bytes:
        reads.invalidate(key)
        return b"old list"

    reads.fetch(key, load_while_the_list_is_written, also=lambda: {besides: b"old"})

    assert cache.get(key) is None
    assert cache.get(besides) is None


def test_forgetting_a_partner_drops_all_its_keys_and_only_its(cache: Cache) -> None:
    reads = ReadThroughCache(cache, ttl_s=60)
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    for partner in (mine, theirs):
        for _ in range(3):
            reads.fetch(track_key(partner, uuid.uuid4()), lambda: b"x")
    kept = track_key(theirs, uuid.uuid4())
    reads.fetch(kept, lambda: b"kept")

    gone = reads.invalidate_prefix(partner_prefix(mine))

    assert gone == 3
    assert cache.get(kept) is not None
    for _ in range(3):
        assert reads.fetch(track_key(mine, uuid.uuid4()), lambda: b"y") == b"y"
    client = redis.Redis.from_url(REDIS_URL)
    for partner in (mine, theirs):
        keys = list(client.scan_iter(f"{partner_prefix(partner)}*"))
        if keys:
            client.delete(*keys)


def test_a_miss_is_two_redis_round_trips_around_the_load_and_a_hit_one(
    namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = ReadThroughCache(RedisCache.connect(REDIS_URL, timeout_s=2), ttl_s=60)
    reads.fetch(f"{namespace}warm", lambda: b"x")  # the scripts are loaded once per server
    sent: list[str] = []
    execute = redis.Redis.execute_command

    def counting(self: redis.Redis, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(args[0]))
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)

    missed = reads.fetch(f"{namespace}track", lambda: b"loaded")
    on_miss = list(sent)
    sent.clear()
    hit = reads.fetch(f"{namespace}track", lambda: b"not loaded again")

    assert (missed, hit) == (b"loaded", b"loaded")
    assert on_miss == ["EVALSHA", "EVALSHA"]  # get or lock (markers too); store unless marked
    assert sent == ["EVALSHA"]


class CountingConnection(redis.Connection):
    """A Redis connection that counts its requests: each send is one round trip (a pipeline
    or a script is one send, whatever it holds)."""

    sent = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountingConnection.sent += 1
        super().send_packed_command(command, check_health)


def test_a_track_read_is_one_redis_round_trip_counted_and_a_miss_one_more_to_store(
    services: Services, partner: Partner, now: datetime, namespace: str
) -> None:
    client = redis.Redis(
        connection_pool=redis.ConnectionPool(
            connection_class=CountingConnection, host="127.0.0.1", port=6379, db=0
        )
    )
    cache = RedisCache(client, hot_prefix=namespace)
    hot = RedisHotKeys(client, prefix=namespace)
    reads = TrackReads(services.uow, ReadThroughCache(cache, ttl_s=60), hot)
    warm, track = _tracks(services, partner, 2, now)
    reads.track(partner.id, warm.id)  # the scripts are loaded once per server
    CountingConnection.sent = 0

    missed = reads.track(partner.id, track.id)
    on_miss = CountingConnection.sent
    CountingConnection.sent = 0
    hit = reads.track(partner.id, track.id)

    assert missed == hit
    assert b'"title":"Song 1"' in hit
    assert on_miss == 2  # count + lookup (+ lock and markers) in one script; the store
    assert CountingConnection.sent == 1  # count + lookup
    assert hot.top("track", 2) == [f"{partner.id}:{track.id}", f"{partner.id}:{warm.id}"]
    cache.delete(track_key(partner.id, warm.id), track_key(partner.id, track.id))
