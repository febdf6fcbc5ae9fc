"""The uploads API: a signed URL, the PUT through it, the status document, scoping, retry.

The real OAuth2 authenticator comes with the API issue; these tests install a test one that maps
an ``X-Test-Principal`` header to a Principal, through the seam the app provides.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any
from urllib.parse import urlsplit

import flask
import pytest

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, Tier
from shared.domain.uploads import StoredObject
from tests import audio_factory as af
from tests.conftest import TEST_ACTOR


@pytest.fixture
def principals(partner: Partner) -> dict[str, Principal]:
    return {
        "label": Principal("u-label", "user", Role.LABEL, partner.id),
        "admin": Principal("u-admin", "user", Role.ADMIN, None),
        "stranger": Principal("u-other", "user", Role.LABEL, uuid.uuid4()),
    }


@pytest.fixture
def client(services: Services, principals: dict[str, Principal]) -> Any:
    app = create_app(lambda: services)

    def authenticate(request: flask.Request) -> Principal:
        return principals[request.headers.get("X-Test-Principal", "label")]

    install_authenticator(app, authenticate)
    return app.test_client()


def _as(who: str) -> dict[str, str]:
    return {"X-Test-Principal": who}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _deliver_finalize(services: Services, upload_id: str) -> None:
    """What the bus worker would do with the finalize notification the PUT published."""
    [info] = [i for i in services.blobs.list("uploads") if f"/{upload_id}/" in i.name]
    services.ingest.ingest_upload(
        StoredObject(info.bucket, info.name, info.generation, info.size_bytes)
    )


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("song")
    mp3 = af.encode(af.write_wav(folder / "s.wav", 5.0, seed=31), folder / "s.mp3")
    return af.tag_id3(mp3, af.PICARD_TAGS).read_bytes()


def test_a_signed_upload_is_created_put_and_shown_with_its_status(
    client: Any, services: Services, partner: Partner, song: bytes
) -> None:
    created = client.post(
        "/api/v1/uploads",
        json={"filename": "Night Drive.mp3", "size_bytes": len(song), "content_type": "audio/mpeg"},
    )
    ticket = created.json
    before = client.get(f"/api/v1/uploads/{ticket['upload_id']}").json

    put = client.put(_path(ticket["upload_url"]), data=song, headers=ticket["headers"])
    _deliver_finalize(services, ticket["upload_id"])
    after = client.get(f"/api/v1/uploads/{ticket['upload_id']}").json

    assert created.status_code == 201
    assert (ticket["method"], ticket["headers"]) == ("PUT", {"Content-Type": "audio/mpeg"})
    assert ticket["upload_url"].startswith("http://localhost:8080/local-blobs/uploads/")
    assert (before["state"], before["progress"], before["source"]) == (
        "awaiting_upload",
        0.0,
        "api",
    )
    assert put.status_code == 200
    assert (after["state"], after["found"]["codec"], after["found"]["tags"]["title"]) == (
        "queued",
        "mp3",
        "Night Drive",
    )
    assert after["partner_id"] == str(partner.id)
    listed = client.get("/api/v1/uploads").json["items"]
    assert [item["upload_id"] for item in listed][:1] == [ticket["upload_id"]]


def test_another_partner_s_upload_is_not_found(
    client: Any, services: Services, partner: Partner
) -> None:
    ticket = client.post("/api/v1/uploads", json={"filename": "a.mp3", "size_bytes": 10}).json

    theirs = client.get(f"/api/v1/uploads/{ticket['upload_id']}", headers=_as("stranger"))
    retry = client.post(f"/api/v1/uploads/{ticket['upload_id']}/retry", headers=_as("stranger"))
    mine = client.get(f"/api/v1/uploads/{ticket['upload_id']}")
    admin = client.get(f"/api/v1/uploads/{ticket['upload_id']}", headers=_as("admin"))

    assert (theirs.status_code, retry.status_code) == (404, 404)
    assert ticket["upload_id"] not in [
        i["upload_id"] for i in client.get("/api/v1/uploads", headers=_as("stranger")).json["items"]
    ]
    assert (mine.status_code, admin.status_code) == (200, 200)


def test_admins_name_the_partner_and_others_cannot(
    client: Any, partner: Partner, services: Services, now: Any
) -> None:
    other = services.partners.create_partner(
        f"Other {uuid.uuid4().hex[:6]}", Tier.FREE, now=now, actor=TEST_ACTOR
    )
    body = {"filename": "a.wav", "size_bytes": 100, "partner_id": str(other.id)}

    by_admin = client.post("/api/v1/uploads", json=body, headers=_as("admin"))
    by_label = client.post("/api/v1/uploads", json=body)
    unnamed = client.post(
        "/api/v1/uploads", json={"filename": "a.wav", "size_bytes": 1}, headers=_as("admin")
    )

    assert by_admin.status_code == 201
    assert services.uploads.get(by_admin.json["upload_id"], None).partner_id == str(other.id)
    assert by_label.status_code == 404
    assert unnamed.status_code == 404
    assert "name the partner" in unnamed.json["detail"]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"filename": "a.mp3"}, 422, "size_bytes: is required"),
        ({"filename": "a.mp3", "size_bytes": 0}, 422, "size_bytes: Input should be greater than 0"),
        ({"filename": "../etc/passwd", "size_bytes": 5}, 422, "looks like a path"),
        ({"filename": "a.mp3", "size_bytes": 5, "content_type": "not a type"}, 422, "MIME"),
        ({"filename": "a.mp3", "size_bytes": 3 * 1024**3}, 413, "over the 2,147,483,648-byte"),
        ({"filename": "a.mp3", "size_bytes": 5, "colour": "red"}, 422, "colour: is not a field"),
    ],
)
def test_bad_requests_name_the_field(client: Any, body: dict, status: int, detail: str) -> None:
    """The body goes through the shared checks (bodies.py), which word every field alike."""
    response = client.post("/api/v1/uploads", json=body)

    assert response.status_code == status
    assert detail in response.json["detail"]
    assert response.mimetype == "application/problem+json"


def test_without_credentials_nothing_is_served(services: Services) -> None:
    client = create_app(lambda: services).test_client()

    assert client.get("/api/v1/uploads").status_code == 401


def test_a_failed_upload_can_be_retried_and_then_succeeds(
    client: Any, services: Services, partner: Partner, song: bytes
) -> None:
    ticket = client.post(
        "/api/v1/uploads", json={"filename": "s.mp3", "size_bytes": len(song)}
    ).json
    client.put(_path(ticket["upload_url"]), data=song, headers=ticket["headers"])
    normal = services.ingest._config
    services.ingest._config = dataclasses.replace(normal, max_upload_bytes=10)
    _deliver_finalize(services, ticket["upload_id"])
    failed = client.get(f"/api/v1/uploads/{ticket['upload_id']}").json
    services.ingest._config = normal

    retried = client.post(f"/api/v1/uploads/{ticket['upload_id']}/retry")
    _deliver_finalize(services, ticket["upload_id"])
    done = client.get(f"/api/v1/uploads/{ticket['upload_id']}").json
    again = client.post(f"/api/v1/uploads/{ticket['upload_id']}/retry")

    assert (failed["state"], failed["errors"][0]["code"]) == ("failed", "too_large")
    assert retried.status_code == 202
    assert (retried.json["state"], retried.json["attempts"]) == ("received", 2)
    assert retried.json["previous_errors"][0]["code"] == "too_large"
    assert (done["state"], done["errors"]) == ("queued", [])
    assert again.status_code == 409
    assert "only failed uploads retry" in again.json["detail"]


def test_a_document_older_code_wrote_with_bare_analysis_errors_is_served_as_notices(
    client: Any, services: Services, partner: Partner
) -> None:
    """Issue 14: before analysis wrote through the upload's one writer it stored bare strings;
    the API mends them into the ``{code, message}`` the Upload page reads."""
    services.status.create(
        "uploads",
        "up_legacy0001",
        {
            "upload_id": "up_legacy0001",
            "partner_id": str(partner.id),
            "state": "failed",
            "errors": ["analysis: model down"],
        },
        partner_id=str(partner.id),
    )

    shown = client.get("/api/v1/uploads/up_legacy0001").json

    assert shown["errors"] == [{"code": "analysis_failed", "message": "model down"}]
    assert shown["state"] == "failed"
