"""Small Protocols the services need; each has a local adapter and a GCP one.

Named for what the service needs, not for the product behind it. Adapters translate their
library's errors into ours (shared.errors) at this boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Literal, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from shared.domain.enrichment import AudioAnalysis
    from shared.domain.media import Extraction
    from shared.domain.metrics import MetricsSnapshot
    from shared.domain.recordings import SoundRecording
    from shared.domain.retention import DeletionNotice, NotificationTarget

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
JsonObject = dict[str, JsonValue]

Clock = Callable[[], datetime]  # tz-aware now; one per process, injected so tests fix it


@dataclass(frozen=True, slots=True)
class BlobInfo:
    """What a bucket listing says about one object."""

    bucket: str
    name: str
    size_bytes: int
    generation: int
    updated_at: datetime
    content_type: str | None = None


class BlobStore(Protocol):
    """Where audio, uploads and exports live: a bucket in GCP, a folder locally."""

    def stat(self, bucket: str, name: str) -> BlobInfo: ...
    def open_read(self, bucket: str, name: str) -> BinaryIO: ...
    def write(
        self, bucket: str, name: str, data: bytes | IO[bytes], *, content_type: str
    ) -> BlobInfo: ...
    def delete(self, bucket: str, name: str) -> None: ...
    def list(self, bucket: str, prefix: str = "") -> Iterator[BlobInfo]: ...
    def signed_url(
        self,
        bucket: str,
        name: str,
        *,
        method: Literal["GET", "PUT"],
        expires_s: int,
        content_type: str | None = None,
    ) -> str: ...


class Publisher(Protocol):
    """Sends messages to a topic: Pub/Sub in GCP, the PostgreSQL bus locally."""

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> str: ...


class StatusStore(Protocol):
    """Live status documents the UI shows as progress: Firestore in GCP, a table locally."""

    def create(
        self, collection: str, doc_id: str, doc: JsonObject, *, partner_id: str | None
    ) -> bool: ...
    def merge(self, collection: str, doc_id: str, changes: JsonObject) -> JsonObject: ...
    def get(self, collection: str, doc_id: str) -> JsonObject | None: ...
    def list_idle(
        self, collection: str, *, states: Sequence[str], updated_before: datetime, limit: int
    ) -> list[JsonObject]: ...
    def delete(self, collection: str, doc_id: str) -> None: ...
    def list(
        self, collection: str, *, partner_id: str | None, limit: int = 100
    ) -> list[JsonObject]: ...


class AnalyticsSink(Protocol):
    """Append-only analytics rows: BigQuery in GCP, a table locally."""

    def insert_rows(self, table: str, rows: Sequence[JsonObject]) -> None: ...
    def read_rows(self, table: str, *, since: datetime | None = None) -> list[JsonObject]: ...


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """A cached value and how long it has left (for probabilistic early refresh)."""

    value: bytes
    ttl_remaining_s: float


@dataclass(frozen=True, slots=True)
class ReadCount:
    """One read of ``member`` to add to ``kind``'s read counts (the ones ``HotKeys`` keeps)."""

    kind: str
    member: str


class Cache(Protocol):
    """A read cache: Redis in GCP (and when REDIS_URL is set), a process dict otherwise."""

    def get(self, key: str) -> CacheEntry | None: ...
    def set(self, key: str, value: bytes, *, ttl_s: float) -> None: ...
    def delete(self, *keys: str) -> None: ...
    def add(self, key: str, value: bytes, *, ttl_s: float) -> bool:
        """Set only if absent (a short lock); True when this caller set it."""
        ...

    def set_many(self, values: dict[str, bytes], *, ttl_s: float) -> None: ...
    def get_values(self, *keys: str) -> list[bytes | None]:
        """Several values in one round trip (None for a missing key)."""
        ...

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
        """Atomically: set ``key`` only if every marker still holds the value given (None:
        absent), and with it each ``(key, value, marker)`` of ``also`` whose own marker is
        absent; delete ``unlock`` either way. True when ``key`` was set."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Delete every key starting with ``prefix``; how many went."""
        ...

    def get_or_lock(
        self,
        key: str,
        *,
        lock: str,
        lock_ttl_s: float,
        markers: Sequence[str],
        count: ReadCount | None = None,
    ) -> tuple[CacheEntry | None, bool, list[bytes | None]]:
        """In one round trip: ``key``'s entry if present; else take ``lock`` if free (True when
        taken) and, when taken, read ``markers`` (for ``set_unless_marked`` after the load).
        ``count``: a read to add to the read counts in the same round trip."""
        ...


@dataclass(frozen=True, slots=True)
class RateDecision:
    """The verdict for one request against a client's limit."""

    allowed: bool
    limit: int
    remaining: int
    reset_s: float  # seconds until the bucket is full again
    retry_after_s: float  # 0 when allowed


class RateLimiter(Protocol):
    """Token buckets per client: Redis when REDIS_URL is set, in-process otherwise."""

    def hit(self, key: str, *, per_minute: int, burst: int) -> RateDecision: ...


class AudioExtractor(Protocol):
    """Reads an audio file's tags, technical facts and fingerprint, safely: a hostile file gets
    ``UnreadableAudio`` (with a code), never a crash or a hang."""

    def extract(
        self,
        path: Path,
        *,
        sha256: str | None = None,
        want_cover: bool = False,
        fingerprint: bool = True,
    ) -> Extraction: ...
    def close(self) -> None: ...


# ---------------------------------------------------------------- operations (issue 8)


class HotKeys(Protocol):
    """Which records are read most (a Redis sorted set, or a process counter)."""

    def record(self, kind: str, member: str) -> None: ...
    def top(self, kind: str, limit: int) -> list[str]: ...
    def decay(self, kind: str, factor: float) -> None:
        """Scale every count (the warm job halves them daily: recent reads weigh more)."""
        ...


class Notifier(Protocol):
    """Tells a partner its audio will be deleted: webhook and email in GCP, a log locally."""

    def send(self, notice: DeletionNotice, target: NotificationTarget) -> str:
        """Deliver the notice; return the channels used ("webhook,email", "log").

        Raises Unavailable when a channel failed, so the notice is retried next run.
        """
        ...


class MetricsSink(Protocol):
    """Where metric snapshots go: Cloud Monitoring in GCP, a table locally (for alerts)."""

    def write(self, snapshot: MetricsSnapshot) -> None: ...
    def series(self, *, since: datetime) -> list[MetricsSnapshot]: ...


class AudioAnalyzer(Protocol):
    """Analyses audio with a named backend: the model server over HTTP, or in-process locally.

    Raises InvalidInput for audio that cannot be decoded, ModelUnavailable when the model
    is down, slow or failing (a degraded model: the router falls back or retries).
    """

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis: ...


class FallbackTagger(Protocol):
    """The fallback model (OpenAI): genre, mood and a description; it hears an excerpt."""

    model: str

    def tag(self, audio: bytes) -> AudioAnalysis: ...


class TrackLookup(Protocol):
    """Tracks read as one statement outside any transaction: the API's read path."""

    def track(self, partner_id: UUID, track_id: UUID) -> SoundRecording:
        """The live track with its credits; NotFound when missing or another partner's."""
        ...

    def tracks_with_isrc(self, partner_id: UUID, isrc: str, *, limit: int) -> list[SoundRecording]:
        """Up to ``limit`` live tracks with this ISRC, with their credits, oldest first."""
        ...
