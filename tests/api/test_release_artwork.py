"""PUT /api/v1/releases/{id}/artwork: a person replaces the front cover; not an image is a 422
naming the file, and the cover stays as it was."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

Headers = dict[str, str]


def _image(kind: str, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 90)).save(buffer, format=kind)
    return buffer.getvalue()


def _release(client: FlaskClient, label: Headers) -> Any:
    response = client.post("/api/v1/releases", json={"title": "Night Drive"}, headers=label)
    assert response.status_code == 201, response.json
    return response.json


def test_a_png_sent_as_the_body_becomes_the_cover_with_its_facts_and_a_persons_provenance(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)
    png = _image("PNG", 640, 480)

    put = client.put(
        f"/api/v1/releases/{release['id']}/artwork",
        data=png,
        headers={**label, "Content-Type": "image/png"},
    )
    read = client.get(f"/api/v1/releases/{release['id']}/artwork", headers=label).json
    after = client.get(f"/api/v1/releases/{release['id']}", headers=label).json
    history = client.get(f"/api/v1/releases/{release['id']}/history", headers=label).json

    assert put.status_code == 200, put.json
    assert (put.json["mime_type"], put.json["width"], put.json["height"]) == ("image/png", 640, 480)
    assert read["size_bytes"] == len(png)
    assert after["provenance"]["artwork"]["source"] == "human"
    assert history["items"][0]["action"] == "release.artwork"


def test_a_jpeg_sent_as_multipart_replaces_the_cover(client: FlaskClient, label: Headers) -> None:
    release = _release(client, label)
    url = f"/api/v1/releases/{release['id']}/artwork"
    client.put(url, data=_image("PNG", 10, 10), headers={**label, "Content-Type": "image/png"})

    put = client.put(
        url,
        data={"file": (io.BytesIO(_image("JPEG", 3000, 3000)), "cover.jpg")},
        headers=label,
        content_type="multipart/form-data",
    )

    assert put.status_code == 200, put.json
    assert client.get(url, headers=label).json["width"] == 3000
    assert put.json["mime_type"] == "image/jpeg"


def test_not_an_image_is_422_naming_the_file_and_the_cover_is_unchanged(
    client: FlaskClient, label: Headers
) -> None:
    release = _release(client, label)
    url = f"/api/v1/releases/{release['id']}/artwork"

    text = client.put(url, data=b"hello", headers={**label, "Content-Type": "image/png"})
    empty = client.put(url, data=b"", headers={**label, "Content-Type": "image/png"})
    gif = client.put(url, data=_image("GIF", 8, 8), headers={**label, "Content-Type": "image/gif"})

    assert (text.status_code, text.json["field"]) == (422, "file")
    assert (empty.status_code, empty.json["field"]) == (422, "file")
    assert "JPEG or PNG" in gif.json["detail"]
    assert client.get(url, headers=label).status_code == 404
