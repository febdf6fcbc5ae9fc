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

    # standards and batch (issue 6): DDEX schemas, message envelopes, bulk imports and exports
    ddex_schema_dir: Path | None = None  # None: ../shared/standards/ddex beside the checkout
    ddex_sender_dpid: str | None = None  # MessageSender PartyId of DDEX exports (PADPIDA...)
    ddex_sender_name: str | None = None  # None: the partner's name
    ddex_recipient_dpid: str | None = None  # MessageRecipient PartyId
    ddex_recipient_name: str | None = None
    imports_bucket: str = "imports"  # files uploaded for bulk import
    bulk_statement_timeout_s: float = Field(1800.0, gt=0)  # one bulk upsert may take minutes
    import_max_file_bytes: int = Field(20 * 1024**3, ge=1)  # larger import files are refused

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
