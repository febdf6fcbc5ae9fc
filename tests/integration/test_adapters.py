"""Contract tests of the ports' local adapters (GCP adapters join these suites in their issues)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shared.adapters.local_blobs import LocalBlobStore
from shared.adapters.memory_cache import MemoryCache, MemoryRateLimiter
from shared.bootstrap import Services
from shared.errors import InvalidField, NotFound
from shared.ports import BlobStore, StatusStore


@pytest.fixture
def blob_store(tmp_path: Path) -> BlobStore:
    return LocalBlobStore(tmp_path)


def test_a_written_object_reads_back_with_its_size(blob_store: BlobStore) -> None:
    info = blob_store.write("uploads", "p1/song.flac", b"fLaC-bytes", content_type="audio/flac")

    with blob_store.open_read("uploads", "p1/song.flac") as stream:
        assert stream.read() == b"fLaC-bytes"
    assert info.size_bytes == 10
    assert blob_store.stat("uploads", "p1/song.flac").generation == info.generation


def test_streams_are_copied_without_loading_them_whole(blob_store: BlobStore) -> None:
    blob_store.write("exports", "big.csv", io.BytesIO(b"x" * 3_000_000), content_type="text/csv")

    assert blob_store.stat("exports", "big.csv").size_bytes == 3_000_000


def test_a_missing_object_is_not_found(blob_store: BlobStore) -> None:
    with pytest.raises(NotFound, match="nope.flac"):
        blob_store.stat("uploads", "nope.flac")
    with pytest.raises(NotFound):
        blob_store.open_read("uploads", "nope.flac")


def test_object_names_cannot_escape_the_bucket(blob_store: BlobStore) -> None:
    with pytest.raises(InvalidField, match="not a valid object name"):
        blob_store.write("uploads", "../../etc/passwd", b"x", content_type="text/plain")


def test_listing_and_deleting(blob_store: BlobStore) -> None:
    for name in ("a/1.mp3", "a/2.mp3", "b/3.mp3"):
        blob_store.write("audio", name, b"x", content_type="audio/mpeg")

    blob_store.delete("audio", "a/1.mp3")
    blob_store.delete("audio", "a/1.mp3")  # deleting twice is fine

    assert [info.name for info in blob_store.list("audio", prefix="a/")] == ["a/2.mp3"]


@pytest.fixture
def status_store(services: Services) -> StatusStore:
    return services.status


def test_status_documents_are_created_once_and_merged(status_store: StatusStore) -> None:
    assert status_store.create("uploads", "u-contract-1", {"state": "received"}, partner_id=None)
    assert not status_store.create("uploads", "u-contract-1", {"state": "other"}, partner_id=None)

    merged = status_store.merge("uploads", "u-contract-1", {"state": "extracted", "progress": 0.5})

    assert merged == {"state": "extracted", "progress": 0.5}
    assert status_store.get("uploads", "u-contract-1") == merged
    assert status_store.get("uploads", "missing") is None
    with pytest.raises(NotFound):
        status_store.merge("uploads", "missing", {"state": "x"})


def test_analytics_rows_read_back_in_order(services: Services) -> None:
    services.analytics.insert_rows(
        "ai_requests_contract", [{"model": "a", "latency_ms": 10}, {"model": "b"}]
    )

    assert services.analytics.read_rows("ai_requests_contract") == [
        {"model": "a", "latency_ms": 10},
        {"model": "b"},
    ]


def test_the_memory_cache_expires_and_evicts() -> None:
    clock = [0.0]
    cache = MemoryCache(max_items=2, clock=lambda: clock[0])
    cache.set("a", b"1", ttl_s=10)
    cache.set("b", b"2", ttl_s=10)
    cache.set("c", b"3", ttl_s=10)  # evicts "a", the least recently used

    clock[0] = 4.0
    entry = cache.get("b")
    clock[0] = 11.0

    assert cache.get("a") is None
    assert entry is not None
    assert entry.value == b"2"
    assert entry.ttl_remaining_s == pytest.approx(6.0)
    assert cache.get("b") is None


def test_the_rate_limiter_allows_a_burst_then_refills() -> None:
    clock = [0.0]
    limiter = MemoryRateLimiter(clock=lambda: clock[0])

    verdicts = [limiter.hit("client", per_minute=60, burst=3).allowed for _ in range(4)]
    refused = limiter.hit("client", per_minute=60, burst=3)
    clock[0] = 1.0

    assert verdicts == [True, True, True, False]
    assert refused.retry_after_s == pytest.approx(1.0)
    assert limiter.hit("client", per_minute=60, burst=3).allowed
