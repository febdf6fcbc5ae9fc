"""The one Settings object: everything configurable, read from the environment once.

Defaults are local mode. Each field's environment variable is its name in upper case
(``database_url`` is ``DATABASE_URL``); the README's configuration table lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.errors import SettingsError


class Settings(BaseSettings):
    """Everything configurable; nothing else reads ``os.environ``."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_file=None)

    backend: Literal["local", "gcp"] = "local"
    environment: Literal["local", "test", "staging", "production"] = "local"
    catalog_data_dir: Path = Path("var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    # PostgreSQL: DATABASE_URL, or Cloud SQL through the connector, or the embedded server
    database_url: str | None = None
    instance_connection_name: str | None = None
    db_user: str = "postgres"
    db_password: SecretStr | None = None
    db_name: str = "catalog"
    db_pool_size: int = Field(8, ge=1, le=200)
    db_statement_timeout_s: float = Field(30.0, gt=0)

    # Cloud Storage (a folder locally, fake-gcs-server when STORAGE_EMULATOR_HOST is set)
    google_cloud_project: str = "local"
    storage_emulator_host: str | None = None
    uploads_bucket: str = "uploads"
    audio_bucket: str = "audio"
    exports_bucket: str = "exports"
    max_upload_bytes: int = Field(2 * 1024**3, ge=1)  # larger files are refused with 413
    signed_url_ttl_s: int = Field(3600, ge=60, le=7 * 24 * 3600)  # GCS V4 allows up to 7 days
    public_url: str = "http://localhost:8080"  # how clients reach this server (local signed URLs)
    local_signing_key: SecretStr | None = (
        None  # signs local URLs; unset: a key file in the data dir
    )

    # the message bus (Pub/Sub in GCP, a PostgreSQL queue locally)
    bus_ack_deadline_s: float = Field(600.0, gt=0)
    bus_max_delivery_attempts: int = Field(3, ge=1, le=100)
    bus_retry_min_backoff_s: float = Field(1.0, ge=0)
    bus_retry_max_backoff_s: float = Field(60.0, ge=0)
    bus_poll_interval_s: float = Field(1.0, gt=0, le=5)  # a safety net: LISTEN/NOTIFY wakes
    bus_workers: int = Field(4, ge=1, le=64)
    bus_prefetch: int = Field(16, ge=1, le=1000)  # messages leased ahead per worker thread

    # the cache and rate-limit store (in-process unless REDIS_URL is set)
    redis_url: str | None = None

    # ingestion (issue 3): the extraction sandbox, caps on what a file may claim, fingerprints,
    # the local watch folder, and the GCP emulators the adapters can point at
    extract_workers: int = Field(2, ge=1, le=32)  # sandboxed reader processes per instance
    extract_memory_mb: int = Field(1024, ge=256, le=65536)  # address space of one reader
    extract_timeout_s: float = Field(60.0, gt=0, le=3600)  # reading one file (fingerprint apart)
    max_tag_chars: int = Field(2000, ge=100, le=1_000_000)  # longer tag values are cut
    max_picture_bytes: int = Field(16 * 1024**2, ge=1024)  # bigger cover art is ignored
    max_inflated_tag_bytes: int = Field(8 * 1024**2, ge=1024)  # compressed ID3 frames, in total
    fpcalc_path: str = "fpcalc"  # Chromaprint's command-line tool (libchromaprint-tools)
    fingerprint_length_s: int = Field(120, ge=10, le=3600)  # audio fingerprinted, from the start
    fingerprint_timeout_s: float = Field(60.0, gt=0, le=3600)
    duplicate_similarity: float = Field(0.85, gt=0.5, le=1.0)  # fingerprints this alike: same
    watch_folder_interval_s: float = Field(1.0, gt=0, le=60)  # $CATALOG_DATA_DIR/inbox polling
    pubsub_emulator_host: str | None = None  # host:port of a Pub/Sub emulator (BACKEND=gcp)
    firestore_emulator_host: str | None = None  # host:port of a Firestore emulator (BACKEND=gcp)
    signing_credentials_file: Path | None = None  # service-account key for V4 signed URLs
    # the API (issue 5): tokens, limits of requests and bodies, rate limits per tier
    jwt_issuer: str = "catalog"  # the iss claim of access tokens
    jwt_audience: str = "catalog-api"  # the aud claim; tokens for anything else are refused
    jwt_algorithm: Literal["EdDSA", "RS256"] = "EdDSA"  # pinned: no other alg is ever accepted
    access_token_ttl_s: int = Field(300, ge=30, le=3600)  # short life: revocation takes <= this
    refresh_token_ttl_s: int = Field(14 * 24 * 3600, ge=300)
    signing_key_max_age_days: int = Field(30, ge=1)  # a new key signs after this; old ones verify
    api_max_body_bytes: int = Field(4 * 1024 * 1024, ge=1024)  # larger JSON bodies get 413
    api_max_json_depth: int = Field(32, ge=2, le=1000)
    bulk_max_items: int = Field(10_000, ge=1)
    low_confidence_below: float = Field(0.80, ge=0.0, le=1.0)  # "low AI confidence" filter
    graphql_max_depth: int = Field(10, ge=2)
    graphql_max_complexity: int = Field(100_000, ge=10)
    # requests per minute and burst per client: "per_minute/burst"
    rate_limit_free: str = "60/20"
    rate_limit_pro: str = "600/100"
    rate_limit_enterprise: str = "6000/1000"
    # operations (issue 8): retention and cleanup, notices, metrics and alerts, cache
    upload_retention_h: float = Field(24.0, gt=0)  # temporary upload objects purged after this
    retention_notice_days: int = Field(7, ge=1, le=90)  # deletion notice this long before
    gdpr_grace_days: int = Field(30, ge=1, le=3650)  # soft-deleted records purged after this
    retention_max_extension_days: int = Field(365, ge=1, le=3650)  # one Enterprise extension
    cleanup_batch_size: int = Field(1000, ge=1, le=100_000)  # deletions per kind per run
    retention_notifier: Literal["log", "webhook_email"] = "log"  # log locally, channels in GCP
    webhook_signing_key: SecretStr | None = None  # HMAC-SHA256 of notice webhooks
    smtp_host: str | None = None  # unset: no email notices
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "catalog@localhost"
    smtp_starttls: bool = True
    metrics_window_s: float = Field(300.0, ge=10, le=86_400)  # window of windowed metrics
    metrics_history_days: int = Field(14, ge=1, le=365)  # recorded snapshots kept locally
    cache_ttl_s: float = Field(3600.0, gt=0)  # life of a cached record
    cache_early_refresh_beta: float = Field(1.0, gt=0, le=10)  # XFetch beta: >1 refreshes earlier
    cache_warm_top_n: int = Field(10_000, ge=0, le=1_000_000)  # records pre-warmed before peak
    redis_timeout_s: float = Field(2.0, gt=0, le=60)
    # standards and batch (issue 6): DDEX schemas, message envelopes, bulk imports and exports
    ddex_schema_dir: Path | None = None  # None: ../shared/standards/ddex beside the checkout
    ddex_sender_dpid: str | None = None  # MessageSender PartyId of DDEX exports (PADPIDA...)
    ddex_sender_name: str | None = None  # None: the partner's name
    ddex_recipient_dpid: str | None = None  # MessageRecipient PartyId
    ddex_recipient_name: str | None = None
    imports_bucket: str = "imports"  # files uploaded for bulk import
    bulk_statement_timeout_s: float = Field(1800.0, gt=0)  # one bulk upsert may take minutes
    # web UI (issue 7): the validation sweep behind the grid's "failed validation" filter
    validation_sweep_limit: int = Field(500, ge=1, le=100_000)  # releases re-checked per run
    validation_sweep_budget_s: float = Field(50.0, gt=0, le=3600)  # stop starting checks after
    import_max_file_bytes: int = Field(20 * 1024**3, ge=1)  # larger import files are refused
    # an import creating at least this many tracks of a partner that has none loads them into an
    # own tracks partition, indexed once and attached (shared/db/fresh_partition.py)
    import_own_partition_rows: int = Field(100_000, ge=1)

    # the web UI (issue 7): where its static export lives, how far back the dashboard looks
    web_dist_dir: Path | None = None  # None: web/out beside the shared package (make run builds it)
    dashboard_max_days: int = Field(90, ge=1, le=3650)  # the longest window the dashboard charts

    # HTTP
    port: int = Field(8080, ge=1, le=65535)
    http_timeout_s: float = Field(10.0, gt=0, le=600)

    # AI enrichment (issue 4): analysis backends, A/B routing, the OpenAI fallback and its costs
    qwen_endpoint: str | None = (
        None  # the inference server; None: the local CPU analyzer in-process
    )
    analysis_primary: str = "qwen2-audio"  # backend of the A/B primary arm
    analysis_challenger: str = "local"  # backend of the challenger arm
    ab_challenger_share: float = Field(0.10, ge=0.0, le=1.0)
    ab_salt: str = "catalog-ab-1"  # part of the assignment hash; change it to draw a new split
    ab_promotion_metric: Literal[
        "mean_confidence", "fallback_rate", "cost_per_track", "p95_latency_ms"
    ] = "mean_confidence"
    ab_min_samples: int = Field(200, ge=1)  # per arm, before the rule may promote
    ab_min_improvement: float = Field(0.02, ge=0.0)  # relative margin the challenger must win by
    confidence_floor: float = Field(0.80, ge=0.0, le=1.0)  # below: fallback, else review
    analysis_tempo_engine: Literal["catalog-tempo", "essentia"] = "catalog-tempo"
    analysis_key_engine: Literal[
        "catalog-key", "essentia-edma", "essentia-bgate", "essentia-temperley"
    ] = "catalog-key"
    analysis_loudness_engine: Literal["catalog-bs1770", "pyloudnorm", "essentia-ebur128"] = (
        "catalog-bs1770"
    )
    analysis_timeout_s: float = Field(120.0, gt=0)  # one call to the model server or a worker
    # the local CPU analyzer's supervised worker processes (shared/adapters/analysis_workers.py)
    analysis_workers: int = Field(1, ge=1, le=16)  # analyses at once in one process
    analysis_worker_memory_mb: int = Field(3072, ge=512, le=262144)  # resident memory of one
    analysis_worker_startup_s: float = Field(300.0, gt=0)  # loading the models
    # the worker's module: `inference.worker`, or a stand-in the tests use to inject faults
    analysis_worker_module: str = Field("inference.worker", pattern=r"^[A-Za-z_][\w.]*$")
    analysis_retries: int = Field(2, ge=0, le=5)  # more tries of a degraded model in one job
    analysis_retry_backoff_s: float = Field(1.0, ge=0)  # doubled after each try
    analysis_max_attempts: int = Field(3, ge=1, le=5)  # the app's count: the 3rd failure -> DLQ
    circuit_failure_threshold: int = Field(5, ge=1)  # consecutive failures that open the breaker
    circuit_reset_s: float = Field(30.0, gt=0)  # then one trial call after this long
    openai_api_key: SecretStr | None = None  # None: no fallback model
    openai_base_url: str | None = None  # None: api.openai.com
    openai_model: str = "gpt-4o-audio-preview"
    openai_timeout_s: float = Field(60.0, gt=0)
    openai_excerpt_s: float = Field(30.0, gt=0)  # seconds of audio sent to the fallback
    fallback_daily_cost_cap_usd: float = Field(5.0, ge=0)  # per partner and UTC day
    price_openai_audio_in_per_mtok: float = Field(40.0, ge=0)  # USD per million tokens
    price_openai_text_in_per_mtok: float = Field(2.5, ge=0)
    price_openai_out_per_mtok: float = Field(10.0, ge=0)
    openai_audio_tokens_per_s: float = Field(10.0, gt=0)  # to estimate a call before making it
    price_qwen_per_audio_min: float = Field(0.0006, ge=0)  # USD: L4 GPU time per audio minute
    price_local_per_audio_min: float = Field(0.00005, ge=0)  # USD: CPU time per audio minute
    bigquery_dataset: str = "catalog_analytics"  # the analytics sink's dataset (BACKEND=gcp)

    @field_validator("database_url")
    @classmethod
    def _database_url_is_postgres(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql:// (e.g. postgresql://user@host:5432/db)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_is_redis(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis:// or rediss://")
        return value

    @field_validator("rate_limit_free", "rate_limit_pro", "rate_limit_enterprise")
    @classmethod
    def _rate_is_per_minute_and_burst(cls, value: str) -> str:
        per_minute, _, burst = value.partition("/")
        if not (per_minute.isdigit() and burst.isdigit() and int(per_minute) > 0 < int(burst)):
            raise ValueError("must be PER_MINUTE/BURST with two positive integers, e.g. 600/100")
        return value

    def rate_limit_of(self, tier: str) -> tuple[int, int]:
        """(requests per minute, burst) for a partner tier."""
        raw = {"free": self.rate_limit_free, "pro": self.rate_limit_pro}.get(
            tier, self.rate_limit_enterprise
        )
        per_minute, _, burst = raw.partition("/")
        return int(per_minute), int(burst)

    @field_validator("qwen_endpoint", "openai_base_url")
    @classmethod
    def _is_http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def analysis_worst_case_s(self) -> float:
        """Longest one analysis job can take: every try of the model timing out, then OpenAI.

        The analysis subscriptions' ack deadline (BUS_ACK_DEADLINE_S locally, 600 s on Pub/Sub)
        must exceed it, or a slow job is redelivered while it still runs; jobs also stop
        retrying when their deadline would pass (``analysis_deadline_s``).
        """
        tries = self.analysis_retries + 1
        backoff = sum(self.analysis_retry_backoff_s * 2**i for i in range(self.analysis_retries))
        return float(tries * self.analysis_timeout_s + backoff + self.openai_timeout_s + 30.0)

    @property
    def analysis_deadline_s(self) -> float:
        """The time budget of one analysis job: inside the ack deadline with a margin."""
        return min(self.analysis_worst_case_s, 0.9 * self.bus_ack_deadline_s)

    @property
    def embedded_postgres_dir(self) -> Path:
        """Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset."""
        return self.catalog_data_dir / "pg"

    @property
    def uses_embedded_postgres(self) -> bool:
        """True when no external database is configured: local mode starts its own."""
        return self.database_url is None and self.instance_connection_name is None


def load_settings() -> Settings:
    """Read the environment; a bad value raises SettingsError naming every bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """One line: ``VARIABLE: problem (got 'value')`` for each bad variable."""
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        message = error["msg"].removeprefix("Value error, ")
        got = error.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) else ""
        problems.append(f"{name}: {message}{shown}")
    return "invalid configuration: " + "; ".join(problems)
