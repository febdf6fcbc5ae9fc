"""The imports, exports and validation REST endpoints the web UI uses (test authenticator)."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from urllib.parse import urlsplit

import flask
import pytest

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from tests.support.catalog import album_bundle, store_bundle

CSV = b"Song Name,ISRC Code,Main Artist\nFirst Song,GBUV71200495,The Examples\nBad,USRC1,X\n"


def _client(
    services: Services, partner_id: uuid.UUID, role: Role = Role.LABEL
) -> flask.testing.FlaskClient:
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: Principal("u1", "user", role, partner_id))
    return app.test_client()


@pytest.fixture
def client(services: Services, partner: Partner) -> flask.testing.FlaskClient:
    return _client(services, partner.id)


def test_a_multipart_import_previews_starts_and_reports(
    client: flask.testing.FlaskClient, services: Services, partner: Partner, now: datetime
) -> None:
    created = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(CSV), "tracks.csv")},
        content_type="multipart/form-data",
    )
    job = created.json

    started = client.post(f"/api/v1/imports/{job['id']}/start", json={"mode": "skip_invalid"})
    services.imports.run_job(job["id"], now=now)  # what the imports function does
    status = client.get(f"/api/v1/imports/{job['id']}").json
    report = client.get(status["report_url"])
    report_data = report.data
    report.close()

    assert created.status_code == 201
    assert job["preview"]["mapping"]["columns"] == {
        "Song Name": "title",
        "ISRC Code": "isrc",
        "Main Artist": "display_artist",
    }
    assert job["preview"]["rows"][1]["problems"] == [
        "row 3, isrc: 'USRC1' has 5 characters, an ISRC has 12 (CC-XXX-YY-NNNNN)"
    ]
    assert started.status_code == 202
    assert started.json["state"] == "queued"
    assert status["state"] == "succeeded"
    assert status["counts"]["tracks_created"] == 1
    assert report.status_code == 200
    assert b"3,isrc," in report_data


def test_a_signed_url_upload_and_an_overridden_mapping(
    client: flask.testing.FlaskClient, services: Services, partner: Partner, now: datetime
) -> None:
    job = client.post("/api/v1/imports", json={"file_name": "sheet.csv"}).json
    upload = urlsplit(job["upload_url"])
    put = client.put(f"{upload.path}?{upload.query}", data=b"Name,Code\nFirst Song,GBUV71200495\n")

    preview = client.post(
        f"/api/v1/imports/{job['id']}/preview", json={"mapping": {"Name": "title", "Code": "isrc"}}
    )

    assert put.status_code == 200
    assert preview.json["rows"][0]["values"] == {"title": "First Song", "isrc": "GBUV71200495"}


def test_another_partners_jobs_and_releases_are_not_found(
    services: Services, partner: Partner, now: datetime
) -> None:
    ours = _client(services, partner.id)
    job = ours.post("/api/v1/imports", json={"file_name": "x.csv"}).json
    bundle = store_bundle(services, album_bundle(partner.id), now)
    theirs = _client(services, uuid.uuid4())

    assert theirs.get(f"/api/v1/imports/{job['id']}").status_code == 404
    assert theirs.post(f"/api/v1/imports/{job['id']}/start", json={}).status_code == 404
    assert theirs.get(f"/api/v1/releases/{bundle.release.id}/validation").status_code == 404
    assert job["id"] not in {j["id"] for j in theirs.get("/api/v1/imports").json["imports"]}


def test_an_export_hands_out_a_signed_download_url(
    client: flask.testing.FlaskClient, services: Services, partner: Partner, now: datetime
) -> None:
    store_bundle(services, album_bundle(partner.id), now)

    started = client.post("/api/v1/exports", json={"format": "csv", "preset": "distributor"})
    services.exports.run_job(started.json["id"], now=now)
    status = client.get(f"/api/v1/exports/{started.json['id']}").json
    download = urlsplit(status["download_url"])
    body = client.get(f"{download.path}?{download.query}")
    data = body.data
    body.close()

    assert started.status_code == 202
    assert body.status_code == 200
    assert data.startswith(b"UPC,Release Title")


def test_release_validation_names_the_field_to_fix(
    client: flask.testing.FlaskClient, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_bundle(services, album_bundle(partner.id, with_artwork=False), now)

    body = client.get(f"/api/v1/releases/{bundle.release.id}/validation").json

    assert body["valid"] is False
    assert {"entity": "release", "id": str(bundle.release.id), "field": "artwork"} in [
        f["target"] for f in body["findings"]
    ]


def test_files_can_be_validated_and_unsafe_xml_is_refused(
    client: flask.testing.FlaskClient,
) -> None:
    unsafe = client.post(
        "/api/v1/validate?name=x.xml",
        data=b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://x/"><r/>',
    )
    rows = client.post("/api/v1/validate?name=x.csv", data=CSV)

    assert unsafe.json["valid"] is False
    assert "declares a DOCTYPE" in unsafe.json["unreadable"]
    assert [f["location"] for f in rows.json["findings"]] == ["row 3, isrc"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (b'{"format": "csv", "format": "json"}', 400, "format"),  # as every API body: malformed
        (b'{"format": "pdf"}', 422, "format"),
        (b"[1, 2]", 422, "body"),
        (b'{"format": "csv", "release_ids": [' + b"9" * 5000 + b"]}", 422, "release_ids[0]"),
    ],
)
def test_bad_bodies_are_refused_naming_the_field(
    client: flask.testing.FlaskClient, body: bytes, status: int, field: str
) -> None:
    """The shared body checks (bodies.py) read the export's body like every other."""
    response = client.post("/api/v1/exports", data=body, content_type="application/json")

    assert response.status_code == status
    assert response.json["field"] == field


def test_without_credentials_nothing_is_served(services: Services) -> None:
    app = create_app(lambda: services)

    assert app.test_client().get("/api/v1/imports").status_code == 401
