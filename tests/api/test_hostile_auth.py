"""Refused authentications (issue 15): the client hears one generic message; the log and the
audit log say why, who was claimed, from where and how often; failed uploads are audited with
the client that acted."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.api.auth_failures import GENERIC
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from shared.domain.uploads import StoredObject
from tests.auth_helpers import bearer_headers

Headers = dict[str, str]


def _unsigned(claims: dict[str, Any], alg: str = "nOnE") -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(claims)}."


def _audited(services: Services, address: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT actor_id, detail FROM audit_events WHERE action = 'auth.failed' "
                "AND detail->>'client_address' = :a "
                "ORDER BY (detail->>'failures_this_minute')::int"
            ),
            {"a": address},
        ).all()
    return [{"claimed": r[0], **r[1]} for r in rows]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Authorization": "Bearer " + _unsigned({"sub": "evil-client"})},
         "token algorithm 'nOnE' is not accepted"),
        ({"Authorization": "Bearer not.a.jwt"}, "the bearer token is not a JWT"),
        ({}, "send an access token"),
    ],
)  # fmt: skip
def test_a_refused_token_gets_the_generic_answer_and_the_reason_is_logged(
    client: FlaskClient,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    headers: Headers,
    reason: str,
) -> None:
    address = f"203.0.113.{uuid.uuid4().int % 250}"
    caplog.set_level(logging.INFO, "shared.api.auth_failures")

    response = client.get("/api/v1/tracks", headers={**headers, "X-Forwarded-For": address})

    assert response.status_code == 401
    assert response.json["detail"] == GENERIC
    assert reason not in response.get_data(as_text=True)
    [line] = [r.getMessage() for r in caplog.records]
    assert reason in line
    assert f"from {address} at GET /api/v1/tracks: failure 1" in line


def test_an_attack_shows_as_a_rate_in_the_log_and_a_few_audit_events(
    client: FlaskClient, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    address = "198.51.100.7"
    token = _unsigned({"sub": "spray"})
    caplog.set_level(logging.INFO, "shared.api.auth_failures")

    for _ in range(25):
        client.get(
            "/api/v1/me",
            headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": address},
        )

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(caplog.records) == 25  # every failure is logged
    assert len(warnings) == 2  # the 1st and the 10th of the minute stand out
    assert "failure 10 from that address this minute" in warnings[1]
    audited = _audited(services, address)
    assert [a["failures_this_minute"] for a in audited] == [1, 10]
    assert audited[0]["claimed"] == "spray"
    assert audited[0]["claimed_identity_verified"] is False
    assert audited[0]["reason"] == "token algorithm 'nOnE' is not accepted"


def test_a_wrong_client_secret_is_generic_for_the_client_and_audited_with_the_client_id(
    client: FlaskClient, services: Services
) -> None:
    address = "192.0.2.44"

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "cl_guess", "client_secret": "x"},
        headers={"X-Forwarded-For": address},
    )

    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"
    assert response.json["error_description"] == GENERIC
    [audited] = _audited(services, address)
    assert (audited["claimed"], audited["reason"]) == (
        "cl_guess",
        "invalid client_id or client_secret",
    )


def test_a_forged_signature_says_nothing_about_the_signature(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    forged = jwt.encode({"sub": "x"}, "k" * 64, algorithm="HS256", headers={"kid": "k1"})

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})

    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert response.json["detail"] == GENERIC
    assert "kid" not in body
    assert "algorithm" not in body


# ---------------------------------------------------------------- failed uploads


def _upload_audit(services: Services, partner: Partner) -> list[tuple[str, str, str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT action, actor_type, client_id, detail FROM audit_events "
                "WHERE partner_id = :p AND action LIKE 'upload.%' ORDER BY occurred_at"
            ),
            {"p": partner.id},
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_refused_and_a_failed_upload_are_audited_with_the_acting_client(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    headers = bearer_headers(
        services, partner_id=partner.id, role=Role.API, kind="client", subject="cl_uploader"
    )
    refused = client.post(
        "/api/v1/uploads", json={"filename": "a/b.mp3", "size_bytes": 10}, headers=headers
    )
    ticket = client.post(
        "/api/v1/uploads", json={"filename": "notes.mp3", "size_bytes": 12}, headers=headers
    ).json
    put = urlsplit(ticket["upload_url"])
    client.put(f"{put.path}?{put.query}", data=b"just a text!", headers=ticket["headers"])
    [info] = services.blobs.list("uploads", prefix=f"{partner.id}/{ticket['upload_id']}/")
    services.ingest.ingest_upload(
        StoredObject(info.bucket, info.name, info.generation, info.size_bytes)
    )

    audited = _upload_audit(services, partner)
    assert refused.status_code == 422
    assert [(a[0], a[1], a[2]) for a in audited] == [
        ("upload.refused", "client", "cl_uploader"),
        ("upload.failed", "client", "cl_uploader"),
    ]
    assert "looks like a path" in audited[0][3]["reason"]
    assert (audited[1][3]["upload_id"], audited[1][3]["code"]) == (ticket["upload_id"], "not_audio")
