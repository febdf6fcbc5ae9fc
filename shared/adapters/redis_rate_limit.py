"""RateLimiter on Redis: one token bucket per client, shared by every process and instance.

The bucket is updated by one Lua script (atomic, one round trip) on Redis's own clock, so
instances with skewed clocks agree. If Redis does not answer within the timeout the request is
let through and a warning logged: a rate limiter must not take the API down with it.
"""

from __future__ import annotations

import logging
import math

import redis

from shared.ports import RateDecision

logger = logging.getLogger(__name__)

_TOKEN_BUCKET = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisRateLimiter:
    """Token buckets in Redis hashes: ``burst`` tokens refilled at ``per_minute`` a minute."""

    def __init__(self, client: redis.Redis, *, prefix: str = "catalog:") -> None:
        self._client = client
        self._script = client.register_script(_TOKEN_BUCKET)
        self._prefix = prefix

    @classmethod
    def connect(cls, url: str, *, timeout_s: float) -> RedisRateLimiter:
        """A limiter on the Redis at ``url`` (connections are made lazily, with timeouts)."""
        client = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        return cls(client)

    def hit(self, key: str, *, per_minute: int, burst: int) -> RateDecision:
        rate_per_s = per_minute / 60.0
        try:
            allowed, raw_tokens = self._script(keys=[self._prefix + key], args=[rate_per_s, burst])
        except redis.RedisError as exc:
            logger.warning("rate limiter: Redis did not answer (%s); request let through", exc)
            return RateDecision(True, burst, burst, 0.0, 0.0)
        tokens = float(raw_tokens)
        return RateDecision(
            allowed=bool(allowed),
            limit=burst,
            remaining=math.floor(tokens),
            reset_s=(burst - tokens) / rate_per_s,
            retry_after_s=0.0 if allowed else (1.0 - tokens) / rate_per_s,
        )
