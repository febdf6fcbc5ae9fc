"""OAuth2 and sign-in: POST /oauth/token (client credentials), the browser sign-in flow with a
refresh cookie, the JWKS, and GET /api/v1/me.

Client credentials come in the form body or HTTP Basic (RFC 6749 section 2.3.1), never both.
Users sign in with e-mail and password at /auth/login; the access token comes back in the body
and the refresh token in an HttpOnly, SameSite=Strict cookie scoped to /auth, so a same-origin
single-page app never holds it in script-readable storage. /auth/refresh rotates it.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import unquote_plus

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.openapi import ApiSpec
from shared.errors import CatalogError, Unauthorized
from shared.services.identity import SignedIn
from shared.services.tokens import AccessClaims

REFRESH_COOKIE = "catalog_refresh"


class OAuthError(CatalogError):
    """An RFC 6749 section 5.2 error, inside a problem+json body."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.title = "OAuth2 error"
        self.extra = {"error": error, "error_description": description}


class TokenForm(BaseModel):
    """The token request (form-encoded)."""

    model_config = ConfigDict(extra="forbid")

    grant_type: str = Field(max_length=100)
    client_id: str | None = Field(None, max_length=200)
    client_secret: str | None = Field(None, max_length=500)
    scope: str | None = Field(None, max_length=500)


class TokenResponse(BaseModel):
    """An access token (RFC 6749 section 5.1)."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


class SignInBody(BaseModel):
    """E-mail and password."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class EmptyBody(BaseModel):
    """No fields: the JSON content type alone stops cross-site form posts."""

    model_config = ConfigDict(extra="forbid")


class Me(BaseModel):
    """Who the token belongs to."""

    subject: str
    kind: Literal["user", "client"]
    role: str
    partner_id: str | None
    territories: list[str]
    client_id: str | None


class SignInResponse(TokenResponse):
    """An access token and the user it is for (the refresh token is in a cookie)."""

    user: Me


def _basic_credentials() -> tuple[str, str] | None:
    scheme, _, encoded = flask.request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError(401, "invalid_client", "malformed HTTP Basic credentials") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise OAuthError(401, "invalid_client", "malformed HTTP Basic credentials")
    return unquote_plus(client_id), unquote_plus(secret)  # RFC 6749 2.3.1: form-encoded first


def _client_credentials(form: TokenForm) -> tuple[str, str]:
    basic = _basic_credentials()
    in_body = form.client_id is not None or form.client_secret is not None
    if basic and in_body:
        raise OAuthError(400, "invalid_request", "send client credentials in one place only")
    if basic:
        return basic
    if not form.client_id or not form.client_secret:
        raise OAuthError(401, "invalid_client", "client_id and client_secret are required")
    return form.client_id, form.client_secret


def _token_reply(body: BaseModel, status: int = 200) -> flask.Response:
    response = flask.jsonify(body.model_dump(mode="json"))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _me(signed: SignedIn) -> Me:
    user = signed.user
    return Me(subject=str(user.id), kind="user", role=user.role.value,
              partner_id=str(user.partner_id) if user.partner_id else None,
              territories=sorted(user.territories), client_id=None)  # fmt: skip


def _signed_in_reply(signed: SignedIn) -> flask.Response:
    from shared.api.context import current_services

    built = current_services()
    me = _me(signed)
    claims = AccessClaims(me.subject, "user", me.role, me.partner_id, signed.tier.value,
                          tuple(me.territories))  # fmt: skip
    issued = built.tokens.issue(claims, now=datetime.now(UTC))
    response = _token_reply(
        SignInResponse(access_token=issued.token, expires_in=issued.expires_in_s, user=me)
    )
    response.set_cookie(
        REFRESH_COOKIE, signed.refresh_token, max_age=signed.refresh_expires_in_s, path="/auth",
        httponly=True, samesite="Strict", secure=built.settings.public_url.startswith("https"),
    )  # fmt: skip
    return response


def oauth_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Token endpoint, sign-in, JWKS and /api/v1/me."""
    from shared.api.context import current_services

    bp = flask.Blueprint("oauth", __name__)

    @spec.operation(bp, "POST", "/oauth/token", summary="Get an access token (client "
                    "credentials)", tag="auth", form=TokenForm, response=TokenResponse,
                    public=True)  # fmt: skip
    def issue_token(form: TokenForm) -> flask.Response:
        """OAuth2 client credentials grant: client_id and client_secret in the form body or in
        HTTP Basic. The access token is a JWT valid for ACCESS_TOKEN_TTL_S seconds."""
        if form.grant_type != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type",
                             f"grant_type {form.grant_type!r} is not supported here; use "
                             "client_credentials (people sign in at /auth/login)")  # fmt: skip
        client_id, secret = _client_credentials(form)
        built = current_services()
        try:
            client, tier = built.identity.authenticate_client(client_id, secret)
        except Unauthorized as exc:
            raise OAuthError(401, "invalid_client", exc.message) from None
        claims = AccessClaims(client.client_id, "client", client.role.value,
                              str(client.partner_id), tier.value, tuple(sorted(client.territories)),
                              client.client_id)  # fmt: skip
        issued = built.tokens.issue(claims, now=datetime.now(UTC))
        return _token_reply(
            TokenResponse(access_token=issued.token, expires_in=issued.expires_in_s)
        )

    @spec.operation(bp, "POST", "/auth/login", summary="Sign in (users)", tag="auth",
                    body=SignInBody, response=SignInResponse, public=True)  # fmt: skip
    def sign_in(body: SignInBody) -> flask.Response:
        """Check e-mail and password; the refresh token is set as an HttpOnly cookie."""
        signed = current_services().identity.sign_in(
            body.email, body.password, now=datetime.now(UTC)
        )
        return _signed_in_reply(signed)

    @spec.operation(bp, "POST", "/auth/refresh", summary="Refresh the access token (users)",
                    tag="auth", body=EmptyBody, response=SignInResponse, public=True)  # fmt: skip
    def refresh(body: EmptyBody) -> flask.Response:
        """Spend the refresh cookie for a new access token and a new refresh cookie."""
        token = flask.request.cookies.get(REFRESH_COOKIE)
        if not token:
            raise Unauthorized("no refresh cookie: sign in at /auth/login")
        signed = current_services().identity.refresh(token[:200], now=datetime.now(UTC))
        return _signed_in_reply(signed)

    @spec.operation(bp, "POST", "/auth/logout", summary="Sign out (users)", tag="auth",
                    body=EmptyBody, status=204, public=True)  # fmt: skip
    def sign_out(body: EmptyBody) -> flask.Response:
        """Revoke the refresh cookie's family and clear the cookie."""
        token = flask.request.cookies.get(REFRESH_COOKIE)
        if token:
            current_services().identity.sign_out(token[:200], now=datetime.now(UTC))
        response = flask.Response(status=204)
        response.delete_cookie(REFRESH_COOKIE, path="/auth")
        return response

    @bp.get("/.well-known/jwks.json")
    def jwks() -> flask.Response:
        response = flask.jsonify(current_services().tokens.jwks())
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    @bp.get("/.well-known/oauth-authorization-server")
    def metadata() -> flask.Response:
        settings = current_services().settings
        base = settings.public_url.rstrip("/")
        return flask.jsonify({
            "issuer": settings.jwt_issuer, "token_endpoint": f"{base}/oauth/token",
            "jwks_uri": f"{base}/.well-known/jwks.json",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "token_endpoint_auth_signing_alg_values_supported": [settings.jwt_algorithm],
        })  # fmt: skip

    @spec.operation(bp, "GET", "/api/v1/me", summary="Who am I", tag="auth", response=Me)
    def me() -> Me:
        """The caller as its token describes it."""
        p = current_principal()
        return Me(subject=p.subject, kind=p.kind, role=p.role.value,
                  partner_id=str(p.partner_id) if p.partner_id else None,
                  territories=sorted(p.territories), client_id=p.client_id)  # fmt: skip

    return bp
