"""Tier rate limits: 429 with Retry-After and RateLimit headers; Redis shared across processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from shared.adapters.memory_cache import MemoryRateLimiter
from shared.adapters.redis_rate_limit import RedisRateLimiter
from shared.api import create_app
from shared.bootstrap import Services, build_services
from shared.domain.partners import Partner, Role
from shared.ports import RateLimiter
from shared.settings import Settings
from tests.auth_helpers import bearer_headers

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_limiter() -> Iterator[RedisRateLimiter]:
    """The machine's Redis (database 15, keys under a random prefix)."""
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    limiter = RedisRateLimiter(client, prefix=f"test-{uuid.uuid4().hex}:")
    yield limiter
    client.close()


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> RateLimiter:
    if request.param == "memory":
        return MemoryRateLimiter()
    limiter: RateLimiter = request.getfixturevalue("redis_limiter")
    return limiter


def test_a_burst_is_allowed_then_refused_with_a_retry_time(limiter: RateLimiter) -> None:
    decisions = [limiter.hit("client-a", per_minute=60, burst=3) for _ in range(4)]

    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    assert 0 < decisions[3].retry_after_s <= 1.0
    assert limiter.hit("client-b", per_minute=60, burst=3).allowed


def test_two_redis_limiters_share_one_bucket(redis_limiter: RedisRateLimiter) -> None:
    other_process = RedisRateLimiter(redis.Redis.from_url(REDIS_URL), prefix=redis_limiter._prefix)

    first = redis_limiter.hit("shared", per_minute=60, burst=2)
    second = other_process.hit("shared", per_minute=60, burst=2)
    third = redis_limiter.hit("shared", per_minute=60, burst=2)

    assert (first.allowed, second.allowed, third.allowed) == (True, True, False)


def test_redis_unreachable_lets_requests_through() -> None:
    limiter = RedisRateLimiter.connect("redis://127.0.0.1:9/0", timeout_s=0.2)

    assert limiter.hit("any", per_minute=1, burst=1).allowed


@pytest.fixture
def redis_services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    settings = Settings(
        database_url=database_url,
        catalog_data_dir=tmp_path / "data",
        environment="test",
        redis_url=REDIS_URL,
        rate_limit_free="60/3",
        db_pool_size=2,
    )
    built = build_services(settings)
    yield built
    built.close()


def test_the_api_answers_429_with_headers_when_the_tier_is_spent(
    redis_services: Services, partner: Partner
) -> None:
    client: FlaskClient = create_app(lambda: redis_services).test_client()
    headers = bearer_headers(
        redis_services, partner_id=partner.id, role=Role.API, kind="client", tier="free"
    )

    answers = [client.get("/api/v1/me", headers=headers) for _ in range(4)]

    assert isinstance(redis_services.rate_limiter, RedisRateLimiter)
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "3"
    assert answers[0].headers["RateLimit-Remaining"] == "2"
    refused = answers[3]
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert refused.mimetype == "application/problem+json"
    assert "free tier" in refused.json["detail"]
