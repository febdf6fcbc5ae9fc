"""Hostile uploads (issue 15), made by the tests: file names over 255 bytes or shaped like paths,
a WAV named .mp3, the same bytes arriving twice at the same moment. Every refusal is a 4xx that
names the field and never an internal object key; nothing is left half-written."""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from shared.domain.uploads import StoredObject, UploadRef, UploadState
from shared.errors import InvalidField
from shared.local.watch_folder import REFUSED, WatchFolder
from shared.ports import AudioExtractor
from shared.services.ingest import IngestService
from shared.services.routing import PriorityRouter
from shared.services.upload_status import UploadStatusBook
from tests import audio_factory as af

EMOJI_NAME = "\U0001f3b5" * 70 + ".mp3"  # 74 characters, 284 bytes


@pytest.fixture
def client(services: Services, partner: Partner) -> Any:
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: Principal("u1", "user", Role.LABEL, partner.id))
    return app.test_client()


@pytest.fixture(scope="module")
def wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return af.write_wav(tmp_path_factory.mktemp("wav") / "s.wav", 3.0, seed=151).read_bytes()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _objects(services: Services, bucket: str, partner: Partner) -> list[str]:
    return [i.name for i in services.blobs.list(bucket, prefix=f"{partner.id}/")]


def _uploads(services: Services, partner: Partner) -> list[dict[str, Any]]:
    return [
        d.model_dump(mode="json", exclude_unset=True)
        for d in services.uploads.recent(partner.id, limit=500)
    ]


def _deliver(services: Services, object_name: str, ingest: IngestService | None = None) -> None:
    info = services.blobs.stat("uploads", object_name)
    (ingest or services.ingest).ingest_upload(
        StoredObject(info.bucket, info.name, info.generation, info.size_bytes)
    )


def _analysis_requests(services: Services, partner: Partner) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT count(*) FROM bus_messages WHERE topic IN ('analysis-low', "
                    "'analysis-high') AND attributes->>'partner_id' = :p"
                ),
                {"p": str(partner.id)},
            ).scalar_one()
        )


@pytest.mark.parametrize(
    ("filename", "said"),
    [
        (EMOJI_NAME, "filename: the file name is 284 bytes long in UTF-8 (74 characters)"),
        ("..%2f..%2fetc%2fpasswd.mp3", "looks like a path (it reads as '../../etc/passwd.mp3')"),
    ],
)
def test_a_name_the_storage_cannot_take_is_refused_before_any_ticket(
    client: Any, services: Services, partner: Partner, filename: str, said: str
) -> None:
    response = client.post("/api/v1/uploads", json={"filename": filename, "size_bytes": 100})

    assert response.status_code == 422
    assert response.json["field"] == "filename"
    assert said in response.json["detail"]
    assert str(partner.id) not in response.json["detail"]  # no internal object key
    assert _uploads(services, partner) == []  # nothing left awaiting an upload
    assert _objects(services, "uploads", partner) == []


def test_a_long_name_is_metadata_and_the_object_name_is_generated(
    client: Any, services: Services, partner: Partner, wav: bytes
) -> None:
    name = "\U0001f3b5" * 60 + ".wav"  # 244 bytes: allowed
    ticket = client.post("/api/v1/uploads", json={"filename": name, "size_bytes": len(wav)}).json

    put = client.put(_path(ticket["upload_url"]), data=wav, headers=ticket["headers"])
    [object_name] = _objects(services, "uploads", partner)
    _deliver(services, object_name)
    doc = services.uploads.get(ticket["upload_id"], partner.id).model_dump(
        mode="json", exclude_unset=True
    )

    with services.uow() as uow:
        asset = uow.assets.get(partner.id, uuid.UUID(doc["asset_id"]))
    assert put.status_code == 200
    assert object_name == f"{partner.id}/{ticket['upload_id']}/original"
    assert (doc["filename"], doc["object_name"]) == (name, object_name)
    assert asset.original_filename == name
    assert asset.audio_object == f"{partner.id}/{asset.id}/audio.wav"


def test_an_upload_from_before_generated_names_is_still_retried(
    services: Services, partner: Partner, wav: bytes, client: Any
) -> None:
    legacy = UploadRef.of_document(partner.id, "up_legacy000001", "Old Song.wav", None)
    book = UploadStatusBook(services.status, services.clock)
    book.create(legacy, state=UploadState.FAILED, source="api")
    book.merge(legacy.upload_id, object_name=None)  # written before object names were stored
    services.blobs.write("uploads", legacy.object_name, wav, content_type="audio/wav")

    retried = client.post(f"/api/v1/uploads/{legacy.upload_id}/retry")
    _deliver(services, legacy.object_name)
    doc = services.uploads.get(legacy.upload_id, partner.id).model_dump(
        mode="json", exclude_unset=True
    )

    assert legacy.object_name == f"{partner.id}/up_legacy000001/Old Song.wav"
    assert retried.status_code == 202
    assert (doc["state"], doc["filename"]) == ("queued", "Old Song.wav")


def test_a_wav_named_mp3_is_kept_served_as_wav_and_the_mismatch_is_said(
    client: Any, services: Services, partner: Partner, wav: bytes
) -> None:
    ticket = client.post(
        "/api/v1/uploads", json={"filename": "song.mp3", "size_bytes": len(wav)}
    ).json
    client.put(_path(ticket["upload_url"]), data=wav, headers=ticket["headers"])
    _deliver(services, f"{partner.id}/{ticket['upload_id']}/original")
    doc = services.uploads.get(ticket["upload_id"], partner.id).model_dump(
        mode="json", exclude_unset=True
    )

    audio = client.get(f"/api/v1/tracks/{doc['track_id']}/audio").json
    served = client.get(_path(audio["url"]))
    served.close()

    assert doc["found"]["format"] == "wav"
    assert {
        "code": "extension_mismatch",
        "message": "the file is named 'song.mp3' but holds WAV audio: it was read as WAV and is "
        "kept and served as audio/wav",
    } in doc["warnings"]
    assert audio["content_type"] == "audio/wav"
    assert served.status_code == 200
    assert served.mimetype in ("audio/wav", "audio/x-wav")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_every_answer_carries_nosniff(client: Any) -> None:
    assert client.get("/api/v1/uploads").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


# ---------------------------------------------------------------- the same bytes, at once


class MeetingExtractor:
    """The real extractor, but every caller waits until all have arrived: the ingests that
    meet here have each checked for the same content already and found none (the race)."""

    def __init__(self, real: AudioExtractor, parties: int) -> None:
        self._real = real
        self._barrier = threading.Barrier(parties, timeout=60)

    def extract(self, path: Path, **kwargs: Any) -> Any:
        self._barrier.wait()
        return self._real.extract(path, **kwargs)


def _racing_ingest(services: Services, parties: int) -> IngestService:
    clock = services.clock
    return IngestService(
        services.uow,
        services.blobs,
        MeetingExtractor(services.extractor, parties),  # type: ignore[arg-type]
        UploadStatusBook(services.status, clock),
        PriorityRouter(services.uow, services.publisher, clock),
        services.ingest._config,
        clock,
    )


def _at_once(*calls: Any) -> None:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_identical_files_uploaded_at_the_same_moment_are_analysed_once(
    services: Services, partner: Partner, wav: bytes
) -> None:
    names = []
    for upload_id in ("up_race0000000a", "up_race0000000b"):
        ref = UploadRef.new(partner.id, upload_id, f"{upload_id}.wav")
        services.uploads._status.create(ref, state=UploadState.RECEIVED, source="api")
        services.blobs.write("uploads", ref.object_name, wav, content_type="audio/wav")
        names.append(ref.object_name)
    racing = _racing_ingest(services, 2)

    _at_once(*(lambda n=n: _deliver(services, n, racing) for n in names))

    docs = [
        services.uploads.get(u, partner.id).model_dump(mode="json", exclude_unset=True)
        for u in ("up_race0000000a", "up_race0000000b")
    ]
    with services.uow() as uow:
        assets = uow.assets.where(partner.id)
        tracks = uow.tracks.where(partner.id)
    assert len(assets) == 1
    assert len(tracks) == 1
    assert {d["asset_id"] for d in docs} == {str(assets[0].id)}
    assert sorted(d["state"] for d in docs) == ["extracted", "queued"]
    linked = next(d for d in docs if d["state"] == "extracted")
    assert linked["duplicate_of"]["reason"] == "same_content"
    assert linked["progress"] == 1.0
    assert _analysis_requests(services, partner) == 1
    assert _objects(services, "audio", partner) == [assets[0].audio_object]  # no orphan copy


def test_one_signed_url_put_twice_is_analysed_once(
    client: Any, services: Services, partner: Partner, wav: bytes
) -> None:
    ticket = client.post(
        "/api/v1/uploads", json={"filename": "twice.wav", "size_bytes": len(wav)}
    ).json
    object_name = f"{partner.id}/{ticket['upload_id']}/original"
    client.put(_path(ticket["upload_url"]), data=wav, headers=ticket["headers"])
    _deliver(services, object_name)

    client.put(_path(ticket["upload_url"]), data=wav, headers=ticket["headers"])
    _deliver(services, object_name)
    doc = services.uploads.get(ticket["upload_id"], partner.id).model_dump(
        mode="json", exclude_unset=True
    )

    with services.uow() as uow:
        assert len(uow.assets.where(partner.id)) == 1
    assert doc["state"] == "queued"  # the first copy's state stands
    assert _analysis_requests(services, partner) == 1


def test_one_signed_url_put_twice_at_the_same_moment_is_analysed_once(
    services: Services, partner: Partner, wav: bytes
) -> None:
    ref = UploadRef.new(partner.id, "up_twice0000000", "twice.wav")
    services.uploads._status.create(ref, state=UploadState.AWAITING_UPLOAD, source="api")
    first = services.blobs.write("uploads", ref.object_name, wav, content_type="audio/wav")
    second = services.blobs.write("uploads", ref.object_name, wav, content_type="audio/wav")
    racing = _racing_ingest(services, 2)

    _at_once(
        *(
            lambda info=info, generation=generation: racing.ingest_upload(
                StoredObject(info.bucket, info.name, generation, info.size_bytes)
            )
            for info, generation in ((first, first.generation), (second, first.generation + 1))
        )
    )

    with services.uow() as uow:
        assert len(uow.assets.where(partner.id)) == 1
    assert _analysis_requests(services, partner) == 1
    assert len(_objects(services, "audio", partner)) == 1


# ---------------------------------------------------------------- the watch folder


def test_a_watch_folder_file_named_like_a_path_is_refused_with_a_note_and_a_log_line(
    services: Services, partner: Partner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "inbox" / partner.name
    folder.mkdir(parents=True)
    watcher = WatchFolder(services, tmp_path / "inbox")
    name = "..%2f..%2fetc%2fpasswd.mp3"
    caplog.set_level(logging.WARNING, "shared.local.watch_folder")

    for content in (b"first", b"second"):  # the same name twice: neither copy is lost
        (folder / name).write_bytes(content)
        watcher.scan_once()
        watcher.scan_once()

    refused = sorted(p.name for p in (folder / REFUSED).iterdir())
    assert not (folder / name).exists()
    second = "..%2f..%2fetc%2fpasswd (2).mp3"
    assert refused == sorted([name, name + ".txt", second, second + ".txt"])
    assert (folder / REFUSED / name).read_bytes() == b"first"
    note = (folder / REFUSED / (name + ".txt")).read_text()
    assert note.startswith(f"{name}: filename: '{name}' looks like a path")
    assert str(partner.id) not in note
    assert [r.getMessage()[:40] for r in caplog.records].count(
        f"watch folder: refused {name}"[:40]
    ) == 2
    assert _uploads(services, partner) == []


def test_a_hidden_file_stays_and_is_said_once(
    services: Services, partner: Partner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "inbox" / partner.name
    folder.mkdir(parents=True)
    (folder / ".DS_Store").write_bytes(b"finder")
    watcher = WatchFolder(services, tmp_path / "inbox")
    caplog.set_level(logging.INFO, "shared.local.watch_folder")

    for _ in range(3):
        watcher.scan_once()

    assert (folder / ".DS_Store").exists()
    assert [r.getMessage() for r in caplog.records if "hidden" in r.getMessage()] == [
        f"watch folder: skipped the hidden file {folder / '.DS_Store'}"
    ]


def test_the_upload_status_of_a_refused_ticket_never_exists(
    services: Services, partner: Partner
) -> None:
    with pytest.raises(InvalidField, match="284 bytes"):
        services.uploads.create_upload(partner.id, EMOJI_NAME, 10, None)

    assert _uploads(services, partner) == []
