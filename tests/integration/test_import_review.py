"""Reviewing an import before it runs: values a person set, deleting, expiring (real PostgreSQL)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
import pytest

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from shared.domain.provenance import Source

CSV = b"ISRC,Title,Genre,Explicit\nUSRC17607839,Move Ya Body,Rock,yes\n"


@pytest.fixture
def client(services: Services, partner: Partner) -> flask.testing.FlaskClient:
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: Principal("u1", "user", Role.LABEL, partner.id))
    return app.test_client()


def _human_track(client: flask.testing.FlaskClient) -> Any:
    created = client.post(
        "/api/v1/tracks", json={"title": "Move Ya Body", "isrc": "USRC17607839", "genre": "Jazz"}
    )
    assert created.status_code == 201, created.json
    return created.json


def _import(client: flask.testing.FlaskClient, data: bytes = CSV) -> Any:
    created = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(data), "tracks.csv")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 201, created.json
    return created.json


def _start_and_run(
    client: flask.testing.FlaskClient, services: Services, job_id: str, body: dict[str, Any]
) -> Any:
    started = client.post(f"/api/v1/imports/{job_id}/start", json=body)
    assert started.status_code == 202, started.json
    return services.imports.run_job(job_id, now=datetime.now(UTC))  # the imports function


def test_the_preview_lists_each_change_and_marks_the_values_a_person_set(
    client: flask.testing.FlaskClient,
) -> None:
    _human_track(client)

    job = _import(client)

    updates = {u["field"]: u for u in job["preview"]["rows"][0]["updates"]}
    assert updates["genre"] == {"field": "genre", "old": "Jazz", "new": "Rock",
                                "set_by_person": True}  # fmt: skip
    assert updates["explicit"]["old"] is None
    assert updates["explicit"]["new"] == "yes"
    assert "title" not in updates  # the same value changes nothing


def test_by_default_an_import_keeps_a_genre_a_person_set_and_reports_it(
    client: flask.testing.FlaskClient, services: Services
) -> None:
    track = _human_track(client)
    job = _import(client)

    done = _start_and_run(client, services, job["id"], {})

    read = client.get(f"/api/v1/tracks/{track['id']}").json
    assert done["state"] == "succeeded", done
    assert read["genre"] == "Jazz"
    assert read["provenance"]["genre"]["source"] == "human"
    assert read["explicit"] is True  # nobody had set it: the file's value applies
    assert [(n["row"], n["field"]) for n in done["not_kept"]] == [(2, "genre")]


def test_overwrite_replaces_a_value_a_person_set_and_provenance_says_import(
    client: flask.testing.FlaskClient, services: Services, partner: Partner
) -> None:
    track = _human_track(client)
    job = _import(client)

    done = _start_and_run(client, services, job["id"], {"person_set_values": "overwrite"})

    with services.uow() as uow:
        stored = uow.tracks.get(partner.id, uuid.UUID(track["id"]))
    assert done["state"] == "succeeded", done
    assert stored.genre == "Rock"
    assert stored.provenance["genre"].source is Source.IMPORT
    assert job["id"] in (stored.provenance["genre"].detail or "")


def test_an_unknown_choice_for_person_set_values_is_422_naming_it(
    client: flask.testing.FlaskClient,
) -> None:
    job = _import(client)

    refused = client.post(f"/api/v1/imports/{job['id']}/start", json={"person_set_values": "x"})

    assert refused.status_code == 422
    assert refused.json["field"] == "person_set_values"
    assert client.get(f"/api/v1/imports/{job['id']}").json["state"] == "uploaded"


def test_an_import_that_is_not_running_is_deleted_with_its_file(
    client: flask.testing.FlaskClient, services: Services
) -> None:
    job = _import(client)
    stored = job["file"]["object"]

    deleted = client.delete(f"/api/v1/imports/{job['id']}")

    assert deleted.status_code == 204
    assert client.get(f"/api/v1/imports/{job['id']}").status_code == 404
    assert job["id"] not in {j["id"] for j in client.get("/api/v1/imports").json["imports"]}
    assert stored not in {b.name for b in services.blobs.list(services.settings.imports_bucket)}
    assert client.delete(f"/api/v1/imports/{job['id']}").status_code == 404


def test_a_running_import_cannot_be_deleted(
    client: flask.testing.FlaskClient, services: Services
) -> None:
    job = _import(client)
    services.imports.jobs.merge(job["id"], {"state": "running"})  # as run() marks it

    refused = client.delete(f"/api/v1/imports/{job['id']}")

    assert refused.status_code == 409
    assert "running" in refused.json["detail"]
    assert client.get(f"/api/v1/imports/{job['id']}").json["state"] == "running"


def test_another_partner_cannot_delete_an_import(
    client: flask.testing.FlaskClient, services: Services
) -> None:
    job = _import(client)
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: Principal("u2", "user", Role.LABEL, uuid.uuid4()))

    refused = app.test_client().delete(f"/api/v1/imports/{job['id']}")

    assert refused.status_code == 404
    assert client.get(f"/api/v1/imports/{job['id']}").status_code == 200


def test_imports_never_started_expire_in_the_daily_cleanup_after_24_hours(
    client: flask.testing.FlaskClient, services: Services
) -> None:
    waiting = client.post("/api/v1/imports", json={"file_name": "later.csv"}).json
    reviewed = _import(client)  # uploaded and previewed, never started
    finished = _import(client)
    _start_and_run(client, services, finished["id"], {})
    soon = datetime.now(UTC) + timedelta(hours=23)
    later = datetime.now(UTC) + timedelta(hours=25)

    early = services.cleanup.run(now=soon)
    report = services.cleanup.run(now=later)

    def state(job: Any) -> str:
        return str(client.get(f"/api/v1/imports/{job['id']}").json["state"])

    expired = {i.target for i in report.items if i.kind.value == "import"}
    assert f"import {waiting['id']}" not in {i.target for i in early.items}
    assert {f"import {waiting['id']}", f"import {reviewed['id']}"} <= expired
    assert (state(waiting), state(reviewed), state(finished)) == ("expired", "expired",
                                                                 "succeeded")  # fmt: skip
    assert "never uploaded" in client.get(f"/api/v1/imports/{waiting['id']}").json["failure"]
    restarted = client.post(f"/api/v1/imports/{reviewed['id']}/start", json={})
    assert restarted.status_code == 409
    assert client.delete(f"/api/v1/imports/{waiting['id']}").status_code == 204


@pytest.mark.parametrize(("choice", "genre"), [("keep", "Jazz"), ("overwrite", "Rock")])
def test_a_release_genre_a_person_set_follows_the_same_choice(
    client: flask.testing.FlaskClient, services: Services, choice: str, genre: str
) -> None:
    release = client.post(
        "/api/v1/releases", json={"title": "Album", "upc": "036000291452", "genre": "Jazz"}
    ).json
    data = b"ISRC,Title,UPC,Release Genre\nGBUV71200495,Song,036000291452,Rock\n"
    job = _import(client, data)

    done = _start_and_run(client, services, job["id"], {"person_set_values": choice})

    read = client.get(f"/api/v1/releases/{release['id']}").json
    kept = [(n["field"], n["problem"]) for n in done["not_kept"] if n["field"] == "release_genre"]
    assert done["state"] == "succeeded", done
    assert read["genre"] == genre
    assert read["provenance"]["genre"]["source"] == ("human" if choice == "keep" else "import")
    assert len(kept) == (1 if choice == "keep" else 0)
