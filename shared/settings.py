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

    # HTTP
    port: int = Field(8080, ge=1, le=65535)
    http_timeout_s: float = Field(10.0, gt=0, le=600)

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
