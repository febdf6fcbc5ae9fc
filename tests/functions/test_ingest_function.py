"""The ingest entry point fed the exact CloudEvent Eventarc delivers for a Cloud Storage object
finalize (recorded shape in tests/data/storage_cloudevent.json), through functions-framework."""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid
from collections.abc import Iterator
from typing import IO, Any

import pytest
import sqlalchemy as sa
from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent
from functions_framework import create_app

from shared.bootstrap import Services, install_services
from shared.domain.partners import Partner, Tier
from shared.domain.pipeline import AnalysisRequest, Priority
from shared.errors import Unavailable
from shared.ports import BlobInfo
from shared.services.ingest import IngestService
from tests import audio_factory as af
from tests.conftest import REPO_ROOT, TEST_ACTOR

ENVELOPE = json.loads((REPO_ROOT / "tests/data/storage_cloudevent.json").read_text())


@pytest.fixture
def client(installed_services: Services, clean_bus: None) -> Any:
    return create_app(
        "on_upload_finalized", str(REPO_ROOT / "functions/main.py"), "cloudevent"
    ).test_client()


@pytest.fixture(scope="module")
def tagged_flac(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("audio")
    flac = af.encode(af.write_wav(folder / "s.wav", 6.0, seed=11), folder / "s.flac")
    return af.tag_flac(flac, af.PICARD_TAGS, cover=af.cover_png()).read_bytes()


def _finalize_event(info: BlobInfo) -> CloudEvent:
    """The recorded envelope with this object's name, generation and size (strings, as GCS)."""
    envelope = copy.deepcopy(ENVELOPE)
    data = envelope.pop("data")
    data.update(
        name=info.name,
        bucket=info.bucket,
        generation=str(info.generation),
        size=str(info.size_bytes),
        id=f"{info.bucket}/{info.name}/{info.generation}",
    )
    envelope["subject"] = f"objects/{info.name}"
    envelope["source"] = f"//storage.googleapis.com/projects/_/buckets/{info.bucket}"
    return CloudEvent(envelope, data)


def _deliver(client: Any, event: CloudEvent) -> int:
    headers, body = to_structured(event)
    return int(client.post("/", headers=headers, data=body).status_code)


def _upload(
    services: Services, partner: Partner, data: bytes, filename: str
) -> tuple[str, BlobInfo]:
    upload_id = "up_" + uuid.uuid4().hex[:20]
    name = f"{partner.id}/{upload_id}/{filename}"
    return upload_id, services.blobs.write("uploads", name, data, content_type="audio/flac")


def _queued(services: Services, subscription: str) -> list[AnalysisRequest]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT data FROM bus_messages WHERE subscription = :s ORDER BY id"),
            {"s": subscription},
        ).scalars()
        return [AnalysisRequest.from_bytes(bytes(row)) for row in rows]


def test_a_tagged_file_is_catalogued_kept_and_queued_by_tier(
    client: Any, installed_services: Services, partner: Partner, tagged_flac: bytes
) -> None:
    upload_id, info = _upload(installed_services, partner, tagged_flac, "Night Drive.flac")

    status = _deliver(client, _finalize_event(info))

    doc = installed_services.uploads.get(upload_id, partner.id).model_dump(
        mode="json", exclude_unset=True
    )
    assert status == 200
    assert (doc["state"], doc["progress"], doc["errors"], doc["queue"]) == (
        "queued",
        0.6,
        [],
        "analysis-low",
    )
    found = doc["found"]
    assert (found["format"], found["codec"], found["sample_rate"], found["bit_depth"]) == (
        "flac",
        "flac",
        44100,
        16,
    )
    assert found["tags"]["isrc"] == "GBAYE2100123"
    assert found["fingerprint"] is True
    [request] = _queued(installed_services, "analyze-low")
    assert (request.asset_id, request.partner_id, request.priority, request.attempt) == (
        uuid.UUID(doc["asset_id"]),
        partner.id,
        Priority.LOW,
        1,
    )
    assert (request.upload_id, str(request.track_id)) == (upload_id, doc["track_id"])
    with installed_services.uow() as uow:
        asset = uow.assets.get(partner.id, request.asset_id)
        track = uow.tracks.get(partner.id, uuid.UUID(doc["track_id"]))
        release = uow.releases.get(partner.id, track.release_id)  # type: ignore[arg-type]
    assert asset.status == "queued"
    assert (track.title, str(track.isrc), track.track_number, str(track.key)) == (
        "Night Drive",
        "GBAYE2100123",
        3,
        "A minor",
    )
    assert sorted((c.role, c.sequence, c.name) for c in track.contributors) == [
        ("Composer", 1, "Charles Babbage"),
        ("MainArtist", 1, "Ada Lovelace"),
        ("MainArtist", 2, "Grace Hopper"),
    ]
    with installed_services.uow() as uow:
        work = uow.works.get(partner.id, track.work_id)  # type: ignore[arg-type]
    assert (str(work.iswc), [(w.name, w.role.value) for w in work.writers]) == (
        "T0345246801",
        [("Charles Babbage", "C"), ("Mary Somerville", "A")],
    )
    assert track.provenance["isrc"].source.value == "tag"
    assert track.provenance["isrc"].detail == "FLAC ISRC"
    assert track.provenance["duration_ms"].source.value == "dsp"
    assert (release.title, release.label_name, str(release.upc)) == (
        "Analytical Engines",
        "Difference Records",
        "5012345678900",
    )
    assert release.artwork is not None
    assert (release.artwork.width, release.artwork.mime_type) == (320, "image/png")
    with installed_services.blobs.open_read("audio", asset.audio_object or "") as kept:
        assert kept.read() == tagged_flac


def test_an_enterprise_upload_goes_to_analysis_high(
    client: Any, installed_services: Services, now: Any, tagged_flac: bytes
) -> None:
    big = installed_services.partners.create_partner(
        f"Major {uuid.uuid4().hex[:6]}", Tier.ENTERPRISE, now=now, actor=TEST_ACTOR
    )
    upload_id, info = _upload(installed_services, big, tagged_flac, "a.flac")

    _deliver(client, _finalize_event(info))

    assert installed_services.uploads.get(upload_id, big.id).queue == "analysis-high"
    assert [r.priority for r in _queued(installed_services, "analyze-high")] == [Priority.HIGH]
    assert _queued(installed_services, "analyze-low") == []


def test_a_second_delivery_of_the_same_event_gives_one_asset_and_one_job(
    client: Any, installed_services: Services, partner: Partner, tagged_flac: bytes
) -> None:
    upload_id, info = _upload(installed_services, partner, tagged_flac, "twice.flac")
    event = _finalize_event(info)

    first, second = _deliver(client, event), _deliver(client, event)

    assert (first, second) == (200, 200)
    assert len(_queued(installed_services, "analyze-low")) == 1
    with installed_services.uow() as uow:
        assets = uow.assets.where(partner.id)
    assert len(assets) == 1
    assert installed_services.uploads.get(upload_id, partner.id).state == "queued"


def test_a_png_named_mp3_is_recorded_and_acknowledged(
    client: Any, installed_services: Services, partner: Partner
) -> None:
    upload_id, info = _upload(installed_services, partner, af.cover_png(), "song.mp3")

    status = _deliver(client, _finalize_event(info))

    doc = installed_services.uploads.get(upload_id, partner.id).model_dump(
        mode="json", exclude_unset=True
    )
    assert status == 200  # acked: a retry cannot make a PNG audio
    assert (doc["state"], doc["errors"]) == (
        "failed",
        [{"code": "not_audio", "message": "this is a PNG image, not audio"}],
    )
    assert _queued(installed_services, "analyze-low") == []
    assert installed_services.dead_letters.open_letters() == []


def test_an_object_outside_the_upload_layout_is_recorded_as_rejected(
    client: Any, installed_services: Services
) -> None:
    info = installed_services.blobs.write("uploads", "stray.mp3", b"x", content_type="audio/mpeg")

    status = _deliver(client, _finalize_event(info))

    rejected = [
        d
        for d in _as_json(installed_services.uploads.recent(None, limit=500))
        if d.get("filename") == "stray.mp3"
    ]
    assert status == 200
    assert rejected[0]["errors"][0]["code"] == "object_name_rejected"
    assert "is not <partner id>/<upload id>/<file name>" in rejected[0]["errors"][0]["message"]


def test_an_upload_for_an_unknown_partner_is_recorded(
    client: Any, installed_services: Services, tagged_flac: bytes
) -> None:
    ghost = uuid.uuid4()
    info = installed_services.blobs.write(
        "uploads", f"{ghost}/up_ghost000001/a.flac", tagged_flac, content_type="audio/flac"
    )

    _deliver(client, _finalize_event(info))

    doc = installed_services.uploads.get("up_ghost000001", None).model_dump(
        mode="json", exclude_unset=True
    )
    assert doc["errors"] == [
        {"code": "unknown_partner", "message": f"partner {ghost} does not exist"}
    ]


class _UnreachableBlobs:
    """A blob store whose reads fail as Cloud Storage does when it does not answer."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def open_read(self, bucket: str, name: str) -> IO[bytes]:
        raise Unavailable(f"Cloud Storage did not answer for gs://{bucket}/{name}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def unreachable_storage(installed_services: Services) -> Iterator[Services]:
    ingest = installed_services.ingest
    broken = IngestService(
        ingest._uow,
        _UnreachableBlobs(installed_services.blobs),
        ingest._extractor,  # type: ignore[arg-type]
        ingest._status,
        ingest._router,
        ingest._config,
        ingest._clock,
    )
    swapped = dataclasses.replace(installed_services, ingest=broken)
    install_services(swapped)
    yield swapped
    install_services(installed_services)


def test_unavailable_storage_raises_so_the_event_is_delivered_again(
    client: Any, unreachable_storage: Services, partner: Partner, tagged_flac: bytes
) -> None:
    upload_id, info = _upload(unreachable_storage, partner, tagged_flac, "later.flac")

    status = _deliver(client, _finalize_event(info))

    assert status == 500  # functions-framework answers 500: Eventarc retries
    assert unreachable_storage.uploads.get(upload_id, partner.id).state == "received"


def test_a_malformed_envelope_is_acknowledged(client: Any) -> None:
    event = CloudEvent(
        {
            "type": "google.cloud.storage.object.v1.finalized",
            "source": "//storage.googleapis.com/x",
        },
        {"bucket": "uploads", "name": "a/b/c.mp3", "generation": "not-a-number", "size": "1"},
    )

    assert _deliver(client, event) == 200


def _as_json(docs: list[Any]) -> list[dict[str, Any]]:
    return [doc.model_dump(mode="json", exclude_unset=True) for doc in docs]
