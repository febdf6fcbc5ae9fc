"""The composition root: the one place that picks adapters from settings and builds services.

Functions and the CLI call ``services()``; warm invocations reuse what it built. Nothing here runs
at import time. Tests build ``build_services(Settings(...))`` themselves.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from shared.db.engine import create_engines
from shared.db.reads import PostgresTrackLookup
from shared.db.uow import UnitOfWork
from shared.domain.touched import TouchedRecords
from shared.ern.schemas import SchemaCatalog, catalog_for
from shared.ern.validation import ErnValidator
from shared.errors import SettingsError
from shared.ports import (
    AnalyticsSink,
    AudioAnalyzer,
    AudioExtractor,
    BlobInfo,
    BlobStore,
    Cache,
    Clock,
    FallbackTagger,
    HotKeys,
    MetricsSink,
    Notifier,
    Publisher,
    RateLimiter,
    StatusStore,
)
from shared.services.analysis.costs import Prices
from shared.services.analysis.enrichment import AnalysisPolicy, AnalysisService
from shared.services.analysis.resilience import CircuitBreaker, RetryPolicy
from shared.services.analysis.routing import ModelRouter, RoutingConfig, promoted_routing
from shared.services.attribution import AttributionService
from shared.services.bulk_edits import BulkEditJobs
from shared.services.cache_warm import CacheWarmer
from shared.services.catalog import CatalogService
from shared.services.cleanup import CleanupPolicy, CleanupService
from shared.services.code_assignment import CodeAssignmentService
from shared.services.dead_letters import DeadLetterService
from shared.services.exports import ExportDefaults, ExportService
from shared.services.flags import FeatureFlags
from shared.services.health import (
    HealthService,
    blob_store_state,
    bus_state,
    cache_state,
    status_store_state,
)
from shared.services.identity import IdentityService
from shared.services.imports import ImportService, ImportSettings
from shared.services.ingest import IngestConfig, IngestService
from shared.services.metrics import MetricsService, QueueDepths, queue_depths_of
from shared.services.partners import PartnerAdmin
from shared.services.read_cache import ReadThroughCache, TrackReads
from shared.services.retention import AudioRetention, RetentionPolicy
from shared.services.routing import PriorityRouter
from shared.services.similar import SimilarTracks
from shared.services.timelines import TrackTimelines
from shared.services.tokens import TokenService
from shared.services.track_analysis import TrackAnalyses
from shared.services.track_merge import TrackMergeService
from shared.services.tracklists import TracklistService
from shared.services.upload_status import UploadStatusBook
from shared.services.uploads import UploadsConfig, UploadService
from shared.services.validation import ValidationService
from shared.settings import Settings, load_settings
from shared.topics import ROUTES, TOPICS, UPLOADS_FINALIZED

if TYPE_CHECKING:
    from shared.adapters.pg_bus import PostgresBus
    from shared.domain.recordings import SoundRecording

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """Adapters and services of one process, built once by ``build_services``."""

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
    # ingestion (issue 3)
    extractor: AudioExtractor
    ingest: IngestService
    uploads: UploadService
    identity: IdentityService  # the API (issue 5): users, clients, sign-in
    tokens: TokenService  # the API (issue 5): JWT access tokens and signing keys
    catalog: CatalogService  # the API (issue 5): catalog edits, history, undo
    attribution: AttributionService  # issue 17: names and undo links beside history's ids
    track_merge: TrackMergeService  # issue 17: duplicates compared side by side and merged
    bulk_edits: BulkEditJobs  # bulk edits too large to answer at once: jobs on a topic
    tracklists: TracklistService  # issue 17: releases built from tracks, their tracklists
    code_assignment: CodeAssignmentService  # issue 17: ISRC prefixes, UPC ranges, assignment
    # operations (issue 8)
    hot_keys: HotKeys
    retention: AudioRetention
    cleanup: CleanupService
    metrics: MetricsService
    track_reads: TrackReads
    cache_warmer: CacheWarmer
    flags: FeatureFlags
    schemas: SchemaCatalog  # standards and batch (issue 6): the DDEX schemas of DDEX_SCHEMA_DIR
    imports: ImportService
    exports: ExportService
    validation: ValidationService
    analysis: AnalysisService  # the analyze stage (issue 4)
    similar: SimilarTracks  # "sounds like" search (issue 18)
    timelines: TrackTimelines  # genre and mood along a track (issue 18)
    track_analyses: TrackAnalyses  # issue 17: a track's analysis state and "Re-analyse"
    bus: PostgresBus | None = None  # the local bus; None when Pub/Sub carries messages
    read_engine: sa.Engine | None = None  # autocommit pool of the API's one-statement reads
    clock: Clock = field(default=lambda: wall_clock())  # the one clock of every service

    def uow(self) -> UnitOfWork:
        """A new unit of work (use it in ``with``); its commits reach the read cache."""
        return UnitOfWork(self.engine, after_commit=self.track_reads.forget)

    def close(self) -> None:
        """Release pooled connections (CLI commands and tests call this when done)."""
        self.extractor.close()
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()
        if self.bus is not None:
            self.bus.close()


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


def wall_clock() -> datetime:
    """The time now, tz-aware UTC: the default clock of every service."""
    return datetime.now(UTC)


def build_services(settings: Settings, *, clock: Clock = wall_clock) -> Services:
    """Build every adapter the settings ask for, and the services on top of them.

    ``clock`` is the one clock every service reads (tests pass a fixed one): a day-bound rule,
    such as the daily fallback budget, must see the same day its records are written on.
    """
    engine, read_engine = create_engines(settings)
    bus = _local_bus(settings, engine, read_engine)
    blobs = _blob_store(settings, bus)
    status = _status_store(settings, engine)
    hot_keys = _hot_keys(settings)
    cache = _cache(settings, hot_keys)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, after_commit=forget_in_cache)

    def forget_in_cache(touched: TouchedRecords) -> None:
        track_reads.forget(touched)

    publisher = _publisher(settings, bus)
    extractor = build_extractor(settings)
    book = UploadStatusBook(status, clock)
    analytics = _analytics(settings, engine)
    flags = FeatureFlags(status)
    retention = AudioRetention(
        uow, blobs, _notifier(settings), _retention_policy(settings), flags=flags
    )
    track_reads = TrackReads(
        uow,
        _read_through(settings, cache),
        hot_keys,
        render=_api_track_json(),
        flags=flags,
        lookup=PostgresTrackLookup(read_engine),
    )
    catalog = CatalogService(
        uow,
        bulk_max_items=settings.bulk_max_items,
        low_confidence_below=settings.low_confidence_below,
    )
    schemas = catalog_for(settings.ddex_schema_dir)
    imports, exports, validation = _standards_and_batch(
        settings, uow, blobs, status, publisher, ErnValidator(schemas)
    )
    analysis = _analysis_service(settings, uow, blobs, publisher, status, analytics, book, clock)
    built = Services(
        settings=settings,
        engine=engine,
        read_engine=read_engine,
        blobs=blobs,
        publisher=publisher,
        status=status,
        analytics=analytics,
        cache=cache,
        rate_limiter=_rate_limiter(settings),
        partners=PartnerAdmin(uow),
        dead_letters=DeadLetterService(uow),
        health=HealthService({}),
        extractor=extractor,
        ingest=_ingest(
            settings, uow, blobs, extractor, book, PriorityRouter(uow, publisher, clock), clock
        ),
        uploads=UploadService(uow, blobs, book, _uploads_config(settings), clock),
        identity=IdentityService(uow, refresh_ttl_s=settings.refresh_token_ttl_s),
        tokens=_token_service(settings, uow),
        catalog=catalog,
        attribution=AttributionService(uow),
        track_merge=TrackMergeService(catalog),
        bulk_edits=BulkEditJobs(catalog, status, publisher, clock),
        tracklists=TracklistService(uow, catalog),
        code_assignment=CodeAssignmentService(uow, catalog),
        hot_keys=hot_keys,
        retention=retention,
        cleanup=CleanupService(uow, blobs, retention, _cleanup_policy(settings), imports),
        metrics=MetricsService(
            uow,
            analytics,
            _metrics_sink(settings, engine),
            window=timedelta(seconds=settings.metrics_window_s),
            queue_depths=_queue_depths(bus),
        ),
        track_reads=track_reads,
        cache_warmer=CacheWarmer(uow, hot_keys, track_reads),
        flags=flags,
        schemas=schemas,
        imports=imports,
        exports=exports,
        validation=validation,
        analysis=analysis,
        similar=SimilarTracks(
            uow,
            analysis.router.analyzer,
            lambda: routing_config(settings, status).backend_of("primary"),
        ),
        timelines=TrackTimelines(uow),
        track_analyses=TrackAnalyses(uow, PriorityRouter(uow, publisher, clock), clock),
        bus=bus,
        clock=clock,
    )
    _register_health_checks(built)
    return built


def build_extractor(settings: Settings) -> AudioExtractor:
    """The sandboxed extractor with the limits the settings give."""
    from shared.media.limits import Limits
    from shared.media.sandbox import SandboxedExtractor

    limits = Limits(
        max_tag_chars=settings.max_tag_chars,
        max_picture_bytes=settings.max_picture_bytes,
        max_inflated_bytes=settings.max_inflated_tag_bytes,
        max_metadata_bytes=max(48 * 1024**2, settings.max_picture_bytes + 8 * 1024**2),
        fingerprint_length_s=settings.fingerprint_length_s,
        fingerprint_timeout_s=settings.fingerprint_timeout_s,
        fpcalc=settings.fpcalc_path,
    )
    return SandboxedExtractor(
        limits,
        workers=settings.extract_workers,
        memory_mb=settings.extract_memory_mb,
        timeout_s=settings.extract_timeout_s,
    )


def _ingest(
    settings: Settings,
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    extractor: AudioExtractor,
    book: UploadStatusBook,
    router: PriorityRouter,
    clock: Clock,
) -> IngestService:
    config = IngestConfig(
        uploads_bucket=settings.uploads_bucket,
        audio_bucket=settings.audio_bucket,
        max_upload_bytes=settings.max_upload_bytes,
        duplicate_similarity=settings.duplicate_similarity,
    )
    return IngestService(uow, blobs, extractor, book, router, config, clock)


def _uploads_config(settings: Settings) -> UploadsConfig:
    return UploadsConfig(
        uploads_bucket=settings.uploads_bucket,
        max_upload_bytes=settings.max_upload_bytes,
        url_ttl_s=settings.signed_url_ttl_s,
    )


def _token_service(settings: Settings, uow: Callable[[], UnitOfWork]) -> TokenService:
    from datetime import timedelta

    return TokenService(
        uow,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithm=settings.jwt_algorithm,
        access_ttl_s=settings.access_token_ttl_s,
        key_max_age=timedelta(days=settings.signing_key_max_age_days),
    )


def _standards_and_batch(
    settings: Settings,
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    status: StatusStore,
    publisher: Publisher,
    validator: ErnValidator,
) -> tuple[ImportService, ExportService, ValidationService]:
    """Bulk imports, exports and validation (issue 6)."""
    imports = ImportService(
        uow, blobs, status, publisher, validator,
        ImportSettings(settings.imports_bucket, settings.exports_bucket, settings.signed_url_ttl_s,
                       settings.bulk_statement_timeout_s, settings.import_max_file_bytes,
                       settings.import_own_partition_rows),
    )  # fmt: skip
    exports = ExportService(
        uow, blobs, status, publisher, validator,
        ExportDefaults(settings.exports_bucket, settings.signed_url_ttl_s,
                       settings.ddex_sender_dpid, settings.ddex_sender_name,
                       settings.ddex_recipient_dpid, settings.ddex_recipient_name,
                       settings.bulk_statement_timeout_s, settings.audio_bucket),
    )  # fmt: skip
    return imports, exports, ValidationService(uow, blobs, validator, exports)


# ---------------------------------------------------------------- AI enrichment (issue 4)


def routing_config(settings: Settings, status: StatusStore) -> RoutingConfig:
    """The A/B split in force: the promoted config in the status store, else settings."""
    defaults = RoutingConfig(
        primary=settings.analysis_primary,
        challenger=settings.analysis_challenger,
        challenger_share=settings.ab_challenger_share,
        salt=settings.ab_salt,
    )
    return promoted_routing(status, defaults)


def _analysis_service(
    settings: Settings,
    uow: Callable[[], UnitOfWork],
    blobs: BlobStore,
    publisher: Publisher,
    status: StatusStore,
    analytics: AnalyticsSink,
    book: UploadStatusBook,
    clock: Clock,
) -> AnalysisService:
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
        blobs=blobs,
        publisher=publisher,
        uploads=book,
        analytics=analytics,
        router=router,
        routing=lambda: routing_config(settings, status),
        policy=policy,
        clock=clock,
    )


def audio_analyzer(settings: Settings) -> AudioAnalyzer:
    """The model server over HTTP when QWEN_ENDPOINT is set, else the local CPU analyzer in
    supervised worker processes (a crash there fails one job, never this process)."""
    if settings.qwen_endpoint:
        from shared.adapters.inference_http import HttpAnalyzer

        return HttpAnalyzer(settings.qwen_endpoint, timeout_s=settings.analysis_timeout_s)
    from shared.adapters.analysis_workers import WorkerConfig, supervised_analyzer

    command = (sys.executable, "-m", settings.analysis_worker_module,
               "--tempo", settings.analysis_tempo_engine, "--key", settings.analysis_key_engine,
               "--loudness", settings.analysis_loudness_engine)  # fmt: skip
    return supervised_analyzer(
        WorkerConfig(
            command,
            workers=settings.analysis_workers,
            memory_mb=settings.analysis_worker_memory_mb,
            timeout_s=settings.analysis_timeout_s,
            startup_timeout_s=settings.analysis_worker_startup_s,
        )
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


def _local_bus(settings: Settings, engine: sa.Engine, read_engine: sa.Engine) -> PostgresBus | None:
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
    from shared.db.engine import another_statement_pool

    return PostgresBus(engine, subscriptions, statements=another_statement_pool(read_engine))


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
    from shared.adapters.gcs import GcsBlobStore  # here, so local mode never loads GCP code

    return GcsBlobStore.connect(
        project=settings.google_cloud_project,
        timeout_s=settings.http_timeout_s,
        emulator_host=settings.storage_emulator_host,
        signing_key_file=settings.signing_credentials_file,
        on_finalize=_finalize_notifier(settings, bus),
    )


def _finalize_notifier(
    settings: Settings, bus: PostgresBus | None
) -> Callable[[BlobInfo], None] | None:
    """Locally, a write to the uploads bucket is announced like GCS's finalize notification."""
    if bus is None or not any(route.topic == UPLOADS_FINALIZED for route in ROUTES):
        return None
    from shared.adapters.finalize_events import FinalizeAnnouncer

    return FinalizeAnnouncer(bus, settings.uploads_bucket, UPLOADS_FINALIZED)


def _publisher(settings: Settings, bus: PostgresBus | None) -> Publisher:
    if bus is not None:
        return bus
    from shared.adapters.pubsub import PubsubPublisher

    return PubsubPublisher.connect(
        project=settings.google_cloud_project,
        timeout_s=settings.http_timeout_s,
        emulator_host=settings.pubsub_emulator_host,
    )


def _status_store(settings: Settings, engine: sa.Engine) -> StatusStore:
    if settings.backend == "gcp":
        from shared.adapters.firestore import FirestoreStatusStore

        return FirestoreStatusStore.connect(
            project=settings.google_cloud_project,
            timeout_s=settings.http_timeout_s,
            emulator_host=settings.firestore_emulator_host,
        )
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


def _cache(settings: Settings, hot_keys: HotKeys) -> Cache:
    if settings.redis_url:
        from shared.adapters.redis_cache import RedisCache

        return RedisCache.connect(settings.redis_url, timeout_s=settings.redis_timeout_s)
    from shared.adapters.memory_cache import MemoryCache, MemoryHotKeys

    # reads are counted where the cache is looked up, in the same call
    return MemoryCache(hot=hot_keys if isinstance(hot_keys, MemoryHotKeys) else None)


# ---------------------------------------------------------------- operations (issue 8)


def _hot_keys(settings: Settings) -> HotKeys:
    if settings.redis_url:
        from shared.adapters.redis_cache import RedisHotKeys

        return RedisHotKeys.connect(settings.redis_url, timeout_s=settings.redis_timeout_s)
    from shared.adapters.memory_cache import MemoryHotKeys

    return MemoryHotKeys()


def _api_track_json() -> Callable[[SoundRecording], bytes]:
    """The cache holds tracks exactly as GET /api/v1/tracks/{id} answers them."""
    from shared.representations import track_json

    return track_json


def _read_through(settings: Settings, cache: Cache) -> ReadThroughCache:
    return ReadThroughCache(
        cache, ttl_s=settings.cache_ttl_s, beta=settings.cache_early_refresh_beta
    )


def _notifier(settings: Settings) -> Notifier:
    from shared.adapters import notifiers

    if settings.retention_notifier == "log":
        return notifiers.LogNotifier()
    key = settings.webhook_signing_key
    if key is None:
        raise SettingsError("RETENTION_NOTIFIER=webhook_email needs WEBHOOK_SIGNING_KEY")
    webhook = notifiers.WebhookNotifier(
        signing_key=key.get_secret_value().encode(), timeout_s=settings.http_timeout_s
    )
    email = None
    if settings.smtp_host:
        password = settings.smtp_password
        email = notifiers.SmtpEmailNotifier(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_sender,
            timeout_s=settings.http_timeout_s,
            username=settings.smtp_username,
            password=password.get_secret_value() if password else None,
            starttls=settings.smtp_starttls,
        )
    return notifiers.ChannelNotifier(webhook, email)


def _retention_policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(
        audio_bucket=settings.audio_bucket,
        notice_period=timedelta(days=settings.retention_notice_days),
        max_extension_days=settings.retention_max_extension_days,
        extension_url=settings.public_url.rstrip("/") + "/api/v1/retention/extensions",
    )


def _cleanup_policy(settings: Settings) -> CleanupPolicy:
    return CleanupPolicy(
        uploads_bucket=settings.uploads_bucket,
        audio_bucket=settings.audio_bucket,
        upload_retention=timedelta(hours=settings.upload_retention_h),
        gdpr_grace=timedelta(days=settings.gdpr_grace_days),
        batch_size=settings.cleanup_batch_size,
    )


def _metrics_sink(settings: Settings, engine: sa.Engine) -> MetricsSink:
    if settings.backend == "gcp":
        from shared.adapters.cloud_monitoring import CloudMonitoringSink

        return CloudMonitoringSink.connect(
            project=settings.google_cloud_project, timeout_s=settings.http_timeout_s
        )
    from shared.adapters.pg_metrics import PostgresMetricsSink

    return PostgresMetricsSink(engine, keep=timedelta(days=settings.metrics_history_days))


def _queue_depths(bus: PostgresBus | None) -> QueueDepths | None:
    if bus is None:
        return None  # Pub/Sub reports its own backlog to Cloud Monitoring
    topics = {name: sub.topic for name, sub in bus.subscriptions.items()}
    dead_letter_topics = {r.dead_letter_topic for r in ROUTES if r.dead_letter_topic}
    dead_letter_topics |= {topic for topic in TOPICS if topic.endswith("-dlq")}
    return lambda: queue_depths_of(bus.depth(), topics, dead_letter_topics)


def _rate_limiter(settings: Settings) -> RateLimiter:
    if settings.redis_url:
        from shared.adapters.redis_rate_limit import RedisRateLimiter

        return RedisRateLimiter.connect(settings.redis_url, timeout_s=settings.http_timeout_s)
    from shared.adapters.memory_cache import MemoryRateLimiter

    return MemoryRateLimiter()


def _register_health_checks(built: Services) -> None:
    from shared.db.health import database_state

    bucket = built.settings.uploads_bucket
    built.health.add_check("database", lambda: database_state(built.engine))
    built.health.add_check("blob_store", lambda: blob_store_state(built.blobs, bucket))
    built.health.add_check("status_store", lambda: status_store_state(built.status))
    built.health.add_check("cache", lambda: cache_state(built.cache))
    built.health.add_feature("similar_tracks", built.similar.state)
    bus = built.bus
    if bus is not None:
        built.health.add_check("message_bus", lambda: bus_state(bus.depth()))
