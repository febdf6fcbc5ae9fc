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
    bus_poll_interval_s: float = Field(0.02, gt=0, le=5)
    bus_workers: int = Field(4, ge=1, le=64)
    bus_prefetch: int = Field(16, ge=1, le=1000)  # messages leased ahead per worker thread

    # the cache and rate-limit store (in-process unless REDIS_URL is set)
    redis_url: str | None = None

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
    analysis_tempo_engine: Literal["librosa", "essentia"] = "librosa"
    analysis_key_engine: Literal[
        "librosa-kk", "essentia-edma", "essentia-bgate", "essentia-temperley"
    ] = "librosa-kk"
    analysis_loudness_engine: Literal["pyloudnorm", "essentia-ebur128"] = "pyloudnorm"
    analysis_timeout_s: float = Field(120.0, gt=0)  # one call to the model server
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
