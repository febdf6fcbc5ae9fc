"""In-process Cache and RateLimiter: local mode's defaults when REDIS_URL is unset."""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence

from shared.ports import CacheEntry, RateDecision, ReadCount

Clock = Callable[[], float]


class MemoryCache:
    """A bounded LRU with per-key expiry; thread-safe."""

    def __init__(
        self,
        max_items: int = 50_000,
        clock: Clock = time.monotonic,
        hot: MemoryHotKeys | None = None,
    ) -> None:
        self._hot = hot  # where reads passed to get_or_lock are counted
        self._items: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._max_items = max_items
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, key: str) -> CacheEntry | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            value, expires_at = item
            remaining = expires_at - self._clock()
            if remaining <= 0:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return CacheEntry(value, remaining)

    def set(self, key: str, value: bytes, *, ttl_s: float) -> None:
        with self._lock:
            self._items[key] = (value, self._clock() + ttl_s)
            self._items.move_to_end(key)
            while len(self._items) > self._max_items:
                self._items.popitem(last=False)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._items.pop(key, None)

    def add(self, key: str, value: bytes, *, ttl_s: float) -> bool:
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[1] > self._clock():
                return False
            self._items[key] = (value, self._clock() + ttl_s)
            return True

    def set_many(self, values: dict[str, bytes], *, ttl_s: float) -> None:
        for key, value in values.items():
            self.set(key, value, ttl_s=ttl_s)

    def get_values(self, *keys: str) -> list[bytes | None]:
        return [None if (entry := self.get(key)) is None else entry.value for key in keys]

    def get_or_lock(
        self,
        key: str,
        *,
        lock: str,
        lock_ttl_s: float,
        markers: Sequence[str],
        count: ReadCount | None = None,
    ) -> tuple[CacheEntry | None, bool, list[bytes | None]]:
        if count is not None and self._hot is not None:
            self._hot.record(count.kind, count.member)
        entry = self.get(key)
        if entry is not None:
            return entry, False, []
        if not self.add(lock, b"1", ttl_s=lock_ttl_s):
            return None, False, []
        return None, True, self.get_values(*markers)

    def set_unless_marked(
        self,
        key: str,
        value: bytes,
        *,
        ttl_s: float,
        markers: dict[str, bytes | None],
        unlock: str,
        also: Sequence[tuple[str, bytes, str]] = (),
    ) -> bool:
        with self._lock:
            now = self._clock()
            unchanged = all(self._live(m, now) == seen for m, seen in markers.items())
            if unchanged:
                self._items[key] = (value, now + ttl_s)
                for more_key, more_value, marker in also:
                    if self._live(marker, now) is None:
                        self._items[more_key] = (more_value, now + ttl_s)
            self._items.pop(unlock, None)
        return unchanged

    def _live(self, key: str, now: float) -> bytes | None:
        item = self._items.get(key)
        return item[0] if item and item[1] > now else None

    def delete_prefix(self, prefix: str) -> int:
        with self._lock:
            doomed = [key for key in self._items if key.startswith(prefix)]
            for key in doomed:
                del self._items[key]
            return len(doomed)


class MemoryHotKeys:
    """Read counts per record in this process (Redis keeps them across instances)."""

    def __init__(self, max_members: int = 200_000) -> None:
        self._counts: dict[str, Counter[str]] = {}
        self._max_members = max_members
        self._lock = threading.Lock()

    def record(self, kind: str, member: str) -> None:
        with self._lock:
            counts = self._counts.setdefault(kind, Counter())
            counts[member] += 1
            if len(counts) > self._max_members:  # forget the long tail, keep the head
                self._counts[kind] = Counter(dict(counts.most_common(self._max_members // 2)))

    def top(self, kind: str, limit: int) -> list[str]:
        with self._lock:
            return [member for member, _ in self._counts.get(kind, Counter()).most_common(limit)]

    def decay(self, kind: str, factor: float) -> None:
        with self._lock:
            counts = self._counts.get(kind, Counter())
            self._counts[kind] = Counter({m: n * factor for m, n in counts.items() if n * factor})


class MemoryRateLimiter:
    """Token buckets: ``burst`` tokens, refilled at ``per_minute`` per minute."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated_at)
        self._clock = clock
        self._lock = threading.Lock()

    def hit(self, key: str, *, per_minute: int, burst: int) -> RateDecision:
        rate_per_s = per_minute / 60.0
        now = self._clock()
        with self._lock:
            tokens, updated_at = self._buckets.get(key, (float(burst), now))
            tokens = min(float(burst), tokens + (now - updated_at) * rate_per_s)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
        missing = burst - tokens
        return RateDecision(
            allowed=allowed,
            limit=burst,
            remaining=int(tokens),
            reset_s=missing / rate_per_s if rate_per_s else 0.0,
            retry_after_s=0.0 if allowed else (1.0 - tokens) / rate_per_s,
        )
