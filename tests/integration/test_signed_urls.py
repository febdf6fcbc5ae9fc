"""Local signed URLs: the stand-in for GCS V4 signed URLs that `catalog run` serves."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

import flask
import pytest

from shared.adapters.local_blobs import LocalBlobStore
from shared.api import create_app
from shared.bootstrap import Services
from shared.ports import BlobInfo


@pytest.fixture
def client(services: Services) -> flask.testing.FlaskClient:
    return create_app(lambda: services).test_client()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_a_signed_put_uploads_and_a_signed_get_downloads(client, services: Services) -> None:
    put_url = services.blobs.signed_url("uploads", "p1/song.wav", method="PUT", expires_s=600)
    get_url = services.blobs.signed_url("uploads", "p1/song.wav", method="GET", expires_s=600)

    uploaded = client.put(_path(put_url), data=b"RIFF....WAVE", content_type="audio/wav")
    with client.get(_path(get_url)) as downloaded:
        body = downloaded.data

    assert uploaded.status_code == 200
    assert uploaded.json["size"] == 12
    assert body == b"RIFF....WAVE"
    assert put_url.startswith("http://localhost:8080/local-blobs/uploads/p1/song.wav?")


def test_a_tampered_expired_or_misused_url_is_refused(client, services: Services) -> None:
    put_url = services.blobs.signed_url("uploads", "a.wav", method="PUT", expires_s=600)

    tampered = client.put(_path(put_url).replace("a.wav", "b.wav"), data=b"x")
    as_get = client.get(_path(put_url))
    expired = client.put(_path(put_url).replace("expires=", "expires=1"), data=b"x")

    assert tampered.status_code == 403
    assert "signature does not match" in tampered.json["detail"]
    assert as_get.status_code == 422
    assert expired.status_code == 403
    assert tampered.mimetype == "application/problem+json"


def test_an_upload_over_the_limit_is_refused_and_leaves_nothing(
    services: Services, settings, tmp_path: Path
) -> None:
    small = dataclasses.replace(
        services, settings=settings.model_copy(update={"max_upload_bytes": 10})
    )
    client = create_app(lambda: small).test_client()
    url = services.blobs.signed_url("uploads", "big.wav", method="PUT", expires_s=600)

    response = client.put(_path(url), data=b"x" * 11)

    assert response.status_code == 413
    assert list(services.blobs.list("uploads")) == []


def test_writes_to_a_store_announce_themselves_like_a_finalize_notification(tmp_path: Path) -> None:
    announced: list[BlobInfo] = []
    store = LocalBlobStore(tmp_path / "buckets", on_finalize=announced.append)

    store.write("uploads", "p/x.flac", b"fLaC", content_type="audio/flac")

    assert [(i.bucket, i.name, i.size_bytes) for i in announced] == [("uploads", "p/x.flac", 4)]


def test_the_object_resource_has_gcs_field_names_and_string_numbers(tmp_path: Path) -> None:
    from shared.adapters.finalize_events import object_resource

    info = LocalBlobStore(tmp_path).write("uploads", "p/x.flac", b"fLaC", content_type="audio/flac")

    resource = object_resource(info)

    assert resource["size"] == "4"
    assert resource["generation"] == str(info.generation)
    assert resource["kind"] == "storage#object"
    assert resource["contentType"] == "audio/flac"
