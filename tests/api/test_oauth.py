"""OAuth2 client credentials, user sign-in with refresh rotation, JWKS and key rotation."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import jwt
import pytest
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from tests.conftest import TEST_ACTOR

FORM = {"content_type": "application/x-www-form-urlencoded"}


def _client(services: Services, partner: Partner, role: Role = Role.API) -> tuple[str, str]:
    created = services.identity.create_client(
        partner.id, role, now=datetime.now(UTC), actor=TEST_ACTOR
    )
    return created.client.client_id, created.secret


def test_client_credentials_in_the_body_give_a_token_that_opens_the_api(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, secret = _client(services, partner)

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    token = response.json["access_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json["token_type"] == "Bearer"
    assert me.status_code == 200
    assert me.json["partner_id"] == str(partner.id)
    assert me.json["role"] == "api"
    assert me.json["client_id"] == client_id


def test_client_credentials_in_http_basic_work_too(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, secret = _client(services, partner)
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )

    assert response.status_code == 200
    claims = jwt.decode(response.json["access_token"], options={"verify_signature": False})
    assert claims["sub"] == client_id
    assert claims["exp"] - claims["iat"] == services.settings.access_token_ttl_s


def test_a_wrong_secret_is_invalid_client(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, _ = _client(services, partner)

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": "nope"},
    )

    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"


def test_other_grant_types_and_credentials_in_two_places_are_refused(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, secret = _client(services, partner)
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()

    password_grant = client.post("/oauth/token", data={"grant_type": "password"})
    twice = client.post(
        "/oauth/token",
        headers={"Authorization": f"Basic {basic}"},
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    json_body = client.post("/oauth/token", json={"grant_type": "client_credentials"})

    assert password_grant.json["error"] == "unsupported_grant_type"
    assert twice.status_code == 400
    assert twice.json["error"] == "invalid_request"
    assert json_body.status_code == 415


def test_a_revoked_client_gets_no_token(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, secret = _client(services, partner)
    services.identity.revoke_client(client_id, now=datetime.now(UTC), actor=TEST_ACTOR)

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )

    assert response.status_code == 401


def _user(services: Services, partner: Partner, email: str) -> None:
    services.identity.create_user(
        email,
        Role.LABEL,
        partner_id=partner.id,
        password="correct horse battery",
        now=datetime.now(UTC),
        actor=TEST_ACTOR,
    )


def test_sign_in_sets_an_httponly_refresh_cookie_that_rotates(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    _user(services, partner, f"ana.{partner.id.hex[:6]}@example.com")

    signed = client.post(
        "/auth/login",
        json={
            "email": f"ana.{partner.id.hex[:6]}@example.com",
            "password": "correct horse battery",
        },
    )
    first_cookie = client.get_cookie("catalog_refresh", path="/auth")
    refreshed = client.post("/auth/refresh", json={})
    second_cookie = client.get_cookie("catalog_refresh", path="/auth")

    assert signed.status_code == 200
    assert signed.json["user"]["partner_id"] == str(partner.id)
    cookie_header = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie_header
    assert "SameSite=Strict" in cookie_header
    assert "Path=/auth" in cookie_header
    assert refreshed.status_code == 200
    assert refreshed.json["access_token"] != signed.json["access_token"]
    assert first_cookie is not None
    assert second_cookie is not None
    assert first_cookie.value != second_cookie.value


def test_a_reused_refresh_token_revokes_the_whole_family(
    client: FlaskClient, services: Services, partner: Partner, caplog: pytest.LogCaptureFixture
) -> None:
    email = f"bo.{partner.id.hex[:6]}@example.com"
    _user(services, partner, email)
    client.post("/auth/login", json={"email": email, "password": "correct horse battery"})
    stolen = client.get_cookie("catalog_refresh", path="/auth")
    assert stolen is not None
    client.post("/auth/refresh", json={})  # the legitimate holder rotates

    client.set_cookie("catalog_refresh", stolen.value, path="/auth")
    replay = client.post("/auth/refresh", json={})
    after = client.post("/auth/refresh", json={})

    assert replay.status_code == 401
    assert "already used" in caplog.text  # the reason is the operators' (the client's is generic)
    assert after.status_code == 401  # the rotated token died with its family


def test_a_wrong_password_and_an_unknown_user_answer_alike(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    email = f"cy.{partner.id.hex[:6]}@example.com"
    _user(services, partner, email)

    wrong = client.post("/auth/login", json={"email": email, "password": "not the password"})
    unknown = client.post("/auth/login", json={"email": "x" + email, "password": "whatever1234"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["detail"] == unknown.json["detail"]


def test_refresh_needs_json_so_cross_site_forms_cannot_post_it(client: FlaskClient) -> None:
    response = client.post("/auth/refresh", data="x=1", content_type="text/plain")

    assert response.status_code == 415


def test_jwks_publishes_the_signing_key_and_rotation_keeps_old_tokens_valid(
    client: FlaskClient, services: Services, partner: Partner
) -> None:
    client_id, secret = _client(services, partner)
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    old_token = client.post("/oauth/token", data=form).json["access_token"]
    old_kid = jwt.get_unverified_header(old_token)["kid"]

    new_kid = services.tokens.rotate(now=datetime.now(UTC))
    new_token = client.post("/oauth/token", data=form).json["access_token"]
    kids = {key["kid"] for key in client.get("/.well-known/jwks.json").json["keys"]}

    assert jwt.get_unverified_header(new_token)["kid"] == new_kid
    assert {old_kid, new_kid} <= kids
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {old_token}"}).status_code
        == 200
    )
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {new_token}"}).status_code
        == 200
    )
