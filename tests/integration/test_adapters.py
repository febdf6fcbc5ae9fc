"""Contract tests of the ports: each suite runs against every implementation (the local adapters,
Cloud Storage on fake-gcs-server, Firestore on the npm emulator)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.adapters.local_blobs import LocalBlobStore
from shared.adapters.memory_cache import MemoryCache, MemoryRateLimiter
from shared.bootstrap import Services
from shared.errors import InvalidField, NotFound
from shared.ports import BlobStore, StatusStore
from tests.emulators import fake_gcs_host, firestore_host  # noqa: F401  (fixtures)

BUCKETS = ("uploads", "audio", "exports")


@pytest.fixture(params=["local", "gcs"])
def blob_store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path)
    from shared.adapters.gcs import GcsBlobStore

    store = GcsBlobStore.connect(
        project="test", timeout_s=10, emulator_host=request.getfixturevalue("fake_gcs_host")
    )
    for bucket in BUCKETS:  # fresh buckets for every test
        client = store._client
        found = client.lookup_bucket(bucket)
        if found is None:
            client.create_bucket(bucket)
        for info in list(store.list(bucket)):
            store.delete(bucket, info.name)
    return store


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
        blob_store.write(
            "uploads",
            "/../../etc/passwd" if _is_gcs(blob_store) else "../../etc/passwd",
            b"x",
            content_type="text/plain",
        )


def _is_gcs(store: BlobStore) -> bool:
    return type(store).__name__ == "GcsBlobStore"


def test_gcs_v4_signed_urls_upload_and_download(fake_gcs_host: str) -> None:  # noqa: F811
    """Real V4 signed URLs against fake-gcs-server (which does not verify signatures, so the
    signature's presence and shape are checked here; the local store's URLs are tested through
    `catalog run` in test_signed_urls.py)."""
    import urllib.request
    from urllib.parse import parse_qs, urlsplit

    from shared.adapters.gcs import GcsBlobStore

    store = GcsBlobStore.connect(project="test", timeout_s=10, emulator_host=fake_gcs_host)
    if store._client.lookup_bucket("uploads") is None:
        store._client.create_bucket("uploads")
    put_url = store.signed_url(
        "uploads", "p/u/song.flac", method="PUT", expires_s=600, content_type="audio/flac"
    )
    get_url = store.signed_url("uploads", "p/u/song.flac", method="GET", expires_s=600)

    put = urllib.request.Request(
        put_url, data=b"fLaC-bytes", method="PUT", headers={"Content-Type": "audio/flac"}
    )
    with urllib.request.urlopen(put, timeout=10) as response:
        uploaded = response.status
    with urllib.request.urlopen(get_url, timeout=10) as response:
        downloaded = response.read()

    query = parse_qs(urlsplit(put_url).query)
    assert uploaded == 200
    assert downloaded == b"fLaC-bytes"
    assert store.stat("uploads", "p/u/song.flac").size_bytes == 10
    assert query["X-Goog-Algorithm"] == ["GOOG4-RSA-SHA256"]
    assert query["X-Goog-Expires"] == ["600"]
    assert len(query["X-Goog-Signature"][0]) == 512  # RSA-2048, hex
    assert "content-type" in query["X-Goog-SignedHeaders"][0]


def test_listing_and_deleting(blob_store: BlobStore) -> None:
    for name in ("a/1.mp3", "a/2.mp3", "b/3.mp3"):
        blob_store.write("audio", name, b"x", content_type="audio/mpeg")

    blob_store.delete("audio", "a/1.mp3")
    blob_store.delete("audio", "a/1.mp3")  # deleting twice is fine

    assert [info.name for info in blob_store.list("audio", prefix="a/")] == ["a/2.mp3"]


@pytest.fixture(params=["postgres", "firestore"])
def status_store(request: pytest.FixtureRequest, services: Services) -> Iterator[StatusStore]:
    if request.param == "postgres":
        yield services.status
        return
    from shared.adapters.firestore import FirestoreStatusStore

    yield FirestoreStatusStore.connect(
        project=f"test-{uuid.uuid4().hex[:8]}",  # a project of its own: an empty database
        timeout_s=10,
        emulator_host=request.getfixturevalue("firestore_host"),
    )


def test_status_documents_list_newest_first_within_a_partner(status_store: StatusStore) -> None:
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    for doc_id in ("u-old", "u-new"):
        status_store.create("uploads", doc_id, {"upload_id": doc_id}, partner_id=mine)
    status_store.create("uploads", "u-theirs", {"upload_id": "u-theirs"}, partner_id=theirs)
    status_store.merge("uploads", "u-new", {"state": "queued"})

    listed = status_store.list("uploads", partner_id=mine, limit=10)

    assert [doc["upload_id"] for doc in listed] == ["u-new", "u-old"]
    assert listed[0] == {"upload_id": "u-new", "state": "queued"}


def test_status_documents_are_created_once_and_merged(status_store: StatusStore) -> None:
    assert status_store.create("uploads", "u-contract-1", {"state": "received"}, partner_id=None)
    assert not status_store.create("uploads", "u-contract-1", {"state": "other"}, partner_id=None)

    merged = status_store.merge("uploads", "u-contract-1", {"state": "extracted", "progress": 0.5})

    assert merged == {"state": "extracted", "progress": 0.5}
    assert status_store.get("uploads", "u-contract-1") == merged
    assert status_store.get("uploads", "missing") is None
    with pytest.raises(NotFound):
        status_store.merge("uploads", "missing", {"state": "x"})


def test_idle_status_documents_are_listed_by_state_and_can_be_deleted(
    status_store: StatusStore,
) -> None:
    partner, jobs = str(uuid.uuid4()), f"jobs-{uuid.uuid4().hex[:8]}"  # the session's database
    for doc_id, state in (("i-waiting", "awaiting_upload"), ("i-done", "succeeded")):
        status_store.create(jobs, doc_id, {"id": doc_id, "state": state}, partner_id=partner)
    later = datetime.now(UTC) + timedelta(minutes=5)
    earlier = datetime.now(UTC) - timedelta(hours=1)

    idle = status_store.list_idle(jobs, states=("awaiting_upload",), updated_before=later, limit=10)
    fresh = status_store.list_idle(
        jobs, states=("awaiting_upload",), updated_before=earlier, limit=10
    )
    status_store.delete(jobs, "i-waiting")
    status_store.delete(jobs, "i-waiting")  # deleting twice is fine

    assert [doc["id"] for doc in idle] == ["i-waiting"]
    assert fresh == []
    assert status_store.get(jobs, "i-waiting") is None
    assert status_store.get(jobs, "i-done") is not None


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
