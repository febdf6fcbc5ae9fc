"""The composition root: the one place that picks adapters from settings and builds services.

Functions and the CLI call ``services()``; warm invocations reuse what it built. Nothing here runs
at import time. Tests build ``build_services(Settings(...))`` themselves.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from shared.db.engine import create_engine
from shared.db.migrate import pending_migrations
from shared.db.uow import UnitOfWork
from shared.errors import NotFound, SettingsError, Unavailable
from shared.ports import (
    AnalyticsSink,
    AudioAnalyzer,
    BlobInfo,
    BlobStore,
    Cache,
    FallbackTagger,
    Publisher,
    RateLimiter,
    StatusStore,
)
from shared.services.analysis.costs import Prices
from shared.services.analysis.enrichment import AnalysisPolicy, AnalysisService
from shared.services.analysis.resilience import CircuitBreaker, RetryPolicy
from shared.services.analysis.routing import MODEL_ROUTING, ModelRouter, RoutingConfig
from shared.services.dead_letters import DeadLetterService
from shared.services.health import HealthService
from shared.services.partners import PartnerAdmin
from shared.settings import Settings, load_settings
from shared.topics import ROUTES, UPLOADS_FINALIZED

if TYPE_CHECKING:
    from shared.adapters.pg_bus import PostgresBus

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Adapters and services of one process."""

    settings: Settings
    engine: sa.Engine
    blobs: BlobStore
    publisher: Publisher
    status: StatusStore
    analytics: AnalyticsSink
    cache: Cache
    rate_limiter: RateLimiter
    partners: PartnerAdmin
    dead_letters: DeadLetterService
    health: HealthService
    bus: PostgresBus | None = None  # the local bus; None when Pub/Sub carries messages
    extras: dict[str, object] = field(default_factory=dict)
    analysis: AnalysisService | None = None  # the analyze stage (issue 4)

    def uow(self) -> UnitOfWork:
        """A new unit of work (use it in ``with``)."""
        return UnitOfWork(self.engine)

    def close(self) -> None:
        """Release pooled connections (CLI commands and tests call this when done)."""
        self.engine.dispose()


_installed: Services | None = None


def services() -> Services:
    """The process's services: those installed by the local stack (or a test), else built once
    from the environment on first use."""
    if _installed is not None:
        return _installed
    return _services_from_environment()


@functools.cache
def _services_from_environment() -> Services:
    return build_services(load_settings())


def install_services(built: Services | None) -> None:
    """Make ``services()`` return ``built`` in this process (None restores the default).

    `catalog run` installs its own so functions called by the bus workers share its pool.
    """
    global _installed
    _installed = built


def build_services(settings: Settings) -> Services:
    """Build every adapter the settings ask for, and the services on top of them."""
    engine = create_engine(settings)
    bus = _local_bus(settings, engine)
    blobs = _blob_store(settings, bus)
    status = _status_store(settings, engine)
    cache = _cache(settings)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine)

    built = Services(
        settings=settings,
        engine=engine,
        blobs=blobs,
        publisher=_publisher(settings, bus),
        status=status,
        analytics=_analytics(settings, engine),
        cache=cache,
        rate_limiter=_rate_limiter(settings),
        partners=PartnerAdmin(uow),
        dead_letters=DeadLetterService(uow),
        health=HealthService({}),
        bus=bus,
    )
    built.analysis = _analysis_service(built, uow)
    _register_health_checks(built)
    return built


# ---------------------------------------------------------------- AI enrichment (issue 4)


def routing_config(settings: Settings, status: StatusStore) -> RoutingConfig:
    """The A/B split: the promoted config in the status store, else settings."""
    doc = status.get(*MODEL_ROUTING) or {}
    return RoutingConfig(
        primary=str(doc.get("primary") or settings.analysis_primary),
        challenger=str(doc.get("challenger") or settings.analysis_challenger),
        challenger_share=_share(doc.get("challenger_share"), settings.ab_challenger_share),
        salt=settings.ab_salt,
    )


def _share(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) else default


def _analysis_service(built: Services, uow: Callable[[], UnitOfWork]) -> AnalysisService:
    settings = built.settings
    router = ModelRouter(
        analyzer=audio_analyzer(settings),
        fallback=_fallback_tagger(settings),
        prices=Prices(
            per_audio_min={
                "qwen2-audio": settings.price_qwen_per_audio_min,
                "local": settings.price_local_per_audio_min,
            },
            openai_audio_in_per_mtok=settings.price_openai_audio_in_per_mtok,
            openai_text_in_per_mtok=settings.price_openai_text_in_per_mtok,
            openai_out_per_mtok=settings.price_openai_out_per_mtok,
            openai_audio_tokens_per_s=settings.openai_audio_tokens_per_s,
        ),
        retry=RetryPolicy(settings.analysis_retries, settings.analysis_retry_backoff_s),
        confidence_floor=settings.confidence_floor,
        excerpt_s=settings.openai_excerpt_s,
        breaker_factory=lambda: CircuitBreaker(
            settings.circuit_failure_threshold, settings.circuit_reset_s
        ),
    )
    policy = AnalysisPolicy(
        audio_bucket=settings.audio_bucket,
        confidence_floor=settings.confidence_floor,
        max_attempts=settings.analysis_max_attempts,
        fallback_daily_cap_usd=settings.fallback_daily_cost_cap_usd,
        deadline_s=settings.analysis_deadline_s,
        max_audio_bytes=settings.max_upload_bytes,
    )
    return AnalysisService(
        uow=uow,
        blobs=built.blobs,
        publisher=built.publisher,
        status=built.status,
        analytics=built.analytics,
        router=router,
        routing=lambda: routing_config(settings, built.status),
        policy=policy,
        clock=lambda: datetime.now(UTC),
    )


def audio_analyzer(settings: Settings) -> AudioAnalyzer:
    """The model server over HTTP when QWEN_ENDPOINT is set, else the CPU analyzer in-process."""
    if settings.qwen_endpoint:
        from shared.adapters.inference_http import HttpAnalyzer

        return HttpAnalyzer(settings.qwen_endpoint, timeout_s=settings.analysis_timeout_s)
    from shared.adapters.inprocess_analyzer import InProcessAnalyzer

    return InProcessAnalyzer(
        tempo=settings.analysis_tempo_engine,
        key=settings.analysis_key_engine,
        loudness=settings.analysis_loudness_engine,
    )


def _fallback_tagger(settings: Settings) -> FallbackTagger | None:
    if settings.openai_api_key is None:
        return None
    import openai

    from shared.adapters.openai_fallback import OpenAiTagger

    client = openai.OpenAI(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_s,
        max_retries=1,
    )
    return OpenAiTagger(
        client,
        model=settings.openai_model,
        excerpt_s=settings.openai_excerpt_s,
        timeout_s=settings.openai_timeout_s,
    )


def _local_bus(settings: Settings, engine: sa.Engine) -> PostgresBus | None:
    if settings.backend != "local":
        return None
    from shared.adapters.pg_bus import PostgresBus, Subscription

    subscriptions = [
        Subscription(
            name=route.subscription,
            topic=route.topic,
            dead_letter_topic=route.dead_letter_topic,
            ack_deadline_s=route.ack_deadline_s or settings.bus_ack_deadline_s,
            max_delivery_attempts=settings.bus_max_delivery_attempts,
            min_backoff_s=settings.bus_retry_min_backoff_s,
            max_backoff_s=settings.bus_retry_max_backoff_s,
        )
        for route in ROUTES
    ]
    return PostgresBus(engine, subscriptions)


def _blob_store(settings: Settings, bus: PostgresBus | None) -> BlobStore:
    if settings.backend == "local" and not settings.storage_emulator_host:
        from shared.adapters.local_blobs import LocalBlobStore

        key = settings.local_signing_key
        return LocalBlobStore(
            settings.catalog_data_dir / "buckets",
            public_url=settings.public_url,
            signing_key=key.get_secret_value().encode() if key else b"",
            on_finalize=_finalize_notifier(settings, bus),
        )
    raise SettingsError(
        "BACKEND=gcp / STORAGE_EMULATOR_HOST: the Cloud Storage adapter is not installed in this "
        "build"
    )


def _finalize_notifier(
    settings: Settings, bus: PostgresBus | None
) -> Callable[[BlobInfo], None] | None:
    """Locally, a write to the uploads bucket is announced like GCS's finalize notification."""
    if bus is None or not any(route.topic == UPLOADS_FINALIZED for route in ROUTES):
        return None

    def notify(info: BlobInfo) -> None:
        if info.bucket == settings.uploads_bucket:
            bus.publish(UPLOADS_FINALIZED, json.dumps(object_resource(info)).encode(), {})

    return notify


def object_resource(info: BlobInfo) -> dict[str, str]:
    """The Cloud Storage object resource a finalize event carries (numbers as strings, as GCS)."""
    stamp = info.updated_at.isoformat().replace("+00:00", "Z")
    return {
        "kind": "storage#object",
        "id": f"{info.bucket}/{info.name}/{info.generation}",
        "bucket": info.bucket,
        "name": info.name,
        "generation": str(info.generation),
        "metageneration": "1",
        "contentType": info.content_type or "application/octet-stream",
        "size": str(info.size_bytes),
        "timeCreated": stamp,
        "updated": stamp,
        "storageClass": "STANDARD",
    }


def _publisher(settings: Settings, bus: PostgresBus | None) -> Publisher:
    if bus is not None:
        return bus
    raise SettingsError("BACKEND=gcp: the Pub/Sub publisher is not installed in this build")


def _status_store(settings: Settings, engine: sa.Engine) -> StatusStore:
    from shared.adapters.pg_status import PostgresStatusStore

    return PostgresStatusStore(engine)


def _analytics(settings: Settings, engine: sa.Engine) -> AnalyticsSink:
    if settings.backend == "gcp":
        from shared.adapters.bigquery_analytics import BigQueryAnalyticsSink

        return BigQueryAnalyticsSink.connect(
            settings.google_cloud_project,
            settings.bigquery_dataset,
            timeout_s=settings.http_timeout_s,
        )
    from shared.adapters.pg_analytics import PostgresAnalyticsSink

    return PostgresAnalyticsSink(engine)


def _cache(settings: Settings) -> Cache:
    from shared.adapters.memory_cache import MemoryCache

    return MemoryCache()


def _rate_limiter(settings: Settings) -> RateLimiter:
    from shared.adapters.memory_cache import MemoryRateLimiter

    return MemoryRateLimiter()


def _register_health_checks(built: Services) -> None:
    built.health.add_check("database", lambda: _database_state(built.engine))
    built.health.add_check("blob_store", lambda: _blob_state(built))
    built.health.add_check("status_store", lambda: _status_state(built))
    built.health.add_check("cache", lambda: _cache_state(built))
    if built.bus is not None:
        built.health.add_check("message_bus", lambda: _bus_state(built))


def _database_state(engine: sa.Engine) -> str:
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar()
    except sa.exc.DBAPIError as exc:
        raise Unavailable(f"PostgreSQL did not answer: {exc.orig}") from exc
    pending = pending_migrations(engine)
    if pending:
        raise Unavailable(f"{len(pending)} migration(s) pending: run `catalog migrate`")
    return f"PostgreSQL {version}, schema up to date"


def _blob_state(built: Services) -> str:
    bucket = built.settings.uploads_bucket
    try:
        built.blobs.stat(bucket, "healthz-probe")
    except NotFound:
        pass  # reaching the store and hearing "no such object" is healthy
    return f"bucket {bucket} reachable"


def _status_state(built: Services) -> str:
    built.status.get("health", "probe")
    return "reachable"


def _cache_state(built: Services) -> str:
    built.cache.set("healthz", b"1", ttl_s=5)
    if built.cache.get("healthz") is None:
        raise Unavailable("the cache lost a value it was just given")
    return type(built.cache).__name__


def _bus_state(built: Services) -> str:
    assert built.bus is not None
    depth = built.bus.depth()
    ready = sum(d["ready"] for d in depth.values())
    in_flight = sum(d["leased"] for d in depth.values())
    return f"{ready} ready, {in_flight} in flight across {len(depth)} subscriptions"
