"""Cache and HotKeys on Redis (Memorystore in GCP; REDIS_URL locally).

GET and PTTL travel in one pipeline round trip so the read-through cache knows how long a value
has left (its probabilistic early refresh needs that). Read counts live in one sorted set per
kind; the warm job reads the top of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis

from shared.errors import Unavailable
from shared.ports import CacheEntry, ReadCount

_HOT_PREFIX = "catalog:hot:"
_HOT_MAX_MEMBERS = 200_000  # the long tail beyond this is trimmed; the head is what we warm
# KEYS: the key, the lock to release, the markers, then each more key followed by its marker.
# ARGV: the TTL in ms, how many markers, the value, each marker's value when the read began
# ('' if none), then each more key's value (stored only while its own marker is absent).
_SET_UNLESS_MARKED = """
local markers = tonumber(ARGV[2])
local marked = false
for i = 1, markers do
  if (redis.call('GET', KEYS[2 + i]) or '') ~= ARGV[3 + i] then marked = true end
end
if not marked then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[1])
  local more = 3 + markers
  for i = 1, (#KEYS - 2 - markers) / 2 do
    local key = more + 2 * i - 2
    if redis.call('EXISTS', KEYS[key + 1]) == 0 then
      redis.call('SET', KEYS[key], ARGV[3 + markers + i], 'PX', ARGV[1])
    end
  end
end
redis.call('DEL', KEYS[2])
return marked and 0 or 1
"""


# KEYS: the key, its lock, the sorted set of read counts, then the markers.
# ARGV: the lock's TTL in ms, the member whose read to count ('' for none), the most members kept.
# A value: {value, pttl}. A miss: {false, 1, marker values...} with the lock taken, {false, 0}
# when another reader holds it. The read is counted first, as RedisHotKeys.record counts it.
_GET_OR_LOCK = """
if ARGV[2] ~= '' then
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[2])
  local keep = tonumber(ARGV[3])
  if redis.call('ZCARD', KEYS[3]) > math.floor(keep * 5 / 4) then
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -keep - 1)
  end
end
local value = redis.call('GET', KEYS[1])
if value then return {value, redis.call('PTTL', KEYS[1])} end
if not redis.call('SET', KEYS[2], '1', 'PX', ARGV[1], 'NX') then return {false, 0} end
local found = {false, 1}
for i = 4, #KEYS do found[#found + 1] = redis.call('GET', KEYS[i]) or '' end
return found
"""


class RedisCache:
    """Values with a per-key TTL in milliseconds."""

    def __init__(self, client: redis.Redis, *, hot_prefix: str = _HOT_PREFIX) -> None:
        self._client = client
        self._hot_prefix = hot_prefix  # RedisHotKeys' prefix: reads counted here, ranked there
        self._set_unless = client.register_script(_SET_UNLESS_MARKED)
        self._get_or_lock = client.register_script(_GET_OR_LOCK)

    @classmethod
    def connect(cls, url: str, *, timeout_s: float) -> RedisCache:
        """A pooled client with connect and read timeouts."""
        return cls(_client(url, timeout_s))

    def get(self, key: str) -> CacheEntry | None:
        try:
            pipe = self._client.pipeline(transaction=False)
            pipe.get(key)
            pipe.pttl(key)
            value, ttl_ms = pipe.execute()
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not answer a read of {key!r}: {exc}") from exc
        if value is None or ttl_ms == -2:  # -2: gone between the two commands
            return None
        remaining_s = float("inf") if ttl_ms == -1 else ttl_ms / 1000.0
        return CacheEntry(bytes(value), remaining_s)

    def set(self, key: str, value: bytes, *, ttl_s: float) -> None:
        try:
            self._client.set(key, value, px=max(1, int(ttl_s * 1000)))
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not take a write of {key!r}: {exc}") from exc

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            self._client.delete(*keys)
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not delete {len(keys)} key(s): {exc}") from exc

    def add(self, key: str, value: bytes, *, ttl_s: float) -> bool:
        try:
            return bool(self._client.set(key, value, px=max(1, int(ttl_s * 1000)), nx=True))
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not answer SET NX of {key!r}: {exc}") from exc

    def set_many(self, values: dict[str, bytes], *, ttl_s: float) -> None:
        """Write many values in one round trip (the warm job)."""
        pipe = self._client.pipeline(transaction=False)
        for key, value in values.items():
            pipe.set(key, value, px=max(1, int(ttl_s * 1000)))
        try:
            pipe.execute()
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not take {len(values)} writes: {exc}") from exc

    def get_values(self, *keys: str) -> list[bytes | None]:
        try:
            values = self._client.mget(keys)
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not answer MGET: {exc}") from exc
        return [v.encode() if isinstance(v, str) else v for v in values]

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
        """One Lua call: no window between comparing the markers and setting the values."""
        keys = [key, unlock, *markers]
        for more_key, _, marker in also:
            keys += [more_key, marker]
        expected = [b"" if seen is None else seen for seen in markers.values()]
        args: list[bytes | int] = [max(1, int(ttl_s * 1000)), len(markers), value, *expected]
        args += [more_value for _, more_value, _ in also]
        try:
            return bool(self._set_unless(keys=keys, args=args))
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not take a write of {key!r}: {exc}") from exc

    def get_or_lock(
        self,
        key: str,
        *,
        lock: str,
        lock_ttl_s: float,
        markers: Sequence[str],
        count: ReadCount | None = None,
    ) -> tuple[CacheEntry | None, bool, list[bytes | None]]:
        """One Lua call for a read that may miss (a miss used to cost GET, SET NX and MGET,
        and counting the read one more round trip)."""
        counted = self._hot_prefix + (count.kind if count else "")
        args: list[int | str] = [
            max(1, int(lock_ttl_s * 1000)),
            count.member if count else "",
            _HOT_MAX_MEMBERS,
        ]
        try:
            found = self._get_or_lock(keys=[key, lock, counted, *markers], args=args)
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not answer a read of {key!r}: {exc}") from exc
        if found[0] is not None:
            ttl_ms = int(found[1])
            remaining_s = float("inf") if ttl_ms == -1 else ttl_ms / 1000.0
            return CacheEntry(bytes(found[0]), remaining_s), False, []
        if not int(found[1]):
            return None, False, []
        return None, True, [bytes(seen) or None for seen in found[2:]]

    def delete_prefix(self, prefix: str) -> int:
        """SCAN (never KEYS: it would block Redis) and UNLINK in batches of 1,000."""
        pattern = _glob_escape(prefix) + "*"
        deleted = 0
        try:
            batch: list[Any] = []
            for key in self._client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    deleted += int(self._client.unlink(*batch))
                    batch.clear()
            if batch:
                deleted += int(self._client.unlink(*batch))
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not delete keys under {prefix!r}: {exc}") from exc
        return deleted


class RedisHotKeys:
    """Read counts in sorted sets, trimmed to the most read members."""

    def __init__(self, client: redis.Redis, *, prefix: str = _HOT_PREFIX) -> None:
        self._client = client
        self._prefix = prefix

    @classmethod
    def connect(cls, url: str, *, timeout_s: float) -> RedisHotKeys:
        """A pooled client with connect and read timeouts."""
        return cls(_client(url, timeout_s))

    def record(self, kind: str, member: str) -> None:
        key = self._prefix + kind
        try:
            pipe = self._client.pipeline(transaction=False)
            pipe.zincrby(key, 1, member)
            pipe.zcard(key)
            _, size = pipe.execute()
            if size > _HOT_MAX_MEMBERS * 5 // 4:  # trim with slack, so new members can climb
                self._client.zremrangebyrank(key, 0, -_HOT_MAX_MEMBERS - 1)
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not count a read of {member!r}: {exc}") from exc

    def decay(self, kind: str, factor: float) -> None:
        key = self._prefix + kind
        try:
            self._client.zunionstore(key, {key: factor})
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not decay the read counts of {kind}: {exc}") from exc

    def top(self, kind: str, limit: int) -> list[str]:
        if limit <= 0:
            return []
        try:
            members: list[Any] = self._client.zrevrange(self._prefix + kind, 0, limit - 1)
        except redis.RedisError as exc:
            raise Unavailable(f"Redis did not list the most read {kind}: {exc}") from exc
        return [m.decode() if isinstance(m, bytes) else str(m) for m in members]


def _glob_escape(text: str) -> str:
    """``text`` matched literally by a SCAN pattern."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _client(url: str, timeout_s: float) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s, health_check_interval=30
    )
